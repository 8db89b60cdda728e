# objreg - ISO/IEC 27001 clause 6.2 objectives compiler
#
#   make            build build/objreg
#   make run        install missing Debian packages, build, compile input/ into output/
#   make test       the same set-up, then every test (unit, golden, bad inputs)
#   make SANITIZE=1 test   the same under AddressSanitizer + UBSan (in build/san)
#   make SANITIZE=thread threads   check and build on their threads under ThreadSanitizer
#   make bench      time check and build against the library floors (BENCH=--quick)
#   make install    PREFIX=/usr/local DESTDIR=
#   make deb        the Debian package (debian/) in build/deb/, lintian-checked
#   make po         po/*.po brought up to the sources' messages (new ones empty, unused ones dropped)
#   make readme-png a page of the review per language for the README (docs/img/)
#   make clean
#
# WERROR=1 turns warnings into errors (CI, developers); V=1 shows the commands.
# A missing library stops the build with the Debian package to install (make deps).

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

# Libraries found with pkg-config, one line each: "pc-name=Debian-package".
# A missing .pc file stops the build with one line naming the package to install.
# PDF_PORTABLE=1: the PDF path over libharu's public API (pdf_portable.c) even
# with libharu 2.3.0, whose internals pdf_stream.c uses; in BUILD/portable.
ifeq ($(PDF_PORTABLE),1)
BUILD   := $(BUILD)/portable
CFLAGS  += -DOBJREG_PDF_PORTABLE
endif

PKGS := \
  libcmark=libcmark-dev \
  yaml-0.1=libyaml-dev \
  xlsxwriter=libxlsxwriter-dev \
  libcrypto=libssl-dev \
  freetype2=libfreetype-dev \
  zlib=zlib1g-dev \
  libdeflate=libdeflate-dev \
  minizip=libminizip-dev \
  libxml-2.0=libxml2-dev \
  libgit2=libgit2-dev
# .pc files that those require on some releases (not asked for directly), same form
# (minizip, which libxlsxwriter's requires on Debian 13, is asked for above: xlsx_read.c uses it).
PKGS_REQUIRED :=
# Libraries without a .pc file, one line each: "library=Debian-package" (linked -lLIBRARY).
LIBS_NOPC := \
  csv=libcsv-dev \
  hpdf=libhpdf-dev \
  hyphen=libhyphen-dev

# -Werror only where asked for (CI, developers): a user's make never fails on a warning.
WERROR  ?=
CFLAGS  += -std=c11 -g $(OPT) -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) \
           -D_DEFAULT_SOURCE $(SANFLAGS) -DOBJREG_PREFIX='"$(PREFIX)"' $(PKG_CFLAGS)
LDFLAGS += $(SANFLAGS)
LDLIBS  += $(PKG_LIBS) -lm -lpthread

# The library probe runs once, and only when something is compiled or linked
# (so make deps / make run can install the packages first).
pc_of   = $(firstword $(subst =, ,$1))
deb_of  = $(lastword $(subst =, ,$1))
deb_for = $(or $(call deb_of,$(filter $1=%,$(PKGS) $(PKGS_REQUIRED) $(LIBS_NOPC))),the package that ships $1.pc)
pkg_fail = $(error objreg: cannot build: $1 is missing: install the Debian package $2 (apt-get install $2, or make deps))
# Name the .pc that pkg-config misses for $1 (itself, or one it requires).
pc_missing = $(or $(shell pkg-config --print-errors --exists $1 2>&1 | \
  sed -n "s/^Package '\([^']*\)', required by .*/\1/p" | head -n 1),$1)
pc_check = $(if $(shell pkg-config --exists $1 && echo y),,\
  $(call pkg_fail,$(call pc_missing,$1).pc$(if $(filter-out $1,$(call pc_missing,$1)), (required by $1.pc)),$(call deb_for,$(call pc_missing,$1))))
lib_check = $(if $(shell printf 'int main(void){return 0;}\n' | $(CC) -x c -o /dev/null - -l$(call pc_of,$1) 2>/dev/null && echo y),,\
  $(call pkg_fail,lib$(call pc_of,$1),$(call deb_of,$1)))
define pkg_probe
$(if $(shell command -v pkg-config),,$(call pkg_fail,pkg-config,pkg-config))
$(foreach p,$(PKGS),$(call pc_check,$(call pc_of,$p)))
$(foreach l,$(LIBS_NOPC),$(call lib_check,$l))
_PKG_CFLAGS := $(shell pkg-config --cflags $(foreach p,$(PKGS),$(call pc_of,$p)))
_PKG_LIBS := $(shell pkg-config --libs $(foreach p,$(PKGS),$(call pc_of,$p))) $(foreach l,$(LIBS_NOPC),-l$(call pc_of,$l))
_PKG_DONE := 1
endef
PKG_CFLAGS = $(if $(_PKG_DONE),,$(eval $(pkg_probe)))$(_PKG_CFLAGS)
PKG_LIBS   = $(if $(_PKG_DONE),,$(eval $(pkg_probe)))$(_PKG_LIBS)

SRCS    := $(sort $(wildcard src/*.c))
# The translations (po/LL.po, SPEC section 12), compiled and embedded (src/i18n.c).
PO      := de fr
OBJS    := $(SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/catalog.o
LIBOBJS := $(filter-out $(BUILD)/main.o,$(OBJS))
UNIT    := $(sort $(wildcard tests/unit/*.c))
FUZZ    := objective csv policy template xlsx importval evalcsv review mo
FUZZ_SECONDS ?= 60

# Debian 12 and 13 packages: to build (the library lists above and the fonts), and
# what the tests read the outputs back with.
DEB_BUILD := gcc libc6-dev make pkg-config \
             $(foreach p,$(PKGS) $(PKGS_REQUIRED) $(LIBS_NOPC),$(call deb_of,$p)) \
             fonts-dejavu-core fonts-dejavu-extra gettext hyphen-de hyphen-fr hyphen-en-us
DEB_TEST  := $(DEB_BUILD) python3 qpdf poppler-utils python3-openpyxl valgrind clang git openssl
# and to build the Debian package (make deb)
DEB_PKG   := $(DEB_BUILD) build-essential dpkg-dev debhelper lintian

.PHONY: deb threads all run test deps test-deps fuzz fuzz-run valgrind bench install clean po readme-png

all: $(BUILD)/objreg

$(BUILD)/objreg: $(OBJS)
	@echo "  LINK  $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	@echo "  CC    $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Each PO file checked and compiled (msgfmt --check), then embedded as bytes.
$(BUILD)/po/%.mo: po/%.po | $(BUILD)
	@echo "  MSGFMT $<"
	$(Q)mkdir -p $(@D) && msgfmt --check -o $@ $<

$(BUILD)/catalog.c: po/mo2c.sh $(PO:%=$(BUILD)/po/%.mo)
	$(Q)sh po/mo2c.sh $@ $(PO:%=$(BUILD)/po/%.mo)

$(BUILD)/catalog.o: $(BUILD)/catalog.c
	@echo "  CC    $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

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

# The PO files brought up to the sources: new messages empty (translate them),
# unused ones dropped; tests/i18n.sh fails until every message is translated.
po:
	$(Q)mkdir -p $(BUILD) && sh po/xgettext.sh $(BUILD)/objreg.pot
	$(Q)for l in $(PO); do msgmerge -q --no-fuzzy-matching --no-wrap po/$$l.po $(BUILD)/objreg.pot | \
	  msgattrib --no-obsolete --no-wrap -o po/$$l.po - || exit 1; done

# Page 2 of each language's review (RAG chart, key figures, table), for the README (docs/img/review-LL.png).
readme-png: all
	$(Q)mkdir -p docs/img
	$(Q)set -e; t=$$(mktemp -d); trap 'rm -rf "$$t"' EXIT; \
	for x in en:input de:examples/de fr:examples/fr; do l=$${x%%:*}; \
	  GIT_CEILING_DIRECTORIES=$(CURDIR) OBJREG_REVISION=0123456789abcdef0123456789abcdef01234567 \
	  SOURCE_DATE_EPOCH=1764201600 $(BUILD)/objreg build $${x#*:} -o $$t/$$l -q; \
	  pdftoppm -png -r 60 -f 2 -l 2 -singlefile $$t/$$l/*-review.pdf docs/img/review-$$l; \
	done; ls docs/img/review-*.png

# Install what is missing, with apt-get (through sudo when not root).
deps:
	$(Q)sh tests/deps.sh $(DEB_BUILD)

test-deps:
	$(Q)sh tests/deps.sh $(DEB_TEST)

# The example is not read as part of objreg's own repository (its history is
# objreg's, not the example ISMS's: docs/format.md, "Approval tied to content");
# the build is identified by objreg's commit instead.
run: deps
	$(Q)$(MAKE) --no-print-directory all
	GIT_CEILING_DIRECTORIES="$(realpath $(CURDIR))" OBJREG_REVISION="$$(git rev-parse -q --verify HEAD 2>/dev/null)" \
	  OBJREG_DATADIR="$(realpath $(CURDIR))" $(BUILD)/objreg build input/ -o output/evidence-pack

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
	$(Q)sh bench/git_history.sh $(if $(filter --quick,$(BENCH)),--runs 1)

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
	for l in de fr; do install -d $(DESTDIR)$(PREFIX)/share/objreg/templates/$$l && \
	  install -m 644 templates/$$l/*.md $(DESTDIR)$(PREFIX)/share/objreg/templates/$$l/; done
	install -m 644 fonts/*.ttf $(DESTDIR)$(PREFIX)/share/objreg/fonts/
	install -m 644 docs/objreg.1 $(DESTDIR)$(PREFIX)/share/man/man1/objreg.1

# The Debian package (debian/), into build/deb/, checked with lintian.
deb:
	$(Q)sh tests/deps.sh $(DEB_PKG)
	$(Q)rm -rf build/deb && mkdir -p build/deb
	$(Q)dpkg-buildpackage -us -uc -b >build/deb/build.log 2>&1 || { tail -n 30 build/deb/build.log; exit 1; }
	$(Q)v=$$(dpkg-parsechangelog -S Version); mv ../objreg_$${v}_*.deb ../objreg-dbgsym_$${v}_*.deb \
	  ../objreg_$${v}_*.buildinfo ../objreg_$${v}_*.changes build/deb/ 2>/dev/null; ls build/deb/objreg_$${v}_*.deb
	$(Q)debian/rules clean >/dev/null 2>&1
	$(Q)lintian --fail-on error build/deb/objreg_*.changes

clean:
	rm -rf build
