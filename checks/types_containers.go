package checks

import (
	"context"
	"fmt"
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// imageParams: a container runs the given image.
type imageParams struct {
	workloadRef `yaml:",inline"`
	Image       string `yaml:"image" doc:"imaget, f.eks. nginx:1.27; nginx er det samme som docker.io/library/nginx:latest" check:"required"`
}

func (p *imageParams) build(b *builder) (spec, error) {
	return spec{
		criterion: fmt.Sprintf(msgCritImage, b.workloadSubject(p.workloadRef), p.Image),
		expected:  p.Image,
		run: p.containers(func(c *corev1.Container) (bool, string) {
			return imageMatches(p.Image, c.Image), c.Image
		}),
	}, nil
}

// containers is the run function of checks that judge the containers of
// the referenced workload.
func (w workloadRef) containers(judgeContainer func(c *corev1.Container) (bool, string)) func(ctx context.Context, e *env) verdict {
	return func(ctx context.Context, e *env) verdict {
		spec, v, ok := e.podSpec(ctx, w)
		if !ok {
			return v
		}
		return containerVerdict(spec, w.Container, judgeContainer)
	}
}

// envFromParams: a container takes its environment from a ConfigMap or
// Secret (envFrom).
type envFromParams struct {
	workloadRef `yaml:",inline"`
	ConfigMap   string `yaml:"configMap" doc:"ConfigMapet envFrom skal hente fra" check:"one=source"`
	Secret      string `yaml:"secret" doc:"Secreten envFrom skal hente fra" check:"one=source"`
}

func (p *envFromParams) build(b *builder) (spec, error) {
	source := fmt.Sprintf(msgSubject, kindDefinite("ConfigMap"), p.ConfigMap)
	if p.Secret != "" {
		source = fmt.Sprintf(msgSubject, kindDefinite("Secret"), p.Secret)
	}
	return spec{
		criterion: fmt.Sprintf(msgCritEnvFrom, b.workloadSubject(p.workloadRef), source),
		expected:  "envFrom: " + source,
		run: p.containers(func(c *corev1.Container) (bool, string) {
			var found []string
			ok := false
			for _, ef := range c.EnvFrom {
				switch {
				case ef.ConfigMapRef != nil:
					found = append(found, fmt.Sprintf(msgSubject, kindDefinite("ConfigMap"), ef.ConfigMapRef.Name))
					ok = ok || p.ConfigMap != "" && ef.ConfigMapRef.Name == p.ConfigMap
				case ef.SecretRef != nil:
					found = append(found, fmt.Sprintf(msgSubject, kindDefinite("Secret"), ef.SecretRef.Name))
					ok = ok || p.Secret != "" && ef.SecretRef.Name == p.Secret
				}
			}
			return ok, "envFrom: " + listOrNone(found)
		}),
	}, nil
}

// keyRef names a key of a ConfigMap or Secret.
type keyRef struct {
	Name string `yaml:"name" doc:"objektets navn" check:"required"`
	Key  string `yaml:"key" doc:"nøkkelen" check:"required"`
}

// envParams: a container has an environment variable, optionally with a
// literal value or taken from a ConfigMap or Secret key.
type envParams struct {
	workloadRef     `yaml:",inline"`
	Variable        string  `yaml:"variable" doc:"miljøvariabelens navn" check:"required"`
	Value           *string `yaml:"value" doc:"verdien variabelen skal ha (value)" check:"excl=source"`
	ConfigMapKeyRef *keyRef `yaml:"configMapKeyRef" doc:"ConfigMap-nøkkelen variabelen skal hentes fra" check:"excl=source"`
	SecretKeyRef    *keyRef `yaml:"secretKeyRef" doc:"Secret-nøkkelen variabelen skal hentes fra" check:"excl=source"`
}

func (p *envParams) build(b *builder) (spec, error) {
	want := describeEnv(p.Variable, p.Value, p.ConfigMapKeyRef, p.SecretKeyRef)
	return spec{
		criterion: fmt.Sprintf(msgCritEnv, b.workloadSubject(p.workloadRef), want),
		expected:  want,
		run: p.containers(func(c *corev1.Container) (bool, string) {
			for _, ev := range c.Env {
				if ev.Name != p.Variable {
					continue
				}
				var cm, sec *keyRef
				if vf := ev.ValueFrom; vf != nil && vf.ConfigMapKeyRef != nil {
					cm = &keyRef{vf.ConfigMapKeyRef.Name, vf.ConfigMapKeyRef.Key}
				} else if vf != nil && vf.SecretKeyRef != nil {
					sec = &keyRef{vf.SecretKeyRef.Name, vf.SecretKeyRef.Key}
				}
				var value *string
				if ev.ValueFrom == nil {
					value = &ev.Value
				}
				ok := (p.Value == nil || value != nil && *value == *p.Value) &&
					(p.ConfigMapKeyRef == nil || cm != nil && *cm == *p.ConfigMapKeyRef) &&
					(p.SecretKeyRef == nil || sec != nil && *sec == *p.SecretKeyRef)
				return ok, describeEnv(ev.Name, value, cm, sec)
			}
			return false, fmt.Sprintf(msgEnvMissing, p.Variable)
		}),
	}, nil
}

// describeEnv writes a variable and where its value comes from.
func describeEnv(name string, value *string, cm, secret *keyRef) string {
	switch {
	case value != nil:
		return name + "=" + truncate(*value, 60)
	case cm != nil:
		return fmt.Sprintf(msgEnvFromKey, name, fmt.Sprintf(msgSubject, kindDefinite("ConfigMap"), cm.Name), cm.Key)
	case secret != nil:
		return fmt.Sprintf(msgEnvFromKey, name, fmt.Sprintf(msgSubject, kindDefinite("Secret"), secret.Name), secret.Key)
	}
	return name
}

// volumeMountParams: a container mounts a volume at a path, optionally of
// a given type and source.
type volumeMountParams struct {
	workloadRef `yaml:",inline"`
	MountPath   string `yaml:"mountPath" doc:"stien volumet skal monteres på" check:"required"`
	VolumeType  string `yaml:"volumeType" doc:"volumtypen" check:"enum=configMap|secret|persistentVolumeClaim|emptyDir|hostPath"`
	Source      string `yaml:"source" doc:"kilden: ConfigMapets, Secretens eller PVC-ens navn, eller hostPath-stien"`
}

func (p *volumeMountParams) build(b *builder) (spec, error) {
	if p.Source != "" && p.VolumeType == "emptyDir" {
		return spec{}, b.errorf("source", msgEmptyDirNoSource)
	}
	want := fmt.Sprintf(msgMountAt, path.Clean(p.MountPath))
	if p.VolumeType != "" || p.Source != "" {
		want += " (" + strings.TrimSpace(p.VolumeType+" "+quoteIf(p.Source)) + ")"
	}
	return spec{
		criterion: fmt.Sprintf(msgCritMount, b.workloadSubject(p.workloadRef), want),
		expected:  want,
		run: func(ctx context.Context, e *env) verdict {
			podSpec, v, ok := e.podSpec(ctx, p.workloadRef)
			if !ok {
				return v
			}
			return containerVerdict(podSpec, p.Container, func(c *corev1.Container) (bool, string) {
				return p.judgeMount(podSpec, c)
			})
		},
	}, nil
}

// judgeMount finds the mount at the wanted path and its volume.
func (p *volumeMountParams) judgeMount(spec *corev1.PodSpec, c *corev1.Container) (bool, string) {
	var paths []string
	for _, m := range c.VolumeMounts {
		if path.Clean(m.MountPath) != path.Clean(p.MountPath) {
			paths = append(paths, m.MountPath)
			continue
		}
		for _, vol := range spec.Volumes {
			if vol.Name != m.Name {
				continue
			}
			typ, source := volumeSource(vol)
			found := fmt.Sprintf(msgMountedFrom, m.MountPath, vol.Name, strings.TrimSpace(typ+" "+quoteIf(source)))
			return (p.VolumeType == "" || typ == p.VolumeType) && (p.Source == "" || source == p.Source), found
		}
		return false, fmt.Sprintf(msgNoSuchVolume, m.MountPath, m.Name)
	}
	return false, fmt.Sprintf(msgMountsFound, listOrNone(paths))
}

// volumeSource names a volume's type (as the volumeType parameter spells
// it) and source.
func volumeSource(v corev1.Volume) (typ, source string) {
	switch s := v.VolumeSource; {
	case s.ConfigMap != nil:
		return "configMap", s.ConfigMap.Name
	case s.Secret != nil:
		return "secret", s.Secret.SecretName
	case s.PersistentVolumeClaim != nil:
		return "persistentVolumeClaim", s.PersistentVolumeClaim.ClaimName
	case s.EmptyDir != nil:
		return "emptyDir", ""
	case s.HostPath != nil:
		return "hostPath", s.HostPath.Path
	case s.Projected != nil:
		return "projected", ""
	}
	return msgOtherVolume, ""
}

// quoteIf writes «s», or "" for an empty s.
func quoteIf(s string) string {
	if s == "" {
		return ""
	}
	return "«" + s + "»"
}
