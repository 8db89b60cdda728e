#!/bin/sh
# po/xgettext.sh OUT.pot - every msgid of the sources (src/*.c, and what each
# rule checks from RULES in src/objreg.h): the keywords
# of src/i18n.c, tr(lang, "..."), trn(lang, "...", "...", n),
# trc(lang, "ctx", "..."), N_("...") and NC_("ctx", "...").
set -eu
xgettext --from-code=UTF-8 --language=C -k -ktr:2 -ktrn:2,3 -ktrc:2c,3 -kN_ -kNC_:1c,2 \
  --no-location --sort-output --package-name=objreg --msgid-bugs-address=objreg@example.org \
  -o "$1" $(ls src/*.c | LC_ALL=C sort)
# What each rule checks: the fourth argument of each line of RULES(X) in objreg.h.
xgettext --from-code=UTF-8 --language=C -k -kX:4 --no-location --sort-output -j -o "$1" src/objreg.h
# No creation date: `make po` leaves the PO files' headers as they are.
sed -i '/^"POT-Creation-Date:/d' "$1"
