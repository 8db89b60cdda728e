/*
 * diag.c - findings: collected, never fatal; sorted, counted and printed the
 * way a compiler prints them.
 *
 * A finding's severity is settled when it is added: the rule's default from
 * the rule table, then the pack's `rules:` override, then, for a draft
 * objective, the 6.2 and Q rules capped at warning (SPEC section 7).
 */
#include "objreg.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool downgraded_for_draft(RuleId rule)
{
  return rule_family(rule, "6.2") || rule_family(rule, "Q-");
}

/* Move src's findings to the end of dst (their messages stay where they are). */
void diag_take(DiagList *dst, DiagList *src)
{
  if (dst->len + src->len > dst->cap) {
    dst->cap = dst->len + src->len;
    dst->v = xrealloc(dst->v, (size_t)dst->cap * sizeof *dst->v);
  }
  if (src->len)
    memcpy(dst->v + dst->len, src->v, (size_t)src->len * sizeof *src->v);
  dst->len += src->len;
  free(src->v);
  memset(src, 0, sizeof *src);
}

/* s on one line: a line break it quotes (a cell or a quoted field of several
 * lines) written as \n or \r, so that a finding stays one line of output. */
static const char *one_line(Arena *a, const char *s)
{
  size_t n = 0;
  for (const char *p = s; *p; p++)
    n += 1 + (*p == '\n' || *p == '\r');
  char *out = arena_alloc(a, n + 1), *o = out;
  for (const char *p = s; *p; p++) {
    if (*p == '\n' || *p == '\r')
      *o++ = '\\', *o++ = *p == '\n' ? 'n' : 'r';
    else
      *o++ = *p;
  }
  *o = '\0';
  return out;
}

void diag_add(Pack *pack, Pos pos, RuleId rule, const Objective *obj, const char *fmt, ...)
{
  Severity sev = pack->rule_overridden[rule] ? pack->rule_sev[rule] : rules[rule].sev;
  if (obj && obj->status.v == ST_DRAFT && downgraded_for_draft(rule) && sev > SEV_WARNING)
    sev = SEV_WARNING;
  if (sev == SEV_OFF)
    return;

  DiagList *dl = &pack->diags;
  if (dl->len == dl->cap) {
    dl->cap = dl->cap ? dl->cap * 2 : 64;
    dl->v = xrealloc(dl->v, (size_t)dl->cap * sizeof *dl->v);
  }
  va_list ap;
  va_start(ap, fmt);
  Diag *d = &dl->v[dl->len++];
  d->pos = pos;
  d->sev = sev;
  d->rule = rule;
  d->obj = obj ? obj->index : -1;  // -1 while obj is read: see diag_link_objectives
  d->objective = obj ? obj->id.s : NULL;
  d->msg = arena_vprintf(&pack->arena, fmt, ap);
  va_end(ap);
  if (strpbrk(d->msg, "\n\r"))
    d->msg = one_line(&pack->arena, d->msg);
}

void diag_link_objectives(Pack *pack)
{
  for (int i = 0; i < pack->diags.len; i++) {
    Diag *d = &pack->diags.v[i];
    if (d->objective && d->obj < 0) {
      const Objective *o = map_get(&pack->obj_by_id, d->objective);
      d->obj = o ? o->index : -1;
    }
  }
}

/* 0 for a finding that a file is not used (or not read), 1 for the rest: the
 * causes come first, so that no knock-on finding (a measure without data, an
 * unknown risk) is printed before the reason for it (SPEC section 11). */
static int diag_tier(const Diag *d)
{
  switch (d->rule) {
  case RULE_E_IO: case RULE_E_PATH: case RULE_E_UTF8: case RULE_E_CSV: case RULE_E_YAML: case RULE_E_LIMIT:
    return 0;
  default:
    return 1;
  }
}

static int diag_cmp(const void *pa, const void *pb)
{
  const Diag *a = pa, *b = pb;
  int ta = diag_tier(a), tb = diag_tier(b);
  if (ta != tb)
    return ta - tb;
  int c;
  if (a->pos.file != b->pos.file && (c = strcmp(a->pos.file, b->pos.file)))  // one file's findings share its name
    return c;
  if (a->pos.line != b->pos.line)
    return a->pos.line < b->pos.line ? -1 : 1;
  if (a->pos.col != b->pos.col)
    return a->pos.col < b->pos.col ? -1 : 1;
  if (a->rule != b->rule && (c = strcmp(rules[a->rule].id, rules[b->rule].id)))
    return c;
  return strcmp(a->msg, b->msg);
}

/* Sort by file, line, column, rule and message, and count by severity. */
void diag_sort(DiagList *dl)
{
  if (dl->len)
    qsort(dl->v, (size_t)dl->len, sizeof *dl->v, diag_cmp);
  dl->n_error = dl->n_warning = 0;
  for (int i = 0; i < dl->len; i++) {
    if (dl->v[i].sev == SEV_ERROR)
      dl->n_error++;
    else
      dl->n_warning++;
  }
}

void diag_release(DiagList *dl)
{
  free(dl->v);
  memset(dl, 0, sizeof *dl);
}

const char *sev_name(Severity s)
{
  return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "off";
}

static const char *plural(int n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* "8 objectives, 2 errors, 5 warnings" */
void diag_summary(Buf *b, const Pack *pack)
{
  const DiagList *dl = &pack->diags;
  buf_printf(b, "%d %s, %d %s, %d %s", pack->n_objectives, plural(pack->n_objectives, "objective", "objectives"),
             dl->n_error, plural(dl->n_error, "error", "errors"), dl->n_warning,
             plural(dl->n_warning, "warning", "warnings"));
}

/* file:line:col: severity: message [rule], one per line. */
void diag_lines(Buf *b, const Pack *pack, bool color, FILE *out)
{
  const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
  for (int i = 0; i < pack->diags.len; i++) {
    const Diag *d = &pack->diags.v[i];
    const char *sc = !color ? "" : d->sev == SEV_ERROR ? "\033[1;31m" : "\033[1;35m";
    // As "%s%s:%d:%d:%s %s%s:%s %s [%s]\n", a third of the cost of printf.
    buf_puts(b, bold);
    buf_puts(b, d->pos.file);
    if (d->pos.line > 0) {
      buf_putc(b, ':');
      buf_putint(b, d->pos.line);
      buf_putc(b, ':');
      buf_putint(b, d->pos.col);
    }
    buf_puts(b, ":");
    buf_puts(b, reset);
    buf_putc(b, ' ');
    buf_puts(b, sc);
    buf_puts(b, sev_name(d->sev));
    buf_puts(b, ":");
    buf_puts(b, reset);
    buf_putc(b, ' ');
    buf_puts(b, d->msg);
    buf_puts(b, " [");
    buf_puts(b, rules[d->rule].id);
    buf_puts(b, "]\n");
    diag_spill(b, out);
  }
}

void diag_spill(Buf *b, FILE *out)
{
  if (out && b->len >= ((size_t)64 << 10)) {
    fwrite(b->s, 1, b->len, out);  // a failure shows in ferror(out), which the caller checks
    buf_reset(b);
  }
}

/* The lines, then the summary line. */
void diag_text(Buf *b, const Pack *pack, bool color, FILE *out)
{
  diag_lines(b, pack, color, out);
  diag_summary(b, pack);
  buf_putc(b, '\n');
}

//
// Progress on a terminal: one line on stderr, rewritten in place
//

static struct timespec started;  // set by progress_init, before any thread
static bool progress_on;         // likewise
static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static bool progress_shown;      // guarded by progress_lock

void progress_init(bool enabled)
{
  if (!progress_on && !enabled)
    clock_gettime(CLOCK_MONOTONIC, &started);
  progress_on = enabled;
}

void progress_note(const char *fmt, ...)
{
  if (!progress_on)
    return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double elapsed = (double)(now.tv_sec - started.tv_sec) + (double)(now.tv_nsec - started.tv_nsec) / 1e9;
  if (elapsed < 1.0)
    return;
  va_list ap;
  va_start(ap, fmt);
  pthread_mutex_lock(&progress_lock);
  fputs("\r\033[Kobjreg: ", stderr);
  vfprintf(stderr, fmt, ap);
  fflush(stderr);
  progress_shown = true;
  pthread_mutex_unlock(&progress_lock);
  va_end(ap);
}

void progress_done(void)
{
  pthread_mutex_lock(&progress_lock);
  if (progress_shown)
    fputs("\r\033[K", stderr);
  progress_shown = false;
  pthread_mutex_unlock(&progress_lock);
}
