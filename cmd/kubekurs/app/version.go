package app

import (
	"strings"
	"sync/atomic"
	_ "unsafe" // for go:linkname

	_ "k8s.io/client-go/pkg/version"  // linked below
	_ "k8s.io/component-base/version" // linked below

	"github.com/kubekurs/kubekurs/cluster/lab"
)

// The built-in kubectl reports its version from these variables, which
// the Kubernetes build sets with -ldflags -X. `make build` does the same,
// but a kubekurs built by `go install` or `go test` would report
// "v0.0.0-master", and `kubectl version` then fails. stampKubeVersion
// fills them in. There is no exported setter, hence linkname.
//
//go:linkname componentBaseGitVersion k8s.io/component-base/version.gitVersion
var componentBaseGitVersion string

//go:linkname componentBaseDynamicGitVersion k8s.io/component-base/version.dynamicGitVersion
var componentBaseDynamicGitVersion atomic.Value

//go:linkname componentBaseGitMajor k8s.io/component-base/version.gitMajor
var componentBaseGitMajor string

//go:linkname componentBaseGitMinor k8s.io/component-base/version.gitMinor
var componentBaseGitMinor string

//go:linkname clientGoGitVersion k8s.io/client-go/pkg/version.gitVersion
var clientGoGitVersion string

//go:linkname clientGoGitMajor k8s.io/client-go/pkg/version.gitMajor
var clientGoGitMajor string

//go:linkname clientGoGitMinor k8s.io/client-go/pkg/version.gitMinor
var clientGoGitMinor string

// unsetVersionPrefix is what the variables hold when no -X set them.
const unsetVersionPrefix = "v0.0.0-master"

// stampKubeVersion sets the version variables when the build did not, to
// lab.KubernetesVersion: the root module's k8s.io libraries are pinned to
// the same release as the practice cluster (TestClientLibrariesMatchLab
// keeps them in step).
func stampKubeVersion() {
	if !strings.HasPrefix(componentBaseGitVersion, unsetVersionPrefix) {
		return
	}
	version := lab.KubernetesVersion
	parts := strings.SplitN(strings.TrimPrefix(version, "v"), ".", 3)
	if len(parts) < 2 {
		return
	}
	major, minor := parts[0], parts[1]
	componentBaseGitVersion, componentBaseGitMajor, componentBaseGitMinor = version, major, minor
	componentBaseDynamicGitVersion.Store(version) // what version.Get reports
	clientGoGitVersion, clientGoGitMajor, clientGoGitMinor = version, major, minor
}
