#!/bin/sh
# tests/i18n.sh BUILD - the translations (SPEC section 12): every PO file of
# po/ has every message of the sources (po/xgettext.sh) translated, keeps no
# unused or fuzzy one, passes msgfmt --check with the sources' format flags,
# and says the plural rule src/i18n.c applies.  The check itself is tried on
# a PO file with a message taken out and one with a message added.
set -u
BUILD=${1:-build}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }

sh po/xgettext.sh "$TMP/objreg.pot" || { not_ok "xgettext over src/*.c"; exit 1; }
n=$(msgattrib --no-obsolete "$TMP/objreg.pot" | grep -c '^msgid ')
[ "$n" -gt 50 ] && ok "xgettext: $((n - 1)) messages" || not_ok "xgettext found only $n messages"

# The msgid of each entry of a PO file on stdin, prefixed by $1 (not the header's).
msgids() {
  awk -v what="$1" 'BEGIN { RS = ""; FS = "\n" }
    { id = ""; on = 0
      for (i = 1; i <= NF; i++) {
        line = $i; sub(/^#~ /, "", line)
        if (line ~ /^msgid /) { on = 1; sub(/^msgid /, "", line) }
        else if (line ~ /^(msgstr|msgid_plural)/) on = 0
        else if (line !~ /^"/) continue
        if (on) id = id line
      }
      if (id != "" && id != "\"\"") print what " " id }'
}

# po_problems PO: one line per problem, nothing when the PO file is complete.
po_problems() {
  msgmerge -q --no-fuzzy-matching --no-wrap "$1" "$TMP/objreg.pot" -o "$TMP/merged.po" 2>&1 || echo "msgmerge failed"
  msgattrib --only-obsolete --no-wrap "$TMP/merged.po" | msgids "unused message"
  msgattrib --untranslated --no-obsolete --no-wrap "$TMP/merged.po" | msgids "missing translation of"
  msgattrib --only-fuzzy --no-obsolete --no-wrap "$1" | msgids "fuzzy translation of"
  msgattrib --no-obsolete "$TMP/merged.po" -o "$TMP/live.po" &&
    msgfmt --check -o /dev/null "$TMP/live.po" 2>&1 | sed 's/^/msgfmt: /'
}

for po in po/*.po; do
  l=$(basename "$po" .po)
  po_problems "$po" >"$TMP/problems"
  if [ -s "$TMP/problems" ]; then
    not_ok "$po: $(wc -l <"$TMP/problems") problems"; cat "$TMP/problems"
  else
    ok "$po: complete, nothing unused"
  fi
  case $l in fr) want='nplurals=2; plural=(n > 1);' ;; *) want='nplurals=2; plural=(n != 1);' ;; esac
  if grep -qF "\"Plural-Forms: $want\\n\"" "$po"; then ok "$po: plural rule"; else not_ok "$po: Plural-Forms is not '$want'"; fi
done

# The check fails on a missing and on an unused message.
msgattrib --no-obsolete po/de.po | awk 'BEGIN{RS="";ORS="\n\n"} NR!=3' >"$TMP/short.po"
po_problems "$TMP/short.po" | grep -q '^missing translation' && ok "a missing message is found" ||
  not_ok "a PO file lacking a message passes"
{ cat po/de.po; printf '\nmsgid "No such message in the sources"\nmsgstr "Keine solche Meldung"\n'; } >"$TMP/extra.po"
po_problems "$TMP/extra.po" | grep -q '^unused message "No such message' && ok "an unused message is found" ||
  not_ok "a PO file with an unused message passes"
# Each rule's requirement (SARIF shortDescription, the review's "Requirement on the
# objective") and what it checks (RULES in src/objreg.h, the workbook's "Rule checks")
# are messages of the catalogue, translated in every PO file, and the SARIF stays English.
"$BUILD/objreg" check tests/golden/valid --format sarif >"$TMP/rules.sarif" 2>/dev/null
python3 - "$TMP/rules.sarif" src/objreg.h po/*.po <<'PY'
import json, re, sys
sarif, header, pos = sys.argv[1], sys.argv[2], sys.argv[3:]
rules = json.load(open(sarif, encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]
reqs = [r["shortDescription"]["text"] for r in rules]
checks = re.findall(r'^  X\(RULE_\w+, "[^"]*", "[^"]*", "((?:[^"\\]|\\.)*)", SEV_\w+\)', open(header, encoding="utf-8").read(), re.M)
def entries(path):
    out, ctx = {}, None
    text = open(path, encoding="utf-8").read()
    for block in text.split("\n\n"):
        mid = re.search(r'^msgid "(.*)"$', block, re.M)
        mstr = re.search(r'^msgstr "(.*)"$', block, re.M)
        if mid and mstr and not re.search(r"^msgctxt", block, re.M):
            out[mid.group(1).replace('\\"', '"')] = mstr.group(1).replace('\\"', '"')
    return out
print(("ok - %d rule requirements and %d rule checks, English in the SARIF" if len(reqs) == len(checks) >= 35 and
       reqs[0].startswith("The pack establishes") else "not ok - rules: %d requirements, %d checks") % (len(reqs), len(checks)))
for po in pos:
    e = entries(po)
    bad = [s for s in reqs + checks if not e.get(s) or e[s] == s]
    print(("ok - %s: every rule requirement and check translated" % po) if not bad else
          ("not ok - %s: %d rule texts not translated, e.g. %r" % (po, len(bad), bad[0])))
PY
