/*
 * pdf_layout.c - a small page-layout engine over libharu, shared by every
 * PDF objreg writes.
 *
 * The page is a body column between margins, with a running header drawn
 * when a page is added and a footer ("Page N of M") drawn by pdf_finish()
 * once the page count is known: libharu keeps every page editable until the
 * document is saved, so the page handles are kept in PdfDoc.pages.
 *
 * Text is UTF-8 in embedded DejaVu TrueType faces.  pdf_text_add() makes it
 * printable as it is added: a character that glyph_has() rejects, or that the
 * regular face lacks, becomes U+FFFD (or '?'), never nothing; a character the
 * mono face lacks falls back to the regular face.  Widths come from the
 * faces' hmtx tables through libharu's font definitions, cached per code
 * point, and lines break at spaces (or after a hyphen inside a word), a word
 * wider than the column breaking between characters, never inside a UTF-8
 * sequence.  Fonts are created on first draw, so only used faces are
 * embedded.
 *
 * Every layout decision is made on measurements only, so a dry run (no
 * page, nothing drawn) takes exactly the pages the real run takes.
 */
#include "pdf.h"

#include <errno.h>
#include <hpdf_fontdef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MARGIN_X 50.0f
#define HEAD_H 7.0f       // header and footer font size
#define REPLACEMENT 0xFFFD
#define PDF_PAGES_PER_NODE 1024  // pages in one node of the page tree

static const char *const face_files[PF_NFACES] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                                                  "DejaVuSansMono.ttf"};

//
// Errors and fonts
//

/* libharu's error handler: keep the first error; the caller checks pdf_ok(). */
static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *ctx)
{
  PdfDoc *d = ctx;
  if (!d->error_no) {
    d->error_no = error_no;
    d->detail_no = detail_no;
  }
}

bool pdf_ok(const PdfDoc *d)
{
  return d->error_no == 0 && !d->reason[0];
}

int pdf_save_close(FILE *f, int err)
{
  errno = 0;
  if (!err && fflush(f) != 0)
    err = errno ? errno : EIO;
  errno = 0;
  if (fclose(f) != 0 && !err)
    err = errno ? errno : EIO;
  return err;
}

void pdf_save_remove(const char *path)
{
  struct stat sb;
  if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
    remove(path);
}

/* The reason of the first failure, in words for "cannot write 'NAME': REASON". */
const char *pdf_error(PdfDoc *d)
{
  if (d->reason[0])
    return d->reason;
  switch (d->error_no) {
  case 0: return "unknown error";
  case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
  case HPDF_FILE_OPEN_ERROR:
  case HPDF_FILE_IO_ERROR: return "input/output error";
  default:
    snprintf(d->reason, sizeof d->reason, "libharu error 0x%04X (detail %u)", (unsigned)d->error_no,
             (unsigned)d->detail_no);
    return d->reason;
  }
}

/* Width of cp in face f in 1/1000 em, or -1 when the face has no glyph for it. */
static int face_w(PdfDoc *d, PdfFace f, uint32_t cp)
{
  if (cp > 0xFFFF || !d->fontdef[f])
    return -1;
  if (!d->width[f])
    d->width[f] = xcalloc(0x10000, sizeof(int16_t));
  int16_t v = d->width[f][cp];
  if (v == 0) {
    HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(d->fontdef[f], (HPDF_UINT16)cp);
    v = gid == 0 ? -1 : (int16_t)(1 + HPDF_TTFontDef_GetCharWidth(d->fontdef[f], (HPDF_UINT16)cp));
    d->width[f][cp] = v;
  }
  return v < 0 ? -1 : v - 1;
}

/* The face's font object, created on first use. */
static HPDF_Font face_font(PdfDoc *d, PdfFace f)
{
  if (!d->font[f] && d->face_name[f])
    d->font[f] = HPDF_GetFont(d->doc, d->face_name[f], "UTF-8");
  return d->font[f];
}

/* Load the four faces from datadir/fonts; false with a reason on failure. */
static bool load_faces(PdfDoc *d)
{
  for (int f = 0; f < PF_NFACES; f++) {
    Buf path;
    buf_init(&path);
    buf_printf(&path, "%s/fonts/%s", d->set.datadir ? d->set.datadir : ".", face_files[f]);
    if (access(path.s, R_OK) != 0) {
      snprintf(d->reason, sizeof d->reason, "cannot read font 'fonts/%s': %s", face_files[f], strerror(errno));
      buf_release(&path);
      return false;
    }
    d->face_name[f] = HPDF_LoadTTFontFromFile(d->doc, path.s, HPDF_TRUE);
    buf_release(&path);
    if (!d->face_name[f] || !(d->fontdef[f] = HPDF_GetFontDef(d->doc, d->face_name[f]))) {
      snprintf(d->reason, sizeof d->reason, "cannot load font 'fonts/%s'", face_files[f]);
      return false;
    }
  }
  return true;
}

//
// The document
//

/* A new document: libharu with UTF-8 text, compression, the faces loaded (not yet embedded). */
int pdf_open(PdfDoc *d, const PdfSettings *set)
{
  memset(d, 0, sizeof *d);
  d->set = *set;
  d->page_w = set->paper == PAPER_LETTER ? 612.0f : 595.276f;
  d->page_h = set->paper == PAPER_LETTER ? 792.0f : 841.89f;
  d->x0 = MARGIN_X;
  d->x1 = d->page_w - MARGIN_X;
  d->top = d->page_h - 58.0f;
  d->bottom = 58.0f;
  d->y = d->bottom;
  buf_init(&d->scratch);
  pdf_text_init(&d->tmp);
  pdf_text_init(&d->kit);
  d->doc = HPDF_New(on_error, d);
  if (!d->doc) {
    snprintf(d->reason, sizeof d->reason, "out of memory");
    return -1;
  }
  HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(d->doc);
  HPDF_SetCurrentEncoder(d->doc, "UTF-8");
  d->utf8 = HPDF_GetEncoder(d->doc, "UTF-8");
  HPDF_SetPageMode(d->doc, HPDF_PAGE_MODE_USE_OUTLINE);
  // Pages in a tree of nodes of PDF_PAGES_PER_NODE: one node holds at most
  // HPDF_LIMIT_MAX_ARRAY (32,767) pages, fewer than a register of 10,000
  // objectives and their findings can have.
  HPDF_SetPagesConfiguration(d->doc, PDF_PAGES_PER_NODE);
  if (!pdf_ok(d) || !load_faces(d))
    return -1;
  if (pdf_chunks_open(d, set->threads > 1, set->path) != 0) {
    snprintf(d->reason, sizeof d->reason, "out of memory");
    return -1;
  }
  if (set->draft) {
    d->wm_state = HPDF_CreateExtGState(d->doc);
    HPDF_ExtGState_SetAlphaFill(d->wm_state, 0.16f);
  }
  return pdf_ok(d) ? 0 : -1;
}

/* Free the document and the caches; safe after a failed pdf_open(). */
void pdf_close(PdfDoc *d)
{
  pdf_chunks_close(d);
  hyph_close(d->hyph);
  d->hyph = NULL;
  if (d->doc)
    HPDF_Free(d->doc);
  d->doc = NULL;
  for (int f = 0; f < PF_NFACES; f++)
    free(d->width[f]);
  free(d->pages);
  free(d->body_done);
  free(d->anchors);
  free(d->links);
  buf_release(&d->scratch);
  pdf_lines_release(&d->flow);
  pdf_text_release(&d->tmp);
  pdf_text_release(&d->kit);
}

/* A document information entry; a value past libharu's 65,535 bytes (check
 * reports its cause, E-LIMIT) is cut at a character, so that --draft renders. */
void pdf_info(PdfDoc *d, HPDF_InfoType type, const char *value)
{
  if (!value || !*value)
    return;
  size_t n = strlen(value);
  if (n <= HPDF_LIMIT_MAX_STRING_LEN) {
    HPDF_SetInfoAttr(d->doc, type, value);
    return;
  }
  n = HPDF_LIMIT_MAX_STRING_LEN;
  while (n > 0 && ((unsigned char)value[n] & 0xC0) == 0x80)
    n--;
  char *cut = xmalloc(n + 1);
  memcpy(cut, value, n);
  cut[n] = '\0';
  HPDF_SetInfoAttr(d->doc, type, cut);
  free(cut);
}

/* Creation and modification dates from Unix seconds, in UTC. */
void pdf_info_date(PdfDoc *d, int64_t created)
{
  time_t t = (time_t)created;
  struct tm tm;
  if (!gmtime_r(&t, &tm))
    return;
  HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
  HPDF_SetInfoDateAttr(d->doc, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(d->doc, HPDF_INFO_MOD_DATE, date);
}

//
// Styled text
//

PdfStyle pdf_style(PdfFace face, float size, PdfRgb color)
{
  return (PdfStyle){face, size, color, NULL, 0};
}

/* Whether two runs may merge: same face, size, colour and link. */
static bool style_eq(const PdfStyle *a, const PdfStyle *b)
{
  return a->face == b->face && a->size == b->size && a->color.r == b->color.r && a->color.g == b->color.g &&
         a->color.b == b->color.b && a->uri == b->uri && a->link == b->link;
}

void pdf_text_init(PdfText *t)
{
  buf_init(&t->buf);
  t->runs = NULL;
  t->n_runs = t->cap_runs = 0;
}

void pdf_text_reset(PdfText *t)
{
  buf_reset(&t->buf);
  t->n_runs = 0;
}

void pdf_text_release(PdfText *t)
{
  buf_release(&t->buf);
  free(t->runs);
  pdf_text_init(t);
}

bool pdf_text_empty(const PdfText *t)
{
  return t->buf.len == 0;
}

/* Append n bytes in style st, extending the last run when the style is the same. */
static void text_append(PdfText *t, const PdfStyle *st, const char *s, size_t n)
{
  if (n == 0)
    return;
  PdfRun *last = t->n_runs ? &t->runs[t->n_runs - 1] : NULL;
  if (last && style_eq(&last->st, st)) {
    last->len += n;
  } else {
    if (t->n_runs == t->cap_runs) {
      t->cap_runs = t->cap_runs ? 2 * t->cap_runs : 8;
      t->runs = xrealloc(t->runs, (size_t)t->cap_runs * sizeof *t->runs);
    }
    t->runs[t->n_runs++] = (PdfRun){*st, t->buf.len, n};
  }
  buf_add(&t->buf, s, n);
}

/* The character drawn in place of one the fonts cannot print. */
static uint32_t replacement(PdfDoc *d)
{
  return face_w(d, PF_REGULAR, REPLACEMENT) >= 0 ? REPLACEMENT : '?';
}

/* cp (from the BMP) as UTF-8 into out; returns the bytes used. */
static int utf8_encode(uint32_t cp, char *out)
{
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  out[0] = (char)(0xE0 | (cp >> 12));
  out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[2] = (char)(0x80 | (cp & 0x3F));
  return 3;
}

/* Add s in style st, made printable: replacement marks, mono falling back to regular. */
void pdf_text_add(PdfDoc *d, PdfText *t, const PdfStyle *st, const char *s, size_t n)
{
  PdfStyle fallback = *st;
  fallback.face = PF_REGULAR;
  size_t i = 0, from = 0;  // [from, i) is a printable stretch in st not yet added
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7F) {  // ASCII: every face has it
      i++;
      continue;
    }
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (k <= 0)
      k = 1, cp = REPLACEMENT + 1;  // invalid: cannot happen after validation
    if (cp == '\n' || (cp >= 0x80 && cp <= 0xFFFF && glyph_has(cp) && face_w(d, st->face, cp) >= 0)) {
      i += (size_t)k;
      continue;
    }
    text_append(t, st, s + from, i - from);
    char enc[4];
    if (cp == '\t') {
      text_append(t, st, " ", 1);
    } else if (cp != '\r') {
      bool ok = cp >= 0x80 && cp <= 0xFFFF && glyph_has(cp) && face_w(d, PF_REGULAR, cp) >= 0;
      if (ok)
        text_append(t, &fallback, s + i, (size_t)k);
      else
        text_append(t, st, enc, (size_t)utf8_encode(replacement(d), enc));
    }
    i += (size_t)k;
    from = i;
  }
  text_append(t, st, s + from, n - from);
}

void pdf_text_puts(PdfDoc *d, PdfText *t, const PdfStyle *st, const char *s)
{
  if (s)
    pdf_text_add(d, t, st, s, strlen(s));
}

/* pdf_text_add() of a formatted string. */
void pdf_text_printf(PdfDoc *d, PdfText *t, const PdfStyle *st, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char tmp[512];
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n < sizeof tmp) {
    pdf_text_add(d, t, st, tmp, (size_t)n);
    return;
  }
  char *big = xmalloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  pdf_text_add(d, t, st, big, (size_t)n);
  free(big);
}

/* Width of printable cp in style st, in points. */
static float char_w(PdfDoc *d, const PdfStyle *st, uint32_t cp)
{
  int w = face_w(d, st->face, cp);
  if (w < 0)
    w = face_w(d, PF_REGULAR, cp);
  return w < 0 ? 0 : (float)w * st->size / 1000.0f;
}

/* Width of bytes [off, off+len) of t, all in run r. */
static float span_w(PdfDoc *d, const PdfText *t, int r, size_t off, size_t len)
{
  const char *s = t->buf.s;
  float w = 0;
  for (size_t i = off; i < off + len;) {
    uint32_t cp = (unsigned char)s[i];
    int k = 1;
    if (cp >= 0x80 && (k = utf8_decode(s + i, off + len - i, &cp)) <= 0)
      k = 1, cp = '?';
    w += char_w(d, &t->runs[r].st, cp);
    i += (size_t)k;
  }
  return w;
}

/* Width of the whole text on one line, in points. */
static float text_w(PdfDoc *d, const PdfText *t)
{
  float w = 0;
  for (int r = 0; r < t->n_runs; r++)
    w += span_w(d, t, r, t->runs[r].off, t->runs[r].len);
  return w;
}

//
// Line breaking
//

void pdf_lines_init(PdfLines *l)
{
  memset(l, 0, sizeof *l);
}

void pdf_lines_release(PdfLines *l)
{
  free(l->pieces);
  free(l->lines);
  pdf_lines_init(l);
}

/* Close the line [start, end) of t: its pieces, one per run it crosses. */
static void emit_line(PdfDoc *d, const PdfText *t, PdfLines *l, size_t start, size_t end, int *run, bool hyphen)
{
  while (end > start && t->buf.s[end - 1] == ' ')
    end--;
  if (l->n_lines == l->cap_lines) {
    l->cap_lines = l->cap_lines ? 2 * l->cap_lines : 16;
    l->lines = xrealloc(l->lines, (size_t)l->cap_lines * sizeof *l->lines);
  }
  PdfLine *line = &l->lines[l->n_lines++];
  line->first = l->n_pieces;
  line->n = 0;
  line->w = 0;
  while (*run + 1 < t->n_runs && t->runs[*run].off + t->runs[*run].len <= start)
    (*run)++;
  line->size = 0;
  for (int r = *run; r < t->n_runs && t->runs[r].off < end; r++) {
    size_t a = start > t->runs[r].off ? start : t->runs[r].off;
    size_t b = end < t->runs[r].off + t->runs[r].len ? end : t->runs[r].off + t->runs[r].len;
    if (b <= a)
      continue;
    if (l->n_pieces == l->cap_pieces) {
      l->cap_pieces = l->cap_pieces ? 2 * l->cap_pieces : 16;
      l->pieces = xrealloc(l->pieces, (size_t)l->cap_pieces * sizeof *l->pieces);
    }
    float w = span_w(d, t, r, a, b - a);
    l->pieces[l->n_pieces++] = (PdfPiece){r, a, b - a, line->w, w};
    line->w += w;
    line->n++;
    if (t->runs[r].st.size > line->size)
      line->size = t->runs[r].st.size;
  }
  if (line->n == 0)  // an empty line is as high as the text around it
    line->size = t->runs[*run].st.size;
  line->hyphen = hyphen && line->n > 0;
  if (line->hyphen)
    line->w += char_w(d, &t->runs[l->pieces[l->n_pieces - 1].run].st, '-');
}

/* May a line break after the hyphen at s[i-1]?  Only inside a word of letters. */
static bool hyphen_break(const char *s, size_t n, size_t i, size_t start)
{
  if (i < 2 || i >= n || i - 1 <= start)
    return false;
  unsigned char a = (unsigned char)s[i - 2], b = (unsigned char)s[i];
  bool la = (a | 0x20) >= 'a' && (a | 0x20) <= 'z', lb = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
  return (la || a >= 0x80) && (lb || b >= 0x80);
}

/* Whether code point c is a letter of a word that may be hyphenated. */
static bool word_letter(uint32_t c)
{
  return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

/* The code point at s[i] (a byte for invalid UTF-8) and its length in *k. */
static uint32_t cp_at(const char *s, size_t n, size_t i, int *k)
{
  uint32_t c = (unsigned char)s[i];
  *k = 1;
  if (c >= 0x80 && (*k = utf8_decode(s + i, n - i, &c)) <= 0)
    *k = 1, c = '?';
  return c;
}

/* The width of t's bytes [a, b). */
static float range_w(PdfDoc *d, const PdfText *t, size_t a, size_t b)
{
  float w = 0;
  for (int r = 0; r < t->n_runs; r++) {
    size_t x = a > t->runs[r].off ? a : t->runs[r].off, y = b < t->runs[r].off + t->runs[r].len ? b : t->runs[r].off + t->runs[r].len;
    if (y > x)
      w += span_w(d, t, r, x, y - x);
  }
  return w;
}

/* Where the word overflowing a line that starts at start may be hyphenated:
 * the last hyphenation point after start whose part, with its hyphen, fits
 * width; 0 when none does (the word is then cut without one). */
static size_t hyphen_cut(PdfDoc *d, const PdfText *t, size_t start, size_t over, float width)
{
  const char *s = t->buf.s;
  size_t n = t->buf.len, ws = start, we, i;
  int k;
  while (ws < over && !word_letter(cp_at(s, n, ws, &k)))  // an opening bracket or quote
    ws += (size_t)k;
  while (ws > 0) {  // the word may have begun on the line before (cut there already)
    size_t p = ws - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
      p--;
    if (!word_letter(cp_at(s, n, p, &k)))
      break;
    ws = p;
  }
  for (we = ws; we < n && word_letter(cp_at(s, n, we, &k)); we += (size_t)k)
    ;
  if (we <= over || we - ws > 96)
    return 0;  // the overflow is not inside a word of letters
  if (!d->hyph_tried) {
    d->hyph_tried = true;
    d->hyph = hyph_open(d->set.lang);
  }
  size_t pts[64];
  int np = hyph_points(d->hyph, s + ws, we - ws, pts, 64);
  for (int j = np - 1; j >= 0; j--) {
    i = ws + pts[j];
    if (i <= start || i > over)
      continue;
    int r = 0;
    while (r + 1 < t->n_runs && t->runs[r].off + t->runs[r].len < i)
      r++;
    if (range_w(d, t, start, i) + char_w(d, &t->runs[r].st, '-') <= width + 0.01f)
      return i;
  }
  return 0;
}

/* Break t into lines no wider than width (a character wider than width gets a
 * line).  A word longer than the line is hyphenated where the language allows
 * (with a visible hyphen), and cut without one only where no point fits. */
void pdf_break(PdfDoc *d, const PdfText *t, float width, PdfLines *out)
{
  out->n_pieces = out->n_lines = 0;
  const char *s = t->buf.s;
  size_t n = t->buf.len;
  if (n == 0 || t->n_runs == 0)
    return;
  const size_t NONE = (size_t)-1;
  size_t start = 0, brk = NONE, brk_next = 0, i = 0;
  float w = 0, w_next = 0;
  int r = 0, emit_run = 0;
  while (i < n) {
    while (t->runs[r].off + t->runs[r].len <= i)
      r++;
    uint32_t cp = (unsigned char)s[i];
    int k = 1;
    if (cp >= 0x80 && (k = utf8_decode(s + i, n - i, &cp)) <= 0)
      k = 1, cp = '?';
    if (cp == '\n') {
      emit_line(d, t, out, start, i, &emit_run, false);
      start = ++i;
      w = 0;
      brk = NONE;
      continue;
    }
    float cw = char_w(d, &t->runs[r].st, cp);
    if (cp == ' ') {
      if (brk == NONE || brk_next != i)
        brk = i;  // the first space of a stretch: the line may end here
      w += cw;
      brk_next = ++i;
      w_next = w;
      continue;
    }
    if (w + cw > width + 0.01f && i > start) {
      size_t cut;
      if (brk != NONE && brk > start) {
        emit_line(d, t, out, start, brk, &emit_run, false);
        start = brk_next;
        w -= w_next;
      } else if ((cut = hyphen_cut(d, t, start, i, width)) != 0) {
        emit_line(d, t, out, start, cut, &emit_run, true);
        start = i = cut;  // the rest of the word again, on the new line
        w = 0;
        r = 0;
      } else {
        emit_line(d, t, out, start, i, &emit_run, false);
        start = i;
        w = 0;
      }
      brk = NONE;
      continue;  // this character again, on the new line
    }
    w += cw;
    i += (size_t)k;
    if ((cp == '-' && hyphen_break(s, n, i, start)) || (cp == '/' && i < n && s[i] != ' ' && i - 1 > start)) {
      brk = brk_next = i;  // a line may end after the hyphen of a word, or a slash in a path
      w_next = w;
    }
  }
  emit_line(d, t, out, start, n, &emit_run, false);
}

float pdf_line_height(const PdfLine *l)
{
  return l->size * PDF_LEAD;
}

float pdf_lines_height(const PdfLines *l, int from, int to)
{
  float h = 0;
  for (int i = from; i < to; i++)
    h += pdf_line_height(&l->lines[i]);
  return h;
}

//
// Drawing text
//

/* The page's cached state is about the current page only. */
static void state_check(PdfDoc *d)
{
  if (d->state_page != d->page) {
    d->state_page = d->page;
    d->state_font = d->state_color = d->state_line = false;
    d->state_round = false;  // a page starts with mitred joins
  }
}

/* Round or mitred line joins, unless already in force. */
static void line_join(PdfDoc *d, bool round)
{
  state_check(d);
  if (d->state_round != round)
    HPDF_Page_SetLineJoin(d->page, round ? HPDF_ROUND_JOIN : HPDF_MITER_JOIN);
  d->state_round = round;
}

/* Set the fill colour unless it is already the page's. */
void pdf_fill_color(PdfDoc *d, PdfRgb c)
{
  if (!d->page)
    return;
  state_check(d);
  if (d->state_color && d->state_fill.r == c.r && d->state_fill.g == c.g && d->state_fill.b == c.b)
    return;
  HPDF_Page_SetRGBFill(d->page, c.r, c.g, c.b);
  d->state_fill = c;
  d->state_color = true;
}

/* Set font, size and colour for a piece of text, unless they are already in force. */
static void use_style(PdfDoc *d, const PdfStyle *st)
{
  state_check(d);
  if (!d->state_font || d->state_face != st->face || d->state_size != st->size) {
    HPDF_Page_SetFontAndSize(d->page, face_font(d, st->face), st->size);
    d->state_face = st->face;
    d->state_size = st->size;
    d->state_font = true;
  }
  pdf_fill_color(d, st->color);
}

/* A URI is annotated when it is short printable ASCII with a scheme. */
static bool uri_ok(const char *u)
{
  size_t n = strlen(u);
  if (n == 0 || n > 2000)
    return false;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)u[i] <= 0x20 || (unsigned char)u[i] >= 0x7F)
      return false;
  return strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0 || strncmp(u, "mailto:", 7) == 0 ||
         strncmp(u, "ftp://", 6) == 0;
}

/* Link annotations over a piece of text. */
static void annotate(PdfDoc *d, const PdfStyle *st, float x, float baseline, float w)
{
  HPDF_Rect r = {x, baseline - 0.25f * st->size, x + w, baseline + 0.85f * st->size};
  if (st->uri && uri_ok(st->uri)) {
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(d->page, r, st->uri);
    if (a)
      HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
  }
  if (st->link)
    pdf_link(d, r, st->link - 1);
}

/* Text goes into one text object (BT .. ET) until something else is drawn:
 * pieces of text are drawn one after another far more often than anything
 * else, and each BT/ET pair costs bytes and work.  Shapes and page changes
 * end the text object first (pdf_end_text). */
static void begin_text(PdfDoc *d)
{
  state_check(d);
  if (!d->in_text)
    HPDF_Page_BeginText(d->page);
  d->in_text = true;
}

void pdf_end_text(PdfDoc *d)
{
  if (d->page && d->in_text)
    HPDF_Page_EndText(d->page);
  d->in_text = false;
}

/* Draw the n bytes at s (NUL-terminated) at x, y in the current face, as
 * HPDF_Page_TextOut does.  Each glyph is looked up in the width table,
 * which marks it for the font's subset as libharu's own measuring would;
 * pdf_text_out writes the rest without measuring again. */
static void text_out(PdfDoc *d, float x, float y, const char *s, size_t n)
{
  PdfFace f = d->state_face;
  if (!PDF_INTERNALS || !d->state_font || !d->fontdef[f]) {
    HPDF_Page_TextOut(d->page, x, y, s);
    return;
  }
  bool empty = true;  // libharu shows nothing when every glyph is 0 wide
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (k <= 0) {  // pdf_text_out hands it to libharu
      empty = false;
      break;
    }
    i += (size_t)k;
    cp = cp > 0xFFFF ? 0x20 : cp;  // libharu's encoder: beyond UCS-2, a space
    int w = face_w(d, f, cp);
    if (w < 0)  // no glyph: libharu measures .notdef
      w = HPDF_TTFontDef_GetCharWidth(d->fontdef[f], (HPDF_UINT16)cp);
    empty = empty && w == 0;
  }
  pdf_text_out(d, x, y, s, n, empty);
}

/* Draw one broken line, then the link annotations over its linked pieces. */
void pdf_draw_line(PdfDoc *d, const PdfText *t, const PdfLines *l, int i, float x, float top, float width,
                   PdfAlign al)
{
  const PdfLine *line = &l->lines[i];
  if (!d->page || line->n == 0)
    return;
  float dx = al == AL_RIGHT ? width - line->w : al == AL_CENTER ? (width - line->w) / 2 : 0;
  float baseline = top - line->size * PDF_ASCENT;
  begin_text(d);
  for (int p = line->first; p < line->first + line->n; p++) {
    const PdfPiece *pc = &l->pieces[p];
    use_style(d, &t->runs[pc->run].st);
    buf_reset(&d->scratch);
    buf_add(&d->scratch, t->buf.s + pc->off, pc->len);
    if (line->hyphen && p == line->first + line->n - 1)
      buf_add(&d->scratch, "-", 1);
    text_out(d, x + dx + pc->x, baseline, d->scratch.s, d->scratch.len);
  }
  for (int p = line->first; p < line->first + line->n; p++) {
    const PdfPiece *pc = &l->pieces[p];
    const PdfStyle *st = &t->runs[pc->run].st;
    if (st->uri || st->link)
      annotate(d, st, x + dx + pc->x, baseline, pc->w);
  }
}

/* Draw t on one line at baseline, x being its left, right or centre. */
static void draw_text(PdfDoc *d, const PdfText *t, float x, float baseline, PdfAlign al)
{
  if (!d->page || t->n_runs == 0)
    return;
  float w = text_w(d, t);
  x = al == AL_RIGHT ? x - w : al == AL_CENTER ? x - w / 2 : x;
  begin_text(d);
  for (int r = 0; r < t->n_runs; r++) {
    use_style(d, &t->runs[r].st);
    buf_reset(&d->scratch);
    buf_add(&d->scratch, t->buf.s + t->runs[r].off, t->runs[r].len);
    text_out(d, x, baseline, d->scratch.s, d->scratch.len);
    x += span_w(d, t, r, t->runs[r].off, t->runs[r].len);
  }
}

/* Width of s, made printable, in style st. */
float pdf_width(PdfDoc *d, const PdfStyle *st, const char *s)
{
  pdf_text_reset(&d->tmp);
  pdf_text_puts(d, &d->tmp, st, s);
  return text_w(d, &d->tmp);
}

/* Cut t to fit width, ending with an ellipsis when anything was cut. */
static void text_truncate(PdfDoc *d, PdfText *t, float width)
{
  if (t->n_runs == 0 || text_w(d, t) <= width)
    return;
  PdfStyle last = t->runs[t->n_runs - 1].st;
  float ell = char_w(d, &last, 0x2026), w = 0;
  for (int r = 0; r < t->n_runs; r++) {
    const char *s = t->buf.s;
    for (size_t i = t->runs[r].off; i < t->runs[r].off + t->runs[r].len;) {
      uint32_t cp = (unsigned char)s[i];
      int k = 1;
      if (cp >= 0x80 && (k = utf8_decode(s + i, t->buf.len - i, &cp)) <= 0)
        k = 1, cp = '?';
      float cw = char_w(d, &t->runs[r].st, cp);
      if (w + cw + ell > width) {
        t->runs[r].len = i - t->runs[r].off;
        t->n_runs = r + 1;
        t->buf.len = i;
        t->buf.s[i] = '\0';
        text_append(t, &t->runs[r].st, "\xE2\x80\xA6", 3);
        return;
      }
      w += cw;
      i += (size_t)k;
    }
  }
}

/* s made printable and cut to width with an ellipsis, into out. */
void pdf_fit(PdfDoc *d, const PdfStyle *st, const char *s, float width, Buf *out)
{
  pdf_text_reset(&d->tmp);
  pdf_text_puts(d, &d->tmp, st, s);
  text_truncate(d, &d->tmp, width);
  buf_reset(out);
  buf_add(out, d->tmp.buf.s, d->tmp.buf.len);
}

/* One line of text at a baseline: labels, axis ticks, header and footer. */
void pdf_label(PdfDoc *d, const PdfStyle *st, float x, float baseline, PdfAlign al, const char *s)
{
  if (!d->page)
    return;
  pdf_text_reset(&d->tmp);
  pdf_text_puts(d, &d->tmp, st, s);
  draw_text(d, &d->tmp, x, baseline, al);
}

//
// Graphics
//

void pdf_fill_rect(PdfDoc *d, float x, float y, float w, float h, PdfRgb c)
{
  if (!d->page)
    return;
  pdf_end_text(d);
  pdf_fill_color(d, c);
  HPDF_Page_Rectangle(d->page, x, y, w, h);
  HPDF_Page_Fill(d->page);
}

/* Set the stroke width and colour unless they are already the page's. */
void pdf_line_style(PdfDoc *d, float width, PdfRgb c)
{
  if (!d->page)
    return;
  state_check(d);
  if (d->state_line && d->state_width == width && d->state_stroke.r == c.r && d->state_stroke.g == c.g &&
      d->state_stroke.b == c.b)
    return;
  HPDF_Page_SetLineWidth(d->page, width);
  HPDF_Page_SetRGBStroke(d->page, c.r, c.g, c.b);
  d->state_width = width;
  d->state_stroke = c;
  d->state_line = true;
}

/* A line; dash 0 solid, 1 dashed, 2 dotted. */
void pdf_stroke_line(PdfDoc *d, float x1, float y1, float x2, float y2, float width, PdfRgb c, int dash)
{
  if (!d->page)
    return;
#if HPDF_VERSION_ID >= 20400  // libharu 2.4 takes the dash pattern as HPDF_REAL
  static const HPDF_REAL dashed[] = {4, 3}, dotted[] = {1, 2};
#else
  static const HPDF_UINT16 dashed[] = {4, 3}, dotted[] = {1, 2};
#endif
  pdf_end_text(d);
  pdf_line_style(d, width, c);
  line_join(d, false);
  if (dash)
    HPDF_Page_SetDash(d->page, dash == 1 ? dashed : dotted, 2, 0);
  HPDF_Page_MoveTo(d->page, x1, y1);
  HPDF_Page_LineTo(d->page, x2, y2);
  HPDF_Page_Stroke(d->page);
  if (dash)
    HPDF_Page_SetDash(d->page, NULL, 0, 0);
}

/* Many lines of one width and colour as one path: pdf_path_begin, then
 * pdf_path_line for each, then pdf_path_stroke. */
void pdf_path_begin(PdfDoc *d, float width, PdfRgb c)
{
  if (!d->page)
    return;
  pdf_end_text(d);
  pdf_line_style(d, width, c);
  line_join(d, false);
}

void pdf_path_line(PdfDoc *d, float x1, float y1, float x2, float y2)
{
  if (!d->page)
    return;
  HPDF_Page_MoveTo(d->page, x1, y1);
  HPDF_Page_LineTo(d->page, x2, y2);
  d->path_open = true;
}

void pdf_path_stroke(PdfDoc *d)
{
  if (d->page && d->path_open)
    HPDF_Page_Stroke(d->page);
  d->path_open = false;
}

/* A polyline through the n points xy[0..2n) with round joins (a series of values). */
void pdf_polyline(PdfDoc *d, const float *xy, int n, float width, PdfRgb c)
{
  if (!d->page || n == 0)
    return;
  pdf_end_text(d);
  pdf_line_style(d, width, c);
  line_join(d, true);
  HPDF_Page_MoveTo(d->page, xy[0], xy[1]);
  for (int i = 1; i < n; i++)
    HPDF_Page_LineTo(d->page, xy[2 * i], xy[2 * i + 1]);
  if (n > 1)
    HPDF_Page_Stroke(d->page);
  else
    HPDF_Page_EndPath(d->page);
}

/* Markers at the n points xy[0..2n), filled and outlined as one path: circles
 * of radius r, or squares of side 2r (one operator where a circle costs five). */
void pdf_markers(PdfDoc *d, const float *xy, int n, bool square, float r, PdfRgb fill, float width, PdfRgb c)
{
  if (!d->page || n == 0)
    return;
  pdf_end_text(d);
  pdf_fill_color(d, fill);
  pdf_line_style(d, width, c);
  line_join(d, true);
  for (int i = 0; i < n; i++) {
    if (square)
      HPDF_Page_Rectangle(d->page, xy[2 * i] - r, xy[2 * i + 1] - r, 2 * r, 2 * r);
    else
      HPDF_Page_Circle(d->page, xy[2 * i], xy[2 * i + 1], r);
  }
  HPDF_Page_FillStroke(d->page);
}

/* A small filled square standing on the baseline (a RAG colour). */
void pdf_swatch(PdfDoc *d, float x, float baseline, float size, PdfRgb c)
{
  float s = size * 0.78f;
  pdf_fill_rect(d, x, baseline - size * 0.06f, s, s, c);
}

/* A horizontal progress bar standing on the baseline. */
void pdf_bar(PdfDoc *d, float x, float baseline, float w, float size, double frac, PdfRgb c)
{
  float h = size * 0.62f, y = baseline;
  frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
  pdf_fill_rect(d, x, y, w, h, (PdfRgb){0.88f, 0.89f, 0.91f});
  if (frac > 0)
    pdf_fill_rect(d, x, y, w * (float)frac, h, c);
}

//
// Pages: header, footer, watermark
//

/* The running header: doc id and title at the left, version and classification at the right. */
static void draw_header(PdfDoc *d)
{
  PdfStyle bold = pdf_style(PF_BOLD, HEAD_H, PDF_MUTED), reg = pdf_style(PF_REGULAR, HEAD_H, PDF_MUTED);
  float base = d->page_h - 34.0f;
  PdfText *t = &d->tmp;
  pdf_text_reset(t);
  if (d->set.draft || d->page_mark) {  // as text too, not only the watermark: found by a search and by pdftotext
    PdfStyle red = pdf_style(PF_BOLD, HEAD_H, PDF_RED);
    pdf_text_puts(d, t, &red, d->set.draft ? tr(d->set.lang, "DRAFT \xE2\x80\x94 NOT A CONTROLLED COPY") : d->page_mark);
    if (d->set.version || d->set.classification)
      pdf_text_puts(d, t, &reg, "   \xC2\xB7   ");
  }
  if (d->set.version)
    pdf_text_printf(d, t, &reg, tr(d->set.lang, "Version %s"), d->set.version);
  if (d->set.classification) {
    pdf_text_puts(d, t, &reg, d->set.version ? "   \xC2\xB7   " : "");
    pdf_text_puts(d, t, &bold, d->set.classification);
  }
  float rw = text_w(d, t);
  draw_text(d, t, d->x1, base, AL_RIGHT);
  pdf_text_reset(t);
  pdf_text_puts(d, t, &bold, d->set.doc_id);
  pdf_text_puts(d, t, &reg, "   ");
  pdf_text_puts(d, t, &reg, d->set.title);
  text_truncate(d, t, d->x1 - d->x0 - rw - 18.0f);
  draw_text(d, t, d->x0, base, AL_LEFT);
  pdf_stroke_line(d, d->x0, base - 6.0f, d->x1, base - 6.0f, 0.5f, PDF_RULE, 0);
}

/* The footer of page k (0-based) of n. */
static void draw_footer(PdfDoc *d, int k, int n)
{
  PdfStyle reg = pdf_style(PF_REGULAR, HEAD_H, PDF_MUTED), bold = pdf_style(PF_BOLD, HEAD_H, PDF_MUTED);
  float base = 34.0f;
  char s[64];
  pdf_stroke_line(d, d->x0, base + 9.0f, d->x1, base + 9.0f, 0.5f, PDF_RULE, 0);
  snprintf(s, sizeof s, tr(d->set.lang, "As of %s"), d->set.as_of ? d->set.as_of : "");
  pdf_label(d, &reg, d->x0, base, AL_LEFT, d->set.issue ? d->set.issue : s);  // which build this page is of
  snprintf(s, sizeof s, tr(d->set.lang, "Page %d of %d"), k + 1, n);
  float pw = pdf_width(d, &reg, s);
  pdf_label(d, &bold, d->x1 - pw - 18.0f, base, AL_RIGHT, tr(d->set.lang, "Uncontrolled when printed"));
  pdf_label(d, &reg, d->x1, base, AL_RIGHT, s);
}

/* DRAFT across the page, translucent over the content. */
static void draw_watermark(PdfDoc *d)
{
  const char *text = tr(d->set.lang, "DRAFT \xE2\x80\x94 NOT A CONTROLLED COPY");
  PdfStyle st = pdf_style(PF_BOLD, 10.0f, (PdfRgb){0.35f, 0.35f, 0.38f});
  float angle = atan2f(d->page_h, d->page_w), diag = hypotf(d->page_w, d->page_h);
  st.size = 10.0f * diag * 0.72f / pdf_width(d, &st, text);
  float w = pdf_width(d, &st, text), c = cosf(angle), s = sinf(angle), cap = st.size * 0.72f;
  float x = d->page_w / 2 - c * w / 2 + s * cap / 2, y = d->page_h / 2 - s * w / 2 - c * cap / 2;
  pdf_end_text(d);
  HPDF_Page_GSave(d->page);
  if (d->wm_state)
    HPDF_Page_SetExtGState(d->page, d->wm_state);
  HPDF_Page_BeginText(d->page);
  HPDF_Page_SetFontAndSize(d->page, face_font(d, PF_BOLD), st.size);
  HPDF_Page_SetRGBFill(d->page, st.color.r, st.color.g, st.color.b);
  HPDF_Page_SetTextMatrix(d->page, c, s, -s, c, x, y);
  HPDF_Page_ShowText(d->page, text);
  HPDF_Page_EndText(d->page);
  HPDF_Page_GRestore(d->page);
}

/* The body of page k is done: the DRAFT watermark over it, and its content
 * goes to be deflated (pdf_stream.c).  Once a page: only the footer follows. */
static void page_done(PdfDoc *d, int k)
{
  if (d->body_done[k])
    return;
  d->body_done[k] = 1;
  d->page = d->pages[k];
  d->page_ix = k;
  if (d->set.draft)
    draw_watermark(d);
  pdf_end_text(d);
  pdf_chunks_flush(d, k, false);
}

/* Move the cursor to a new page: a reserved one while filling, none in a dry run. */
void pdf_new_page(PdfDoc *d)
{
  d->page_no++;
  d->y = d->top;
  if (d->dry)
    return;
  pdf_end_text(d);
  if (d->page && (d->fill_to || d->page_ix < d->hold_from || d->page_ix >= d->hold_to))
    page_done(d, d->page_ix);
  if (d->fill_to) {
    if (d->fill_next >= d->fill_to)
      BUG("more pages filled than reserved");
    d->page_no = d->fill_next + 1;
    d->page_ix = d->fill_next;
    d->page = d->pages[d->fill_next++];
    return;
  }
  d->page = HPDF_AddPage(d->doc);
  if (!d->page)
    return;
  HPDF_Page_SetSize(d->page, d->set.paper == PAPER_LETTER ? HPDF_PAGE_SIZE_LETTER : HPDF_PAGE_SIZE_A4,
                    HPDF_PAGE_PORTRAIT);
  pdf_page_trim(d->page);
  if (d->n_pages == d->cap_pages) {
    d->cap_pages = d->cap_pages ? 2 * d->cap_pages : 64;
    d->pages = xrealloc(d->pages, (size_t)d->cap_pages * sizeof *d->pages);
    d->body_done = xrealloc(d->body_done, (size_t)d->cap_pages);
  }
  d->body_done[d->n_pages] = 0;
  d->page_ix = d->n_pages;
  d->pages[d->n_pages++] = d->page;
  draw_header(d);
}

/* The page the layout ended on is done; then the footers on every page, and
 * the internal links.  A footer is drawn last, when the page count is known,
 * and is a chunk of its own (pdf_stream.c puts it before the body). */
void pdf_finish(PdfDoc *d)
{
  pdf_end_text(d);
  for (int k = 0; k < d->n_pages; k++)  // the page the layout ended on; any held and never filled
    page_done(d, k);
  d->hold_from = d->hold_to = 0;
  for (int k = 0; k < d->n_pages && pdf_ok(d); k++) {
    d->page = d->pages[k];
    d->page_ix = k;
    d->state_page = NULL;  // the footer sets all it uses: it is drawn before the body
    draw_footer(d, k, d->n_pages);
    pdf_end_text(d);
    pdf_chunks_flush(d, k, true);
  }
  for (int i = 0; i < d->n_links && pdf_ok(d); i++) {
    const PdfLinkReq *l = &d->links[i];
    const PdfAnchor *a = &d->anchors[l->anchor];
    if (!a->page)
      continue;
    HPDF_Destination dst = HPDF_Page_CreateDestination(a->page);
    HPDF_Destination_SetFitH(dst, a->y);
    HPDF_Annotation an = HPDF_Page_CreateLinkAnnot(l->page, l->rect, dst);
    if (an)
      HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
  }
  d->page = NULL;
}

//
// The cursor and the flow
//

float pdf_room(const PdfDoc *d)
{
  return d->y - d->bottom;
}

bool pdf_at_top(const PdfDoc *d)
{
  return d->y >= d->top - 0.01f;
}

/* Keep-together: a new page unless h fits below the cursor or the page is fresh. */
void pdf_need(PdfDoc *d, float h)
{
  if (h > pdf_room(d) + 0.01f && !pdf_at_top(d))
    pdf_new_page(d);
}

float pdf_col_width(const PdfDoc *d)
{
  return (d->x1 - d->blk.right) - (d->x0 + d->blk.left);
}

/* The block's decoration beside a band of the page: code shading, quote rules. */
static void decorate(PdfDoc *d, float top, float h)
{
  if (!d->page)
    return;
  if (d->blk.shade)
    pdf_fill_rect(d, d->x0 + d->blk.bg_left, top - h, d->x1 - d->x0 - d->blk.bg_left - d->blk.bg_right, h,
                  (PdfRgb){0.95f, 0.96f, 0.97f});
  for (int k = 0; k < d->blk.bars; k++) {
    float x = d->x0 + d->blk.bar_x[k];
    pdf_stroke_line(d, x, top, x, top - h, 1.6f, (PdfRgb){0.72f, 0.76f, 0.82f}, 0);
  }
}

/* A vertical gap (none at the top of a page unless the block is decorated). */
void pdf_space(PdfDoc *d, float h)
{
  bool decorated = d->blk.shade || d->blk.bars;
  if (pdf_at_top(d) && !decorated)
    return;
  if (h >= pdf_room(d)) {
    pdf_new_page(d);
    return;
  }
  decorate(d, d->y, h);
  d->y -= h;
}

/* The height t would take flowed in the current column. */
float pdf_flow_height(PdfDoc *d, const PdfText *t)
{
  pdf_break(d, t, pdf_col_width(d), &d->flow);
  return pdf_lines_height(&d->flow, 0, d->flow.n_lines);
}

/* Flow t as a paragraph at the cursor, line by line across pages. */
void pdf_flow(PdfDoc *d, const PdfText *t, PdfAlign al)
{
  float x = d->x0 + d->blk.left, w = pdf_col_width(d);
  PdfLines *l = &d->flow;
  pdf_break(d, t, w, l);
  // A short paragraph stays whole; a long one starts with two lines on the page.
  int keep = l->n_lines <= 3 ? l->n_lines : 2;
  pdf_need(d, pdf_lines_height(l, 0, keep));
  for (int i = 0; i < l->n_lines; i++) {
    float h = pdf_line_height(&l->lines[i]);
    if (h > pdf_room(d) + 0.01f && !pdf_at_top(d))
      pdf_new_page(d);
    decorate(d, d->y, h);
    pdf_draw_line(d, t, l, i, x, d->y, w, al);
    if (d->marker[0]) {
      pdf_label(d, &d->marker_style, x - 4.0f, d->y - l->lines[i].size * PDF_ASCENT, AL_RIGHT, d->marker);
      d->marker[0] = '\0';
    }
    d->y -= h;
  }
}

/* The type of headings 1 (sections) to 4. */
PdfStyle pdf_heading_style(int level)
{
  switch (level) {
  case 1: return pdf_style(PF_BOLD, 15.0f, PDF_ACCENT);
  case 2: return pdf_style(PF_BOLD, 11.5f, PDF_ACCENT);
  case 3: return pdf_style(PF_BOLD, 10.0f, PDF_INK);
  default: return pdf_style(PF_BOLD, 9.0f, PDF_INK);
  }
}

/* A heading kept with the next `keep` points; a rule under level 1. */
void pdf_heading(PdfDoc *d, int level, const PdfText *t, float keep)
{
  static const float before[] = {0, 16, 12, 9, 7}, after[] = {0, 7, 5, 3, 2};
  level = level < 1 ? 1 : level > 4 ? 4 : level;
  pdf_space(d, before[level]);
  pdf_need(d, pdf_flow_height(d, t) + after[level] + keep);
  pdf_flow(d, t, AL_LEFT);
  if (level == 1) {
    pdf_space(d, 3.0f);
    pdf_rule(d, 0.9f, PDF_ACCENT);
  }
  pdf_space(d, after[level]);
}

/* A horizontal rule across the current column. */
void pdf_rule(PdfDoc *d, float width, PdfRgb c)
{
  pdf_need(d, width + 1.0f);
  pdf_stroke_line(d, d->x0 + d->blk.left, d->y, d->x1 - d->blk.right, d->y, width, c, 0);
  d->y -= width;
}

//
// Anchors, links, outlines
//

/* A link target at the cursor (none during a dry run: -1). */
int pdf_anchor(PdfDoc *d)
{
  if (d->dry)
    return -1;
  if (d->n_anchors == d->cap_anchors) {
    d->cap_anchors = d->cap_anchors ? 2 * d->cap_anchors : 64;
    d->anchors = xrealloc(d->anchors, (size_t)d->cap_anchors * sizeof *d->anchors);
  }
  float y = d->y + 14.0f > d->page_h ? d->page_h : d->y + 14.0f;
  d->anchors[d->n_anchors] = (PdfAnchor){d->page, d->page_no, y};
  return d->n_anchors++;
}

/* An internal link over r on the current page, resolved by pdf_finish(). */
void pdf_link(PdfDoc *d, HPDF_Rect r, int anchor)
{
  if (!d->page || anchor < 0 || anchor >= d->n_anchors)
    return;
  if (d->n_links == d->cap_links) {
    d->cap_links = d->cap_links ? 2 * d->cap_links : 64;
    d->links = xrealloc(d->links, (size_t)d->cap_links * sizeof *d->links);
  }
  d->links[d->n_links++] = (PdfLinkReq){d->page, r, anchor};
}

int pdf_anchor_page(const PdfDoc *d, int anchor)
{
  return anchor >= 0 && anchor < d->n_anchors ? d->anchors[anchor].page_no : 0;
}

/* A bookmark to an anchor, under parent (NULL: top level). */
HPDF_Outline pdf_outline(PdfDoc *d, HPDF_Outline parent, const char *title, int anchor, bool open)
{
  if (d->dry || anchor < 0 || anchor >= d->n_anchors || !d->anchors[anchor].page)
    return NULL;
  PdfStyle st = pdf_style(PF_REGULAR, PDF_BODY, PDF_INK);
  pdf_text_reset(&d->tmp);
  pdf_text_puts(d, &d->tmp, &st, title);
  HPDF_Outline o = HPDF_CreateOutline(d->doc, parent, d->tmp.buf.s, d->utf8);
  if (!o)
    return NULL;
  HPDF_Destination dst = HPDF_Page_CreateDestination(d->anchors[anchor].page);
  HPDF_Destination_SetFitH(dst, d->anchors[anchor].y);
  HPDF_Outline_SetDestination(o, dst);
  HPDF_Outline_SetOpened(o, open);
  return o;
}

//
// Dry runs and reserved pages
//

/* The cursor, kept while a dry run or a fill moves it elsewhere. */
static void cursor_save(PdfDoc *d)
{
  pdf_end_text(d);
  d->dry_saved_page = d->page;
  d->dry_saved_ix = d->page_ix;
  d->dry_saved_y = d->y;
  d->dry_saved_page_no = d->page_no;
}

static void cursor_restore(PdfDoc *d)
{
  d->page = d->dry_saved_page;
  d->page_ix = d->dry_saved_ix;
  d->y = d->dry_saved_y;
  d->page_no = d->dry_saved_page_no;
}

/* Start laying out without drawing, from the top of a fresh (counted) page. */
void pdf_dry_begin(PdfDoc *d)
{
  cursor_save(d);
  d->dry = true;
  d->page = NULL;
  d->page_no = 0;
  pdf_new_page(d);
}

/* End the dry run: the cursor returns; the pages it took are returned. */
int pdf_dry_end(PdfDoc *d)
{
  int n = d->page_no;
  d->dry = false;
  cursor_restore(d);
  return n;
}

/* Add n pages (header only) to fill later; returns the index of the first.
 * They and the current page are held (not done) until the fill leaves them. */
int pdf_reserve(PdfDoc *d, int n)
{
  int first = d->n_pages;
  d->hold_from = d->page ? d->page_ix : first;
  d->hold_to = first + n;
  for (int i = 0; i < n; i++)
    pdf_new_page(d);
  return first;
}

/* Draw onto reserved pages first .. first+n-1 from the top of the first. */
void pdf_fill_begin(PdfDoc *d, int first, int n)
{
  cursor_save(d);
  d->page = NULL;  // left for now, not done: the cursor comes back to it
  d->fill_next = first;
  d->fill_to = first + n;
  pdf_new_page(d);
}

/* Stop filling: the last page filled is done; the cursor returns to where it was. */
void pdf_fill_end(PdfDoc *d)
{
  pdf_end_text(d);
  if (d->page)
    page_done(d, d->page_ix);  // reserved pages not reached are done by pdf_finish
  d->fill_to = d->fill_next = 0;
  d->hold_from = d->hold_to = 0;
  cursor_restore(d);
}
