/*
 * template.c - {{placeholder}} expansion for the Markdown templates.
 *
 * A template is Markdown with placeholders `{{name}}` (spaces inside the
 * braces allowed).  The names form a closed list (docs/templates.md), so a
 * misspelt one is reported with its position rather than printed into a
 * controlled document: tpl_check() runs on the pack's own templates when the
 * pack is read, tpl_expand() when a document is written.  A `{{` with no
 * closing `}}` on its line is plain text.
 */
#include "objreg.h"

#include <cmark.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {
  "organisation", "document.id", "document.title", "document.version", "document.classification",
  "document.owner", "document.approved_by", "document.approved_on", "as_of", "revision", "tool.version",
  "ruleset", "objectives.count", "objectives.rated", "objectives.active", "objectives.achieved",
  "objectives.draft", "objectives.closed", "objectives.withdrawn", "rag.green", "rag.amber", "rag.red",
  "progress", "actions.overdue", "measures.stale", "measures.forecast_miss", "findings.errors",
  "findings.warnings", "id", "findings.summary", "measures.no_data", NULL};

int tpl_name_index(const char *name, size_t n)
{
  for (int i = 0; names[i]; i++)
    if (strlen(names[i]) == n && strncmp(names[i], name, n) == 0)
      return i;
  return -1;
}

/* The next placeholder at or after s: its name (trimmed) and extent; false when none. */
static bool next_placeholder(const char *s, const char **open, const char **name, size_t *len, const char **close)
{
  for (const char *p = strstr(s, "{{"); p; p = strstr(p + 2, "{{")) {
    const char *end = strstr(p + 2, "}}"), *nl = strchr(p, '\n');
    if (!end || (nl && nl < end))
      continue;
    const char *a = p + 2, *b = end;
    while (a < b && isspace((unsigned char)*a))
      a++;
    while (b > a && isspace((unsigned char)b[-1]))
      b--;
    *open = p;
    *name = a;
    *len = (size_t)(b - a);
    *close = end + 2;
    return true;
  }
  return false;
}

static Pos pos_of(const char *file, const char *src, const char *at)
{
  int line = 1;
  const char *bol = src;
  for (const char *p = src; p < at; p++)
    if (*p == '\n')
      line++, bol = p + 1;
  return (Pos){file, line, (int)(at - bol) + 1};
}

void tpl_check(Pack *pack, const char *file, const char *src)
{
  const char *open, *name, *close;
  size_t len;
  for (const char *s = src; next_placeholder(s, &open, &name, &len, &close); s = close)
    if (tpl_name_index(name, len) < 0)
      diag_add(pack, pos_of(file, src, open), RULE_E_FIELD, NULL, "unknown placeholder '{{%.*s}}' (see docs/templates.md)",
               (int)len, name);
}

/* The text of src with its placeholders replaced, at most max bytes (cut on
 * a character boundary); *over set when it would be longer. */
static char *expand(const char *src, const char *const *values, size_t max, const char **over)
{
  Buf b;
  buf_init(&b);
  const char *open, *name, *close, *s = src;
  size_t len;
  *over = NULL;
  while (next_placeholder(s, &open, &name, &len, &close)) {
    const char *piece[2] = {s, NULL};
    size_t n[2] = {(size_t)(open - s), 0};
    int i = tpl_name_index(name, len);
    if (i >= 0 && values[i])
      piece[1] = values[i], n[1] = strlen(values[i]);
    else if (i < 0)
      piece[1] = open, n[1] = (size_t)(close - open);  // reported by tpl_check; kept visible
    for (int k = 0; k < 2 && !*over; k++) {
      if (n[k] > max - b.len) {
        size_t keep = max - b.len;
        while (keep > 0 && ((unsigned char)piece[k][keep] & 0xC0) == 0x80)
          keep--;
        *over = k ? open : s + keep;
        buf_add(&b, piece[k], keep);
      } else {
        buf_add(&b, piece[k], n[k]);
      }
    }
    if (*over)
      break;
    s = close;
  }
  if (!*over) {
    size_t n = strlen(s);
    if (n > max - b.len) {
      size_t keep = max - b.len;
      while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
      *over = s + keep;
      n = keep;
    }
    buf_add(&b, s, n);
  }
  return buf_detach(&b);
}

char *tpl_expand(const char *src, const char *const *values, size_t max)
{
  const char *over;
  return expand(src, values, max, &over);
}

/* E-LIMIT for a text of pack.yml that the PDFs' document information (title,
 * author, subject, keywords) would hold, when it is longer than that can be. */
static void info_limits(Pack *pack)
{
  const Str texts[] = {{pack->organisation, pack->organisation_pos, NULL}, pack->doc_title, pack->doc_owner, pack->doc_id};
  static const char *const names[] = {"organisation", "document: title", "document: owner", "document: id"};
  for (int i = 0; i < 4; i++)
    if (texts[i].s && strlen(texts[i].s) > PDF_INFO_TEXT_MAX)
      diag_add(pack, texts[i].pos, RULE_E_LIMIT, NULL,
               "'%s' is longer than %d bytes, more than a PDF's document information holds; shorten it",
               names[i], PDF_INFO_TEXT_MAX);
}

void tpl_limits(Pack *pack, const Eval *ev, const char *datadir, const char *revision)
{
  info_limits(pack);
  static const char *const tpls[] = {"objective.md", "register.md", "review.md", "record.md"};
  const char *const own[] = {pack->tpl_objective, pack->tpl_register, pack->tpl_review, pack->tpl_record};
  size_t max = (size_t)pack->limits.template_size;
  Arena a;
  arena_init(&a);
  const char *const *values = tpl_values(&a, pack, ev, revision, "");
  for (int i = 0; i < 4; i++) {
    char *src = tpl_text(pack, datadir, tpls[i]);
    if (!src)
      continue;  // build says so when it needs the file
    const char *over;
    char *text = expand(src, values, max, &over);
    free(text);
    if (over) {
      // The pack's own template at the text that crosses the limit; the
      // tool's at the value that makes it so long, `organisation` the likeliest.
      Pos pos = own[i] ? pos_of(arena_printf(&pack->arena, "templates/%s", tpls[i]), src, over)
                       : pack->organisation ? pack->organisation_pos : (Pos){"pack.yml", 0, 0};
      diag_add(pack, pos, RULE_E_LIMIT, NULL,
               "template '%s' expands to more than %ld bytes (limits: template_size); its text is cut there",
               tpls[i], pack->limits.template_size);
    }
    free(src);
  }
  arena_release(&a);
}

/* The values of the names, in the order of the list, for one pack. */
const char **tpl_values(Arena *a, const Pack *pack, const Eval *ev, const char *revision, const char *id)
{
  const char **v = arena_alloc(a, sizeof names);
  char as_of[11], approved[11];
  date_format(ev->as_of, as_of);
  date_format(dv(pack->doc_approved_on), approved);
  int i = 0;
  const DiagList *dl = &pack->diags;
  int rated = ev->by_rag[RAG_GREEN] + ev->by_rag[RAG_AMBER] + ev->by_rag[RAG_RED];
  Language l = pack->language;
  v[i++] = pack->organisation ? pack->organisation : tr(l, "the organisation");
  v[i++] = pack_doc_id(pack).s;
  v[i++] = pack->doc_title.s ? pack->doc_title.s : tr(l, "Information Security Objectives Register");
  v[i++] = pack->doc_version.s ? pack->doc_version.s : tr(l, "(no version)");
  v[i++] = pack->doc_classification.s ? pack->doc_classification.s : tr(l, "(unclassified)");
  v[i++] = pack->doc_owner.s ? pack->doc_owner.s : tr(l, "(no owner)");
  v[i++] = pack->doc_approved_by.s ? pack->doc_approved_by.s : tr(l, "(not approved)");
  v[i++] = arena_strdup(a, *approved ? approved : tr(l, "(not approved)"));
  v[i++] = arena_strdup(a, as_of);
  v[i++] = revision ? revision : tr(l, "(not given)");
  v[i++] = OBJREG_VERSION;
  v[i++] = OBJREG_RULESET;
  v[i++] = arena_printf(a, "%d", pack->n_objectives);
  v[i++] = arena_printf(a, "%d", rated);
  v[i++] = arena_printf(a, "%d", ev->by_status[ST_ACTIVE]);
  v[i++] = arena_printf(a, "%d", ev->by_status[ST_ACHIEVED]);
  v[i++] = arena_printf(a, "%d", ev->by_status[ST_DRAFT]);
  v[i++] = arena_printf(a, "%d", ev->by_status[ST_CLOSED]);
  v[i++] = arena_printf(a, "%d", ev->by_status[ST_WITHDRAWN]);
  v[i++] = arena_printf(a, "%d", ev->by_rag[RAG_GREEN]);
  v[i++] = arena_printf(a, "%d", ev->by_rag[RAG_AMBER]);
  v[i++] = arena_printf(a, "%d", ev->by_rag[RAG_RED]);
  v[i++] = ev->has_progress ? arena_printf(a, "%d%s", percent_round(ev->progress), percent_sign(l))
                            : tr(l, "not rated");
  v[i++] = arena_printf(a, "%d", ev->overdue_actions);
  v[i++] = arena_printf(a, "%d", ev->stale_measures);
  v[i++] = arena_printf(a, "%d", ev->forecast_misses);
  v[i++] = arena_printf(a, "%d", dl->n_error);
  v[i++] = arena_printf(a, "%d", dl->n_warning);
  v[i++] = id ? id : "";
  v[i++] = arena_printf(a, "%s%s", arena_printf(a, trn(l, "%d error", "%d errors", dl->n_error), dl->n_error),
                        arena_printf(a, trn(l, " and %d warning", " and %d warnings", dl->n_warning), dl->n_warning));
  v[i++] = arena_printf(a, "%d", ev->nodata_measures);
  return v;
}

char *tpl_text(const Pack *pack, const char *datadir, const char *name)
{
  const char *own = strcmp(name, "objective.md") == 0  ? pack->tpl_objective
                    : strcmp(name, "register.md") == 0 ? pack->tpl_register
                    : strcmp(name, "review.md") == 0   ? pack->tpl_review
                    : strcmp(name, "record.md") == 0   ? pack->tpl_record
                                                       : NULL;
  if (own)
    return strdup(own);
  Buf path;
  buf_init(&path);
  char *s = NULL;
  if (pack->language != LANG_EN && !strchr(name, '/')) {  // the tool's template in the pack's language first
    buf_printf(&path, "%s/templates/%s/%s", datadir ? datadir : ".", language_names[pack->language], name);
    s = read_file(path.s, SIZE_MAX, NULL);
    buf_reset(&path);
  }
  buf_printf(&path, "%s/templates/%s", datadir ? datadir : ".", name);
  if (!s)
    s = read_file(path.s, SIZE_MAX, NULL);
  int err = errno;
  buf_release(&path);
  errno = err;
  return s;
}

cmark_node *tpl_document(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *name)
{
  char *tpl = tpl_text(pack, bi->datadir, name);
  if (!tpl)
    return NULL;
  Arena a;
  arena_init(&a);
  char *text = tpl_expand(tpl, tpl_values(&a, pack, ev, bi->revision, NULL), (size_t)pack->limits.template_size);
  cmark_node *doc = cmark_parse_document(text, strlen(text), CMARK_OPT_DEFAULT);
  free(text);
  free(tpl);
  arena_release(&a);
  return doc;
}
