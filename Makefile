# The two commands of the README, on a fresh Debian 12 machine:
#   make demo   installs what is missing, builds, and runs the main job on policies/
#   make test   installs what is missing, builds, and runs every test
BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE_ARGS ?=
PW       := $(BUILD)/engine/patchwarden

# Debian packages the build, the tests and the benchmarks need.
PACKAGES := cmake make g++ clang pkg-config libclang-rt-14-dev clang-format \
            libyaml-cpp-dev libhowardhinnant-date-dev libre2-dev libspdlog-dev libfmt-dev \
            doctest-dev libcli11-dev nlohmann-json3-dev libcpp-httplib-dev libsqlite3-dev \
            tzdata yamllint python3 python3-jsonschema python3-yaml systemd sqlite3 curl \
            shellcheck jq

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build demo test bench stress clean

all: build

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@echo "== patchwarden lint policies/"
	$(PW) lint policies/
	@if $(PW) preview --help >/dev/null 2>&1; then \
	  echo "== patchwarden preview --count 3 policies/"; \
	  $(PW) preview --from 2026-12-01T00:00:00Z --count 3 policies/; fi
	@if $(PW) simulate --help >/dev/null 2>&1; then \
	  echo "== patchwarden simulate policies/"; \
	  $(PW) simulate --from 2026-12-01T00:00:00Z policies/; fi
	@if $(PW) run --help >/dev/null 2>&1; then \
	  echo "== patchwarden run (demo cluster, virtual time 3000x)"; \
	  sh samples/demo/run-demo.sh $(PW); fi

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE bench
	cd $(BUILD) && ctest --output-on-failure -L bench

bench: build
	cd $(BUILD) && ctest --output-on-failure -V -L bench

# The whole suite (but bench and slow) RUNS times in a row: failures and leftover processes.
RUNS ?= 20
stress: build
	tests/stress/repeat.sh -n $(RUNS) -j $(JOBS) $(BUILD)

clean:
	rm -rf $(BUILD)
