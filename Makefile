# The front door of kubekurs. Every target is short and delegates to Go or
# to a script under hack/.
#
#   make run    start the course (builds what is missing first)
#   make test   run every test, integration tests against the practice cluster included

GO          ?= go
BIN         := bin/kubekurs
GOTESTFLAGS ?=
# The built-in kubectl reports the Kubernetes release it is built from.
KUBE_VERSION := $(shell awk '$$1 == "k8s.io/kubectl" { sub(/^v0/, "v1", $$2); print $$2 }' go.mod)
VERSION_PKGS := k8s.io/component-base/version k8s.io/client-go/pkg/version
LDFLAGS      := $(foreach p,$(VERSION_PKGS),-X $(p).gitVersion=$(KUBE_VERSION) -X $(p).gitMajor=1 -X $(p).gitMinor=$(word 2,$(subst ., ,$(KUBE_VERSION))) -X $(p).gitTreeState=clean)

.PHONY: run test test-short test-kind lab build lint bench fuzz clean

run: lab build
	./$(BIN)

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/kubekurs

lab:
	hack/build-lab.sh

# The content test (`kubekurs lessons test` on the embedded course) walks
# every step and every ```wrong block of the course on
# the practice cluster; with the race detector its package takes over 10
# minutes, go test's default limit.
test: lab lint
	$(GO) test -race -count=1 -timeout 45m $(GOTESTFLAGS) ./...

# Needs a running Docker (or Podman) daemon and network to pull kind's node image.
test-kind:
	KUBEKURS_TEST_KIND=1 $(GO) test -count=1 -run 'Kind' -v ./cluster/kind

test-short:
	$(GO) test -short -race ./...

lint:
	hack/lint.sh

bench: lab
	$(GO) test -run '^$$' -bench . -benchtime 3x ./...

fuzz:
	hack/fuzz.sh

clean:
	rm -rf bin
