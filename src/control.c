/*
 * control.c - document control (SPEC section 19, clause 7.5): what makes one
 * build of the evidence pack identifiable, computed once for every backend.
 *
 *   issue_id()        "<doc-id> v<version> · as of <as_of> · <revision>", the
 *                     line on the cover, every page footer and the manifest
 *   revision_short()  a commit id cut to 12 hex digits ("-modified" kept);
 *                     any other revision as given
 *   time_utc()        a Unix time as "YYYY-MM-DD HH:MM UTC" (the cover's
 *                     "Generated ... from ...")
 *
 * None of them reads the clock: the build's time comes in as BuildInfo.created
 * (SOURCE_DATE_EPOCH, else the real time, read once by main).
 */
#include "objreg.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SHORT_ID 12  // hex digits of a commit id in the issue identifier

const char *revision_short(Arena *a, const char *rev)
{
  if (!rev)
    return NULL;
  size_t n = strspn(rev, "0123456789abcdef");
  if (n >= 40 && (rev[n] == '\0' || rev[n] == '-'))  // a full SHA-1 or SHA-256 id, as Git gives it
    return arena_printf(a, "%.*s%s", SHORT_ID, rev, rev + n);
  return rev;
}

const char *issue_id(Arena *a, const Pack *p, Language lang, Date as_of, const char *revision)
{
  char d[11];
  date_format(as_of, d);
  const char *rev = revision_short(a, revision);
  return arena_printf(a, tr(lang, "%s%s%s \xC2\xB7 as of %s \xC2\xB7 %s"), pack_doc_id(p).s,
                      p->doc_version.s ? " v" : "", p->doc_version.s ? p->doc_version.s : "", d,
                      rev ? rev : tr(lang, "revision not given"));
}

const char *time_utc(int64_t secs, char out[24])
{
  Date day = date_from_unix(secs);
  int64_t s = secs - (int64_t)day * 86400;
  char d[11];
  date_format(day, d);
  snprintf(out, 24, "%s %02d:%02d UTC", d, (int)(s / 3600), (int)(s / 60 % 60));
  return out;
}

void control_rules(Pack *pack, bool draft, const char *revision)
{
  if (draft)
    return;
  if (!revision)
    diag_add(pack, (Pos){"pack.yml", 0, 0}, RULE_W_REVISION, NULL,
             "a controlled build without a source revision: give --revision, set OBJREG_REVISION, or build "
             "from the pack's Git work tree");
  const char *missing[3];
  int n = 0;
  if (!pack->doc_distribution.n)
    missing[n++] = "distribution";
  if (!pack->doc_master.s)
    missing[n++] = "master";
  if (!pack->doc_retention.s)
    missing[n++] = "retention";
  if (n)
    diag_add(pack, pack->doc_pos.file ? pack->doc_pos : (Pos){"pack.yml", 0, 0}, RULE_7_5_CONTROL, NULL,
             "a controlled build without document %s%s%s%s%s: say who receives it, where the controlled master is "
             "kept and how long it is retained (7.5.3)", missing[0], n > 1 ? (n > 2 ? ", " : " and ") : "",
             n > 1 ? missing[1] : "", n > 2 ? " and " : "", n > 2 ? missing[2] : "");
}

/* The scalar under key in a mapping, or NULL. */
static const YNode *map_scalar(const YNode *m, const char *key)
{
  for (int i = 0; m && m->kind == YN_MAP && i + 1 < m->n; i += 2)
    if (m->kids[i]->kind == YN_SCALAR && strcmp(m->kids[i]->str, key) == 0)
      return m->kids[i + 1]->kind == YN_SCALAR ? m->kids[i + 1] : NULL;
  return NULL;
}

const char *approval_version(const Pack *pack, Arena *a, Arena work[2], const char *text, size_t n, bool doc,
                             Date *approved)
{
  *approved = DATE_NONE;
  // The readers of the pack (front matter split, libyaml) on a scratch copy:
  // the settings and limits of this pack, findings of its own, and the
  // caller's two work arenas, emptied for the next version.
  Pack p = *pack;
  p.arena = work[0];
  p.scratch = work[1];
  memset(&p.diags, 0, sizeof p.diags);
  p.keep_text = false;
  const char *src = text;
  size_t len = n, fm_off, body_off;
  int body_line;
  bool unterminated;
  const char *v = NULL;
  if (doc || fm_split(text, n, &fm_off, &len, &body_off, &body_line, &unterminated)) {
    if (!doc)
      src = text + fm_off;
    const YNode *root = yaml_load(&p, doc ? "pack.yml" : "objective", src, len, doc ? 1 : 2);
    const YNode *m = root;
    if (doc) {
      m = NULL;
      for (int i = 0; root && root->kind == YN_MAP && i + 1 < root->n; i += 2)
        if (root->kids[i]->kind == YN_SCALAR && strcmp(root->kids[i]->str, "document") == 0)
          m = root->kids[i + 1];
    }
    const YNode *s = map_scalar(m, "version");
    if (s)
      v = arena_strdup(a, s->str);
    const YNode *on = map_scalar(m, "approved_on");
    if (on && !date_parse(on->str, approved))
      *approved = DATE_NONE;
  }
  diag_release(&p.diags);
  arena_reset(&p.scratch);
  arena_reset(&p.arena);
  work[0] = p.arena;
  work[1] = p.scratch;
  return v;
}

/* The file the pack reads for rel: rel itself, or, when it is a symbolic link
 * (the pack follows links that stay inside it), the pack-relative path of the
 * file it leads to - the file whose history holds the objective's changes. */
static const char *linked_file(Pack *pack, const char *rel)
{
  struct stat st;
  char *path = arena_printf(&pack->arena, "%s/%s", pack->root, rel);
  if (!pack->root_real || lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
    return rel;
  char *real = realpath(path, NULL);
  size_t n = strlen(pack->root_real);
  const char *out = rel;
  if (real && strncmp(real, pack->root_real, n) == 0 && real[n] == '/')
    out = arena_strdup(&pack->arena, real + n + 1);
  free(real);
  return out;
}

void approval_rules(Pack *pack)
{
  if (pack->source || !pack->root)
    return;
  int n = 0;
  GitApproval *v = xcalloc((size_t)pack->n_objectives + 1, sizeof *v);
  int *idx = xcalloc((size_t)pack->n_objectives + 1, sizeof *idx);  // the objective of each item, -1: the document
  for (int i = 0; i < pack->n_objectives; i++) {
    const Objective *o = pack->objectives[i];
    if (o->version.s && o->approved_on.valid && o->file) {
      const char *file = linked_file(pack, o->file);
      idx[n] = i;
      v[n++] = (GitApproval){{file}, 1, file, false, o->version.s, o->approved_on.v, .found = false};
    }
  }
  if (pack->doc_version.s && pack->doc_approved_on.valid) {
    idx[n] = -1;
    v[n++] = (GitApproval){{"objectives/", "policy.md", "risks.csv", "requirements.csv"}, 4, "pack.yml", true,
                           pack->doc_version.s, pack->doc_approved_on.v, .found = false};
  }
  if (n && git_approval_changes(pack, v, n) == 0) {
    for (int i = 0; i < n; i++) {
      if (!v[i].found)
        continue;
      char when[11], approved[11];
      date_format(v[i].date, when);
      date_format(v[i].after, approved);
      if (idx[i] >= 0) {
        const Objective *o = pack->objectives[idx[i]];
        diag_add(pack, o->version.pos, RULE_7_5_APPROVAL, o,
                 "objective '%s' changed in commit %s on %s, after its approval on %s, and is still version %s: "
                 "give it a new version and have it approved again", o->id.s, v[i].commit, when, approved, v[i].version);
      } else {
        diag_add(pack, pack->doc_version.pos, RULE_7_5_APPROVAL, NULL,
                 "the pack's content changed in commit %s on %s, after the document's approval on %s, and it is "
                 "still version %s: give the document a new version and have it approved again", v[i].commit, when,
                 approved, v[i].version);
      }
    }
  }
  free(v);
  free(idx);
}
