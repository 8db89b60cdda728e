/*
 * pdf_table.c - tables on the page layout (pdf_layout.c): light rules, a
 * shaded header row repeated after a page break (with the caption,
 * "continued"), cells that wrap, a RAG swatch or a progress bar before a
 * cell's text, dot leaders (the contents), and rows kept whole unless taller
 * than a page, which are then split line by line across pages.
 *
 * A row is built cell by cell (pdf_table_puts, pdf_table_cell), then laid
 * out and drawn by pdf_table_row, which empties it for the next.  Heights
 * come from measurements only, so a dry run takes the pages a real run does.
 */
#include "pdf.h"

#include <math.h>
#include <string.h>

#define CELL_PAD_X 4.0f
#define CELL_PAD_Y 2.8f
#define SWATCH_W 10.0f
#define BAR_W 22.0f

static void cell_init(PdfCell *c)
{
  memset(c, 0, sizeof *c);
  pdf_text_init(&c->text);
  pdf_lines_init(&c->lines);
}

/* Empty a cell for the next row, memory kept. */
static void cell_clear(PdfCell *c)
{
  pdf_text_reset(&c->text);
  c->kind = CELL_TEXT;
  c->frac = 0;
  c->leader = false;
}

/* A table of n columns across the current column. */
void pdf_table_init(PdfDoc *d, PdfTable *t, int n, const float *weights, const PdfAlign *al)
{
  if (n > PDF_MAX_COLS)
    BUG("too many table columns");
  memset(t, 0, sizeof *t);
  t->n = n;
  t->rules = true;
  t->head_h = -1;
  t->pad = CELL_PAD_Y;
  float sum = 0, width = pdf_col_width(d);
  for (int i = 0; i < n; i++)
    if (weights[i] > 0)
      sum += weights[i];
    else
      width += weights[i];  // a fixed width, in points
  for (int i = 0; i < n; i++) {
    t->w[i] = weights[i] > 0 ? width * weights[i] / sum : -weights[i];
    t->fixed[i] = weights[i] <= 0;
    t->al[i] = al ? al[i] : AL_LEFT;
    cell_init(&t->head[i]);
    cell_init(&t->cell[i]);
  }
}

/* The width of the flexible columns other than col. */
static float flex_width(const PdfTable *t, int col)
{
  float flex = 0;
  for (int i = 0; i < t->n; i++)
    if (!t->fixed[i] && i != col)
      flex += t->w[i];
  return flex;
}

/* Widen column col to need points, taking the room from the other flexible
 * columns, by at most max_grow points. */
static void col_grow(PdfTable *t, int col, float need, float max_grow)
{
  float flex = flex_width(t, col);
  float grow = fminf(need - t->w[col], max_grow);
  if (flex <= 0 || grow <= 0.01f)
    return;
  t->w[col] += grow;
  for (int i = 0; i < t->n; i++)
    if (!t->fixed[i] && i != col)
      t->w[i] -= grow * t->w[i] / flex;
}

void pdf_table_fit(PdfDoc *d, PdfTable *t, int col, const PdfStyle *st, const char *s)
{
  // The other flexible columns keep at least half their width.
  col_grow(t, col, pdf_width(d, st, s) + 2 * CELL_PAD_X + 0.5f, flex_width(t, col) / 2);
}

/* Widen a fixed column to the longest word of its header (a translated header
 * such as "Obsolète" or "Änderung" is not cut), taking the room from the
 * flexible columns, by at most 24 points. */
static void head_fit(PdfDoc *d, PdfTable *t, int col, const PdfStyle *st, const char *s)
{
  float need = 0;
  char word[128];
  for (const char *p = s; *p;) {
    size_t n = strcspn(p, " \n");
    if (n && n < sizeof word) {
      memcpy(word, p, n);
      word[n] = '\0';
      need = fmaxf(need, pdf_width(d, st, word) + 2 * CELL_PAD_X);
    }
    p += n + strspn(p + n, " \n");
  }
  if (t->fixed[col])
    col_grow(t, col, need, 24.0f);
}

/* The header text of a column (bold, small, repeated after page breaks). */
void pdf_table_head(PdfDoc *d, PdfTable *t, int col, const char *s)
{
  PdfStyle st = pdf_style(PF_BOLD, PDF_TINY, PDF_ACCENT);
  t->has_head = true;
  head_fit(d, t, col, &st, s);
  pdf_text_puts(d, &t->head[col].text, &st, s);
}

/* The header texts of every column, from a list of t->n. */
void pdf_table_heads(PdfDoc *d, PdfTable *t, const char *const *heads)
{
  for (int i = 0; i < t->n; i++)
    pdf_table_head(d, t, i, tr(d->set.lang, heads[i]));
}

PdfText *pdf_table_cell(PdfTable *t, int col)
{
  return &t->cell[col].text;
}

/* Add s to a cell of the row being built (st NULL: the cell default). */
void pdf_table_puts(PdfDoc *d, PdfTable *t, int col, const PdfStyle *st, const char *s)
{
  PdfStyle def = pdf_style(PF_REGULAR, PDF_SMALL, PDF_INK);
  pdf_text_puts(d, &t->cell[col].text, st ? st : &def, s);
}

/* The room a swatch or bar takes before a cell's text. */
static float icon_w(const PdfCell *c)
{
  return c->kind == CELL_SWATCH ? SWATCH_W : c->kind == CELL_BAR ? BAR_W + 4.0f : 0;
}

/* Break every cell of a row; returns the row's height. */
static float row_layout(PdfDoc *d, PdfTable *t, PdfCell *cells)
{
  float h = 0;
  for (int i = 0; i < t->n; i++) {
    PdfCell *c = &cells[i];
    pdf_break(d, &c->text, t->w[i] - 2 * CELL_PAD_X - icon_w(c), &c->lines);
    float ch = pdf_lines_height(&c->lines, 0, c->lines.n_lines);
    if (c->kind != CELL_TEXT && ch < PDF_SMALL * PDF_LEAD)
      ch = PDF_SMALL * PDF_LEAD;
    if (ch > h)
      h = ch;
  }
  return h + 2 * t->pad;
}

static float table_width(const PdfTable *t)
{
  float w = 0;
  for (int i = 0; i < t->n; i++)
    w += t->w[i];
  return w;
}

/* Dot leaders from the end of a cell's last line to its right edge. */
static void draw_leader(PdfDoc *d, float x, float x_end, float baseline)
{
  if (x_end - x < 8.0f)
    return;
  pdf_stroke_line(d, x, baseline + 1.0f, x_end, baseline + 1.0f, 0.6f, PDF_MUTED, 2);
}

/* Draw lines [from[i], to[i]) of each cell in a band of height h at the cursor. */
static void row_draw(PdfDoc *d, PdfTable *t, PdfCell *cells, const int *from, const int *to, float h, bool first,
                     bool head)
{
  float x = d->x0 + d->blk.left, top = d->y, tw = table_width(t);
  float in = 0.25f;  // fills stop short of the rule above
  if (head)
    pdf_fill_rect(d, x, top - h, tw, h - in, PDF_SHADE);
  else if (t->tint)
    pdf_fill_rect(d, x, top - h, tw, h - in, t->tint_color);
  else if (t->label_col)
    pdf_fill_rect(d, x, top - h, t->w[0], h - in, (PdfRgb){0.96f, 0.97f, 0.98f});
  for (int i = 0; i < t->n; i++) {
    PdfCell *c = &cells[i];
    float cx = x + CELL_PAD_X, cw = t->w[i] - 2 * CELL_PAD_X, ltop = top - t->pad;
    if (t->bottom[i])
      ltop -= h - 2 * t->pad - pdf_lines_height(&c->lines, from[i], to[i]);
    if (c->kind != CELL_TEXT) {
      float base = ltop - PDF_SMALL * PDF_ASCENT;
      if (first && c->kind == CELL_SWATCH)
        pdf_swatch(d, cx, base, PDF_SMALL, c->mark);
      if (first && c->kind == CELL_BAR)
        pdf_bar(d, cx, base, BAR_W, PDF_SMALL, c->frac, c->mark);
      cx += icon_w(c);
      cw -= icon_w(c);
    }
    for (int k = from[i]; k < to[i]; k++) {
      pdf_draw_line(d, &c->text, &c->lines, k, cx, ltop, cw, t->al[i]);
      const PdfLine *ln = &c->lines.lines[k];
      if (c->leader && k == c->lines.n_lines - 1)
        draw_leader(d, cx + ln->w + 3.0f, cx + cw, ltop - ln->size * PDF_ASCENT);
      ltop -= pdf_line_height(ln);
    }
    x += t->w[i];
  }
  x = d->x0 + d->blk.left;
  if (head)
    pdf_stroke_line(d, x, top - h, x + tw, top - h, 0.7f, (PdfRgb){0.60f, 0.65f, 0.72f}, 0);
  else if (t->rules)
    pdf_stroke_line(d, x, top - h, x + tw, top - h, 0.35f, PDF_RULE, 0);
  d->y -= h;
}

/* Every line of every cell: the from/to arrays of a whole row. */
static void whole_row(const PdfTable *t, const PdfCell *cells, int *from, int *to)
{
  for (int i = 0; i < t->n; i++) {
    from[i] = 0;
    to[i] = cells[i].lines.n_lines;
  }
}

/* The header row's height; its cells are broken once, on first use. */
static float head_height(PdfDoc *d, PdfTable *t)
{
  if (t->head_h < 0)
    t->head_h = t->has_head ? row_layout(d, t, t->head) : 0;
  return t->head_h;
}

/* The height of the "(continued)" caption line. */
static float caption_height(const PdfTable *t)
{
  return t->caption ? PDF_TINY * PDF_LEAD + 2.0f : 0;
}

/* The header row (after a page break: with the caption, continued). */
static void table_head(PdfDoc *d, PdfTable *t, bool continued)
{
  if (continued && t->caption) {
    PdfStyle st = pdf_style(PF_OBLIQUE, PDF_TINY, PDF_MUTED);
    Buf b;
    buf_init(&b);
    buf_printf(&b, tr(d->set.lang, "%s (continued)"), t->caption);
    pdf_label(d, &st, d->x0 + d->blk.left, d->y - PDF_TINY * PDF_ASCENT, AL_LEFT, b.s);
    buf_release(&b);
    d->y -= caption_height(t);
  }
  if (!t->has_head) {
    float x = d->x0 + d->blk.left;
    pdf_stroke_line(d, x, d->y, x + table_width(t), d->y, 0.6f, (PdfRgb){0.60f, 0.65f, 0.72f}, 0);
    return;
  }
  int from[PDF_MAX_COLS], to[PDF_MAX_COLS];
  float h = head_height(d, t);
  whole_row(t, t->head, from, to);
  row_draw(d, t, t->head, from, to, h, true, true);
}

/* The link over a drawn row (or part of one) of height h, just above the cursor. */
static void row_link(PdfDoc *d, const PdfTable *t, float h)
{
  if (t->link && d->page) {
    float x = d->x0 + d->blk.left;
    pdf_link(d, (HPDF_Rect){x, d->y, x + table_width(t), d->y + h}, t->link - 1);
  }
}

/* A row taller than a page: as many lines as fit, page after page. */
static void row_split(PdfDoc *d, PdfTable *t)
{
  int from[PDF_MAX_COLS], to[PDF_MAX_COLS];
  for (int i = 0; i < t->n; i++)
    from[i] = 0;
  bool first = true;
  for (;;) {
    float avail = pdf_room(d) - 2 * t->pad, h = 0;
    bool more = false, any = false;
    for (int i = 0; i < t->n; i++) {
      const PdfLines *l = &t->cell[i].lines;
      float ch = 0;
      to[i] = from[i];
      while (to[i] < l->n_lines && ch + pdf_line_height(&l->lines[to[i]]) <= avail)
        ch += pdf_line_height(&l->lines[to[i]++]);
      if (to[i] == from[i] && from[i] < l->n_lines && pdf_at_top(d))
        ch += pdf_line_height(&l->lines[to[i]++]);  // at least one line per page
      more |= to[i] < l->n_lines;
      any |= to[i] > from[i];
      h = ch > h ? ch : h;
    }
    if (any || first) {
      row_draw(d, t, t->cell, from, to, h + 2 * t->pad, first, false);
      row_link(d, t, h + 2 * t->pad);  // each part of a split row
    }
    first = first && !any;
    if (!more)
      return;
    for (int i = 0; i < t->n; i++)
      from[i] = to[i];
    pdf_new_page(d);
    table_head(d, t, true);
  }
}

/* Draw the row built: whole on this page or the next, split only if taller than a page. */
void pdf_table_row(PdfDoc *d, PdfTable *t)
{
  float h = row_layout(d, t, t->cell), hh = head_height(d, t);
  float page = d->top - d->bottom - hh - caption_height(t);
  bool fits_page = h <= page;
  if (!t->head_drawn) {
    pdf_need(d, hh + (fits_page ? h : 4 * PDF_SMALL * PDF_LEAD));
    table_head(d, t, false);
    t->head_drawn = true;
  } else if (h > pdf_room(d) + 0.01f && fits_page) {
    pdf_new_page(d);
    table_head(d, t, true);
  }
  if (fits_page && h <= pdf_room(d) + 0.01f) {
    int from[PDF_MAX_COLS], to[PDF_MAX_COLS];
    whole_row(t, t->cell, from, to);
    row_draw(d, t, t->cell, from, to, h, true, false);
    row_link(d, t, h);  // one link over the whole row
  } else {
    row_split(d, t);
  }
  for (int i = 0; i < t->n; i++)
    cell_clear(&t->cell[i]);
  t->tint = false;
  t->link = 0;
}

void pdf_table_end(PdfDoc *d, PdfTable *t)
{
  (void)d;
  t->head_drawn = false;
}

void pdf_table_release(PdfTable *t)
{
  for (int i = 0; i < t->n; i++) {
    pdf_text_release(&t->head[i].text);
    pdf_lines_release(&t->head[i].lines);
    pdf_text_release(&t->cell[i].text);
    pdf_lines_release(&t->cell[i].lines);
  }
}
