# objreg - ISO/IEC 27001 clause 6.2 objectives compiler
#
#   make            build build/objreg
#   make run        install missing Debian packages, build, compile input/ into output/
#   make test       the same set-up, then every test (unit, golden, bad inputs)
#   make SANITIZE=1 test   the same under AddressSanitizer + UBSan (in build/san)
#   make SANITIZE=thread threads   check and build on their threads under ThreadSanitizer
#   make bench      time check and build against the library floors (BENCH=--quick)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean
#
# V=1 shows the commands.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
OPT     ?= -O2
Q       := $(if $(V),,@)

BUILD   := build
ifeq ($(SANITIZE),1)
BUILD   := build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT     := -O1
endif
ifeq ($(SANITIZE),thread)
BUILD   := build/tsan
SANFLAGS := -fsanitize=thread
OPT     := -O1
endif
ifeq ($(SANITIZE),fuzz)
BUILD   := build/fuzz
CC      := clang
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT     := -O1
endif

PKGS    := libcmark yaml-0.1 xlsxwriter libcrypto freetype2 zlib
CFLAGS  += -std=c11 -g $(OPT) -Wall -Wextra -Werror -D_DEFAULT_SOURCE $(SANFLAGS) \
           -DOBJREG_PREFIX='"$(PREFIX)"' \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDFLAGS += $(SANFLAGS)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lcmark -lyaml -lxlsxwriter -lcrypto -lfreetype -lz) \
           -lcsv -lhpdf -lm -lpthread

SRCS    := $(sort $(wildcard src/*.c))
OBJS    := $(SRCS:src/%.c=$(BUILD)/%.o)
LIBOBJS := $(filter-out $(BUILD)/main.o,$(OBJS))
UNIT    := $(sort $(wildcard tests/unit/*.c))
FUZZ    := objective csv policy template
FUZZ_SECONDS ?= 60

# Debian 12 packages: to build, and what the tests read the outputs back with.
DEB_BUILD := gcc make pkg-config libcmark-dev libyaml-dev libcsv-dev libhpdf-dev \
             libxlsxwriter-dev libssl-dev libfreetype-dev zlib1g-dev fonts-dejavu-core fonts-dejavu-extra
DEB_TEST  := $(DEB_BUILD) python3 qpdf poppler-utils python3-openpyxl valgrind clang

.PHONY: threads all run test deps test-deps fuzz fuzz-run valgrind bench install clean

all: $(BUILD)/objreg

$(BUILD)/objreg: $(OBJS)
	@echo "  LINK  $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	@echo "  CC    $<"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/test_unit: $(UNIT) tests/unit/harness.h $(LIBOBJS)
	@echo "  LINK  $@"
	$(Q)$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $(UNIT) $(LIBOBJS) $(LDLIBS)

# Fuzz targets replayed over tests/fuzz/corpus/ by the test runner (no libFuzzer needed).
$(BUILD)/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIBOBJS)
	@echo "  LINK  $@"
	$(Q)$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBOBJS) $(LDLIBS)

# libFuzzer binaries (make fuzz builds them with SANITIZE=fuzz).
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIBOBJS)
	@echo "  LINK  $@"
	$(Q)$(CC) $(CFLAGS) -Isrc -fsanitize=fuzzer,address,undefined -o $@ $< $(LIBOBJS) $(LDLIBS)

$(BUILD):
	$(Q)mkdir -p $@

# Install what is missing, with apt-get (through sudo when not root).
deps:
	$(Q)sh tests/deps.sh $(DEB_BUILD)

test-deps:
	$(Q)sh tests/deps.sh $(DEB_TEST)

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(BUILD)/objreg build input/ -o output/evidence-pack

test: test-deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/test_unit $(FUZZ:%=$(BUILD)/replay_%)
	$(Q)sh tests/run.sh $(BUILD)

# The threaded paths (objective files, documents, page deflating) on a generated
# pack; meant for SANITIZE=thread (ThreadSanitizer, in build/tsan).
threads: test-deps all
	$(Q)sh tests/threads.sh $(BUILD)

# Speed and memory against the yardstick (docs/performance.md); BENCH=--quick for a short run.
bench:
	$(Q)sh bench/run.sh $(BENCH)

# memcheck over the example build and hostile packs (also part of make test).
valgrind: test-deps all
	$(Q)sh tests/valgrind.sh $(BUILD)

# Run each libFuzzer target for FUZZ_SECONDS, seeded from tests/fuzz/corpus/;
# crashes land in build/fuzz/crash-*: copy each into tests/fuzz/corpus/TARGET/.
fuzz: test-deps
	$(Q)$(MAKE) --no-print-directory SANITIZE=fuzz $(FUZZ:%=build/fuzz/fuzz_%)
	$(Q)$(MAKE) --no-print-directory SANITIZE=fuzz fuzz-run

fuzz-run:
	$(Q)set -e; for t in $(FUZZ); do \
	  mkdir -p build/fuzz/corpus-$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/crash-$$t- \
	    build/fuzz/corpus-$$t tests/fuzz/corpus/$$t 2>build/fuzz/$$t.log || { tail -n 40 build/fuzz/$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" build/fuzz/$$t.log; \
	done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/objreg/templates \
	  $(DESTDIR)$(PREFIX)/share/objreg/fonts $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/objreg $(DESTDIR)$(PREFIX)/bin/objreg
	install -m 644 templates/*.md $(DESTDIR)$(PREFIX)/share/objreg/templates/
	install -m 644 fonts/*.ttf $(DESTDIR)$(PREFIX)/share/objreg/fonts/
	install -m 644 docs/objreg.1 $(DESTDIR)$(PREFIX)/share/man/man1/objreg.1

clean:
	rm -rf build
