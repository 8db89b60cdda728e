/*
 * registers.c - risks.csv and requirements.csv (SPEC section 5).
 *
 * The header row names the columns, in any order and any case; a missing
 * required column stops the file (E-CSV).  Every other column is an "extra"
 * one, kept in order for the traceability sheet.  A row with a bad value is
 * reported and kept as far as it is usable; a duplicate id is reported and
 * the row not used.
 */
#include "objreg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  Pack *pack;
  const SrcFile *file;
  bool is_risk;
  bool failed;              // an id over the length limit: the file is not used
  int c_id, c_title, c_level, c_treatment, c_owner, c_status, c_source, c_type;
  int c_score, c_likelihood, c_impact;
  int *extra_cols; int n_extra;
  int n_cols;
  void *rows; int n, cap;   // Risk[] or Requirement[] (arena)
} RegCtx;

static const char *keep(Pack *pack, const char *s)
{
  return *s ? arena_strdup(&pack->arena, s) : NULL;
}

/* The header row: the required columns there, where each column is, the extra ones. */
static bool read_header(void *ctx, const CsvRow *h)
{
  RegCtx *c = ctx;
  Pack *pack = c->pack;
  char **f = h->f;
  int nf = h->nf, line = h->line;
  static const char *const risk_req[] = {"id", "title", "treatment", NULL};
  static const char *const req_req[] = {"id", "title", NULL};
  const char *const *req = c->is_risk ? risk_req : req_req;
  static const char *const risk_read[] = {"id", "title", "level", "treatment", "owner", "status", "score",
                                          "likelihood", "impact", NULL};
  static const char *const req_read[] = {"id", "title", "source", "type", NULL};
  // A column read twice: which one the author keeps up to date is anyone's guess.
  const char *twice;
  int j = csv_col_twice(f, nf, c->is_risk ? risk_read : req_read, &twice);
  if (j > 0) {
    diag_add(pack, csv_pos(h, j), RULE_E_CSV, NULL, CSV_TWICE, twice);
    return false;
  }
  bool ok = true;
  for (int i = 0; req[i]; i++) {
    if (csv_col(f, nf, req[i]) < 0) {
      diag_add(pack, (Pos){c->file->path, line, 1}, RULE_E_CSV, NULL, "missing column '%s' in %s%s", req[i],
               c->is_risk ? "the risk register" : "the requirements register",
               nf && strncmp(f[0], "\xEF\xBB\xBF", 3) == 0
                   ? " (the header begins with an invisible U+FEFF, a second byte-order mark: save the file "
                     "again as UTF-8)"
                   : "");
      ok = false;
    }
  }
  c->c_score = csv_col(f, nf, "score");
  c->c_likelihood = csv_col(f, nf, "likelihood");
  c->c_impact = csv_col(f, nf, "impact");
  if (c->is_risk && csv_col(f, nf, "level") < 0 && c->c_score < 0 && (c->c_likelihood < 0 || c->c_impact < 0)) {
    diag_add(pack, (Pos){c->file->path, line, 1}, RULE_E_CSV, NULL,
             "missing column 'level' in the risk register (or 'score', or 'likelihood' and 'impact')");
    ok = false;
  }
  c->c_id = csv_col(f, nf, "id");
  c->c_title = csv_col(f, nf, "title");
  c->c_level = csv_col(f, nf, "level");
  c->c_treatment = csv_col(f, nf, "treatment");
  c->c_owner = csv_col(f, nf, "owner");
  c->c_status = csv_col(f, nf, "status");
  c->c_source = csv_col(f, nf, "source");
  c->c_type = csv_col(f, nf, "type");
  c->n_cols = nf;
  c->extra_cols = arena_alloc(&pack->arena, (size_t)(nf ? nf : 1) * sizeof *c->extra_cols);
  ExtraCols *ex = c->is_risk ? &pack->risk_extra : &pack->req_extra;
  ex->names = arena_alloc(&pack->arena, (size_t)(nf ? nf : 1) * sizeof *ex->names);
  static const char *const risk_known[] = {"id", "title", "level", "treatment", "owner", "status", "score", NULL};
  static const char *const req_known[] = {"id", "title", "source", "type", NULL};
  const char *const *known = c->is_risk ? risk_known : req_known;
  for (int i = 0; i < nf; i++) {
    bool k = false;
    for (int j = 0; known[j]; j++)
      k |= csv_name_is(f[i], known[j]);
    if (!k && *f[i]) {
      c->extra_cols[c->n_extra++] = i;
      ex->names[ex->n++] = arena_strdup(&pack->arena, f[i]);
    }
  }
  return ok;
}

static void *grow(RegCtx *c, size_t size)
{
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 32;
    void *nv = arena_alloc(&c->pack->arena, (size_t)c->cap * size);
    if (c->n)
      memcpy(nv, c->rows, (size_t)c->n * size);
    c->rows = nv;
  }
  return (char *)c->rows + (size_t)c->n++ * size;
}

static const char **read_extra(RegCtx *c, char **f, int nf)
{
  const char **ex = arena_alloc(&c->pack->arena, (size_t)(c->n_extra ? c->n_extra : 1) * sizeof *ex);
  for (int i = 0; i < c->n_extra; i++)
    ex[i] = arena_strdup(&c->pack->arena, csv_field(f, nf, c->extra_cols[i]));
  return ex;
}

/* A number of a risk's score columns: true when absent or read; false after E-FIELD. */
static bool score_field(RegCtx *c, const CsvRow *r, int col, const char *name, const char *id, bool *has, double *v)
{
  const char *s = csv_field(r->f, r->nf, col);
  *has = *s != '\0';
  if (!*has)
    return true;
  // "3,2" unquoted in a ','-delimited file whose decimal mark is ',' splits
  // into 3 and a next field 2; when that next field lies in a column of
  // words (owner, title, status, ...), a whole number there shows the split
  // (the fields after it shifted).  A next column of numbers the register
  // keeps for itself ("residual likelihood") shows nothing.
  int nx = col + 1;
  char dec = c->pack->csv.decimal ? c->pack->csv.decimal : c->pack->csv.thousands == '.' ? ',' : 0;
  bool words = nx == c->c_owner || nx == c->c_title || nx == c->c_status || nx == c->c_level ||
               nx == c->c_treatment || nx == c->c_id;  // a column of text: no number belongs there
  if (r->delim == ',' && dec == ',' && nx < r->nf && !r->quoted[col] && !r->quoted[nx] && words &&
      strspn(s, "0123456789") == strlen(s) && *r->f[nx] &&
      strspn(r->f[nx], "0123456789") == strlen(r->f[nx])) {
    diag_add(c->pack, csv_pos(r, nx), RULE_E_FIELD, NULL,
             "risk '%s': the %s '%s' is followed by a field '%s': an unquoted decimal comma (\"%s,%s\")? Quote the "
             "%s, or the field after it if it is not one", id, name, s, r->f[nx], s, r->f[nx], name);
    *has = false;
    return false;
  }
  const char *why = csv_number(c->pack, r->delim, s, false, v);
  if (!why && *v < 0)
    why = "a score is not negative";
  if (why) {
    diag_add(c->pack, csv_pos(r, col), RULE_E_FIELD, NULL, "risk '%s' has an invalid %s '%s': %s", id, name, s, why);
    *has = false;
    return false;
  }
  return true;
}

/* The level a score falls in by risk_levels: the highest lower bound it reaches. */
static RiskLevel score_level(const Pack *pack, double score)
{
  RiskLevel lv = RISK_NONE;
  for (int l = RISK_LOW; l <= RISK_CRITICAL; l++)
    if (pack->risk_bound_set[l] && score >= pack->risk_bound[l])
      lv = (RiskLevel)l;
  return lv;
}

/* A risk's level: `level`, else its score (`score`, or likelihood x impact) by risk_levels. */
/* likelihood x impact as a decimal: the product rounded to 12 significant
 * digits, so that 0.3 x 3 is the 0.9 a reader computes, not binary floating
 * point's 0.8999999999999999, which would fall below a level bound of 0.9. */
static double risk_product(double l, double i)
{
  char t[40];
  snprintf(t, sizeof t, "%.12g", l * i);
  return strtod(t, NULL);
}

static void risk_level(RegCtx *c, const CsvRow *r, Risk *k)
{
  Pack *pack = c->pack;
  const char *lv = csv_field(r->f, r->nf, c->c_level);
  bool hs, hl, hi;
  double s = 0, l = 0, i = 0;
  bool ok = score_field(c, r, c->c_score, "score", k->id, &hs, &s);
  ok &= score_field(c, r, c->c_likelihood, "likelihood", k->id, &hl, &l);
  ok &= score_field(c, r, c->c_impact, "impact", k->id, &hi, &i);
  double li = risk_product(l, i);
  if (!hs && hl && hi)
    s = li, hs = true;
  else if (hs && hl && hi && ok && s != li)  // which of the two does the register mean?
    diag_add(pack, csv_pos(r, c->c_score), RULE_E_FIELD, NULL,
             "risk '%s' has a score of %g, but its likelihood x impact is %g: correct one of them, or leave the "
             "score empty (columns that rate something else need other names)", k->id, s, li);
  else if (!hs && ok && (hl || hi) && !*lv)
    diag_add(pack, csv_pos(r, hl ? c->c_impact : c->c_likelihood), RULE_E_FIELD, NULL, "risk '%s' has no %s", k->id,
             hl ? "impact" : "likelihood");
  k->has_score = hs;
  k->score = s;
  RiskLevel by_score = hs ? score_level(pack, s) : RISK_NONE;
  if (hs && !by_score)
    diag_add(pack, csv_pos(r, c->c_score >= 0 && *csv_field(r->f, r->nf, c->c_score) ? c->c_score : c->c_likelihood),
             RULE_E_FIELD, NULL, "risk '%s' has a score of %g, below every level of risk_levels in pack.yml", k->id, s);
  if (*lv) {
    k->level = vocab_lookup(pack, VF_RISK_LEVEL, lv);
    if (!k->level)
      diag_add(pack, csv_pos(r, c->c_level), RULE_E_FIELD, NULL,
               "risk '%s' has an invalid level '%s' (expected low, medium, high, very high or critical)", k->id, lv);
    else if (by_score && by_score != k->level)
      diag_add(pack, csv_pos(r, c->c_level), RULE_E_FIELD, NULL,
               "risk '%s' has level '%s', but its score %g is '%s' by risk_levels in pack.yml", k->id, lv, s,
               risk_level_name(by_score));
  } else if (hs) {
    k->level = by_score;
  } else if (ok && !(hl || hi)) {
    diag_add(pack, csv_pos(r, c->c_level >= 0 ? c->c_level : c->c_score >= 0 ? c->c_score : c->c_likelihood),
             RULE_E_FIELD, NULL, "risk '%s' has no level%s", k->id,
             c->c_level >= 0 ? "" : " (no score, nor likelihood and impact)");
  }
  if (hs)
    pack->has_risk_scores = true;
}

/* The id of a row that can be used: NULL, reported, when it cannot (an id
 * over the length limit stops the file). */
static const char *row_id(RegCtx *c, const CsvRow *row)
{
  Pack *pack = c->pack;
  const char *id = csv_field(row->f, row->nf, c->c_id), *what = c->is_risk ? "risk" : "requirement";
  if ((int)utf8_len(id) > pack->limits.id_length) {
    diag_add(pack, csv_pos(row, c->c_id), RULE_E_LIMIT, NULL, "id is longer than %d characters; file not used", pack->limits.id_length);
    c->failed = true;
    return NULL;
  }
  if (!csv_row_fits(pack, row, c->n_cols, NULL))
    return NULL;
  if (!*id) {
    diag_add(pack, csv_pos(row, c->c_id), RULE_E_FIELD, NULL, "%s row has no id", what);
    return NULL;
  }
  char odd[96];
  if (utf8_oddity(id, odd, sizeof odd))  // kept: but the objectives that name it by what it shows will not find it
    diag_add(pack, csv_pos(row, c->c_id), RULE_E_FIELD, NULL,
             "%s id '%s' holds %s: retype the id in ASCII, as the objectives write it", what, id, odd);
  const Pos *prev = map_get(c->is_risk ? &pack->risk_by_id : &pack->req_by_id, id);
  if (prev) {
    diag_add(pack, csv_pos(row, c->c_id), RULE_E_DUP, NULL, "%s id '%s' already defined at line %d", what, id, prev->line);
    return NULL;
  }
  return id;
}

/* A row's title: reported when missing, kept anyway. */
static const char *row_title(RegCtx *c, const CsvRow *row, const char *id)
{
  Pack *pack = c->pack;
  const char *title = csv_field(row->f, row->nf, c->c_title), *what = c->is_risk ? "risk" : "requirement";
  if (c->c_title >= row->nf)
    diag_add(pack, (Pos){c->file->path, row->line, 1}, RULE_P_VALUE, NULL,
             "%s '%s': row has no 'title' field (%d fields, the header %d)", what, id, row->nf, c->n_cols);
  else if (!*title)
    diag_add(pack, csv_pos(row, c->c_title), RULE_E_FIELD, NULL, "%s '%s' has no title", what, id);
  return title;
}

/* A risk row: level, treatment and status read, the risk kept. */
static void add_risk(RegCtx *c, const CsvRow *row, const char *id, const char *title)
{
  Pack *pack = c->pack;
  char **f = row->f;
  int nf = row->nf;
  Pos pos = {c->file->path, row->line, 1};
  Risk *r = grow(c, sizeof *r);
  r->pos = pos;
  r->id = arena_strdup(&pack->arena, id);
  r->title = keep(pack, title);
  r->owner = keep(pack, csv_field(f, nf, c->c_owner));
  const char *tr = csv_field(f, nf, c->c_treatment), *st = csv_field(f, nf, c->c_status);
  risk_level(c, row, r);
  if (c->c_treatment >= nf)
    diag_add(pack, pos, RULE_P_VALUE, NULL, "risk '%s': row has no 'treatment' field (%d fields, the header %d)", id, nf,
             c->n_cols);
  else if (!(r->treatment = vocab_lookup(pack, VF_TREATMENT, tr)))
    diag_add(pack, csv_pos(row, c->c_treatment), RULE_E_FIELD, NULL,
             "risk '%s' has an invalid treatment '%s' (expected modify, retain, avoid or share, or a word "
             "vocabulary: in pack.yml maps)", id, tr);
  int open = *st ? vocab_lookup(pack, VF_REG_STATUS, st) : REG_OPEN;
  r->open = open != REG_CLOSED;
  if (!open)
    diag_add(pack, csv_pos(row, c->c_status), RULE_E_FIELD, NULL, "risk '%s' has an invalid status '%s' (expected open or closed)", id, st);
  r->extra = read_extra(c, f, nf);
  map_put(&pack->risk_by_id, r->id, &r->pos);
}

/* A requirement row: its type read, the requirement kept. */
static void add_requirement(RegCtx *c, const CsvRow *row, const char *id, const char *title)
{
  Pack *pack = c->pack;
  char **f = row->f;
  int nf = row->nf;
  Requirement *q = grow(c, sizeof *q);
  q->pos = (Pos){c->file->path, row->line, 1};
  q->id = arena_strdup(&pack->arena, id);
  q->title = keep(pack, title);
  q->source = keep(pack, csv_field(f, nf, c->c_source));
  q->type = keep(pack, csv_field(f, nf, c->c_type));
  static const char *const types[] = {"legal", "regulatory", "contractual", "standard", "internal", NULL};
  static const int type_vals[] = {1, 2, 3, 4, 5};
  if (q->type && !enum_lookup(types, type_vals, q->type))
    diag_add(pack, csv_pos(row, c->c_type), RULE_E_FIELD, NULL, "requirement '%s' has an invalid type '%s' (expected legal, regulatory, contractual, standard or internal)", id, q->type);
  q->extra = read_extra(c, f, nf);
  map_put(&pack->req_by_id, q->id, &q->pos);
}

/* One row of a register after its header: a risk or a requirement. */
static void on_row(void *ctx, const CsvRow *row)
{
  RegCtx *c = ctx;
  if (c->failed)
    return;
  const char *id = row_id(c, row);
  if (!id)
    return;
  const char *title = row_title(c, row, id);
  if (c->is_risk)
    add_risk(c, row, id, title);
  else
    add_requirement(c, row, id, title);
}

/* Point the id maps at the final array (rows moved while it grew). */
static void index_rows(Pack *pack, RegCtx *c)
{
  Map *ids = c->is_risk ? &pack->risk_by_id : &pack->req_by_id;
  map_release(ids);
  for (int i = 0; i < c->n; i++) {
    if (c->is_risk) {
      Risk *r = &((Risk *)c->rows)[i];
      map_put(ids, r->id, r);
    } else {
      Requirement *q = &((Requirement *)c->rows)[i];
      map_put(ids, q->id, q);
    }
  }
}

static void read_register(Pack *pack, const SrcFile *f, bool is_risk)
{
  RegCtx c = {.pack = pack, .file = f, .is_risk = is_risk};
  bool ok = csv_read_table(pack, f, read_header, on_row, &c, NULL) && !c.failed;
  if (!ok)
    c.n = 0;
  index_rows(pack, &c);
  if (is_risk) {
    pack->risks = c.rows;
    pack->n_risks = c.n;
    pack->has_risks = ok;
  } else {
    pack->reqs = c.rows;
    pack->n_reqs = c.n;
    pack->has_reqs = ok;
  }
}

void registers_read_risks(Pack *pack, const SrcFile *f)
{
  read_register(pack, f, true);
}

void registers_read_reqs(Pack *pack, const SrcFile *f)
{
  read_register(pack, f, false);
}
