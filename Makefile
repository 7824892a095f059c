# Cohort — `make test` builds and runs every test (`make demo` arrives with the trading engine).
# Every target installs the Debian packages it needs when they are missing.

SWIFT        ?= swift
DEB_PACKAGES := liblua5.4-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev libsecp256k1-dev pkg-config zstd
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN  := .build/release/cohort

.PHONY: all deps build release test bench clean

all: build

## deps: install the Debian packages that are missing (non-interactive, only when missing)
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## build: debug build of everything (the executable and every venue plugin)
build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## test: build everything, then run every test (Swift Testing and XCTest)
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: release benchmarks, JSON written to bench.json and printed
bench: release
	$(RELEASE_BIN) bench --json | tee bench.json

clean:
	rm -rf .build
