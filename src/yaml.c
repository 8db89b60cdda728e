/*
 * yaml.c - YAML documents as a tree of YNode with source positions.
 *
 * libyaml's event parser drives a small stack machine that builds the tree in
 * the pack's arena.  Working from events rather than libyaml's document API
 * lets objreg refuse anchors and aliases before they are expanded (an alias
 * bomb costs nothing) and stop at the nesting limit before the tree grows
 * (the parser itself keeps explicit stacks, so a deep document cannot
 * overflow ours).  Duplicate mapping keys are refused as well: YAML forbids
 * them and a silently overwritten key would hide a typo.
 *
 * libyaml marks are 0-based and relative to the buffer; line0 maps the first
 * line of the buffer to its line in the file.  The tree lives in the pack's
 * scratch arena, reset for every file: readers copy what they keep.
 */
#include "objreg.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct {
  YNode *node;
  YNode **kids;  // malloc-owned while the node is open
  int n, cap;
} Open;

static Pos mark_pos(const char *file, yaml_mark_t m, int line0)
{
  return (Pos){file, (int)m.line + line0, (int)m.column + 1};
}

static void add_kid(Open *o, YNode *kid)
{
  if (o->n == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 8;
    o->kids = xrealloc(o->kids, (size_t)o->cap * sizeof *o->kids);
  }
  o->kids[o->n++] = kid;
}

static const char *event_anchor(const yaml_event_t *e)
{
  switch (e->type) {
  case YAML_SCALAR_EVENT: return (const char *)e->data.scalar.anchor;
  case YAML_SEQUENCE_START_EVENT: return (const char *)e->data.sequence_start.anchor;
  case YAML_MAPPING_START_EVENT: return (const char *)e->data.mapping_start.anchor;
  default: return NULL;
  }
}

static const char *event_tag(const yaml_event_t *e)
{
  switch (e->type) {
  case YAML_SCALAR_EVENT: return (const char *)e->data.scalar.tag;
  case YAML_SEQUENCE_START_EVENT: return (const char *)e->data.sequence_start.tag;
  case YAML_MAPPING_START_EVENT: return (const char *)e->data.mapping_start.tag;
  default: return NULL;
  }
}

/* Whether a tag leaves the value as written: none, '!', or a core tag that
 * names what the node is (!!str 5, !!int "5", !!seq).  Any other tag asks
 * for something objreg does not do (!!binary decodes base64, !include reads
 * another file, !vault decrypts), so its value would not be what its author
 * meant. */
static bool tag_accepted(const yaml_event_t *e, const char *tag)
{
  static const char core[] = "tag:yaml.org,2002:";
  if (!tag || strcmp(tag, "!") == 0)
    return true;
  if (strncmp(tag, core, sizeof core - 1) != 0)
    return false;
  const char *t = tag + sizeof core - 1;
  if (e->type == YAML_SEQUENCE_START_EVENT)
    return strcmp(t, "seq") == 0;
  if (e->type == YAML_MAPPING_START_EVENT)
    return strcmp(t, "map") == 0;
  if (strcmp(t, "null") == 0) {  // !!null 90: the tag says nothing, the text says 90
    const char *v = (const char *)e->data.scalar.value;
    return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
  }
  return strcmp(t, "str") == 0 || strcmp(t, "int") == 0 || strcmp(t, "float") == 0 || strcmp(t, "bool") == 0 ||
         strcmp(t, "timestamp") == 0;
}

/* Close the innermost open node: copy its kids into the arena. */
static YNode *close_node(Pack *pack, Open *o)
{
  YNode *n = o->node;
  n->n = o->n;
  n->kids = arena_alloc(&pack->scratch, (size_t)(o->n ? o->n : 1) * sizeof *n->kids);
  if (o->n)
    memcpy(n->kids, o->kids, (size_t)o->n * sizeof *n->kids);
  free(o->kids);
  return n;
}

/* The key of a mapping that is already there, or NULL. */
static const YNode *dup_key(const Open *o, const YNode *key)
{
  if (key->kind != YN_SCALAR)
    return NULL;
  for (int i = 0; i + 1 < o->n; i += 2)
    if (o->kids[i]->kind == YN_SCALAR && strcmp(o->kids[i]->str, key->str) == 0)
      return o->kids[i];
  return NULL;
}

/* The state of one yaml_load: the open nodes, innermost last. */
typedef struct {
  Pack *pack;
  const char *file;
  int line0;
  Open *stack;
  int depth, cap;
  YNode *root;
  bool failed, done;
} Loader;

/* E-YAML at the parser's problem mark. */
static void syntax_error(Loader *l, const yaml_parser_t *parser)
{
  Pos p = mark_pos(l->file, parser->problem_mark, l->line0);
  const char *problem = parser->problem ? parser->problem : "unknown problem";
  if (parser->context)
    diag_add(l->pack, p, RULE_E_YAML, NULL, "YAML syntax error: %s %s; file not used", problem, parser->context);
  else
    diag_add(l->pack, p, RULE_E_YAML, NULL, "YAML syntax error: %s; file not used", problem);
  l->failed = true;
}

/* A scalar's node. */
static YNode *scalar_node(Loader *l, const yaml_event_t *ev, Pos pos)
{
  YNode *node = arena_alloc(&l->pack->scratch, sizeof *node);
  node->kind = YN_SCALAR;
  node->pos = pos;
  node->str = arena_strndup(&l->pack->scratch, (const char *)ev->data.scalar.value, ev->data.scalar.length);
  node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  if (ev->data.scalar.tag && strcmp((const char *)ev->data.scalar.tag, "tag:yaml.org,2002:str") == 0)
    node->plain = false;  // !!str ~ is the text "~", as "~" is
  if (ev->end_mark.line == ev->start_mark.line)
    node->end_col = (int)ev->end_mark.column + 1;
  return node;
}

/* Open a sequence or mapping, unless it is one level too deep. */
static void open_node(Loader *l, const yaml_event_t *ev, Pos pos)
{
  Pack *pack = l->pack;
  if (l->depth >= pack->limits.yaml_depth) {
    diag_add(pack, pos, RULE_E_LIMIT, NULL, "YAML nesting deeper than %d levels; file not used", pack->limits.yaml_depth);
    l->failed = true;
    return;
  }
  if (l->depth == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->stack = xrealloc(l->stack, (size_t)l->cap * sizeof *l->stack);
  }
  YNode *open = arena_alloc(&pack->scratch, sizeof *open);
  open->kind = ev->type == YAML_SEQUENCE_START_EVENT ? YN_SEQ : YN_MAP;
  open->pos = pos;
  l->stack[l->depth++] = (Open){open, NULL, 0, 0};
}

/* The node an event completes (a scalar, a closed sequence or mapping), or
 * NULL; sets l->failed or l->done where the event says so. */
static YNode *on_event(Loader *l, const yaml_event_t *ev)
{
  Pos pos = mark_pos(l->file, ev->start_mark, l->line0);
  YNode *node = NULL;
  if (ev->type == YAML_ALIAS_EVENT || event_anchor(ev)) {
    diag_add(l->pack, pos, RULE_E_YAML, NULL, "YAML anchors and aliases are not accepted; file not used");
    l->failed = true;
  } else if (!tag_accepted(ev, event_tag(ev))) {
    const char *tag = event_tag(ev);
    bool core = strncmp(tag, "tag:yaml.org,2002:", 18) == 0;
    if (core && strcmp(tag + 18, "null") == 0) {
      diag_add(l->pack, pos, RULE_E_YAML, NULL,
               "YAML tag '!!null' on the value '%s': a null has no value, so which one is meant is not clear; "
               "remove the tag or the value; file not used", (const char *)ev->data.scalar.value);
    } else {
      diag_add(l->pack, pos, RULE_E_YAML, NULL,
               "YAML tag '%s%s' is not accepted: objreg reads a value as it is written, and would not do what the "
               "tag asks; remove the tag; file not used", core ? "!!" : "", core ? tag + 18 : tag);
    }
    l->failed = true;
  } else if (ev->type == YAML_STREAM_END_EVENT) {
    l->done = true;
  } else if (ev->type == YAML_DOCUMENT_START_EVENT && l->root) {
    diag_add(l->pack, pos, RULE_E_YAML, NULL,
             "more than one YAML document: remove the second '---' line (one document per file); file not used");
    l->failed = true;
  } else if (ev->type == YAML_SCALAR_EVENT) {
    node = scalar_node(l, ev, pos);
  } else if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
    open_node(l, ev, pos);
  } else if (ev->type == YAML_SEQUENCE_END_EVENT || ev->type == YAML_MAPPING_END_EVENT) {
    node = close_node(l->pack, &l->stack[--l->depth]);
    if (mark_pos(l->file, ev->end_mark, l->line0).line == node->pos.line)
      node->end_col = (int)ev->end_mark.column + 1;
  }
  return node;
}

/* Put a completed node in its parent (or make it the root); a duplicate key fails. */
static void attach(Loader *l, YNode *node)
{
  if (l->depth == 0) {
    l->root = node;
    return;
  }
  Open *o = &l->stack[l->depth - 1];
  const YNode *prev;
  if (o->node->kind == YN_MAP && o->n % 2 == 0 && (prev = dup_key(o, node))) {
    diag_add(l->pack, node->pos, RULE_E_YAML, NULL, "duplicate key '%s' (first at line %d); file not used", node->str,
             prev->pos.line);
    l->failed = true;
  } else {
    add_kid(o, node);
  }
}

YNode *yaml_load(Pack *pack, const char *file, const char *src, size_t n, int line0)
{
  yaml_parser_t parser;
  yaml_event_t ev;
  Loader l = {.pack = pack, .file = file, .line0 = line0};
  if (!yaml_parser_initialize(&parser))
    die("cannot initialise the YAML parser");
  yaml_parser_set_input_string(&parser, (const unsigned char *)src, n);
  while (!l.done && !l.failed) {
    if (!yaml_parser_parse(&parser, &ev)) {
      syntax_error(&l, &parser);
      break;
    }
    YNode *node = on_event(&l, &ev);
    if (node && !l.failed)
      attach(&l, node);
    yaml_event_delete(&ev);
  }
  while (l.depth > 0)
    free(l.stack[--l.depth].kids);
  free(l.stack);
  yaml_parser_delete(&parser);
  if (l.failed)
    return NULL;
  YNode *root = l.root;
  if (!root) {  // an empty document is an empty mapping
    root = arena_alloc(&pack->scratch, sizeof *root);
    root->kind = YN_MAP;
    root->pos = (Pos){file, line0, 1};
  }
  return root;
}

const char *ynode_kind_name(const YNode *n)
{
  return n->kind == YN_SCALAR ? "a value" : n->kind == YN_SEQ ? "a list" : "a mapping";
}

/* Length of the line at s (up to n bytes), without its line end; *next gets
 * the offset just after the line end. */
static size_t line_at(const char *s, size_t n, size_t *next)
{
  const char *nl = memchr(s, '\n', n);
  size_t len = nl ? (size_t)(nl - s) : n;
  *next = nl ? len + 1 : n;
  return len;
}

/* A line that is exactly "---", trailing spaces and CR allowed. */
static bool is_fence(const char *s, size_t len)
{
  if (len < 3 || memcmp(s, "---", 3) != 0)
    return false;
  for (size_t i = 3; i < len; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      return false;
  return true;
}

bool fm_split(const char *s, size_t n, size_t *fm_off, size_t *fm_len, size_t *body_off, int *body_line,
              bool *unterminated)
{
  size_t next, len = line_at(s, n, &next);
  *unterminated = false;
  if (!is_fence(s, len))
    return false;
  size_t first = next, off = next;
  int line = 2;
  while (off < n) {
    len = line_at(s + off, n - off, &next);
    if (is_fence(s + off, len)) {
      *fm_off = first;
      *fm_len = off - first;
      *body_off = off + next;
      *body_line = line + 1;
      return true;
    }
    off += next;
    line++;
  }
  *unterminated = true;
  return false;
}

const YNode *fm_mapping(Pack *pack, const SrcFile *f, const char *kind, size_t *body_off, int *body_line)
{
  size_t fm_off, fm_len;
  bool unterminated;
  Pos at1 = {f->path, 1, 1};
  if (!fm_split(f->data, f->len, &fm_off, &fm_len, body_off, body_line, &unterminated)) {
    if (unterminated)
      diag_add(pack, at1, RULE_E_YAML, NULL, "front matter has no closing '---' line; file not used");
    else
      diag_add(pack, at1, RULE_E_YAML, NULL, "%s file does not start with '---' front matter; file not used", kind);
    return NULL;
  }
  const YNode *fm = yaml_load(pack, f->path, f->data + fm_off, fm_len, 2);
  if (fm && fm->kind != YN_MAP) {
    diag_add(pack, fm->pos, RULE_E_YAML, NULL, "front matter must be a mapping, not %s", ynode_kind_name(fm));
    return NULL;
  }
  return fm;
}
