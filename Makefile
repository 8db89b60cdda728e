# objreg - ISO/IEC 27001 clause 6.2 objectives compiler
#
#   make            build build/objreg
#   make run        install missing Debian packages, build, compile input/ into output/
#   make test       the same set-up, then every test (unit, golden, bad inputs)
#   make SANITIZE=1 test   the same under AddressSanitizer + UBSan (in build/san)
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

PKGS    := libcmark yaml-0.1 xlsxwriter libmd freetype2
CFLAGS  += -std=c11 -g $(OPT) -Wall -Wextra -Werror -D_DEFAULT_SOURCE $(SANFLAGS) \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDFLAGS += $(SANFLAGS)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lcmark -lyaml -lxlsxwriter -lmd -lfreetype) \
           -lcsv -lhpdf -lm -lpthread

SRCS    := $(sort $(wildcard src/*.c))
OBJS    := $(SRCS:src/%.c=$(BUILD)/%.o)
LIBOBJS := $(filter-out $(BUILD)/main.o,$(OBJS))
UNIT    := $(sort $(wildcard tests/unit/*.c))

# Debian 12 packages: to build, and what the tests read the outputs back with.
DEB_BUILD := gcc make pkg-config libcmark-dev libyaml-dev libcsv-dev libhpdf-dev \
             libxlsxwriter-dev libmd-dev libfreetype-dev fonts-dejavu-core fonts-dejavu-extra
DEB_TEST  := $(DEB_BUILD) python3 qpdf poppler-utils python3-openpyxl valgrind clang

.PHONY: all run test test-run check-deps deps test-deps install clean

all: $(BUILD)/objreg

$(BUILD)/objreg: $(OBJS)
	@echo "  LINK  $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: src/%.c src/objreg.h | $(BUILD)
	@echo "  CC    $<"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/test_unit: $(UNIT) tests/unit/harness.h $(LIBOBJS)
	@echo "  LINK  $@"
	$(Q)$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $(UNIT) $(LIBOBJS) $(LDLIBS)

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
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/test_unit
	$(Q)sh tests/run.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/objreg $(DESTDIR)$(PREFIX)/bin/objreg

clean:
	rm -rf build
