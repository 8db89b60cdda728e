/*
 * pdf.h - the PDF layer: a small page-layout engine over libharu, shared by
 * the PDF backends (pdf_register.c, pdf_review.c) and the Markdown renderer
 * (md_pdf.c).  Nothing outside the PDF files includes it.
 *
 * A PdfDoc is one document being written: page geometry, the running header
 * and footer, the embedded DejaVu faces, and a cursor (page, y) that moves
 * down the body column.  Text is built as a PdfText (runs of styled UTF-8,
 * already made printable: a character the fonts lack becomes a replacement
 * mark), broken into PdfLines by measured width, and flowed onto pages as
 * paragraphs, headings or table cells.  Footers ("Page N of M") and internal
 * links are drawn in pdf_finish(), when every page exists.
 *
 * A dry run (pdf_dry_begin/end) lays content out without drawing, to learn
 * how many pages it takes; pages reserved with pdf_reserve() are then filled
 * later with pdf_fill_begin/end (the contents, whose page numbers are known
 * only at the end).
 *
 * Errors: libharu reports to the handler given to HPDF_New, which records
 * the first error in the PdfDoc; callers check pdf_ok() at checkpoints and
 * pdf_error() gives the reason.  No longjmp.
 */
#ifndef PDF_H
#define PDF_H

#include "objreg.h"

#include <hpdf.h>

// pdf_stream.c and hpdf_interpose.c use libharu 2.3.0's internals (struct
// layouts, byte loops); they are compiled only for that version.  Every
// other version, or -DOBJREG_PDF_PORTABLE (make PDF_PORTABLE=1), takes
// pdf_portable.c, over libharu's public API.
#if defined(HPDF_VERSION_ID) && HPDF_VERSION_ID == 20300 && !defined(OBJREG_PDF_PORTABLE)
#define PDF_INTERNALS 1
#else
#define PDF_INTERNALS 0
#endif

typedef enum { PF_REGULAR, PF_BOLD, PF_OBLIQUE, PF_MONO, PF_NFACES } PdfFace;
typedef enum { PAPER_A4, PAPER_LETTER } PdfPaper;
typedef enum { AL_LEFT, AL_RIGHT, AL_CENTER } PdfAlign;

typedef struct {
  float r, g, b;
} PdfRgb;

// The house colours.
#define PDF_INK ((PdfRgb){0.13f, 0.14f, 0.16f})      // body text
#define PDF_MUTED ((PdfRgb){0.40f, 0.42f, 0.46f})    // labels, captions
#define PDF_ACCENT ((PdfRgb){0.09f, 0.25f, 0.45f})   // headings
#define PDF_LINK ((PdfRgb){0.05f, 0.33f, 0.70f})     // link text
#define PDF_RULE ((PdfRgb){0.78f, 0.80f, 0.83f})     // light table rules
#define PDF_SHADE ((PdfRgb){0.91f, 0.93f, 0.96f})    // table header rows
#define PDF_GREEN ((PdfRgb){0.16f, 0.56f, 0.27f})
#define PDF_AMBER ((PdfRgb){0.91f, 0.60f, 0.05f})
#define PDF_RED ((PdfRgb){0.80f, 0.13f, 0.13f})
#define PDF_RED_TINT ((PdfRgb){0.99f, 0.92f, 0.92f})  // an overdue row
#define PDF_AMBER_TEXT ((PdfRgb){0.70f, 0.42f, 0.0f})  // amber that reads as text

// The type scale (points).
#define PDF_BODY 9.0f       // paragraphs
#define PDF_SMALL 8.0f      // table cells
#define PDF_TINY 7.0f       // table headers, header and footer, axis labels
#define PDF_LEAD 1.30f      // line height / font size
#define PDF_ASCENT 0.97f    // baseline below the top of a line, per font size

typedef struct {
  PdfFace face;
  float size;
  PdfRgb color;
  const char *uri;  // a URI link annotation over the text, or NULL (not copied)
  int link;         // an internal link: anchor id + 1, or 0
} PdfStyle;

PdfStyle pdf_style(PdfFace face, float size, PdfRgb color);

// Styled text: runs over one byte buffer, in order and contiguous.
typedef struct {
  PdfStyle st;
  size_t off, len;  // bytes of PdfText.buf
} PdfRun;

typedef struct {
  Buf buf;
  PdfRun *runs;
  int n_runs, cap_runs;
} PdfText;

// Text broken into lines: each line is pieces (parts of runs) placed at x.
typedef struct {
  int run;
  size_t off, len;
  float x, w;
} PdfPiece;

typedef struct {
  int first, n;  // pieces
  float w;       // width of the line (its hyphen included)
  float size;    // largest font size on the line
  bool hyphen;   // a word hyphenated at its end: a "-" follows the last piece
} PdfLine;

typedef struct {
  PdfPiece *pieces;
  int n_pieces, cap_pieces;
  PdfLine *lines;
  int n_lines, cap_lines;
} PdfLines;

typedef struct {
  PdfPaper paper;
  const char *doc_id, *title, *version, *classification;  // the running header
  const char *as_of;        // YYYY-MM-DD, for the footer
  const char *issue;        // the issue identifier, for the footer (else "As of ...")
  bool draft;               // a DRAFT watermark on every page
  const char *datadir;      // holds fonts/
  int threads;              // > 1: page content is deflated on a helper thread
  const char *path;         // the file it is saved to: page data waits beside it
  Language lang;            // of the fixed texts (tr) and the numbers
} PdfSettings;

// The decoration of the block being flowed: indents, code shading, quote rules.
#define PDF_MAX_BARS 8
typedef struct {
  float left, right;        // text indents from the column edges
  bool shade;               // shade each band (code blocks) from bg_left to bg_right
  float bg_left, bg_right;  // indents of the shading from the column edges
  int bars;                 // block quote rules, at bar_x from the column edge
  float bar_x[PDF_MAX_BARS];
} PdfBlock;

typedef struct {
  HPDF_Page page;           // the page it is on
  int page_no;              // 1-based
  float y;                  // the top of the view when the link is followed
} PdfAnchor;

typedef struct {
  HPDF_Page page;
  HPDF_Rect rect;
  int anchor;
} PdfLinkReq;

typedef struct PdfChunks PdfChunks;

typedef struct {
  HPDF_Doc doc;
  HPDF_STATUS error_no, detail_no;  // the first libharu error (the handler sets them)
  char reason[160];                 // a failure of ours, e.g. a missing font
  PdfSettings set;
  float page_w, page_h;
  float x0, x1;                     // the body column
  float top, bottom;                // the body's top and bottom
  HPDF_Page page;                   // the current page; NULL in a dry run
  int page_ix;                      // its index in pages
  float y;                          // top of the free space
  int page_no;                      // pages so far (dry-run pages included)
  HPDF_Page *pages;                 // every page, in order
  unsigned char *body_done;         // per page: its body is done (page_done), only the footer follows
  int n_pages, cap_pages;
  bool dry;                         // laying out without drawing
  int dry_saved_page_no;            // the cursor saved by a dry run or a fill
  float dry_saved_y;
  HPDF_Page dry_saved_page;
  int dry_saved_ix;
  int fill_next, fill_to;           // reserved pages being filled: pages[fill_next .. fill_to)
  int hold_from, hold_to;           // pages[hold_from .. hold_to) wait for a fill: not left for good
  HPDF_Encoder utf8;
  const char *face_name[PF_NFACES]; // TrueType faces, loaded at open
  HPDF_FontDef fontdef[PF_NFACES];
  HPDF_Font font[PF_NFACES];        // created on first draw: only used faces are embedded
  int16_t *width[PF_NFACES];        // per BMP code point: 0 unknown, -1 no glyph, else 1 + width
  PdfAnchor *anchors;
  int n_anchors, cap_anchors;
  PdfLinkReq *links;
  int n_links, cap_links;
  PdfBlock blk;
  char marker[24];                  // a list marker for the next line drawn
  PdfStyle marker_style;
  HPDF_Page state_page;             // the page whose text and fill state is cached:
  PdfFace state_face;               //   its font, size and fill colour, so that
  float state_size;                 //   they are set only when they change
  PdfRgb state_fill, state_stroke;  //   and of lines: colour and width
  float state_width;
  bool state_round;                 //   and whether line joins are round
  bool state_font, state_color, state_line;  // which of them are known
  bool in_text;                     // a text object (BT) is open on the page
  bool path_open;                   // pdf_path_line has drawn since pdf_path_begin
  Buf scratch;                      // a piece of text as a C string
  PdfText tmp;                      // labels, header, fitting
  PdfText kit;                      // a heading or paragraph of the kit (pdf_kit.c)
  PdfLines flow;                    // the lines of the paragraph being flowed
  HPDF_ExtGState wm_state;          // the watermark's transparency
  PdfChunks *chunks;                // page content waiting to be deflated (pdf_stream.c)
  Hyphenator *hyph;                 // the language's hyphenation, loaded when a word first needs it
  bool hyph_tried;                  //   (tried once: a missing dictionary is not looked for again)
  const char *page_mark;            // red text in the header of pages added from now on (an annex of drafts), or NULL
} PdfDoc;

// Open a document; -1 with pdf_error() set when libharu or a font fails.
int pdf_open(PdfDoc *d, const PdfSettings *set);
// Footers on every page, then the internal links; call once, before saving.
void pdf_finish(PdfDoc *d);
void pdf_close(PdfDoc *d);  // frees everything; accepts a failed open
bool pdf_ok(const PdfDoc *d);
const char *pdf_error(PdfDoc *d);  // the reason of the first failure
// Info dictionary strings (UTF-8) and dates, from Unix seconds.
void pdf_info(PdfDoc *d, HPDF_InfoType type, const char *value);
void pdf_info_date(PdfDoc *d, int64_t created);

// pdf_stream.c: each page's content is deflated when the layout leaves it
// (pdf_new_page, pdf_finish), on a helper thread when set.threads > 1; the
// save attaches it and writes the file.  pdf_portable.c: libharu keeps the
// content and deflates it at the save (the same calls, over the public API).
int pdf_chunks_open(PdfDoc *d, bool thread, const char *path);  // in pdf_open
void pdf_chunks_flush(PdfDoc *d, int k, bool footer);  // page k's body, then its footer
void pdf_chunks_close(PdfDoc *d);             // in pdf_close
void pdf_page_trim(HPDF_Page page);           // a new page without libharu's /ProcSet
// HPDF_Page_TextOut of the n bytes of UTF-8 at s, inside BT; empty: libharu
// shows nothing for text whose glyphs all have no width.  Same bytes.
void pdf_text_out(PdfDoc *d, float x, float y, const char *s, size_t n, bool empty);
// Write the document to path; -1 with pdf_error() set, and no file left, on failure.
int pdf_save(PdfDoc *d, const char *path);
// The end of pdf_save (either file): f flushed and closed; err, else the
// first error of the two (errno, else EIO).
int pdf_save_close(FILE *f, int err);
// After a failed save: path removed when it is a regular file (never a device such as /dev/full).
void pdf_save_remove(const char *path);

// Styled text
void pdf_text_init(PdfText *t);
void pdf_text_reset(PdfText *t);  // empty, memory kept
void pdf_text_release(PdfText *t);
void pdf_text_add(PdfDoc *d, PdfText *t, const PdfStyle *st, const char *s, size_t n);
void pdf_text_puts(PdfDoc *d, PdfText *t, const PdfStyle *st, const char *s);
void pdf_text_printf(PdfDoc *d, PdfText *t, const PdfStyle *st, const char *fmt, ...) FMT(4, 5);
bool pdf_text_empty(const PdfText *t);

// Lines
void pdf_lines_init(PdfLines *l);
void pdf_lines_release(PdfLines *l);
void pdf_break(PdfDoc *d, const PdfText *t, float width, PdfLines *out);
float pdf_line_height(const PdfLine *l);
float pdf_lines_height(const PdfLines *l, int from, int to);
// Draw line i with its top at top, x..x+width, aligned.
void pdf_draw_line(PdfDoc *d, const PdfText *t, const PdfLines *l, int i, float x, float top, float width,
                   PdfAlign al);
float pdf_width(PdfDoc *d, const PdfStyle *st, const char *s);  // one line of printable text
// s cut to fit width with an ellipsis, into out (malloc-owned by the caller's Buf).
void pdf_fit(PdfDoc *d, const PdfStyle *st, const char *s, float width, Buf *out);

// The cursor and the flow
void pdf_new_page(PdfDoc *d);
float pdf_room(const PdfDoc *d);         // height left on the page
bool pdf_at_top(const PdfDoc *d);
void pdf_need(PdfDoc *d, float h);       // a new page unless h fits (keep-together)
void pdf_space(PdfDoc *d, float h);      // a vertical gap, drawn with the block's decoration
float pdf_col_width(const PdfDoc *d);    // width of the text column of the current block
void pdf_flow(PdfDoc *d, const PdfText *t, PdfAlign al);  // a paragraph, across pages
float pdf_flow_height(PdfDoc *d, const PdfText *t);         // its height, undrawn
// A heading of level 1-4, kept with the next `keep` points of content.
void pdf_heading(PdfDoc *d, int level, const PdfText *t, float keep);
PdfStyle pdf_heading_style(int level);
void pdf_rule(PdfDoc *d, float width, PdfRgb c);  // a horizontal rule across the column

// Anchors, internal links, outlines
int pdf_anchor(PdfDoc *d);  // at the cursor; returns its id
void pdf_link(PdfDoc *d, HPDF_Rect r, int anchor);
int pdf_anchor_page(const PdfDoc *d, int anchor);  // 1-based page number
HPDF_Outline pdf_outline(PdfDoc *d, HPDF_Outline parent, const char *title, int anchor, bool open);

// Dry runs and reserved pages
void pdf_dry_begin(PdfDoc *d);           // lay out without drawing, from a fresh page
int pdf_dry_end(PdfDoc *d);              // pages the dry run took; the cursor is restored
int pdf_reserve(PdfDoc *d, int n);       // n new blank pages; returns the first's index
void pdf_fill_begin(PdfDoc *d, int first, int n);  // draw onto reserved pages
void pdf_fill_end(PdfDoc *d);

// Drawing primitives (no-ops in a dry run)
void pdf_fill_color(PdfDoc *d, PdfRgb c);  // the fill colour for what follows
void pdf_line_style(PdfDoc *d, float width, PdfRgb c);  // the stroke width and colour
void pdf_fill_rect(PdfDoc *d, float x, float y, float w, float h, PdfRgb c);
void pdf_stroke_line(PdfDoc *d, float x1, float y1, float x2, float y2, float width, PdfRgb c, int dash);
// Many solid lines of one width and colour stroked as one path.
void pdf_path_begin(PdfDoc *d, float width, PdfRgb c);
void pdf_path_line(PdfDoc *d, float x1, float y1, float x2, float y2);
void pdf_path_stroke(PdfDoc *d);
// A series: a polyline with round joins; markers (circles, or squares) on its points.
void pdf_polyline(PdfDoc *d, const float *xy, int n, float width, PdfRgb c);
void pdf_markers(PdfDoc *d, const float *xy, int n, bool square, float r, PdfRgb fill, float width, PdfRgb c);
void pdf_end_text(PdfDoc *d);  // before drawing on the page with libharu directly
void pdf_label(PdfDoc *d, const PdfStyle *st, float x, float baseline, PdfAlign al, const char *s);
void pdf_swatch(PdfDoc *d, float x, float baseline, float size, PdfRgb c);
void pdf_bar(PdfDoc *d, float x, float baseline, float w, float size, double frac, PdfRgb c);

//
// pdf_table.c: tables: light rules, a shaded header row repeated after a
// page break, cells that wrap, rows kept whole unless taller than a page.
//

#define PDF_MAX_COLS 16
typedef enum { CELL_TEXT, CELL_SWATCH, CELL_BAR } PdfCellKind;

typedef struct {
  PdfText text;
  PdfCellKind kind;
  PdfRgb mark;        // the swatch or bar colour
  double frac;        // the bar's fill, 0..1
  bool leader;        // dot leaders after the text (contents)
  PdfLines lines;     // scratch
} PdfCell;

typedef struct {
  int n;
  float w[PDF_MAX_COLS];
  bool fixed[PDF_MAX_COLS];   // a width in points (widened to its header's longest word)
  PdfAlign al[PDF_MAX_COLS];
  bool bottom[PDF_MAX_COLS];  // the column's text sits on the row's last line
  PdfCell head[PDF_MAX_COLS];
  PdfCell cell[PDF_MAX_COLS];
  bool has_head, head_drawn, rules;
  float head_h;               // the header row's height, once measured (< 0 before)
  bool label_col;             // column 0 is a label column (shaded, muted)
  const char *caption;        // repeated as "caption (continued)" after a break
  bool tint;                  // tint the next row
  PdfRgb tint_color;
  int link;                   // the next row, whole, links to this anchor + 1 (0: none)
  float pad;
} PdfTable;

// Column widths: a positive weight shares the column width left by the
// negative ones, which are fixed widths in points (-56: 56 points).
void pdf_table_init(PdfDoc *d, PdfTable *t, int n, const float *weights, const PdfAlign *al);
// Widen fixed column col so that s fits on one line (a number is never broken
// across lines), taking the room from the flexible columns, which keep half.
void pdf_table_fit(PdfDoc *d, PdfTable *t, int col, const PdfStyle *st, const char *s);
void pdf_table_head(PdfDoc *d, PdfTable *t, int col, const char *s);
void pdf_table_heads(PdfDoc *d, PdfTable *t, const char *const *heads);  // every column's: msgids (N_), translated
PdfText *pdf_table_cell(PdfTable *t, int col);  // the cell of the row being built
void pdf_table_puts(PdfDoc *d, PdfTable *t, int col, const PdfStyle *st, const char *s);
void pdf_table_row(PdfDoc *d, PdfTable *t);     // draw the row built, then clear it
void pdf_table_end(PdfDoc *d, PdfTable *t);
void pdf_table_release(PdfTable *t);

//
// pdf_chart.c: the chart of a measure (the register)
//

// The measure's caption, then (true) its chart at the cursor: values, target,
// planned trajectory and as_of; false, after the caption, when nothing has a
// value to chart.
bool pdf_measure_chart(PdfDoc *d, PdfText *t, const Measure *m, const MeasureEval *me, Date as_of);

//
// pdf_decisions.c: management review decisions (SPEC section 18)
//

void review_previous_decisions(PdfDoc *d, const Pack *p, const Eval *ev);  // "Actions from previous management reviews"
void review_this_review(PdfDoc *d, const Pack *p, const Eval *ev);  // decisions, minutes, sign-off of the meeting on as_of
void register_decisions(PdfDoc *d, const Pack *p, const Eval *ev, const ObjEval *oe);  // those naming an objective

//
// md_pdf.c: a CommonMark tree onto the layout
//

// Render root's blocks at the cursor; Markdown headings start at PDF level `level`.
void md_render(PdfDoc *d, cmark_node *root, int level);


//
// pdf_kit.c: the document kit, what the register and the review are made of
//

// The words the documents print: msgids, printed through tr() (i18n.c).
typedef struct {
  const char *not_given;    // a missing value
  const char *not_rated;    // draft, closed and withdrawn objectives
  const char *none;         // an empty section
  const char *rag[4];       // by Rag; RAG_NONE: not rated
  const char *mstatus[8];   // by MeasureStatus, in words ("off track")
} PdfWords;
extern const PdfWords *const pdf_words;
const char *pdf_rag_word(Language lang, Rag r);   // "Green"; "not rated" for RAG_NONE
const char *pdf_mstatus_word(Language lang, MeasureStatus s);  // "off track"
const char *pdf_register_title(const Pack *p);    // the register's title: the pack's, or the default

// A heading of level 1-4 from a plain string, kept with `keep` points of what
// follows; returns the anchor before it.
int kit_heading(PdfDoc *d, int level, const char *s, float keep);
void kit_para(PdfDoc *d, const PdfStyle *st, const char *s);  // a paragraph, then a small gap
void kit_note(PdfDoc *d, const char *s);  // a muted remark in place of an empty section
// "N active", "N drafts": a count of objectives by status, the word agreeing with n
// ("2 actifs", "2 Entwürfe"); written to out, which it returns.
const char *kit_status_count(Language lang, ObjStatus s, int n, char out[96]);
// "The check of the pack as of DATE gave N check findings: E errors and W warnings." into b.
void kit_findings_count(Buf *b, Language lang, const char *as_of, const DiagList *dl);
// The cover's line "DOC-ID · Version V · CLASSIFICATION · As of DATE" at size, then a gap.
void kit_cover_line(PdfDoc *d, const Pack *p, const BuildInfo *bi, const char *as_of, float size, float gap);
// A cover's title block: a space, the organisation (muted), the title (bold,
// accent), the subtitle, a rule and the cover line, in the sizes and gaps of c.
typedef struct {
  float top, org, org_gap, title, title_gap, sub, sub_gap[2], rule_gap, line, line_gap;
} KitCover;
void kit_cover(PdfDoc *d, const Pack *p, const BuildInfo *bi, const char *as_of, const KitCover *c,
               const char *title, const char *subtitle);
void kit_cover_issue(PdfDoc *d, const BuildInfo *bi, float size);  // issue identifier; generated when, from what
// Cells: s in style st (NULL: the cell style), or a muted "not given"; a date
// the same way; a RAG swatch and its word, or a muted "not rated"; a progress
// bar and its percentage.
void kit_cell(PdfDoc *d, PdfTable *t, int col, const PdfStyle *st, const char *s);
void kit_cell_date(PdfDoc *d, PdfTable *t, int col, Date date);
void kit_cell_rag(PdfDoc *d, PdfTable *t, int col, bool rated, Rag rag);
void kit_cell_bar(PdfDoc *d, PdfTable *t, int col, double frac, PdfRgb c);
// An action's owner (the objective's, marked so, when it has none of its own);
// its latest update's status and date, or "no update".
void kit_cell_owner(PdfDoc *d, PdfTable *t, int col, const Action *a);
void kit_cell_update(PdfDoc *d, PdfTable *t, int col, const ActionEval *ae);
// An ID column: the widest objective id in bold at size, plus padding, 40 to 120 points.
float kit_id_width(PdfDoc *d, const Pack *p, float size);
// With --draft: the red box on a cover saying the document (what) is a draft, then a gap.
void pdf_draft_box(PdfDoc *d, const char *what, int n_error, int n_warning, const char *as_of, float after);

// The info dictionary: title; the owner (else the organisation) as author;
// "SUBJECT of ORGANISATION, as of AS_OF"; "DOC-ID; ISO/IEC 27001; KEYWORDS".
void kit_info(PdfDoc *d, const Pack *p, const char *title, const char *subject, const char *keywords,
              const char *as_of, int64_t created);
PdfSettings kit_settings(const Pack *p, const BuildInfo *bi, const char *title, const char *as_of, const char *path);
// Open d, lay the document out with layout(ctx) (false: libharu failed), finish
// it (pdf_finish), save it to set->path and close d: 0, or -1 after "objreg: error: cannot write 'NAME': REASON".
int kit_write(PdfDoc *d, const PdfSettings *set, bool (*layout)(void *ctx), void *ctx);

// Values as the documents print them.
const char *pdf_fmt_date(Date d, char out[11]);   // YYYY-MM-DD, or NULL for DATE_NONE
// A plain decimal (no exponent, no trailing zeros, no "-0") in the document's
// language (1,234.5; 1.234,5; 1 234,5); with the percent sign of a percentage;
// a fraction as a whole percentage (81%; 81 %).
const char *pdf_fmt_num(const PdfDoc *d, double v, char out[48]);
const char *pdf_fmt_value(const PdfDoc *d, double v, const Measure *m, char out[48]);
const char *pdf_fmt_percent(const PdfDoc *d, double fraction, char out[24]);
PdfRgb pdf_rag_rgb(Rag r);                        // the swatch colour of a RAG

// The documents' common text styles.
static inline PdfStyle pdf_st_cell(void) { return pdf_style(PF_REGULAR, PDF_SMALL, PDF_INK); }    // table cells
static inline PdfStyle pdf_st_bold(void) { return pdf_style(PF_BOLD, PDF_SMALL, PDF_INK); }       // bold cells
static inline PdfStyle pdf_st_muted(void) { return pdf_style(PF_OBLIQUE, PDF_SMALL, PDF_MUTED); } // missing, not rated
static inline PdfStyle pdf_st_body(void) { return pdf_style(PF_REGULAR, PDF_BODY, PDF_INK); }     // paragraphs

#endif
