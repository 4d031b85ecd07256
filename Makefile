# A thin front for CMake. `make` builds, `make check` runs every test, `make bench` the benchmarks.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all check check-fast check-asan check-release bench docs install clean format

all: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPLENUM_SANITIZE=ON $(CMAKE_FLAGS)

# The whole suite: unit, golden CLI, HTTP and browser tests, then again under the sanitizers,
# and a Release build (-O3 finds "may be used uninitialized" that -O2 does not; warnings are
# errors there too).
check: check-fast check-asan check-release

# Unit, golden CLI, HTTP and browser tests on the optimised build.
check-fast: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer (browser tests excluded:
# they exercise the same server the HTTP tests already run under the sanitizers); leaks in
# the libraries linked, not plenum's own, are named in tests/lsan.supp.
check-asan: $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -LE 'browser|slow'

RELEASE_BUILD ?= build-release
check-release:
	cmake -S . -B $(RELEASE_BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(RELEASE_BUILD) -j $(JOBS)

bench: all
	sh bench/run.sh $(BUILD)

# docs/cli.md is generated from the command table (tests/golden/cli_docs.sh checks it).
docs: all
	$(BUILD)/plenum help --markdown > docs/cli.md.tmp && mv docs/cli.md.tmp docs/cli.md

install: all
	cmake --install $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
