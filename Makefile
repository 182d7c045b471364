# Every module's tests, as the README and CI run them.
MODULES := $(sort $(patsubst %/go.mod,%,$(shell find . -name go.mod -not -path "*/testdata/*" -not -path "./.git/*")))

.PHONY: test vet lint fmt-check generate-check bench fuzz

test:
	@for m in $(MODULES); do (cd $$m && go test -race -count=1 ./...) || exit 1; done

vet:
	@for m in $(MODULES); do (cd $$m && go vet ./...) || exit 1; done

# go mod tidy -diff, golangci-lint and staticcheck in every module (pinned versions).
lint:
	bash .ci/lint

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

generate-check:
	go generate ./...
	@git diff --exit-code -- '*.go' || (echo "run go generate ./..." && exit 1)

bench:
	go test -run '^$$' -bench . -benchmem ./...

fuzz:
	bash .ci/fuzz

# The concurrency-sensitive tests (webhook dedupe and handler, pagination
# walks, rate limiters, concurrent client use), run 20 times under the race
# detector so that a 1-in-20 flake fails CI rather than a user.
STRESS_RUN := Dedup|WebhookHandler|All|Walk|Cursor|Paginat|Limit|Concurren

.PHONY: stress
stress:
	go test -race -count=20 -run '$(STRESS_RUN)' .
