/*
 * sarif.c - the findings as SARIF 2.1.0, for code-scanning tools: one run,
 * the whole rule table as the driver's rules (with the clause 6.2 wording),
 * and one result per finding with its physical location.  Locations are
 * relative to the pack, under the base id PACKROOT.
 */
#include "objreg.h"

static const char *level(Severity s)
{
  return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "none";
}

void diag_sarif(Buf *b, const Pack *pack)
{
  buf_puts(b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n");
  buf_puts(b, "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"objreg\", \"version\": \"" OBJREG_VERSION "\",\n");
  buf_puts(b, "      \"informationUri\": \"https://www.iso.org/standard/27001\",\n      \"rules\": [");
  for (int i = 0; i < n_rules; i++) {
    const Rule *r = &rules[i];
    buf_puts(b, i ? ",\n        {\"id\": " : "\n        {\"id\": ");
    buf_json_str(b, r->id);
    buf_puts(b, ", \"shortDescription\": {\"text\": ");
    buf_json_str(b, r->summary);
    buf_puts(b, "}, \"fullDescription\": {\"text\": ");
    Buf t;
    buf_init(&t);
    if (r->id[0] == '6')
      buf_printf(&t, "ISO/IEC 27001:2022 clause %.3s: information security objectives shall %s. Checked: %s.",
                 r->id, r->clause, r->summary);
    else
      buf_printf(&t, "%s. Checked: %s.", r->clause, r->summary);
    buf_json_str(b, t.s);
    buf_release(&t);
    buf_printf(b, "}, \"defaultConfiguration\": {\"level\": \"%s\"}", level(r->sev));
    buf_puts(b, ", \"properties\": {\"clause\": ");
    buf_json_str(b, r->clause);
    buf_puts(b, "}}");
  }
  buf_puts(b, "\n      ]}},\n");
  buf_puts(b, "    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": [");
  for (int i = 0; i < pack->diags.len; i++) {
    const Diag *d = &pack->diags.v[i];
    buf_puts(b, i ? ",\n      {\"ruleId\": " : "\n      {\"ruleId\": ");
    buf_json_str(b, d->rule);
    buf_printf(b, ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": {\"text\": ", rule_index(d->rule), level(d->sev));
    buf_json_str(b, d->msg);
    buf_puts(b, "},\n       \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
    buf_json_str(b, d->pos.file);
    buf_puts(b, ", \"uriBaseId\": \"PACKROOT\"}");
    if (d->pos.line > 0)
      buf_printf(b, ", \"region\": {\"startLine\": %d, \"startColumn\": %d}", d->pos.line, d->pos.col);
    buf_puts(b, "}}]");
    if (d->objective) {
      buf_puts(b, ", \"properties\": {\"objective\": ");
      buf_json_str(b, d->objective);
      buf_putc(b, '}');
    }
    buf_putc(b, '}');
  }
  buf_puts(b, pack->diags.len ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n");
}
