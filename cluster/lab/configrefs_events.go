package lab

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// emitEvents creates the Warning Events a kubelet would emit for verdict,
// once per Pod, volume or container, and message. A kubelet pulls a
// container's image before it builds the container's environment, so
// while some image does not pull (pod-image-pull-failed) there is no
// CreateContainerConfigError event.
func (c *configRefsController) emitEvents(ctx context.Context, pod *corev1.Pod, verdict refsVerdict) error {
	if verdict.reason == refsCreateContainerConfigError && !allImagesPull(pod) {
		return nil
	}
	for _, p := range verdict.problems {
		reason, message := "FailedMount", p.message
		if verdict.reason == refsCreateContainerConfigError {
			reason, message = "Failed", "Error: "+p.message
		}
		ev := kubeletEvent(pod, p.field, reason, message)
		c.mu.Lock()
		done := c.reported[pod.UID][ev.Name]
		c.mu.Unlock()
		if done {
			continue
		}
		callCtx, cancel := context.WithTimeout(ctx, configRefsCallTimeout)
		_, err := c.client.CoreV1().Events(pod.Namespace).Create(callCtx, ev, metav1.CreateOptions{})
		cancel()
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("create event for pod %s/%s: %w", pod.Namespace, pod.Name, err)
		}
		c.mu.Lock()
		if c.reported[pod.UID] == nil {
			c.reported[pod.UID] = map[string]bool{}
		}
		c.reported[pod.UID][ev.Name] = true
		c.mu.Unlock()
	}
	return nil
}

// kubeletEvent is a Warning Event about pod as the kubelet on its node
// reports it. Its name is derived from the Pod, the field and the message,
// as in the image pull stages, so the same failure makes one Event.
func kubeletEvent(pod *corev1.Pod, fieldPath, reason, message string) *corev1.Event {
	sum := sha256.Sum256([]byte(string(pod.UID) + "/" + fieldPath + "/" + message))
	prefix := pod.Name
	if len(prefix) > 200 {
		prefix = prefix[:200]
	}
	now := metav1.Now()
	return &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{
			Name:      strings.Trim(prefix, "-.") + "." + hex.EncodeToString(sum[:])[:16],
			Namespace: pod.Namespace,
		},
		InvolvedObject: corev1.ObjectReference{
			APIVersion: "v1", Kind: "Pod",
			Name: pod.Name, Namespace: pod.Namespace, UID: pod.UID,
			FieldPath: fieldPath,
		},
		Type:                corev1.EventTypeWarning,
		Reason:              reason,
		Message:             message,
		Source:              corev1.EventSource{Component: "kubelet", Host: pod.Spec.NodeName},
		ReportingController: "kubelet",
		ReportingInstance:   pod.Spec.NodeName,
		FirstTimestamp:      now,
		LastTimestamp:       now,
		Count:               1,
	}
}

// allImagesPull reports whether every image of pod passes the pull rule.
func allImagesPull(pod *corev1.Pod) bool {
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for _, ctr := range list {
			if !ImageLooksPullable(ctr.Image) {
				return false
			}
		}
	}
	return true
}
