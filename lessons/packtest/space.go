package packtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubekurs/kubekurs/checks"
	"github.com/kubekurs/kubekurs/cluster"
	"github.com/kubekurs/kubekurs/lessons"
)

// Labels on the run's Namespaces, besides cluster.ManagedByLabel.
const (
	// RunLabel marks a Namespace `kubekurs lessons test` made; its value
	// is the lesson tested there.
	RunLabel = "kubekurs.no/lessons-test"
	// namespacePrefix starts the name of every Namespace a run makes.
	namespacePrefix = "kubekurs-test-"
)

// space is a fresh Namespace for one pass through a lesson: the lesson
// rendered for it, a kubeconfig whose context points at it, and the
// checks' view of it.
type space struct {
	ns         string
	uid        types.UID
	kubeconfig string
	lesson     *lessons.Lesson
	target     *checks.Target
	open       []string // nodes that took Pods when the space was made (lessons on nodes)
}

// newSpace makes a fresh Namespace for lesson id and renders the lesson
// for it.
func (r *run) newSpace(ctx context.Context, id string) (*space, error) {
	suffix := make([]byte, 3)
	if _, err := rand.Read(suffix); err != nil {
		return nil, fmt.Errorf("packtest: namespace name: %w", err)
	}
	name := namespacePrefix + hex.EncodeToString(suffix)
	created, err := r.client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:   name,
		Labels: map[string]string{cluster.ManagedByLabel: cluster.ManagedBy, RunLabel: id},
	}}, metav1.CreateOptions{})
	if apierrors.IsForbidden(err) {
		return nil, fmt.Errorf(msgNoNamespaceRight+" (%w)", err)
	}
	if err != nil {
		return nil, fmt.Errorf(msgCreateNamespace, name, err)
	}
	sp := &space{ns: name, uid: created.UID}
	if err := r.fillSpace(ctx, sp, id); err != nil {
		r.closeSpace(sp)
		return nil, err
	}
	return sp, nil
}

// fillSpace renders the lesson for sp, writes its kubeconfig and waits
// for the Namespace's default ServiceAccount (Pods are refused before).
func (r *run) fillSpace(ctx context.Context, sp *space, id string) error {
	course, err := lessons.Load(r.opts.Pack, r.opts.Dir, lessons.Vars{Namespace: sp.ns})
	if err != nil {
		return err
	}
	for _, l := range course.Lessons {
		if l.ID == id {
			sp.lesson = l
		}
	}
	if sp.lesson == nil {
		return notFound(fmt.Sprintf(msgNoLesson, id))
	}
	cfg, err := clientcmd.Load(r.opts.Target.Kubeconfig)
	if err != nil {
		return fmt.Errorf("packtest: kubeconfig: %w", err)
	}
	if c := cfg.Contexts[cfg.CurrentContext]; c != nil {
		c.Namespace = sp.ns
	}
	sp.kubeconfig = filepath.Join(r.home, sp.ns+".kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, sp.kubeconfig); err != nil {
		return fmt.Errorf("packtest: write kubeconfig: %w", err)
	}
	if sp.target, err = checks.NewTarget(r.opts.Target.Config, sp.ns); err != nil {
		return err
	}
	if needsNodes(sp.lesson) {
		if sp.open, err = r.openNodes(ctx); err != nil {
			return err
		}
	}
	err = wait.PollUntilContextTimeout(ctx, 50*time.Millisecond, 15*time.Second, true, func(ctx context.Context) (bool, error) {
		_, err := r.client.CoreV1().ServiceAccounts(sp.ns).Get(ctx, "default", metav1.GetOptions{})
		return err == nil, nil
	})
	if err != nil {
		return fmt.Errorf(msgNoServiceAccount, sp.ns, err)
	}
	return nil
}

// closeSpace removes what the pass made: the lesson's cluster-scoped
// objects named after the space (labelled first as the course's, as the
// course does when a step passes), the Services holding node ports (a
// node port belongs to the whole cluster, and the next pass may want the
// same one at once), and the Namespace. It opens the nodes the pass
// cordoned. Problems are not errors of the run: the Namespace goes in
// the end.
func (r *run) closeSpace(sp *space) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if sp.lesson != nil {
		r.deleteCreated(ctx, sp)
	}
	releaseNodePorts(ctx, r, sp.ns)
	uid := sp.uid
	err := r.client.CoreV1().Namespaces().Delete(ctx, sp.ns, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &uid}})
	if err == nil || apierrors.IsNotFound(err) {
		r.deleting(sp.ns)
	}
	if sp.open != nil {
		r.reopenNodes(ctx, sp.open)
	}
	if sp.kubeconfig != "" {
		_ = os.Remove(sp.kubeconfig)
	}
}

// deleting records a Namespace the run deleted.
func (r *run) deleting(ns string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.deleted = append(r.deleted, ns)
}

// deleteCreated deletes the cluster-scoped objects of the lesson's
// creates that carry the space's prefix, without waiting for them.
func (r *run) deleteCreated(ctx context.Context, sp *space) {
	cleaner, err := cluster.NewCleaner(r.opts.Target.Config, sp.ns)
	if err != nil {
		return
	}
	var refs []cluster.ObjectRef
	for _, o := range sp.lesson.Creates {
		refs = append(refs, cluster.ObjectRef{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: o.Namespace, Name: o.Name})
	}
	if err := cleaner.Claim(ctx, refs, sp.lesson.ID); err != nil {
		return
	}
	found, err := cleaner.Find(ctx, refs)
	if err != nil {
		return
	}
	var wide []cluster.Found
	for _, f := range found {
		if f.ClusterScoped && f.Kept == "" {
			wide = append(wide, f)
			if f.Ref.Kind == "Namespace" {
				r.deleting(f.Ref.Name)
			}
		}
	}
	var still *cluster.StillThereError
	if err := cleaner.Delete(ctx, wide, time.Millisecond); err != nil && !errors.As(err, &still) {
		return
	}
}

// releaseNodePorts deletes the Services in ns that hold a node port and
// waits until they are gone.
func releaseNodePorts(ctx context.Context, r *run, ns string) {
	services, err := r.client.CoreV1().Services(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return
	}
	for _, s := range services.Items {
		for _, p := range s.Spec.Ports {
			if p.NodePort == 0 {
				continue
			}
			uid := s.UID
			if err := r.client.CoreV1().Services(ns).Delete(ctx, s.Name, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &uid}}); err != nil {
				break
			}
			_ = wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
				_, err := r.client.CoreV1().Services(ns).Get(ctx, s.Name, metav1.GetOptions{})
				return apierrors.IsNotFound(err), nil
			})
			break
		}
	}
}

// newHome makes the run's directory, private to the user.
func newHome() (string, error) {
	dir, err := os.MkdirTemp("", "kubekurs-lessons-test-")
	if err != nil {
		return "", fmt.Errorf("packtest: work directory: %w", err)
	}
	return dir, nil
}

// removeHome removes the run's directory and everything kubectl cached
// in it.
func removeHome(dir string) { _ = os.RemoveAll(dir) }
