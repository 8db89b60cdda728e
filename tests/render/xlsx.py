#!/usr/bin/env python3
"""tests/render/xlsx.py BUILD - the tracking workbook, read back by real clients.

Run from the repository root: python3 tests/render/xlsx.py build
(BUILD/objreg is the binary under test).  Builds packs into temporary
folders with `objreg build` and reads <doc-id>-tracking.xlsx back with
openpyxl: sheets and headers, cell values and types against `objreg dump`
and findings.json of the same build, conditional formats, the status list,
charts, document properties, a byte-identical double build, the DRAFT
banner, formula injection (tests/render/packs/injection) and text cut at
Excel's cell limit; then a LibreOffice headless round trip when soffice is
installed.  Prints `ok - WHAT` or `not ok - WHAT: DETAIL` per check and
exits 1 when a check failed.
"""
import os
import sys

try:
    import openpyxl
except ImportError:  # Debian's python3-openpyxl lives under /usr/bin/python3
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("not ok - openpyxl: python3-openpyxl is not installed")
    sys.exit(1)

import datetime as dt
import glob
import json
import re
import shutil
import subprocess
import tempfile
import zipfile

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
OBJREG = os.path.join(BUILD, "objreg")
ROOT = os.getcwd()
INPUT = "input"
INJECTION = "tests/render/packs/injection"
AS_OF = "2026-11-27"
EPOCH = "1764201600"  # 2025-11-27T00:00:00Z
DRAFT = "DRAFT \u2014 NOT A CONTROLLED COPY"
SHEETS = ["Summary", "Objectives", "Measures", "Measurements", "Actions", "Decisions", "Traceability", "Check findings",
          "Document control", "Charts", "ChartData"]
HEADERS = {
    "Objectives": ["ID", "Title", "Level", "Function", "Owner", "Status", "RAG", "Progress", "Due", "Last review",
                   "Next review", "Policy", "Risks", "Requirements", "Errors", "Warnings", "Overdue actions",
                   "Stale measures", "File"],
    "Measures": ["Objective", "Measure", "Name", "Unit", "Direction", "Baseline", "Baseline date", "Target", "Due",
                 "Frequency", "Source", "Latest", "Latest date", "Progress", "Planned at latest date",
                 "Plan value at latest date", "Planned at as of", "Plan value at as of", "Status", "Achieved when",
                 "RAG", "Stale", "Forecast at due", "Forecast clamped", "Forecast miss", "Rows"],
    "Measurements": ["Objective", "Measure", "Date", "Value", "Measured by", "Verified by", "Note", "Evidence",
                     "Evidence SHA-256", "Source"],
    "Actions": ["Objective", "Action", "Description", "Owner", "Due", "Resources", "Status", "Percent", "Updated",
                "Note", "Evidence", "Evidence SHA-256", "Overdue"],
    "Decisions": ["Meeting", "Decision", "Description", "Objectives", "Owner", "Due", "Status", "Overdue",
                  "Days overdue", "Updated", "Note", "Source"],
    "Traceability": ["Objective", "Objective status", "Kind", "ID", "Title", "Risk level", "Treatment",
                     "Risk owner", "Risk status", "Source", "Type"],
    "Check findings": ["File", "Line", "Column", "Severity", "Rule", "Objective", "Message", "Rule checks"],
    "ChartData": ["Measure", "Date", "Value", "Target"],
}

failed = 0


def check(what, cond, detail=""):
    """One result line; cond true passes."""
    global failed
    if cond:
        print("ok - %s" % what)
    else:
        failed += 1
        print("not ok - %s: %s" % (what, detail))
    return cond


def run(args, env=None):
    """objreg with args; returns (status, stdout, stderr)."""
    e = dict(os.environ)
    e.setdefault("OBJREG_DATADIR", ROOT)
    e.pop("SOURCE_DATE_EPOCH", None)
    e.update(env or {})
    p = subprocess.run([OBJREG] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def build(pack, out, *args, env=None):
    return run(["build", pack, "-o", out, "--as-of", AS_OF] + list(args), env)


def rows_of(ws, first):
    """Values of the rows from row `first` (1-based) on, trailing empty rows dropped."""
    rows = [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def table(ws, head_row=1):
    """A data table as a list of dicts keyed by its header row."""
    head = [c.value for c in ws[head_row]]
    return [dict(zip(head, r)) for r in rows_of(ws, head_row + 1)]


def parse_dump(text):
    """`objreg dump`: objectives, their measures and actions, and the pack figures."""
    d = {"objectives": [], "figures": {}}
    for line in text.splitlines():
        f = line.split()
        kv = dict(x.split("=", 1) for x in f if "=" in x)
        if line.startswith("rag "):
            d["figures"] = kv
        elif line.startswith("shares "):
            d["shares"] = kv
        elif line.startswith("objective "):
            d["objectives"].append({"id": f[1], **kv, "measures": [], "actions": []})
        elif line.startswith("  measure "):
            d["objectives"][-1]["measures"].append({"id": f[1], **kv})
        elif line.startswith("  action "):
            d["objectives"][-1]["actions"].append({"id": f[1], **kv})
    return d


def close(a, b, places=4):
    return a is not None and b is not None and round(float(a), places) == round(float(b), places)


def is_date(c):
    return isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd"


def fill_rgb(c):
    return (c.fill.fgColor.rgb or "") if c.fill is not None and c.fill.fill_type == "solid" else ""


# --------------------------------------------------------------------------
# The example pack
# --------------------------------------------------------------------------

def check_objectives(wb, dump, findings):
    ws = wb["Objectives"]
    rows = table(ws)
    by_id = {r["ID"]: r for r in rows}
    objs = dump["objectives"]
    check("Objectives: one row per objective, in pack order", [r["ID"] for r in rows] == [o["id"] for o in objs],
          [r["ID"] for r in rows])
    bad = []
    for o in objs:
        r = by_id.get(o["id"], {})
        if "rag" in o:
            if r.get("RAG") != o["rag"] or not close(r.get("Progress"), o.get("progress")):
                bad.append((o["id"], r.get("RAG"), r.get("Progress")))
        elif r.get("RAG") is not None or r.get("Progress") is not None:
            bad.append((o["id"], "unrated but", r.get("RAG"), r.get("Progress")))
    check("Objectives: RAG and progress of every objective agree with objreg dump", not bad, bad)
    check("Objectives: OBJ-004 RAG is red", by_id["OBJ-004"]["RAG"] == "red", by_id["OBJ-004"]["RAG"])
    p1 = ws.cell(row=2, column=8)
    check("Objectives: OBJ-001 progress is the fraction 0.9474 with a percent format",
          by_id["OBJ-001"]["Progress"] is not None and round(by_id["OBJ-001"]["Progress"], 4) == 0.9474
          and "%" in p1.number_format, (by_id["OBJ-001"]["Progress"], p1.number_format))
    o9 = by_id["OBJ-009"]
    check("Objectives: draft OBJ-009 has no RAG and no progress",
          o9["Status"] == "draft" and o9["RAG"] is None and o9["Progress"] is None, o9)
    check("Objectives: due and review dates are Excel dates (yyyy-mm-dd)",
          all(is_date(ws.cell(row=2, column=c)) for c in (9, 10, 11)) and
          by_id["OBJ-001"]["Due"] == dt.datetime(2026, 12, 31), [ws.cell(row=2, column=c).value for c in (9, 10, 11)])
    check("Objectives: requirements joined with ', '",
          by_id["OBJ-001"]["Requirements"] == "REQ-ISO-A8.2, REQ-ISO-A5.15, REQ-GDPR-32", by_id["OBJ-001"]["Requirements"])
    want = {}
    for f in findings:
        if f["objective"]:
            e = want.setdefault(f["objective"], [0, 0])
            e[0 if f["severity"] == "error" else 1] += 1
    got = {r["ID"]: [r["Errors"], r["Warnings"]] for r in rows if r["Errors"] or r["Warnings"]}
    check("Objectives: error and warning counts agree with findings.json", got == want, (got, want))
    check("Objectives: header row frozen, autofilter over the table",
          ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:T%d" % (len(rows) + 1), (ws.freeze_panes, ws.auto_filter.ref))
    rules = {}
    for cf in ws.conditional_formatting:
        for r in cf.rules:
            rules[r.formula[0]] = (str(cf.sqref), r.dxf.fill.fgColor.rgb if r.dxf and r.dxf.fill else None)
    rng = "G2:G%d" % (len(rows) + 1)
    check("Objectives: RAG conditional formats (green, amber, red fills) on the RAG column",
          set(rules) == {'"green"', '"amber"', '"red"'} and all(v[0] == rng and v[1] for v in rules.values()), rules)
    dvs = [(str(d.sqref), d.type, d.formula1) for d in ws.data_validations.dataValidation]
    check("Objectives: status list validation (draft, active, achieved, closed, withdrawn)",
          dvs == [("F2:F%d" % (len(rows) + 1), "list", '"draft,active,achieved,closed,withdrawn"')], dvs)


def check_measures(wb, dump):
    ws = wb["Measures"]
    rows = table(ws)
    want = [(o["id"], m["id"]) for o in dump["objectives"] for m in o["measures"]]
    check("Measures: one row per measure", [(r["Objective"], r["Measure"]) for r in rows] == want, len(rows))
    dm = {(o["id"], m["id"]): (o, m) for o in dump["objectives"] for m in o["measures"]}
    bad = []
    for r in rows:
        o, m = dm[(r["Objective"], r["Measure"])]
        rag = m["rag"] if "rag" in o else None
        ok = (r["Status"] == m["status"] and r["RAG"] == rag and r["Stale"] == ("Yes" if m["stale"] == "1" else "No")
              and r["Rows"] == int(m["rows"]) and close(r["Progress"], m["p"]) and
              (close(r["Planned at latest date"], m["e"]) if "e" in m else r["Planned at latest date"] is None) and
              (close(r["Planned at as of"], m["e_now"]) if "e_now" in m else r["Planned at as of"] is None) and
              (close(r["Plan value at latest date"], m["plan"]) if "plan" in m
               else r["Plan value at latest date"] is None) and
              (close(r["Plan value at as of"], m["plan_now"]) if "plan_now" in m
               else r["Plan value at as of"] is None) and
              (close(r["Forecast at due"], m["forecast"]) and r["Forecast miss"] == ("Yes" if m["miss"] == "1" else "No")
               and r["Forecast clamped"] == ("Yes" if "clamped_from" in m else "No")
               if "forecast" in m else r["Forecast at due"] is None))
        if not ok:
            bad.append((r["Objective"], r["Measure"]))
    check("Measures: status, RAG, stale, progress, planned (at the latest date and at as of), forecast and rows "
          "agree with objreg dump", not bad, bad)
    by = {(r["Objective"], r["Measure"]): r for r in rows}
    r1 = by[("OBJ-001", "M2")]
    check("Measures: OBJ-001 M2 states its rule and is not achieved on one quarter at the target",
          r1["Achieved when"] == "last 2 values all meet the target" and r1["Status"] == "on-track", r1)
    check("Measures: the default rule is stated too",
          by[("OBJ-004", "M1")]["Achieved when"] == "latest value meets the target", by[("OBJ-004", "M1")])
    neg = [(k, r["Forecast at due"]) for k, r in by.items() if r["Forecast at due"] is not None and
           (r["Forecast at due"] < 0 or (r["Unit"] == "percent" and r["Forecast at due"] > 100))]
    check("Measures: no forecast below 0 or above 100 for a percent", not neg, neg)
    check("Measures: OBJ-001 M1's forecast is clamped to 0 and marked",
          by[("OBJ-001", "M1")]["Forecast at due"] == 0 and by[("OBJ-001", "M1")]["Forecast clamped"] == "Yes",
          by[("OBJ-001", "M1")])
    check("Measures: OBJ-008 M1 is stale", by[("OBJ-008", "M1")]["Stale"] == "Yes", by[("OBJ-008", "M1")]["Stale"])
    check("Measures: OBJ-002 M1 is a forecast miss", by[("OBJ-002", "M1")]["Forecast miss"] == "Yes",
          by[("OBJ-002", "M1")]["Forecast miss"])
    r9 = by[("OBJ-009", "M1")]
    check("Measures: the draft objective's measure has its status and no RAG",
          r9["Status"] == "no-data" and r9["RAG"] is None, (r9["Status"], r9["RAG"]))
    c = {h: ws.cell(row=2, column=i + 1) for i, h in enumerate(HEADERS["Measures"])}
    check("Measures: dates are Excel dates, progress and planned fractions with a percent format",
          is_date(c["Baseline date"]) and is_date(c["Due"]) and is_date(c["Latest date"]) and
          "%" in c["Progress"].number_format and "%" in c["Planned at latest date"].number_format and
          "%" in c["Planned at as of"].number_format and
          isinstance(c["Target"].value, (int, float)),
          [(k, v.value, v.number_format) for k, v in c.items()])
    cfs = sorted(str(cf.sqref) for cf in ws.conditional_formatting)
    n = len(rows) + 1
    check("Measures: RAG colours and Yes flags on RAG, Stale and Forecast miss",
          cfs == sorted(["U2:U%d" % n, "V2:V%d" % n, "Y2:Y%d" % n]), cfs)


def check_measurements(wb, dump):
    ws = wb["Measurements"]
    rows = table(ws)
    want = sum(int(m["rows"]) for o in dump["objectives"] for m in o["measures"])
    check("Measurements: one row per used row (%d, as objreg dump)" % want, len(rows) == want, len(rows))
    got = {}
    for r in rows:
        got[(r["Objective"], r["Measure"])] = got.get((r["Objective"], r["Measure"]), 0) + 1
    exp = {(o["id"], m["id"]): int(m["rows"]) for o in dump["objectives"] for m in o["measures"] if int(m["rows"])}
    check("Measurements: rows per measure agree with objreg dump", got == exp, (got, exp))
    src = [r["Source"] for r in rows if not re.fullmatch(r"progress/[^:]+\.csv:[0-9]+", r["Source"] or "")]
    check("Measurements: every row names its source file:line", not src, src[:3])
    types = all(isinstance(r["Date"], dt.datetime) and isinstance(r["Value"], (int, float)) for r in rows)
    check("Measurements: dates are dates and values numbers", types and is_date(ws["C2"]), ws["C2"].number_format)
    first = rows[0]
    check("Measurements: OBJ-001 M1's first row as read from the CSV",
          (first["Objective"], first["Measure"], first["Date"], first["Value"], first["Source"]) ==
          ("OBJ-001", "M1", dt.datetime(2025, 12, 1), 38, "progress/measurements-2026.csv:2"), first)
    dates = {}
    order = all((dates.setdefault((r["Objective"], r["Measure"]), r["Date"]) <= r["Date"],
                 dates.__setitem__((r["Objective"], r["Measure"]), r["Date"]))[0] for r in rows)
    check("Measurements: each measure's rows in date order", order)


def check_actions(wb, dump):
    ws = wb["Actions"]
    rows = table(ws)
    want = [(o["id"], a["id"]) for o in dump["objectives"] for a in o["actions"]]
    check("Actions: one row per plan action", [(r["Objective"], r["Action"]) for r in rows] == want, len(rows))
    da = {(o["id"], a["id"]): a for o in dump["objectives"] for a in o["actions"]}
    bad = [(r["Objective"], r["Action"]) for r in rows
           if r["Overdue"] != ("Yes" if da[(r["Objective"], r["Action"])]["overdue"] == "1" else "No")
           or r["Status"] != da[(r["Objective"], r["Action"])].get("latest")]
    check("Actions: latest status and Overdue agree with objreg dump", not bad, bad)
    over = [i for i, r in enumerate(rows) if r["Overdue"] == "Yes"]
    check("Actions: OBJ-007 A3 is the overdue action", [(rows[i]["Objective"], rows[i]["Action"]) for i in over] ==
          [("OBJ-007", "A3")], over)
    hl = [i for i in range(len(rows)) if all(fill_rgb(ws.cell(row=i + 2, column=c)).endswith("FFC7CE")
                                             for c in range(1, 14))]
    check("Actions: the overdue row, and only it, is highlighted across the table", hl == over, (hl, over))
    p = ws.cell(row=2, column=8)
    check("Actions: percent is a fraction with a percent format, update dates are dates",
          rows[0]["Percent"] == 1 and "%" in p.number_format and is_date(ws.cell(row=2, column=9)),
          (rows[0]["Percent"], p.number_format))


def check_decisions(wb, dump_text):
    """Every decision of reviews/ with the status, overdue flag and days objreg dump evaluates."""
    want, date = [], None
    for line in dump_text.splitlines():
        m = re.match(r"meeting \S+ date=(\S+)", line)
        if m:
            date = m.group(1)
        m = re.match(r"  decision (\S+) (\d+):\d+ owner=(.*) due=(\S+) status=\S+ state=(\S+) days_overdue=(\d+)", line)
        if m:
            want.append((date, m.group(1), m.group(3), m.group(4), m.group(5), int(m.group(6))))
    ws = wb["Decisions"]
    rows = table(ws)
    got = [(r["Meeting"].strftime("%Y-%m-%d"), r["Decision"], r["Owner"] or "-",
            r["Due"].strftime("%Y-%m-%d") if r["Due"] else "-", r["Status"], r["Days overdue"] or 0) for r in rows]
    check("Decisions: every decision of reviews/, with status and days overdue as objreg dump has them (%d)"
          % len(want), got == want and len(want) == 4, (got, want))
    check("Decisions: the overdue one is 2026-06-30 D1, 58 days, flagged Yes",
          [(r["Meeting"].strftime("%Y-%m-%d"), r["Decision"], r["Days overdue"]) for r in rows
           if r["Overdue"] == "Yes"] == [("2026-06-30", "D1", 58)], rows)
    check("Decisions: statuses done, cancelled, overdue, open",
          sorted(r["Status"] for r in rows) == ["cancelled", "done", "open", "overdue"], rows)
    hl = [i for i in range(len(rows)) if all(fill_rgb(ws.cell(row=i + 2, column=c)).endswith("FFC7CE")
                                             for c in range(1, 13))]
    check("Decisions: the overdue row, and only it, is highlighted",
          hl == [i for i, r in enumerate(rows) if r["Overdue"] == "Yes"], hl)
    check("Decisions: review and due dates are dates, the source names file:line",
          is_date(ws.cell(row=2, column=1)) and is_date(ws.cell(row=2, column=6)) and
          rows[0]["Source"] == "reviews/2026/2026-01-22-management-review.md:12", rows[0]["Source"])


def check_trace(wb, findings):
    ws = wb["Traceability"]
    head = [c.value for c in ws[1]]
    check("Traceability: fixed columns, then the registers' extra columns",
          head == HEADERS["Traceability"] + ["asset", "last_assessed"], head)
    rows = table(ws)
    obj = table(wb["Objectives"])
    n = sum(len((o[k] or "").split(", ")) if o[k] else 0 for o in obj for k in ("Policy", "Risks", "Requirements"))
    links = [r for r in rows if r["Kind"] in ("policy", "risk", "requirement")]
    check("Traceability: one row per policy, risk and requirement link (%d)" % n, len(links) == n, len(links))
    r1 = [r for r in rows if r["Objective"] == "OBJ-001" and r["ID"] == "R-001"]
    check("Traceability: a risk link carries the register's title, level, treatment and extra columns",
          r1 and r1[0]["Title"].startswith("Misuse of excessive") and r1[0]["Risk level"] == "high" and
          r1[0]["Treatment"] == "modify" and r1[0]["asset"] == "Active Directory; WMS; ERP", r1)
    unc = [r for r in rows if r["Kind"] == "risk (uncovered)"]
    cov = [f for f in findings if f["rule"] == "6.2c-coverage"]
    check("Traceability: the uncovered risks of the 6.2c-coverage findings are listed",
          [r["ID"] for r in unc] == ["R-010"] and len(cov) == 1 and "'R-010'" in cov[0]["message"], unc)
    i = rows.index(unc[0]) + 2 if unc else 0
    check("Traceability: uncovered risk rows are highlighted",
          i and all(fill_rgb(ws.cell(row=i, column=c)).endswith("FFC7CE") for c in range(1, len(head) + 1)))
    check("Traceability: titles resolve through the registers",
          all(r["Title"] and r["Title"] != "(unknown)" for r in links), [r for r in links if r["Title"] == "(unknown)"])


def check_findings(wb, findings):
    rows = table(wb["Check findings"])
    got = [(r["File"], r["Line"], r["Column"], r["Severity"], r["Rule"], r["Objective"], r["Message"]) for r in rows]
    want = [(f["file"], f["line"], f["column"], f["severity"], f["rule"], f["objective"], f["message"]) for f in findings]
    check("Check findings: every finding, in findings.json order", got == want, got[:2])


def check_summary(wb, dump, findings):
    ws = wb["Summary"]
    kv = {r[0]: r[1] for r in rows_of(ws, 1) if r and r[0] is not None}
    fig = dump["figures"]
    want = {"green": int(fig["green"]), "amber": int(fig["amber"]), "red": int(fig["red"]),
            "Overdue actions": int(fig["overdue_actions"]), "Stale measures": int(fig["stale"]),
            "Forecast misses": int(fig["forecast_misses"]), "all": len(dump["objectives"]),
            "active": 7, "draft": 1, "achieved": 1, "closed": 0, "withdrawn": 0,
            "error": sum(f["severity"] == "error" for f in findings),
            "warning": sum(f["severity"] == "warning" for f in findings)}
    got = {k: kv.get(k) for k in want}
    check("Summary: counts by status and RAG, overdue, stale, forecast misses and findings agree", got == want,
          (got, want))
    prog = [v for k, v in kv.items() if k.startswith("Overall progress")]
    check("Summary: overall progress 0.8402 as in objreg dump", prog and close(prog[0], fig["progress"]), prog)
    shares = {r[0]: r[2] for r in rows_of(ws, 1) if r and r[0] in ("green", "amber", "red") and len(r) > 2}
    want_sh = {k: int(v) / 100 for k, v in dump["shares"].items()}
    check("Summary: RAG shares by largest remainder add up to 100%% (%s)" % want_sh,
          all(close(shares.get(k), v) for k, v in want_sh.items()) and round(sum(want_sh.values()), 6) == 1, shares)
    unc = [v for k, v in kv.items() if k.startswith("Open risks at or above")]
    check("Summary: risks without an objective", unc == [1], unc)
    check("Summary: as-of date", kv.get("As of") == dt.datetime(2026, 11, 27), kv.get("As of"))
    kinds = sorted(type(c).__name__ for c in ws._charts)
    check("Summary: native charts (RAG pie, objectives by status, progress per objective)",
          kinds == ["BarChart", "BarChart", "PieChart"], kinds)


def check_charts(wb, dump):
    with_rows = sum(1 for o in dump["objectives"] for m in o["measures"] if int(m["rows"]))
    ws = wb["Charts"]
    kinds = [type(c).__name__ for c in ws._charts]
    check("Charts: one line chart per measure with data (%d)" % with_rows,
          kinds == ["LineChart"] * with_rows, kinds)
    series = [len(c.series) for c in ws._charts]
    check("Charts: values and target series", series == [2] * with_rows, series)
    cd = wb["ChartData"]
    check("Charts: the chart data sheet is hidden", cd.sheet_state == "hidden" and
          all(wb[s].sheet_state == "visible" for s in SHEETS[:-1]), cd.sheet_state)


def check_control(wb, version_line, revision):
    ws = wb["Document control"]
    kv = {r[0]: r[1] for r in rows_of(ws, 1) if r and r[0] is not None}
    m = re.match(r"objreg (\S+) \(rule set (\S+)\)", version_line)
    check("Document control: tool version, rule set, as_of and revision",
          m and kv.get("Tool") == "objreg " + m.group(1) and kv.get("Rule set") == m.group(2) and
          kv.get("As of") == dt.datetime(2026, 11, 27) and kv.get("Source revision") == revision and
          kv.get("Document ID") == "NWL-ISMS-OBJ" and kv.get("Classification") == "Internal", kv)
    rows = rows_of(ws, 1)
    i = [r[0] for r in rows].index("Revision history") if "Revision history" in [r[0] for r in rows] else -1
    hist = rows[i + 2:] if i >= 0 else []
    check("Document control: revision history, dates as dates",
          [h[0] for h in hist] == ["1.0", "2.0", "2.1"] and all(isinstance(h[1], dt.datetime) for h in hist), hist)


def check_properties(path, created):
    wb = openpyxl.load_workbook(path, read_only=True)
    p = wb.properties
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode()
    check("Properties: title, subject, author, company, keywords, comments, created",
          p.title == "Information Security Objectives Register" and p.creator == "Chief Information Security Officer"
          and "27001" in (p.subject or "") and "NWL-ISMS-OBJ" in (p.keywords or "") and
          "As of 2026-11-27" in (p.description or "") and created[0] <= p.created <= created[1] and
          "<Company>Northwind Logistics Ltd</Company>" in app,
          (p.title, p.creator, p.subject, p.keywords, p.description, p.created))
    wb.close()


def check_no_paths(path, dirs):
    """No absolute path (the output folder, the repository) in any part of the file."""
    hits = []
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            data = z.read(n).decode("utf-8", "replace")
            hits += [(n, d) for d in dirs if d in data]
    check("the workbook holds no absolute path", not hits, hits[:3])


def check_fast_deflate(path):
    """Every part deflated at zlib's level 1 (src/zip_interpose.c): minizip marks
    such an entry "super fast" (general purpose flag bits 1 and 2, APPNOTE 4.4.4)."""
    with zipfile.ZipFile(path) as z:
        slow = [(i.filename, i.compress_type, i.flag_bits) for i in z.infolist()
                if i.compress_type != zipfile.ZIP_DEFLATED or i.flag_bits & 6 != 6]
        bad = z.testzip()
    check("every part of the workbook is deflated at the fast level, and reads back whole", not slow and bad is None,
          (slow[:3], bad))


def example(tmp):
    out = os.path.join(tmp, "example")
    started = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    rc, so, se = build(INPUT, out, "--revision", "abc1234")
    ended = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    path = os.path.join(out, "NWL-ISMS-OBJ-tracking.xlsx")
    if not check("build input/ writes NWL-ISMS-OBJ-tracking.xlsx", rc == 0 and os.path.isfile(path),
                 "status %d: %s" % (rc, se.strip()[-300:])):
        return
    rc, dump_text, se = run(["dump", INPUT, "--as-of", AS_OF])
    dump = parse_dump(dump_text)
    findings = json.load(open(os.path.join(out, "findings.json")))["findings"]
    try:
        wb = openpyxl.load_workbook(path)
    except Exception as e:  # noqa: BLE001 - any failure to open is the finding
        check("openpyxl opens the workbook", False, e)
        return
    check("openpyxl opens the workbook", True)
    check("sheets in order", wb.sheetnames == SHEETS, wb.sheetnames)
    heads = {s: [c.value for c in wb[s][1]][:len(h)] for s, h in HEADERS.items()}
    check("header row of every table", heads == HEADERS, [s for s in HEADERS if heads[s] != HEADERS[s]])
    check_summary(wb, dump, findings)
    check_objectives(wb, dump, findings)
    check_measures(wb, dump)
    check_measurements(wb, dump)
    check_actions(wb, dump)
    check_decisions(wb, dump_text)
    check_trace(wb, findings)
    check_findings(wb, findings)
    check_control(wb, run(["--version"])[1], "abc1234")
    check_charts(wb, dump)
    formulas = [(ws.title, c.coordinate) for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.data_type == "f"]
    check("no cell is a formula", not formulas, formulas[:5])
    check_properties(path, (started, ended))  # without SOURCE_DATE_EPOCH: the build's real time
    check_no_paths(path, [tmp, ROOT, os.path.realpath(tmp)])
    check_fast_deflate(path)
    return path


def reproducible(tmp):
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    a, b = os.path.join(tmp, "r1"), os.path.join(tmp, "second-build-elsewhere")
    ra = build(INPUT, a, env=env)[0]
    rb = build(INPUT, b, env=env)[0]
    fa, fb = os.path.join(a, "NWL-ISMS-OBJ-tracking.xlsx"), os.path.join(b, "NWL-ISMS-OBJ-tracking.xlsx")
    same = ra == 0 and rb == 0 and open(fa, "rb").read() == open(fb, "rb").read()
    check("two builds with SOURCE_DATE_EPOCH=%s are byte-identical" % EPOCH, same,
          subprocess.run(["cmp", fa, fb], stdout=subprocess.PIPE).stdout.decode().strip())
    wb = openpyxl.load_workbook(fa, read_only=True)
    check("document dates come from SOURCE_DATE_EPOCH", wb.properties.created == dt.datetime(2025, 11, 27),
          wb.properties.created)
    wb.close()


# --------------------------------------------------------------------------
# Formula injection, the cell limit, the draft banner
# --------------------------------------------------------------------------

INJECTED = {
    "Summary": ['=HYPERLINK("http://x","y")', "@Evil Corp", "-1"],
    "Objectives": ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)"],
    "Measures": ["-1+2", "=1", "=cmd|' /C calc'!A0"],
    "Measurements": ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-1+2", "=cmd|' /C calc'!A0", "=1+1",
                     "line one\nline two"],
    "Actions": ["=1+1", "-2", "@x", "@SUM(A1)"],
    "Traceability": ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-1+2", "=2+3", "=A1", "@x",
                     "=cmd|' /C calc'!A0"],
    "Document control": ['=HYPERLINK("http://x","y")', "+CISO", "=cmd|' /C calc'!A0", "=1", "@SUM(A1)", "-1+2"],
}


def injection(tmp):
    out = os.path.join(tmp, "inj")
    rc, so, se = build(INJECTION, out)
    check("build refuses the documents of a pack with errors", rc == 1 and
          not os.path.exists(os.path.join(out, "INJ-REG-tracking.xlsx")), (rc, os.listdir(out) if os.path.isdir(out) else None))
    rc, so, se = build(INJECTION, out, "--draft")
    path = os.path.join(out, "INJ-REG-tracking.xlsx")
    if not check("build --draft writes the workbook despite errors (exit 1)", rc == 1 and os.path.isfile(path),
                 "status %d: %s" % (rc, se.strip()[-300:])):
        return
    wb = openpyxl.load_workbook(path)
    cells = {}
    for ws in wb.worksheets:
        for r in ws.iter_rows():
            for c in r:
                if c.value is not None:
                    cells.setdefault(ws.title, []).append(c)
    for sheet, texts in INJECTED.items():
        have = {c.value: c.data_type for c in cells.get(sheet, []) if isinstance(c.value, str)}
        bad = [t for t in texts if have.get(t) != "s"]
        check("formula injection: %s holds %d hostile texts as strings" % (sheet, len(texts)), not bad, bad)
    formulas = [(c.parent.title, c.coordinate) for cs in cells.values() for c in cs if c.data_type == "f"]
    check("formula injection: no cell is a formula", not formulas, formulas)
    note = "b" * 20000 + "\u00e9" * 14000
    res = "a" * 20000 + "\u20ac" * 15000
    longs = sorted(len(c.value) for cs in cells.values() for c in cs if isinstance(c.value, str) and len(c.value) > 30000)
    m = [c.value for c in cells["Measurements"] if isinstance(c.value, str) and c.value.startswith("bbb")]
    a = [c.value for c in cells["Actions"] if isinstance(c.value, str) and c.value.startswith("aaa")]
    check("text over 32,767 characters is cut there, on a character boundary",
          longs == [32767, 32767] and m == [note[:32767]] and a == [res[:32767]], longs)
    tr = table(wb["Traceability"], 2)
    unk = [r for r in tr if r["ID"] == "REQ-404"]
    check("Traceability: an id that does not resolve has the title (unknown)",
          len(unk) == 1 and unk[0]["Title"] == "(unknown)", unk)
    unc = [r["ID"] for r in tr if r["Kind"] == "risk (uncovered)"]
    check("Traceability: uncovered critical risk R-002 is flagged", unc == ["R-002"], unc)
    bad = []
    for ws in wb.worksheets:
        merged = [str(m) for m in ws.merged_cells.ranges if str(m).startswith("A1:")]
        if ws["A1"].value != DRAFT or not merged:
            bad.append(ws.title)
    check("draft: the DRAFT banner is a merged first row on every sheet", not bad, bad)
    bad = [(s, wb[s].freeze_panes, wb[s].auto_filter.ref) for s in HEADERS if s != "ChartData" and
           (wb[s].freeze_panes not in ("A3", "B3", "C3") or not (wb[s].auto_filter.ref or "").startswith("A2:") or
            [c.value for c in wb[s][2]][:len(HEADERS[s])] != HEADERS[s])]
    check("draft: tables keep a frozen, filtered header row under the banner", not bad, bad)
    with zipfile.ZipFile(path) as z:
        hdr = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet") and DRAFT not in z.read(n).decode()]
    check("draft: every sheet's page header says DRAFT", not hdr, hdr)
    check("draft: the document properties say Draft", wb.properties.contentStatus == "Draft" and
          DRAFT in (wb.properties.description or ""), (wb.properties.contentStatus, wb.properties.description))
    return path


# --------------------------------------------------------------------------
# LibreOffice
# --------------------------------------------------------------------------

def libreoffice(tmp, example_path, injection_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("ok - libreoffice round trip # skipped: LibreOffice not installed")
        return
    if not example_path or not injection_path:
        check("libreoffice round trip", False, "no workbook was built")
        return
    outdir = os.path.join(tmp, "lo")
    # Every sheet as CSV, UTF-8, cells as shown (LibreOffice 7.2 or later).
    flt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    for p in (example_path, injection_path):
        subprocess.run([soffice, "--headless", "--norestore", "-env:UserInstallation=file://%s/profile" % tmp,
                        "--convert-to", flt, "--outdir", outdir, p], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=300)
    ex = glob.glob(os.path.join(outdir, "NWL-ISMS-OBJ-tracking-Objectives.csv"))
    inj = glob.glob(os.path.join(outdir, "INJ-REG-tracking-Objectives.csv"))
    if not ex or not inj:
        check("libreoffice round trip: every sheet converted to CSV", False, os.listdir(outdir) if os.path.isdir(outdir) else "nothing written")
        return
    import csv
    rows = list(csv.reader(open(ex[0], encoding="utf-8")))
    r4 = [r for r in rows if r and r[0] == "OBJ-004"]
    check("libreoffice round trip: the Objectives sheet reads back (OBJ-004 red, due 2026-12-31)",
          r4 and r4[0][6] == "red" and r4[0][8] == "2026-12-31", r4)
    rows = list(csv.reader(open(inj[0], encoding="utf-8")))
    t = [r[1] for r in rows if r and r[0] == "OBJ-001"]
    check("libreoffice round trip: an injected title stays text", t == ['=HYPERLINK("http://x","y")'], t)
    # The controlled workbook opens protected: LibreOffice keeps every sheet's protection when it saves it again.
    lo_x = os.path.join(tmp, "lo-xlsx")
    subprocess.run([soffice, "--headless", "--norestore", "-env:UserInstallation=file://%s/profile" % tmp,
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", lo_x, example_path],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    again = glob.glob(os.path.join(lo_x, "*.xlsx"))
    wb = openpyxl.load_workbook(again[0]) if again else None
    bad = [ws.title for ws in wb.worksheets if not ws.protection.sheet] if wb else ["not converted"]
    check("libreoffice: the controlled workbook opens with every sheet protected", not bad, bad)


def main():
    if not os.access(OBJREG, os.X_OK):
        check("objreg binary", False, "%s is missing: run make first" % OBJREG)
        return 1
    with tempfile.TemporaryDirectory(prefix="objreg-xlsx-") as tmp:
        ex = example(tmp)
        reproducible(tmp)
        inj = injection(tmp)
        libreoffice(tmp, ex, inj)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
