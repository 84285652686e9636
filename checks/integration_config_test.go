package checks

import (
	"context"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func TestIntegrationConfigMapKeys(t *testing.T) {
	l := newLab(t)
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "app-config"}, Data: map[string]string{"APP_MODE": "dev"}}
	_, err := l.client.CoreV1().ConfigMaps(l.ns).Create(l.ctx(), cm, metav1.CreateOptions{})
	l.must(err)
	before, after := l.failThenPass(`{type: configMapKeys, name: app-config, keys: [APP_COLOR], values: {APP_MODE: prod}}`, func() {
		cm.Data = map[string]string{"APP_MODE": "prod", "APP_COLOR": "blue"}
		_, err := l.client.CoreV1().ConfigMaps(l.ns).Update(l.ctx(), cm, metav1.UpdateOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "ConfigMapet «app-config» har nøklene APP_COLOR, APP_MODE=prod")
	wantText(t, "found before", before.Found, "nøkler: APP_MODE; APP_MODE=dev")
	wantText(t, "found after", after.Found, "nøkler: APP_COLOR, APP_MODE; APP_MODE=prod")
}

func TestIntegrationSecretKeys(t *testing.T) {
	l := newLab(t)
	const value = "hemmelig-passord-123"
	sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "db"}, StringData: map[string]string{"username": value}}
	_, err := l.client.CoreV1().Secrets(l.ns).Create(l.ctx(), sec, metav1.CreateOptions{})
	l.must(err)
	before, after := l.failThenPass(`{type: secretKeys, name: db, keys: [username, password], secretType: Opaque}`, func() {
		sec.StringData = map[string]string{"username": value, "password": value}
		_, err := l.client.CoreV1().Secrets(l.ns).Update(l.ctx(), sec, metav1.UpdateOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "Secreten «db» har nøklene username, password og typen Opaque")
	wantText(t, "found before", before.Found, "nøkler: username og typen Opaque")
	wantText(t, "found after", after.Found, "nøkler: password, username og typen Opaque")
	for _, r := range []Result{before, after} {
		for _, text := range []string{r.Criterion, r.Expected, r.Found, r.Detail, r.Hint} {
			if strings.Contains(text, value) || strings.Contains(text, "aGVtbWVsaWc") {
				t.Errorf("a Secret value leaked into a result: %+v", r)
			}
		}
	}
}

func TestIntegrationEnvFrom(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 1))
	before, after := l.failThenPass(`{type: envFrom, kind: Deployment, name: web, configMap: app-config}`, func() {
		l.updateDeployment("web", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].EnvFrom = []corev1.EnvFromSource{{
				ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "app-config"}},
			}}
		})
	})
	wantText(t, "criterion", before.Criterion, "Deploymenten «web» henter miljøvariabler fra ConfigMapet «app-config»")
	wantText(t, "found before", before.Found, "envFrom: ingen")
	wantText(t, "found after", after.Found, "envFrom: ConfigMapet «app-config»")
}

func TestIntegrationEnv(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 1))
	before, after := l.failThenPass(`{type: env, kind: Deployment, name: web, container: web, variable: DB_PASSWORD, secretKeyRef: {name: db, key: password}}`, func() {
		l.updateDeployment("web", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "DB_PASSWORD", ValueFrom: &corev1.EnvVarSource{
				SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "db"}, Key: "password"},
			}}}
		})
	})
	wantText(t, "criterion", before.Criterion, "Containeren «web» i Deploymenten «web» har miljøvariabelen DB_PASSWORD fra Secreten «db» (nøkkel password)")
	wantText(t, "found before", before.Found, "DB_PASSWORD mangler")
	wantText(t, "found after", after.Found, "DB_PASSWORD fra Secreten «db» (nøkkel password)")

	_, after = l.failThenPass(`{type: env, kind: Deployment, name: web, variable: APP_MODE, value: prod}`, func() {
		l.updateDeployment("web", func(d *appsv1.Deployment) {
			d.Spec.Template.Spec.Containers[0].Env = append(d.Spec.Template.Spec.Containers[0].Env, corev1.EnvVar{Name: "APP_MODE", Value: "prod"})
		})
	})
	wantText(t, "found literal", after.Found, "APP_MODE=prod")
}

func TestIntegrationVolumeMount(t *testing.T) {
	l := newLab(t)
	l.createDeployment(deployment("web", "nginx:1.27", 1))
	before, after := l.failThenPass(`{type: volumeMount, kind: Deployment, name: web, mountPath: /etc/app/, volumeType: configMap, source: app-config}`, func() {
		l.updateDeployment("web", func(d *appsv1.Deployment) {
			spec := &d.Spec.Template.Spec
			spec.Volumes = []corev1.Volume{{Name: "config", VolumeSource: corev1.VolumeSource{
				ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "app-config"}},
			}}}
			spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "config", MountPath: "/etc/app"}}
		})
	})
	wantText(t, "criterion", before.Criterion, "Deploymenten «web» monterer et volum på /etc/app (configMap «app-config»)")
	wantText(t, "found before", before.Found, "ingen montering der; monterte stier: ingen")
	wantText(t, "found after", after.Found, "/etc/app er montert fra volumet «config» (configMap «app-config»)")
}

func TestIntegrationPVCBound(t *testing.T) {
	l := newLab(t)
	empty := ""
	pvc := &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "data"},
		Spec: corev1.PersistentVolumeClaimSpec{
			StorageClassName: &empty,
			AccessModes:      []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources:        corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
		},
	}
	_, err := l.client.CoreV1().PersistentVolumeClaims(l.ns).Create(l.ctx(), pvc, metav1.CreateOptions{})
	l.must(err)
	pvName := "pv-" + l.ns
	before, after := l.failThenPass(`{type: pvcBound, name: data}`, func() {
		pv := &corev1.PersistentVolume{
			ObjectMeta: metav1.ObjectMeta{Name: pvName},
			Spec: corev1.PersistentVolumeSpec{
				Capacity:               corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")},
				AccessModes:            []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
				PersistentVolumeSource: corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/tmp/" + pvName}},
				ClaimRef:               &corev1.ObjectReference{Namespace: l.ns, Name: "data"},
			},
		}
		_, err := l.client.CoreV1().PersistentVolumes().Create(l.ctx(), pv, metav1.CreateOptions{})
		l.must(err)
		t.Cleanup(func() {
			_ = l.client.CoreV1().PersistentVolumes().Delete(context.Background(), pvName, metav1.DeleteOptions{})
		})
		// Touch the claim, so the PV controller looks at it now rather
		// than at its next periodic sync.
		_, err = l.client.CoreV1().PersistentVolumeClaims(l.ns).Patch(l.ctx(), "data", types.MergePatchType, []byte(`{"metadata":{"labels":{"pv":"created"}}}`), metav1.PatchOptions{})
		l.must(err)
	})
	wantText(t, "criterion", before.Criterion, "PVC-en «data» er bundet (Bound)")
	wantText(t, "found before", before.Found, "Pending")
	wantText(t, "found after", after.Found, "Bound (volum "+pvName+")")
}
