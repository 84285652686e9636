package grade

import (
	"context"
	"strings"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubekurs/kubekurs/cluster/lab/labtest"
	"github.com/kubekurs/kubekurs/lessons"
)

// TestIntegrationGraderAccountGradesAndCannotWrite applies the manifests
// of `kubekurs grade rbac` for a class of two, grades the class as that
// ServiceAccount with a bound token, and tries to write.
func TestIntegrationGraderAccountGradesAndCannotWrite(t *testing.T) {
	c := labtest.Require(t, testCluster)
	course := gradingCourse(t)
	manifests := manifestSolutions(course)
	a := newApplier(t, c)
	class := "rbac-" + strings.ToLower(t.Name()[len(t.Name())-5:])
	var namespaces []string
	for i, name := range []string{"Kari", "Ola"} {
		ns := classNamespace(t, c, class, name)
		namespaces = append(namespaces, ns)
		for _, m := range manifests[:4+i*4] {
			if err := a.apply(t.Context(), ns, m); err != nil {
				t.Fatal(err)
			}
		}
	}
	graderNS := namespaces[0] + "-grader"
	out, err := RBACManifests(course, nil, RBACOptions{Name: "grader-" + class, Namespace: graderNS, StudentNamespaces: namespaces})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.apply(t.Context(), "", out); err != nil {
		t.Fatalf("apply the printed manifests: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		_ = c.Client.CoreV1().Namespaces().Delete(ctx, graderNS, metav1.DeleteOptions{})
		_ = c.Client.RbacV1().ClusterRoleBindings().Delete(ctx, "grader-"+class, metav1.DeleteOptions{})
		_ = c.Client.RbacV1().ClusterRoles().Delete(ctx, "grader-"+class, metav1.DeleteOptions{})
		_ = c.Client.RbacV1().ClusterRoles().Delete(ctx, "grader-"+class+"-namespace", metav1.DeleteOptions{})
	})
	cfg := serviceAccountConfig(t, c, graderNS, "grader-"+class)

	students, err := FromNamespaces(t.Context(), kubernetes.NewForConfigOrDie(cfg), "", ClassLabel+"="+class)
	if err != nil || len(students) != 2 {
		t.Fatalf("students as the grader: %+v, %v", students, err)
	}
	waitForPods(t, c, students)
	report := gradeUntilAllowed(t, cfg, students, course)
	admin, err := GradeClass(t.Context(), c.Config, students, ClassOptions{Course: course})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range report.Students {
		if s.Score != admin.Students[i].Score || s.Mirror != admin.Students[i].Mirror {
			t.Errorf("%s: grader %v (%s), admin %v (%s)", s.Name, s.Score, s.Mirror, admin.Students[i].Score, admin.Students[i].Mirror)
			for li, l := range s.Lessons {
				for si, st := range l.Steps {
					if o := admin.Students[i].Lessons[li].Steps[si]; o.Status != st.Status || o.Score != st.Score {
						t.Errorf("%s step %d: grader %v %v %+v, admin %v %v %+v", l.ID, st.Step, st.Status, st.Score, st.Results, o.Status, o.Score, o.Results)
					}
				}
			}
		}
	}

	client := kubernetes.NewForConfigOrDie(cfg)
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "juks"}}
	if _, err := client.CoreV1().ConfigMaps(namespaces[0]).Create(t.Context(), cm, metav1.CreateOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("the grader created a ConfigMap: %v, want Forbidden", err)
	}
	if err := client.CoreV1().Namespaces().Delete(t.Context(), namespaces[1], metav1.DeleteOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("the grader deleted a Namespace: %v, want Forbidden", err)
	}
}

// gradeUntilAllowed grades as the grader until no step lacks access: the
// API server's authorizer learns of new roles through a watch, so the
// first seconds after applying them may still refuse. A refusal that
// lasts is the failure.
func gradeUntilAllowed(t *testing.T, cfg *rest.Config, students []Student, course *lessons.Course) *Class {
	t.Helper()
	var denied []string
	for range 20 {
		report, err := GradeClass(t.Context(), cfg, students, ClassOptions{Course: course})
		if err != nil {
			t.Fatal(err)
		}
		denied = denied[:0]
		for _, s := range report.Students {
			if s.Mirror == MirrorForbidden {
				denied = append(denied, s.Name+": progress mirror")
			}
			for _, l := range s.Lessons {
				for _, st := range l.Steps {
					if st.Status == StepNoAccess {
						denied = append(denied, s.Name+" "+l.ID+": "+st.Results[0].Detail)
					}
				}
			}
		}
		if len(denied) == 0 {
			return report
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("the grader lacks access: %v", denied)
	return nil
}

// serviceAccountConfig is a client configuration with a bound token of
// the ServiceAccount, as `kubectl create token` gives one.
func serviceAccountConfig(t *testing.T, c *labtest.Cluster, ns, name string) *rest.Config {
	t.Helper()
	ttl := int64(600)
	tr, err := c.Client.CoreV1().ServiceAccounts(ns).CreateToken(t.Context(), name,
		&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &ttl}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := rest.AnonymousClientConfig(c.Config)
	cfg.BearerToken = tr.Status.Token
	return cfg
}
