package lab

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestDefaultDirs(t *testing.T) {
	tests := []struct {
		name          string
		env           map[string]string
		data, bin     string
		dataErr, bErr bool
	}{
		{
			name: "home only",
			env:  map[string]string{"HOME": "/home/elev"},
			data: "/home/elev/.local/share/kubekurs/lab",
			bin:  "/home/elev/.cache/kubekurs/lab/" + KubernetesVersion,
		},
		{
			name: "XDG directories win over HOME",
			env:  map[string]string{"HOME": "/home/elev", "XDG_DATA_HOME": "/xdg/data", "XDG_CACHE_HOME": "/xdg/cache"},
			data: "/xdg/data/kubekurs/lab",
			bin:  "/xdg/cache/kubekurs/lab/" + KubernetesVersion,
		},
		{
			name: "relative XDG directories are ignored, as the spec says",
			env:  map[string]string{"HOME": "/home/elev", "XDG_DATA_HOME": "rel", "XDG_CACHE_HOME": "rel"},
			data: "/home/elev/.local/share/kubekurs/lab",
			bin:  "/home/elev/.cache/kubekurs/lab/" + KubernetesVersion,
		},
		{
			name: "kubekurs variables win over everything",
			env:  map[string]string{"HOME": "/home/elev", "XDG_DATA_HOME": "/xdg", EnvDataDir: "/lab/data", EnvBinDir: "/lab/bin"},
			data: "/lab/data",
			bin:  "/lab/bin",
		},
		{
			name:    "nothing set",
			env:     map[string]string{},
			dataErr: true, bErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			data, err := DefaultDataDir(getenv)
			if (err != nil) != tt.dataErr || data != tt.data {
				t.Errorf("DefaultDataDir = %q, %v; want %q (error %v)", data, err, tt.data, tt.dataErr)
			}
			bin, err := DefaultBinDir(getenv)
			if (err != nil) != tt.bErr || bin != tt.bin {
				t.Errorf("DefaultBinDir = %q, %v; want %q (error %v)", bin, err, tt.bin, tt.bErr)
			}
		})
	}
}

// TestKubernetesVersionMatchesBuildModule keeps KubernetesVersion (the bin
// directory's name and the version nodes report) in step with the release
// hack/labbin/kube pins.
func TestKubernetesVersionMatchesBuildModule(t *testing.T) {
	gomod, err := os.ReadFile(filepath.Join("..", "..", "hack", "labbin", "kube", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*k8s\.io/kubernetes (v\S+)`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("hack/labbin/kube/go.mod does not require k8s.io/kubernetes")
	}
	if string(m[1]) != KubernetesVersion {
		t.Errorf("hack/labbin/kube pins %s, KubernetesVersion is %s", m[1], KubernetesVersion)
	}
	staging := regexp.MustCompile(`(?m)=> k8s\.io/\S+ (v\S+)$`).FindAllSubmatch(gomod, -1)
	if len(staging) == 0 {
		t.Fatal("no replace lines for the staging modules")
	}
	want := "v0" + KubernetesVersion[2:]
	for _, s := range staging {
		if string(s[1]) != want {
			t.Errorf("staging module pinned to %s, want %s", s[1], want)
		}
	}
}
