#!/bin/sh
# tests/render/review.sh BUILD - the management review input PDF and
# evaluation.csv, read back by real clients (qpdf, poppler's pdfinfo and
# pdftotext, Python's csv module).
#
# Builds the example pack (input/) with BUILD/objreg and checks the review
# against the model's own figures, taken from `objreg dump input` and the
# build's findings.json and findings.sarif (RAG counts, which measures are
# behind plan and by how much, overdue actions, stale measures, uncovered
# risks, forecast misses, findings by rule); evaluation.csv row by row
# against the dump; `build --since` over an earlier build of the same pack
# (as of 2026-10-31), and over a copy with an objective added, one removed
# and one closed; --since refused for a folder that is not an objreg pack;
# two builds byte-identical; the DRAFT marking.  Prints "ok - WHAT" or
# "not ok - WHAT: DETAIL" per check; exits 1 if any failed.
#
# libharu 2.3.0 writes a ToUnicode CMap that poppler warns about ("Invalid
# 'begincidrange' operator"); exactly that line is filtered from poppler's
# stderr, anything else there fails the check.
set -u
BUILD=${1:-build}
OBJREG=$BUILD/objreg
PACKS=tests/render/packs
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
failed=0
CMAP_WARNING="Syntax Warning: Invalid 'begincidrange' operator in ToUnicode CMap"
TITLE="Management Review Input: Information Security Objectives"
# tests/run.sh keeps the source tree's packs out of objreg's Git repository, so
# a controlled build has no revision: give one, else W-REVISION joins the
# example's findings (control.sh tests W-REVISION).
OBJREG_REVISION=0123456789abcdef0123456789abcdef01234567
export OBJREG_REVISION

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; failed=1; }

# Run a poppler tool; its stderr, less the known CMap warning, lands in $TMP/poppler.err.
poppler() {
  "$@" 2>"$TMP/poppler.raw"
  rc=$?
  grep -v -x -F "$CMAP_WARNING" "$TMP/poppler.raw" >"$TMP/poppler.err"
  return $rc
}

# Build PACK into OUT (extra args after); prints the review's path, or nothing.
build() {
  pack=$1 out=$2
  shift 2
  "$OBJREG" build "$pack" -o "$out" -q "$@" >"$TMP/build.out" 2>"$TMP/build.err"
  echo $? >"$TMP/build.rc"
  ls "$out"/*-review.pdf 2>/dev/null | head -n 1
}

# Structure of one review: qpdf, pdfinfo, footers on every page; leaves
# $TMP/NAME.txt (pdftotext), $TMP/NAME.layout (-layout) and $TMP/NAME.json (qpdf).
check_structure() {
  name=$1 pdf=$2 max_pages=$3
  if qpdf --check "$pdf" >"$TMP/qpdf.out" 2>&1; then
    ok "$name: qpdf --check"
  else
    not_ok "$name: qpdf --check" "$(tail -n 3 "$TMP/qpdf.out" | tr '\n' ' ')"
  fi
  if poppler pdfinfo "$pdf" >"$TMP/info" && [ ! -s "$TMP/poppler.err" ]; then
    ok "$name: pdfinfo"
  else
    not_ok "$name: pdfinfo" "$(head -n 3 "$TMP/poppler.err" | tr '\n' ' ')"
  fi
  pages=$(sed -n 's/^Pages: *//p' "$TMP/info")
  if [ -n "$pages" ] && [ "$pages" -ge 1 ] && [ "$pages" -le "$max_pages" ]; then
    ok "$name: $pages pages (at most $max_pages: five minutes of reading)"
  else
    not_ok "$name: page count" "got '$pages', want 1 to $max_pages"
  fi
  got=$(sed -n 's/^Title: *//p' "$TMP/info")
  if [ "$got" = "$TITLE" ]; then ok "$name: title"; else not_ok "$name: title" "got '$got'"; fi
  for k in Author Subject Keywords; do
    if grep -q "^$k: *[^ ]" "$TMP/info"; then ok "$name: info $k"; else not_ok "$name: info $k" "missing"; fi
  done
  if grep -q "^Creator: *objreg [0-9]" "$TMP/info"; then ok "$name: info Creator"; else not_ok "$name: info Creator" "missing"; fi
  bad=""
  n=1
  while [ "$n" -le "${pages:-0}" ]; do
    poppler pdftotext -f "$n" -l "$n" "$pdf" "$TMP/page.txt"
    grep -q "Page $n of $pages" "$TMP/page.txt" && grep -q "Uncontrolled when printed" "$TMP/page.txt" || bad="$bad $n"
    n=$((n + 1))
  done
  if [ -z "$bad" ]; then ok "$name: footer on every page"; else not_ok "$name: footer" "pages$bad"; fi
  poppler pdftotext "$pdf" "$TMP/$name.txt"
  if [ ! -s "$TMP/poppler.err" ]; then ok "$name: pdftotext stderr"; else not_ok "$name: pdftotext" "$(head -n 3 "$TMP/poppler.err")"; fi
  poppler pdftotext -layout "$pdf" "$TMP/$name.layout"
  qpdf --json "$pdf" >"$TMP/$name.json" 2>/dev/null
}

# --- the example pack -----------------------------------------------------------
pdf=$(build input "$TMP/example")
if [ -z "$pdf" ]; then
  not_ok "example: build" "$(cat "$TMP/build.err")"
  exit 1
fi
ok "example: built $(basename "$pdf")"
check_structure example "$pdf" 4
"$OBJREG" dump input >"$TMP/example.dump" 2>/dev/null
if grep -q "DRAFT" "$TMP/example.txt"; then not_ok "example: no DRAFT mark" "found one"; else ok "example: no DRAFT mark"; fi

# The review's text against the model: `objreg dump` for the evaluation,
# findings.json and findings.sarif for the findings and the rules' wording.
python3 - "$TMP/example.txt" "$TMP/example.layout" "$TMP/example.dump" "$TMP/example/findings.json" \
  "$TMP/example/findings.sarif" "$TMP/example.json" <<'EOF'
import datetime, json, re, sys
txt, lay, dump, fjson, sarif, qjson = sys.argv[1:]

def norm(s):
    return re.sub(r"\s+", " ", s)

text = norm(open(txt, encoding="utf-8").read())
layout = open(lay, encoding="utf-8").read()

def check(what, good, detail=""):
    print(("ok - example: %s" % what) if good else ("not ok - example: %s: %s" % (what, detail)))

def pct(f):  # as the documents print a fraction: whole percent, half up
    return int(f * 100 + 0.5)

# The dump: pack figures, objectives, measures, actions.
objs, cur = [], None
head = {}
for line in open(dump, encoding="utf-8"):
    if line.startswith("as_of "):
        as_of = datetime.date.fromisoformat(line.split()[1])
    elif line.startswith("rag "):
        head = dict(kv.split("=") for kv in line.split()[1:])
    elif line.startswith("objective "):
        f = line.split()
        cur = {"id": f[1], "m": [], "a": []}
        cur.update(kv.split("=", 1) for kv in f[2:])
        objs.append(cur)
    elif line.startswith("  measure "):
        f = line.split()
        m = {"id": f[1]}
        m.update(kv.split("=", 1) for kv in f[2:])
        cur["m"].append(m)
    elif line.startswith("  action "):
        f = line.split()
        a = {"id": f[1]}
        a.update(kv.split("=", 1) for kv in f[2:])
        cur["a"].append(a)

# Objectives by RAG: the counts, the mean progress, the chart's labels.
g, a, r = head["green"], head["amber"], head["red"]
want = "%s are green, %s amber and %s red; their mean progress is %d%%" % (g, a, r, pct(float(head["progress"])))
check("RAG counts and mean progress (%s/%s/%s)" % (g, a, r), want in text, want)
rated = [o for o in objs if "rag" in o]
not_rated = len(objs) - len(rated)
check("not rated counted apart", "Not rated (draft, closed, withdrawn): %d" % not_rated in text, str(not_rated))
for label, key in [("Overdue actions", "overdue_actions"), ("Stale measures", "stale"),
                   ("Forecast misses", "forecast_misses")]:
    check("key figure %s = %s" % (label, head[key]),
          re.search(r"\b%s\s+%s\s*$" % (label, head[key]), layout, re.M) is not None, label)

# Every objective, red first, with its RAG and progress.
rank = {"red": 0, "amber": 1, "green": 2}
order = sorted(objs, key=lambda o: rank.get(o.get("rag"), 3))  # stable: pack order within
rows = [m.group(1) for m in re.finditer(r"^ (OBJ-\d+) ", layout.split("Every objective, red first")[1]
                                        .split("Objectives off track")[0], re.M)]
check("every objective, red first", rows == [o["id"] for o in order], " ".join(rows))
bad = []
for o in objs:
    m = re.search(r"^ %s .*$" % re.escape(o["id"]), layout.split("Every objective, red first")[1], re.M)
    want = (r"%s\s+%d%%" % (o["rag"].capitalize(), pct(float(o["progress"])))) if "rag" in o else r"not rated\s+\u2014"
    if not m or not re.search(want, m.group(0)):
        bad.append(o["id"])
check("RAG and progress of every objective", not bad, " ".join(bad))

# Objectives needing attention: exactly the red and amber ones, red first,
# each measure behind plan with its latest value and the plan in its own unit,
# at the latest value's date and at as_of.
sect = text.split("Objectives off track, at risk or overdue")[1].split("Forecast misses")[0]
shown = re.findall(r"\u25a0 (Red|Amber) (OBJ-\d+)", sect)
want = [(o["rag"].capitalize(), o["id"]) for o in order if o.get("rag") in ("red", "amber")]
check("attention: the red and amber objectives, red first", shown == want, "%s != %s" % (shown, want))
words = {"off-track": "off track", "at-risk": "at risk"}
bad, n = [], 0
for o in rated:
    for m in o["m"]:
        if m["status"] in words:
            n += 1
            pat = (r"%s [^\u2022\u25a0]*?: %s[^\u2022\u25a0\u2014]*\u2014 latest %s%%? \(%s\); plan %s%%? at that date, "
                   r"%s%%? at 2026-11-27; target" % (m["id"], words[m["status"]], re.escape(m["latest"]), m["on"],
                                                     re.escape(m["plan"]), re.escape(m["plan_now"])))
            block = sect.split(o["id"], 1)[1].split("\u25a0")[0]
            if not re.search(pat, block):
                bad.append("%s %s" % (o["id"], m["id"]))
check("attention: %d measures behind plan, latest and plan in their unit" % n, n and not bad, " ".join(bad))
check("OBJ-004 M1 off track, 65% against a plan of 90.2% then and 94.4% at as_of", re.search(
    r"OBJ-004 .*?M1 Critical suppliers [^\u2022]*: off track \u2014 latest 65% \(2026-11-02\); plan 90.2% at that "
    r"date, 94.4% at 2026-11-27; target 100% by 2026-12-31", sect) is not None, "not found")
check("OBJ-004's overdue review in its red block", re.search(
    r"OBJ-004 [^\u25a0]*Review of the objective overdue \u2014 next review was due on 2026-09-30, 58 days ago; "
    r"last reviewed on 2026-06-30", sect) is not None, "not found")
check("OBJ-002 M1 states its rule beside its status", re.search(
    r"M1 Simulated phishing [^\u2022]*: at risk \(achieved when the mean of the last 3 values meets the target; "
    r"mean now 48.67%\)", sect) is not None, "not found")
check("no planned progress beside the measure's own values", "planned (" not in sect and " vs " not in sect,
      "found")

# Overdue actions: objective, action, owner, due, days overdue, latest status.
overdue = [(o, x) for o in rated for x in o["a"] if x["overdue"] == "1"]
check("overdue actions in the dump", len(overdue) == int(head["overdue_actions"]), str(len(overdue)))
due = datetime.date(2026, 10, 30)  # OBJ-007 A3, objectives/obj-007-backup-recovery.md
days = (as_of - due).days
o, x = overdue[0]
pat = r"^\s*%s\s+%s Keep immutable.*\s+Infrastructure\s+%s\s+%d\s+%s\s*$" % (o["id"], x["id"], due, days, x["latest"])
check("overdue action OBJ-007 A3: due %s, %d days overdue, %s" % (due, days, x["latest"]),
      re.search(pat, layout, re.M) is not None and x["on"] in layout.split("Overdue actions")[-1], pat)
check("overdue action owner", "off site Infrastructure Manager 2026-10-30" in text.split("Overdue actions")[-1], "owner")

# Stale measures: OBJ-008 M1, latest date, days since, allowed days.
stale = [(o, m) for o in rated for m in o["m"] if m["stale"] == "1"]
o, m = stale[0]
since = (as_of - datetime.date.fromisoformat(m["on"])).days
pat = r"^\s*%s\s+%s .*\s%s\s+%s\s+%d\s+45\s*$" % (o["id"], m["id"], m["latest"], m["on"], since)
check("stale measure %s %s: %s, %d days, 45 allowed" % (o["id"], m["id"], m["on"], since),
      len(stale) == int(head["stale"]) and re.search(pat, layout, re.M) is not None, pat)

# Forecast misses: the projected value at due, 2 decimals, beside the target.
misses = [(o, m) for o in rated for m in o["m"] if m.get("miss") == "1"]
bad = [o["id"] + " " + m["id"] for o, m in misses
       if not re.search(r"^\s*%s\s+%s .*\s%.2f%%\s+\d+%%\s+2026-12-31\s*$" % (o["id"], m["id"], float(m["forecast"])),
                        layout, re.M)]
check("%d forecast misses with the projected value" % len(misses), misses and not bad, " ".join(bad))

# Risks without an objective: the uncovered risk, from findings.json (6.2c-coverage).
findings = json.load(open(fjson))["findings"]
risks = [re.search(r"risk '([^']+)'", f["message"]).group(1) for f in findings if f["rule"] == "6.2c-coverage"]
sect = norm(layout.split("Risks without an objective")[-1].split("Check findings by rule")[0])
check("uncovered risks %s" % " ".join(risks), risks and all(re.search(
    r"%s Lost or stolen laptops .* high Head of IT Operations" % k, sect) for k in risks), sect[:200])

# Check findings by rule: counts by severity, the requirement on the objective as the SARIF rules word it.
clause = {r["id"]: r["shortDescription"]["text"] for r in json.load(open(sarif))["runs"][0]["tool"]["driver"]["rules"]}
count = {}
for f in findings:
    count.setdefault(f["rule"], [0, 0])[f["severity"] == "warning"] += 1
sect = re.split(r"^.*Uncontrolled when printed", layout.split("Check findings by rule")[-1], flags=re.M)[0]  # to the footer
rows, cur = {}, None  # rule -> [requirement text over its wrapped lines, errors, warnings]
for line in sect.splitlines():
    m = re.match(r"^\s*(\S+)\s+(.*?)\s+(\d+)\s+(\d+)\s*$", line)
    if m and m.group(1) in clause:
        cur = rows[m.group(1)] = [m.group(2), int(m.group(3)), int(m.group(4))]
    elif cur and line.strip():
        cur[0] += " " + line.strip()
bad = [k for k, (e, w) in count.items()
       if k not in rows or rows[k] != [re.sub(r"\s+", " ", clause[k]), e, w]]
check("findings by rule (%d rules), worded as requirements on the objective" % len(count), count and not bad,
      " ".join("%s: %s" % (k, rows.get(k)) for k in bad))
got = re.findall(r"^\s*(\S+)\s+.*\s(\d+)\s+(\d+)\s*$", sect, re.M)
keys = [(-int(e), -int(w)) for _, e, w in got]
check("findings by rule, errors then warnings first", keys == sorted(keys), str(got))

# The introduction from templates/review.md, and a bookmark per section.
check("introduction from templates/review.md", "Decisions sought" in text and "clause 9.3" in text, "missing")
titles = []
def walk(items):
    for o in items:
        titles.append(o.get("title", ""))
        walk(o.get("kids", []))
walk(json.load(open(qjson)).get("outlines", []))
want = ["Document control", "Introduction", "Objectives by RAG", "Actions from previous management reviews",
        "Objectives off track, at risk or overdue", "Forecast misses", "Overdue actions", "Stale measures",
        "Risks without an objective", "Check findings by rule"]
check("a bookmark per section", titles == want, str(titles))

# Actions from previous management reviews (SPEC 18, clause 9.3.2 a): every decision of the
# meetings before as_of, with the owner, due and status the dump evaluates.
sect = layout.split("Actions from previous management reviews")[1].split("Objectives off track")[0]
decs, date = [], None
for line in open(dump, encoding="utf-8"):
    m = re.match(r"meeting \S+ date=(\S+) .* previous=1", line)
    if m or not line.startswith("  decision"):
        date = m.group(1) if m else None
    m = re.match(r"  decision (\S+) \S+ owner=(.*) due=(\S+) status=\S+ state=(\S+) days_overdue=(\d+)", line)
    if m and date:
        decs.append((date,) + m.groups())
bad = [d for d in decs if not re.search(r"^\s*%s\s+%s .*\s%s\s.*%s\s+%s" % (
    d[0], d[1], re.escape(d[2].split()[-1] if len(d[2].split()) == 1 else d[2].split()[0]), d[3], d[4].capitalize()),
    sect, re.M)]
check("actions from previous reviews: %d decisions with owner, due and status" % len(decs),
      len(decs) == 4 and not bad, str(bad))
check("actions from previous reviews: 1 done, 1 open, 1 overdue, 1 cancelled",
      "4 decisions of earlier management reviews (ISO/IEC 27001:2022 clause 9.3.2 a) \u2014 done: 1, open: 1, "
      "overdue: 1, cancelled: 1. They were taken in 2 meetings." in text, "summary sentence")
check("the overdue decision 2026-06-30 D1 with 58 days overdue",
      re.search(r"^\s*2026-06-30\s+D1 Add 0.5 FTE.*2026-09-30\s+Overdue\s+58\s*$", sect, re.M) is not None, sect[:600])
check("no meeting on as_of: no 'Decisions of this review' and no sign-off",
      "Decisions of this review" not in text and "Sign-off" not in text, "found")
EOF

# --- the record of a review: a meeting dated on as_of (SPEC 18) ----------------
pdf=$(build input "$TMP/meeting" --as-of 2026-06-30)
if [ -z "$pdf" ]; then
  not_ok "meeting: build --as-of 2026-06-30" "$(cat "$TMP/build.err")"
else
  TITLE="Management Review Record: Information Security Objectives" check_structure meeting "$pdf" 6
  python3 - "$TMP/meeting.txt" "$TMP/meeting.layout" "$TMP/meeting.json" <<'EOF'
import json, re, sys
txt, lay, qjson = sys.argv[1:]
text = re.sub(r"\s+", " ", open(txt, encoding="utf-8").read())
layout = open(lay, encoding="utf-8").read()
def check(what, good, detail=""):
    print(("ok - meeting: %s" % what) if good else ("not ok - meeting: %s: %s" % (what, detail)))
cover = text.split("Document control")[0]
check("the cover says it is the record of the meeting of 2026-06-30, not an input",
      "Management Review Record Record of the meeting of 2026-06-30: objectives, decisions, minutes and sign-off" in cover
      and "Input" not in cover, cover)
this = layout.split("Decisions of this review")[-1].split("Minutes")[0]
check("decisions of this review: D1 and D2 of 2026-06-30, open, with owner and due",
      re.search(r"^\s*D1 Add 0.5 FTE.*OBJ-004\s+Head of\s+2026-09-30\s+Open", this, re.M) is not None and
      re.search(r"^\s*D2 Extend the support.*OBJ-007\s+Head of IT\s+2026-12-31\s+Open", this, re.M) is not None, this)
prev = layout.split("Actions from previous management reviews")[1].split("Objectives off track")[0]
check("actions from previous reviews: only the decisions of 2026-01-22",
      re.search(r"2026-01-22\s+D1", prev) is not None and not re.search(r"^\s*2026-06-30\s+D[12]", prev, re.M), prev)
check("the introduction (templates/record.md) records the review: no input, no decisions sought",
      "This report is the record of the management review" in text and "held on 2026-06-30" in text and
      "is an input" not in text and "Decisions sought" not in text, text[:600])
check("the minutes from the meeting file's body",
      "Minutes of the mid-year management review, 30 June 2026" in text and "cancelled the migration" in text, "")
sign = text.split("Sign-off")[-1]
for label, value in [("Chair", "Margaret Ellis, Managing Director"), ("Date of the meeting", "2026-06-30"),
                     ("Attendees", "Margaret Ellis, Managing Director; David Okafor, Chief Information Security "
                      "Officer; Priya Raman, Head of IT Operations; Tom Hughes, Head of Procurement"),
                     ("Minutes approved by", "ISMS Steering Committee"), ("Minutes approved on", "2026-07-09")]:
    check("sign-off: %s" % label, ("%s %s" % (label, value)) in sign, sign[:400])
check("sign-off: two empty signature lines with name and role under them",
      sign.count("Date and signature") == 2 and "Name: Margaret Ellis, Managing Director" in sign and
      "Role: Chair of the management review" in sign and "Name: ISMS Steering Committee" in sign and
      "Role: Approval of the minutes" in sign, sign[:400])
titles = []
def walk(items):
    for o in items:
        titles.append(o.get("title", ""))
        walk(o.get("kids", []))
walk(json.load(open(qjson)).get("outlines", []))
check("bookmarks end with the review's record", titles[-3:] == ["Decisions of this review", "Minutes", "Sign-off"],
      str(titles))
EOF
fi

# --- the record's title in German and French (SPEC 12, 18) --------------------------
# A meeting dated on the example's as_of: title, cover and the DRAFT box say "record".
record_in() {  # LANG TITLE COVER-LINE DRAFT-BOX INTRODUCTION
  l=$1
  cp -r "examples/$l" "$TMP/rec-$l"
  "$OBJREG" new review 2026-11-27 "$TMP/rec-$l" >/dev/null 2>&1
  sed -i 's/^chair:.*/chair: Dr. Vogel/' "$TMP/rec-$l/reviews/2026-11-27.md"
  pdf=$(build "$TMP/rec-$l" "$TMP/rec-$l-out" --draft)
  title=$(poppler pdfinfo "$pdf" | sed -n 's/^Title: *//p')
  poppler pdftotext -l 1 "$pdf" - | tr '\n' ' ' | sed 's/  */ /g' >"$TMP/rec-$l.txt"
  poppler pdftotext "$pdf" - | tr '\n' ' ' | sed 's/  */ /g' >"$TMP/rec-$l.all"
  if [ "$title" = "$2" ] && grep -qF "$3" "$TMP/rec-$l.txt" && grep -qF "$4" "$TMP/rec-$l.txt" &&
    grep -qF "$5" "$TMP/rec-$l.all"; then
    ok "$l: the record of a meeting: title '$title', cover, draft box and introduction"
  else
    not_ok "$l: the record's title" "'$title'; page 1: $(head -c 600 "$TMP/rec-$l.txt")"
  fi
}
record_in de "Protokoll der Managementbewertung: Informationssicherheitsziele" \
  "Sitzung vom 2026-11-27: Ziele, Entscheidungen, Protokoll und Abzeichnung" \
  "Dieses Protokoll der Managementbewertung wurde als Entwurf erstellt" \
  "Dieser Bericht ist das Protokoll der Managementbewertung"
# (the French title keeps its no-break space before ':', which pdftotext gives as a space)
record_in fr "$(printf 'Compte rendu de la revue de direction\302\240: objectifs de s\303\251curit\303\251 de l%sinformation' "'")" \
  "Réunion du 2026-11-27 : objectifs, décisions, compte rendu et visa" \
  "Ce compte rendu de la revue de direction a été produit" \
  "Ce rapport est le compte rendu de la revue de direction"

# --- a meeting's texts: W-GLYPH and W-TRUNC at the meeting field (SPEC 8, 18) ------
# A chair, an attendee and a minutes heading with a character the fonts lack, and a
# decision longer than an Excel cell: each warned about at its line and column, the
# PDF shows the replacement mark, the Decisions sheet holds the first 32,767 characters.
mkdir -p "$TMP/mtext"
cp -r input "$TMP/mtext/pack"
python3 - "$TMP/mtext/pack/reviews/2026/2026-06-30-management-review.md" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("chair: Margaret Ellis,", "chair: Margaret Ellis \u4e2d,")
s = s.replace("  - Tom Hughes, Head", "  - Tom Hughes \u4e8c, Head")
s = s.replace("decision: Add 0.5 FTE", "decision: Add 0.5 FTE " + "budget " * 4700 + "end")
s = s.replace("## Actions from the previous review", "## Actions from the previous review \u4e09")
open(p, "w", encoding="utf-8").write(s)
EOF
pdf=$(build "$TMP/mtext/pack" "$TMP/mtext/out" --as-of 2026-06-30)
M=reviews/2026/2026-06-30-management-review.md
grep -E "W-GLYPH|W-TRUNC" "$TMP/build.out" >"$TMP/mtext/warn"
want="$M:4:8: warning: 'chair' holds U+4E2D, a character the PDF fonts cannot print; it is shown as a replacement mark [W-GLYPH]
$M:9:5: warning: an attendee holds U+4E8C, a character the PDF fonts cannot print; it is shown as a replacement mark [W-GLYPH]
$M:12:15: warning: a decision is longer than 32767 characters; the workbook cell holds only the first 32767 [W-TRUNC]
$M:27:4: warning: the body text holds U+4E09, a character the PDF fonts cannot print; it is shown as a replacement mark [W-GLYPH]"
if [ "$(cat "$TMP/mtext/warn")" = "$want" ]; then
  ok "meeting texts: W-GLYPH (chair, attendee, minutes) and W-TRUNC (decision) at their line and column"
else
  not_ok "meeting texts: warnings" "$(cat "$TMP/mtext/warn")"
fi
if [ -n "$pdf" ] && poppler pdftotext "$pdf" "$TMP/mtext/review.txt" &&
  grep -q "Margaret Ellis $(printf '\357\277\275'), Managing Director" "$TMP/mtext/review.txt" &&
  grep -q "Tom Hughes $(printf '\357\277\275'), Head of Procurement" "$TMP/mtext/review.txt" &&
  grep -q "Actions from the previous review $(printf '\357\277\275')" "$TMP/mtext/review.txt"; then
  ok "meeting texts: the review shows U+FFFD where the warnings say"
else
  not_ok "meeting texts: replacement marks in the review" "$(grep -n 'Margaret Ellis\|Tom Hughes' "$TMP/mtext/review.txt" | head -n 4)"
fi
/usr/bin/python3 - "$TMP/mtext/out"/*-tracking.xlsx <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Decisions"]
row = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "D1" and r[0].year == 2026 and r[0].month == 6][0]
text = row[2]
good = len(text) == 32767 and text.startswith("Add 0.5 FTE budget budget") and not text.endswith("end")
print(("ok - %s" if good else "not ok - %s: " + "%d characters, ends %r" % (len(text), text[-20:]))
      % "meeting texts: the Decisions sheet holds the decision's first 32,767 characters")
EOF
[ $? = 0 ] || failed=1

# --- evaluation.csv: every row against the dump ------------------------------------
python3 - "$TMP/example/evaluation.csv" "$TMP/example.dump" <<'EOF'
import csv, sys
path, dump = sys.argv[1:]
rows = list(csv.reader(open(path, encoding="utf-8", newline="")))

def check(what, good, detail=""):
    print(("ok - evaluation.csv: %s" % what) if good else ("not ok - evaluation.csv: %s: %s" % (what, detail)))

check("header", rows[0] == ["kind", "objective", "measure", "title", "status", "rag", "progress", "latest",
                            "latest_date", "as_of", "action", "owner", "due", "level", "target", "baseline",
                            "direction", "unit", "links", "achieved_when"], str(rows[0]))
check("20 fields on every row", all(len(r) == 20 for r in rows), "")
r = [x for x in rows if x[0] == "measure" and x[19] != "latest"]
check("achieved_when: 'latest' by default, as given otherwise", all(x[19] in ("consecutive: 2", "consecutive: 3", "average_of: 3")
      for x in r) and any(x[:3] == ["measure", "OBJ-002", "M1"] and x[19] == "average_of: 3" for x in r)
      and all(x[19] == "" for x in rows[1:] if x[0] != "measure"), str(r))
acts = [r for r in rows if r[0] == "action"]
check("action rows: id, owner and due date", len(acts) > 10 and all(r[10] and r[2] == "" for r in acts), str(acts[:1]))
r = [x for x in rows if x[:3] == ["measure", "OBJ-001", "M1"]]
check("OBJ-001 M1: target 0, baseline 38, decrease, accounts", r and r[0][14:18] == ["0", "38", "decrease", "accounts"], str(r))
r = [x for x in rows if x[:3] == ["objective", "OBJ-001", ""]]
check("OBJ-001: owner, due, level and links", r and r[0][11:14] == ["Head of IT Operations", "2026-12-31", "function"]
      and r[0][18].startswith("policy:POL-4 policy:POL-5 risk:R-001"), str(r))
rows = [x for x in rows if x[0] != "action"]
want, obj, rated = [], None, False
for line in open(dump, encoding="utf-8"):
    f = line.split()
    if line.startswith("as_of "):
        as_of = f[1]
    elif line.startswith("objective "):
        d = dict(kv.split("=", 1) for kv in f[2:])
        obj, rated = f[1], "rag" in d
        want.append(["objective", obj, "", d["status"], d.get("rag", ""), d.get("progress", ""), "", ""])
    elif line.startswith("  measure "):
        d = dict(kv.split("=", 1) for kv in f[2:])
        want.append(["measure", obj, f[1], d["status"], d["rag"] if rated else "", d["p"], d.get("latest", ""),
                     d.get("on", "")])
got = [[r[0], r[1], r[2], r[4], r[5], r[6], r[7], r[8]] for r in rows[1:]]
bad = [w[1] + " " + w[2] for w, g in zip(want, got)
       if g[:6] != w[:6] or (w[6] and float(g[6]) != float(w[6])) or (not w[6] and g[6]) or g[7] != w[7]]
check("%d rows, status, RAG, progress, latest value and date as the dump" % len(want),
      len(got) == len(want) and not bad, " ".join(bad) or "%d rows, want %d" % (len(got), len(want)))
check("as_of on every row", all(r[9] == as_of for r in rows[1:]), as_of)
r = [x for x in rows if x[:3] == ["objective", "OBJ-004", ""]]
check("OBJ-004: active, red, 0.5655", r and r[0][4:7] == ["active", "red", "0.5655"], str(r))
r = [x for x in rows if x[:3] == ["measure", "OBJ-004", "M1"]]
check("OBJ-004 M1: off-track, red, 65 on 2026-11-02", r and r[0][4:9] == ["off-track", "red", "0.4167", "65", "2026-11-02"], str(r))
r = [x for x in rows if x[1] == "OBJ-009"]
check("OBJ-009 (draft): no RAG, no progress", r and r[0][4:7] == ["draft", "", ""] and r[1][4:6] == ["no-data", ""], str(r))
EOF
for p in injection; do
  "$OBJREG" build "$PACKS/$p" -o "$TMP/$p" -q --draft >/dev/null 2>&1
  if python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
sys.exit(0 if rows[1][3] == "=HYPERLINK(\"http://x\",\"y\")" and all(len(r) == 20 for r in rows) else 1)' "$TMP/$p/evaluation.csv"; then
    ok "evaluation.csv: a title with quotes and commas reads back as written"
  else
    not_ok "evaluation.csv: quoting" "$(head -n 3 "$TMP/$p/evaluation.csv")"
  fi
done

# --- --since: the same pack a month earlier --------------------------------------
build input "$TMP/oct" --as-of 2026-10-31 >/dev/null
pdf=$(build input "$TMP/nov" --since "$TMP/oct")
if [ -n "$pdf" ] && [ "$(cat "$TMP/build.rc")" = 0 ]; then
  ok "--since: built over the pack of 2026-10-31"
  check_structure since "$pdf" 6
  # Hand-checked from the two evaluation.csv files: no objective added or
  # removed, no status or RAG change; progress up on five objectives; eight
  # measures with a new latest value (OBJ-003 M1 stays 0, with a new date).
  python3 - "$TMP/since.txt" "$TMP/since.layout" "$TMP/since.json" <<'EOF'
import json, re, sys
txt, lay, qjson = sys.argv[1:]
text = re.sub(r"\s+", " ", open(txt, encoding="utf-8").read())
layout = open(lay, encoding="utf-8").read()
def check(what, good, detail=""):
    print(("ok - since: %s" % what) if good else ("not ok - since: %s: %s" % (what, detail)))
sect = layout.split("Changes since 2026-10-31")[-1].split("Check findings by rule")[0]
check("a section 'Changes since 2026-10-31'", "Changes since 2026-10-31" in text and len(sect) > 100, "missing")
check("no objective added or removed", re.search(r"Objectives added and removed\s+None\.", sect) is not None, "")
moved = {"OBJ-004": (52, 57), "OBJ-002": (80, 83), "OBJ-007": (85, 92), "OBJ-001": (92, 95), "OBJ-006": (88, 89)}
bad = [k for k, (a, b) in moved.items()
       if not re.search(r"^\s*%s .*\sactive\s+\w+\s+%d%% \u2192 %d%%\s+\+%d %s\s*$" % (k, a, b, b - a, "pt" if b - a == 1 else "pts"), sect, re.M)]
check("progress change in points on 5 objectives (+1 pt, +3 pts: the noun agrees)", not bad, " ".join(bad))
rows = re.findall(r"^\s*(OBJ-\d+) ", "".join(sect.split("Status, RAG and progress")[1:]).split("Measures whose")[0], re.M)  # the table may go on over a page
check("status table red first, only what changed", rows == ["OBJ-004", "OBJ-002", "OBJ-007", "OBJ-001", "OBJ-006"], str(rows))
check("4 objectives unchanged", "4 objectives show no change of status, RAG or progress." in text, "")
values = [("OBJ-004", "M1", "60% on 2026-10-01", "65% on 2026-11-02", "off track"),
          ("OBJ-001", "M1", "6 on 2026-10-01", "4 on 2026-11-02", "on track"),
          ("OBJ-002", "M2", "4.1% on 2026-10-01", "3.8% on 2026-11-02", "on track"),
          ("OBJ-003", "M1", "0 on 2026-10-01", "0 on 2026-11-02", "achieved"),
          ("OBJ-007", "M1", "83.3% on 2026-10-01", "91.7% on 2026-11-02", "on track")]
part = "".join(sect.split("Measures whose latest value moved")[1:])  # the table may go on over a page
bad = [o + " " + m for o, m, a, b, s in values
       if not re.search(r"^\s*%s\s+%s .*\s%s\s+%s\s+%s\s*$" % (o, m, re.escape(a), re.escape(b), s), part, re.M)]
n = len(re.findall(r"^\s*OBJ-\d+\s+M\d ", part, re.M))
check("measures whose latest value moved: %d, old -> new with dates" % n, n == 8 and not bad, " ".join(bad) or str(n))
check("OBJ-004 M2 and OBJ-008 (no new value) not listed", not re.search(r"^\s*OBJ-00[48]\s+M2 ", part, re.M), "")
titles = []
def walk(items):
    for o in items:
        titles.append(o.get("title", ""))
        walk(o.get("kids", []))
walk(json.load(open(qjson)).get("outlines", []))
check("bookmark 'Changes since 2026-10-31'", "Changes since 2026-10-31" in titles, str(titles))
EOF
else
  not_ok "--since: build" "$(cat "$TMP/build.err")"
fi

# --- --since: an objective added, one removed, one closed --------------------------
cp -R input "$TMP/moved"
rm "$TMP/moved/objectives/obj-009-mobile-devices.md"
sed -e 's/^id: OBJ-003$/id: OBJ-010/' -e 's/^title: .*/title: Every warehouse scanner runs a supported firmware/' \
  input/objectives/obj-003-unsupported-systems.md >"$TMP/moved/objectives/obj-010-scanner-firmware.md"
sed -i 's/^status: active$/status: closed/' "$TMP/moved/objectives/obj-005-incident-readiness.md"
pdf=$(build "$TMP/moved" "$TMP/moved-out" --since "$TMP/nov")
if [ -n "$pdf" ]; then
  poppler pdftotext -layout "$pdf" "$TMP/moved.layout"
  sect=$(sed -n '/^Changes since 2026-11-27/,/^Check findings by rule/p' "$TMP/moved.layout")
  if echo "$sect" | grep -q "^ *added  *OBJ-010  *Every warehouse scanner runs a supported firmware  *achieved *$" &&
    echo "$sect" | grep -q "^ *removed  *OBJ-009  *Every laptop and handheld scanner .* draft *$"; then
    ok "--since: OBJ-010 added, OBJ-009 removed"
  else
    not_ok "--since: added and removed" "$(echo "$sect" | head -n 12)"
  fi
  if echo "$sect" | grep -q "^ *OBJ-005 .* active → closed  *Green → not rated  *75% → —  *— *$"; then
    ok "--since: OBJ-005 active → closed, Green → not rated"
  else
    not_ok "--since: status and RAG change" "$(echo "$sect" | grep OBJ-005)"
  fi
else
  not_ok "--since: build of the changed pack" "$(cat "$TMP/build.err")"
fi

# --- --since refused: not a pack objreg wrote, no evaluation.csv, a broken one ------
# build --since DIR exits 2, writes no OUT and says PATTERN (grep) on stderr: ok WHAT.
since_refused() {
  timeout 20 "$OBJREG" build input -o "$TMP/refused" -q --since "$1" >"$TMP/out" 2>"$TMP/err"  # a hang fails
  rc=$?
  if [ $rc = 2 ] && grep -q -- "$2" "$TMP/err" && [ ! -e "$TMP/refused" ]; then
    ok "$3"
  else
    not_ok "$3" "exit $rc: $(cat "$TMP/err")"
  fi
}
mkdir -p "$TMP/plain" "$TMP/nomanifest"
echo "kind,objective" >"$TMP/nomanifest/evaluation.csv"
for dir in plain nomanifest; do
  since_refused "$TMP/$dir" "^objreg: error: --since '$TMP/$dir': not an evidence pack objreg wrote" \
    "--since on a folder without objreg's manifest exits 2 ($dir)"
done
cp -R "$TMP/oct" "$TMP/broken"
rm "$TMP/broken/evaluation.csv"
since_refused "$TMP/broken" "cannot read 'evaluation.csv'" "--since on a pack without evaluation.csv exits 2"
sed '3s/,0.8421,/,lots,/' "$TMP/oct/evaluation.csv" >"$TMP/broken/evaluation.csv"
resum() { (cd "$1" && sha256sum $(awk '{print $2}' SHA256SUMS | grep -v '^evaluation.csv$') evaluation.csv >SHA256SUMS.new && mv SHA256SUMS.new SHA256SUMS); }
resum "$TMP/broken"
since_refused "$TMP/broken" "^objreg: error: --since '$TMP/broken': 'evaluation.csv' line 3: invalid progress$" \
  "--since on a malformed evaluation.csv exits 2 and names the line"
printf 'kind,objective,measure,title,status,rag,progress,latest,latest_date,as_of\nobjective,"OBJ-1\n' >"$TMP/broken/evaluation.csv"
resum "$TMP/broken"
since_refused "$TMP/broken" "'evaluation.csv' line 2: quoted field never closed$" "--since on an unterminated quote exits 2"

# --- --since: the earlier pack must pass its own SHA256SUMS --------------------------
cp -R "$TMP/oct" "$TMP/tampered"
sed -i '3s/,0.8421,/,0.9421,/' "$TMP/tampered/evaluation.csv"
since_refused "$TMP/tampered" "^objreg: error: --since '$TMP/tampered': 'evaluation.csv' does not match SHA256SUMS" \
  "--since on an evidence pack whose evaluation.csv was edited exits 2 (SHA256SUMS)"
rm "$TMP/tampered/SHA256SUMS"
since_refused "$TMP/tampered" "cannot read 'SHA256SUMS'" "--since on an evidence pack without SHA256SUMS exits 2"

# A FIFO or a link in its place is never opened as the file (no hang, no read
# outside the folder): objreg writes neither.
cp -R "$TMP/oct" "$TMP/fifo" && rm "$TMP/fifo/manifest.json" && mkfifo "$TMP/fifo/manifest.json"
since_refused "$TMP/fifo" "not an evidence pack objreg wrote" "--since on a pack whose manifest.json is a FIFO exits 2 at once"
cp -R "$TMP/oct" "$TMP/zero" && ln -sf /dev/zero "$TMP/zero/evaluation.csv"
since_refused "$TMP/zero" "^objreg: error: --since '$TMP/zero': cannot read 'evaluation.csv' to check it against SHA256SUMS: a symbolic link (a pack objreg wrote has none); not read$" \
  "--since on a pack whose evaluation.csv is a link to /dev/zero exits 2 at once"

# --- --since: an evaluation.csv of objreg 1.0 (ten columns) still reads --------------
cp -R "$TMP/oct" "$TMP/old10"
grep -v '^action,' "$TMP/oct/evaluation.csv" | python3 -c '
import csv, sys
w = csv.writer(sys.stdout, lineterminator="\n")
for r in csv.reader(sys.stdin):
    w.writerow(r[:10])' >"$TMP/old10/evaluation.csv"
resum "$TMP/old10"
pdf=$(build input "$TMP/old10-out" --since "$TMP/old10")
if [ -n "$pdf" ] && [ "$(cat "$TMP/build.rc")" = 0 ]; then
  poppler pdftotext "$pdf" "$TMP/old10.txt"
  if tr -s ' \n' '  ' <"$TMP/old10.txt" | grep -q "Definitions changed Not available: the earlier pack's evaluation.csv holds no definitions" &&
    tr -s ' \n' '  ' <"$TMP/old10.txt" | grep -q "OBJ-004 .* 52% → 57%"; then
    ok "--since an objreg 1.0 evaluation.csv: progress compared, definitions said to be unavailable"
  else
    not_ok "--since a 1.0 evaluation.csv" "$(grep -A2 'Definitions changed' "$TMP/old10.txt")"
  fi
else
  not_ok "--since a 1.0 evaluation.csv: build" "$(cat "$TMP/build.err")"
fi

# --- --since: an evaluation.csv of 19 columns (before achieved_when) still reads -------
cp -R "$TMP/oct" "$TMP/old19"
python3 -c '
import csv, sys
w = csv.writer(sys.stdout, lineterminator="\n")
for r in csv.reader(open(sys.argv[1], newline="")):
    w.writerow(r[:19])' "$TMP/oct/evaluation.csv" >"$TMP/old19/evaluation.csv"
resum "$TMP/old19"
pdf=$(build input "$TMP/old19-out" --since "$TMP/old19")
if [ -n "$pdf" ] && [ "$(cat "$TMP/build.rc")" = 0 ]; then
  poppler pdftotext "$pdf" "$TMP/old19.txt"
  if ! grep -q "achieved_when" "$TMP/old19.txt" && ! grep -q "Not available" "$TMP/old19.txt" &&
    grep -q "achieved_when" "$TMP/oct/evaluation.csv"; then
    ok "--since a 19-column evaluation.csv: definitions compared, achieved_when not (it was not recorded)"
  else
    not_ok "--since a 19-column evaluation.csv" "$(grep -n 'achieved_when\|Not available' "$TMP/old19.txt")"
  fi
else
  not_ok "--since a 19-column evaluation.csv: build" "$(cat "$TMP/build.err")"
fi

# --- reproducible: same inputs and SOURCE_DATE_EPOCH, same bytes --------------------
mkdir -p "$TMP/other/place"
a=$(SOURCE_DATE_EPOCH=1764201600 build input "$TMP/repro-a" --since "$TMP/oct")
b=$(SOURCE_DATE_EPOCH=1764201600 build input "$TMP/other/place/repro-b" --since "$TMP/oct")
if [ -n "$a" ] && [ -n "$b" ] && cmp -s "$a" "$b" && cmp -s "$TMP/repro-a/evaluation.csv" "$TMP/other/place/repro-b/evaluation.csv"; then
  ok "two builds with SOURCE_DATE_EPOCH: review and evaluation.csv byte-identical"
else
  not_ok "reproducible build" "$(cmp "$a" "$b" 2>&1)"
fi
if [ -n "$a" ] && poppler pdfinfo -isodates "$a" | grep -q "^CreationDate: *2025-11-27T00:00:00"; then
  ok "creation date from SOURCE_DATE_EPOCH"
else
  not_ok "creation date" "$(poppler pdfinfo -isodates "$a" | grep Date)"
fi
if grep -a -q "$TMP" "$a" "$TMP/repro-a/evaluation.csv"; then
  not_ok "no absolute path in the review" "found '$TMP'"
else
  ok "no absolute path in the review or evaluation.csv"
fi

# --- a draft with errors: DRAFT on the cover and across every page -------------------
pdf=$(build "$PACKS/stress" "$TMP/stress" --draft)
if [ -n "$pdf" ]; then
  check_structure stress "$pdf" 6
  pages=$(poppler pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
  qpdf --qdf --object-streams=disable "$pdf" "$TMP/stress.qdf" 2>/dev/null
  marked=$(grep -a -c '^/[A-Za-z0-9]* gs$' "$TMP/stress.qdf")
  if [ "$marked" -eq "$pages" ] && grep -q "DRAFT — NOT A CONTROLLED COPY" "$TMP/stress.txt"; then
    ok "stress: DRAFT on the cover and watermarked on all $pages pages"
  else
    not_ok "stress: DRAFT watermark" "$marked watermarks on $pages pages"
  fi
  # The mark is text in every page header too: pdftotext finds it page by page.
  texted=$(pdftotext "$pdf" - 2>/dev/null | python3 -c 'import sys; print(sum("DRAFT \u2014 NOT A CONTROLLED COPY" in p for p in sys.stdin.read().split("\f")[:-1]))')
  if [ "$texted" -eq "$pages" ]; then ok "stress: DRAFT as text in the header of all $pages pages"; else not_ok "stress: DRAFT as text" "on $texted of $pages pages"; fi
else
  not_ok "stress: build --draft" "$(cat "$TMP/build.err")"
fi

# --- a clean pack: every empty section says "None." in one line ----------------------
pdf=$(build tests/golden/valid "$TMP/valid")
if [ -n "$pdf" ]; then
  poppler pdftotext -layout "$pdf" "$TMP/valid.layout"
  missing=""
  for s in "Objectives off track, at risk or overdue" "Forecast misses" "Overdue actions" "Stale measures" \
    "Risks without an objective" "Check findings by rule"; do
    grep -A 1 "^$s\$" "$TMP/valid.layout" | tail -n 1 | grep -q "^None\.$" || missing="$missing '$s'"
  done
  if [ -z "$missing" ]; then ok "valid: empty sections say None."; else not_ok "valid: empty sections" "$missing"; fi
else
  not_ok "valid: build" "$(cat "$TMP/build.err")"
fi

exit $failed
