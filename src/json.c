/*
 * json.c - the findings as JSON (SPEC section 8), one finding per line so
 * that a diff of two runs reads well.
 */
#include "objreg.h"

void diag_json(Buf *b, const Pack *pack, const char *as_of, FILE *out)
{
  const DiagList *dl = &pack->diags;
  buf_printf(b, "{\"tool\": \"objreg\", \"version\": \"%s\", \"as_of\": \"%s\",\n", OBJREG_VERSION, as_of);
  buf_printf(b, " \"summary\": {\"objectives\": %d, \"errors\": %d, \"warnings\": %d},\n", pack->n_objectives,
             dl->n_error, dl->n_warning);
  buf_puts(b, " \"findings\": [");
  for (int i = 0; i < dl->len; i++) {
    const Diag *d = &dl->v[i];
    buf_puts(b, i ? ",\n  {\"file\": " : "\n  {\"file\": ");
    buf_json_str(b, d->pos.file);
    buf_printf(b, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"rule\": ", d->pos.line, d->pos.col,
               d->sev == SEV_ERROR ? "error" : "warning");
    buf_json_str(b, rules[d->rule].id);
    buf_puts(b, ", \"objective\": ");
    if (d->objective)
      buf_json_str(b, d->objective);
    else
      buf_puts(b, "null");
    buf_puts(b, ", \"message\": ");
    buf_json_str(b, d->msg);
    buf_putc(b, '}');
    diag_spill(b, out);
  }
  buf_puts(b, dl->len ? "\n ]}\n" : "]}\n");
}
