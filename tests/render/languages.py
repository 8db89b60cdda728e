#!/usr/bin/env python3
"""tests/render/languages.py BUILD - documents in the pack's language (SPEC 12).

The German example (examples/de) and the French one (examples/fr) are built
and read back: no English fixed text of the catalogue (a msgid of po/LL.po
whose translation differs) in the text of either PDF (pdftotext) or in the
workbook (sheet names, cells, chart and property texts); numbers as the
language writes them; long words hyphenated; the same bytes whatever the
environment's locale (env -i with only C.UTF-8 against other locale settings).
The scan itself is tried on the English build, where it must find English.
"""
import json, os, re, subprocess, sys, tempfile, zipfile
import xml.etree.ElementTree as ET

try:
    import openpyxl
except ImportError:  # Debian's python3-openpyxl lives under /usr/bin/python3
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
OBJREG = os.path.join(BUILD, "objreg")
results = []


def check(cond, what):
    results.append(bool(cond))
    print(("ok - " if cond else "not ok - ") + what)


def po_entries(path):
    """(msgid, msgstr) of each entry; a plural's forms joined; no header."""
    entries, cur, key = [], {}, None
    def unq(s):
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s[1:-1])
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if cur.get("msgid"):
                entries.append((cur["msgid"], " ".join(v for k, v in sorted(cur.items()) if k.startswith("msgstr"))))
            cur, key = {}, None
            continue
        if line.startswith("#"):
            continue
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line)
        if m:
            key = m.group(1)
            cur[key] = unq(m.group(2))
        elif line.startswith('"') and key:
            cur[key] += unq(line)
    if cur.get("msgid"):
        entries.append((cur["msgid"], " ".join(v for k, v in sorted(cur.items()) if k.startswith("msgstr"))))
    return entries


def po_context_entries(path):
    """{(msgctxt or "", msgid): msgstr} of the singular entries."""
    out, text = {}, open(path, encoding="utf-8").read()
    for block in text.split("\n\n"):
        c = re.search(r'^msgctxt "(.*)"$', block, re.M)
        i = re.search(r'^msgid "(.*)"$', block, re.M)
        t = re.search(r'^msgstr "(.*)"$', block, re.M)
        if i and t:
            out[(c.group(1) if c else "", i.group(1).replace('\\"', '"'))] = t.group(1).replace('\\"', '"')
    return out


def english_fragments(lang):
    """The fixed pieces of every msgid that lang translates differently:
    split at format directives and line breaks, those with a word of 4 letters."""
    frags = set()
    entries = po_entries(f"po/{lang}.po")
    # a word that a translation itself uses ("direction" in "revue de direction") proves nothing
    words = set(re.findall(r"\w+", " ".join(mstr for _, mstr in entries)))
    for mid, mstr in entries:
        if mid.strip() == mstr.strip():
            continue
        for piece in re.split(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?l?[sdgfu%]|\n|&[A-Z]", mid):
            piece = " ".join(piece.replace("\u00b7", " ").split()).strip(" ,;:()—.")
            if re.search(r"[A-Za-z]{4}", piece) and piece not in mstr and piece not in words:
                frags.add(piece)
    return sorted(frags, key=len, reverse=True)


def found(text, frags):
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    # a word of a file path (objectives/..., progress/...) is a name, not text
    return [f for f in frags if re.search(r"(?<![\w/-])" + re.escape(f) + r"(?![\w/-])", text)]


def pdf_text(path, layout=False):
    args = ["pdftotext"] + (["-layout"] if layout else []) + [path, "-"]
    return subprocess.run(args, capture_output=True).stdout.decode("utf-8")


def xlsx_texts(path):
    """Every text node of the workbook's parts: cells, sheet names, charts, properties."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml") and (name.startswith("xl/") or name.startswith("docProps/")):
                for el in ET.fromstring(z.read(name)).iter():
                    if el.text and el.text.strip():
                        out.append(el.text)
                    if el.tag.endswith("}sheet") and el.get("name"):
                        out.append(el.get("name"))
    return out


def build(pack, out, env=None):
    # a controlled build names its source revision (else W-REVISION, tested in control.sh)
    e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SOURCE_DATE_EPOCH": "1764000000",
         "OBJREG_REVISION": "0123456789abcdef0123456789abcdef01234567"}
    # a sanitizer build's settings, and run.sh's Git ceiling (examples/ is not
    # read as part of objreg's own repository, whose HEAD moves): not a locale
    for k in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "GIT_CEILING_DIRECTORIES"):
        if k in os.environ:
            e[k] = os.environ[k]
    e.update(env or {})
    return subprocess.run(["env", "-i"] + [f"{k}={v}" for k, v in e.items()] + [OBJREG, "build", pack, "-o", out],
                          capture_output=True, text=True)


# A template line that starts with a placeholder and "." or ")" turns into a
# numbered list once expanded ("1. L'avancement global..."): none in templates/.
starts = [f"{d}/{f}:{i + 1}" for d, _, fs in os.walk("templates") for f in fs if f.endswith(".md")
          for i, line in enumerate(open(os.path.join(d, f), encoding="utf-8"))
          if re.match(r"\{\{ *(objectives|rag|actions|measures|findings\.(errors|warnings))\b[^}]*\}\}[.)](\s|$)", line)]
check(not starts, "no template line starts with a placeholder and '.' or ')' (a numbered list once expanded)"
      + (f": {starts}" if starts else ""))

with tempfile.TemporaryDirectory() as tmp:
    docs = {}
    for lang, pack, doc_id in [("de", "examples/de", "RPT-ISMS-ZIELE"), ("fr", "examples/fr", "ALL-SMSI-OBJ")]:
        out = os.path.join(tmp, lang)
        r = build(pack, out)
        check(r.returncode == 0 and "0 errors, 0 warnings" in r.stdout + r.stderr, f"{pack} builds without findings")
        frags = english_fragments(lang)
        check(len(frags) > 150, f"{lang}: {len(frags)} English fragments to look for")
        for kind in ("register", "review"):
            text = pdf_text(os.path.join(out, f"{doc_id}-{kind}.pdf"))
            docs[(lang, kind)] = text
            hits = found(text, frags)
            check(not hits, f"{lang} {kind}.pdf has no English fixed text" + (f": {hits[:5]}" if hits else ""))
        # the issue identifier: the pack's language in the documents, English in the manifest (SPEC 12)
        as_of = {"de": " \u00b7 Stand 2026-", "fr": " \u00b7 \u00e9tat au 2026-"}[lang]
        issue = json.load(open(os.path.join(out, "manifest.json"), encoding="utf-8"))["issue"]
        check(as_of in docs[(lang, "register")] and issue.startswith(doc_id + " v") and " \u00b7 as of 2026-" in issue
              and as_of not in issue, f"{lang}: issue identifier in {lang} in the PDFs, in English in manifest.json ({issue})")
        texts = xlsx_texts(os.path.join(out, f"{doc_id}-tracking.xlsx"))
        hits = found("\n".join(texts), frags)
        check(not hits, f"{lang} workbook has no English fixed text" + (f": {hits[:5]}" if hits else ""))
        # the environment's locale changes nothing
        other = os.path.join(tmp, lang + "-locale")
        r = build(pack, other, {"LANG": "de_DE.UTF-8", "LC_ALL": "fr_FR.UTF-8", "LANGUAGE": "en", "LC_NUMERIC": "de_DE"})
        same = r.returncode == 0 and all(
            open(os.path.join(out, f), "rb").read() == open(os.path.join(other, f), "rb").read()
            for f in sorted(os.listdir(out)))
        check(same, f"{lang}: env -i (C.UTF-8 only) and other locale settings give the same bytes")

    # pdftotext gives the no-break spaces (U+00A0, U+202F) as plain spaces
    de_reg = docs[("de", "register")]
    check("8,1 %" in de_reg and "8.1%" not in de_reg, "de: a percentage as 8,1 %")
    check("1.480" in de_reg and "1,480" not in de_reg, "de: a baseline of 1480 as 1.480")
    check("Seite 1 von" in de_reg and "Ausgedruckt nicht gelenkt" in de_reg, "de: the footer")
    fr_reg = docs[("fr", "register")]
    check("1 480" in fr_reg and "640,5" in fr_reg and "1,480" not in fr_reg, "fr: 1 480 and 640,5")
    check("91,5 %" in fr_reg, "fr: 91,5 %")
    check("2026-11-27" in fr_reg and "27/11/2026" not in fr_reg, "fr: dates stay YYYY-MM-DD")
    # a hyphen that ends a line of a cell or paragraph (pdftotext -layout keeps lines)
    laid = pdf_text(os.path.join(tmp, "de", "RPT-ISMS-ZIELE-register.pdf"), True)
    hyph = re.findall(r"[a-zäöüß]-(?=\s{2,}|\s*$)", laid, re.M)
    check(len(hyph) >= 5 and "Informationssicher-" in laid, f"de: long words hyphenated with a visible hyphen ({len(hyph)})")

    # A fixed column is as wide as its translated header's longest word ("Veraltet", "Obsolète" not cut).
    for lang, doc_id, word in (("de", "RPT-ISMS-ZIELE", "Veraltet"), ("fr", "ALL-SMSI-OBJ", "Obsolète")):
        laid_reg = pdf_text(os.path.join(tmp, lang, f"{doc_id}-register.pdf"), True)
        check(re.search(r"(?m)Letzter Wert.*\b%s\b|Statut.*\b%s\b" % (word, word), laid_reg),
              f"{lang}: the header {word!r} of a narrow column is not hyphenated")
    # "## PSSI-2 : Les accès ..." (a French colon) is the statement PSSI-2 titled "Les accès ..."
    flat = " ".join(docs[("fr", "register")].split())
    check("PSSI-2 Les accès sont accordés" in flat and ": Les accès" not in flat,
          "fr: a policy statement written 'PSSI-2 : title' has the title without the colon")

    # The workbook keeps values: numbers as numbers, dates as dates.
    wb = openpyxl.load_workbook(os.path.join(tmp, "de", "RPT-ISMS-ZIELE-tracking.xlsx"))
    check(wb.sheetnames[:3] == ["Übersicht", "Ziele", "Kennzahlen"], f"de sheet names {wb.sheetnames[:3]}")
    ws = wb["Messwerte"]
    vals = [row for row in ws.iter_rows(values_only=True) if row and row[0] == "ZIEL-02" and row[1] == "M1"]
    check(any(isinstance(v[3], float) and abs(v[3] - 8.1) < 1e-9 for v in vals), "de: 8,1 stays the number 8.1 in the workbook")
    check(all(len(n) <= 31 for n in wb.sheetnames), "sheet names fit Excel's 31 characters")

    # French plurals and word order: "contient 2 objectifs (2 actifs)", not "2 (2 actifs) objectifs".
    flat = " ".join(docs[("fr", "register")].split())
    check("le registre contient 2 objectifs (2 actifs)." in flat and "(2 actifs) objectifs" not in flat,
          "fr: the register holds 2 objectifs (2 actifs), in that order and agreeing in number")
    check("das Register 4 Ziele (4 aktiv)." in " ".join(docs[("de", "register")].split()), "de: das Register 4 Ziele (4 aktiv)")

    # French typography: no elision left undone ("de Atelier"), in the text and the document properties
    # (pdfinfo keeps the no-break spaces that pdftotext turns into spaces) ...
    unelided = r"\b(?:de|que|le|la|ne|se|du) (?=[AEIOUYÉÈÊaeiouyéèê])"
    for kind in ("register", "review"):
        hits = re.findall(r"\S+ " + unelided + r"\w+", docs[("fr", kind)])
        check(not hits, f"fr {kind}.pdf: no 'de' + vowel left unelided: {hits[:3]}")
        info = subprocess.run(["pdfinfo", os.path.join(tmp, "fr", f"ALL-SMSI-OBJ-{kind}.pdf")], capture_output=True).stdout.decode()
        subject = re.search(r"^Subject:\s*(.*)$", info, re.M).group(1)
        check("Atelier Loire Logiciels SAS" in subject and not re.search(unelided, subject)
              and "organisation\u00a0: " in subject, f"fr {kind}.pdf: the subject needs no elision: {subject!r}")
    # ... and a no-break space before ':' and inside « », a narrow one before ';', '!' and '?',
    # in every French message and the French document templates.
    def fr_texts():
        block = None
        for i, line in enumerate(open("po/fr.po", encoding="utf-8")):
            if line.startswith("msgstr"):
                block = i
            elif not line.startswith('"'):
                block = None
            if block is not None and i > 20:
                yield f"po/fr.po:{i + 1}", line
        for f in ("register", "review", "record"):
            for i, line in enumerate(open(f"templates/fr/{f}.md", encoding="utf-8")):
                yield f"templates/fr/{f}.md:{i + 1}", line
    bad = [f"{where}: {line.strip()[:60]}" for where, line in fr_texts()
           if re.search(r" [:;!?]|« | »|[^\s\u00a0«][:](?= )|[^\s\u202f][;!?](?= )", line) and "measurable: false" not in line]
    check(not bad, f"fr: no-break spaces before : ; ! ? and inside « »: {bad[:3]}")

    # Everything that only a pack with findings, meetings and --since shows, in de and fr:
    # the rules' texts, the change record, the decisions, the workbook's properties.
    for lang, pack, doc_id in [("de", "examples/de", "RPT-ISMS-ZIELE"), ("fr", "examples/fr", "ALL-SMSI-OBJ")]:
        po = {k: v for k, v in po_entries(f"po/{lang}.po")}
        ctx = po_context_entries(f"po/{lang}.po")
        full = os.path.join(tmp, "full-" + lang)
        subprocess.run(["cp", "-r", pack, full], check=True)
        old = os.path.join(tmp, "full-" + lang + "-old")
        subprocess.run([OBJREG, "build", full, "-o", old, "-q", "--as-of", "2026-10-31"], capture_output=True)
        obj = sorted(os.listdir(os.path.join(full, "objectives")))[0]
        path = os.path.join(full, "objectives", obj)
        text = open(path, encoding="utf-8").read()
        # a new achievement rule, a new target, an unknown key (W-KEY) on the first measure
        # (one less than 100, where a share in per cent ends)
        text = re.sub(r"(?m)^(    target: )(\d+)$", lambda m: m.group(1) + str(int(m.group(2)) + (1 if int(m.group(2)) < 100 else -1)) +
                      "\n    achieved_when: {consecutive: 2}\n    colour: blue", text, count=1)
        # and a new baseline with decimals and thousands: the change record prints it as the language writes numbers
        # (on the first measure not in per cent, whose baseline cannot pass 100)
        blocks = re.split(r"(?m)^(?=  - id: )", text)
        k = next(i for i, b in enumerate(blocks) if i and not re.search(r"(?m)^    unit: \"?(%|percent|Prozent)", b))
        blocks[k] = re.sub(r"(?m)^(    baseline: )[\d.]+$", r"\g<1>1234.5", blocks[k], count=1)
        text = "".join(blocks)
        open(path, "w", encoding="utf-8").write(text)
        os.makedirs(os.path.join(full, "reviews"))
        open(os.path.join(full, "reviews", "2026-06-01.md"), "w", encoding="utf-8").write(
            "---\ndate: 2026-06-01\nchair: Dr. Vogel\ndecisions:\n"
            "  - {id: D1, decision: Budget, owner: CISO, due: 2026-09-30}\n"
            "  - {id: D2, decision: Audit, owner: CISO, due: 2026-12-31, status: done}\n---\n")
        out = os.path.join(tmp, "full-" + lang + "-out")
        r = subprocess.run([OBJREG, "build", full, "-o", out, "-q", "--since", old], capture_output=True, text=True)
        check(r.returncode == 0 and "[W-KEY]" in r.stdout and "[9.3-followup]" in r.stdout,
              f"{lang}: a pack with a W-KEY, an overdue decision and --since builds ({r.returncode})")
        squash = lambda t: re.sub(r"[\s\-\u00ad]", "", t)
        review = squash(pdf_text(os.path.join(out, f"{doc_id}-review.pdf")))
        register = pdf_text(os.path.join(out, f"{doc_id}-register.pdf"))
        req = po["Every key is one that objreg reads."]
        check(req and squash(req) in review and squash("Every key is one that objreg reads.") not in review,
              f"{lang} review: the rule's requirement in the pack's language: {req!r}")
        block = open(f"po/{lang}.po", encoding="utf-8").read().split('msgid "The status on %s of the %d decision ')[1]
        status = re.search(r'^msgstr\[1\] "(.*)"$', block, re.M).group(1)
        check(squash(status % ("2026-11-27", 2, 1, 0, 1, 0)) in review,
              f"{lang} review: the status of earlier decisions, translated with its plural")
        # Numbers of the change record as the language writes them (SPEC 12): a baseline
        # 42 -> 1.234,5 (de) / 1 480 -> 1 234,5 (fr), progress 86 % -> 90 %, a latest value "6 am ..."
        flat = " ".join(register.replace("\u00a0", " ").replace("\u202f", " ").split())
        base = ctx[("change field", "baseline")]
        num = {"de": "1.234,5", "fr": "1 234,5"}[lang]
        check(re.search(re.escape(base) + r" \d[\d .]* \u2192 " + re.escape(num), flat) and "1234.5" not in flat,
              f"{lang} register: a changed baseline in the language's numbers ({num}): "
              + str(re.findall(re.escape(base) + r" [^ ]+ \u2192 \S+(?: \d+,\d)?", flat)))
        check(squash(num) in review and "1234.5" not in review, f"{lang} review: the changed baseline as {num}")
        prog = re.findall(re.escape(ctx[("change field", "progress")]) + r" (\d+ ?%) \u2192 (\d+ ?%)", flat)
        check(prog and all(" %" in a and " %" in b for a, b in prog),
              f"{lang} register: a progress change with the language's percent sign: {prog}")
        if lang == "de":
            latest = re.findall(re.escape(ctx[("change field", "latest value")]) + r" \S+ (\S+) 2026-", flat)
            check(latest and all(w == "am" for w in latest), f"de register: a new latest value 'N am DATE': {latest}")
        ws = openpyxl.load_workbook(os.path.join(out, f"{doc_id}-tracking.xlsx"))[po["Changes"]]
        cells = {r[2]: r[3:5] for r in ws.iter_rows(min_row=2, values_only=True) if r[2]}
        sign = {"de": "\u00a0%", "fr": "\u202f%"}[lang]
        check(cells.get(ctx[("change field", "baseline")], (None, ""))[1] == num.replace(" ", "\u202f")
              and all(v.endswith(sign) for v in cells.get(ctx[("change field", "progress")], ("",)) if v),
              f"{lang} workbook: Changes in the language's numbers: {cells}")
        for doc, t in (("review", review), ("register", squash(register))):
            check("latest" not in t and "consecutive" not in t and squash(po["last %d values all meet the target"] % 2) in t,
                  f"{lang} {doc}: a changed achievement rule in words of the language (B3: 'latest \u2192 consecutive')")
        wb = openpyxl.load_workbook(os.path.join(out, f"{doc_id}-tracking.xlsx"))
        ws = wb[po["Check findings"]]
        rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[4] == "W-KEY"]
        want = ctx[("", "an unknown key (a typo must not pass silently)")]
        check(rows and rows[0][7] == want and rows[0][3] == ctx[("severity", "warning")],
              f"{lang} workbook: 'Rule checks' and severity in the language: {rows[0][3:8:4] if rows else None}")
        ws = wb[po["Changes"]]
        fields = {r[2] for r in ws.iter_rows(min_row=2, values_only=True) if r[2]}
        labels = {v for (c, k), v in ctx.items() if c == "change field"}
        aw = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[2] == ctx[("change field", "achieved_when")]]
        check(fields and fields <= labels | {po["definitions"]} and ctx[("change field", "target")] in fields,
              f"{lang} workbook: Changes field names in the language: {sorted(fields)}")
        check(aw and aw[0][3] == po["latest value meets the target"] and aw[0][4] == po["last %d values all meet the target"] % 2,
              f"{lang} workbook: the achievement rule's change in words: {aw[0][3:5] if aw else None}")
        ws = wb[po["Decisions"]]
        states = sorted({r[6] for r in ws.iter_rows(min_row=2, values_only=True) if r[6]})
        check(states == sorted({ctx[("decision state", "overdue")], ctx[("decision state", "done")]}),
              f"{lang} workbook: decision states in the language: {states}")
        with zipfile.ZipFile(os.path.join(out, f"{doc_id}-tracking.xlsx")) as z:
            names = re.findall(r'<property [^>]*name="([^"]*)"', z.read("docProps/custom.xml").decode("utf-8"))
        check(names and names == [po[n] for n in ("Document ID", "Version", "Classification", "As of", "Source revision", "Issue")
                                  if po[n] in names] and po["Document ID"] in names and "Document ID" not in names,
              f"{lang} workbook: custom property names in the language: {names}")

    # The scan finds English where there is some (it can fail).
    out = os.path.join(tmp, "en")
    build("input", out)
    hits = found(pdf_text(os.path.join(out, "NWL-ISMS-OBJ-review.pdf")), english_fragments("de"))
    check(len(hits) > 20, f"the scan finds English fixed text in the English review ({len(hits)} fragments)")

fails = results.count(False)
print(f"{len(results) - fails} passed, {fails} failed")
sys.exit(1 if fails else 0)
