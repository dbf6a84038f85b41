# Thin wrapper over CMake. `make run` and `make test` are the README's quick start.
BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
EXAMPLE    ?= examples/chromite/chain.yaml
ifeq ($(wildcard $(EXAMPLE)),)
EXAMPLE    := examples/recycle/scavenger_loop.yaml
endif

.PHONY: all deps build run test test-release bench valgrind format format-check clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/oreflow run $(EXAMPLE) --report out --xlsx out/oreflow.xlsx
	@echo "report: out/report.html  workbook: out/oreflow.xlsx"

# Tests run in the sanitizer configuration (ASan + UBSan, no recovery).
$(BUILD_ASAN)/CMakeCache.txt:
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DORF_SANITIZE=ON

test: deps $(BUILD_ASAN)/CMakeCache.txt
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	cd $(BUILD_ASAN) && ctest --output-on-failure -j $(JOBS)

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@for b in $(BUILD)/bench_*; do [ -x "$$b" ] && "$$b" || exit 1; done

valgrind: build
	bash scripts/valgrind-cli.sh $(BUILD)/oreflow

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) out
