#!/usr/bin/env bash
# Formatting and vet checks for every Go module in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [[ -n "$unformatted" ]]; then
	echo "gofmt would change these files:" >&2
	echo "$unformatted" >&2
	exit 1
fi
go vet ./...
if grep -q '^replace' go.mod; then
	echo "the root go.mod must not have replace directives (it must stay go install-able)" >&2
	exit 1
fi
