#!/usr/bin/python3
"""Write a synthetic objreg pack for the benchmark (docs/format.md sections 1-8).

    gen_pack.py OUTDIR --objectives N --rows M [--seed S]

OUTDIR gets:

    pack.yml                         document control, as_of 2026-11-27
    policy.md                        24 policy statements (POL-1 .. POL-24)
    risks.csv                        about N/2 risks, UTF-8 BOM and CRLF, as Excel saves it
    requirements.csv                 about N/5 requirements
    objectives/OBJ-nnnnn.md          N objectives: 1-3 measures, 2-5 actions,
                                     2-4 paragraphs of Markdown body
    progress/measurements/YYYY-Qn.csv  exactly M measurement rows in all, one
                                     file per calendar quarter of the row's date
    progress/actions.csv             action updates, CRLF

Every reference resolves, every objective carries the clause 6.2 fields, no
row is dated after as_of and no (objective, measure, date) or (objective,
action, date) repeats, so `objreg check OUTDIR` reports no errors.  Titles,
owners, functions and bodies mix ASCII with e-acute, u-umlaut, l-stroke,
Greek and Cyrillic.

The output depends only on (N, M, S): each part of the pack draws from its
own random.Random seeded with a string, so the same arguments always give
byte-identical files.  Standard library only (Debian's /usr/bin/python3).

Sizes are kept as they were when the figures in docs/performance.md were
first measured, so that figures stay comparable: one file per objective of about 2.7 KB, about 45
bytes per measurement row, a dozen or so quarterly progress files.
"""

import argparse
import csv
import datetime as dt
import os
import random
import sys

AS_OF = dt.date(2026, 11, 27)
ONE_DAY = dt.timedelta(days=1)
STEP_DAYS = {"weekly": 7, "monthly": 30, "quarterly": 91}
DUE_DATES = [dt.date(2026, 12, 31), dt.date(2027, 3, 31), dt.date(2027, 6, 30),
             dt.date(2027, 12, 31)]
N_POLICY = 24

# ---------------------------------------------------------------------------
# Word banks.  Roughly one entry in four is not plain ASCII.
# ---------------------------------------------------------------------------

UNITS = [  # business unit, the town it sits in
    "Group IT", "People & Culture", "Treasury", "Product Engineering",
    "Service Desk", "Internal Audit", "Site Services", "Purchasing",
    "Privacy Office", "Cyber Defence", "Platform Team", "Filiale München",
    "Biuro Wrocław", "Τμήμα Πληροφορικής Πάτρας", "Отдел безопасности Казань",
    "Agence de Genève",
]
LEVELS = ["function", "process", "system", "location"]
PEOPLE = [
    "Head of Group IT", "CISO", "Identity lead", "Chief People Officer",
    "Data Protection Officer", "Cyber Defence Manager", "VP Engineering",
    "Treasurer", "Jürgen Weiß", "Małgorzata Kowalczyk", "Ελένη Γεωργίου",
    "Алексей Смирнов", "Hélène Dubois", "Renée Lefèbvre", "Purchasing Manager",
    "Platform Owner",
]
ASSETS = [
    "the general ledger", "the payroll platform", "the partner extranet",
    "the analytics lake", "the directory service", "the ticketing system",
    "the HR portal", "the mail relays", "the container platform",
    "the remote-access gateways", "the crèche booking app", "the CI runners",
    "the records archive", "the München file shares", "the Wrocław scanners",
    "the Kazań depot tablets",
]
FEEDS = [
    "identity governance export", "weekly scanner report", "SIEM dashboard",
    "learning platform export", "asset inventory extract", "GRC register export",
    "backup console report", "endpoint management report",
]
AUDIENCES = [
    "System administrators", "All employees", "Team leads", "Engineers",
    "Service desk agents", "Executive board", "Supplier managers",
    "Personnel de l'agence de Genève", "Beschäftigte in München",
    "Сотрудники офиса в Казани",
]
CHANNELS = ["Stand-up briefing", "Intranet news", "E-mail", "Town hall",
            "Committee minutes", "Monthly newsletter", "Induction slides"]
TAGS = ["identity", "vulnerabilities", "awareness", "resilience", "incidents",
        "third-parties", "privacy", "monitoring", "encryption", "endpoints",
        "cloud", "physical"]

# Titles state a result (never an activity verb first, never a vague phrase);
# each names the measures (indexes into METRICS) that fit it best.
TITLES = [
    ("No administrator account on {asset} is left without an approved reason", [0, 10]),
    ("High-severity flaws on {asset} are closed within {n} days", [1, 7]),
    ("Fewer than {n}% of {unit} staff click a simulated phishing link", [2, 6]),
    ("All notebooks issued by {unit} carry disk encryption", [3, 11]),
    ("Restores of {asset} succeed in every quarterly drill", [4]),
    ("Incidents affecting {unit} are contained within {n} hours", [5]),
    ("At least {n}% of {unit} staff hold a current awareness certificate", [6, 2]),
    ("Security updates reach {asset} within {n} days of release", [7, 1]),
    ("Every log source of {asset} reports to the SIEM without a gap over a day", [8]),
    ("Each processor working for {unit} has signed a data processing agreement", [9]),
    ("Entitlements on {asset} are recertified each quarter", [10, 0]),
    ("Every remote login to {asset} is protected by a second factor", [11]),
    ("Accès privilégiés à {asset} : revue complète chaque trimestre", [10]),
    ("Schwachstellen in {asset} sind höchstens {n} Tage offen", [1]),
    ("Każdy laptop w Biurze Wrocław jest w pełni zaszyfrowany", [3]),
    ("Όλα τα περιστατικά κλείνουν μέσα σε {n} ημέρες", [5]),
    ("Критические уязвимости в {asset} закрываются за {n} дней", [1, 7]),
    ("Zéro compte partagé sur {asset} après la migration", [0]),
]
# name, unit, direction, baseline range, target
METRICS = [
    ("Administrator accounts without an approved reason", "accounts", "decrease", (12, 90), 0),
    ("High-severity flaws open for more than 30 days", "findings", "decrease", (6, 70), 0),
    ("Simulated phishing click rate", "%", "decrease", (9, 28), 4),
    ("Notebooks with disk encryption", "%", "increase", (55, 88), 100),
    ("Restore drills that succeeded", "%", "increase", (45, 85), 100),
    ("Mean time to contain", "hours", "decrease", (20, 90), 6),
    ("Staff with a current awareness certificate", "%", "increase", (35, 75), 95),
    ("Median days from release to patch", "days", "decrease", (18, 55), 5),
    ("Log sources with a gap over 24 hours", "sources", "decrease", (4, 45), 0),
    ("Processors with a signed agreement", "%", "increase", (45, 80), 100),
    ("Entitlement reviews finished on time", "%", "increase", (35, 80), 100),
    ("Remote logins protected by a second factor", "%", "increase", (55, 92), 100),
]
TASKS = [
    "Agree the scope for {asset}", "Collect a reason for every administrator account",
    "Roll out the vault agent to {asset}", "Brief the managers of {unit}",
    "Automate the {feed}", "Work off the backlog of open findings",
    "Revise the standard and have it approved", "Hold a restore drill and file the result",
    "Add alerts for log gaps on {asset}", "Fix what the pilot found",
    "Buy the missing licences", "Coach the service desk on the new steps",
    "Move {asset} onto the hardened image", "Réviser la procédure d'habilitation",
    "Schulung der Administratoren in München", "Przeszkolić zespół we Wrocławiu",
]
SENTENCES = [
    "The objective puts {pol} into practice and treats the risks listed above.",
    "The baseline comes from the {feed} on the day the objective was approved.",
    "{unit} owns the figures; they are collected {freq} and discussed at the security committee.",
    "Exceptions go into the risk register with an owner and an end date.",
    "The scope is {asset}, its test copies and its standby site.",
    "Progress depends on the budget agreed for this financial year.",
    "If the target slips, the owner explains why and brings a recovery plan to the next review.",
    "Last year's internal audit found the control was applied unevenly across sites.",
    "Evidence is retained for three years in the records archive.",
    "Le périmètre couvre Genève et Lausanne ; les écarts sont suivis chaque mois.",
    "Die Kennzahl wird für alle Standorte erhoben, auch für München und Köln.",
    "Cel obejmuje wszystkie biura, także Wrocław i Łódź.",
    "Ο στόχος αφορά όλα τα γραφεία, από την Πάτρα έως τη Λάρισα.",
    "Цель охватывает все офисы, включая Казань и Самару.",
    "The figure is the **share of compliant items** among all items in scope.",
    "The detailed steps are in the [standard](https://intranet.example/isms/standards).",
    "Systems due to be retired before the due date are left out of the count.",
    "A `cron` job pulls the data every night; manual fixes are logged with a reason.",
    "The target was agreed in a workshop in the *crèche* meeting room at head office.",
    "The method follows ISO/IEC 27004 guidance on monitoring and measurement.",
]
BULLETS = [
    "Scope: {asset}", "Data owner: {person}", "Reports to: security committee",
    "Control: Annex A 5.18 Access rights", "Control: Annex A 8.8 Technical vulnerabilities",
    "Source: {feed}", "Exceptions: risk register, time-limited", "Budget: SEC-2026-{n:02d}",
    "Stakeholders: {unit}", "Escalation: CISO after two missed targets",
]
POLICY_TITLES = [
    "Access rights follow least privilege", "Information is classified and labelled",
    "Vulnerabilities are found and fixed in time", "Everyone is trained in security",
    "Backups are made and restored in tests", "Incidents are reported and learned from",
    "Suppliers meet our security terms", "Personal data is handled lawfully",
    "Encryption protects data at rest and in transit", "Systems are logged and watched",
    "Continuity is planned and exercised", "Software is developed securely",
    "Sites and rooms are physically protected", "Mobile and remote work is secured",
    "Changes are controlled", "Assets are inventoried and owned",
    "Legal and contract duties are met", "Cloud services are used securely",
    "Security objectives are set and reviewed", "This policy is communicated and reviewed",
    "Cryptographic keys are managed", "Privileged access is controlled",
    "Threat intelligence informs defence", "Data is deleted when no longer needed",
]
POLICY_LINES = [
    "Management names an owner for each control that implements this statement.",
    "Deviations need the CISO's approval and an entry in the risk register.",
    "It applies to staff, contractors and suppliers who handle our information.",
    "Internal audit checks compliance at least once a year.",
    "Standards and procedures that implement it are on the intranet.",
    "Breaches are handled through the disciplinary process.",
    "Gilt für alle Standorte, einschließlich München.",
    "S'applique également à l'agence de Genève.",
    "Dotyczy również biura we Wrocławiu.",
    "Ισχύει για όλο το προσωπικό.",
    "Распространяется на всех сотрудников.",
]
REQ_KINDS = [  # prefix, type, title
    ("GDPR", "legal", "GDPR Article {a}"),
    ("NIS2", "regulatory", "NIS2 Article {a}({b})"),
    ("PCI", "contractual", "PCI DSS v4.0 requirement {a}.{b}"),
    ("ISO", "standard", "ISO/IEC 27001:2022 Annex A 8.{a}"),
    ("GRP", "internal", "Group security standard, section {a}"),
    ("CONTRACT", "contractual", "Customer master agreement, security annex clause {a}"),
]
THREATS = [
    "Unauthorised access to {asset}", "Ransomware encrypts {asset}",
    "Credential phishing in {unit}", "Data leakage from {asset}",
    "Processor breach exposes personal data", "Exploited flaw in {asset}",
    "Misuse of administrator rights", "Lost notebook without encryption",
    "Outage of {asset} with no working restore", "Intrusion missed because of log gaps",
    "Утечка данных из {asset}", "Διαρροή δεδομένων από {asset}",
]
LEVELS_RISK = ["low", "medium", "high", "very high", "critical"]
TREATMENTS = ["modify", "mitigate", "reduce", "treat", "retain", "accept", "share",
              "transfer", "avoid", "modify"]
NOTES = ["Corrected after review, ticket CHG-{k}", 'Partial export: "SIEM" was down',
         "Valeur corrigée par le DPO", "Nach Prüfung angepasst, siehe {k}",
         "Поправлено после аудита", "Ponowny pomiar, zgłoszenie {k}"]

# ---------------------------------------------------------------------------
# YAML and CSV text
# ---------------------------------------------------------------------------

PLAIN_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def yq(s, in_flow=False):
    """A YAML scalar for s: left plain when YAML reads it back as the same
    text, double-quoted otherwise."""
    s = str(s)
    risky = (not s or s[0] in "-?:,[]{}#&*!|>'\"%@`" or s[0].isspace() or s[-1].isspace()
             or ": " in s or " #" in s or s.endswith(":") or s.lower() in PLAIN_WORDS
             or s[0].isdigit() or (in_flow and any(c in s for c in ",[]{}")))
    if not risky:
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow_map(pairs):
    return "{" + ", ".join(f"{k}: {v if isinstance(v, dt.date) else yq(v, True)}"
                           for k, v in pairs) + "}"


def flow_seq(items):
    return "[" + ", ".join(yq(i, True) for i in items) + "]"


def number(x):
    """A plain decimal: no exponent, no trailing .0."""
    r = round(x, 1)
    return str(int(r)) if r == int(r) else f"{r:.1f}"


def quarter(d):
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


# ---------------------------------------------------------------------------
# The pack
# ---------------------------------------------------------------------------


class Generator:
    def __init__(self, outdir, n, m, seed):
        self.out = outdir
        self.n = n
        self.m = m
        self.seed = seed
        self.n_risks = max(6, n // 2)
        self.n_reqs = max(12, n // 5)

    def rng(self, part):
        return random.Random(f"objreg-bench/{self.seed}/{part}")

    def path(self, rel):
        p = os.path.join(self.out, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def write_text(self, rel, text):
        with open(self.path(rel), "w", encoding="utf-8", newline="") as f:
            f.write(text)

    def csv_file(self, rel, header, crlf=False, bom=False):
        f = open(self.path(rel), "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
        w = csv.writer(f, lineterminator="\r\n" if crlf else "\n")
        w.writerow(header)
        return f, w

    # -- what each objective is, decided before anything is written ------
    def draw_shape(self):
        r = self.rng("shape")
        self.status = []
        self.n_meas = []
        self.n_act = []
        for _ in range(self.n):
            x = r.random()
            self.status.append("active" if x < 0.85 else "draft" if x < 0.91 else
                               "achieved" if x < 0.95 else "closed" if x < 0.98 else "withdrawn")
            self.n_meas.append(r.randint(1, 3))
            self.n_act.append(r.randint(2, 5))
        # Exactly M rows over all measures, each measure weighted 0.4 .. 1.6.
        weights = [r.uniform(0.4, 1.6) for _ in range(sum(self.n_meas))]
        scale = self.m / sum(weights)
        self.rows = [int(w * scale) for w in weights]
        short = self.m - sum(self.rows)
        for k in range(short):
            self.rows[k * 7919 % len(self.rows)] += 1

    def run(self):
        self.draw_shape()
        self.write_pack_yml()
        self.write_policy()
        self.write_requirements()
        self.write_risks()
        self.write_objectives()

    def write_pack_yml(self):
        self.write_text("pack.yml", f"""\
# objreg benchmark pack: {self.n} objectives, {self.m} measurement rows, seed {self.seed}
organisation: Northwind Trading Group
document:
  id: ISMS-OBJ-REG
  title: Information Security Objectives Register
  version: "4.2"
  classification: Internal
  owner: CISO
  approved_by: Security Committee
  approved_on: 2026-02-03
  history:
    - {{version: "4.0", date: 2025-01-20, author: ISMS Manager, change: Rewritten for ISO/IEC 27001:2022}}
    - {{version: "4.1", date: 2025-12-09, author: ISMS Manager, change: Annual review}}
    - {{version: "4.2", date: 2026-02-03, author: Jürgen Weiß, change: "Objectives for München, Wrocław and Πάτρα"}}
as_of: {AS_OF.isoformat()}
thresholds:
  risk_coverage: high
  stale_grace_days: 14
  at_risk_tolerance: 0.10
rules:
  Q-VAGUE: error
""")

    def write_policy(self):
        r = self.rng("policy")
        out = ['---\nid: ISMS-POL-01\nversion: "5.0"\napproved_by: Board of Directors\n'
               "approved_on: 2025-12-01\n---\n\n# Information Security Policy\n\n"
               "Northwind Trading Group protects the information it holds. The statements "
               "below carry identifiers that objectives refer to.\n"]
        seps = [":", " -", " —", ":"]
        for i in range(N_POLICY):
            out.append(f"\n## POL-{i + 1}{seps[i % 4]} {POLICY_TITLES[i]}\n")
            for _ in range(r.randint(1, 2)):
                out.append("\n" + " ".join(r.sample(POLICY_LINES, r.randint(2, 3))) + "\n")
        self.write_text("policy.md", "".join(out))

    def req_id(self, k):
        return f"REQ-{REQ_KINDS[k % len(REQ_KINDS)][0]}-{k + 1:04d}"

    def write_requirements(self):
        r = self.rng("requirements")
        f, w = self.csv_file("requirements.csv", ["id", "title", "source", "type"])
        for k in range(self.n_reqs):
            prefix, kind, title = REQ_KINDS[k % len(REQ_KINDS)]
            w.writerow([self.req_id(k), title.format(a=r.randint(1, 40), b=r.randint(1, 9)),
                        prefix, kind])
        f.close()

    @staticmethod
    def risk_id(k):
        return f"R-{k + 1:05d}"

    def write_risks(self):
        # Risk k is the primary risk of objectives 2k and 2k+1.  A risk that no
        # active objective addresses is kept below the coverage threshold, so
        # the pack stays free of 6.2c-coverage warnings.
        r = self.rng("risks")
        f, w = self.csv_file("risks.csv", ["ID", "Title", "Level", "Treatment", "Owner", "Status",
                                           "Asset class"], crlf=True, bom=True)
        for k in range(self.n_risks):
            covered = any(self.status[j] == "active" for j in (2 * k, 2 * k + 1) if j < self.n)
            title = r.choice(THREATS).format(asset=r.choice(ASSETS), unit=r.choice(UNITS))
            level = r.choice(LEVELS_RISK) if covered else r.choice(LEVELS_RISK[:2])
            status = "closed" if covered and r.random() < 0.1 else "open"
            w.writerow([self.risk_id(k), title, level, r.choice(TREATMENTS), r.choice(PEOPLE),
                        status, r.choice(["Application", "Infrastructure", "People", "Site"])])
        f.close()

    # -- objectives and their progress rows ------------------------------
    def body(self, r, ctx):
        def sentence(t):
            c = {"pol": f"POL-{r.randint(1, N_POLICY)}", "feed": r.choice(FEEDS),
                 "unit": r.choice(UNITS), "freq": r.choice(list(STEP_DAYS)),
                 "asset": r.choice(ASSETS), "person": r.choice(PEOPLE), "n": r.randint(1, 40)}
            c.update(ctx)
            return t.format(**c)

        paras = [" ".join(sentence(t) for t in r.sample(SENTENCES, r.randint(2, 5)))
                 for _ in range(r.randint(2, 4))]
        c = dict(ctx, feed=r.choice(FEEDS), person=r.choice(PEOPLE), n=r.randint(1, 40))
        bullets = "\n".join("- " + b.format(**c) for b in r.sample(BULLETS, r.randint(3, 5)))
        parts = ["## Statement\n\n" + paras[0], "## Rationale\n\n" + paras[1] + "\n\n" + bullets]
        if len(paras) > 2:
            parts.append("## Notes\n\n" + "\n\n".join(paras[2:]))
        return "\n\n".join(parts) + "\n"

    def measure_rows(self, r, vr, oid, mid, count, metric, freq, due):
        """The measure's baseline date and its rows, oldest first."""
        _, unit, _, (lo, hi), target = metric
        step = STEP_DAYS[freq]
        span = 1100                       # about three years of history at most
        if count * step > span:
            step = max(1, span // max(1, count))
        last = AS_OF - r.randint(0, 5) * ONE_DAY
        first = last - (count - 1) * step * ONE_DAY
        bdate = min(first - r.randint(1, 25) * ONE_DAY, due - 120 * ONE_DAY)
        base = r.randint(lo, hi)
        pace = r.uniform(0.7, 1.4)
        pct_suffix = unit == "%" and r.random() < 0.4
        whole = unit not in ("%", "hours", "days")
        total = max(1, (due - bdate).days)
        rows = []
        for j in range(count):
            d = first + j * step * ONE_DAY
            v = base + (target - base) * min(1.0, pace * (d - bdate).days / total)
            v += (hi - lo) * 0.06 * vr.uniform(-1, 1)
            v = min(100.0, max(0.0, v)) if unit == "%" else max(0.0, v)
            text = str(round(v)) if whole else number(v)
            if pct_suffix:
                text += "%"
            x = vr.random()
            note = vr.choice(NOTES).format(k=vr.randint(1000, 9999)) if x < 0.08 else ""
            evidence = f"evidence/{oid}/{mid}-{d.isoformat()}.pdf" if x > 0.66 else ""
            rows.append((d, [oid, mid, d.isoformat(), text, note, evidence]))
        return bdate, base, rows

    def action_updates(self, r, w, oid, aid, start):
        d, pct = start, 0
        n = r.randint(0, 3)
        for k in range(n):
            d += r.randint(12, 80) * ONE_DAY
            if d > AS_OF:
                return
            final = k == n - 1
            if final and r.random() < 0.45:
                status = "done"
            elif r.random() < 0.04:
                status = "blocked"
            else:
                status = "in-progress" if k or r.random() < 0.75 else "planned"
            pct = 100 if status == "done" else min(95, pct + r.randint(10, 35))
            note = r.choice(["Waiting for the vendor", "Scope confirmed", "Budget released",
                             "Bis auf München erledigt", "Ждём подрядчика", ""]) \
                if r.random() < 0.3 else ""
            w.writerow([oid, aid, d.isoformat(), status, pct, note, ""])

    def write_objectives(self):
        r = self.rng("objectives")
        vr = self.rng("values")
        files = {}                          # quarter -> (file, writer)
        af, aw = self.csv_file("progress/actions.csv",
                               ["objective", "action", "date", "status", "percent", "note",
                                "evidence"], crlf=True)
        k_row = 0
        for i in range(self.n):
            oid = f"OBJ-{i + 1:05d}"
            status = self.status[i]
            title_t, fits = r.choice(TITLES)
            ctx = {"unit": r.choice(UNITS), "asset": r.choice(ASSETS), "person": r.choice(PEOPLE)}
            title = title_t.format(n=r.choice([2, 5, 10, 15, 30, 90, 97]), **ctx)
            level = "organisation" if r.random() < 0.12 else r.choice(LEVELS)
            approved_on = dt.date(2026, 1, 8) + r.randint(0, 75) * ONE_DAY
            due = r.choice(DUE_DATES) if r.random() < 0.96 else dt.date(2026, 9, 30)
            risks = [self.risk_id(min(i // 2, self.n_risks - 1))]
            for _ in range(r.randint(0, 2)):
                extra = self.risk_id(r.randrange(self.n_risks))
                if extra not in risks:
                    risks.append(extra)
            reqs = sorted({self.req_id(r.randrange(self.n_reqs)) for _ in range(r.randint(0, 2))})
            pols = sorted({r.randint(1, N_POLICY) for _ in range(r.randint(1, 3))})

            picks = list(fits)
            while len(picks) < self.n_meas[i]:
                x = r.randrange(len(METRICS))
                if x not in picks:
                    picks.append(x)
            measures, rows = [], []
            for j in range(self.n_meas[i]):
                metric = METRICS[picks[j]]
                freq = r.choice(list(STEP_DAYS))
                mdue = due if r.random() < 0.65 else r.choice([d for d in DUE_DATES if d <= due] or [due])
                bdate, base, mrows = self.measure_rows(r, vr, oid, f"M{j + 1}", self.rows[k_row],
                                                       metric, freq, mdue)
                k_row += 1
                rows.extend(mrows)
                lines = [f"  - id: M{j + 1}", f"    name: {yq(metric[0])}", f"    unit: {yq(metric[1])}",
                         f"    direction: {metric[2]}", f"    baseline: {base}",
                         f"    baseline_date: {bdate.isoformat()}", f"    target: {metric[4]}"]
                if mdue != due:
                    lines.append(f"    due: {mdue.isoformat()}")
                lines += [f"    frequency: {freq}", f"    source: {yq(r.choice(FEEDS))}"]
                measures.append("\n".join(lines))

            plan = []
            for j in range(self.n_act[i]):
                aid = f"A{j + 1}"
                pairs = [("id", aid), ("action", r.choice(TASKS).format(feed=r.choice(FEEDS), **ctx))]
                if r.random() < 0.5:
                    pairs.append(("owner", r.choice(PEOPLE)))
                pairs.append(("due", min(due, dt.date(2026, 2, 15) + r.randint(0, 380) * ONE_DAY)))
                if r.random() < 0.35:
                    pairs.append(("resources", f"{r.randint(1, 25)} person-days"))
                plan.append("  - " + flow_map(pairs))
                if status in ("active", "achieved", "closed"):
                    self.action_updates(r, aw, oid, aid, approved_on)

            comms = ["  - " + flow_map([("audience", r.choice(AUDIENCES)),
                                        ("channel", r.choice(CHANNELS)),
                                        ("date", approved_on + r.randint(2, 190) * ONE_DAY)])
                     for _ in range(r.randint(1, 3))]
            last = AS_OF - r.randint(3, 85) * ONE_DAY
            fm = ["---", f"id: {oid}", f"title: {yq(title)}", f"status: {status}", f"level: {level}"]
            if level != "organisation":
                fm.append(f"function: {yq(ctx['unit'])}")
            fm += [f"owner: {yq(ctx['person'])}", "policy: " + flow_seq(f"POL-{p}" for p in pols)]
            if reqs:
                fm.append("requirements: " + flow_seq(reqs))
            fm += ["risks: " + flow_seq(risks), "measures:", *measures, "plan:", *plan,
                   f"resources: {yq(f'{r.choice([0.1, 0.25, 0.5, 1])} FTE; budget line SEC-2026-{r.randint(1, 45):02d}')}",
                   f"due: {due.isoformat()}",
                   "evaluation: " + yq("The security committee reviews the measures every quarter; "
                                      "the objective is met when each measure reaches its target at "
                                      "two reviews in a row."),
                   "communicated:", *comms,
                   "review: " + flow_map([("frequency", "quarterly"), ("last", last),
                                          ("next", last + 91 * ONE_DAY)]),
                   f'version: "2.{r.randint(0, 9)}"',
                   f"approved_by: {r.choice(['CISO', 'Security Committee', 'COO'])}",
                   f"approved_on: {approved_on.isoformat()}",
                   "tags: " + flow_seq(sorted(r.sample(TAGS, r.randint(1, 3)))),
                   "---", ""]
            self.write_text(f"objectives/{oid}.md", "\n".join(fm) + "\n" + self.body(r, ctx))

            for d, row in rows:
                q = quarter(d)
                if q not in files:
                    files[q] = self.csv_file(f"progress/measurements/{q}.csv",
                                             ["objective", "measure", "date", "value", "note",
                                              "evidence"])
                files[q][1].writerow(row)
        af.close()
        for f, _ in files.values():
            f.close()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--objectives", type=int, required=True, metavar="N")
    ap.add_argument("--rows", type=int, required=True, metavar="M",
                    help="measurement rows in all, over all progress/measurements/*.csv")
    ap.add_argument("--seed", type=int, default=1, metavar="S")
    a = ap.parse_args(argv)
    if a.objectives < 1 or a.rows < 0:
        ap.error("--objectives must be at least 1 and --rows at least 0")
    if a.objectives > 99999:
        ap.error("--objectives must be at most 99999 (ids are OBJ-nnnnn)")
    if os.path.isdir(a.outdir) and os.listdir(a.outdir):
        ap.error(f"'{a.outdir}' exists and is not empty")
    Generator(a.outdir, a.objectives, a.rows, a.seed).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
