package lab

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

const testDigest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestImageLooksPullable(t *testing.T) {
	tests := []struct {
		image string
		want  bool
	}{
		// Official images, every way of writing them.
		{"nginx", true},
		{"nginx:latest", true},
		{"nginx:1.27", true},
		{"nginx:1.27.3-alpine", true},
		{"nginx:stable-alpine", true},
		{"nginx:mainline", true},
		{"docker.io/nginx:1.27", true},
		{"library/nginx:1.27", true},
		{"docker.io/library/nginx:latest", true},
		{"busybox:1.36", true},
		{"busybox:musl", true},
		{"busybox:1.36-uclibc", true},
		{"debian:bookworm-slim", true},
		{"ubuntu:noble", true},
		{"ubuntu:24.04", true},
		{"python:3.12-slim", true},
		{"node:lts-alpine", true},
		{"node:20-alpine3.20", true},
		{"alpine:3.20", true},
		{"redis:alpine3.20", true},
		{"golang:1.23-bookworm", true},
		{"hello-world", true},
		{"eclipse-temurin:21-jre", true},
		{"postgres:16", true},
		{"traefik:v3.1", true},
		{"nginx:1.27-perl", true},
		{"nginx:1.27.3-alpine3.20-slim", true},
		{"traefik:v3.2.0-rc1", true},
		{"registry.k8s.io/kube-apiserver:v1.36.0-rc.1", true},
		{"rabbitmq:3.13-management-alpine", true},
		// Docker Hub user images.
		{"curlimages/curl:8.10.1", true},
		{"docker.io/curlimages/curl", true},
		{"nginxinc/nginx-unprivileged:1.27-alpine", true},
		{"traefik/whoami:v1.10", true},
		{"hashicorp/http-echo:1.0", true},
		{"bitnami/nginx:1.27", true},
		{"bitnami/kubectl:latest", true},
		// Registries where any path pulls.
		{"registry.k8s.io/pause:3.10", true},
		{"registry.k8s.io/e2e-test-images/agnhost:2.53", true},
		{"gcr.io/google-samples/hello-app:1.0", true},
		{"ghcr.io/stefanprodan/podinfo:6.7.0", true},
		{"quay.io/prometheus/node-exporter:v1.8.2", true},
		// Digests.
		{"nginx@" + testDigest, true},
		{"nginx:1.27@" + testDigest, true},

		// Tags that do not exist.
		{"nginx:doesnotexist", false},
		{"nginx:latset", false},
		{"nginx:latest2x", false},
		{"nginx:Latest", false},
		{"nginx:", false},
		{"nginx:v", false},
		{"nginx:-1", false},
		{"nginx:stable-", false},
		{"nginx:9.9-finnesikke", false},
		{"nginx:1.27-doesnotexist", false},
		{"nginx:stable-finnesikke", false},
		{"nginx:1.27.", false},
		{"nginx:1..27", false},
		{"nginx:1.27-", false},
		{"nginx:1.27_alpine", false},
		// Repositories that are not on the allow-list.
		{"ngnix", false},
		{"ngnix:1.27", false},
		{"nginxx", false},
		{"mynginx", false},
		{"docker.io/library/ngnix", false},
		{"myregistry.example.com/app:1.0", false},
		{"localhost:5000/nginx:1.27", false},
		{"nginx/nginx:1.27", false},
		{"library/curlimages/curl", false},
		{"docker.io/docker.io/nginx", false},
		{"curlimages/curl/extra", false},
		{"bitnami", false},
		{"bitnami/", false},
		{"gcr.io/other-project/app:1.0", false},
		{"ghcr.io/", false},
		{"ghcr.io//x", false},
		{"quay.io/../x", false},
		// Case and whitespace.
		{"Nginx", false},
		{"NGINX:1.27", false},
		{"registry.k8s.io/Pause:3.10", false},
		{" nginx", false},
		{"nginx ", false},
		{"nginx:latest\n", false},
		{"", false},
		// Broken digests.
		{"nginx@sha256:abc", false},
		{"nginx@" + strings.ToUpper(testDigest), false},
		{"nginx:1.27@sha512:" + strings.Repeat("a", 64), false},
	}
	for _, tt := range tests {
		t.Run(tt.image, func(t *testing.T) {
			if got := ImageLooksPullable(tt.image); got != tt.want {
				t.Errorf("ImageLooksPullable(%q) = %v, want %v", tt.image, got, tt.want)
			}
		})
	}
}

// TestImagePullPatternIsPortable checks that the pattern can be handed to
// gojq's test() and to sprig's regexMatch as it is: anchored, without flags
// or Perl-only syntax, and unchanged by a JSON round trip.
func TestImagePullPatternIsPortable(t *testing.T) {
	p := imagePullPattern()
	if !strings.HasPrefix(p, "^") || !strings.HasSuffix(p, "$") {
		t.Errorf("pattern is not anchored: %s", p)
	}
	if strings.Contains(p, "(?i") || strings.Contains(p, "(?m") || strings.Contains(p, "(?s") {
		t.Errorf("pattern uses flags: %s", p)
	}
	if strings.ContainsAny(p, "'`\n") {
		t.Errorf("pattern contains a quote or newline that the stage files would have to escape: %s", p)
	}
	if _, err := regexp.Compile(p); err != nil {
		t.Fatalf("compile: %v", err)
	}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back string
	if err := json.Unmarshal(data, &back); err != nil || back != p {
		t.Errorf("JSON round trip changed the pattern: %q -> %q (%v)", p, back, err)
	}
}

func FuzzImageLooksPullable(f *testing.F) {
	for _, seed := range []string{
		"nginx", "nginx:1.27", "busybox:musl", "debian:bookworm-slim",
		"docker.io/library/redis:7", "registry.k8s.io/pause:3.10",
		"bitnami/nginx", "nginx@" + testDigest, "ngnix", "nginx:latset",
		"Nginx", "", ":", "@", "nginx:stable-alpine3.20",
	} {
		f.Add(seed)
	}
	officialPrefix := regexp.MustCompile(`^(?:docker\.io/|library/)`)
	f.Fuzz(func(t *testing.T, image string) {
		if !ImageLooksPullable(image) {
			return
		}
		// A bare official name also pulls when spelled out in full.
		if !strings.Contains(image, "/") && !ImageLooksPullable("docker.io/library/"+image) {
			t.Errorf("%q pulls, but docker.io/library/%s does not", image, image)
		}
		if officialPrefix.MatchString(image) {
			bare := officialPrefix.ReplaceAllString(image, "")
			bare = strings.TrimPrefix(bare, "library/")
			if !strings.Contains(bare, "/") && !ImageLooksPullable(bare) {
				t.Errorf("%q pulls, but %q without the prefix does not", image, bare)
			}
		}
		// Repository names are lowercase, so shouting never pulls.
		if ImageLooksPullable(strings.ToUpper(image)) {
			t.Errorf("%q pulls, and so does its uppercase form", image)
		}
		// Whitespace around a name never pulls.
		if ImageLooksPullable(" "+image) || ImageLooksPullable(image+" ") || ImageLooksPullable(image+"\n") {
			t.Errorf("%q pulls, and so does it with whitespace around it", image)
		}
	})
}
