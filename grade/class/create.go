package class

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// quotaWait bounds how long Create waits for new ResourceQuotas to be
// counted: until then the API server refuses the student's Pods.
const quotaWait = 30 * time.Second

// Options are what Create makes.
type Options struct {
	// Class is the class's name, a DNS label.
	Class string
	// Prefix starts every student's Namespace (DefaultPrefix when
	// PrefixSet is false).
	Prefix    string
	PrefixSet bool
	// OutDir is the folder for the kubeconfig files; it is made, with
	// mode 0700, when missing.
	OutDir string
	// TokenTTL is how long a token should last (DefaultTokenTTL when 0).
	// The API server may grant less; the outcome says what it granted.
	TokenTTL time.Duration
	// RenewTokens gives students already in the class a fresh token and
	// kubeconfig.
	RenewTokens bool
	// Limits are the quota and the container defaults.
	Limits Limits
}

// Result is what Create did.
type Result struct {
	// Outcomes are the students, in the list's order.
	Outcomes []Outcome
	// Notices are said about the list, e.g. names that came out the same.
	Notices []Problem
	// Problems are lines of the list that give no student; when there are
	// any, nothing was made.
	Problems []Problem
	// Warnings are said in Norwegian about the run as a whole.
	Warnings []string
}

// Failed reports whether any student was refused or failed.
func (r Result) Failed() bool {
	for _, o := range r.Outcomes {
		if o.Status == Refused || o.Status == Failed {
			return true
		}
	}
	return false
}

// Create sets up the students of file (its name, for problems) in class
// on the cluster admin reaches. Students already in the class are left
// alone, but what they miss is added; a Namespace or kubeconfig file in
// the way that is not the class's refuses that student. The run stops at
// the first *DeniedError; the Result says what was done until then. A
// list with problems is ErrBadList, and nothing is made.
func Create(ctx context.Context, admin *rest.Config, file string, students []Student, opts Options) (Result, error) {
	if !opts.PrefixSet {
		opts.Prefix = DefaultPrefix
	}
	if opts.TokenTTL == 0 {
		opts.TokenTTL = DefaultTokenTTL
	}
	if err := opts.Validate(); err != nil {
		return Result{}, err
	}
	limits, err := opts.Limits.resolve()
	if err != nil {
		return Result{}, err
	}

	client, err := kubernetes.NewForConfig(admin)
	if err != nil {
		return Result{}, fmt.Errorf("create client: %w", err)
	}
	members, err := listMembers(ctx, client, opts.Class)
	if err != nil {
		return Result{}, err
	}
	var res Result
	assigned, notices, problems := Assign(file, students, opts.Prefix, members)
	res.Notices, res.Problems = notices, problems
	if len(problems) > 0 {
		return res, ErrBadList
	}
	if err := os.MkdirAll(opts.OutDir, 0o700); err != nil {
		return res, fmt.Errorf("create %s: %w", opts.OutDir, err)
	}
	s := &setup{client: client, admin: admin, opts: opts, limits: limits}
	var fresh []string
	for _, a := range assigned {
		o, err := s.student(ctx, a)
		res.Outcomes = append(res.Outcomes, o)
		if err != nil {
			return res, err
		}
		if o.Status == Created {
			fresh = append(fresh, o.Namespace)
		}
	}
	if late := waitForQuotas(ctx, client, fresh); len(late) > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf(msgQuotaLate, strings.Join(late, ", ")))
	}
	return res, nil
}

// Validate checks the options as Create takes them (after defaults);
// the error is in Norwegian and names what is wrong.
func (opts Options) Validate() error {
	if err := ValidateClass(opts.Class); err != nil {
		return err
	}
	prefix := opts.Prefix
	if !opts.PrefixSet {
		prefix = DefaultPrefix
	}
	if err := ValidatePrefix(prefix); err != nil {
		return err
	}
	if opts.TokenTTL != 0 && opts.TokenTTL < MinTokenTTL {
		return fmt.Errorf(msgTTLTooShort, opts.TokenTTL)
	}
	return opts.Limits.Validate()
}

// setup makes one student at a time.
type setup struct {
	client kubernetes.Interface
	admin  *rest.Config
	opts   Options
	limits resolved
}

// student makes what a is missing. The error is a *DeniedError, which
// stops the run; other failures are the outcome's.
func (s *setup) student(ctx context.Context, a Assignment) (Outcome, error) {
	o := Outcome{Assignment: a, Status: Existing}
	path := KubeconfigPath(s.opts.OutDir, a.Namespace)
	state, expires := inspectKubeconfig(path, a.Namespace)
	if state == fileOurs {
		o.Kubeconfig, o.Expires = path, expires
	}
	cctx, cancel := withTimeout(ctx)
	ns, err := s.client.CoreV1().Namespaces().Get(cctx, a.Namespace, metav1.GetOptions{})
	cancel()
	switch {
	case apierrors.IsNotFound(err):
		if state == fileForeign {
			return refuse(o, fmt.Sprintf(msgForeignFile, path)), nil
		}
		cctx, cancel := withTimeout(ctx)
		_, err = s.client.CoreV1().Namespaces().Create(cctx, namespaceObject(s.opts.Class, a), metav1.CreateOptions{})
		cancel()
		if err != nil {
			return failure(o, apiError(err, "create", "namespaces", ""))
		}
		o.Status = Created
	case err != nil:
		return failure(o, apiError(err, "get", "namespaces", ""))
	case !isMember(ns, s.opts.Class):
		return refuse(o, fmt.Sprintf(msgForeignNamespace, a.Namespace)), nil
	case ns.Status.Phase == corev1.NamespaceTerminating:
		return refuse(o, fmt.Sprintf(msgTerminating, a.Namespace)), nil
	}
	added, err := s.objects(ctx, a.Namespace)
	if err != nil {
		return failure(o, err)
	}
	if o.Status == Existing && len(added) > 0 {
		o.Detail = fmt.Sprintf(msgAdded, strings.Join(added, ", "))
	}
	if o.Status == Existing && state == fileOurs && !s.opts.RenewTokens {
		return o, nil
	}
	if state == fileForeign {
		return refuse(o, fmt.Sprintf(msgForeignFile, path)), nil
	}
	if o.Status == Existing {
		if state == fileMissing {
			o.Detail = joinDetail(o.Detail, msgNewKubeconfig)
		} else {
			o.Status = Renewed
		}
	}
	expires, err = s.kubeconfig(ctx, a.Namespace, path)
	if err != nil {
		return failure(o, err)
	}
	o.Kubeconfig, o.Expires = path, expires
	return o, nil
}

// failure is o failed with err; a *DeniedError also stops the run.
func failure(o Outcome, err error) (Outcome, error) {
	o.Status = Failed
	var denied *DeniedError
	if errors.As(err, &denied) {
		o.Detail = denied.Error()
		return o, denied
	}
	o.Detail = fmt.Sprintf(msgFailed, err)
	return o, nil
}

func refuse(o Outcome, why string) Outcome {
	o.Status, o.Detail = Refused, why
	return o
}

func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// objects creates the objects in namespace that are missing, and says
// which it created. Existing ones are left as they are.
func (s *setup) objects(ctx context.Context, namespace string) ([]string, error) {
	class := s.opts.Class
	core, rbac := s.client.CoreV1(), s.client.RbacV1()
	steps := []struct {
		kind, resource string
		create         func(context.Context) error
	}{
		{"ServiceAccount", "serviceaccounts", func(ctx context.Context) error {
			_, err := core.ServiceAccounts(namespace).Create(ctx, serviceAccountObject(class), metav1.CreateOptions{})
			return err
		}},
		{"RoleBinding", "rolebindings.rbac.authorization.k8s.io", func(ctx context.Context) error {
			_, err := rbac.RoleBindings(namespace).Create(ctx, roleBindingObject(class, namespace), metav1.CreateOptions{})
			return err
		}},
		{"ResourceQuota", "resourcequotas", func(ctx context.Context) error {
			_, err := core.ResourceQuotas(namespace).Create(ctx, quotaObject(class, s.limits), metav1.CreateOptions{})
			return err
		}},
		{"LimitRange", "limitranges", func(ctx context.Context) error {
			_, err := core.LimitRanges(namespace).Create(ctx, limitRangeObject(class, s.limits), metav1.CreateOptions{})
			return err
		}},
	}
	var added []string
	for _, step := range steps {
		cctx, cancel := withTimeout(ctx)
		err := step.create(cctx)
		cancel()
		switch {
		case err == nil:
			added = append(added, step.kind)
		case apierrors.IsAlreadyExists(err):
		default:
			return added, apiError(err, "create", step.resource, namespace)
		}
	}
	return added, nil
}

// kubeconfig asks for a token for the student's ServiceAccount and
// writes the student's kubeconfig to path; it returns when the token
// expires.
func (s *setup) kubeconfig(ctx context.Context, namespace, path string) (time.Time, error) {
	seconds := int64(s.opts.TokenTTL / time.Second)
	req := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &seconds}}
	cctx, cancel := withTimeout(ctx)
	defer cancel()
	tok, err := s.client.CoreV1().ServiceAccounts(namespace).CreateToken(cctx, ServiceAccountName, req, metav1.CreateOptions{})
	if err != nil {
		return time.Time{}, apiError(err, "create", "serviceaccounts/token", namespace)
	}
	cfg, err := studentKubeconfig(s.admin, s.opts.Class, namespace, tok.Status.Token)
	if err != nil {
		return time.Time{}, err
	}
	if err := writeKubeconfig(path, cfg); err != nil {
		return time.Time{}, err
	}
	return tok.Status.ExpirationTimestamp.Time, nil
}

// waitForQuotas waits until the ResourceQuotas in namespaces are counted
// (status.hard is set), at most quotaWait in all, and returns the
// Namespaces whose quota is still not counted.
func waitForQuotas(ctx context.Context, client kubernetes.Interface, namespaces []string) []string {
	ctx, cancel := context.WithTimeout(ctx, quotaWait)
	defer cancel()
	var late []string
	for _, ns := range namespaces {
		if !quotaCounted(ctx, client, ns) {
			late = append(late, ns)
		}
	}
	return late
}

// quotaCounted polls the ResourceQuota in ns until its status.hard is
// set (true) or ctx ends (false).
func quotaCounted(ctx context.Context, client kubernetes.Interface, ns string) bool {
	for {
		q, err := client.CoreV1().ResourceQuotas(ns).Get(ctx, QuotaName, metav1.GetOptions{})
		if err == nil && len(q.Status.Hard) > 0 {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(200 * time.Millisecond):
		}
	}
}
