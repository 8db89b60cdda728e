#!/bin/sh
# tests/render/words.sh BUILD - figures and words that cannot mislead (the
# documents' side of SPEC section 20), read back from the text of both PDFs
# (pdftotext) of the example pack and of a one-objective pack where every
# count is 1:
#
#   - the check's output is "check findings", never bare "findings"
#     (findings.json and findings.sarif, the files, excepted);
#   - counts agree with their nouns ("1 objective is", never "1 are",
#     "1 errors", "2 objectives is");
#   - no doubled words ("achieved (achieved)", "the the");
#   - no rule text of the kind "objectives shall establish objectives";
#   - 6.2c-coverage is presented as a cross-check of risk treatment (6.1.3);
#   - RAG shares add up to 100; no forecast below 0 for a count or above 100
#     for a percentage; no planned progress beside the measure's own values;
#   - every plan figure is dated, the plan at as_of included;
#   - input/README.md's count of warnings is the build's.
#
# Prints "ok - WHAT" or "not ok - WHAT: DETAIL"; exits 1 if any failed.
set -u
BUILD=${1:-build}
OBJREG=$BUILD/objreg
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
CMAP_WARNING="Syntax Warning: Invalid 'begincidrange' operator in ToUnicode CMap"
failed=0
# tests/run.sh keeps the source tree's packs out of objreg's Git repository, so
# a controlled build has no revision: give one, else W-REVISION joins the
# example's findings (control.sh tests W-REVISION).
OBJREG_REVISION=0123456789abcdef0123456789abcdef01234567
export OBJREG_REVISION

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; failed=1; }

# Build PACK into $TMP/NAME and extract both PDFs' text into $TMP/NAME.txt.
extract() {
  name=$1 pack=$2
  shift 2
  if ! SOURCE_DATE_EPOCH=1764201600 "$OBJREG" build "$pack" -o "$TMP/$name" -q "$@" >"$TMP/$name.check" 2>"$TMP/$name.err"; then
    not_ok "$name: build" "$(cat "$TMP/$name.err")"
    return 1
  fi
  : >"$TMP/$name.txt"
  for pdf in "$TMP/$name"/*-register.pdf "$TMP/$name"/*-review.pdf; do
    pdftotext "$pdf" - 2>"$TMP/poppler.raw" >>"$TMP/$name.txt"
    pdftotext -layout "$pdf" - 2>>"$TMP/poppler.raw" >"$TMP/$name.$(basename "$pdf" .pdf | sed 's/.*-//').layout"
  done
  if grep -v -x -F "$CMAP_WARNING" "$TMP/poppler.raw" | grep -q .; then
    not_ok "$name: pdftotext" "$(head -n 3 "$TMP/poppler.raw")"
  fi
  return 0
}

extract example input || exit 1
extract late tests/golden/valid --as-of 2027-01-15 || exit 1

python3 - "$TMP" <<'EOF'
import re, sys
tmp = sys.argv[1]
failed = False

def check(what, good, detail=""):
    global failed
    print(("ok - %s" % what) if good else ("not ok - %s: %s" % (what, detail)))
    failed |= not good

def flat(s):
    return re.sub(r"\s+", " ", s.replace("\u00ad", ""))

for name in ("example", "late"):
    text = open("%s/%s.txt" % (tmp, name), encoding="utf-8").read()
    t = flat(text)
    # "findings" only as "check findings" (any case), or the files findings.json / findings.sarif.
    # The pack's own text may say what it likes: OBJ-004's resources say "follow-up of findings".
    t_own = t.replace("follow-up of findings", "")
    bare = [m.group(0) for m in re.finditer(r"(?i)(\S+\s+)?\bfindings?\b(\.json|\.sarif)?", t_own)
            if not m.group(2) and not (m.group(1) or "").strip().lower().endswith("check")]
    check("%s: no bare 'findings' in the PDFs" % name, not bare, bare[:5])
    nouns = r"(objective|error|warning|action|measure|finding|risk|day|point|value|row|decision)"
    wrong = re.findall(r"\b1 %ss\b" % nouns, t) + re.findall(r"\b1 \w+ are\b", t) + \
        re.findall(r"\b1 (?:rated )?objectives\b", t) + re.findall(r"\b(?:[02-9]|\d\d+) %ss? is\b" % nouns, t)
    check("%s: counts agree with their nouns" % name, not wrong, wrong[:5])
    doubled = re.findall(r"\b([A-Za-z]{2,}) \(\1\)", t) + re.findall(r"\b([a-z]{2,}) \1\b", t)
    check("%s: no doubled words" % name, not doubled, doubled[:5])
    check("%s: no 'objectives shall establish objectives'" % name,
          not re.search(r"(?i)objectives? shall establish (information security )?objectives", t), "found")
    check("%s: no planned progress beside the measure's own values" % name,
          not re.search(r"% vs \d+% planned", t), "found")

ex = flat(open("%s/example.txt" % tmp, encoding="utf-8").read())
rv = flat(open("%s/example.review.layout" % tmp, encoding="utf-8").read())
shares = [int(x) for x in re.findall(r"(\d+)% of rated", rv)]
check("example: RAG shares add up to 100 (%s)" % shares, len(shares) == 3 and sum(shares) == 100, shares)
check("example: 6.2c-coverage presented as a cross-check of risk treatment (6.1.3)",
      re.search(r"cross-check of risk treatment \(ISO/IEC 27001 6\.1\.3\) with the objectives \(6\.2 c\)", rv) is not None,
      "not found")
check("example: every plan in the review is dated, the plan at 2026-11-27 included",
      len(re.findall(r"plan [\d.]+%? at that date, [\d.]+%? at 2026-11-27", rv)) >= 3 and
      not re.search(r"plan [\d.]+%?;", rv), re.findall(r"plan [^;]*;", rv)[:5])
proj = [float(x) for x in re.findall(r"projects (-?[\d.]+)%", rv)]
check("example: no projected percentage above 100 or below 0", proj and all(0 <= p <= 100 for p in proj), proj)
check("example: no negative projection", not re.search(r"projects (\u2212|-)", rv), "found")
check("example: OBJ-001 M2 (100% on one quarter, rule: 2 in a row) is not achieved yet",
      re.search(r"M2 100% 2026-09-30 .*?on-track achieved when the last 2 values all meet the target \(1 so far\)", ex)
      is not None, "not found")
check("example: the register dates planned progress at the latest date and at as_of",
      re.search(r"69% at 2026-09-01 91% at 2026-11-27", ex) is not None, "OBJ-008 M1 not found")
check("example: OBJ-003 is 'achieved', not 'achieved (achieved)'", "achieved (achieved)" not in ex, "found")
sys.exit(1 if failed else 0)
EOF
[ $? -eq 0 ] || failed=1

# input/README.md says how many warnings the example gives; the build agrees.
said=$(sed -n 's/.*expect 0 errors and \([0-9]*\) warnings.*/\1/p' input/README.md)
got=$(sed -n 's/^9 objectives, 0 errors, \([0-9]*\) warnings$/\1/p' "$TMP/example.check")
if [ -n "$said" ] && [ "$said" = "$got" ]; then
  ok "input/README.md's $said warnings are the build's"
else
  not_ok "input/README.md's warnings" "README says '$said', the build gives '$got'"
fi
exit $failed
