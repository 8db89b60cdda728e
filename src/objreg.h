/*
 * objreg.h - the one header: model types and every stage's entry points.
 *
 * objreg is a straight pipeline:
 *
 *     pack_load()  read every file of a pack into the model (Pack), reporting
 *                  what cannot be read as findings (Diag)
 *     eval_pack()  SPEC section 7: progress, status, RAG, as a pure function
 *                  of the model and the evaluation date (Eval)
 *     rules_run()  SPEC section 8: the clause 6.2 rules over model and Eval
 *                  (with evidence_required, approval_rules, control_rules)
 *     diag_*()     sort, count and print the findings (text, JSON, SARIF)
 *     build_pack() the evidence pack: the documents from the model, Eval and
 *                  the change record (change_compute), written all or nothing
 *
 * docs/design.md names each file's stage.
 *
 * Every model object lives in the pack's one Arena and keeps the position
 * (Pos) of the source it came from.  Nothing below a stage calls back into
 * an earlier one: readers never render, renderers never parse.
 */
#ifndef OBJREG_H
#define OBJREG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define OBJREG_VERSION "1.1.0"
#define OBJREG_RULESET "2026.2"

#define FMT(a, b) __attribute__((format(printf, a, b)))
#define NORETURN __attribute__((noreturn))

typedef struct cmark_node cmark_node;

//
// arena.c: allocation (out of memory aborts), the arena, a string map
//

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *path_join(const char *dir, const char *name);  // malloc'd "dir/name"; the caller frees
NORETURN void die(const char *fmt, ...) FMT(1, 2);      // "objreg: fatal: ..." exit 2
NORETURN void bug(const char *file, int line, const char *msg);
#define BUG(msg) bug(__FILE__, __LINE__, msg)

typedef struct ArenaBlock ArenaBlock;
typedef struct {
  ArenaBlock *head;  // newest block first
  size_t grow;       // the size of its next block (0: the first size)
} Arena;

void arena_init(Arena *a);
void *arena_alloc(Arena *a, size_t n);  // zeroed, aligned for any type
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) FMT(2, 3);
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);
void arena_release(Arena *a);           // frees every block
void arena_reset(Arena *a);             // forgets everything, keeps one block for reuse
void arena_adopt(Arena *dst, Arena *src);  // src's blocks become dst's; src is left empty

// Open-addressing map from string keys to pointers; keys are not copied.
typedef struct {
  const char **keys;
  void **vals;
  size_t cap, len;
} Map;

void map_init(Map *m);
void *map_get(const Map *m, const char *key);
void map_put(Map *m, const char *key, void *val);  // replaces
void map_release(Map *m);

//
// buf.c: growable byte buffer (malloc-owned)
//

typedef struct {
  char *s;         // NUL-terminated from buf_init on (buf_empty until written)
  size_t len, cap;
} Buf;

extern char buf_empty[1];
void buf_init(Buf *b);
void buf_reset(Buf *b);    // empty, keeping the memory
char *buf_detach(Buf *b);  // the string, malloc-owned by the caller; b is left empty
void buf_add(Buf *b, const char *s, size_t n);
void buf_grow(Buf *b, size_t extra);  // room for extra more bytes (and the NUL)
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_putint(Buf *b, long n);  // in decimal, as "%ld" (without printf's cost)
void buf_printf(Buf *b, const char *fmt, ...) FMT(2, 3);
void buf_json_str(Buf *b, const char *s);  // a JSON string literal, quotes included
void buf_release(Buf *b);
// The file at path, NUL-terminated and malloc-owned, its length in *n (if n);
// NULL with errno set when it cannot be read or is over max bytes (EFBIG).
char *read_file(const char *path, size_t max, size_t *n);
char *read_stream(FILE *f, size_t max, size_t *n);  // the same from f, which it closes
// The bytes of an open regular file of at most max bytes (*len of them),
// NUL-terminated, malloc-owned; NULL with *err, and with SLURP_IO *why
// (strerror, or "file shrank while read").
typedef enum { SLURP_IO, SLURP_NOT_REGULAR, SLURP_TOO_LARGE } SlurpError;
char *fd_read(int fd, size_t max, size_t *len, SlurpError *err, const char **why);
// Create path exclusively (O_EXCL, never through a link) and write text; false
// after a message naming rel, with a partly written file removed (init,
// import, new).
bool write_new_file(const char *path, const char *rel, const char *text);
const char *path_base(const char *path);  // the part after the last '/', for messages

//
// utf8.c, date.c: text and values
//

// Offset of the first invalid UTF-8 byte or forbidden C0 control character
// (anything below 0x20 except tab, LF, CR; and DEL is allowed), or -1.
long utf8_check(const char *s, size_t n);
int utf8_decode(const char *s, size_t n, uint32_t *cp);  // bytes used; 0 if invalid
size_t utf8_len(const char *s);                          // code points
// s as text the outputs can carry (in a): each byte that is not part of a
// UTF-8 character, and each control character (C0, DEL), replaced by U+FFFD.
// For text objreg does not check as input: names from Git's history.
const char *utf8_clean(Arena *a, const char *s);
bool cp_invisible(uint32_t cp);  // a Unicode space other than U+0020, or an invisible format character
bool utf8_blank(const char *s);  // nothing but white space and invisible characters (or empty)
// The first character of s that an author cannot tell from another (an
// invisible one, a Unicode space or dash, a full-width, Cyrillic or Greek
// letter), described for a message: "U+00A0 (a no-break space) as character 7".
bool utf8_oddity(const char *s, char *out, size_t size);
// s as it looks: invisible characters dropped, Unicode dashes as '-', full-width
// and Cyrillic or Greek look-alikes as their ASCII letters, ASCII lower case.
size_t utf8_skeleton(const char *s, char *out, size_t size);

typedef int32_t Date;     // days since 1970-01-01
#define DATE_NONE INT32_MIN

bool date_parse(const char *s, Date *out);   // strict YYYY-MM-DD, a real date
void date_format(Date d, char out[11]);      // YYYY-MM-DD
void date_civil(Date d, int *y, int *m, int *day);
Date date_from_unix(int64_t secs);
// SOURCE_DATE_EPOCH, parsed here only: 1 with *secs when it is digits for a time
// from 1970-01-01 to 9999-12-31, 0 when unset or empty, -1 for anything else.
#define EPOCH_MAX INT64_C(253402300799)  // 9999-12-31T23:59:59Z
int source_date_epoch(int64_t *secs);
// Numbers are read exactly below 10^15 (15 digits before the decimal mark:
// what a double holds to the unit, and what Excel shows); larger ones are
// refused where they are read.
#define NUM_LIMIT 1e15
bool num_parse(const char *s, bool decimal_comma, double *out);  // -?[0-9]+(\.[0-9]+)?
bool num_parse_n(const char *s, size_t n, bool decimal_comma, double *out);
bool str_ieq(const char *a, const char *b);  // ASCII case-insensitive equality

//
// The model (filled by pack.c and the readers below)
//

typedef struct {
  const char *file;  // pack-relative path with '/' separators
  int line, col;     // 1-based; 0 = the whole file
} Pos;

typedef enum { SEV_OFF, SEV_WARNING, SEV_ERROR } Severity;

// The rules of SPEC section 8, one line each, in the order of the table:
//   X(enum name, "id", "clause wording", "what it checks", default severity)
// To add a rule, add its line here and its check to rules.c.  The RuleId enum
// and rules.c's table both expand from this one list, so a finding for a
// misspelt rule does not compile; the findings files number rules in this order.
#define RULES(X) \
  X(RULE_6_2, "6.2", "establish information security objectives", "the pack establishes at least one objective", SEV_ERROR) \
  X(RULE_6_2A, "6.2a", "be consistent with the information security policy", "references at least one policy statement, each of which exists", SEV_ERROR) \
  X(RULE_6_2B, "6.2b", "be measurable (if practicable)", "at least one measure with a numeric target, direction and frequency, or measurable: false with evidence", SEV_ERROR) \
  X(RULE_6_2C, "6.2c", "take into account applicable information security requirements, and results from risk assessment and risk treatment", "references at least one risk or requirement, each of which exists", SEV_ERROR) \
  X(RULE_6_2C_COVERAGE, "6.2c-coverage", "take into account results from risk assessment and risk treatment", "an open risk at or above the coverage threshold, treated by modification, is addressed by an active or achieved objective", SEV_WARNING) \
  X(RULE_6_2C_FEEDBACK, "6.2c-feedback", "take into account results from risk assessment and risk treatment", "an achieved objective's risks, once no other objective treats them, are no longer open for treatment by modification (reassess them: 6.1.2)", SEV_WARNING) \
  X(RULE_6_2D, "6.2d", "be monitored", "an active objective's measures have progress data, none of it stale", SEV_WARNING) \
  X(RULE_6_2E, "6.2e", "be communicated", "the objective records at least one communication with audience and date", SEV_ERROR) \
  X(RULE_6_2F, "6.2f", "be updated as appropriate", "the review has a frequency, a last date within frequency and grace of as_of, and a next date not past", SEV_WARNING) \
  X(RULE_6_2F_RELEVANCE, "6.2f-relevance", "be updated as appropriate", "an active objective is reviewed again when the risks, requirements or policy statements it rests on close or change", SEV_WARNING) \
  X(RULE_6_2G, "6.2g", "be available as documented information", "version, approved_by and approved_on are present", SEV_ERROR) \
  X(RULE_6_2H, "6.2h", "what will be done", "the plan has at least one action", SEV_ERROR) \
  X(RULE_6_2I, "6.2i", "what resources will be required", "resources on the objective, or on every action", SEV_ERROR) \
  X(RULE_6_2J, "6.2j", "who will be responsible", "an owner, and an owner for every action (inherited from the objective)", SEV_ERROR) \
  X(RULE_6_2K, "6.2k", "when it will be completed", "a due date, and a due date for every action not later than the objective's", SEV_ERROR) \
  X(RULE_6_2L, "6.2l", "how the results will be evaluated", "an evaluation method", SEV_ERROR) \
  X(RULE_6_2L_ACHIEVED, "6.2l-achieved", "how the results will be evaluated", "an objective recorded as achieved is achieved by its measures' own rules", SEV_WARNING) \
  X(RULE_Q_ACTIVITY, "Q-ACTIVITY", "objectives state results, not activities", "the title does not start with an activity verb", SEV_WARNING) \
  X(RULE_Q_VAGUE, "Q-VAGUE", "objectives are specific", "the title is not a known vague phrase", SEV_WARNING) \
  X(RULE_9_3_DECISION, "9.3-decision", "the results of the management review shall include decisions (9.3.3)", "an open decision has an owner and a due date, and names only objectives that exist", SEV_ERROR) \
  X(RULE_9_3_FOLLOWUP, "9.3-followup", "the status of actions from previous management reviews (9.3.2 a)", "an open decision of a management review is not past its due date", SEV_WARNING) \
  X(RULE_P_REF, "P-REF", "progress data refers to what exists", "a progress row names a known objective, measure or action", SEV_ERROR) \
  X(RULE_P_VALUE, "P-VALUE", "progress data is well formed", "a progress row has a valid date, number and status", SEV_ERROR) \
  X(RULE_P_DUP, "P-DUP", "progress data is unambiguous", "no second row for the same item and date (the later one wins)", SEV_WARNING) \
  X(RULE_P_FUTURE, "P-FUTURE", "progress data is not dated after the evaluation date", "a row dated after as_of is not used", SEV_WARNING) \
  X(RULE_E_IO, "E-IO", "input is readable", "an unreadable or non-regular file", SEV_ERROR) \
  X(RULE_E_UTF8, "E-UTF8", "input is UTF-8 text", "invalid UTF-8 or a control character", SEV_ERROR) \
  X(RULE_E_YAML, "E-YAML", "front matter is valid YAML", "YAML syntax or structure, anchors and aliases, unterminated front matter", SEV_ERROR) \
  X(RULE_E_CSV, "E-CSV", "CSV files are well formed", "CSV syntax or a missing column", SEV_ERROR) \
  X(RULE_E_FIELD, "E-FIELD", "values are valid", "an invalid value: date, number, enumeration or id", SEV_ERROR) \
  X(RULE_E_DUP, "E-DUP", "ids are unique", "an id defined twice", SEV_ERROR) \
  X(RULE_E_PATH, "E-PATH", "input stays inside the pack", "a link leading outside the pack", SEV_ERROR) \
  X(RULE_E_LIMIT, "E-LIMIT", "input stays within limits", "a size, depth or count limit", SEV_ERROR) \
  X(RULE_W_KEY, "W-KEY", "keys are known", "an unknown key (a typo must not pass silently)", SEV_WARNING) \
  X(RULE_W_GLYPH, "W-GLYPH", "text prints as written", "a character the fonts cannot print", SEV_WARNING) \
  X(RULE_W_TRUNC, "W-TRUNC", "text fits a spreadsheet cell", "text cut at Excel's 32,767-character cell limit", SEV_WARNING) \
  X(RULE_W_REVISION, "W-REVISION", "a controlled build is identifiable", "a build that is not a draft names its source revision", SEV_WARNING) \
  X(RULE_P_EVIDENCE, "P-EVIDENCE", "progress data names evidence that can be checked", "an evidence path names a regular file inside the repository; with require_evidence, every used row has evidence", SEV_WARNING) \
  X(RULE_7_5_APPROVAL, "7.5-approval", "documented information is approved as it stands", "an objective (or the pack) changed in a commit after its approval without a new version", SEV_WARNING) \
  X(RULE_7_5_CONTROL, "7.5-control", "documented information is controlled: distribution, storage, retention", "a build that is not a draft has document distribution, master and retention", SEV_WARNING)

typedef enum {
#define X(name, ...) name,
  RULES(X)
#undef X
  N_RULES
} RuleId;

typedef struct {
  Pos pos;           // a heading of policy.md
  const char *odd;   // its character that only looks right, described (utf8_oddity)
} LookalikeHeading;

typedef struct {
  Pos pos;
  Severity sev;           // after pack.yml override and draft downgrade
  RuleId rule;
  int obj;                // the objective's index in Pack.objectives, or -1
  const char *objective;  // that objective's id (for the findings files), or NULL
  const char *msg;        // arena-owned, git message style
} Diag;

// Where a finding sits in its file as read, for SARIF (diag_context): the
// region's text and the lines around it, and the node's key path.
typedef struct {
  int end_col;            // the region: pos.line, pos.col .. end_col (exclusive); 0: no text
  const char *snippet;    // the region's text (arena)
  int ctx_start, ctx_end; // lines of the context region (0: none)
  const char *context;    // their text, line ends included but the last (arena)
  int ctx_end_col;        // 0, or the end column when the context is cut inside line ctx_end
  int n_lines;            // lines of the file (for a finding on the whole file)
  const char *key_path;   // e.g. "plan[A2].due", "row:OBJ-001,M1,...", "" (arena)
  char fingerprint[33];   // hex: rule, file, objective, key path (and occurrence)
} DiagCtx;

typedef struct {
  Diag *v;  // malloc-owned array
  int len, cap;
  int n_error, n_warning;
} DiagList;

// A text value from an input file: s is NULL when the field is absent.
typedef struct {
  const char *s;
  Pos pos;
  const char *placeholder;  // when s is NULL for a placeholder written in its place ("TBD", "n/a"): that text
} Str;

typedef struct {
  Str *v;
  int n;
  bool present;  // the key was given (even if empty or invalid)
  bool invalid;  // given, but not a list of ids: counts as present, no 6.2 finding
  Pos pos;       // the key's value node
  Pos key_pos;   // the key itself (a top-level list of an objective)
} StrList;

typedef struct {
  double v;
  bool present, valid;
  Pos pos;
  int dec;  // decimals as written ("40.00": 2); -1: not known (a value made in memory)
} Num;

typedef struct {
  Date v;
  bool present, valid;  // given; and a real date
  Pos pos;
} DateVal;

static inline Date dv(DateVal d)  // the date, or DATE_NONE
{
  return d.valid ? d.v : DATE_NONE;
}

typedef enum { ST_NONE, ST_ACTIVE, ST_DRAFT, ST_ACHIEVED, ST_CLOSED, ST_WITHDRAWN } ObjStatus;
typedef enum { LV_NONE, LV_ORGANISATION, LV_FUNCTION, LV_PROCESS, LV_SYSTEM, LV_LOCATION } Level;
typedef enum { DIR_NONE, DIR_DECREASE, DIR_INCREASE } Direction;
typedef enum { FREQ_NONE, FREQ_WEEKLY, FREQ_MONTHLY, FREQ_QUARTERLY, FREQ_SEMIANNUAL, FREQ_ANNUAL } Frequency;
typedef enum { RISK_NONE, RISK_LOW, RISK_MEDIUM, RISK_HIGH, RISK_VERY_HIGH, RISK_CRITICAL } RiskLevel;
typedef enum { TR_NONE, TR_MODIFY, TR_RETAIN, TR_AVOID, TR_SHARE } Treatment;
typedef enum { AS_NONE, AS_PLANNED, AS_IN_PROGRESS, AS_DONE, AS_BLOCKED, AS_CANCELLED } ActionStatus;

// How a measure counts as achieved (SPEC section 20): the latest value meets
// the target (default), the last n used values all meet it, or their mean does.
typedef enum { AW_LATEST, AW_CONSECUTIVE, AW_AVERAGE } AchieveKind;

typedef struct {
  AchieveKind kind;  // AW_LATEST when absent or invalid
  int n;             // the N of consecutive / average_of; 1 for AW_LATEST
  bool present;      // given, even if invalid
  Pos pos;           // the value node
} AchievedWhen;

// An enumerated field: v is 0 (the NONE value) unless present and valid.
typedef struct {
  int v;
  bool present;
  Pos pos;
} Enum;

typedef struct {
  Pos pos;          // the list item
  Str id, name, unit, source;
  Enum direction;   // Direction
  Enum frequency;   // Frequency
  Num baseline, target;
  DateVal baseline_date;
  DateVal due;      // as given
  Date due_eff;     // due, else the objective's due, else DATE_NONE
  AchievedWhen achieved_when;
} Measure;

typedef struct {
  Pos pos;                 // the list item
  Str id, action, owner, resources;
  DateVal due;
  const char *owner_eff;   // owner, else the objective's owner (may be NULL)
} Action;

typedef struct {
  Pos pos;
  Str audience, channel;
  DateVal date;
} Communication;

typedef struct {
  Pos pos;  // the review mapping (or 1:1 when absent)
  bool present;
  bool invalid;    // given, but not a mapping: counts as present
  Enum frequency;  // Frequency
  DateVal last, next;
} Review;

typedef struct Objective {
  Pos pos;            // 1:1 of its file
  const char *file;   // pack-relative path
  Str id, title, function, owner, resources, evaluation, evidence, version, approved_by;
  Enum status;        // ObjStatus (ST_ACTIVE when absent or invalid)
  Enum level;         // Level
  DateVal due, approved_on;
  bool measurable;    // false only when `measurable: false`
  Pos measurable_pos; // the `measurable` key
  bool has_measurable;
  StrList policy, requirements, risks, tags;
  Measure *measures; int n_measures;
  bool measures_present, measures_invalid;  // invalid: not a list of mappings (E-FIELD)
  Action *actions; int n_actions;
  bool plan_present, plan_invalid;
  Communication *comms; int n_comms;
  bool comms_present, comms_invalid;
  Review review;
  cmark_node *body;   // CommonMark body (owned; freed by pack_free)
  int body_line;      // line of the body's first line in the file
  int index;          // position in Pack.objectives
} Objective;

typedef struct {
  Pos pos;              // the heading
  const char *id, *title;
  cmark_node *heading;  // in Pack.policy_doc; its section follows it
} PolicyStatement;

typedef struct {
  Pos pos;              // the CSV row (col 1)
  const char *id, *title, *owner;
  RiskLevel level;
  Treatment treatment;
  bool open;
  bool has_score;       // a `score`, or `likelihood` x `impact`, gave the level
  double score;
  const char **extra;   // values of the register's extra columns
} Risk;

typedef struct {
  Pos pos;
  const char *id, *title, *source, *type;
  const char **extra;
} Requirement;

typedef struct {
  const char **names;  // header names of the extra columns
  int n;
} ExtraCols;

// A progress workbook and the sheet its rows come from (progress_xlsx.c).
typedef struct {
  const char *path, *sheet;
} SheetRead;

// One usable measurement row of a progress CSV.
typedef struct {
  Pos pos;
  int obj, measure;          // indexes into Pack.objectives and its measures
  Date date;
  double value;
  const char *note, *evidence;
  Pos evidence_pos;          // the evidence field (the row's position when there is no such column)
  int evidence_file;         // a path: its file in Pack.inputs (role "evidence"), else -1
  const char *measured_by, *verified_by;  // who measured the value, who verified it (or NULL)
} MeasRow;

// One usable action update row.
typedef struct {
  Pos pos;
  int obj, action;
  Date date;
  ActionStatus status;
  double percent; bool has_percent;
  const char *note, *evidence;
  Pos evidence_pos;          // as in MeasRow
  int evidence_file;
} ActRow;

// A management review meeting (SPEC section 18): reviews/**/*.md.
typedef enum { DS_NONE, DS_OPEN, DS_DONE, DS_CANCELLED } DecisionStatus;

typedef struct {
  Pos pos;              // the list item
  Str id, decision, owner;
  DateVal due;
  StrList objectives;   // as written
  int *obj;             // parallel to objectives.v: index in Pack.objectives, or -1 (unknown)
  Enum status;          // DecisionStatus as the meeting file gives it (DS_OPEN when absent or invalid)
  int meeting;          // index in Pack.meetings
} Decision;

typedef struct {
  Pos pos;              // 1:1 of its file
  const char *file;     // pack-relative path
  DateVal date;         // required: names the meeting
  Str chair, approved_by;
  DateVal approved_on;
  StrList attendees;
  Decision *decisions; int n_decisions;
  bool decisions_invalid;  // 'decisions' given but not a list of mappings (E-FIELD)
  cmark_node *body;     // the minutes (owned; freed by pack_free)
  int body_line;        // line of the body's first line in the file
  int index;            // position in Pack.meetings
} Meeting;

// One usable decision update row of a progress CSV (`review`, `decision`, `date`, `status`).
typedef struct {
  Pos pos;
  int meeting, decision;  // indexes into Pack.meetings and its decisions
  Date date;
  DecisionStatus status;
  const char *note;
} DecRow;

typedef struct {
  Str version, date, author, change;
  Pos pos;
} Revision;

typedef struct {
  long file_size;     // bytes, 16 MiB
  int yaml_depth;     // 32
  long csv_field;     // bytes, 64 KiB
  long objectives;    // 100000
  int id_length;      // 64
  int title_length;   // 300
  long template_size; // bytes of one expanded template, 1 MiB
} Limits;

// pack.yml `csv:` (SPEC section 11): how the pack's CSV files are written.
typedef enum { ENC_UTF8, ENC_WINDOWS_1252, ENC_ISO_8859_1, ENC_ISO_8859_15, ENC_WINDOWS_1250 } CsvEncoding;
typedef enum { DF_ISO, DF_DMY_DOT, DF_DMY_SLASH, DF_MDY_SLASH } DateFormat;
typedef struct {
  CsvEncoding encoding;  // of a CSV without a BOM
  char decimal;          // 0 (auto), '.' or ','
  char thousands;        // 0 (none), '.', ',', ' ' or '\''
  DateFormat date;       // the one format besides YYYY-MM-DD
} CsvConfig;

// The pack's language (SPEC section 12) and its enumerated words (vocab.c).
typedef enum { LANG_EN, LANG_DE, LANG_FR } Language;
typedef enum {
  VF_STATUS, VF_LEVEL, VF_DIRECTION, VF_FREQUENCY, VF_RISK_LEVEL, VF_TREATMENT, VF_REG_STATUS,
  VF_ACTION_STATUS, VF_COUNT
} VocabField;
enum { REG_OPEN = 1, REG_CLOSED = 2 };  // register status values
// One `vocabulary:` entry: term (any case) -> value of a field.
typedef struct {
  VocabField field;
  const char *term;
  int value;
} VocabTerm;

// An input file as read, for the manifest.
typedef struct {
  const char *path;   // pack-relative
  const char *role;   // "pack", "policy", "risks", "requirements", "objective", "progress", "template"
  size_t bytes;
  unsigned char sha256[32];
  char *text;         // as read, BOM removed (malloc-owned), while Pack.keep_text; else NULL
  size_t text_len;
} InputFile;

typedef struct {
  Arena arena;
  Arena scratch;           // per-file working memory (YAML trees), reset between files
  DiagList diags;
  const char *root;        // the pack folder as given on the command line
  int root_fd;             // the pack folder, open while it is read (pack_open); else -1
  const char *root_real;   // its resolved path (arena), for links with an absolute target

  // pack.yml
  const char *organisation;
  Pos organisation_pos;
  Str doc_id, doc_title, doc_version, doc_classification, doc_owner, doc_approved_by;
  DateVal doc_approved_on;
  StrList doc_distribution;  // document.distribution: recipients or roles (SPEC 19)
  Str doc_master, doc_retention;  // where the controlled master is kept; how long it is retained
  Pos doc_pos;             // the `document` key (pack.yml 0 when absent)
  Revision *history; int n_history;
  Date as_of;              // the evaluation date in force (option, pack.yml, epoch, today)
  Enum risk_coverage;      // RiskLevel; default RISK_HIGH
  int stale_grace_days;    // default 14
  double at_risk_tolerance;  // default 0.10
  bool require_evidence;   // thresholds.require_evidence: a used row without evidence is P-EVIDENCE
  CsvConfig csv;           // csv:
  Language language;       // language:
  VocabTerm *vocab; int n_vocab;  // vocabulary:
  double risk_bound[6]; bool risk_bound_set[6];  // risk_levels: lowest score per RiskLevel
  Severity rule_sev[N_RULES];      // per rule: the pack's override, if any
  bool rule_overridden[N_RULES];
  Limits limits;

  // policy.md
  Str policy_id, policy_version, policy_approved_by;
  DateVal policy_approved_on;
  PolicyStatement *policy; int n_policy;
  bool has_policy;
  cmark_node *policy_doc;  // the policy's body (owned)
  int policy_body_line;

  // registers
  Risk *risks; int n_risks; ExtraCols risk_extra; bool has_risks;
  Requirement *reqs; int n_reqs; ExtraCols req_extra; bool has_reqs;
  bool has_risk_scores;    // some risk has a score
  bool found_policy, found_risks, found_reqs;  // the file exists (has_*: and was used)
  int progress_unused;     // progress files not used (E- findings)

  // objectives, in path order; duplicates and unreadable files left out
  Objective **objectives; int n_objectives;

  // progress rows, in path then line order (malloc-owned arrays)
  MeasRow *mrows; long n_mrows, cap_mrows;
  ActRow *arows; long n_arows, cap_arows;
  DecRow *drows; long n_drows, cap_drows;
  // the progress workbooks read, each with the sheet it was read from
  SheetRead *sheets; long n_sheets, cap_sheets;

  // management review meetings, by date (reviews/**/*.md); duplicates left out
  Meeting **meetings; int n_meetings;

  InputFile *inputs; int n_inputs, cap_inputs;  // malloc-owned
  bool hash_inputs;        // keep each input's SHA-256 (build)
  bool keep_text;          // keep each input's text for the findings' snippets (SARIF)
  DiagCtx *ctx;            // per finding, after diag_context (malloc-owned), else NULL
  Arena ctx_arena;         // the strings of ctx; released with it (diag_context_release)
  const struct PackSource *source;  // files from a Git tree, or NULL: the file system
  struct RefHistory *ref_history;  // git_ref_history(): what the objectives rest on, as Git saw it change; or NULL

  // templates/ of the pack, overriding the tool's file by file (NULL: the tool's)
  const char *tpl_objective, *tpl_register, *tpl_review, *tpl_record;

  Map obj_by_id, policy_by_id, risk_by_id, req_by_id;
  Map policy_lookalike;  // statement id -> LookalikeHeading: no statement but for a character that only looks right
} Pack;

//
// Options (main.c): parsed once, then read-only.
//

typedef enum { FMT_TEXT, FMT_JSON, FMT_SARIF } OutFormat;

#define MAX_ARGS 8

typedef struct {
  const char *cmd;        // "check", "build", "new", "explain", "init", "import", "dump"
  const char *args[MAX_ARGS]; int n_args;  // the arguments after the command's name
  const char *pack;       // default "."
  const char *out;        // build: default "output"
  Date as_of;             // DATE_NONE unless --as-of
  bool strict, draft, quiet, color;
  OutFormat format;
  const char *revision, *since;
  const char *sign_key, *sign_cert;  // build: --sign-key, --sign-cert
  int jobs;
  bool markdown;          // explain --markdown: every rule, as in docs/format.md
  const char *language;   // init: en | de | fr
  const char *sheet;      // import: --sheet
  const char *encoding;   // import: --encoding, a csv.encoding name (default: the pack's)
  const char *maps[64]; int n_maps;  // import: --map COLUMN=field
} Options;

//
// pack.c: discovery, file reading, pack.yml; the driver of the readers
//

// pack_load's flags: LOAD_HASH keeps each input's SHA-256 (build); LOAD_TEXT
// keeps each input's text for diag_context (SARIF).  `true` is LOAD_HASH.
enum { LOAD_HASH = 1, LOAD_TEXT = 2 };

// Read the pack at root.  Findings go to pack->diags; returns 0, or -1 after an
// operational failure (already reported on stderr), e.g. root is not a folder.
// threads > 1: the objective files are read on two threads (same model).
int pack_load(Pack *pack, const char *root, Date as_of_option, int flags, int threads);
void pack_drop_text(Pack *pack);  // free the inputs' texts (after diag_context)
void pack_init(Pack *pack);  // an empty pack with the default thresholds and limits
// Add a read objective, or report it E-DUP / E-LIMIT and free its body.
void pack_add_objective(Pack *pack, Objective *o);
void pack_free(Pack *pack);
Str pack_doc_id(const Pack *pack);

// Where a pack's files come from when not the file system: a Git tree (git.c).
typedef struct PackSource {
  void *ctx;
  // Call fn once for every regular file of the pack (pack-relative path, '/'
  // separators, hidden names left out); -1 after a message on stderr.
  int (*list)(void *ctx, void (*fn)(void *arg, const char *path), void *arg);
  // The file's bytes, NUL-terminated (malloc-owned, *n without the NUL), or
  // NULL with errno set.
  char *(*read)(void *ctx, const char *path, size_t *n);
} PackSource;

// Read a pack from src instead of the file system (label names it in
// messages); as_of is pack.yml's, else as_of_fallback.  threads > 1: src->read
// is called from two threads.
int pack_load_source(Pack *pack, const char *label, const PackSource *src, Date as_of_fallback, int threads);
// The role of a pack-relative path by the conventions of SPEC section 1
// ("pack", "objective", ...), or NULL when it is not a file of a pack.
const char *pack_role(const char *rel);

// Open rel below the folder root_fd (root_real: its resolved path) without
// ever leaving it, links inside it followed (openat2 RESOLVE_BENEATH, else
// one component at a time); -1 with errno (EXDEV: it would lead outside).
int open_beneath(int root_fd, const char *root_real, const char *rel, int flags);

// Reading a file of the pack: checked for size, UTF-8, BOM removed.
typedef struct {
  const char *path;   // pack-relative
  char *data;         // NUL-terminated, BOM removed, malloc-owned
  size_t len;
  size_t raw_bytes;   // the file's size, BOM included
  unsigned char sha256[32];  // of the file as stored (when hashing inputs)
} SrcFile;

// Check a file's text (data: n bytes plus a NUL, malloc-owned, taken over) for
// UTF-8 and control characters and remove a BOM; f->path must be set.  False
// after an E-UTF8 finding (data is freed).
bool src_text(Pack *pack, SrcFile *f, char *data, size_t n);

//
// init.c: `objreg init` (SPEC section 14)
//

// Write a new pack into dir (created when absent) in language lang (en, de,
// fr); never overwrites a file.  Returns the exit status (0, or 2 after a message).
int init_pack(const char *dir, const char *lang, bool quiet);

//
// xlsx_read.c: one sheet of an XLSX workbook (minizip + libxml2's xmlTextReader)
//

// XV_FORMULA: a formula without a computed value, kept as its text "=A1+1".
// XV_REFUSED: a cell objreg does not read, its text why ("the cell holds 3, but
// its number format ';;;' hides it ..."): the sheet shows something other than
// its value (a number format that hides, replaces or scales it, a value hidden
// under a merged range).  Whoever reads the cell reports it.
typedef enum { XV_TEXT, XV_NUMBER, XV_PERCENT, XV_DATE, XV_BOOL, XV_ERROR, XV_FORMULA, XV_REFUSED } XlsxKind;

typedef struct {
  int row, col;       // 1-based: row 1 is the sheet's first row, column 1 is A
  XlsxKind kind;
  const char *text;   // the value as the sheet shows it: "5.8", "5.8%" (a percent format),
                      // "2026-12-31" (a date format), "TRUE", "#N/A"; never empty;
                      // XV_REFUSED: why the cell is not read
  double num;         // numbers and percentages (0.058 for 5.8%), date serials, booleans 0/1
  unsigned char span; // XV_DATE: what of the date its format shows: 0 the day; 'm' the month alone
                      // ("mmm yyyy" shows Dec 2026), 'y' the year alone ("yyyy"): text is still the
                      // day, YYYY-MM-DD, which the sheet does not show
} XlsxCell;

typedef struct { int r1, c1, r2, c2; } XlsxMerge;  // a merged range, corners included

typedef struct {
  Arena arena;
  const char *sheet;          // the sheet's name
  XlsxCell *cells; int n_cells, cap_cells;  // cells with a value, by row then column
  XlsxMerge *merges; int n_merges, cap_merges;
  int n_rows, n_cols;         // the last row and column with a value
  int hidden_row, hidden_col; // the first row, the first column, hidden in Excel that holds a value (0: none)
  char err[256];              // why the read failed
  int err_row, err_col;       // where (0: the workbook as a whole)
  bool err_limit;             // the failure is a limit (a ZIP bomb, too many cells, ...)
  bool err_text;              // the failure is a text objreg refuses (a control character: E-UTF8)
} XlsxSheet;

typedef struct {
  long part_bytes, total_bytes;  // inflated bytes of one part, of every part read
  long ratio;                    // inflated : stored, for a part over 1 MiB
  long cells, strings, text_chars, merges;
} XlsxLimits;

extern const XlsxLimits xlsx_default_limits;

// Read sheet `sheet` (NULL: the first) of the XLSX file in data (len bytes).
// Returns 0, or -1 with the reason in out->err and out->err_row/err_col.
// Either way the caller frees out with xlsx_free.  Thread-safe.
int xlsx_read(const void *data, size_t len, const char *sheet, const XlsxLimits *lim, XlsxSheet *out);
const char *xlsx_cell(const XlsxSheet *s, int row, int col);  // the text of a cell, or NULL
void xlsx_free(XlsxSheet *s);
bool xlsx_ref_parse(const char *s, int *row, int *col);  // "B12" -> 12, 2
void xlsx_ref_format(int row, int col, char out[16]);    // 12, 2 -> "B12"
// "sheet 'NAME', cell C7" (col 0: "sheet 'NAME', row 7"; row 0: "sheet 'NAME'"), as the
// messages about a cell or a row say it; a long name cut at a character after 40 bytes.
void xlsx_where(const char *sheet, int row, int col, char *out, size_t size);

//
// import_value.c, import.c: `objreg import` (SPEC section 14)
//

typedef enum { IV_NUMBER, IV_DURATION, IV_YESNO } ImportValueKind;

// A register's value as written: "5.8% (2025-12)", "<=5% by 2026-12-31", "2h 45min", "yes".
typedef struct {
  ImportValueKind kind;
  double v;              // the number; a duration in minutes; yes 1, no 0
  char text[48];         // v as a plain decimal, as written ("5.8", "165", "1")
  char unit[32];         // "%", a unit word ("accounts"), or "" (durations: "")
  int cmp;               // -1 "<=", "at most"; +1 ">=", "at least"; 0 none (a strict "<5" is not read)
  bool has_due, has_date;
  Date due;              // "by DATE": a due date
  Date date;             // "(2025-12)", "as of DATE": when the value was measured
} ImportValue;

// True when the whole text is one of the forms docs/format.md lists; false
// when it is anything else or could be read two ways (then keep it as text).
bool import_value_parse(const char *s, ImportValue *out);
bool import_date_parse(const char *s, Date *d);  // YYYY-MM-DD or DD.MM.YYYY, exactly
// The text of a workbook's number cell (xlsx_read.c's XV_NUMBER "1.425", XV_PERCENT
// "12.5%"): a number, its point a decimal point (no thousands doubt), and an optional
// '%'; false for anything else ("1E+20").
bool import_number_cell_parse(const char *s, ImportValue *out);

// objreg import FILE [PACK] [--sheet NAME] [--encoding ENC] [--map COLUMN=field ...]:
// the exit status.  encoding: of a CSV without a BOM; NULL: PACK's csv.encoding.
int import_register(const char *file, const char *pack, const char *sheet, const char *encoding,
                    const char *const *maps, int n_maps, bool quiet, bool color);

//
// yaml.c: YAML documents as a node tree with positions
//

typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } YKind;

typedef struct YNode YNode;
struct YNode {
  YKind kind;
  Pos pos;            // the node's first character
  int end_col;        // the column after its last character, when on the same line; else 0
  const char *str;    // scalar value (arena)
  bool plain;         // an unquoted scalar
  YNode **kids;       // seq: items; map: key, value, key, value, ...
  int n;              // number of kids
};

// Parse one YAML document (src, n bytes) into a node tree in pack->scratch.
// line0 is the file line of src's first line.  On failure reports one
// E-YAML or E-LIMIT finding and returns NULL; an empty document gives an
// empty map.
YNode *yaml_load(Pack *pack, const char *file, const char *src, size_t n, int line0);
const char *ynode_kind_name(const YNode *n);

// Split `---` front matter from a Markdown file.  Returns false when there is
// none; *unterminated is set when the first line is `---` and no closing one follows.
bool fm_split(const char *s, size_t n, size_t *fm_off, size_t *fm_len, size_t *body_off,
              int *body_line, bool *unterminated);
// The front matter of f, a Markdown file of a kind ("objective", "review
// meeting"), as a mapping, and where its body starts (fm_split); NULL after an
// E-YAML finding (file not used) when it has none, or not a mapping.
const YNode *fm_mapping(Pack *pack, const SrcFile *f, const char *kind, size_t *body_off, int *body_line);
// The i-th key and value of a mapping node.
#define KEY(m, i) ((m)->kids[2 * (i)])
#define VAL(m, i) ((m)->kids[2 * (i) + 1])

//
// objective.c: front matter tree -> Objective
//

Objective *objective_read(Pack *pack, const SrcFile *f);
// An objective id: ASCII, at most limits.id_length characters (checked apart).
#define OBJECTIVE_ID_RULE "a letter, then letters, digits, '_', '.' or '-'"
bool objective_id_valid(const char *s);

// Reading YAML values (objective.c; used by pack.c and policy.c too).  Each
// reports an invalid value as E-FIELD and returns false; an empty value is absent.
bool yscalar_str(Pack *pack, const YNode *v, const char *key, const char *what, Str *out);
bool ytext(Pack *pack, const YNode *v, const char *key, Str *out);  // yscalar_str, a placeholder ("TBD") absent
bool is_placeholder(const char *s);  // "TBD", "n/a", "-", "?", "to be defined", "k. A.", "à définir"...
const char *placeholder_note(Pack *pack, const Str *s);  // " ('TBD' at line 5 is a placeholder...)" or ""
bool ydate(Pack *pack, const YNode *v, const char *key, DateVal *out);
bool ynum(Pack *pack, const YNode *v, const char *key, Num *out);
bool yenum(Pack *pack, const YNode *v, const char *key, const char *const *names, const int *vals,
           Enum *out);
const char *ykey_str(Pack *pack, const YNode *k);  // a mapping key as text; another kind: E-FIELD, NULL
// A key the reader does not know: W-KEY; but one of `known` (space-separated)
// written in other case or with '-' or ' ' for '_' ("achieved-when", "Due",
// "as-of") is E-FIELD: ignored, it would let the field's default stand unseen.
void ykey_unknown(Pack *pack, const YNode *key, const char *where, const char *known);
void ystrlist(Pack *pack, const YNode *v, const char *key, StrList *out);  // a list of ids (one: a list of one)
// A list of mappings: the items that are mappings; *invalid when the value or an item is of another kind.
int ymaplist(Pack *pack, const YNode *v, const char *key, const YNode ***items, bool *invalid);
// In a reader's loop over a mapping's keys (ykey_str into `key`): whether the key is k.
#define IS(k) (strcmp(key, k) == 0)

//
// meeting.c: reviews/**/*.md, management review meetings (SPEC section 18)
//

void meeting_read(Pack *pack, const SrcFile *f);  // adds the meeting to Pack.meetings, or reports why not
void meetings_settle(Pack *pack);                 // after the last file: by date, indexes set
int meeting_find(const Pack *pack, Date date);    // the meeting on date, or -1
int decision_find(const Meeting *mt, const char *id);  // its decision id, or -1
extern const char *const dstatus_names[];  extern const int dstatus_vals[];
const char *dstatus_name(DecisionStatus s);       // "open", "done", "cancelled"

//
// policy.c, registers.c, progress_csv.c, csvtab.c
//

void policy_read(Pack *pack, const SrcFile *f);
void registers_read_risks(Pack *pack, const SrcFile *f);
void registers_read_reqs(Pack *pack, const SrcFile *f);
void progress_read(Pack *pack, const SrcFile *f);
void progress_read_xlsx(Pack *pack, const SrcFile *f);  // f->data: the workbook's bytes
// The findings at a progress workbook's row or cell that were raised after it
// was read (P-DUP, P-EVIDENCE, ...): their messages begin with the sheet and
// the cell, or the row, as the reader's own do.  Called once, after the rules.
void progress_sheet_names(Pack *pack);
// The CSV text progress_read_xlsx makes of a sheet: number cells unquoted,
// exact with '.'; text cells quoted, read as typed under the pack's csv: keys.
// kind_of(ctx, line, field): the kind of the cell whose text is field `field` (from
// 0) of the row that starts at line `line` of the text (XV_TEXT for no cell), so
// that a refusal says what the cell holds (an error, a formula without its result).
void progress_read_sheet(Pack *pack, const SrcFile *f, XlsxKind (*kind_of)(const void *ctx, int line, int field),
                         const void *ctx);
#define PROGRESS_COLUMNS 13
bool progress_column(const char *name);  // a header the progress reader reads (objective, date, ...)

// A CSV file read through libcsv, one row at a time: fn gets the fields of
// each row (the header is row 0), the line where the row opens and where each
// field starts (line and column in characters, its quote included).  An Excel
// `sep=X` first line sets the delimiter.  On a syntax error or a limit, the
// findings raised by the file's rows are taken back, one E-CSV/E-LIMIT
// finding is reported, and csv_read returns false: the caller then drops
// what it kept of the file.
typedef struct {
  char **f; int nf;
  int line;         // where the row opens
  long row;         // 0: the header
  const Pos *pos;   // each field's first character
  const bool *quoted;  // each field was quoted
  char delim;
} CsvRow;
typedef void (*CsvRowFn)(void *ctx, const CsvRow *row);
bool csv_read(Pack *pack, const SrcFile *f, CsvRowFn fn, void *ctx, char *delim);
// csv_read of a table whose first row is its header: header reads it and
// says whether the file can be used; row gets each row after a good header.
// A file without a row gets E-CSV: empty as the message, else "'PATH' has
// no header row".  Returns whether the file was read and its header was good
// (else the caller drops what it kept).
typedef bool (*CsvHeaderFn)(void *ctx, const CsvRow *header);
bool csv_read_table(Pack *pack, const SrcFile *f, CsvHeaderFn header, CsvRowFn row, void *ctx, const char *empty);
// The libcsv reader under csv_read, for any CSV text: fn gets each record's
// fields and the line where it opens, and returns false to stop.  Returns
// NULL, or the problem ("a quote inside an unquoted field", "text after a
// closing quote", "quoted field never closed", "field too long": over
// field_max bytes) with *bad_line where it is.
typedef bool (*CsvRecordFn)(void *ctx, char **f, int nf, int line);
const char *csv_scan(const char *s, size_t n, char delim, long field_max, CsvRecordFn fn, void *ctx, int *bad_line);
int csv_col(char **header, int n, const char *name);  // -1 if absent
/* A column read twice: the first header cell after the first that repeats one of names
 * (NULL-ended), with *name the name it repeats; -1 if none. CSV_TWICE is its E-CSV. */
int csv_col_twice(char **header, int n, const char *const *names, const char **name);
#define CSV_TWICE                                                                                          \
  "the header has the column '%s' more than once: objreg would not know which to read; rename or remove " \
  "all but one; file not used"
bool csv_name_is(const char *header, const char *name);  // a column name, case and spaces around it aside
char csv_delim(const char *s, size_t n);              // detected from the header line
const char *csv_field(char **f, int nf, int c);      // field c of a row, "" when absent
Pos csv_pos(const CsvRow *r, int c);                  // field c's position; the row's when absent
// A CSV file's text (data: n bytes and a NUL, taken over) as UTF-8: a UTF-16
// or UTF-8 BOM, else csv.encoding; false after an E-UTF8 finding.
bool csv_text(Pack *pack, SrcFile *f, char *data, size_t n);
// A csv.encoding name (utf-8, windows-1252, iso-8859-1, iso-8859-15,
// windows-1250, any case; utf8, cp1252, windows1252, latin1, latin9, cp1250,
// windows1250): its CsvEncoding, or -1.
int csv_encoding_parse(const char *s);
// A number or date of a CSV field in the pack's dialect: NULL and the value,
// or why not (arena), to be reported as the caller's finding.  pct: a `%`
// suffix is allowed.
const char *csv_number(Pack *pack, char delim, const char *s, bool pct, double *v);
const char *csv_date(Pack *pack, const char *s, Date *d);
// Checks a row against its header: extra non-empty fields (P-VALUE at the
// first); false when the row is refused.
bool csv_row_fits(Pack *pack, const CsvRow *r, int header_nf, const Objective *o);

// vocab.c: the enumerated words of each field in English, German and French
// (SPEC section 12), and the pack's `vocabulary:`.
// The value of s for field f: English, the pack's language, then vocabulary:; 0 if none.
int vocab_lookup(const Pack *pack, VocabField f, const char *s);
// The field whose English names these are (status_names...), or -1.
int vocab_field_of(const char *const *names);
bool text_ieq(const char *a, const char *b);  // case-insensitive for ASCII and Latin letters
// Add a `vocabulary:` entry; false when key names no field (*known_key false)
// or value is an English value of none of its fields.  *clash: the term
// already reads as another value (a word objreg knows, or an entry before it
// in another case), and is not added for that field.
bool vocab_add(Pack *pack, const char *key, const char *term, const char *value, bool *known_key, bool *clash);
const char *vocab_values(Arena *a, const char *key);  // the English values a key allows
extern const char *const language_names[];     // "en", "de", "fr"

// i18n.c: the documents' fixed texts in the pack's language (SPEC section 12).
// A fixed text is an English msgid: tr(lang, "Page %d of %d") at the call, or
// N_("...") in a table (passed through tr() where it is printed).  Its German
// and French go into po/de.po and po/fr.po in the same commit (`make test`
// fails on a missing or unused message).  The translations are the .mo files
// msgfmt compiles from po/ at build time, embedded in the program: no locale,
// no file read at run time.  The strings returned are static; English, and a
// message a catalogue lacks, is the msgid itself.
#define N_(s) (s)          // a msgid in a table, translated where printed
#define NC_(ctx, s) (s)    // the same with a context (translated with trc)
const char *tr(Language lang, const char *msgid) __attribute__((format_arg(2)));
// The singular or plural of a message, by n and the language's plural rule.
const char *trn(Language lang, const char *msgid, const char *plural, long n)
  __attribute__((format_arg(2), format_arg(3)));
// A message with a context (msgctxt): the same English word in another sense.
const char *trc(Language lang, const char *ctx, const char *msgid) __attribute__((format_arg(3)));
// The translation of key in the .mo bytes mo[0..n): its length in *len, or
// NULL (bounded: a damaged .mo gives NULL, never a read outside it).
const char *mo_find(const uint8_t *mo, size_t n, const char *key, size_t *len);
// An enumerated value (status, level, ...) as the documents print it; the
// English is status_name() and its kin.  "" for a NONE value.
const char *enum_label(Language lang, VocabField f, int value);
// A plain decimal c ("-1234.5") as lang prints it in the PDFs: "-1,234.5",
// "-1.234,5", "-1 234,5" (U+202F); anything else is copied.  Returns out.
const char *num_localise(Language lang, const char *c, char *out, size_t n);
const char *list_sep(Language lang);      // "; ", "\u202F; " (fr): between the items of a list
const char *percent_sign(Language lang);  // "%", "\u00A0%" (de), "\u202F%" (fr)
// A measure's unit as the documents print it: as the pack writes it, the
// keyword "percent" in lang ("Prozent", "pourcentage"); NULL when none.
const char *unit_label(Language lang, const char *unit);
// hyphen.c: hyphenation points of a word (libhyphen, Debian's dictionaries
// under /usr/share/hyphen).  A Hyphenator is used by one thread at a time.
typedef struct Hyphenator Hyphenator;
Hyphenator *hyph_open(Language lang);  // NULL when the dictionary is missing
void hyph_close(Hyphenator *h);        // accepts NULL
// The byte offsets of the UTF-8 word w[0..n) after which a hyphen may go,
// ascending, at most max; their number (0 for h NULL or no point).
int hyph_points(Hyphenator *h, const char *w, size_t n, size_t *pts, int max);
// A requirement's type (legal, regulatory, ...) in lang; English and any
// other word as the register gives it.
const char *req_type_label(Language lang, const char *type);
extern const unsigned char objreg_mo_de[], objreg_mo_fr[];  // build/catalog.c, from po/*.po
extern const size_t objreg_mo_de_len, objreg_mo_fr_len;

// Enumerations by name (case-insensitive); return 0 (the NONE value) if unknown.
int enum_lookup(const char *const *names, const int *vals, const char *s);
extern const char *const status_names[];   extern const int status_vals[];
extern const char *const level_names[];    extern const int level_vals[];
extern const char *const dir_names[];      extern const int dir_vals[];
extern const char *const freq_names[];     extern const int freq_vals[];
extern const char *const risk_names[];     extern const int risk_vals[];
extern const char *const treat_names[];    extern const int treat_vals[];
extern const char *const astatus_names[];  extern const int astatus_vals[];
const char *status_name(ObjStatus s);
const char *level_name(Level l);
const char *dir_name(Direction d);
const char *freq_name(Frequency f);
const char *risk_level_name(RiskLevel l);
const char *treatment_name(Treatment t);
const char *astatus_name(ActionStatus s);
int freq_days(Frequency f);

//
// progress.c: SPEC section 7 as a pure function of (pack, as_of)
//

typedef enum { MS_NONE, MS_ACHIEVED, MS_OVERDUE, MS_NO_DATA, MS_ON_TRACK, MS_AT_RISK, MS_OFF_TRACK, MS_NO_PLAN } MeasureStatus;
typedef enum { RAG_NONE, RAG_GREEN, RAG_AMBER, RAG_RED } Rag;

enum { ROW_FUTURE = 1, ROW_SUPERSEDED = 2 };  // flags of a progress row

typedef struct {
  const MeasRow **rows; int n_rows;  // used rows, by date
  int n_before;                      // of those, the first n_before are dated before the baseline date:
                                     // history, shown but not counted (latest, achievement, p, forecast)
  bool has_latest;
  double latest; Date latest_date;
  double progress;                   // p, 0..1
  bool has_planned; double planned;  // e at latest_date, 0..1 (status compares p with it)
  bool has_planned_now; double planned_now;  // e at as_of, 0..1 (needs baseline date and due)
  // The planned value in the measure's unit, B + e (T - B), rounded to one
  // decimal, at latest_date and at as_of (needs baseline and target too).
  bool has_plan_value; double plan_value;
  bool has_plan_value_now; double plan_value_now;
  int met_run;                       // latest used values in a row that meet the target
  bool has_mean; double mean;        // average_of: mean of the last n used values (all, if fewer)
  int n_mean;                        // how many values that mean is of (fewer than n: not yet achieved)
  bool hold;                         // the baseline already meets the target: a level to hold, planned at T
  MeasureStatus status;
  bool achieved, stale;              // achieved: by the measure's achieved_when rule
  Rag rag;
  bool has_forecast; double forecast;  // projected value at due, clamped to what the measure can take
  double forecast_line;              // the least-squares line's own value at due
  bool forecast_clamped;             // forecast != forecast_line
  bool forecast_miss;
} MeasureEval;

typedef struct {
  const ActRow *latest;  // the latest used update, or NULL
  bool done, overdue;
} ActionEval;

// A decision as of the evaluation date (SPEC section 18): the latest used
// update row wins over the meeting file's status.
typedef enum { DV_OPEN, DV_DONE, DV_OVERDUE, DV_CANCELLED } DecisionState;  // as every document prints it

typedef struct {
  DecisionStatus status;   // the latest used update's, else the meeting file's
  const DecRow *latest;    // that update, or NULL
  bool overdue;            // open and its due is before as_of
  int days_overdue;        // as_of - due, when overdue
  DecisionState state;     // done, open, overdue or cancelled
} DecisionEval;

typedef struct {
  DecisionEval *d;         // parallel to Meeting.decisions
  bool previous;           // dated before as_of: its decisions are actions from previous reviews (9.3.2 a)
  bool current;            // dated on as_of: this review
} MeetingEval;

typedef struct { int meeting, decision; } DecisionRef;

typedef struct {
  MeasureEval *m;        // parallel to Objective.measures
  ActionEval *a;         // parallel to Objective.actions
  bool rated;            // active or achieved: gets RAG and progress
  bool achieved;
  Rag rag;
  bool has_progress; double progress;
  int n_overdue_actions, n_stale;
  // The objective's own review (active objectives, as 6.2f): the last review
  // older than its frequency plus the grace days; the next review date passed.
  bool review_late, review_next_passed;
  DecisionRef *decisions; int n_decisions;  // the decisions that name it, by meeting date then file order
} ObjEval;

typedef struct {
  Date as_of;
  ObjEval *obj;                      // parallel to Pack.objectives
  uint8_t *mrow_flags, *arow_flags;  // ROW_* flags, parallel to Pack.mrows / Pack.arows
  long *mrow_dup_of, *arow_dup_of;   // the row a duplicate supersedes, or -1
  int by_rag[4];                     // rated objectives by Rag
  int rag_share[4];                  // by_rag as whole percent of the rated, by largest remainder (sum 100)
  int by_status[6];                  // objectives by ObjStatus
  bool has_progress; double progress;  // mean progress of rated objectives
  int overdue_actions, stale_measures, forecast_misses;
  int nodata_measures;                // measures of rated objectives without data (none since the baseline)
  bool *risk_uncovered;              // parallel to Pack.risks: open, at or above the coverage
  int uncovered_risks;               // threshold, treated by modification, and no active or achieved objective lists it
  MeetingEval *meet;                 // parallel to Pack.meetings
  int current_meeting;               // the meeting dated on as_of ("this review"), or -1
  uint8_t *drow_flags;               // ROW_* flags, parallel to Pack.drows
  long *drow_dup_of;                 // the row a duplicate supersedes, or -1
  int n_previous_decisions;          // decisions of meetings before as_of
  int by_state[4];                   // of those, by DecisionState
  Arena arena;
} Eval;

void eval_pack(const Pack *pack, Date as_of, Eval *ev);
void eval_release(Eval *ev);
const char *mstatus_name(MeasureStatus s);
const char *dstate_name(DecisionState s);  // "open", "done", "overdue", "cancelled"
const char *mstatus_label(Language lang, MeasureStatus s);  // mstatus_name() in lang (i18n.c)
const char *rag_name(Rag r);
// The words for per cent in English, German and French, lower case; NULL-ended.
extern const char *const percent_words[];
bool unit_is_percent(const char *unit);  // "%" or one of percent_words, any case
// A measure's achievement rule in words, as every document states it beside the
// status: "latest value meets the target", "last 3 values all meet the target",
// "mean of the last 3 values meets the target".
const char *achieve_rule_text(const AchievedWhen *aw, char out[64]);
const char *achieve_rule_label(Language lang, const AchievedWhen *aw, char out[128]);  // in lang (i18n.c)
// Whole percentages of counts that add up to 100 (largest remainder; ties go
// to the earlier item); all 0 when the total is 0.
void shares_largest_remainder(const int *counts, int n, int *out);
// A fraction 0..1 as a whole percentage, rounded half up, as every document
// prints it; short of 1 it is at most 99 (SPEC 20: 0.997 is not "100%").
int percent_round(double fraction);
const char *percent_format(double fraction, char out[16]);  // "84%"
// A number as plain decimal text: up to 15 significant digits, never an
// exponent, no trailing zeros, no "-0" ("12345678901", "0.00001").
const char *num_text(double v, char out[48]);
char *decimal_tidy(char *s);  // "12.500" -> "12.5", "3.000" -> "3", "-0" -> "0", in place; returns s
// The decimals (min to 6) to show v with beside target: as many as it takes
// for the shown value to meet the target exactly when v does (99.988 is not
// "99.99" against a target of 99.99).
int value_decimals(double v, double target, Direction dir, int min);

// The pure core, exposed for unit tests.
MeasureStatus eval_measure_status(bool achieved, double p, bool has_e, double e, Date as_of,
                                  Date due, bool has_data, double tolerance);
bool eval_stale(Date as_of, Date latest, Frequency f, int grace);

//
// rules.c: the rule table and the checks
//

typedef struct Rule {
  const char *id;
  const char *clause;     // the clause 6.2 wording, or what the rule checks
  const char *summary;    // one line: what it checks
  Severity sev;           // default
} Rule;

extern const Rule rules[N_RULES];  // indexed by RuleId, from RULES above
int rule_index(const char *id);    // a rule by its id (pack.yml `rules:`), or -1
int rule_index_looks(const char *id);  // the rule whose id this looks like (another case, a look-alike), or -1
bool rule_family(RuleId rule, const char *prefix);  // its id starts with prefix ("6.2", "E-", ...)

void rules_run(Pack *pack, const Eval *ev);

// rule_help.c: what each rule asks and how to satisfy it, one entry per rule
// of RULES (a missing one does not compile): SARIF's rule metadata, `objreg
// explain RULE`, and the rule reference of docs/format.md.
typedef struct {
  const char *name;          // PascalCase, e.g. ObjectiveHasOwner (SARIF name)
  const char *requirement;   // one sentence: the requirement on the objective (shortDescription; a msgid)
  const char *checks;        // what the rule checks and where it reports (fullDescription)
  const char *fix;           // how to fix a finding
  const char *example_file;  // where the example goes, or NULL for no example
  const char *example_lang;  // "yaml", "csv"
  const char *example;       // text that satisfies the rule, lines ending in \n
  const char *tags;          // SARIF tags, space-separated
} RuleHelp;

extern const RuleHelp *const rule_help[N_RULES];  // by RuleId; one for every rule of RULES
const RuleHelp *rule_help_for(int rule);  // rule_help[rule], NULL outside the rules
void rule_help_text(Buf *b, int rule);      // how to fix it, with the example: plain text
void rule_help_markdown(Buf *b, int rule);  // the same as Markdown
void rule_explain(Buf *b, int rule);        // `objreg explain RULE`
void rule_reference(Buf *b);                // every rule, as in docs/format.md

const char *title_activity(const char *title);  // the activity verb a title starts with, or NULL
bool title_vague(const char *title);            // the whole title is a vague phrase
// The same with the lists of lang as well as the English ones (SPEC section 12).
const char *title_activity_in(Language lang, const char *title);
bool title_vague_in(Language lang, const char *title);

//
// diag.c: collecting, sorting, printing findings
//

// Add a finding; sev is the rule's severity after the pack's override and, for
// objectives with status draft, the draft downgrade.  Severity SEV_OFF drops it.
void diag_add(Pack *pack, Pos pos, RuleId rule, const Objective *obj, const char *fmt, ...) FMT(5, 6);
// Give the findings raised while an objective was read, before it had its
// place in Pack.objectives, that place (pack_load calls it last).
void diag_link_objectives(Pack *pack);
void diag_sort(DiagList *dl);
void diag_take(DiagList *dst, DiagList *src);  // src's findings appended to dst; src emptied
void diag_release(DiagList *dl);
const char *sev_name(Severity s);
const char *sev_label(Language lang, Severity s);  // sev_name() in lang (i18n.c)
// diag_lines: file:line:col: severity: message [rule], one per finding;
// diag_text: the lines, then the summary line.  With out, b is spilled there
// as it passes 64 KiB (diag_spill); the caller writes what b keeps.
void diag_lines(Buf *b, const Pack *pack, bool color, FILE *out);
void diag_text(Buf *b, const Pack *pack, bool color, FILE *out);
void diag_summary(Buf *b, const Pack *pack);            // "8 objectives, 2 errors, 5 warnings"
// After diag_sort, with the texts kept (LOAD_TEXT): each finding's snippet,
// context lines, key path and fingerprint into pack->ctx; then the texts are freed.
void diag_context(Pack *pack, int threads);  // threads > 1: on two
void diag_context_release(Pack *pack);        // free pack->ctx and its strings (NULL after)

// One line of progress on stderr, rewritten in place, once the run has taken
// about a second; progress_init(enabled) is called by main (a terminal, no -q)
// before any thread starts.  progress_note is thread-safe.
void progress_init(bool enabled);
void progress_note(const char *fmt, ...) FMT(1, 2);
void progress_done(void);  // clear the line, if one was shown

// json.c, sarif.c: the same findings for machines.
// The findings as JSON (SPEC 8) and as SARIF 2.1.0 into b; with out, what b
// holds is written there as it passes 64 KiB (b then keeps the rest), so
// that 300,000 findings never sit whole in memory.
void diag_json(Buf *b, const Pack *pack, const char *as_of, FILE *out);
void diag_sarif(Buf *b, const Pack *pack, FILE *out);
void diag_spill(Buf *b, FILE *out);  // b's bytes to out when over 64 KiB (out NULL: nothing)

//
// change.c: the state of a pack as evaluation.csv records it, and the change
// record between an earlier state and this build's (SPEC section 13)
//

typedef enum { SR_OBJECTIVE, SR_MEASURE, SR_ACTION } StateKind;

// One row of a pack's state: an objective, one of its measures or actions.
// Definitions are text as evaluation.csv writes them ("" when not given).
typedef struct {
  StateKind kind;
  const char *objective;  // id
  const char *item;       // measure or action id ("" when it has none); NULL on an objective row
  const char *title;      // objective title, measure name or action
  const char *status;     // objective or measure status, latest action status (names as printed)
  const char *rag;        // "" when not rated
  bool has_progress; double progress;
  bool has_latest; double latest; Date latest_date;
  const char *owner, *due, *level;                 // objective; owner and due of an action too
  const char *target, *baseline, *direction, *unit;  // measure
  const char *achieved_when;  // measure: "latest", "consecutive: N", "average_of: N"; "" when not recorded
  const char *links;      // objective: "policy:P-1 risk:R-2 requirement:Q-3", as listed
} StateRow;

typedef struct {
  Arena arena;
  Date as_of;             // the evaluation date of that state
  bool defs;              // definitions known (an evaluation.csv of 1.0 has none)
  StateRow *rows; int n;  // objectives in pack order, each followed by its measures and actions
  Map index;              // after state_index(): "kind\x1Fobjective\x1Fitem" -> row
  bool indexed;
} PackState;

// The state of an evaluated pack (every row of evaluation.csv); ev NULL: definitions only.
void state_from_pack(const Pack *pack, const Eval *ev, PackState *st);
void state_release(PackState *st);
void state_index(PackState *st);  // look rows up by key from now on (change_value on a large state)

typedef enum {
  CF_OBJECTIVE,                       // objective added (before NULL) or removed (after NULL)
  CF_STATUS, CF_RAG, CF_PROGRESS,     // evaluation of an objective
  CF_LATEST,                          // a measure's latest value or its date
  CF_TITLE, CF_OWNER, CF_DUE, CF_LEVEL,                // objective definition
  CF_MEASURE, CF_TARGET, CF_BASELINE, CF_DIRECTION, CF_UNIT,  // measure added/removed; re-targeted
  CF_ACHIEVED_WHEN,                   // a measure's achievement rule (SPEC 20): re-targeted too
  CF_ACTION, CF_ACTION_DUE, CF_ACTION_OWNER,          // action added/removed; its due date, owner
  CF_POLICY, CF_RISK, CF_REQUIREMENT,                 // a link added or removed
  CF_REF_POLICY, CF_REF_RISK, CF_REF_REQUIREMENT,     // what it rests on changed (6.2f-relevance): item is its id
} ChangeField;

// The commit that made a definition change (--since a Git revision).
typedef struct {
  const char *id;         // short id (7 hex digits)
  const char *author;     // author's name
  Date date;              // git_commit_date: author or committer date, the later
} ChangeCommit;

typedef struct {
  ChangeField field;
  const char *objective;  // id
  const char *item;       // measure or action id, or NULL
  const char *before, *after;  // as printed; NULL when absent (added, removed)
  int obj;                // index in Pack.objectives, or -1 (removed)
  int measure;            // index in the objective's measures (CF_LATEST), or -1
  bool retargeted;        // target, baseline, direction, unit or achieved_when of a measure moved
  const ChangeCommit *commit;  // the last commit between REF and HEAD that made it, or NULL
  bool ref_side;          // no commit: HEAD already holds the value, REF's own history the other (REF is not
                          // an ancestor of HEAD); else, without a commit, the change is in the work tree only
  StateRow *was;          // CF_LATEST, a removed objective: its row before (the record's copy)
  const char *sub;        // CF_REF_*: the field of the definition ("level", "text"); before/after NULL for "text"
} Change;

// What the review's table of status, RAG and progress needs of an objective in both packs.
typedef struct {
  int obj;                       // index in Pack.objectives
  const char *status_before, *rag_before;  // names as evaluation.csv writes them
  bool has_before; double before;  // progress
  int points;                    // whole percentage points, now - before (when both known)
} ObjDelta;

typedef struct {
  Arena arena;
  const char *since;      // what REF was, as given ("v1", "output/2026-10")
  const char *commit;     // REF's short commit id, or NULL (an evidence pack)
  Date as_of;             // REF's evaluation date
  bool git;               // REF is a Git revision: definition changes name their commit
  bool defs;              // definition changes available (false: evaluation.csv of 1.0)
  Change *v; int n;       // objectives in pack order, then those removed; see change.c
  ObjDelta *od; int n_od; // objectives in both with a change of status, RAG or progress, pack order
  int n_same;             // objectives in both with none
  int n_added, n_removed, n_defs, n_retargeted;
} ChangeRecord;

// Compare the state before (an earlier pack) with this build's pack.
void change_compute(const Pack *pack, const Eval *ev, const PackState *before, ChangeRecord *cr);
void change_release(ChangeRecord *cr);
const char *change_field_label(Language lang, ChangeField f);  // "target", "owner", "risk", ... in lang
const char *change_sub_label(Language lang, const char *sub);   // Change.sub ("level") in lang
// A recorded value (status, RAG, level, direction, achievement rule, a number)
// in lang; with sub, a referenced risk's or requirement's field (level,
// treatment, status, score, type); others as recorded.
const char *change_value_label(Language lang, ChangeField f, const char *sub, const char *v, char out[128]);
bool change_is_definition(ChangeField f);      // not an objective added/removed or an evaluation
// The change in words, as every document prints it: "target 0 → 2", "risk R-3
// added", "measure removed: Patch latency"; into b (reset), returns b->s.
const char *change_text(Language lang, const Change *c, Buf *b);  // in the pack's language
// A change's value in a state (the objective's rows), or NULL when absent: for
// matching a change against each commit's version of the objective file.
const char *change_value(const PackState *st, const Change *c);
bool state_has_objective(const PackState *st, const char *id);  // whether st holds objective id

//
// evaluation.c: evaluation.csv, written and read back
//

// Read DIR/evaluation.csv of an evidence pack objreg wrote, after checking DIR
// against its own SHA256SUMS; -1 after a message on stderr ("objreg: error:
// ...") when it cannot be used.
int previous_read(const char *dir, PackState *prev);

//
// git.c: the pack's Git repository, read with libgit2 and never changed
//
// Inside git.c, for a new reader of the history: git_open(pack_root, &prefix)
// opens the repository whose work tree holds the pack (NULL when none; prefix:
// the pack's folder below the work tree, "" or "sub/dir/", malloc-owned);
// pack_tree(repo, commit, prefix) is the pack's folder in a commit's tree;
// git_sig_date() a signature's date in its own time zone; blob_copy() a blob's
// bytes.  A walk of the history follows hist_walk() (git_ref_history): newest
// first, one pass, merges passed over, a missing commit (a shallow clone) ends
// it with a note on stderr, never an error.  Readers fill the model before
// rules_run (main.c's run_checks), and rules only read what they filled.

// HEAD's commit id, "-modified" appended when a file of the pack, or an
// evidence file among inputs (role "evidence", paths relative to the work
// tree), differs from HEAD - modified, deleted, untracked or ignored; NULL
// when the pack is not in a Git work tree (arena-owned).
const char *git_revision(Arena *a, const char *pack_root, const InputFile *inputs, int n_inputs);
// 7.5-approval: files whose content changed after their approval without a
// new version.  For each item, the newest commit of HEAD's history dated
// (git_commit_date: author or committer date, the later) after `after` that
// changed one of paths (pack-relative; "dir/" a folder; a merge: against its
// first parent) while vfile at its parent already stated this `version` and
// this approval date.  An objective's file is followed through renames.
typedef struct {
  const char *paths[4]; int n_paths;
  const char *vfile;      // the file that holds the version
  bool doc;               // vfile is pack.yml (document.version), else front matter
  const char *version;    // the version now
  Date after;             // approved_on
  bool found, done;       // out: found the commit below; done: the newest change came with another version
  char commit[8];         // its id, 7 hex digits
  Date date;              // its date (git_commit_date)
  char readded[41];       // work: the blob a newer commit added the file back with (hex), or ""
} GitApproval;
int git_approval_changes(const Pack *pack, GitApproval *v, int n);  // 0, also outside Git
// When a commit changed the history a pack is read from: its author date or
// its committer date (when it was applied, rebased or merged), the later.
typedef struct git_commit git_commit;
Date git_commit_date(const git_commit *c);
// The version a file's text states, read as the pack reads it (fm_split,
// yaml_load): its front matter's `version`, or pack.yml's document.version
// (doc); NULL when it states none or cannot be read (in a).  *approved gets
// the approval date it states (approved_on, document.approved_on), DATE_NONE
// without one.  work: two arenas the readers use, kept by the caller from
// version to version and emptied here.
const char *approval_version(const Pack *pack, Arena *a, Arena work[2], const char *text, size_t n, bool doc,
                             Date *approved);

// The pack's folder below its Git work tree ("" or "sub/dir/", malloc-owned),
// or NULL when the pack is not in one.
char *git_pack_prefix(const char *pack_root);
// --since REF: the pack at revision REF, read from the repository's objects and
// evaluated as of its own as_of, else its commit's date; 1 when REF is not a
// revision (the caller tries a folder), -1 after a message on stderr.
typedef struct GitSince GitSince;
int git_since_read(const char *pack_root, const char *ref, int threads, PackState *st, GitSince **gs);
// Name each definition change's last commit between REF and HEAD, then add
// the changes of what the objectives rest on (pack->ref_history) whose commit
// lies between REF and HEAD, each after its objective's own; -1 after a message.
int git_since_attribute(GitSince *gs, const Pack *pack, ChangeRecord *cr);
void git_since_free(GitSince *gs);

// The history of the definitions that active objectives rest on (SPEC section
// 17, rule 6.2f-relevance): for each risk, requirement and policy statement an
// active objective references, the most recent commit reachable from HEAD that
// changed its definition (a risk's title, level, score, treatment, status; a
// requirement's title, source, type; a statement's heading or text), compared
// with that commit's first parent.  An id that appears or disappears in a
// commit is no definition change.  The walk is one pass over the history from
// HEAD, newest first, and stops at the first commit dated before every
// referencing objective's last review, or when every id has its change.
typedef enum { RK_POLICY, RK_RISK, RK_REQUIREMENT } RefKind;

typedef struct {
  const char *field;          // "level", "title", "text", ...
  const char *before, *after; // as the register or policy.md gives them; NULL for "text"
} RefDiff;

typedef struct {
  RefKind kind;
  const char *id;
  RefDiff *diffs; int n_diffs;  // in the order of the fields above
  ChangeCommit commit;        // short id, author, author date
  char oid[41];               // the full commit id
} RefChange;

typedef struct RefHistory {
  Arena arena;
  Map changes;                // "kind\x1Fid" (RefKind as a digit) -> RefChange*
  bool incomplete;            // a shallow clone ended the walk early (a note was printed)
} RefHistory;

// Read the history of the definitions the pack's active objectives reference
// into pack->ref_history (allocated; pack_free frees it).  Does nothing, with no
// message, when the pack is not in a Git work tree or has no commit.  A
// shallow clone gives a note on stderr that the history is incomplete.  Never
// fails: a history that cannot be read is a note, and check 2 of the rule is
// then not applied to what was not read.
void git_ref_history(Pack *pack);
const RefChange *ref_change(const Pack *pack, RefKind k, const char *id);  // the most recent change, or NULL
// "level high → critical, treatment modify → retain" (a text changed: "text reworded"); into b, returns b->s.
const char *ref_change_text(const RefChange *c, Buf *b);
void ref_history_free(RefHistory *h);
//
// control.c: document control (SPEC section 19)
//

// A Git commit id cut to 12 hex digits ("-modified" kept); any other revision
// as given; NULL for NULL.  Arena-owned.
const char *revision_short(Arena *a, const char *rev);
// "<doc-id> v<version> · as of <as_of> · <revision short id>" ("revision not
// given" when rev is NULL; no " v..." without a version), its words in lang.
// Arena-owned.
const char *issue_id(Arena *a, const Pack *p, Language lang, Date as_of, const char *revision);
const char *time_utc(int64_t secs, char out[24]);  // "2026-12-04 12:49 UTC"
// evidence.c: the evidence named by progress rows (SPEC 19)
typedef enum { EVK_NONE, EVK_URL, EVK_PATH, EVK_REFERENCE } EvidenceKind;
// A URL when it starts with a scheme ("https:"), a path when it holds a '/' or
// ends in a file extension ("scan.pdf"), else a reference kept as text.
EvidenceKind evidence_kind(const char *s);
// Resolve every path below the repository root (the Git work tree holding the
// pack, else the pack), opened race-free beneath it: each file becomes an
// input of role "evidence" (hashed when hashing inputs); P-EVIDENCE otherwise.
void evidence_resolve(Pack *pack, int pack_fd, const char *pack_real, int threads);
// thresholds.require_evidence: P-EVIDENCE for each used row without evidence.
void evidence_required(Pack *pack, const Eval *ev);

// 7.5-approval (needs the pack's Git history): check and build.
void approval_rules(Pack *pack);

// The rules of a build (not of check, which knows neither --draft nor
// --revision): W-REVISION and 7.5-control for a controlled build.
void control_rules(Pack *pack, bool draft, const char *revision);

//
// sign.c: SHA256SUMS.p7s, a detached CMS signature (SPEC 19)
//

typedef struct Signer Signer;
// The key and certificate (PEM), checked to match; NULL after a message on stderr.
Signer *sign_load(const char *key_path, const char *cert_path);
const char *sign_subject(const Signer *s);      // the certificate's subject (RFC 2253)
const char *sign_fingerprint(const Signer *s);  // SHA-256 of the certificate, hex
// A detached CMS SignedData (DER) over data, signing time when, appended to
// out; -1 after a message on stderr.
int sign_detached(const Signer *s, const char *data, size_t n, int64_t when, Buf *out);
void sign_free(Signer *s);  // accepts NULL

//
// build.c: the `build` command: OUT folder, atomic swap, the backends
//

// What every backend needs besides the model: fixed for one build.
typedef struct {
  Date as_of;
  int64_t created;       // the build's time (Unix seconds): SOURCE_DATE_EPOCH, else the real time
  const char *revision;  // source revision, or NULL
  const char *issue;     // the issue identifier (issue_id) in the pack's language: cover, footers, workbook
  const char *issue_en;  // the same in English: manifest.json (machine-readable files stay English)
  const Signer *signer;  // --sign-key/--sign-cert: SHA256SUMS.p7s, or NULL
  bool draft;            // mark every page and sheet DRAFT — NOT A CONTROLLED COPY
  const char *datadir;   // holds templates/ and fonts/
  cmark_node *intro_register, *intro_review;  // the templates, expanded and parsed (may be empty)
  const ChangeRecord *changes;  // --since: the change record, or NULL
  int threads;           // -j: threads the documents may use
} BuildInfo;

// Each backend writes one file at path and returns 0, or -1 after reporting
// the reason on stderr ("objreg: error: ...").  They only read the model, but
// for what build lets a last reader free: the register each objective's body
// once drawn, findings.sarif (build.c) the findings' contexts.
int xlsx_write(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *path);
int pdf_register_write(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *path);
int pdf_review_write(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *path);
// evaluation.c: every objective's and measure's evaluation as CSV (evaluation.csv),
// the machine-readable record that a later build's --since compares against.
int evaluation_write(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *path);

// SIGTERM, SIGINT and SIGHUP taken on a thread of their own from here on (call
// before any other thread starts): a build's temporary folder is removed, OUT
// left as it was, one line said on stderr, and the exit status is 128 + signal.
void signals_init(void);
// The OUT a build will write, named in that line from now on.
void signals_out(const char *out);

// Write the evidence pack to out, all or nothing: the findings files always,
// the documents when asked, then manifest.json and SHA256SUMS.  Returns -1
// after a message when OUT may not be replaced or anything cannot be written.
int build_pack(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *out, bool documents, int threads);

// Where templates/ and fonts/ are: $OBJREG_DATADIR, else beside the binary in
// the source tree (build/objreg -> .), else PREFIX/share/objreg.
const char *datadir_find(void);

//
// template.c: {{placeholder}} expansion (names and values: docs/templates.md)
//

void tpl_check(Pack *pack, const char *file, const char *src);  // E-FIELD per unknown placeholder
// The values of every placeholder for this pack (arena-owned), for tpl_expand.
const char **tpl_values(Arena *a, const Pack *pack, const Eval *ev, const char *revision, const char *id);
// At most max bytes (limits: template_size), cut on a character boundary; malloc-owned.
char *tpl_expand(const char *src, const char *const *values, size_t max);
// E-LIMIT for each template (the pack's or the tool's) that expands to more
// than limits.template_size, and for each text of pack.yml that the PDFs'
// document information holds (organisation, document: title, owner, id) over
// PDF_INFO_TEXT_MAX bytes: found by check as well as by build.
#define PDF_INFO_TEXT_MAX 64000  // libharu's strings hold 65,535 bytes; the rest for labels
void tpl_limits(Pack *pack, const Eval *ev, const char *datadir, const char *revision);
// The pack's template `name` (objective.md, register.md, review.md), else the
// tool's from datadir/templates/; malloc-owned, or NULL with errno set.
char *tpl_text(const Pack *pack, const char *datadir, const char *name);
// A template expanded for this pack and parsed as CommonMark (caller frees
// with cmark_node_free), or NULL with errno set when it cannot be read.
cmark_node *tpl_document(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *name);

//
// glyph.c: which characters the fonts can print (FreeType over fonts/)
//

// Load the coverage of the regular face; false when the font cannot be read.
bool glyph_init(const char *datadir);
bool glyph_has(uint32_t cp);     // true for every character when glyph_init failed
void glyph_release(void);

//
// dump.c: the model and Eval as text, for tests
//

void dump_pack(FILE *out, const Pack *pack, const Eval *ev);

#endif
