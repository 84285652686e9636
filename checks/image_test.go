package checks

import "testing"

func TestNormalizeImage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nginx", "docker.io/library/nginx:latest"},
		{"library/nginx:latest", "docker.io/library/nginx:latest"},
		{"docker.io/library/nginx:latest", "docker.io/library/nginx:latest"},
		{"index.docker.io/nginx", "docker.io/library/nginx:latest"},
		{"nginx:1.27", "docker.io/library/nginx:1.27"},
		{" nginx:1.27 ", "docker.io/library/nginx:1.27"},
		{"curlimages/curl:8.9.1", "docker.io/curlimages/curl:8.9.1"},
		{"registry.k8s.io/e2e-test-images/agnhost:2.53", "registry.k8s.io/e2e-test-images/agnhost:2.53"},
		{"localhost/app", "localhost/app:latest"},
		{"localhost:5000/app:1.0", "localhost:5000/app:1.0"},
		{"nginx@sha256:abc", "docker.io/library/nginx@sha256:abc"},
		{"nginx:1.27@sha256:abc", "docker.io/library/nginx:1.27@sha256:abc"},
		{"a:b:c", "docker.io/library/a:b:c"},
		{"::@0", "docker.io/library/::@0"},
		{"", ""},
		{"   ", ""},
	}
	for _, tc := range tests {
		if got := normalizeImage(tc.in); got != tc.want {
			t.Errorf("normalizeImage(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestImageMatches(t *testing.T) {
	tests := []struct {
		want, actual string
		match        bool
	}{
		{"nginx", "docker.io/library/nginx:latest", true},
		{"nginx", "library/nginx:latest", true},
		{"docker.io/library/nginx:latest", "nginx", true},
		{"nginx:1.27", "nginx:1.27", true},
		{"nginx:1.27", "nginx:1.26", false},
		{"nginx:1.27", "nginx", false},
		{"nginx", "nginx:1.27", false},
		{"nginx", "ngnix", false},
		{"nginx:1.27", "nginx:1.27@sha256:aaa", true},
		{"nginx@sha256:aaa", "nginx:1.27@sha256:aaa", true},
		{"nginx@sha256:aaa", "nginx@sha256:bbb", false},
		{"nginx@sha256:aaa", "nginx:1.27", false},
		{"nginx:1.27@sha256:aaa", "nginx:1.26@sha256:aaa", false},
		{"nginx", "nginx@sha256:aaa", false},
		{"quay.io/nginx", "nginx", false},
		{"", "nginx", false},
	}
	for _, tc := range tests {
		if got := imageMatches(tc.want, tc.actual); got != tc.match {
			t.Errorf("imageMatches(%q, %q) = %v, want %v", tc.want, tc.actual, got, tc.match)
		}
	}
}

// FuzzNormalizeImage: normalizing never panics, is idempotent, and a
// reference always matches its normalized form.
func FuzzNormalizeImage(f *testing.F) {
	for _, s := range []string{"nginx", "nginx:1.27", "docker.io/library/nginx:latest", "localhost:5000/a/b:c@sha256:d",
		"a:b:c", "@", ":", "/", "docker.io/", "x@y@z", "index.docker.io/", " a :b ", "a.b /c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		n := normalizeImage(ref)
		if again := normalizeImage(n); again != n {
			t.Fatalf("not idempotent: %q → %q → %q", ref, n, again)
		}
		if n != "" && !imageMatches(ref, n) {
			t.Fatalf("%q does not match its normal form %q", ref, n)
		}
	})
}
