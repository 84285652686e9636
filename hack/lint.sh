#!/usr/bin/env bash
# Lint for the whole repository:
#   - gofmt on every Go file;
#   - go vet on the root module and on each module under hack/labbin;
#   - staticcheck (every check, see staticcheck.conf) on the root module, at
#     the version pinned by the tool directive in hack/tools/go.mod;
#   - shellcheck on hack/*.sh and .ci/run;
#   - no replace directives in the root go.mod.
# Every step runs; the script fails at the end if any of them found something.
#
# The hack/labbin modules are vetted as hack/build-lab.sh builds them
# (CGO_ENABLED=0, -trimpath), so after `make lab` the compiled Kubernetes
# packages come from Go's build cache instead of being compiled again.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

failed=()

step() {
	local name=$1
	shift
	echo "== $name" >&2
	if ! "$@"; then
		failed+=("$name")
	fi
}

check_gofmt() {
	local files unformatted
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		files=$(git ls-files --cached --others --exclude-standard '*.go')
	else
		files=$(find . -name '*.go' -not -path './.git/*')
	fi
	# Go file names here have no spaces, so word splitting is what we want.
	# shellcheck disable=SC2086
	unformatted=$(gofmt -l $files </dev/null)
	if [[ -n "$unformatted" ]]; then
		echo "gofmt would change these files:" >&2
		echo "$unformatted" >&2
		return 1
	fi
}

vet_labbin() {
	local mod status=0
	for mod in hack/labbin/*/; do
		# A module without Go files of its own (kwok only pins a tool)
		# has nothing to vet.
		if [[ -z "$(find "$mod" -maxdepth 1 -name '*.go' -print -quit)" ]]; then
			continue
		fi
		echo "   $mod" >&2
		(cd "$mod" && CGO_ENABLED=0 go vet -trimpath ./...) || status=1
	done
	return "$status"
}

run_staticcheck() {
	go tool -modfile=hack/tools/go.mod staticcheck ./...
}

shellcheck_scripts() {
	if ! command -v shellcheck >/dev/null; then
		echo "shellcheck is missing: install it (Debian: apt-get install shellcheck); .ci/run does" >&2
		return 1
	fi
	shellcheck hack/*.sh .ci/run
}

no_replace() {
	if grep -q '^replace' go.mod; then
		echo "the root go.mod must not have replace directives (it must stay go install-able)" >&2
		return 1
	fi
}

step gofmt check_gofmt
step "go vet" go vet ./...
step "go vet hack/labbin" vet_labbin
step staticcheck run_staticcheck
step shellcheck shellcheck_scripts
step "root go.mod" no_replace

if ((${#failed[@]})); then
	echo "lint failed: ${failed[*]}" >&2
	exit 1
fi
echo "lint: ok" >&2
