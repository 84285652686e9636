package lab

import (
	"errors"
	"maps"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// fakeRefs is a refLookup over fixed objects in Namespace "kurs".
type fakeRefs struct {
	configMaps map[string]*corev1.ConfigMap
	secrets    map[string]*corev1.Secret
	err        error
}

func (f fakeRefs) configMap(_, name string) (*corev1.ConfigMap, bool, error) {
	cm, ok := f.configMaps[name]
	return cm, ok, f.err
}

func (f fakeRefs) secret(_, name string) (*corev1.Secret, bool, error) {
	s, ok := f.secrets[name]
	return s, ok, f.err
}

func TestCheckConfigRefs(t *testing.T) {
	yes := true
	refs := fakeRefs{
		configMaps: map[string]*corev1.ConfigMap{
			"web-config":    {Data: map[string]string{"COLOR": "blue"}, BinaryData: map[string][]byte{"logo": nil}},
			rootCAConfigMap: {Data: map[string]string{"ca.crt": "..."}},
		},
		secrets: map[string]*corev1.Secret{"db": {Data: map[string][]byte{"DB_USER": nil}}},
	}
	noRootCA := fakeRefs{configMaps: map[string]*corev1.ConfigMap{}, secrets: refs.secrets}
	container := func(name string, envFrom []corev1.EnvFromSource, env ...corev1.EnvVar) corev1.Container {
		return corev1.Container{Name: name, Image: "nginx:1.27", EnvFrom: envFrom, Env: env}
	}
	cmKey := func(name, key string, optional *bool) corev1.EnvVar {
		return corev1.EnvVar{Name: "V", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key, Optional: optional}}}
	}
	secretKey := func(name, key string, optional *bool) corev1.EnvVar {
		return corev1.EnvVar{Name: "V", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key, Optional: optional}}}
	}
	cmFrom := func(name string, optional *bool) []corev1.EnvFromSource {
		return []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Optional: optional}}}
	}
	secretFrom := func(name string, optional *bool) []corev1.EnvFromSource {
		return []corev1.EnvFromSource{{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Optional: optional}}}
	}
	cmVolume := func(vol, name string, optional *bool, keys ...string) corev1.Volume {
		src := &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Optional: optional}
		for _, k := range keys {
			src.Items = append(src.Items, corev1.KeyToPath{Key: k, Path: k})
		}
		return corev1.Volume{Name: vol, VolumeSource: corev1.VolumeSource{ConfigMap: src}}
	}
	secretVolume := func(vol, name string, keys ...string) corev1.Volume {
		src := &corev1.SecretVolumeSource{SecretName: name}
		for _, k := range keys {
			src.Items = append(src.Items, corev1.KeyToPath{Key: k, Path: k})
		}
		return corev1.Volume{Name: vol, VolumeSource: corev1.VolumeSource{Secret: src}}
	}
	apiAccess := corev1.Volume{Name: "kube-api-access-x7k2p", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
		{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token"}},
		{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: rootCAConfigMap}, Items: []corev1.KeyToPath{{Key: "ca.crt", Path: "ca.crt"}}}},
		{DownwardAPI: &corev1.DownwardAPIProjection{}},
	}}}}
	pod := func(volumes []corev1.Volume, init []corev1.Container, containers ...corev1.Container) *corev1.Pod {
		p := &corev1.Pod{Spec: corev1.PodSpec{Volumes: volumes, InitContainers: init, Containers: containers}}
		p.Namespace, p.Name = "kurs", "web"
		return p
	}

	tests := []struct {
		name   string
		pod    *corev1.Pod
		refs   fakeRefs
		reason string
		want   map[string]string
		rootCA bool // waitsOnlyForRootCA
	}{
		{"nothing referred to", pod(nil, nil, container("web", nil)), refs, refsOK, nil, false},
		{"everything there", pod([]corev1.Volume{apiAccess, cmVolume("config", "web-config", nil, "COLOR", "logo"), secretVolume("db", "db", "DB_USER")}, nil,
			container("web", append(cmFrom("web-config", nil), secretFrom("db", nil)...), cmKey("web-config", "COLOR", nil), secretKey("db", "DB_USER", nil))),
			refs, refsOK, nil, false},
		{"envFrom missing ConfigMap", pod(nil, nil, container("web", cmFrom("nope", nil))), refs, refsCreateContainerConfigError,
			map[string]string{"web": `configmap "nope" not found`}, false},
		{"envFrom missing Secret", pod(nil, nil, container("web", secretFrom("nope", nil))), refs, refsCreateContainerConfigError,
			map[string]string{"web": `secret "nope" not found`}, false},
		{"envFrom optional", pod(nil, nil, container("web", append(cmFrom("nope", &yes), secretFrom("nope", &yes)...))), refs, refsOK, nil, false},
		{"configMapKeyRef missing ConfigMap", pod(nil, nil, container("web", nil, cmKey("nope", "A", nil))), refs, refsCreateContainerConfigError,
			map[string]string{"web": `configmap "nope" not found`}, false},
		{"configMapKeyRef missing key", pod(nil, nil, container("web", nil, cmKey("web-config", "SIZE", nil))), refs, refsCreateContainerConfigError,
			map[string]string{"web": `couldn't find key SIZE in ConfigMap kurs/web-config`}, false},
		{"configMapKeyRef key only in binaryData", pod(nil, nil, container("web", nil, cmKey("web-config", "logo", nil))), refs, refsCreateContainerConfigError,
			map[string]string{"web": `couldn't find key logo in ConfigMap kurs/web-config`}, false},
		{"secretKeyRef missing key", pod(nil, nil, container("web", nil, secretKey("db", "DB_PASS", nil))), refs, refsCreateContainerConfigError,
			map[string]string{"web": `couldn't find key DB_PASS in Secret kurs/db`}, false},
		{"secretKeyRef missing Secret", pod(nil, nil, container("web", nil, secretKey("nope", "DB_PASS", nil))), refs, refsCreateContainerConfigError,
			map[string]string{"web": `secret "nope" not found`}, false},
		{"keyRefs optional", pod(nil, nil, container("web", nil, cmKey("web-config", "SIZE", &yes), secretKey("nope", "A", &yes))), refs, refsOK, nil, false},
		{"envFrom before env", pod(nil, nil, container("web", secretFrom("nope", nil), cmKey("also-nope", "A", nil))), refs, refsCreateContainerConfigError,
			map[string]string{"web": `secret "nope" not found`}, false},
		{"app containers each on their own", pod(nil, nil, container("a", cmFrom("nope", nil)), container("b", nil), container("c", nil, secretKey("db", "X", nil))), refs,
			refsCreateContainerConfigError, map[string]string{"a": `configmap "nope" not found`, "c": `couldn't find key X in Secret kurs/db`}, false},
		{"the first failing init container blocks the rest", pod(nil, []corev1.Container{container("i0", nil), container("i1", cmFrom("nope", nil)), container("i2", secretFrom("nope", nil))},
			container("web", cmFrom("nope", nil))), refs, refsCreateContainerConfigError, map[string]string{"i1": `configmap "nope" not found`}, false},
		{"configMap volume missing", pod([]corev1.Volume{cmVolume("config", "nope", nil)}, nil, container("web", nil)), refs, refsFailedMount,
			map[string]string{"config": `MountVolume.SetUp failed for volume "config" : configmap "nope" not found`}, false},
		{"configMap volume optional", pod([]corev1.Volume{cmVolume("config", "nope", &yes, "A")}, nil, container("web", nil)), refs, refsOK, nil, false},
		{"configMap volume missing item", pod([]corev1.Volume{cmVolume("config", "web-config", nil, "SIZE")}, nil, container("web", nil)), refs, refsFailedMount,
			map[string]string{"config": `MountVolume.SetUp failed for volume "config" : configmap references non-existent config key: SIZE`}, false},
		{"secret volume missing", pod([]corev1.Volume{secretVolume("db", "nope")}, nil, container("web", nil)), refs, refsFailedMount,
			map[string]string{"db": `MountVolume.SetUp failed for volume "db" : secret "nope" not found`}, false},
		{"secret volume missing item", pod([]corev1.Volume{secretVolume("db", "db", "DB_PASS")}, nil, container("web", nil)), refs, refsFailedMount,
			map[string]string{"db": `MountVolume.SetUp failed for volume "db" : references non-existent secret key: DB_PASS`}, false},
		{"volumes before env", pod([]corev1.Volume{secretVolume("db", "nope"), cmVolume("config", "nope", nil)}, nil, container("web", cmFrom("nope", nil))), refs, refsFailedMount,
			map[string]string{
				"db":     `MountVolume.SetUp failed for volume "db" : secret "nope" not found`,
				"config": `MountVolume.SetUp failed for volume "config" : configmap "nope" not found`,
			}, false},
		{"projected sources aggregated", pod([]corev1.Volume{{Name: "all", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
			{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "nope"}}},
			{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "nope"}}},
			{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "nope"}}},
		}}}}}, nil, container("web", nil)), refs, refsFailedMount,
			map[string]string{"all": `MountVolume.SetUp failed for volume "all" : [configmap "nope" not found, secret "nope" not found]`}, false},
		{"kube-root-ca.crt not yet published", pod([]corev1.Volume{apiAccess}, nil, container("web", nil)), noRootCA, refsFailedMount,
			map[string]string{"kube-api-access-x7k2p": `MountVolume.SetUp failed for volume "kube-api-access-x7k2p" : configmap "kube-root-ca.crt" not found`}, true},
		{"kube-root-ca.crt and another volume missing", pod([]corev1.Volume{apiAccess, cmVolume("config", "nope", nil)}, nil, container("web", nil)), noRootCA, refsFailedMount,
			map[string]string{
				"kube-api-access-x7k2p": `MountVolume.SetUp failed for volume "kube-api-access-x7k2p" : configmap "kube-root-ca.crt" not found`,
				"config":                `MountVolume.SetUp failed for volume "config" : configmap "nope" not found`,
			}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkConfigRefs(tt.pod, tt.refs)
			if err != nil {
				t.Fatal(err)
			}
			if got.reason != tt.reason {
				t.Errorf("verdict %q, want %q", got.reason, tt.reason)
			}
			if tt.want == nil {
				tt.want = map[string]string{}
			}
			if !maps.Equal(got.messages(), tt.want) {
				t.Errorf("messages %q, want %q", got.messages(), tt.want)
			}
			if got.waitsOnlyForRootCA() != tt.rootCA {
				t.Errorf("waitsOnlyForRootCA = %v, want %v", got.waitsOnlyForRootCA(), tt.rootCA)
			}
			for _, p := range got.problems {
				want := "spec.containers{" + p.name + "}"
				switch {
				case got.reason == refsFailedMount:
					want = "" // a volume's event names no container
				case strings.HasPrefix(p.name, "i"):
					want = "spec.initContainers{" + p.name + "}"
				}
				if p.field != want {
					t.Errorf("problem %s: field %q, want %q", p.name, p.field, want)
				}
			}
		})
	}

	t.Run("a failed lookup is an error, not a verdict", func(t *testing.T) {
		broken := refs
		broken.err = errors.New("connection refused")
		if _, err := checkConfigRefs(pod(nil, nil, container("web", cmFrom("web-config", nil))), broken); err == nil {
			t.Error("no error")
		}
		if _, err := checkConfigRefs(pod([]corev1.Volume{apiAccess}, nil, container("web", nil)), broken); err == nil {
			t.Error("no error for a volume")
		}
	})
}
