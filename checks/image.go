package checks

import "strings"

// imageRef is a container image reference split into its parts, with
// Docker Hub's defaults filled in: `nginx` is docker.io/library/nginx
// with tag latest.
type imageRef struct {
	repo   string // registry and path, e.g. docker.io/library/nginx
	tag    string // "" only when a digest is given without a tag
	digest string // e.g. sha256:…, or ""
}

// parseImage splits ref the way container runtimes do: an optional
// digest after '@', an optional tag after the first ':' of the last path
// component, and a registry when the first component has a '.' or ':' or
// is localhost (else docker.io, where single names live in library/).
// It never fails; nonsense in gives a normalized nonsense out.
func parseImage(ref string) imageRef {
	name, digest, _ := strings.Cut(strings.TrimSpace(ref), "@")
	name, digest = strings.TrimSpace(name), strings.TrimSpace(digest)
	tag := ""
	last := strings.LastIndex(name, "/") + 1
	if i := strings.Index(name[last:], ":"); i >= 0 {
		name, tag = strings.TrimSpace(name[:last+i]), strings.TrimSpace(name[last+i+1:])
	}
	domain, path := "docker.io", name
	if first, rest, ok := strings.Cut(name, "/"); ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		domain, path = first, rest
	}
	if domain == "index.docker.io" {
		domain = "docker.io"
	}
	if domain == "docker.io" && !strings.Contains(path, "/") {
		path = "library/" + path
	}
	if tag == "" && digest == "" {
		tag = "latest"
	}
	return imageRef{repo: domain + "/" + path, tag: tag, digest: digest}
}

// String writes the reference in full: repo[:tag][@digest].
func (r imageRef) String() string {
	s := r.repo
	if r.tag != "" {
		s += ":" + r.tag
	}
	if r.digest != "" {
		s += "@" + r.digest
	}
	return s
}

// normalizeImage writes ref in full, so that equal references are equal
// strings: nginx, library/nginx:latest and docker.io/library/nginx:latest
// all become docker.io/library/nginx:latest. Blank input gives "".
func normalizeImage(ref string) string {
	if strings.TrimSpace(ref) == "" {
		return ""
	}
	return parseImage(ref).String()
}

// imageMatches reports whether the image actual satisfies the wanted
// reference: the same repository; the same digest when want has one; and
// the same tag unless want pins only a digest. So nginx:1.27 matches
// nginx:1.27@sha256:…, but nginx@sha256:a does not match nginx:1.27.
func imageMatches(want, actual string) bool {
	w, a := parseImage(want), parseImage(actual)
	if strings.TrimSpace(want) == "" || w.repo != a.repo {
		return false
	}
	if w.digest != "" && w.digest != a.digest {
		return false
	}
	return w.tag == "" || w.tag == a.tag
}
