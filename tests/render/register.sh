#!/bin/sh
# tests/render/register.sh BUILD - the objective register PDF, read back by
# real clients (qpdf, poppler's pdfinfo, pdftotext and pdftoppm).
#
# Builds the example pack (input/) and the packs in tests/render/packs/
# with BUILD/objreg, then checks the PDF's structure, its text, the table
# header repeated after a page break, UTF-8 text, the DRAFT marking and that
# two builds with the same SOURCE_DATE_EPOCH are byte-identical.  Prints
# "ok - WHAT" or "not ok - WHAT: DETAIL" per check; exits 1 if any failed.
#
# libharu 2.3.0 writes a ToUnicode CMap that poppler warns about ("Invalid
# 'begincidrange' operator"); the text still extracts.  Exactly that line is
# filtered from poppler's stderr; anything else there fails the check.
set -u
BUILD=${1:-build}
OBJREG=$BUILD/objreg
PACKS=tests/render/packs
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
failed=0
CMAP_WARNING="Syntax Warning: Invalid 'begincidrange' operator in ToUnicode CMap"

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; failed=1; }

# Run a poppler tool; its stderr, less the known CMap warning, lands in $TMP/poppler.err.
poppler() {
  "$@" 2>"$TMP/poppler.raw"
  rc=$?
  grep -v -x -F "$CMAP_WARNING" "$TMP/poppler.raw" >"$TMP/poppler.err"
  return $rc
}

# poppler_ok WHAT: the last poppler run succeeded with nothing else on stderr.
poppler_clean() {
  [ ! -s "$TMP/poppler.err" ]
}

# The register of PACK built into OUT (extra args after); prints the PDF's path.
build() {
  pack=$1 out=$2
  shift 2
  "$OBJREG" build "$pack" -o "$out" -q "$@" >"$TMP/build.out" 2>"$TMP/build.err"
  ls "$out"/*-register.pdf 2>/dev/null | head -n 1
}

# Structure of one register: qpdf, page count and title, footers, rendering.
check_structure() {
  name=$1 pdf=$2 title=$3 min_pages=$4
  if qpdf --check "$pdf" >"$TMP/qpdf.out" 2>&1; then
    ok "$name: qpdf --check"
  else
    not_ok "$name: qpdf --check" "$(tail -n 3 "$TMP/qpdf.out" | tr '\n' ' ')"
  fi
  if poppler pdfinfo "$pdf" >"$TMP/info" && poppler_clean; then
    ok "$name: pdfinfo"
  else
    not_ok "$name: pdfinfo" "$(head -n 3 "$TMP/poppler.err" | tr '\n' ' ')"
  fi
  pages=$(sed -n 's/^Pages: *//p' "$TMP/info")
  got_title=$(sed -n 's/^Title: *//p' "$TMP/info")
  if [ -n "$pages" ] && [ "$pages" -ge "$min_pages" ]; then
    ok "$name: $pages pages"
  else
    not_ok "$name: page count" "got '$pages', want at least $min_pages"
  fi
  if [ "$got_title" = "$title" ]; then
    ok "$name: title"
  else
    not_ok "$name: title" "got '$got_title', want '$title'"
  fi
  for k in Author Subject Keywords; do
    if grep -q "^$k: *[^ ]" "$TMP/info"; then ok "$name: info $k"; else not_ok "$name: info $k" "missing"; fi
  done
  # A page tree whose root holds nodes of at most 1,024 pages: libharu
  # refuses a node of more than 32,767 (a register of 10,000 objectives).
  if python3 - "$pdf" "$pages" >"$TMP/tree.out" 2>&1 <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read()
objs = dict((int(n), b) for n, b in re.findall(rb"(?s)(\d+) 0 obj(.*?)endobj", d))
nodes = {n: b for n, b in objs.items() if re.search(rb"/Type\s*/Pages\b", b)}
root = int(re.search(rb"/Type\s*/Catalog.*?/Pages\s+(\d+) 0 R", d, re.S).group(1))
kids = [int(k) for k in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids\s*\[(.*?)\]", nodes[root], re.S).group(1))]
assert kids and all(k in nodes for k in kids), "the root's kids are page-tree nodes"
counts = [int(re.search(rb"/Count\s+(\d+)", nodes[k]).group(1)) for k in kids]
assert all(0 < c <= 1024 for c in counts) and sum(counts) == int(sys.argv[2]), counts
PY
  then ok "$name: page tree in nodes of at most 1,024 pages"; else not_ok "$name: page tree" "$(tail -n 2 "$TMP/tree.out" | tr '\n' ' ')"; fi
  if grep -q "^Creator: *objreg [0-9]" "$TMP/info"; then
    ok "$name: info Creator"
  else
    not_ok "$name: info Creator" "$(grep '^Creator' "$TMP/info")"
  fi
  # Every page says "Page N of M", with M the page count.
  bad=""
  n=1
  while [ "$n" -le "${pages:-0}" ]; do
    poppler pdftotext -f "$n" -l "$n" "$pdf" "$TMP/page.txt"
    grep -q "Page $n of $pages" "$TMP/page.txt" || bad="$bad $n"
    n=$((n + 1))
  done
  if [ -z "$bad" ]; then ok "$name: Page N of M on every page"; else not_ok "$name: Page N of M" "pages$bad"; fi
  rm -rf "$TMP/png"
  mkdir "$TMP/png"
  if poppler pdftoppm -r 24 -png "$pdf" "$TMP/png/p" && poppler_clean; then
    rendered=$(ls "$TMP/png" | wc -l)
    if [ "$rendered" -eq "$pages" ]; then
      ok "$name: pdftoppm renders all $pages pages"
    else
      not_ok "$name: pdftoppm" "$rendered of $pages pages rendered"
    fi
  else
    not_ok "$name: pdftoppm" "$(head -n 3 "$TMP/poppler.err" | tr '\n' ' ')"
  fi
  poppler pdftotext "$pdf" "$TMP/$name.txt"
  if poppler_clean; then ok "$name: pdftotext stderr"; else not_ok "$name: pdftotext" "$(head -n 3 "$TMP/poppler.err")"; fi
  poppler pdftotext -layout "$pdf" "$TMP/$name.layout"
}

# The model's text in the register: every objective's id and title, the
# titles of the policy statements it references, each measure's latest value
# and date (from `objreg dump`), and the bookmarks.
check_content() {
  name=$1 pdf=$2 pack=$3
  "$OBJREG" dump "$pack" >"$TMP/$name.dump" 2>/dev/null
  qpdf --json "$pdf" >"$TMP/$name.json" 2>/dev/null
  python3 - "$pack" "$TMP/$name.txt" "$TMP/$name.layout" "$TMP/$name.dump" "$TMP/$name.json" "$name" <<'EOF'
import glob, json, re, sys
pack, txt, layout, dump, qjson, name = sys.argv[1:]

def norm(s):
    s = re.sub(r"\s+", " ", s)
    return re.sub(r"- ", "-", s)  # a line may break after a hyphen

text = norm(open(txt, encoding="utf-8").read())
lay = open(layout, encoding="utf-8").read()

def scalar(fm, key):
    m = re.search(r"^%s:[ \t]*(.*)$" % key, fm, re.M)
    if not m:
        return None
    v = m.group(1).strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        v = v[1:-1]
    return v

def seq(fm, key):
    v = scalar(fm, key) or ""
    return [x.strip() for x in v.strip("[]").split(",") if x.strip()]

policy = {}
for line in open(pack + "/policy.md", encoding="utf-8"):
    m = re.match(r"#+\s+([A-Z][A-Z0-9]*-[A-Z0-9][A-Z0-9._-]*)(?::|\s+-|\s+\u2014|\s)\s*(.*)", line)
    if m:
        policy[m.group(1)] = m.group(2).strip()

def check(what, good, detail=""):
    print(("ok - %s: %s" % (name, what)) if good else ("not ok - %s: %s: %s" % (name, what, detail)))

missing_ids, missing_titles, missing_pol = [], [], []
for path in sorted(glob.glob(pack + "/objectives/**/*.md", recursive=True)):
    fm = open(path, encoding="utf-8").read().split("---")[1]
    oid, title = scalar(fm, "id"), scalar(fm, "title")
    if oid not in text:
        missing_ids.append(oid)
    if title and norm(title) not in text:
        missing_titles.append(oid)
    for p in seq(fm, "policy"):
        if p in policy and norm(policy[p]) not in text:
            missing_pol.append(p)
check("every objective id", not missing_ids, " ".join(missing_ids))
check("every objective title", not missing_titles, " ".join(missing_titles))
check("resolved policy titles", not missing_pol, " ".join(sorted(set(missing_pol))))

bad = []
for line in open(dump, encoding="utf-8"):
    m = re.match(r"\s+measure (\S+) .*latest=(\S+) on=(\S+)", line)
    if m:
        mid, value, date = m.groups()
        pat = r"^\s*%s\s+%s%%?\s+%s\b" % (re.escape(mid), re.escape(value), re.escape(date))
        if not re.search(pat, lay, re.M):
            bad.append("%s=%s@%s" % (mid, value, date))
check("latest values and dates", not bad, " ".join(bad))

try:
    j = json.load(open(qjson))
    titles = []
    def walk(items):
        for o in items:
            titles.append(o.get("title", ""))
            walk(o.get("kids", []))
    walk(j.get("outlines", []))
    want = [scalar(open(p, encoding="utf-8").read().split("---")[1], "id")
            for p in sorted(glob.glob(pack + "/objectives/**/*.md", recursive=True))]
    lost = [w for w in want if not any(t.startswith(w + " ") for t in titles)]
    check("a bookmark per objective", not lost, " ".join(lost))
    objs = j["qpdf"][1] if "qpdf" in j else j.get("objects", {})  # JSON v2 (qpdf 11) or v1
    vals = [o.get("value", o) if isinstance(o, dict) else o for o in objs.values()]
    annots = [o for o in vals if isinstance(o, dict) and o.get("/Subtype") == "/Link"]
    check("internal links", any("/Dest" in a for a in annots), "no /Link annotation with /Dest")
except (ValueError, OSError) as e:
    check("qpdf --json", False, str(e))
EOF
}

# --- the example pack ---------------------------------------------------------
pdf=$(build input "$TMP/example")
if [ -n "$pdf" ]; then
  ok "example: built $(basename "$pdf")"
  n=$(ls input/objectives/*.md | wc -l)
  check_structure example "$pdf" "Information Security Objectives Register" $((n + 3))
  check_content example "$pdf" input
  if grep -q "NOT A CONTROLLED COPY" "$TMP/example.txt"; then not_ok "example: no DRAFT mark" "found one"; else ok "example: no DRAFT mark (only the drafts annex says DRAFT — NOT APPROVED)"; fi
  # A draft objective shows its measures' statuses but no RAG.
  if python3 - "$TMP/example.layout" <<'EOF'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
summary = [l for l in t.splitlines() if l.lstrip().startswith("OBJ-009 ") and " draft " in l]
sect = t[t.rindex("OBJ-009 \u00b7"):]
sys.exit(0 if summary and "not rated" in summary[0] and "no-data" in sect and "not rated (draft)" in sect
         and "Amber" not in sect and "Green" not in sect else 1)
EOF
  then ok "example: draft objective without RAG"; else not_ok "example: draft objective without RAG" "OBJ-009"; fi
  # Each objective lists the management review decisions that name it (SPEC 18), as the dump has them.
  "$OBJREG" dump input >"$TMP/example.dump" 2>/dev/null
  if python3 - "$TMP/example.layout" "$TMP/example.dump" <<'EOF'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
want, date = {}, None
for line in open(sys.argv[2], encoding="utf-8"):
    m = re.match(r"meeting \S+ date=(\S+)", line)
    date = m.group(1) if m else date
    m = re.match(r"  decision (\S+) .* state=(\S+) days_overdue=\d+ objectives=\d+", line)
    if m:
        want.setdefault(date + " " + m.group(1), m.group(2))
objs = {"2026-01-22 D1": "OBJ-005", "2026-01-22 D2": "OBJ-007", "2026-06-30 D1": "OBJ-004", "2026-06-30 D2": "OBJ-007"}
bad = []
for key, state in want.items():
    o = objs[key]
    sect = t[t.index(o + " \u00b7"):]
    sect = sect[:sect.index("Check findings")]
    part = sect.split("Management review decisions")[1] if "Management review decisions" in sect else ""
    d, i = key.split()
    if not re.search(r"^\s*%s\s+%s .*\s%s\s*$" % (d, i, state.capitalize()), part, re.M):
        bad.append(key)
sys.exit(0 if len(want) == 4 and not bad else print(bad, want) or 1)
EOF
  then ok "example: each objective lists the review decisions that name it, with their state"
  else not_ok "example: review decisions in the register" "see above"; fi
else
  not_ok "example: build" "$(cat "$TMP/build.err")"
fi

# --- a table long enough to break across pages keeps its header -----------------
pdf=$(build "$PACKS/long-table" "$TMP/long")
if [ -n "$pdf" ]; then
  check_structure long-table "$pdf" "Objectives Register with a Long Action Plan" 5
  check_content long-table "$pdf" "$PACKS/long-table"
  first=""
  last=""
  n=1
  pages=$(poppler pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
  while [ "$n" -le "$pages" ]; do
    poppler pdftotext -layout -f "$n" -l "$n" "$pdf" "$TMP/page.txt"
    grep -q "^ *A1 " "$TMP/page.txt" && [ -z "$first" ] && first=$n
    grep -q "^ *A60 " "$TMP/page.txt" && last=$n
    n=$((n + 1))
  done
  if [ -n "$first" ] && [ -n "$last" ] && [ "$last" -gt "$first" ]; then
    ok "long-table: the action plan runs from page $first to page $last"
    bad=""
    n=$((first + 1))
    while [ "$n" -le "$last" ]; do
      poppler pdftotext -layout -f "$n" -l "$n" "$pdf" "$TMP/page.txt"
      grep -q "Action plan (continued)" "$TMP/page.txt" && grep -q "Latest status" "$TMP/page.txt" || bad="$bad $n"
      n=$((n + 1))
    done
    if [ -z "$bad" ]; then ok "long-table: header row repeated on every page"; else not_ok "long-table: header row" "missing on pages$bad"; fi
  else
    not_ok "long-table: table across pages" "A1 on page '$first', A60 on page '$last'"
  fi
  missing=$(for i in $(seq 1 60); do grep -q "^ *A$i " "$TMP/long-table.layout" || printf ' A%s' "$i"; done)
  if [ -z "$missing" ]; then ok "long-table: all 60 actions"; else not_ok "long-table: actions" "missing$missing"; fi
else
  not_ok "long-table: build" "$(cat "$TMP/build.err")"
fi

# --- UTF-8 text extracts as written ---------------------------------------------
pdf=$(build "$PACKS/utf8" "$TMP/utf8")
if [ -n "$pdf" ]; then
  check_structure utf8 "$pdf" "Registre des objectifs — Ω Ж" 4
  check_content utf8 "$pdf" "$PACKS/utf8"
  for s in "Chiffrement complet — é ł ü Ω Ж — de chaque poste à Łódź" "Ελληνικά: Ωμέγα" "Кириллица: Жук" \
    "Ελληνικά και Кириллица в политике" "Perte d'un ordinateur portable non chiffré à Łódź" "Zoë Müller" \
    "Révision annuelle — Ω Ж é ł ü" "Postes chiffrés (é ł ü Ω Ж)" "Ж-code"; do
    if tr '\n' ' ' <"$TMP/utf8.txt" | sed 's/  */ /g' | grep -q -F "$s"; then
      ok "utf8: '$s'"
    else
      not_ok "utf8: text" "'$s' not extracted"
    fi
  done
else
  not_ok "utf8: build" "$(cat "$TMP/build.err")"
fi

# --- a draft with errors: long cells, nesting, characters the fonts lack ----------
pdf=$(build "$PACKS/stress" "$TMP/stress" --draft)
if [ -n "$pdf" ]; then
  ok "stress: --draft writes the register despite errors"
  check_structure stress "$pdf" "$(sed -n 's/^  title: //p' "$PACKS/stress/pack.yml")" 5
  # The watermark is diagonal, and pdftotext leaves diagonal text out: count
  # instead the pages whose content sets the watermark's transparency (gs).
  pages=$(poppler pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
  qpdf --qdf --object-streams=disable "$pdf" "$TMP/stress.qdf" 2>/dev/null
  marked=$(grep -a -c '^/[A-Za-z0-9]* gs$' "$TMP/stress.qdf")
  if [ "$marked" -eq "$pages" ] && grep -q "DRAFT — NOT A CONTROLLED COPY" "$TMP/stress.txt"; then
    ok "stress: DRAFT marked on the cover and watermarked on all $pages pages"
  else
    not_ok "stress: DRAFT watermark" "$marked watermarks on $pages pages"
  fi
  # The mark is text in every page header too: pdftotext finds it page by page.
  texted=$(pdftotext "$pdf" - 2>/dev/null | python3 -c 'import sys; print(sum("DRAFT \u2014 NOT A CONTROLLED COPY" in p for p in sys.stdin.read().split("\f")[:-1]))')
  if [ "$texted" -eq "$pages" ]; then ok "stress: DRAFT as text in the header of all $pages pages"; else not_ok "stress: DRAFT as text" "on $texted of $pages pages"; fi
  if grep -q "Emoji � and CJK � become replacement marks" "$TMP/stress.txt"; then
    ok "stress: replacement marks for characters the fonts lack"
  else
    not_ok "stress: replacement marks" "not found"
  fi
  missing=$(for i in $(seq 1 89); do tr '\n' ' ' <"$TMP/stress.txt" | grep -q " $i of a very long" || printf ' %s' "$i"; done)
  if [ -z "$missing" ]; then ok "stress: a cell longer than a page loses no line"; else not_ok "stress: split cell" "missing sentences$missing"; fi
  if grep -q "(unknown)" "$TMP/stress.txt"; then ok "stress: unknown references marked"; else not_ok "stress: unknown references" "no '(unknown)'"; fi
else
  not_ok "stress: build --draft" "$(cat "$TMP/build.err")"
fi

# --- a unit the evaluation reads as per cent prints as one -----------------------
# "Per cent" is a percentage to the model (progress.c), so its values carry
# "%" in both PDFs, as "percent" does: the two texts differ only in the unit.
cp -R input "$TMP/pct-a" && cp -R input "$TMP/pct-b"
sed -i '/^    name: Simulated phishing emails reported/{n;s/unit: percent/unit: Per cent/}' \
  "$TMP/pct-b/objectives/obj-002-phishing-awareness.md"
if grep -q "unit: Per cent" "$TMP/pct-b/objectives/obj-002-phishing-awareness.md" &&
  build "$TMP/pct-a" "$TMP/pct-a-out" --draft >/dev/null && build "$TMP/pct-b" "$TMP/pct-b-out" --draft >/dev/null; then
  for d in register review; do
    pdftotext "$TMP"/pct-a-out/*-$d.pdf - 2>/dev/null | tr -s ' \n' '  ' >"$TMP/pct-a.$d"
    pdftotext "$TMP"/pct-b-out/*-$d.pdf - 2>/dev/null | tr -s ' \n' '  ' | sed 's/Per cent/percent/g' >"$TMP/pct-b.$d"
    if [ -s "$TMP/pct-a.$d" ] && cmp -s "$TMP/pct-a.$d" "$TMP/pct-b.$d"; then
      ok "unit 'Per cent': the $d prints its values as percentages"
    else
      not_ok "unit 'Per cent': $d" "$(cmp "$TMP/pct-a.$d" "$TMP/pct-b.$d" 2>&1 | head -n 1)"
    fi
  done
else
  not_ok "unit 'Per cent': build" "$(cat "$TMP/build.err")"
fi

# --- many findings of one rule: ten listed under the objective, the rest counted ---
# A generated pack whose rows name evidence files it does not hold: about 30
# P-EVIDENCE warnings an objective.  The register lists ten of each rule and
# severity under an objective and counts the rest in one row; findings.json
# keeps every one.
if /usr/bin/python3 bench/gen_pack.py "$TMP/many" --objectives 6 --rows 600 --seed 3 >/dev/null &&
  pdf=$(GIT_CEILING_DIRECTORIES="$TMP" build "$TMP/many" "$TMP/many-out") && [ -n "$pdf" ]; then
  poppler pdftotext "$pdf" "$TMP/many.txt"
  if res=$(/usr/bin/python3 - "$TMP/many-out/findings.json" "$TMP/many.txt" <<'EOF'
import collections, json, re, sys
found = json.load(open(sys.argv[1]))["findings"]
per = collections.Counter(f["objective"] for f in found if f["rule"] == "P-EVIDENCE")
text = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
listed = len(re.findall(r"evidence 'evidence/OBJ-", text))
more = [int(n) for n in re.findall(r"(\d+) more of this rule (?:is|are) not listed here", text)]
want_listed = sum(min(n, 10) for n in per.values())
want_more = [per[o] - 10 for o in sorted(per) if per[o] > 10]
if more and listed == want_listed and more == want_more and sum(per.values()) == listed + sum(more):
    print("%d P-EVIDENCE warnings: %d listed, %s counted" % (sum(per.values()), listed, "+".join(map(str, more))))
else:
    print("listed %d (want %d), counted %s (want %s)" % (listed, want_listed, more, want_more))
    sys.exit(1)
EOF
  ); then
    ok "many findings of a rule: ten listed under each objective, the rest counted ($res)"
  else
    not_ok "many findings of a rule" "$res"
  fi
else
  not_ok "many findings of a rule: build" "$(cat "$TMP/build.err")"
fi

# --- reproducible: same inputs and SOURCE_DATE_EPOCH, same bytes ------------------
mkdir -p "$TMP/other/place"
a=$(SOURCE_DATE_EPOCH=1764201600 build input "$TMP/repro-a")
b=$(SOURCE_DATE_EPOCH=1764201600 build input "$TMP/other/place/repro-b")
if [ -n "$a" ] && [ -n "$b" ] && cmp -s "$a" "$b"; then
  ok "two builds with SOURCE_DATE_EPOCH are byte-identical"
else
  not_ok "reproducible build" "$(cmp "$a" "$b" 2>&1)"
fi
if [ -n "$a" ] && poppler pdfinfo -isodates "$a" | grep -q "^CreationDate: *2025-11-27T00:00:00"; then
  ok "creation date from SOURCE_DATE_EPOCH"
else
  not_ok "creation date" "$(poppler pdfinfo -isodates "$a" | grep Date)"
fi

exit $failed
