#!/usr/bin/env python3
"""tests/dialects.py BUILD - the pack as Excel saves it, in every dialect (SPEC section 11).

One clean pack (UTF-8, ',' and '.', ISO dates, LF) and the same registers and
progress files written byte for byte as Excel writes them: en-GB, de-DE and
fr-FR, each as "CSV UTF-8" (UTF-8 BOM), "CSV (delimited)" (Windows-1252, no
BOM) and "Unicode text" (UTF-16LE with BOM, tab-delimited); CRLF line ends,
fields quoted when they hold the delimiter, a quote or a line end, numbers and
dates as the locale displays them (thousands grouped, since the cells are
formatted so), enumerated words in the pack's language.  With the pack.yml
settings docs/format.md names for that export, each must give the same model
(`objreg dump`) as the clean pack and no finding; without them, every file must
be refused or its values refused - never read differently.
"""
import os
import shutil
import subprocess
import sys
import tempfile

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
OBJREG = os.path.join(BUILD, "objreg")
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "valid")
results = []


def check(ok, what):
    results.append(ok)
    print(("ok - " if ok else "not ok - ") + what)


# The data, as typed into the spreadsheet: (text | number | date | percent) cells.
N, D, P = "num", "date", "pct"
RISKS = (["id", "title", "level", "treatment", "owner", "status"], [
    ["R-012", "Misuse of unjustified privileged accounts; “admin” rights", ("level", "high"), ("treatment", "modify"), "CISO", ("rstatus", "open")],
    ["R-019", "Credential theft, by phishing", ("level", "medium"), ("treatment", "modify"), "IAM lead", ("rstatus", "open")],
    ["R-027", "Loss of an unencrypted laptop (Außendienst)", ("level", "high"), ("treatment", "retain"), "Head of IT Operations", ("rstatus", "open")],
    ["R-033", "Outage of the payroll system\nwithout a tested restore", ("level", "very high"), ("treatment", "modify"), "Finance Controller", ("rstatus", "closed")],
])
REQS = (["id", "title", "source", "type"], [
    ["REQ-GDPR-32", "Security of processing (GDPR Art. 32)", "Règlement (UE) 2016/679", "legal"],
    ["REQ-NIS2-21", "Cybersecurity risk-management measures (NIS2 Art. 21) – €", "Directive (EU) 2022/2555", "regulatory"],
])
MEAS = (["objective", "measure", "date", "value", "note"], [
    ["OBJ-001", "M1", (D, "2026-08-31"), (N, 1420), "Baseline export; 1,420 open"],
    ["OBJ-001", "M1", (D, "2026-09-30"), (N, 12.125), 'Prüfung "partial", day'],
    ["OBJ-001", "M1", (D, "2026-10-31"), (N, 0.125), ""],
    ["OBJ-001", "M1", (D, "2026-11-20"), (N, -3.25), "Export from the IAM review\tafter clean-up"],
    ["OBJ-001", "M1", (D, "2026-11-21"), (N, 4), "Écart corrigé"],
])
ACTS = (["objective", "action", "date", "status", "percent", "note"], [
    ["OBJ-001", "A1", (D, "2026-03-28"), ("astatus", "done"), (P, 100), "Scope agreed with IT Operations"],
    ["OBJ-001", "A2", (D, "2026-11-15"), ("astatus", "in-progress"), (P, 80.5), ""],
])
FILES = {"risks.csv": RISKS, "requirements.csv": REQS, "progress/measurements.csv": MEAS, "progress/actions.csv": ACTS}

WORDS = {  # the pack language's words (SPEC section 12)
    "en": {},
    "de": {"high": "hoch", "medium": "mittel", "very high": "sehr hoch", "modify": "mindern", "retain": "akzeptieren",
           "open": "offen", "closed": "geschlossen", "done": "erledigt", "in-progress": "in Arbeit"},
    "fr": {"high": "élevé", "medium": "moyen", "very high": "très élevé", "modify": "réduire", "retain": "accepter",
           "open": "ouvert", "closed": "clos", "done": "terminé", "in-progress": "en cours"},
}
LOCALES = {
    # delimiter of "CSV", decimal mark, thousands separator, date format, what pack.yml then says
    "en-GB": dict(delim=",", dec=".", thou=",", date="%d/%m/%Y", pct="{}%", lang="en",
                  yml='csv: {decimal: ".", thousands: ",", date: DD/MM/YYYY}\n'),
    "de-DE": dict(delim=";", dec=",", thou=".", date="%d.%m.%Y", pct="{}\u00a0%", lang="de",
                  yml='language: de\ncsv: {decimal: ",", thousands: ".", date: DD.MM.YYYY}\n'),
    "fr-FR": dict(delim=";", dec=",", thou="\u00a0", date="%d/%m/%Y", pct="{}\u00a0%", lang="fr",
                  yml='language: fr\ncsv: {decimal: ",", thousands: " ", date: DD/MM/YYYY}\n'),
}
TYPES = {  # Excel's "Save as" types
    "CSV UTF-8": dict(enc="utf-8-sig", tab=False, yml=""),
    "CSV (delimited)": dict(enc="cp1252", tab=False, yml="  encoding: windows-1252\n"),
    "Unicode text": dict(enc="utf-16", tab=True, yml=""),
}


def number(v, loc):
    s = ("%.15g" % v) if isinstance(v, float) else str(v)
    neg = s.startswith("-")
    s = s.lstrip("-")
    whole, _, frac = s.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = loc["thou"].join(groups) + (loc["dec"] + frac if frac else "")
    return ("-" if neg else "") + out


def cell(c, loc, clean):
    import datetime
    if isinstance(c, str):
        return c
    kind, v = c
    if clean:
        return str(v) if kind != N and kind != P else ("%.15g" % v)
    if kind == N:
        return number(v, loc)
    if kind == P:
        return loc["pct"].format(number(v, dict(loc, thou="")))
    if kind == D:
        return datetime.date.fromisoformat(v).strftime(loc["date"])
    return WORDS[loc["lang"]].get(v, v)


def excel_row(cells, delim):
    out = []
    for s in cells:
        if delim in s or '"' in s or "\n" in s or "\r" in s or (delim != "\t" and "\t" in s and False):
            s = '"' + s.replace('"', '""') + '"'
        out.append(s)
    return delim.join(out)


def write_pack(dest, loc=None, typ=None, sep_line=False, yml="all"):
    shutil.copytree(SRC, dest)
    for f in ("expect.txt", "expect.json", "expect.pos", "expect.exit"):
        os.remove(os.path.join(dest, f))
    if loc and yml != "none":
        text = loc["yml"]
        if typ["yml"]:
            text = text.replace("csv: {", "csv: {encoding: windows-1252, ")
        if yml == "no numbers":  # decimal and thousands left to auto and none
            text = text.replace('decimal: ",", ', "").replace('decimal: ".", ', "")
            for t in ('"."', '","', '" "'):
                text = text.replace(f"thousands: {t}, ", "")
        with open(os.path.join(dest, "pack.yml"), "a", encoding="utf-8") as f:
            f.write(text)
    for path, (header, rows) in FILES.items():
        if loc is None:
            lines = [",".join(header)] + [",".join(
                ('"' + s.replace('"', '""') + '"') if any(ch in s for ch in ',"\n\t') else s
                for s in (cell(c, None, True) for c in r)) for r in rows]
            data = ("\n".join(lines) + "\n").encode("utf-8")
        else:
            delim = "\t" if typ["tab"] else loc["delim"]
            lines = ([f"sep={delim}"] if sep_line else []) + [excel_row(header, delim)] + \
                    [excel_row([cell(c, loc, False) for c in r], delim) for r in rows]
            data = ("\r\n".join(lines) + "\r\n").encode(typ["enc"])
        with open(os.path.join(dest, path), "wb") as f:
            f.write(data)


def run(*args):
    p = subprocess.run([OBJREG, *args], capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


with tempfile.TemporaryDirectory() as tmp:
    clean = os.path.join(tmp, "clean")
    write_pack(clean)
    rc, want, err = run("dump", clean)
    check(rc == 0 and "mrow OBJ-001 M1 date=2026-09-30 value=12.125 note=Prüfung \"partial\", day" in want,
          "the clean pack reads as typed")
    rc, out, _ = run("check", clean, "--no-color")
    check(rc == 0, "the clean pack has no error: " + out.strip().splitlines()[-1])
    for ln, loc in LOCALES.items():
        for tn, typ in TYPES.items():
            for sep in ([False, True] if tn == "CSV (delimited)" else [False]):
                name = f"{ln} {tn}" + (" with sep=" if sep else "")
                dest = os.path.join(tmp, name.replace(" ", "_").replace("(", "").replace(")", "").replace("=", ""))
                write_pack(dest, loc, typ, sep)
                rc, got, err = run("dump", dest)
                check(rc == 0 and got == want, f"{name}: the same model as the clean pack")
                if got != want:
                    import difflib
                    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "clean", name))
                rc, out, _ = run("check", dest, "--no-color")
                check(rc == 0 and "0 errors, 0 warnings" in out, f"{name}: no finding")
                if rc != 0:
                    print(out)
                # Without the settings, nothing may be read differently: every
                # value is read as meant, or its row or file is refused.
                for yml in ("none", "no numbers"):
                    bare = dest + "-" + yml.replace(" ", "-")
                    write_pack(bare, loc, typ, sep, yml=yml)
                    rc, out, _ = run("dump", bare)
                    rows = [l for l in out.splitlines() if l.startswith(("mrow ", "arow ", "risk "))]
                    misread = [r for r in rows if r not in want.splitlines() and " level=- " not in r
                               and " treatment=- " not in r]
                    check(not misread, f"{name} without the {'csv.decimal and csv.thousands' if yml != 'none' else 'pack.yml'} "
                          "settings: no value read differently")
                    for r in misread:
                        print("  misread:", r)

# The risk scores reach the documents: the register and the Traceability sheet.
with tempfile.TemporaryDirectory() as tmp:
    import zipfile
    pack = os.path.join(tmp, "scores")
    write_pack(pack)
    with open(os.path.join(pack, "pack.yml"), "a", encoding="utf-8") as f:
        f.write("language: de\nvocabulary:\n  treatment: {\"Accept with monitoring\": retain}\n")
    with open(os.path.join(pack, "risks.csv"), "wb") as f:
        f.write("\ufeffid;title;likelihood;impact;treatment;status\r\nR-012;Misuse;4;4;mindern;offen\r\n"
                "R-019;Phishing;2;3;Accept with monitoring;offen\r\n".encode("utf-8"))
    rc, out, err = run("dump", pack)
    check("risk R-012 level=very high treatment=modify open=1 score=16 " in out and
          "risk R-019 level=medium treatment=retain open=1 score=6 " in out, "likelihood x impact by risk_levels")
    rc, out, err = run("build", pack, "-o", os.path.join(tmp, "out"), "--draft")
    text = subprocess.run(["pdftotext", os.path.join(tmp, "out", "ISMS-OBJ-REG-register.pdf"), "-"],
                          capture_output=True).stdout.decode()
    check("sehr hoch (Risikowert 16);" in text, "the register shows the score (in the pack's language, de)")
    with zipfile.ZipFile(os.path.join(tmp, "out", "ISMS-OBJ-REG-tracking.xlsx")) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/"))
    check("Risikowert" in xml and "<v>16</v>" in xml,
          "the Traceability sheet has a Risk score column with the number")

fails = results.count(False)
print(f"{len(results) - fails} passed, {fails} failed")
sys.exit(1 if fails else 0)
