/*
 * policy.c - policy.md: statements from headings, through the cmark tree.
 *
 * A statement is a heading whose text starts with an upper-case id holding a
 * hyphen (POL-4, ISP-A.5), then ':', ' -', ' —' or a space, then its title
 * (SPEC section 4).  Other headings are structure, not statements.  The body
 * tree is kept for the renderers; statements keep their heading's position.
 */
#include "objreg.h"

#include <cmark.h>
#include <ctype.h>
#include <string.h>

/* The plain text of an inline tree (text, code, emphasis...). */
static void inline_text(cmark_node *n, Buf *b)
{
  cmark_iter *it = cmark_iter_new(n);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *c = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER)
      continue;
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      buf_puts(b, cmark_node_get_literal(c));
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      buf_putc(b, ' ');
      break;
    default:
      break;
    }
  }
  cmark_iter_free(it);
}

/* Length of the statement id at the start of s, or 0:
 * [A-Z][A-Z0-9]*-[A-Z0-9][A-Z0-9._-]* */
static size_t statement_id(const char *s)
{
  size_t i = 0;
  if (!isupper((unsigned char)s[i]))
    return 0;
  while (isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]))
    i++;
  if (s[i] != '-' || !(isupper((unsigned char)s[i + 1]) || isdigit((unsigned char)s[i + 1])))
    return 0;
  for (i += 2; isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || strchr("._-", s[i]); i++)
    if (!s[i])
      break;
  return i;
}

/* The title after the id and its separator, or NULL when the heading is not a statement. */
static const char *statement_title(const char *s)
{
  const char *c = s + strspn(s, " ");
  while (strncmp(c, "\u00A0", 2) == 0 || strncmp(c, "\u202F", 3) == 0)  // "POL-4 : title", as French writes it
    c += c[0] == '\xC2' ? 2 : 3;
  if (*c == ':')
    s = c + 1;
  else if (strncmp(s, " -", 2) == 0)
    s += 2;
  else if (strncmp(s, " \u2014", 4) == 0)
    s += 4;
  else if (*s == ' ')
    s++;
  else
    return NULL;
  while (*s == ' ')
    s++;
  return s;
}

/* A heading that would be a statement but for a character that only looks
 * right ("PОL-4: ..." with a Cyrillic О, "POL–4" with an en dash): noted
 * under the id it shows, for 6.2a to name when an objective references it. */
static void note_lookalike(Pack *pack, const SrcFile *f, cmark_node *h, int body_line, const char *s)
{
  char look[256], odd[96];
  if (strlen(s) >= sizeof look / 2 || !utf8_oddity(s, odd, sizeof odd))
    return;
  size_t n = utf8_skeleton(s, look, sizeof look);
  for (size_t i = 0; i < n; i++)
    look[i] = (char)toupper((unsigned char)look[i]);
  size_t idlen = statement_id(look);
  if (!idlen || !statement_title(look + idlen))
    return;
  char *id = arena_strndup(&pack->arena, look, idlen);
  if (map_get(&pack->policy_lookalike, id))
    return;
  LookalikeHeading *lh = arena_alloc(&pack->arena, sizeof *lh);
  lh->pos = (Pos){f->path, cmark_node_get_start_line(h) + body_line - 1, cmark_node_get_start_column(h)};
  lh->odd = arena_strdup(&pack->arena, odd);
  map_put(&pack->policy_lookalike, id, lh);
}

/* The policy's front matter; false when it is not valid YAML. */
static bool read_front_matter(Pack *pack, const SrcFile *f, size_t off, size_t len)
{
  const YNode *fm = yaml_load(pack, f->path, f->data + off, len, 2);
  if (!fm)
    return false;
  if (fm->kind != YN_MAP) {
    diag_add(pack, fm->pos, RULE_E_YAML, NULL, "front matter must be a mapping, not %s; file not used", ynode_kind_name(fm));
    return false;
  }
  for (int i = 0; i < fm->n / 2; i++) {
    const YNode *k = fm->kids[2 * i], *v = fm->kids[2 * i + 1];
    if (k->kind != YN_SCALAR)
      continue;
    if (strcmp(k->str, "id") == 0) yscalar_str(pack, v, k->str, NULL, &pack->policy_id);
    else if (strcmp(k->str, "version") == 0) yscalar_str(pack, v, k->str, NULL, &pack->policy_version);
    else if (strcmp(k->str, "approved_by") == 0) yscalar_str(pack, v, k->str, NULL, &pack->policy_approved_by);
    else if (strcmp(k->str, "approved_on") == 0) ydate(pack, v, k->str, &pack->policy_approved_on);
    else ykey_unknown(pack, k, "policy front matter", "id version approved_by approved_on");
  }
  return true;
}

void policy_read(Pack *pack, const SrcFile *f)
{
  size_t fm_off, fm_len, body_off = 0;
  int body_line = 1;
  bool unterminated;
  if (fm_split(f->data, f->len, &fm_off, &fm_len, &body_off, &body_line, &unterminated)) {
    if (!read_front_matter(pack, f, fm_off, fm_len))
      return;  // a file with a YAML error is not used at all
  } else if (unterminated) {
    diag_add(pack, (Pos){f->path, 1, 1}, RULE_E_YAML, NULL, "front matter has no closing '---' line; file not used");
    return;
  }

  pack->has_policy = true;
  pack->policy_doc = cmark_parse_document(f->data + body_off, f->len - body_off, CMARK_OPT_DEFAULT);
  pack->policy_body_line = body_line;

  int n = 0, cap = 0;
  for (cmark_node *h = cmark_node_first_child(pack->policy_doc); h; h = cmark_node_next(h))
    cap += cmark_node_get_type(h) == CMARK_NODE_HEADING;
  PolicyStatement *v = arena_alloc(&pack->arena, (size_t)(cap ? cap : 1) * sizeof *v);
  for (cmark_node *h = cmark_node_first_child(pack->policy_doc); h; h = cmark_node_next(h)) {
    if (cmark_node_get_type(h) != CMARK_NODE_HEADING)
      continue;
    Buf text;
    buf_init(&text);
    inline_text(h, &text);
    const char *s = text.s;
    size_t idlen = statement_id(s);
    const char *title = idlen ? statement_title(s + idlen) : NULL;
    if (title) {
      Pos pos = {f->path, cmark_node_get_start_line(h) + body_line - 1, cmark_node_get_start_column(h)};
      const char *id = arena_strndup(&pack->arena, s, idlen);
      PolicyStatement *prev = map_get(&pack->policy_by_id, id);
      if (prev) {
        diag_add(pack, pos, RULE_E_DUP, NULL, "policy statement '%s' already defined at line %d", id, prev->pos.line);
      } else {
        v[n] = (PolicyStatement){pos, id, arena_strdup(&pack->arena, title), h};
        map_put(&pack->policy_by_id, id, &v[n]);
        n++;
      }
    }
    else
      note_lookalike(pack, f, h, body_line, s);
    buf_release(&text);
  }
  pack->policy = v;
  pack->n_policy = n;
}
