/*
 * init.c - `objreg init [DIR] [--language de|fr|en]`: a new, commented pack.
 *
 * DIR is created when absent.  Every file is checked first: when one of them
 * exists already, nothing is written and the run stops with exit 2 naming it.
 * Each file is then created with O_EXCL, so that a file that appears in the
 * meantime is not overwritten either.  The example objective comes from the
 * objective template (the pack's own, else the tool's for the language), as
 * `new objective` makes it; it is a draft, so `check` right after gives
 * warnings about what is still to fill in, never an error.
 */
#include "objreg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  const char *lang;
  const char *pack_yml, *policy_md, *risks_csv, *reqs_csv, *progress_readme;
} Scaffold;

static const Scaffold scaffolds[] = {
  {"en",
   "# objreg pack configuration (every key is optional; see docs/format.md).\n"
   "# Replace the example values with your own.\n"
   "organisation: Example Ltd\n"
   "language: en               # en | de | fr\n"
   "document:\n"
   "  id: ISMS-OBJ             # printed on every page and in the file names of the evidence pack\n"
   "  title: Information Security Objectives Register\n"
   "  version: \"0.1\"\n"
   "  classification: Internal # printed in every page header\n"
   "  owner: CISO\n"
   "  approved_by:             # e.g. ISMS Steering Committee\n"
   "  approved_on:             # YYYY-MM-DD\n"
   "  history: []              # e.g. [{version: \"1.0\", date: 2026-02-01, author: ISMS Manager, change: First issue}]\n"
   "# as_of: 2026-12-31        # evaluation date; default today (or SOURCE_DATE_EPOCH's date)\n"
   "thresholds:                # the values shown are the defaults\n"
   "  risk_coverage: high      # open risks at or above this level, treated by modification, need an objective\n"
   "  stale_grace_days: 14     # days a measurement may be late before it counts as stale\n"
   "  at_risk_tolerance: 0.10  # how far behind plan a measure may be and still be at risk, not off track\n"
   "rules: {}                  # per-rule severity: error | warning | off, e.g. {Q-VAGUE: error}\n",

   "---\n"
   "# The information security policy.  Each statement is a heading that starts\n"
   "# with its id (upper case, with a hyphen), e.g. \"## POL-1: ...\"; objectives\n"
   "# refer to it with `policy: [POL-1]`.\n"
   "id: ISMS-POL\n"
   "version: \"0.1\"\n"
   "approved_by:\n"
   "approved_on:\n"
   "---\n"
   "\n"
   "# Information Security Policy\n"
   "\n"
   "An example statement; replace it with the statements of your policy.\n"
   "\n"
   "## POL-1: Information security objectives are set, measured and reviewed\n"
   "\n"
   "Each year top management sets measurable information security objectives that\n"
   "follow from this policy, from the risk assessment and from the applicable\n"
   "requirements, and reviews their progress.\n",

   "id,title,level,treatment,owner,status\n"
   "R-001,Example risk: ransomware encrypts the file servers and their backups,high,modify,Head of IT,open\n",

   "id,title,source,type\n"
   "REQ-001,Example requirement: security of processing appropriate to the risk,GDPR Art. 32,legal\n",

   "# Progress\n"
   "\n"
   "Put the measurement records and action updates here, as CSV files (or XLSX\n"
   "workbooks: first sheet, header in row 1), in folders as you like.\n"
   "\n"
   "Measurements: `objective,measure,date,value,note,evidence`, e.g.\n"
   "`OBJ-001,M1,2026-01-31,42,,IAM export`.\n"
   "\n"
   "Action updates: `objective,action,date,status,percent,note,evidence`, e.g.\n"
   "`OBJ-001,A1,2026-02-15,in-progress,50,,`.\n"},
  {"de",
   "# objreg-Paketkonfiguration (jeder Schlüssel ist optional; siehe docs/format.md).\n"
   "# Ersetzen Sie die Beispielwerte durch Ihre eigenen.  Die Schlüssel bleiben englisch.\n"
   "organisation: Beispiel GmbH\n"
   "language: de               # en | de | fr\n"
   "document:\n"
   "  id: ISMS-ZIELE           # steht auf jeder Seite und in den Dateinamen des Nachweispakets\n"
   "  title: Register der Informationssicherheitsziele\n"
   "  version: \"0.1\"\n"
   "  classification: Intern   # steht in jeder Kopfzeile\n"
   "  owner: Informationssicherheitsbeauftragter\n"
   "  approved_by:             # z. B. ISMS-Lenkungsausschuss\n"
   "  approved_on:             # JJJJ-MM-TT\n"
   "  history: []              # z. B. [{version: \"1.0\", date: 2026-02-01, author: ISMS-Manager, change: Erstausgabe}]\n"
   "# as_of: 2026-12-31        # Stichtag der Bewertung; ohne Angabe heute (oder das Datum von SOURCE_DATE_EPOCH)\n"
   "thresholds:                # die gezeigten Werte sind die Vorgaben\n"
   "  risk_coverage: high      # offene Risiken ab dieser Stufe, die gemindert werden, brauchen ein Ziel\n"
   "  stale_grace_days: 14     # Tage, die eine Messung verspätet sein darf, bevor sie als veraltet gilt\n"
   "  at_risk_tolerance: 0.10  # wie weit eine Kennzahl hinter dem Plan liegen darf und noch gefährdet statt nicht im Plan ist\n"
   "rules: {}                  # Schweregrad je Regel: error | warning | off, z. B. {Q-VAGUE: error}\n",

   "---\n"
   "# Die Informationssicherheitspolitik.  Jede Aussage ist eine Überschrift, die\n"
   "# mit ihrer Kennung beginnt (Großbuchstaben, mit Bindestrich), z. B. \"## POL-1: ...\";\n"
   "# Ziele verweisen darauf mit `policy: [POL-1]`.\n"
   "id: ISMS-POL\n"
   "version: \"0.1\"\n"
   "approved_by:\n"
   "approved_on:\n"
   "---\n"
   "\n"
   "# Informationssicherheitspolitik\n"
   "\n"
   "Eine Beispielaussage; ersetzen Sie sie durch die Aussagen Ihrer Politik.\n"
   "\n"
   "## POL-1: Informationssicherheitsziele werden festgelegt, gemessen und überprüft\n"
   "\n"
   "Die oberste Leitung legt jedes Jahr messbare Informationssicherheitsziele fest,\n"
   "die sich aus dieser Politik, aus der Risikobeurteilung und aus den geltenden\n"
   "Anforderungen ergeben, und überprüft ihren Fortschritt.\n",

   "id,title,level,treatment,owner,status\n"
   "R-001,Beispielrisiko: Ransomware verschlüsselt die Dateiserver und ihre Sicherungen,high,modify,IT-Leitung,open\n",

   "id,title,source,type\n"
   "REQ-001,Beispielanforderung: Sicherheit der Verarbeitung angemessen zum Risiko,DSGVO Art. 32,legal\n",

   "# Fortschritt\n"
   "\n"
   "Legen Sie hier die Messwerte und den Stand der Maßnahmen ab, als CSV-Dateien\n"
   "(oder XLSX-Arbeitsmappen: erstes Blatt, Kopfzeile in Zeile 1), in Ordnern nach Belieben.\n"
   "Die Spaltennamen bleiben englisch.\n"
   "\n"
   "Messwerte: `objective,measure,date,value,note,evidence`, z. B.\n"
   "`OBJ-001,M1,2026-01-31,42,,IAM-Export`.\n"
   "\n"
   "Stand der Maßnahmen: `objective,action,date,status,percent,note,evidence`, z. B.\n"
   "`OBJ-001,A1,2026-02-15,in-progress,50,,`.\n"},
  {"fr",
   "# Configuration du dossier objreg (chaque clé est facultative ; voir docs/format.md).\n"
   "# Remplacez les valeurs d'exemple par les vôtres.  Les clés restent en anglais.\n"
   "organisation: Exemple SAS\n"
   "language: fr               # en | de | fr\n"
   "document:\n"
   "  id: ISMS-OBJ             # imprimé sur chaque page et dans les noms de fichiers du dossier de preuves\n"
   "  title: Registre des objectifs de sécurité de l'information\n"
   "  version: \"0.1\"\n"
   "  classification: Interne  # imprimé dans chaque en-tête de page\n"
   "  owner: RSSI\n"
   "  approved_by:             # p. ex. Comité de pilotage du SMSI\n"
   "  approved_on:             # AAAA-MM-JJ\n"
   "  history: []              # p. ex. [{version: \"1.0\", date: 2026-02-01, author: Responsable SMSI, change: Première édition}]\n"
   "# as_of: 2026-12-31        # date d'évaluation ; par défaut aujourd'hui (ou la date de SOURCE_DATE_EPOCH)\n"
   "thresholds:                # les valeurs indiquées sont celles par défaut\n"
   "  risk_coverage: high      # les risques ouverts de ce niveau ou plus, à réduire, demandent un objectif\n"
   "  stale_grace_days: 14     # jours de retard admis pour une mesure avant qu'elle soit obsolète\n"
   "  at_risk_tolerance: 0.10  # retard sur le plan admis pour « à risque » plutôt que « hors trajectoire »\n"
   "rules: {}                  # sévérité par règle : error | warning | off, p. ex. {Q-VAGUE: error}\n",

   "---\n"
   "# La politique de sécurité de l'information.  Chaque énoncé est un titre qui\n"
   "# commence par son identifiant (majuscules, avec un trait d'union), p. ex.\n"
   "# \"## POL-1: ...\" ; les objectifs y renvoient avec `policy: [POL-1]`.\n"
   "id: ISMS-POL\n"
   "version: \"0.1\"\n"
   "approved_by:\n"
   "approved_on:\n"
   "---\n"
   "\n"
   "# Politique de sécurité de l'information\n"
   "\n"
   "Un énoncé d'exemple ; remplacez-le par les énoncés de votre politique.\n"
   "\n"
   "## POL-1: Les objectifs de sécurité de l'information sont fixés, mesurés et revus\n"
   "\n"
   "Chaque année, la direction fixe des objectifs de sécurité de l'information\n"
   "mesurables, issus de cette politique, de l'appréciation des risques et des\n"
   "exigences applicables, et en revoit l'avancement.\n",

   "id,title,level,treatment,owner,status\n"
   "R-001,Risque d'exemple : un rançongiciel chiffre les serveurs de fichiers et leurs sauvegardes,high,modify,DSI,open\n",

   "id,title,source,type\n"
   "REQ-001,Exigence d'exemple : sécurité du traitement adaptée au risque,RGPD art. 32,legal\n",

   "# Avancement\n"
   "\n"
   "Déposez ici les mesures et l'état des actions, en fichiers CSV (ou classeurs\n"
   "XLSX : première feuille, en-tête en ligne 1), dans les dossiers de votre choix.\n"
   "Les noms de colonnes restent en anglais.\n"
   "\n"
   "Mesures : `objective,measure,date,value,note,evidence`, p. ex.\n"
   "`OBJ-001,M1,2026-01-31,42,,Export IAM`.\n"
   "\n"
   "État des actions : `objective,action,date,status,percent,note,evidence`, p. ex.\n"
   "`OBJ-001,A1,2026-02-15,in-progress,50,,`.\n"},
};

static const char gitignore[] =
  "# The evidence pack is built from the sources; keep it out of Git.\n"
  "output/\n";

#define EXAMPLE_ID "OBJ-001"

/* Create rel under dir with O_EXCL and write text; false after a message. */
static bool write_new(const char *dir, const char *rel, const char *text)
{
  char *path = path_join(dir, rel);
  bool ok = write_new_file(path, rel, text);
  free(path);
  return ok;
}

static bool make_dir(const char *dir, const char *rel)
{
  char *path = rel ? path_join(dir, rel) : strdup(dir);
  if (!path)
    die("out of memory");
  if (!rel)  // DIR's missing parents first, as mkdir -p
    for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
      *p = '\0';
      mkdir(path, 0777);
      *p = '/';
    }
  bool ok = mkdir(path, 0777) == 0 || errno == EEXIST;
  struct stat st;
  if (ok && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
    fprintf(stderr, "objreg: error: '%s' exists and is not a folder\n", rel ? rel : dir);
    ok = false;
  } else if (!ok) {
    fprintf(stderr, "objreg: error: cannot create '%s': %s\n", rel ? rel : dir, strerror(errno));
  }
  free(path);
  return ok;
}

/* The scaffold of a language, or NULL. */
static const Scaffold *scaffold_for(const char *lang)
{
  for (size_t i = 0; i < sizeof scaffolds / sizeof *scaffolds; i++)
    if (strcmp(scaffolds[i].lang, lang) == 0)
      return &scaffolds[i];
  return NULL;
}

/* Whether none of the pack's files exists in dir yet; false after naming the first that does. */
static bool none_exists(const char *dir)
{
  static const char *const files[] = {"pack.yml", "policy.md", "risks.csv", "requirements.csv", ".gitignore",
                                      "progress/README.md", "objectives/" EXAMPLE_ID ".md"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char *path = path_join(dir, files[i]);
    struct stat st;
    bool exists = lstat(path, &st) == 0;
    free(path);
    if (exists) {
      fprintf(stderr, "objreg: error: '%s' already exists in '%s'; nothing written (init never overwrites a file)\n",
              files[i], dir);
      return false;
    }
  }
  return true;
}

/* The folders and the fixed files of the scaffold; false after a message. */
static bool write_scaffold(const char *dir, const Scaffold *s)
{
  return make_dir(dir, NULL) && make_dir(dir, "objectives") && make_dir(dir, "progress") &&
         write_new(dir, "pack.yml", s->pack_yml) && write_new(dir, "policy.md", s->policy_md) &&
         write_new(dir, "risks.csv", s->risks_csv) && write_new(dir, "requirements.csv", s->reqs_csv) &&
         write_new(dir, ".gitignore", gitignore) && write_new(dir, "progress/README.md", s->progress_readme);
}

/* The example objective: the pack's objective template (when DIR has one),
 * else the tool's in the pack's language.  0, or 2 after a message. */
static int write_example(const char *dir, const char *lang)
{
  Pack pack;
  Eval ev;
  int rc = 2;
  if (pack_load(&pack, dir, DATE_NONE, false, 1) != 0) {
    pack_free(&pack);
    return 2;
  }
  eval_pack(&pack, pack.as_of, &ev);
  const char *name = pack.tpl_objective || strcmp(lang, "en") == 0 ? "objective.md"
                                                                    : arena_printf(&pack.arena, "%s/objective.md", lang);
  char *tpl = tpl_text(&pack, datadir_find(), name);
  if (!tpl) {
    fprintf(stderr, "objreg: error: cannot read the objective template '%s': %s\n", name, strerror(errno));
  } else {
    char *text = tpl_expand(tpl, tpl_values(&pack.arena, &pack, &ev, NULL, EXAMPLE_ID), (size_t)pack.limits.template_size);
    if (write_new(dir, "objectives/" EXAMPLE_ID ".md", text))
      rc = 0;
    free(text);
    free(tpl);
  }
  eval_release(&ev);
  pack_free(&pack);
  return rc;
}

int init_pack(const char *dir, const char *lang, bool quiet)
{
  const Scaffold *s = scaffold_for(lang);
  if (!s) {
    fprintf(stderr, "objreg: error: unknown language '%s' (en, de or fr)\nTry 'objreg --help'.\n", lang);
    return 2;
  }
  // Nothing is written when any of the files exists already.
  if (!none_exists(dir) || !write_scaffold(dir, s))
    return 2;
  int rc = write_example(dir, lang);
  if (rc == 0 && !quiet)
    fprintf(stderr,
            "objreg: created a new pack in '%s': pack.yml, policy.md, risks.csv, requirements.csv,\n"
            "objreg: objectives/" EXAMPLE_ID ".md (an example draft), progress/ and .gitignore.\n"
            "objreg: next: replace the examples, or bring in your register with 'objreg import FILE %s';\n"
            "objreg: then 'objreg check %s' lists what clause 6.2 still needs.\n",
            dir, dir, dir);
  return rc;
}
