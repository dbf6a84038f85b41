# Thin wrapper over CMake. `make run` and `make test` are the README's quick start.
BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
EXAMPLE    ?= examples/chromite/chain.yaml
ifeq ($(wildcard $(EXAMPLE)),)
EXAMPLE    := examples/recycle/scavenger_loop.yaml
endif

.PHONY: all deps build run test test-browser test-release bench valgrind format format-check clean fuzz fuzz-build fuzz-smoke install deb

all: build

deps:
	@bash scripts/install-deps.sh

# The release build is quiet: only warnings, errors and the program's own output are printed
# (VERBOSE=1 shows every command).
$(BUILD)/CMakeCache.txt:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_RULE_MESSAGES=OFF --log-level=WARNING

build: deps $(BUILD)/CMakeCache.txt
	@echo "building oreflow in $(BUILD)/ ..."
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

run: build
	$(BUILD)/oreflow run $(EXAMPLE) --report out --xlsx out/oreflow.xlsx
	@echo "report: out/report.html  workbook: out/oreflow.xlsx"
	@echo "workbench: $(BUILD)/oreflow serve $(EXAMPLE)   (then open the address it prints; docs/workbench.md)"

# Tests run in the sanitizer configuration (ASan + UBSan, no recovery).
$(BUILD_ASAN)/CMakeCache.txt:
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DORF_SANITIZE=ON

test: deps $(BUILD_ASAN)/CMakeCache.txt
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	cd $(BUILD_ASAN) && ctest --output-on-failure -j $(JOBS)
	@if [ "$(FUZZ_SMOKE)" != 0 ] && $(FUZZ_CC_OK); then $(MAKE) --no-print-directory fuzz-smoke; \
	 else echo "fuzz smoke run skipped (needs clang with libFuzzer; FUZZ_SMOKE=0 skips it)"; fi

# Fuzzing (tests/fuzz/): libFuzzer targets built with clang in $(BUILD_FUZZ), everything
# instrumented (ASan + UBSan). `make fuzz` runs each target FUZZ_SECONDS (one job each, one after
# the other) from a working copy of its corpus; new crash inputs land in $(BUILD_FUZZ)/artifacts/
# (add each to tests/fuzz/corpus/TARGET/ with its fix). `make fuzz-smoke`: FUZZ_RUNS inputs each.
BUILD_FUZZ   ?= build-fuzz
FUZZ_SECONDS ?= 1800
FUZZ_RUNS    ?= 2000
FUZZ_TARGETS ?= load solve plant_data mc
FUZZ_SMOKE   ?= 1
FUZZ_CC_OK   := echo 'int LLVMFuzzerTestOneInput(const char *d, long n){(void)d;(void)n;return 0;}' | \
                clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1

$(BUILD_FUZZ)/CMakeCache.txt:
	CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DORF_FUZZ=ON \
	    -DORF_BUILD_TESTS=OFF

fuzz-build: deps $(BUILD_FUZZ)/CMakeCache.txt
	cmake --build $(BUILD_FUZZ) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD_FUZZ)/corpus/$$t $(BUILD_FUZZ)/artifacts && \
	  cp -n tests/fuzz/corpus/$$t/* $(BUILD_FUZZ)/corpus/$$t/ && \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s" && \
	  ORF_DATA_DIR=$(CURDIR)/data $(BUILD_FUZZ)/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=65536 -timeout=30 -rss_limit_mb=4096 -dict=tests/fuzz/yaml.dict \
	    -artifact_prefix=$(BUILD_FUZZ)/artifacts/$$t- -print_final_stats=1 \
	    $(BUILD_FUZZ)/corpus/$$t || exit 1; \
	done

fuzz-smoke: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz_$$t: $(FUZZ_RUNS) runs"; rm -rf $(BUILD_FUZZ)/smoke/$$t; \
	  mkdir -p $(BUILD_FUZZ)/smoke/$$t $(BUILD_FUZZ)/artifacts; \
	  ORF_DATA_DIR=$(CURDIR)/data $(BUILD_FUZZ)/tests/fuzz/fuzz_$$t -runs=$(FUZZ_RUNS) -max_len=65536 \
	    -timeout=30 -dict=tests/fuzz/yaml.dict -artifact_prefix=$(BUILD_FUZZ)/artifacts/$$t- \
	    $(BUILD_FUZZ)/smoke/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

# The browser test of the report with Chromium installed first (opt-in: Chromium serves that test only).
test-browser:
	@ORF_WITH_CHROMIUM=1 bash scripts/install-deps.sh
	$(MAKE) --no-print-directory test

# Install the release build (docs/install.md): PREFIX (default /usr/local), DESTDIR for staging.
PREFIX ?= /usr/local
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix $(PREFIX)

# The Debian package (debian/; docs/install.md): ../oreflow_*.deb
deb:
	dpkg-buildpackage -us -uc -b

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Every benchmark (bench/README.md), its figures collected into bench/results.json with the machine,
# date and commit, and the README's speed table regenerated from them (the test cli_bench_table
# checks the two agree). BENCH_QUICK=1: reduced runs (e.g. 500 Monte Carlo samples, not 10,000),
# marked as such; BENCHES="bench_startup bench_chem": only these programs.
BENCH_QUICK ?= 0
BENCHES     ?=
bench: build
	BENCH_QUICK=$(BENCH_QUICK) python3 scripts/bench_collect.py $(BUILD) bench/results.json $(BENCHES)
	python3 scripts/bench_table.py bench/results.json README.md

valgrind: build
	bash scripts/valgrind-cli.sh $(BUILD)/oreflow

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ) out
