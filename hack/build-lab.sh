#!/usr/bin/env bash
# Builds the practice cluster's binaries (labkube: kube-apiserver,
# kube-controller-manager and kube-scheduler in one multi-call binary; etcd;
# and kwok)
# into the cache directory kubekurs looks in, unless they are already there
# and were built from the same pinned versions.
#
# Destination, in order: $KUBEKURS_LAB_BIN; $XDG_CACHE_HOME/kubekurs/lab/<version>;
# $HOME/.cache/kubekurs/lab/<version> (the same rule as lab.DefaultBinDir).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
labbin="$root/hack/labbin"
kver=$(awk '$1 == "k8s.io/kubernetes" { print $2 }' "$labbin/kube/go.mod")
minor=${kver#v1.}; minor=${minor%%.*}
dest=${KUBEKURS_LAB_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/kubekurs/lab/$kver}

# The stamp changes whenever a pin, the multi-call main or this script does.
stamp=$(cat "$0" "$labbin"/kube/go.mod "$labbin"/kube/go.sum "$labbin"/kube/*.go \
	"$labbin"/kwok/go.mod "$labbin"/kwok/go.sum | sha256sum | cut -c1-16)

if [[ -x "$dest/labkube" && -x "$dest/etcd" && -x "$dest/kwok" && "$(cat "$dest/.stamp" 2>/dev/null)" == "$stamp" ]]; then
	echo "Øvingsclusterets programfiler er oppdatert ($dest)."
	exit 0
fi
mkdir -p "$dest"
echo "Bygger øvingsclusterets programfiler (Kubernetes $kver) til $dest."
echo "Første gang tar dette rundt 11 minutter på to kjerner; senere starter alt på sekunder."

export CGO_ENABLED=0
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
	ldflags+=" -X $pkg.gitVersion=$kver -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done

# progress LABEL TOTAL: reads `go build -v` output (one package name per
# compiled package) and shows how far the build has come; other lines
# (compiler errors) go to stderr.
progress() {
	local label=$1 total=$2 n=0 pct last=-1 line
	while IFS= read -r line; do
		case "$line" in
		\#* | *.go:* | " "* | *:\ *) echo "$line" >&2; continue ;;
		esac
		n=$((n + 1))
		pct=$((n * 100 / total)); ((pct > 99)) && pct=99
		if [[ -t 1 ]]; then
			printf '\r  %-40s %3d %% (%d/%d pakker)' "$label" "$pct" "$n" "$total"
		elif ((pct / 10 != last / 10)); then
			printf '  %-40s %3d %%\n' "$label" "$pct"
		fi
		last=$pct
	done
	if [[ -t 1 ]]; then
		printf '\r%80s\r' ''
	fi
}

# build NAME DIR TARGET LABEL builds one binary atomically into $dest.
build() {
	local name=$1 dir=$2 target=$3 label=$4 total status start=$SECONDS
	total=$(cd "$dir" && go list -deps "$target" | wc -l)
	set +e
	(cd "$dir" && go build -v -trimpath -ldflags "$ldflags" -o "$dest/.$name.tmp" "$target" 2>&1) | progress "$label" "$total"
	status=${PIPESTATUS[0]}
	set -e
	if ((status != 0)); then
		rm -f "$dest/.$name.tmp"
		echo "Byggingen av $name feilet (se feilene over)." >&2
		exit 1
	fi
	mv -f "$dest/.$name.tmp" "$dest/$name"
	printf '  %-40s ferdig (%d s)\n' "$label" $((SECONDS - start))
}

build labkube "$labbin/kube" . "kontrollplanet (API-server m.fl.)"
build etcd "$labbin/kube" go.etcd.io/etcd/server/v3 "etcd"
build kwok "$labbin/kwok" sigs.k8s.io/kwok/cmd/kwok "kwok (simulerte noder)"
echo "$stamp" > "$dest/.stamp"
echo "Ferdig: $(du -sh "$dest" | cut -f1) i $dest."
