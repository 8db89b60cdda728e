/*
 * sarif.c - the findings as SARIF 2.1.0, for code-scanning tools: one run,
 * the whole rule table as the driver's rules, each with the metadata of
 * rule_help.c (name, the requirement, what it checks, how to fix it, tags),
 * and one result per finding with its physical location, the text of its
 * region and the lines around it, and a fingerprint that survives line moves
 * (diag_context, context.c).  Locations are relative to the pack, under the
 * base id PACKROOT.
 *
 * The output is checked with Microsoft's SARIF Multitool, GitHub's rules
 * included, by tests/sarif.sh.
 */
#include "objreg.h"

#include <string.h>

static const char *level(Severity s)
{
  return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "none";
}

static void text_obj(Buf *b, const char *key, const char *text)
{
  buf_printf(b, "\"%s\": {\"text\": ", key);
  buf_json_str(b, text);
  buf_putc(b, '}');
}

static void rule_obj(Buf *b, int i)
{
  const Rule *r = &rules[i];
  const RuleHelp *h = rule_help_for(i);
  if (!h)
    BUG("a rule without help");
  buf_puts(b, "{\"id\": ");
  buf_json_str(b, r->id);
  buf_puts(b, ", \"name\": ");
  buf_json_str(b, h->name);
  buf_puts(b, ",\n         ");
  text_obj(b, "shortDescription", h->requirement);
  buf_puts(b, ",\n         ");
  text_obj(b, "fullDescription", h->checks);
  Buf t;
  buf_init(&t);
  rule_help_text(&t, i);
  buf_puts(b, ",\n         \"help\": {\"text\": ");
  buf_json_str(b, t.s);
  buf_reset(&t);
  rule_help_markdown(&t, i);
  buf_puts(b, ", \"markdown\": ");
  buf_json_str(b, t.s);
  buf_release(&t);
  buf_printf(b, "},\n         \"defaultConfiguration\": {\"level\": \"%s\"}", level(r->sev));
  buf_puts(b, ", \"properties\": {\"tags\": [");
  for (const char *p = h->tags; *p;) {
    size_t n = strcspn(p, " ");
    buf_puts(b, p == h->tags ? "\"" : ", \"");
    buf_add(b, p, n);
    buf_putc(b, '"');
    p += n;
    p += *p == ' ';
  }
  buf_puts(b, "], \"clause\": ");
  buf_json_str(b, r->clause);
  buf_puts(b, "}}");
}

/* The region and context region of a finding. */
static void regions(Buf *b, const Diag *d, const DiagCtx *c)
{
  if (d->pos.line <= 0) {  // the whole file: its lines (and text, when short), when it was read
    if (c && c->snippet) {
      buf_printf(b, ",\n        \"region\": {\"startLine\": 1, \"startColumn\": 1, \"endLine\": %d, \"endColumn\": %d, \"snippet\": {\"text\": ",
                 c->n_lines, c->end_col);
      buf_json_str(b, c->snippet);
      buf_puts(b, "}}");
    } else if (c && c->n_lines > 0)
      buf_printf(b, ", \"region\": {\"startLine\": 1, \"endLine\": %d}", c->n_lines);
    else
      buf_puts(b, ", \"region\": {\"byteOffset\": 0, \"byteLength\": 0}");
    return;
  }
  if (!c || !c->snippet) {  // a position in a file not read as text (E-UTF8)
    buf_printf(b, ", \"region\": {\"startLine\": %d, \"startColumn\": %d, \"endLine\": %d, \"endColumn\": %d}",
               d->pos.line, d->pos.col, d->pos.line, d->pos.col + 1);
    return;
  }
  buf_printf(b, ",\n        \"region\": {\"startLine\": %d, \"startColumn\": %d, \"endLine\": %d, \"endColumn\": %d, \"snippet\": {\"text\": ",
             d->pos.line, d->pos.col, d->pos.line, c->end_col);
  buf_json_str(b, c->snippet);
  buf_puts(b, "}}");
  if (!c->context)  // the region is all there is
    return;
  buf_printf(b, ",\n        \"contextRegion\": {\"startLine\": %d, \"startColumn\": 1, \"endLine\": %d, \"endColumn\": %d, \"snippet\": {\"text\": ",
             c->ctx_start, c->ctx_end, c->ctx_end_col);
  buf_json_str(b, c->context);
  buf_puts(b, "}}");
}

void diag_sarif(Buf *b, const Pack *pack, FILE *out)
{
  buf_puts(b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n");
  buf_puts(b, "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"objreg\", \"version\": \"" OBJREG_VERSION "\",\n");
  buf_puts(b, "      \"semanticVersion\": \"" OBJREG_VERSION "\",\n");
  buf_puts(b, "      \"informationUri\": \"https://www.iso.org/standard/27001\",\n      \"rules\": [");
  for (int i = 0; i < N_RULES; i++) {
    buf_puts(b, i ? ",\n        " : "\n        ");
    rule_obj(b, i);
  }
  buf_puts(b, "\n      ]}},\n");
  buf_puts(b, "    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": [");
  for (int i = 0; i < pack->diags.len; i++) {
    const Diag *d = &pack->diags.v[i];
    const DiagCtx *c = pack->ctx ? &pack->ctx[i] : NULL;
    buf_puts(b, i ? ",\n      {\"ruleId\": " : "\n      {\"ruleId\": ");
    buf_json_str(b, rules[d->rule].id);
    buf_printf(b, ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": {\"text\": ", (int)d->rule, level(d->sev));
    buf_json_str(b, d->msg);
    buf_puts(b, "},\n       \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
    buf_json_str(b, d->pos.file);
    buf_puts(b, ", \"uriBaseId\": \"PACKROOT\"}");
    regions(b, d, c);
    buf_puts(b, "}}]");
    if (c)
      buf_printf(b, ",\n       \"partialFingerprints\": {\"objregKeyPath/v1\": \"%s\"}", c->fingerprint);
    if (d->objective || c) {
      buf_puts(b, ", \"properties\": {");
      if (d->objective) {
        buf_puts(b, "\"objective\": ");
        buf_json_str(b, d->objective);
      }
      if (c) {
        buf_puts(b, d->objective ? ", \"keyPath\": " : "\"keyPath\": ");
        buf_json_str(b, c->key_path);
      }
      buf_putc(b, '}');
    }
    buf_putc(b, '}');
    diag_spill(b, out);
  }
  buf_puts(b, pack->diags.len ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n");
}
