# The front door of kubekurs. Every target is short and delegates to Go or
# to a script under hack/.
#
#   make run    start the course (builds what is missing first; for now: the
#               practice cluster and its status, until the TUI lands)
#   make test   run every test, integration tests against the practice cluster included

GO        ?= go
BIN       := bin/kubekurs
GOTESTFLAGS ?=

.PHONY: run test test-short lab build lint bench fuzz clean

run: lab build
	@./$(BIN) lab status >/dev/null 2>&1 || ./$(BIN) lab start
	./$(BIN) lab status

build:
	$(GO) build -o $(BIN) ./cmd/kubekurs

lab:
	hack/build-lab.sh

test: lab lint
	$(GO) test -race -count=1 $(GOTESTFLAGS) ./...

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
