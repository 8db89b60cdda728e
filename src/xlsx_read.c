/*
 * xlsx_read.c - one sheet of an XLSX workbook, read into cells with their
 * positions (SPEC section 14).
 *
 * An XLSX file is a ZIP archive of XML parts.  minizip reads the archive from
 * memory (the caller has read the file with the pack's size limit); each part
 * is inflated as libxml2's streaming reader (xmlTextReader) asks for bytes,
 * so that no part is ever held whole.  The parts read are:
 *
 *     xl/workbook.xml             the sheets' names and the 1904 date system
 *     xl/_rels/workbook.xml.rels  which part holds each sheet, the shared strings and the styles
 *     xl/sharedStrings.xml        the shared strings (t="s" cells)
 *     xl/styles.xml               number formats: which cells are dates or percentages
 *     xl/worksheets/sheetN.xml    the cells and merged ranges of the sheet asked for
 *
 * Hostile input gets a clean refusal, never a crash or a hang: a part whose
 * inflated size passes a cap, or whose inflation ratio is that of a ZIP
 * bomb, stops the read when its bytes pass the cap (the sizes the archive
 * declares are checked first, but not trusted); XML is parsed without network,
 * without DTD loading and without entity substitution, and a DOCTYPE is
 * refused outright; rows, columns, cells, strings and merged ranges are
 * capped, and nothing is allocated from a size a file declares (a
 * <dimension> of A1:XFD1048576 costs nothing).
 *
 * A cell's value is kept as the text a reader of the sheet sees, in a form
 * that cannot be misread: numbers with up to 15 significant digits (as Excel
 * shows them), a number with a percent format as its percentage with '%'
 * ("5.8%"), a date serial with a date format as YYYY-MM-DD (with its time,
 * when it has one), booleans as TRUE or FALSE, errors as Excel writes them.
 */
#include "objreg.h"

#include <ioapi.h>
#include <libxml/xmlreader.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unzip.h>

const XlsxLimits xlsx_default_limits = {
  .part_bytes = 256L << 20,  // one inflated part
  .total_bytes = 512L << 20, // every part read
  .ratio = 100,              // inflated : stored, for parts over 1 MiB (Apache POI's default too)
  .cells = 2000000,
  .strings = 2000000,
  .text_chars = 32767,       // Excel's own limit for a cell
  .merges = 100000,
};

#define MAX_ROWS 1048576
#define MAX_COLS 16384

//
// The archive, from memory
//

typedef struct {
  const unsigned char *data;
  size_t len, pos;
} Mem;

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *name, int mode)
{
  (void)name;
  (void)mode;
  Mem *m = opaque;
  m->pos = 0;
  return m;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
  (void)opaque;
  Mem *m = stream;
  size_t n = m->len - m->pos < size ? m->len - m->pos : size;
  memcpy(buf, m->data + m->pos, n);
  m->pos += n;
  return (uLong)n;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
  (void)opaque, (void)stream, (void)buf, (void)size;
  return 0;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
  (void)opaque;
  return ((Mem *)stream)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
  (void)opaque;
  Mem *m = stream;
  ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->len;
  if (off > m->len - base)  // off is unsigned: a seek before the start wraps and is refused here too
    return -1;
  m->pos = (size_t)(base + off);
  return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
  (void)opaque, (void)stream;
  return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
  (void)opaque, (void)stream;
  return 0;
}

//
// The reading state
//

enum { K_PLAIN, K_DATE, K_TIME, K_PERCENT };

/* One section of a number format: what it shows. */
typedef struct {
  unsigned char kind;   // K_PLAIN, K_DATE, K_TIME, K_PERCENT
  unsigned char scale;  // commas after the last digit placeholder: the value shown is /1000 per comma
  bool digits;          // shows the number: a digit placeholder (0 # ?), General, a date or time code
  bool zero;            // shows a digit for 0: a 0 placeholder, General, a fraction, a date or time code
  bool text;            // shows literal text ("km", \-, $, a fill)
  bool nondash;         // literal text other than '-' (a zero shown as a dash is the accounting formats' 0)
  bool at;              // a text placeholder '@'
  bool sign;            // marks a number as negative: a '-', parentheses or a colour
  bool dash;            // shows a dash ('-' or U+2013): a zero section's dash is the accounting formats' 0
  bool elapsed;         // K_TIME: elapsed time ([h], [mm], [ss]): hours past 24 counted, not a time of day
  unsigned char span;   // K_DATE: what of the date it shows: 0 the day, 'm' a month ("mmm yyyy"), 'y' a year ("yyyy")
} FmtSection;

/* Whether the literal text at p (a character) is a dash: '-' or U+2013. */
static bool is_dash(const char *p)
{
  return *p == '-' || ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x93);
}

/* p past the character at p[1] (a UTF-8 character may take up to 4 bytes). */
static const char *past_next(const char *p)
{
  if (p[1])
    p++;
  while (((unsigned char)p[1] & 0xC0) == 0x80)
    p++;
  return p;
}

/* A number format: positive; negative; zero; text. */
typedef struct {
  FmtSection sec[4];
  unsigned char n;      // sections, 1 to 4
  bool odd;             // a condition ([<1]) or a fifth section: a format objreg does not read
  const char *code;     // the format code (NULL: a built-in format shown as in General)
} NumFmt;

typedef struct { int id, seq; NumFmt f; } NumFmtId;

typedef struct {
  XlsxSheet *out;
  const XlsxLimits *lim;
  unzFile zip;
  Arena *arena;
  long total;               // bytes inflated so far, every part
  // the part being read
  const char *part;
  long part_bytes, part_declared;
  bool over;                // a cap was passed: the read stops
  // the markup fed to libxml2 (scan_markup): where in it, and the start tag's attributes
  enum { MK_TEXT, MK_LT, MK_BANG, MK_TAG, MK_QUOTE, MK_COMMENT, MK_CDATA, MK_PI, MK_DECL } m_state;
  char m_quote;             // the quote of the attribute value being read
  int m_run;                // '-', ']' or '?' just before (the end of a comment, CDATA, instruction)
  int m_attrs;              // attributes of the start tag being read
  long m_line;              // its line
  char xml_err[160];
  int xml_line;
  // workbook
  bool date1904;
  // shared strings, styles
  struct { const char *text, *why; } *sst; long n_sst, cap_sst;  // why: not NULL for a string no cell may use
  bool in_sst;              // reading a shared string: a bad one is reported at the first cell that uses it
  const char *sst_why;      // why the shared string being read cannot be used
  char loc[96];             // where(): "sheet 'Register', cell C7"
  NumFmt *xf_fmt; int n_xf, cap_xf;  // per cellXfs index: its number format
  NumFmtId *fmts; int n_fmts, cap_fmts;  // the <numFmt>s, by id once the first <xf> is read
  bool fmts_sorted;
  bool failed;
} Ctx;

static void fail(Ctx *c, int row, int col, const char *fmt, ...) FMT(4, 5);
static void fail(Ctx *c, int row, int col, const char *fmt, ...)
{
  if (c->failed)
    return;
  c->failed = true;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->out->err, sizeof c->out->err, fmt, ap);
  va_end(ap);
  c->out->err_row = row;
  c->out->err_col = col;
  c->out->err_limit = strstr(c->out->err, "more than") || strstr(c->out->err, "longer than") ||
                      strstr(c->out->err, "ZIP bomb") || strstr(c->out->err, "beyond");
  c->out->err_text = strstr(c->out->err, "control character") != NULL;
}

void xlsx_where(const char *sheet, int row, int col, char *out, size_t size)
{
  const char *name = sheet ? sheet : "";
  int n = 0;
  while (name[n] && (n < 40 || ((unsigned char)name[n] & 0xC0) == 0x80))
    n++;
  char a1[16];
  xlsx_ref_format(row, col, a1);
  if (row > 0 && col > 0)
    snprintf(out, size, "sheet '%.*s', cell %s", n, name, a1);
  else if (row > 0)
    snprintf(out, size, "sheet '%.*s', row %d", n, name, row);
  else
    snprintf(out, size, "sheet '%.*s'", n, name);
}

static const char *where(Ctx *c, int row, int col)
{
  xlsx_where(c->out->sheet, row, col, c->loc, sizeof c->loc);
  return c->loc;
}

#define MAX_ATTRS 64  // of one element: SpreadsheetML's have at most about twenty

/* Whether the n bytes next fed to libxml2 keep every start tag within
 * MAX_ATTRS attributes (counted as '=' outside quotes, namespace declarations
 * included); else a failure.  libxml2 looks for a repeated attribute in
 * quadratic time: 100,000 attributes in one tag cost it seconds.  Comments,
 * CDATA sections, processing instructions and declarations are skipped. */
static bool scan_markup(Ctx *c, const char *buf, int n)
{
  for (int i = 0; i < n; i++) {
    char ch = buf[i];
    if (ch == '\n')
      c->m_line++;
    switch (c->m_state) {
    case MK_TEXT:
      if (ch == '<')
        c->m_state = MK_LT;
      break;
    case MK_LT:
      c->m_state = ch == '!' ? MK_BANG : ch == '?' ? MK_PI : ch == '>' ? MK_TEXT : MK_TAG;
      c->m_attrs = 0, c->m_run = 0;
      break;
    case MK_BANG:
      c->m_state = ch == '-' ? MK_COMMENT : ch == '[' ? MK_CDATA : ch == '>' ? MK_TEXT : MK_DECL;
      break;
    case MK_TAG:
      if (ch == '"' || ch == '\'')
        c->m_state = MK_QUOTE, c->m_quote = ch;
      else if (ch == '>')
        c->m_state = MK_TEXT;
      else if (ch == '=' && ++c->m_attrs > MAX_ATTRS) {
        fail(c, 0, 0, "the part '%s' has an element with more than %d attributes (line %ld); not read", c->part,
             MAX_ATTRS, c->m_line);
        return false;
      }
      break;
    case MK_QUOTE:
      if (ch == c->m_quote)
        c->m_state = MK_TAG;
      break;
    case MK_COMMENT:  // <!-- ... -->
    case MK_CDATA:    // <![CDATA[ ... ]]>
    case MK_PI:       // <? ... ?>
      if (ch == '>' && (c->m_state == MK_PI ? c->m_run >= 1 : c->m_run >= 2))
        c->m_state = MK_TEXT;
      c->m_run = ch == (c->m_state == MK_COMMENT ? '-' : c->m_state == MK_CDATA ? ']' : '?') ? c->m_run + 1 : 0;
      break;
    case MK_DECL:
      if (ch == '>')
        c->m_state = MK_TEXT;
      break;
    }
  }
  return true;
}

static int xml_read_cb(void *ctx, char *buf, int len)
{
  Ctx *c = ctx;
  if (c->over)
    return -1;
  int n = unzReadCurrentFile(c->zip, buf, (unsigned)len);
  if (n < 0) {
    fail(c, 0, 0, "the part '%s' is damaged (inflating it failed)", c->part);
    c->over = true;
    return -1;
  }
  if (!scan_markup(c, buf, n)) {
    c->over = true;
    return -1;
  }
  c->part_bytes += n;
  c->total += n;
  if (c->part_bytes > c->lim->part_bytes || c->total > c->lim->total_bytes) {
    fail(c, 0, 0, "the part '%s' inflates to more than %ld bytes (a ZIP bomb?); not read", c->part,
         c->part_bytes > c->lim->part_bytes ? c->lim->part_bytes : c->lim->total_bytes);
    c->over = true;
    return -1;
  }
  if (c->part_bytes > c->part_declared) {
    fail(c, 0, 0, "the part '%s' inflates to more bytes than the archive declares; not read", c->part);
    c->over = true;
    return -1;
  }
  return n;
}

static int xml_close_cb(void *ctx)
{
  (void)ctx;
  return 0;
}

static void xml_error_cb(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
  Ctx *c = arg;
  if (sev != XML_PARSER_SEVERITY_ERROR && sev != XML_PARSER_SEVERITY_VALIDITY_ERROR)
    return;
  if (c->xml_err[0])
    return;
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    n--;
  snprintf(c->xml_err, sizeof c->xml_err, "%.*s", (int)(n < 120 ? n : 120), msg);
  c->xml_line = loc ? xmlTextReaderLocatorLineNumber(loc) : 0;
}

static xmlParserInputPtr no_entity_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
  (void)url, (void)id, (void)ctxt;
  return NULL;  // no external entity, DTD or schema is ever loaded
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_setup(void)
{
  xmlInitParser();
  xmlSetExternalEntityLoader(no_entity_loader);
}

/* Open part name for streaming; NULL when absent (missing: then an error when required). */
static xmlTextReaderPtr part_open(Ctx *c, const char *name, bool required)
{
  if (c->failed)
    return NULL;
  if (unzLocateFile(c->zip, name, 2) != UNZ_OK) {
    if (required)
      fail(c, 0, 0, "the workbook has no part '%s'; is it an XLSX file saved by a spreadsheet program?", name);
    return NULL;
  }
  unz_file_info64 info;
  if (unzGetCurrentFileInfo64(c->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
    fail(c, 0, 0, "the part '%s' cannot be read from the archive", name);
    return NULL;
  }
  if (info.flag & 1) {
    fail(c, 0, 0, "the part '%s' is encrypted; save the workbook without a password", name);
    return NULL;
  }
  if (info.compression_method != 0 && info.compression_method != Z_DEFLATED) {
    fail(c, 0, 0, "the part '%s' uses a compression method other than deflate; not read", name);
    return NULL;
  }
  if (info.uncompressed_size > (ZPOS64_T)c->lim->part_bytes ||
      (info.uncompressed_size > (1u << 20) && info.uncompressed_size / (info.compressed_size + 1) > (ZPOS64_T)c->lim->ratio)) {
    fail(c, 0, 0, "the part '%s' declares %llu bytes from %llu stored (a ZIP bomb?); not read", name,
         (unsigned long long)info.uncompressed_size, (unsigned long long)info.compressed_size);
    return NULL;
  }
  if (unzOpenCurrentFile(c->zip) != UNZ_OK) {
    fail(c, 0, 0, "the part '%s' cannot be opened", name);
    return NULL;
  }
  c->part = name;
  c->part_bytes = 0;
  c->part_declared = (long)info.uncompressed_size;
  c->over = false;
  c->m_state = MK_TEXT, c->m_line = 1;
  c->xml_err[0] = '\0';
  c->xml_line = 0;
  xmlTextReaderPtr r = xmlReaderForIO(xml_read_cb, xml_close_cb, c, name, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  if (!r) {
    unzCloseCurrentFile(c->zip);
    fail(c, 0, 0, "cannot start reading the part '%s'", name);
    return NULL;
  }
  xmlTextReaderSetErrorHandler(r, xml_error_cb, c);
  return r;
}

/* Close a part; false when it ended in an error (reported). */
static bool part_close(Ctx *c, xmlTextReaderPtr r, int last)
{
  if (last < 0 && !c->failed) {
    if (c->xml_err[0])
      fail(c, 0, 0, "the part '%s' is not well-formed XML (line %d: %s)", c->part, c->xml_line, c->xml_err);
    else
      fail(c, 0, 0, "the part '%s' is not well-formed XML", c->part);
  }
  xmlFreeTextReader(r);
  int crc = unzCloseCurrentFile(c->zip);
  if (crc == UNZ_CRCERROR && !c->failed && last == 0)
    fail(c, 0, 0, "the part '%s' is damaged (CRC error)", c->part);
  return !c->failed;
}

/* The next node; -1 on an error, 0 at the end.  A DOCTYPE is refused. */
static int next(Ctx *c, xmlTextReaderPtr r)
{
  if (c->failed)
    return -1;
  int rc = xmlTextReaderRead(r);
  if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE) {
    fail(c, 0, 0, "the part '%s' has a DOCTYPE (a DTD, which may define entities); not read", c->part);
    return -1;
  }
  if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_ENTITY_REFERENCE) {
    fail(c, 0, 0, "the part '%s' refers to an entity; not read", c->part);
    return -1;
  }
  return rc;
}

static bool is_elem(xmlTextReaderPtr r, const char *local)
{
  return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
         strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0;
}

static bool is_end(xmlTextReaderPtr r, const char *local)
{
  return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
         strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0;
}

/* An attribute by local name (any namespace), copied into the arena; NULL when absent. */
static const char *attr(Ctx *c, xmlTextReaderPtr r, const char *local)
{
  const char *v = NULL;
  if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
    do {
      if (strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0) {
        v = arena_strdup(c->arena, (const char *)xmlTextReaderConstValue(r));
        break;
      }
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
  }
  return v;
}

/* Append text to b, refusing a text longer than the cell limit (a shared
 * string: marked, and refused at the first cell that uses it). */
static bool text_add(Ctx *c, Buf *b, const char *s, int row, int col)
{
  if (c->in_sst && c->sst_why)
    return true;  // already refused: the rest of its text is not kept
  buf_puts(b, s);
  if (b->len > (size_t)c->lim->text_chars * 4 || utf8_len(b->s) > (size_t)c->lim->text_chars) {
    if (c->in_sst) {
      c->sst_why = arena_printf(c->arena, "is longer than %ld characters; not read", c->lim->text_chars);
      return true;
    }
    fail(c, row, col, "%s: the text is longer than %ld characters; not read", where(c, row, col), c->lim->text_chars);
    return false;
  }
  return true;
}

/* The text of a string item (<si> or <is>): every <t> in it, outside phonetic runs (<rPh>). */
static int read_rich_text(Ctx *c, xmlTextReaderPtr r, const char *end, Buf *b, int row, int col)
{
  int rc, depth_t = 0, in_rph = 0;
  if (xmlTextReaderIsEmptyElement(r))
    return 1;
  while ((rc = next(c, r)) == 1) {
    int type = xmlTextReaderNodeType(r);
    if (is_end(r, end))
      return 1;
    if (is_elem(r, "rPh") && !xmlTextReaderIsEmptyElement(r))
      in_rph++;
    else if (is_end(r, "rPh"))
      in_rph--;
    else if (is_elem(r, "t") && !xmlTextReaderIsEmptyElement(r))
      depth_t++;
    else if (is_end(r, "t"))
      depth_t--;
    else if (depth_t > 0 && !in_rph &&
             (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
              type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE)) {
      if (!text_add(c, b, (const char *)xmlTextReaderConstValue(r), row, col))
        return -1;
    }
  }
  return rc;
}

/* Excel's escapes _xHHHH_ in strings, undone; false when one is a forbidden control character. */
static bool unescape_x(Ctx *c, Buf *b, int row, int col)
{
  if (!b->s || !strstr(b->s, "_x"))
    return true;
  size_t o = 0;
  for (size_t i = 0; i < b->len;) {
    unsigned v = 0;
    bool esc = i + 7 <= b->len && b->s[i] == '_' && b->s[i + 1] == 'x' && b->s[i + 6] == '_';
    for (int k = 2; esc && k < 6; k++) {
      char h = b->s[i + k];
      esc = (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
      v = v * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    if (!esc) {
      b->s[o++] = b->s[i++];
      continue;
    }
    if ((v < 0x20 && v != '\t' && v != '\n' && v != '\r') || (v >= 0xD800 && v <= 0xDFFF) || v == 0x7F) {
      if (c->in_sst)
        c->sst_why = arena_printf(c->arena, "holds the control character U+%04X, which objreg does not accept; remove it", v);
      else
        fail(c, row, col, "%s: the text holds the control character U+%04X, which objreg does not accept; remove it",
             where(c, row, col), v);
      return false;
    }
    // v < 0x10000: one to three bytes, never longer than the seven of the escape
    if (v < 0x80) {
      b->s[o++] = (char)v;
    } else if (v < 0x800) {
      b->s[o++] = (char)(0xC0 | (v >> 6));
      b->s[o++] = (char)(0x80 | (v & 0x3F));
    } else {
      b->s[o++] = (char)(0xE0 | (v >> 12));
      b->s[o++] = (char)(0x80 | ((v >> 6) & 0x3F));
      b->s[o++] = (char)(0x80 | (v & 0x3F));
    }
    i += 7;
  }
  b->len = o;
  b->s[o] = '\0';
  return true;
}

//
// workbook.xml and its relationships
//

typedef struct {
  const char *name, *rid;
  bool hidden;  // state="hidden" or "veryHidden": not shown in Excel's tabs
} SheetRef;

static void read_workbook(Ctx *c, SheetRef **sheets, int *n)
{
  xmlTextReaderPtr r = part_open(c, "xl/workbook.xml", true);
  if (!r)
    return;
  int rc, cap = 0;
  while ((rc = next(c, r)) == 1) {
    if (is_elem(r, "workbookPr")) {
      const char *d = attr(c, r, "date1904");
      c->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (is_elem(r, "sheet")) {
      if (*n >= 10000) {
        fail(c, 0, 0, "the workbook has more than 10000 sheets; not read");
        rc = -1;
        break;
      }
      if (*n == cap)
        *sheets = xrealloc(*sheets, (size_t)(cap = cap ? cap * 2 : 8) * sizeof **sheets);
      const char *state = attr(c, r, "state");
      (*sheets)[*n].name = attr(c, r, "name");
      (*sheets)[*n].hidden = state && strcmp(state, "visible") != 0;
      (*sheets)[(*n)++].rid = attr(c, r, "id");
    }
  }
  part_close(c, r, rc);
}

typedef struct {
  const char *id, *type, *target;
} Rel;

static Rel *read_rels(Ctx *c, int *n)
{
  Rel *v = NULL;
  int cap = 0, rc;
  *n = 0;
  xmlTextReaderPtr r = part_open(c, "xl/_rels/workbook.xml.rels", true);
  if (!r)
    return NULL;
  while ((rc = next(c, r)) == 1) {
    if (!is_elem(r, "Relationship"))
      continue;
    if (*n >= 20000) {
      fail(c, 0, 0, "the workbook has too many relationships; not read");
      rc = -1;
      break;
    }
    if (*n == cap)
      v = xrealloc(v, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *v);
    v[*n].id = attr(c, r, "Id");
    v[*n].type = attr(c, r, "Type");
    v[(*n)++].target = attr(c, r, "Target");
  }
  part_close(c, r, rc);
  return v;
}

/* The part name of a relationship target (relative to xl/, or absolute). */
static const char *rel_part(Ctx *c, const char *target)
{
  if (!target)
    return NULL;
  if (target[0] == '/')
    return arena_strdup(c->arena, target + 1);
  const char *base = "xl/";
  while (strncmp(target, "../", 3) == 0)
    target += 3, base = "";
  return arena_printf(c->arena, "%s%s", base, target);
}

static bool ends_with(const char *s, const char *suffix)
{
  size_t a = s ? strlen(s) : 0, b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

//
// sharedStrings.xml, styles.xml
//

static void read_shared_strings(Ctx *c, const char *part)
{
  xmlTextReaderPtr r = part_open(c, part, false);
  if (!r)
    return;
  int rc;
  Buf b;
  buf_init(&b);
  while ((rc = next(c, r)) == 1) {
    if (!is_elem(r, "si"))
      continue;
    if (c->n_sst >= c->lim->strings) {
      fail(c, 0, 0, "the workbook has more than %ld shared strings; not read", c->lim->strings);
      rc = -1;
      break;
    }
    b.len = 0;
    if (b.s)
      b.s[0] = '\0';
    c->in_sst = true;
    c->sst_why = NULL;
    rc = read_rich_text(c, r, "si", &b, 0, 0);
    if (rc == 1 && !c->sst_why)
      unescape_x(c, &b, 0, 0);
    c->in_sst = false;
    if (rc != 1)
      break;
    if (c->n_sst == c->cap_sst)
      c->sst = xrealloc(c->sst, (size_t)(c->cap_sst = c->cap_sst ? c->cap_sst * 2 : 256) * sizeof *c->sst);
    c->sst[c->n_sst].why = c->sst_why;
    c->sst[c->n_sst++].text = c->sst_why ? "" : arena_strndup(c->arena, b.s ? b.s : "", b.len);
  }
  buf_release(&b);
  part_close(c, r, rc);
}

/* What one section of a number format shows: its kind, and whether it shows
 * the number at all. */
static void section_end(FmtSection *s, bool date, bool time, bool month, bool percent, bool day)
{
  s->kind = date || (month && !time) ? K_DATE : time ? K_TIME : percent ? K_PERCENT : K_PLAIN;
  if (s->kind == K_DATE && !day)
    s->span = month ? 'm' : 'y';
  if (s->kind == K_DATE || s->kind == K_TIME)
    s->digits = s->zero = true, s->scale = 0;
  if (s->at && !s->digits)  // a text section ("@"): a number in it is shown as in General
    s->digits = s->zero = true;
}

/* A number format code read into its sections (at most four: positive;
 * negative; zero; text), each with what it shows: a date, a time, a
 * percentage or a number; a scaling (a comma after the last digit
 * placeholder divides the value shown by 1000); whether it shows digits
 * at all (an empty section hides the value, a section of literal text shows
 * that text).  A condition ([<1], [>=100]) or a fifth section marks the
 * format as one objreg does not read. */
static void format_parse(const char *code, NumFmt *f)
{
  memset(f, 0, sizeof *f);
  f->n = 1;
  FmtSection *s = &f->sec[0];
  bool date = false, time = false, percent = false, month = false, day = false, after_digit = false;
  int commas = 0;
  for (const char *p = code; *p; p++) {
    char ch = *p;
    if (commas && ch != ',' && !strchr("0#?", ch)) {
      s->scale = (unsigned char)(commas < 9 ? commas : 9);  // a comma after the last digit placeholder
      commas = 0;
    }
    if (ch != ',')
      after_digit = after_digit && strchr("0#?", ch);
    if (ch == '"') {  // quoted text
      if (p[1] && p[1] != '"')
        s->text = true, s->nondash |= !(p[1] == '-' && p[2] == '"');
      for (const char *q = p + 1; *q && *q != '"'; q++)
        s->sign |= *q == '-' || *q == '(', s->dash |= is_dash(q);
      while (p[1] && p[1] != '"')
        p++;
      if (p[1])
        p++;
    } else if (ch == '\\' || ch == '*') {  // an escaped character, or a fill
      if (p[1] && p[1] != ' ')
        s->text = true, s->nondash |= p[1] != '-';
      s->sign |= ch == '\\' && (p[1] == '-' || p[1] == '(');
      s->dash |= ch == '\\' && is_dash(p + 1);
      p = past_next(p);
    } else if (ch == '_') {  // a space the width of the next character
      p = past_next(p);
    } else if (ch == '[') {  // [Red], [$-409], [>100]; [h], [mm], [ss] are elapsed time
      const char *e = strchr(p, ']');
      if (!e)
        break;
      if (p[1] == '<' || p[1] == '>' || p[1] == '=')
        f->odd = true;
      bool elapsed = e > p + 1 && p[1] && strchr("hHmMsS", p[1]);  // [Magenta] and [White] are colours
      for (const char *q = p + 1; q < e && elapsed; q++)
        elapsed = (*q | 0x20) == (p[1] | 0x20);
      time |= elapsed;
      s->elapsed |= elapsed;
      if (p[1] == '$' && p[2] && p[2] != '-' && p[2] != ']')
        s->text = true, s->nondash = true;  // a currency symbol
      s->sign |= !elapsed && p[1] != '$' && p[1] != '<' && p[1] != '>' && p[1] != '=';  // [Red], [Color10]
      p = e;
    } else if (ch == ';') {
      section_end(s, date, time, month, percent, day);
      if (f->n == 4) {
        f->odd = true;  // a fifth section
        return;
      }
      s = &f->sec[f->n++];
      date = time = percent = month = day = after_digit = false;
      commas = 0;
    } else if (strncasecmp(p, "general", 7) == 0) {
      s->digits = s->zero = true;
      p += 6;
    } else if (ch == '0' || ch == '#' || ch == '?') {
      s->digits = true;
      s->zero |= ch == '0';
      after_digit = true;
      commas = 0;
    } else if (ch == ',') {
      commas += after_digit || commas;
    } else if (ch == '/') {
      s->zero |= s->digits;  // a fraction shows 0 as 0
    } else if (ch == '@') {
      s->at = true;
    } else {
      switch (ch | 0x20) {
      case 'y': date = true; break;
      case 'd': date = day = true; break;
      case 'h': case 's': time = true; break;
      case 'm': month = true; break;
      case 'e': if (!s->digits) s->text = true, s->nondash = true; break;  // after digits: an exponent
      default:
        if (ch == '%')
          percent = true;
        else if (ch != ' ' && ch != '.' && ch != '+' && ch != '(' && ch != ')')
          s->text = true, s->nondash |= ch != '-', s->sign |= ch == '-', s->dash |= is_dash(p);
        else if (ch == '(' || ch == ')')
          s->text = true, s->nondash = true, s->sign |= ch == '(';
      }
    }
  }
  if (commas)
    s->scale = (unsigned char)(commas < 9 ? commas : 9);
  section_end(s, date, time, month, percent, day);
}

static unsigned char builtin_kind(int id)
{
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
    return K_DATE;
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
    return K_TIME;
  if (id == 9 || id == 10)
    return K_PERCENT;
  return K_PLAIN;
}

/* The number format with a built-in id (ECMA-376 18.8.30): those with more than
 * one section by their code, the others by kind. */
static void builtin_format(int id, NumFmt *f)
{
  static const char *const codes[] = {
    [37] = "#,##0 ;(#,##0)", [38] = "#,##0 ;[Red](#,##0)", [39] = "#,##0.00;(#,##0.00)",
    [40] = "#,##0.00;[Red](#,##0.00)", [41] = "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
    [42] = "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)",
    [43] = "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)",
    [44] = "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)",
  };
  if (id >= 0 && id < (int)(sizeof codes / sizeof *codes) && codes[id]) {
    format_parse(codes[id], f);
    f->code = codes[id];
    return;
  }
  memset(f, 0, sizeof *f);
  f->n = 1;
  f->sec[0] = (FmtSection){.kind = builtin_kind(id), .digits = true, .zero = true,
                           .elapsed = id == 46, .span = id == 17 ? 'm' : 0};  // [h]:mm:ss, mmm-yy
}

static int fmt_id_cmp(const void *a, const void *b)
{
  const NumFmtId *x = a, *y = b;
  return x->id != y->id ? (x->id > y->id) - (x->id < y->id) : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The format with id fid: the last <numFmt> that defines it, else the built-in one. */
static void format_of(Ctx *c, int fid, NumFmt *f)
{
  int lo = 0, hi = c->n_fmts;
  while (lo < hi) {  // the first entry with an id above fid
    int mid = lo + (hi - lo) / 2;
    if (c->fmts[mid].id <= fid)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo > 0 && c->fmts[lo - 1].id == fid)
    *f = c->fmts[lo - 1].f;
  else
    builtin_format(fid, f);
}

static void read_styles(Ctx *c, const char *part)
{
  xmlTextReaderPtr r = part_open(c, part, false);
  if (!r)
    return;
  int rc;
  bool in_xfs = false;
  while ((rc = next(c, r)) == 1) {
    if (is_elem(r, "numFmt") && !c->fmts_sorted) {  // before the cell formats, as ECMA-376 has them
      const char *id = attr(c, r, "numFmtId"), *code = attr(c, r, "formatCode");
      if (id && code && c->n_fmts < 100000) {
        if (c->n_fmts == c->cap_fmts)
          c->fmts = xrealloc(c->fmts, (size_t)(c->cap_fmts = c->cap_fmts ? c->cap_fmts * 2 : 16) * sizeof *c->fmts);
        NumFmtId *e = &c->fmts[c->n_fmts];
        e->id = atoi(id);
        e->seq = c->n_fmts++;
        format_parse(code, &e->f);
        e->f.code = code;
      }
    } else if (is_elem(r, "cellXfs")) {
      in_xfs = !xmlTextReaderIsEmptyElement(r);
    } else if (is_end(r, "cellXfs")) {
      in_xfs = false;
    } else if (in_xfs && is_elem(r, "xf")) {
      if (c->n_xf >= 100000) {
        fail(c, 0, 0, "the workbook has more than 100000 cell formats; not read");
        rc = -1;
        break;
      }
      if (!c->fmts_sorted && c->n_fmts)
        qsort(c->fmts, (size_t)c->n_fmts, sizeof *c->fmts, fmt_id_cmp);
      c->fmts_sorted = true;
      const char *id = attr(c, r, "numFmtId");
      if (c->n_xf == c->cap_xf)
        c->xf_fmt = xrealloc(c->xf_fmt, (size_t)(c->cap_xf = c->cap_xf ? c->cap_xf * 2 : 64) * sizeof *c->xf_fmt);
      format_of(c, id ? atoi(id) : 0, &c->xf_fmt[c->n_xf++]);
    }
  }
  part_close(c, r, rc);
}

//
// Values
//

/* "B12" -> column 2, row 12; false when it is not a cell reference within Excel's grid. */
bool xlsx_ref_parse(const char *s, int *row, int *col)
{
  long c = 0, r = 0;
  const char *p = s;
  while (*p >= 'A' && *p <= 'Z' && p - s < 3)
    c = c * 26 + (*p++ - 'A' + 1);
  if (p == s || !(*p >= '1' && *p <= '9'))
    return false;
  while (*p >= '0' && *p <= '9' && r <= MAX_ROWS)
    r = r * 10 + (*p++ - '0');
  if (*p || c > MAX_COLS || r > MAX_ROWS)
    return false;
  *row = (int)r;
  *col = (int)c;
  return true;
}

void xlsx_ref_format(int row, int col, char out[16])
{
  char letters[4];
  int n = 0;
  for (int c = col; c > 0 && n < 3; c = (c - 1) / 26)
    letters[n++] = (char)('A' + (c - 1) % 26);
  int o = 0;
  while (n)
    out[o++] = letters[--n];
  snprintf(out + o, 16 - (size_t)o, "%d", row);
}

/* A number as Excel shows it in General format: up to 15 significant digits, no exponent
 * for the magnitudes a register holds. */
static const char *number_text(Arena *a, double v)
{
  char s[64];
  if (v == 0)
    return "0";
  double av = fabs(v);
  if (av >= 1e15 || av < 1e-9) {
    snprintf(s, sizeof s, "%.15g", v);
  } else {
    int digits = (int)floor(log10(av)) + 1;  // before the decimal point
    int decimals = 15 - digits;
    if (decimals < 0)
      decimals = 0;
    snprintf(s, sizeof s, "%.*f", decimals, v);
    decimal_tidy(s);
  }
  return arena_strdup(a, s);
}

/* A date serial as Excel shows it: YYYY-MM-DD, and " HH:MM:SS" when it has a
 * time of day (to the millisecond, as Excel keeps it: 23:59:59.999 is not the
 * next day); with a time format (time_only), never a number: with an elapsed
 * time format ([h]:mm, elapsed) a duration as [-]H:MM:SS, hours past 24
 * included; else (h:mm) the time of day as [-]HH:MM:SS, hours modulo 24.  Excel's own 1900 dates
 * before 1900-03-01 are those it shows, its 1900-02-29 (serial 60) and
 * 1900-01-00 (0) included, which no date reader takes.  NULL when it is no
 * date Excel can show (negative, or after 9999). */
static const char *serial_text(Arena *a, double v, bool date1904, bool time_only, bool elapsed)
{
  if (!(fabs(v) < 2958466))
    return NULL;
  if (time_only) {
    long long s = llround(fabs(v) * 86400000.0) / 1000;
    if (!elapsed)
      s %= 86400;  // h:mm shows the time of day, as Excel does: 1.125 days is 3:00
    return arena_printf(a, "%s%02lld:%02lld:%02lld", v < 0 ? "-" : "", s / 3600, s / 60 % 60, s % 60);
  }
  if (!(v >= 0))
    return NULL;
  double days = floor(v);
  long ms = lround((v - days) * 86400000.0);
  if (ms == 86400000)
    days += 1, ms = 0;
  char t[32];
  int sec = (int)(ms / 1000);  // 0 .. 86399
  snprintf(t, sizeof t, "%02d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60);
  char ds[11];
  if (!date1904 && days == 0)
    strcpy(ds, "1900-01-00");
  else if (!date1904 && days == 60)
    strcpy(ds, "1900-02-29");
  else  // 1904-01-01, 1899-12-30 (1899-12-31 before Excel's 1900-02-29) in days from 1970
    date_format((Date)days + (date1904 ? -24107 : days < 60 ? -25568 : -25569), ds);
  return ms ? arena_printf(a, "%s %s", ds, t) : arena_strdup(a, ds);
}

//
// The sheet
//

static void add_cell(Ctx *c, int row, int col, XlsxKind kind, const char *text, double num)
{
  XlsxSheet *s = c->out;
  if (s->n_cells >= c->lim->cells) {
    fail(c, row, col, "%s: the sheet has more than %ld cells with a value; not read", where(c, row, col), c->lim->cells);
    return;
  }
  if (s->n_cells == s->cap_cells)
    s->cells = xrealloc(s->cells, (size_t)(s->cap_cells = s->cap_cells ? s->cap_cells * 2 : 256) * sizeof *s->cells);
  s->cells[s->n_cells++] = (XlsxCell){row, col, kind, text, num, 0};
  if (row > s->n_rows)
    s->n_rows = row;
  if (col > s->n_cols)
    s->n_cols = col;
}

/* Where a <c> element is (its r attribute, else the next column of row):
 * false after a failure. */
static bool cell_ref(Ctx *c, const char *ref, int row, int col, int *rr, int *cc)
{
  *rr = row, *cc = col + 1;
  if (ref && !xlsx_ref_parse(ref, rr, cc)) {
    fail(c, row, col + 1, "%s: '%.20s' is not a cell reference within A1:XFD1048576", where(c, row, 0), ref);
    return false;
  }
  if (!ref && *cc > MAX_COLS) {
    fail(c, row, *cc, "%s: the row has a cell beyond column XFD; not read", where(c, row, 0));
    return false;
  }
  if (*rr != row) {
    fail(c, *rr, *cc, "%s lies outside its row %d", where(c, *rr, *cc), row);
    return false;
  }
  return true;
}

/* What a <c> element holds: its value <v>, inline string <is>, formula <f>. */
typedef struct {
  Buf v, is, f;
  bool has_v, has_is, has_f;
} CellParts;

static void cell_parts_release(CellParts *p)
{
  buf_release(&p->v);
  buf_release(&p->is);
  buf_release(&p->f);
}

/* Read the children of a <c> element (the reader on it) into p; 1, or the reader's failure. */
static int read_cell_parts(Ctx *c, xmlTextReaderPtr r, CellParts *p, int rr, int cc)
{
  int rc = 1, in_v = 0, in_f = 0;
  if (xmlTextReaderIsEmptyElement(r))
    return 1;
  while ((rc = next(c, r)) == 1) {
    int type = xmlTextReaderNodeType(r);
    if (is_end(r, "c"))
      break;
    if (is_elem(r, "v")) {
      p->has_v = true;
      in_v = !xmlTextReaderIsEmptyElement(r);
    } else if (is_end(r, "v")) {
      in_v = 0;
    } else if (is_elem(r, "f")) {
      p->has_f = true;
      in_f = !xmlTextReaderIsEmptyElement(r);
    } else if (is_end(r, "f")) {
      in_f = 0;
    } else if (in_f && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA)) {
      if (!text_add(c, &p->f, (const char *)xmlTextReaderConstValue(r), rr, cc))
        return -1;
    } else if (is_elem(r, "is")) {
      p->has_is = true;
      if ((rc = read_rich_text(c, r, "is", &p->is, rr, cc)) != 1)
        return rc;
    } else if (in_v && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                        type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_CDATA)) {
      if (!text_add(c, &p->v, (const char *)xmlTextReaderConstValue(r), rr, cc))
        return -1;
    }
  }
  return rc;
}

/* s as a message quotes it: at most max bytes, cut at a character, control characters as spaces. */
static const char *excerpt(Arena *a, const char *s, size_t max)
{
  size_t n = 0;
  while (s[n] && (n < max || ((unsigned char)s[n] & 0xC0) == 0x80))
    n++;
  char *e = arena_strndup(a, s, n);
  for (char *p = e; *p; p++)
    if ((unsigned char)*p < 0x20)
      *p = ' ';
  return arena_printf(a, "%s%s", e, s[n] ? "..." : "");
}

/* A cell objreg does not read: kept as XV_REFUSED with why (what it holds,
 * what the sheet shows instead, how to fix it), which its reader reports
 * where it reads the cell. */
static void refuse(Ctx *c, int rr, int cc, const char *why)
{
  add_cell(c, rr, cc, XV_REFUSED, why, 0);
}

/* Whether number d with format f (its section sec, the one Excel shows d
 * with) is shown as something other than d, and so refused: a format with a
 * condition, a section that hides the value or shows text in its place, or
 * one that scales it. */
static bool shown_as_held(Ctx *c, const NumFmt *f, const FmtSection *sec, double d, int rr, int cc)
{
  Arena *a = c->arena;
  bool scaled = sec->scale && sec->kind != K_DATE && sec->kind != K_TIME;
  bool unsigned_negative = d < 0 && sec == &f->sec[1] && !sec->sign;  // a negative section shows no minus itself
  if (!f->odd && (d != 0 || !sec->text || sec->nondash) && sec->digits && (d != 0 || sec->zero) && !scaled &&
      !unsigned_negative)
    return false;  // shown as held: nothing to say (and nothing allocated, for every number of a sheet)
  const char *code = f->code ? excerpt(a, f->code, 40) : "", *v = number_text(a, d);
  if (f->odd) {
    refuse(c, rr, cc, arena_printf(a, "the number format '%s' has a condition (such as [<1]) or more than four "
                                      "sections, which objreg does not read: format the cell as Number, Percentage "
                                      "or Date", code));
    return true;
  }
  if (d == 0 && sec->dash)
    return false;  // 0 shown as a dash, as the accounting formats show it, a currency beside it or not
  if (!sec->digits && !sec->text) {
    refuse(c, rr, cc, arena_printf(a, "the cell holds %s, but its number format '%s' hides it (the cell shows "
                                      "nothing): format the cell as Number, or clear the cell", v, code));
    return true;
  }
  if (!sec->digits || (d == 0 && !sec->zero)) {
    refuse(c, rr, cc, arena_printf(a, "the cell holds %s, but its number format '%s' shows %s in its place: "
                                      "format the cell as Number", v, code, sec->digits ? "no digit" : "text"));
    return true;
  }
  if (unsigned_negative) {
    refuse(c, rr, cc, arena_printf(a, "the cell holds %s, but its number format '%s' shows it without a minus sign, "
                                      "parentheses or a colour, as %s: format the cell as Number", v, code,
                                   number_text(a, -d)));
    return true;
  }
  if (scaled) {
    refuse(c, rr, cc, arena_printf(a, "the cell holds %s, but its number format '%s' shows it divided by %s (%s; "
                                      "a comma after the last digit scales by 1000): enter the value as shown, "
                                      "or remove the scaling from the format", v, code,
                                   sec->scale == 1 ? "1000" : sec->scale == 2 ? "1000000" : "a power of 1000",
                                   number_text(a, d / pow(1000, sec->scale))));
    return true;
  }
  return false;
}

/* A number cell (no type, or t="n") with its style st: a date, a percentage or a number. */
static void add_number(Ctx *c, const char *vs, const char *st, int rr, int cc)
{
  Arena *a = c->arena;
  char *end;
  // xsd:double, which ECMA-376 uses: white space around it, [+-], digits with a
  // point and digits (either may be missing, not both), [E[+-]digits]; INF and NaN
  // are not finite.  Not strtod's hex, inf or nan.
  size_t i = strspn(vs, " \t\r\n");
  i += vs[i] == '-' || vs[i] == '+';
  size_t k = strspn(vs + i, "0123456789");
  i += k;
  if (vs[i] == '.') {
    size_t f = strspn(vs + i + 1, "0123456789");
    i += 1 + f;
    k += f;
  }
  bool syntax = k > 0;
  if (syntax && (vs[i] == 'E' || vs[i] == 'e')) {
    i++;
    i += vs[i] == '+' || vs[i] == '-';
    syntax = (k = strspn(vs + i, "0123456789")) > 0;
    i += k;
  }
  i += strspn(vs + i, " \t\r\n");
  double d = strtod(vs, &end);
  end += strspn(end, " \t\r\n");
  if (!syntax || vs[i] || *end || !isfinite(d)) {
    fail(c, rr, cc, "%s holds '%.30s', which is not a number", where(c, rr, cc), vs);
    return;
  }
  int xf = st ? atoi(st) : 0;
  const NumFmt *f = xf >= 0 && xf < c->n_xf ? &c->xf_fmt[xf] : NULL;
  const FmtSection *sec = f ? &f->sec[f->n == 1 || (f->n == 2 && d >= 0) || (f->n > 2 && d > 0) ? 0 : d < 0 ? 1 : 2]
                            : NULL;
  if (f && shown_as_held(c, f, sec, d, rr, cc))
    return;
  unsigned char kind = sec ? sec->kind : K_PLAIN;
  const char *dt = kind == K_DATE || kind == K_TIME ? serial_text(a, d, c->date1904, kind == K_TIME, sec->elapsed)
                                                    : NULL;
  if (dt) {
    add_cell(c, rr, cc, XV_DATE, dt, d);
    if (!c->failed && kind == K_DATE)
      c->out->cells[c->out->n_cells - 1].span = sec->span;
  } else if (kind == K_PERCENT) {
    add_cell(c, rr, cc, XV_PERCENT, arena_printf(a, "%s%%", number_text(a, d * 100)), d);
  } else {
    add_cell(c, rr, cc, XV_NUMBER, number_text(a, d), d);
  }
}

/* Whether text cell rr:cc with style st shows its text; else refused: a
 * format with a text section (the fourth) that has no '@' shows that
 * section in its place (";;;" shows nothing). */
static bool text_shown(Ctx *c, const char *st, const char *text, int rr, int cc)
{
  int xf = st ? atoi(st) : 0;
  const NumFmt *f = xf >= 0 && xf < c->n_xf ? &c->xf_fmt[xf] : NULL;
  if (!f || f->n < 4 || f->sec[3].at)
    return true;
  Arena *a = c->arena;
  refuse(c, rr, cc, arena_printf(a, "the cell holds the text '%s', but its number format '%s' %s: format the cell "
                                    "as Text or General", excerpt(a, text, 30), f->code ? excerpt(a, f->code, 40) : "",
                                 f->sec[3].text ? "shows other text in its place" : "hides it (the cell shows nothing)"));
  return false;
}

/* Whether s is an ISO 8601 time of day, as a t="d" cell has it after its T:
 * hh:mm[:ss[.fff]], then Z or +hh:mm / -hh:mm or nothing. */
static bool iso_time(const char *s)
{
  const char *d = "0123456789";
  if (strspn(s, d) != 2 || s[2] != ':' || strspn(s + 3, d) != 2 || (s[0] - '0') * 10 + s[1] - '0' > 24 || s[3] > '5')
    return false;
  s += 5;
  if (*s == ':') {
    if (strspn(s + 1, d) != 2 || s[1] > '5')
      return false;
    s += 3;
    if (*s == '.' && strspn(s + 1, d) > 0)
      s += 1 + strspn(s + 1, d);
  }
  if (*s == 'Z')
    s++;
  else if ((*s == '+' || *s == '-') && strspn(s + 1, d) == 2 && s[3] == ':' && strspn(s + 4, d) == 2)
    s += 6;
  return *s == '\0';
}

/* The cell a <c> element of type t (NULL: a number) and style st holds, if any. */
static void add_value(Ctx *c, CellParts *p, const char *t, const char *st, int rr, int cc)
{
  const char *vs = p->v.s ? p->v.s : "";
  Arena *a = c->arena;
  if (t && strcmp(t, "inlineStr") == 0) {
    if (p->has_is && unescape_x(c, &p->is, rr, cc) && p->is.len && text_shown(c, st, p->is.s, rr, cc))
      add_cell(c, rr, cc, XV_TEXT, arena_strndup(a, p->is.s, p->is.len), 0);
  } else if (!p->has_v) {
    // no value: an empty (formatted) cell
  } else if (t && strcmp(t, "s") == 0) {
    char *end;
    long i = strtol(vs, &end, 10);
    if (!*vs || *end || i < 0 || i >= c->n_sst)
      fail(c, rr, cc, "%s refers to shared string '%.20s', which the workbook does not have", where(c, rr, cc), vs);
    else if (c->sst[i].why)  // reported at the first cell that uses it (the string has no position of its own)
      fail(c, rr, cc, "%s: its text (shared string %ld) %s", where(c, rr, cc), i, c->sst[i].why);
    else if (*c->sst[i].text && text_shown(c, st, c->sst[i].text, rr, cc))
      add_cell(c, rr, cc, XV_TEXT, c->sst[i].text, 0);
  } else if (t && (strcmp(t, "str") == 0 || strcmp(t, "e") == 0)) {
    if (unescape_x(c, &p->v, rr, cc) && p->v.len && (t[0] == 'e' || text_shown(c, st, p->v.s, rr, cc)))
      add_cell(c, rr, cc, t[0] == 'e' ? XV_ERROR : XV_TEXT, arena_strndup(a, p->v.s, p->v.len), 0);
  } else if (t && strcmp(t, "b") == 0) {
    if (strcmp(vs, "1") == 0 || strcmp(vs, "0") == 0)
      add_cell(c, rr, cc, XV_BOOL, vs[0] == '1' ? "TRUE" : "FALSE", vs[0] == '1');
    else
      fail(c, rr, cc, "%s is a boolean with the value '%.20s' (0 or 1 expected)", where(c, rr, cc), vs);
  } else if (t && strcmp(t, "d") == 0) {
    Date d;
    if (strlen(vs) >= 10 && vs[10] == 'T' && !iso_time(vs + 11) && date_parse(arena_strndup(a, vs, 10), &d))
      refuse(c, rr, cc, arena_printf(a, "the cell holds the date '%s', whose time of day after the T is not ISO "
                                        "8601's (hh:mm:ss): enter the date, in a cell formatted as Date",
                                     excerpt(a, vs, 30)));
    else if (strlen(vs) >= 10 && (vs[10] == '\0' || vs[10] == 'T') && date_parse(arena_strndup(a, vs, 10), &d))
      add_cell(c, rr, cc, XV_DATE, vs[10] && strcmp(vs + 10, "T00:00:00") && strcmp(vs + 10, "T00:00:00Z")
                                       ? arena_strdup(a, vs) : arena_strndup(a, vs, 10), (double)d);
    else
      fail(c, rr, cc, "%s holds the date '%.30s', which is not an ISO 8601 date", where(c, rr, cc), vs);
  } else if (!t || strcmp(t, "n") == 0) {
    add_number(c, vs, st, rr, cc);
  } else {
    fail(c, rr, cc, "%s has the unknown type '%.20s'", where(c, rr, cc), t);
  }
}

/* One <c> element, the reader on it. */
static int read_cell(Ctx *c, xmlTextReaderPtr r, int row, int *col)
{
  const char *ref = attr(c, r, "r"), *t = attr(c, r, "t"), *st = attr(c, r, "s");
  int rr, cc;
  if (!cell_ref(c, ref, row, *col, &rr, &cc))
    return -1;
  *col = cc;
  CellParts p = {.has_v = false};
  buf_init(&p.v);
  buf_init(&p.is);
  buf_init(&p.f);
  int rc = read_cell_parts(c, r, &p, rr, cc);
  if (rc != 1) {
    cell_parts_release(&p);
    return rc;
  }
  bool inline_str = t && strcmp(t, "inlineStr") == 0;
  if (p.has_v && p.v.len == 0 && !inline_str)
    p.has_v = false;  // <v/>: no value
  if (!p.has_v && p.has_f && !inline_str)  // a formula the program that wrote the file did not compute: as typed
    add_cell(c, rr, cc, XV_FORMULA, p.f.len ? arena_printf(c->arena, "=%s", p.f.s) : "=(shared formula)", 0);
  else
    add_value(c, &p, t, st, rr, cc);
  cell_parts_release(&p);
  return c->failed ? -1 : 1;
}

static void add_merge(Ctx *c, const char *ref)
{
  XlsxSheet *s = c->out;
  const char *colon = ref ? strchr(ref, ':') : NULL;
  int r1, c1, r2, c2;
  if (!colon || colon - ref > 12 || !xlsx_ref_parse(arena_strndup(c->arena, ref, (size_t)(colon - ref)), &r1, &c1) ||
      !xlsx_ref_parse(colon + 1, &r2, &c2) || r2 < r1 || c2 < c1)
    return;  // a merge that cannot be read only loses its spreading of the header; the cells are kept
  if (s->n_merges >= c->lim->merges) {
    fail(c, r1, c1, "%s: the sheet has more than %ld merged ranges; not read", where(c, r1, c1), c->lim->merges);
    return;
  }
  if (s->n_merges == s->cap_merges)
    s->merges = xrealloc(s->merges, (size_t)(s->cap_merges = s->cap_merges ? s->cap_merges * 2 : 16) * sizeof *s->merges);
  s->merges[s->n_merges++] = (XlsxMerge){r1, c1, r2, c2};
}

/* Whether an attribute says so: "1" or "true". */
static bool attr_true(Ctx *c, xmlTextReaderPtr r, const char *local)
{
  const char *v = attr(c, r, local);
  return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void read_sheet(Ctx *c, const char *part)
{
  xmlTextReaderPtr r = part_open(c, part, true);
  if (!r)
    return;
  XlsxSheet *s = c->out;
  int rc, row = 0, col = 0;
  bool in_data = false, row_hidden = false;
  // Hidden columns (<col hidden="1" min max>, as many as there are): +1 at
  // each range's first column, -1 after its last; summed once the cells are read.
  int *hcols = xcalloc(MAX_COLS + 2, sizeof *hcols);
  while ((rc = next(c, r)) == 1) {
    if (is_elem(r, "col") && attr_true(c, r, "hidden")) {
      const char *mn = attr(c, r, "min"), *mx = attr(c, r, "max");
      long lo = mn ? strtol(mn, NULL, 10) : 0, hi = mx ? strtol(mx, NULL, 10) : lo;
      if (hi > MAX_COLS)
        hi = MAX_COLS;
      if (lo >= 1 && lo <= hi && hcols[lo] < INT_MAX && hcols[hi + 1] > INT_MIN)
        hcols[lo]++, hcols[hi + 1]--;
    } else if (is_elem(r, "sheetData")) {
      in_data = !xmlTextReaderIsEmptyElement(r);
    } else if (is_end(r, "sheetData")) {
      in_data = false;
    } else if (in_data && is_elem(r, "row")) {
      const char *rs = attr(c, r, "r");
      char *end;
      long n = rs ? strtol(rs, &end, 10) : row + 1;
      if ((rs && (*end || !*rs)) || n < 1 || n > MAX_ROWS) {
        fail(c, row + 1, 0, "%s: a row is numbered '%.20s', not 1 to 1048576; not read", where(c, 0, 0), rs ? rs : "");
        rc = -1;
        break;
      }
      row = (int)n;
      col = 0;
      row_hidden = attr_true(c, r, "hidden");
    } else if (in_data && is_elem(r, "c")) {
      if (row == 0)
        row = 1;
      int before = s->n_cells;
      if ((rc = read_cell(c, r, row, &col)) != 1)
        break;
      if (s->n_cells > before && row_hidden && !s->hidden_row)
        s->hidden_row = row;
    } else if (is_elem(r, "mergeCell")) {
      add_merge(c, attr(c, r, "ref"));
    }
  }
  if (part_close(c, r, rc)) {
    unsigned char *hidden = xcalloc(MAX_COLS + 1, 1);
    for (int k = 1, sum = 0; k <= MAX_COLS; k++)
      hidden[k] = (sum += hcols[k]) > 0;
    for (int i = 0; i < s->n_cells; i++)
      if (hidden[s->cells[i].col] && (!s->hidden_col || s->cells[i].col < s->hidden_col))
        s->hidden_col = s->cells[i].col;
    free(hidden);
  }
  free(hcols);
}

static int cell_cmp(const void *a, const void *b)
{
  const XlsxCell *x = a, *y = b;
  return x->row != y->row ? (x->row > y->row) - (x->row < y->row) : (x->col > y->col) - (x->col < y->col);
}

/* Whether the bytes are a ZIP archive (an OLE file, encrypted or .xls, is not); else a failure. */
static bool zip_magic(Ctx *c, const unsigned char *d, size_t len)
{
  if (len >= 4 && memcmp(d, "\xD0\xCF\x11\xE0", 4) == 0) {
    fail(c, 0, 0, "this is an encrypted workbook or an old .xls file: save it as .xlsx without a password");
    return false;
  }
  if (len < 4 || memcmp(d, "PK", 2) != 0) {
    fail(c, 0, 0, "not an XLSX file (not a ZIP archive)");
    return false;
  }
  return true;
}

/* The part that holds the sheet asked for (NULL: the first), with
 * c->out->sheet set to its name; NULL after a failure. */
static const char *sheet_part_of(Ctx *c, const SheetRef *sheets, int n_sheets, const Rel *rels, int n_rels,
                                 const char *sheet)
{
  int which = -1;
  for (int i = 0; i < n_sheets && which < 0; i++)
    if (!sheet || (sheets[i].name && strcmp(sheets[i].name, sheet) == 0))
      which = i;
  if (which < 0 && n_sheets == 0) {
    fail(c, 0, 0, "the workbook has no sheet");
    return NULL;
  }
  if (which < 0) {
    Buf names;
    buf_init(&names);
    for (int i = 0; i < n_sheets && i < 20; i++)
      buf_printf(&names, "%s'%s'", i ? ", " : "", sheets[i].name ? sheets[i].name : "");
    fail(c, 0, 0, "the workbook has no sheet '%s' (it has %s)", sheet, names.s);
    buf_release(&names);
    return NULL;
  }
  c->out->sheet = sheets[which].name ? sheets[which].name : "";
  if (!sheet && sheets[which].hidden) {  // its author sees another sheet first: which one is meant?
    fail(c, 0, 0, "the first sheet, '%s', is hidden: objreg reads a workbook's first sheet; unhide it, or move "
                  "the sheet to read to the front", c->out->sheet);
    return NULL;
  }
  const char *part = NULL;
  for (int i = 0; i < n_rels && !part; i++)
    if (rels[i].id && sheets[which].rid && strcmp(rels[i].id, sheets[which].rid) == 0)
      part = rel_part(c, rels[i].target);
  if (!part)
    fail(c, 0, 0, "the workbook does not say which part holds sheet '%s'", c->out->sheet);
  return part;
}

/* The cells by row, then column; -1 after a failure at a cell given twice. */
static int sort_cells(Ctx *c, XlsxSheet *out)
{
  qsort(out->cells, (size_t)out->n_cells, sizeof *out->cells, cell_cmp);
  for (int i = 1; i < out->n_cells; i++) {
    if (cell_cmp(&out->cells[i - 1], &out->cells[i]) == 0) {
      fail(c, out->cells[i].row, out->cells[i].col, "%s is given twice in the sheet", where(c, out->cells[i].row, out->cells[i].col));
      return -1;
    }
  }
  return 0;
}

/* The first cell at or after row, col (out->n_cells: none). */
static int cell_at_or_after(const XlsxSheet *s, int row, int col)
{
  int lo = 0, hi = s->n_cells;
  XlsxCell key = {.row = row, .col = col};
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (cell_cmp(&s->cells[mid], &key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

#define MERGE_STEPS 20000000L  // cells and rows looked at under merged ranges (overlapping ones are hostile)

/* Every cell with a value under a merged range, other than its first (top
 * left) cell, refused: the sheet shows the first cell's value over the range,
 * and hides the others (LibreOffice can keep them).  -1 after a failure. */
static int hidden_under_merges(Ctx *c, XlsxSheet *s)
{
  long steps = 0;
  for (int m = 0; m < s->n_merges; m++) {
    const XlsxMerge *g = &s->merges[m];
    int i = cell_at_or_after(s, g->r1, g->c1);
    while (i < s->n_cells && s->cells[i].row <= g->r2) {
      XlsxCell *x = &s->cells[i];
      if (++steps > MERGE_STEPS) {
        fail(c, g->r1, g->c1, "%s: the sheet's merged ranges cover more than %ld cells and rows; not read",
             where(c, g->r1, g->c1), MERGE_STEPS);
        return -1;
      }
      if (x->col < g->c1) {
        i = cell_at_or_after(s, x->row, g->c1);
      } else if (x->col > g->c2) {
        i = x->row < g->r2 ? cell_at_or_after(s, x->row + 1, g->c1) : s->n_cells;
      } else {
        if ((x->row != g->r1 || x->col != g->c1) && x->kind != XV_REFUSED) {
          char a1[16], a2[16];
          xlsx_ref_format(g->r1, g->c1, a1);
          xlsx_ref_format(g->r2, g->c2, a2);
          x->text = arena_printf(c->arena, "the cell holds '%s', hidden under the merged range %s:%s: unmerge the "
                                           "cells, or clear the hidden value", excerpt(c->arena, x->text, 30), a1, a2);
          x->kind = XV_REFUSED;
        }
        i++;
      }
    }
  }
  return 0;
}

int xlsx_read(const void *data, size_t len, const char *sheet, const XlsxLimits *lim, XlsxSheet *out)
{
  pthread_once(&xml_once, xml_setup);
  memset(out, 0, sizeof *out);
  arena_init(&out->arena);
  Ctx c = {.out = out, .lim = lim ? lim : &xlsx_default_limits, .arena = &out->arena};
  const unsigned char *d = data;
  if (!zip_magic(&c, d, len))
    return -1;
  Mem m = {d, len, 0};
  zlib_filefunc64_def io = {mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &m};
  c.zip = unzOpen2_64("", &io);
  if (!c.zip) {
    fail(&c, 0, 0, "not an XLSX file (the ZIP archive cannot be read)");
    return -1;
  }
  SheetRef *sheets = NULL;
  int n_sheets = 0, n_rels = 0;
  read_workbook(&c, &sheets, &n_sheets);
  Rel *rels = c.failed ? NULL : read_rels(&c, &n_rels);
  const char *sst_part = "xl/sharedStrings.xml", *styles_part = "xl/styles.xml", *sheet_part = NULL;
  for (int i = 0; i < n_rels; i++) {
    if (ends_with(rels[i].type, "/sharedStrings"))
      sst_part = rel_part(&c, rels[i].target);
    else if (ends_with(rels[i].type, "/styles"))
      styles_part = rel_part(&c, rels[i].target);
  }
  if (!c.failed)
    sheet_part = sheet_part_of(&c, sheets, n_sheets, rels, n_rels, sheet);
  if (!c.failed)
    read_shared_strings(&c, sst_part);
  if (!c.failed)
    read_styles(&c, styles_part);
  if (!c.failed)
    read_sheet(&c, sheet_part);
  unzClose(c.zip);
  free(sheets);
  free(rels);
  free(c.sst);
  free(c.xf_fmt);
  free(c.fmts);
  if (c.failed || sort_cells(&c, out) != 0)
    return -1;
  return hidden_under_merges(&c, out);
}

const char *xlsx_cell(const XlsxSheet *s, int row, int col)
{
  int lo = 0, hi = s->n_cells;
  XlsxCell key = {.row = row, .col = col};
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    int cmp = cell_cmp(&s->cells[mid], &key);
    if (cmp == 0)
      return s->cells[mid].text;
    if (cmp < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

void xlsx_free(XlsxSheet *s)
{
  free(s->cells);
  free(s->merges);
  arena_release(&s->arena);
  memset(s, 0, sizeof *s);
}
