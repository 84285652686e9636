package lab

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// ImageLooksPullable reports whether a container image would pull on the
// practice cluster. The lab has no registry and pulls nothing; this rule
// makes typos fail the way they do on a real cluster (ErrImagePull, then
// ImagePullBackOff) while the images the course uses start.
//
// An image pulls when its repository is on the allow-list and its tag looks
// real:
//
//   - Repository: a Docker Hub official image (nginx, busybox, httpd, redis,
//     mysql, mariadb, postgres, alpine, ubuntu, debian, python, node, golang,
//     memcached, mongo, rabbitmq, wordpress, traefik, caddy, haproxy,
//     registry, hello-world, perl, php, openjdk, eclipse-temurin), optionally
//     written with "docker.io/" and/or "library/" in front; one of the Docker
//     Hub images curlimages/curl, nginxinc/nginx-unprivileged, traefik/whoami,
//     hashicorp/http-echo or bitnami/<name>, optionally with "docker.io/";
//     or any lowercase path under registry.k8s.io/, gcr.io/google-samples/,
//     ghcr.io/ or quay.io/.
//   - Tag: none (which means latest); or a start and any number of
//     variants. The start is a version (an optional "v", numbers separated
//     by dots, and optionally -rc, -alpha or -beta with a number: 1.27,
//     v1.2.3, 1.0-rc.1) or a well-known word (latest, stable, mainline,
//     alpine, slim, bookworm, bullseye, trixie, jammy, noble, musl, glibc,
//     uclibc, lts) with an optional version (alpine3.20). A variant is "-"
//     and one of those words or perl, otel, jre, jdk, fpm, apache, cli,
//     management or git, with an optional version (1.27.3-alpine,
//     stable-alpine, bookworm-slim, 20-alpine3.20, 21-jre).
//   - Digest: an optional "@sha256:" and 64 lowercase hex digits at the end.
//
// Anything else does not pull: an unknown tag (nginx:doesnotexist,
// nginx:latset, nginx:9.9-finnesikke), an unknown repository (ngnix, myregistry.example.com/app:1.0)
// and uppercase names (Nginx). A version-like tag that does not exist, such
// as nginx:9.99, still pulls: the rule checks spelling, not a registry.
//
// The same rule, as a Go/RE2 regular expression, decides in the KWOK stages
// whether a pod becomes Running or fails to pull its image.
func ImageLooksPullable(image string) bool {
	return pullableImage().MatchString(image)
}

// pullableImage is the compiled pull rule, compiled on first use.
var pullableImage = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(imagePullPattern())
})

// imageAllowList is the data the pull rule is built from.
type imageAllowList struct {
	// official are Docker Hub official images, which may be written with
	// "docker.io/" and "library/" in front.
	official []string
	// hub are other Docker Hub repositories, which may be written with
	// "docker.io/" in front. A name ending in "/" allows any one repository
	// in that namespace.
	hub []string
	// registries are prefixes under which any lowercase repository path
	// pulls.
	registries []string
	// tagWords are the non-numeric words a real tag may start with, and
	// the variant words that may follow a version or another word after a
	// "-" (1.27-alpine, stable-alpine, 21-jre).
	tagWords []string
	// variantWords may only follow a version or a tag word (21-jre,
	// 5.38-perl), never start a tag.
	variantWords []string
}

// defaultImageAllowList returns the repositories and tag words the course
// uses, plus common neighbours, so that typical examples from the Kubernetes
// documentation also pull.
func defaultImageAllowList() imageAllowList {
	return imageAllowList{
		official: []string{
			"nginx", "busybox", "httpd", "redis", "mysql", "mariadb", "postgres",
			"alpine", "ubuntu", "debian", "python", "node", "golang",
			"memcached", "mongo", "rabbitmq", "wordpress", "traefik", "caddy",
			"haproxy", "registry", "hello-world", "perl", "php", "openjdk",
			"eclipse-temurin",
		},
		hub: []string{
			"curlimages/curl", "nginxinc/nginx-unprivileged", "traefik/whoami",
			"hashicorp/http-echo", "bitnami/",
		},
		registries: []string{
			"registry.k8s.io", "gcr.io/google-samples", "ghcr.io", "quay.io",
		},
		tagWords: []string{
			"latest", "stable", "mainline", "alpine", "slim", "bookworm",
			"bullseye", "trixie", "jammy", "noble", "musl", "glibc", "uclibc",
			"lts",
		},
		variantWords: []string{
			"perl", "otel", "jre", "jdk", "fpm", "apache", "cli", "management",
			"git",
		},
	}
}

// Building blocks of the pattern that do not depend on the allow-list.
const (
	// pathComponent is one lowercase component of a repository path, as in
	// the Docker reference grammar (simplified): alphanumerics separated by
	// ".", "_" or "-".
	pathComponent = `[a-z0-9]+(?:[._-]+[a-z0-9]+)*`
	// version is a release number, optionally a pre-release: 1.27,
	// v1.2.3, 8.10.1, 1.0-rc.1.
	version = `v?[0-9]+(?:\.[0-9]+)*(?:-(?:rc|alpha|beta)\.?[0-9]*)?`
	// wordVersion may follow a tag word directly: alpine3.20.
	wordVersion = `[0-9]+(?:\.[0-9]+)*`
	// digest is an optional content digest at the end of the reference.
	digest = `(?:@sha256:[0-9a-f]{64})?`
)

// imagePullPattern returns the pull rule as an anchored Go/RE2 regular
// expression. It is plain RE2 without flags, so gojq's test() (which uses
// Go's regexp package) gives the same answers as ImageLooksPullable.
func imagePullPattern() string {
	return defaultImageAllowList().pattern()
}

// pattern builds the anchored regular expression for the allow-list.
func (a imageAllowList) pattern() string {
	hub := make([]string, 0, len(a.hub))
	for _, name := range a.hub {
		if ns, ok := strings.CutSuffix(name, "/"); ok {
			hub = append(hub, regexp.QuoteMeta(ns)+"/"+pathComponent)
			continue
		}
		hub = append(hub, regexp.QuoteMeta(name))
	}

	repository := `(?:` +
		`(?:docker\.io/)?(?:library/)?(?:` + alternatives(a.official) + `)` +
		`|(?:docker\.io/)?(?:` + strings.Join(hub, "|") + `)` +
		`|(?:` + alternatives(a.registries) + `)/` + pathComponent + `(?:/` + pathComponent + `)*` +
		`)`
	// A variant is "-" and a known word, with an optional version:
	// -alpine, -alpine3.20, -bookworm, -jre. A tag is a version or a tag
	// word, then any number of variants, so an invented word after a
	// version (nginx:9.9-finnesikke) does not pull.
	variant := `(?:-(?:` + alternatives(append(slices.Clone(a.tagWords), a.variantWords...)) + `)(?:` + wordVersion + `)?)`
	start := `(?:` + version + `|(?:` + alternatives(a.tagWords) + `)(?:` + wordVersion + `)?)`
	tag := `(?::` + start + variant + `*)?`

	return `^` + repository + tag + digest + `$`
}

// alternatives joins literal strings into a regular-expression alternation.
func alternatives(literals []string) string {
	quoted := make([]string, len(literals))
	for i, s := range literals {
		quoted[i] = regexp.QuoteMeta(s)
	}
	return strings.Join(quoted, "|")
}
