/*
 * md_pdf.c - a CommonMark tree rendered onto the PDF layout.
 *
 * As cmark's own html.c does, one switch handles the ENTER and EXIT events
 * of a cmark_iter walk.  Inline nodes (text, emphasis, strong, code, links)
 * add styled runs to the PdfText of the paragraph or heading being built;
 * the block's EXIT flows it at the cursor.  Containers (block quotes, lists,
 * list items) change the layout's block decoration on ENTER and restore it
 * on EXIT, from a stack: indents, the quote rules, the item marker that the
 * next line drawn carries.  Links with a scheme become URI annotations.
 *
 * Markdown headings are placed from a given PDF heading level, the body's
 * highest heading level mapping to it.  Nesting deeper than a third of the
 * column stops indenting, so no text is squeezed off the page.
 */
#include "pdf.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#define INDENT_ITEM 14.0f
#define INDENT_QUOTE 12.0f
#define CODE_SIZE 8.0f

typedef struct {
  bool ordered, tight;
  int number;         // the next item's number
  char delim;         // '.' or ')'
} MdList;

typedef struct {
  PdfDoc *d;
  PdfText text;       // the paragraph or heading being built
  int emph, strong;   // nesting of the inline styles
  bool heading;
  int heading_level;  // PDF level of the heading being built
  const char *url;    // the link being built, or NULL
  int level, shift;   // Markdown level L maps to PDF level L - shift + level - 1
  PdfBlock *blocks;   // saved decorations, one per open container
  int n_blocks, cap_blocks;
  MdList *lists;
  int n_lists, cap_lists;
} MdState;

/* The style of inline text at this point of the walk. */
static PdfStyle md_style(const MdState *s, bool code)
{
  PdfStyle st = s->heading ? pdf_heading_style(s->heading_level) : pdf_style(PF_REGULAR, PDF_BODY, PDF_INK);
  if (code) {
    st.face = PF_MONO;
    st.size *= 0.9f;
  } else if (s->strong || s->heading) {
    st.face = PF_BOLD;
  } else if (s->emph) {
    st.face = PF_OBLIQUE;
  }
  if (s->url) {
    st.color = PDF_LINK;
    st.uri = s->url;
  }
  return st;
}

/* Add inline text in the style in force. */
static void md_add(MdState *s, const char *text, bool code)
{
  PdfStyle st = md_style(s, code);
  pdf_text_puts(s->d, &s->text, &st, text);
}

/* Save the block decoration before a container changes it. */
static void push_block(MdState *s)
{
  if (s->n_blocks == s->cap_blocks) {
    s->cap_blocks = s->cap_blocks ? 2 * s->cap_blocks : 16;
    s->blocks = xrealloc(s->blocks, (size_t)s->cap_blocks * sizeof *s->blocks);
  }
  s->blocks[s->n_blocks++] = s->d->blk;
}

/* Restore the block decoration saved by push_block(). */
static void pop_block(MdState *s)
{
  if (s->n_blocks > 0)
    s->d->blk = s->blocks[--s->n_blocks];
}

/* Indent the block by dx, unless the column is already down to two thirds. */
static bool indent(MdState *s, float dx)
{
  PdfDoc *d = s->d;
  if (d->blk.left + dx > (d->x1 - d->x0) / 3)
    return false;
  d->blk.left += dx;
  return true;
}

/* Whether a paragraph belongs to an item of a tight list. */
static bool in_tight_item(const MdState *s, cmark_node *n)
{
  cmark_node *p = cmark_node_parent(n);
  return p && cmark_node_get_type(p) == CMARK_NODE_ITEM && s->n_lists && s->lists[s->n_lists - 1].tight;
}

/* The marker of a new list item: a bullet by depth, or the number. */
static void item_marker(MdState *s)
{
  static const char *const bullets[] = {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x97\xA6"};  // • – ◦
  PdfDoc *d = s->d;
  if (!s->n_lists)
    return;
  MdList *l = &s->lists[s->n_lists - 1];
  if (l->ordered)
    snprintf(d->marker, sizeof d->marker, "%d%c", l->number++, l->delim);
  else
    snprintf(d->marker, sizeof d->marker, "%s", bullets[(s->n_lists - 1) % 3]);
  d->marker_style = pdf_style(PF_REGULAR, PDF_BODY, l->ordered ? PDF_INK : PDF_MUTED);
}

/* A literal block in mono: code (shaded) or raw HTML. */
static void md_code_block(MdState *s, const char *lit, bool shade)
{
  PdfDoc *d = s->d;
  Buf b;
  buf_init(&b);
  int col = 0;
  for (const char *p = lit; *p; p++) {
    if (*p == '\t') {
      do
        buf_putc(&b, ' ');
      while (++col % 4);
    } else {
      buf_putc(&b, *p);
      col = *p == '\n' ? 0 : ((*p & 0xC0) != 0x80 ? col + 1 : col);
    }
  }
  while (b.len && b.s[b.len - 1] == '\n')
    b.s[--b.len] = '\0';
  PdfStyle st = pdf_style(PF_MONO, CODE_SIZE, shade ? PDF_INK : PDF_MUTED);
  pdf_text_reset(&s->text);
  pdf_text_add(d, &s->text, &st, b.s, b.len);
  buf_release(&b);
  push_block(s);
  if (shade) {
    d->blk.shade = true;
    d->blk.bg_left = d->blk.left;
    d->blk.bg_right = d->blk.right;
    d->blk.left += 6.0f;
    d->blk.right += 6.0f;
    pdf_need(d, 2 * CODE_SIZE * PDF_LEAD + 8.0f);
    pdf_space(d, 4.0f);
  }
  pdf_flow(d, &s->text, AL_LEFT);
  if (shade)
    pdf_space(d, 4.0f);
  pop_block(s);
  pdf_space(d, 6.0f);
  pdf_text_reset(&s->text);
}

/* The highest heading level among the document's top blocks, as the shift. */
static int heading_shift(cmark_node *root)
{
  int top = 6;
  for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n))
    if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) < top)
      top = cmark_node_get_heading_level(n);
  return top - 1;
}

//
// One handler per node kind (cmark's S_render_node, as a table): enter is
// true on ENTER, false on EXIT; leaf nodes have ENTER only.
//

typedef void (*MdHandler)(MdState *s, cmark_node *n, bool enter);

/* A paragraph: built from its inlines, flowed at its EXIT. */
static void md_paragraph(MdState *s, cmark_node *n, bool enter)
{
  if (enter) {
    pdf_text_reset(&s->text);
  } else {
    pdf_flow(s->d, &s->text, AL_LEFT);
    pdf_space(s->d, in_tight_item(s, n) ? 1.5f : 5.0f);
  }
}

/* A heading: placed at its PDF level, from the given level down to 4. */
static void md_heading(MdState *s, cmark_node *n, bool enter)
{
  if (enter) {
    pdf_text_reset(&s->text);
    s->heading = true;
    int l = s->level + cmark_node_get_heading_level(n) - 1 - s->shift;
    s->heading_level = l < s->level ? s->level : l > 4 ? 4 : l;
  } else {
    pdf_heading(s->d, s->heading_level, &s->text, 3 * PDF_BODY * PDF_LEAD);
    s->heading = false;
  }
}

/* Text in the style in force. */
static void md_text(MdState *s, cmark_node *n, bool enter)
{
  (void)enter;
  md_add(s, cmark_node_get_literal(n), false);
}

/* Inline code, and inline HTML as written: in mono. */
static void md_code(MdState *s, cmark_node *n, bool enter)
{
  (void)enter;
  md_add(s, cmark_node_get_literal(n), true);
}

static void md_softbreak(MdState *s, cmark_node *n, bool enter)
{
  (void)n, (void)enter;
  md_add(s, " ", false);
}

static void md_linebreak(MdState *s, cmark_node *n, bool enter)
{
  (void)n, (void)enter;
  md_add(s, "\n", false);
}

static void md_emph(MdState *s, cmark_node *n, bool enter)
{
  (void)n;
  s->emph += enter ? 1 : -1;
}

static void md_strong(MdState *s, cmark_node *n, bool enter)
{
  (void)n;
  s->strong += enter ? 1 : -1;
}

static void md_link(MdState *s, cmark_node *n, bool enter)
{
  s->url = enter ? cmark_node_get_url(n) : NULL;
}

/* An image: its alternative text, linked to the image. */
static void md_image(MdState *s, cmark_node *n, bool enter)
{
  s->url = enter ? cmark_node_get_url(n) : NULL;
  md_add(s, enter ? "[image: " : "]", false);
}

static void md_code_block_node(MdState *s, cmark_node *n, bool enter)
{
  (void)enter;
  md_code_block(s, cmark_node_get_literal(n), true);
}

/* Raw HTML in mono, unshaded; an HTML comment is not printed. */
static void md_html_block(MdState *s, cmark_node *n, bool enter)
{
  (void)enter;
  const char *lit = cmark_node_get_literal(n);
  if (lit && strncmp(lit, "<!--", 4) != 0)
    md_code_block(s, lit, false);
}

static void md_thematic_break(MdState *s, cmark_node *n, bool enter)
{
  (void)n, (void)enter;
  pdf_space(s->d, 4.0f);
  pdf_rule(s->d, 0.6f, PDF_RULE);
  pdf_space(s->d, 8.0f);
}

/* A block quote: indented, with a rule on its left while there is room. */
static void md_block_quote(MdState *s, cmark_node *n, bool enter)
{
  (void)n;
  PdfDoc *d = s->d;
  if (enter) {
    push_block(s);
    if (d->blk.bars < PDF_MAX_BARS && indent(s, INDENT_QUOTE))
      d->blk.bar_x[d->blk.bars++] = d->blk.left - INDENT_QUOTE + 2.0f;
  } else {
    pop_block(s);
    pdf_space(d, 4.0f);
  }
}

/* A list: its kind, tightness and numbering pushed for its items. */
static void md_list(MdState *s, cmark_node *n, bool enter)
{
  if (enter) {
    push_block(s);
    if (s->n_lists == s->cap_lists) {
      s->cap_lists = s->cap_lists ? 2 * s->cap_lists : 8;
      s->lists = xrealloc(s->lists, (size_t)s->cap_lists * sizeof *s->lists);
    }
    s->lists[s->n_lists++] = (MdList){cmark_node_get_list_type(n) == CMARK_ORDERED_LIST,
                                      cmark_node_get_list_tight(n) != 0, cmark_node_get_list_start(n),
                                      cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' : '.'};
  } else {
    s->n_lists--;
    pop_block(s);
    pdf_space(s->d, s->n_lists ? 1.5f : 4.0f);
  }
}

/* A list item: indented, its marker carried by the next line drawn. */
static void md_item(MdState *s, cmark_node *n, bool enter)
{
  (void)n;
  if (enter) {
    push_block(s);
    indent(s, s->n_lists && s->lists[s->n_lists - 1].ordered ? INDENT_ITEM + 4.0f : INDENT_ITEM);
    item_marker(s);
  } else {
    s->d->marker[0] = '\0';  // an empty item: no line took the marker
    pop_block(s);
  }
}

// The document, custom blocks and inlines have none: their children speak.
static const MdHandler md_handlers[] = {
  [CMARK_NODE_PARAGRAPH] = md_paragraph,
  [CMARK_NODE_HEADING] = md_heading,
  [CMARK_NODE_TEXT] = md_text,
  [CMARK_NODE_SOFTBREAK] = md_softbreak,
  [CMARK_NODE_LINEBREAK] = md_linebreak,
  [CMARK_NODE_CODE] = md_code,
  [CMARK_NODE_HTML_INLINE] = md_code,
  [CMARK_NODE_EMPH] = md_emph,
  [CMARK_NODE_STRONG] = md_strong,
  [CMARK_NODE_LINK] = md_link,
  [CMARK_NODE_IMAGE] = md_image,
  [CMARK_NODE_CODE_BLOCK] = md_code_block_node,
  [CMARK_NODE_HTML_BLOCK] = md_html_block,
  [CMARK_NODE_THEMATIC_BREAK] = md_thematic_break,
  [CMARK_NODE_BLOCK_QUOTE] = md_block_quote,
  [CMARK_NODE_LIST] = md_list,
  [CMARK_NODE_ITEM] = md_item,
};

/* One event of the walk. */
static void md_node(MdState *s, cmark_node *n, cmark_event_type ev)
{
  unsigned t = (unsigned)cmark_node_get_type(n);
  if (t < sizeof md_handlers / sizeof *md_handlers && md_handlers[t])
    md_handlers[t](s, n, ev == CMARK_EVENT_ENTER);
}

/* Render a CommonMark tree at the cursor (see the file comment). */
void md_render(PdfDoc *d, cmark_node *root, int level)
{
  if (!root)
    return;
  MdState s = {.d = d, .level = level, .shift = heading_shift(root)};
  pdf_text_init(&s.text);
  PdfBlock saved = d->blk;
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
    md_node(&s, cmark_iter_get_node(it), ev);
  cmark_iter_free(it);
  d->blk = saved;
  d->marker[0] = '\0';
  pdf_text_release(&s.text);
  free(s.blocks);
  free(s.lists);
}
