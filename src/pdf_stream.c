/*
 * pdf_stream.c - page content deflated as soon as a page is left, and the
 * document written straight into its file.
 *
 * libharu keeps the content stream of every page uncompressed in memory and
 * deflates them all, one after another, while the document is saved: at
 * 10,000 objectives that is about 600 MB held until the end and 15 s on one
 * core at the very end.  Here, when the layout is done with a page's body,
 * what has been drawn on it is moved out of libharu into a chunk, and the
 * chunk is deflated: on a helper thread of the document's own when the build
 * may use more than one thread (at a lower priority: HELPER_NICE), else at
 * once.  The footer is drawn when the
 * page count is known, at the end, and is the page's second chunk.
 *
 * The page's content stream is one zlib stream (RFC 1950 and 1951): the
 * two-byte header, the footer's deflate blocks ending in a sync flush
 * (byte-aligned, not final), the body's blocks ending in the final block,
 * and the Adler-32 of the whole content, combined from the two.  The footer
 * comes first so that the body, nearly all of the page, can be deflated by
 * libdeflate, which writes only whole streams (the final block last) and
 * takes about half zlib's time for a slightly smaller result at the same
 * level (BODY_LEVEL); the small footer is deflated by zlib, which can stop
 * with a sync flush.  The footer is wrapped in q ... Q and sets every state it uses
 * (pdf_finish), so the body starts from the page's initial graphics state,
 * as it was drawn; they do not overlap, and the DRAFT watermark is the
 * body's last.  libharu reads the stream at save from our buffers through a
 * reader stream, and writes it as it is with /Filter /FlateDecode.  The
 * bytes do not depend on the thread: every chunk is deflated alone, with
 * fixed settings.  Deflated chunks wait for the save in an unnamed temporary
 * file (O_TMPFILE) beside the document, not in memory, as libxlsxwriter's
 * constant_memory mode keeps its rows: at 10,000 objectives that is about
 * 100 MB less resident.  Where the file system cannot make one, they wait
 * in memory.
 *
 * The save gives libharu a stream that writes into the file (it would
 * otherwise build the whole file in memory first), with every write and the
 * close checked; a failed file is removed, never left truncated.
 *
 * Text goes into a page as libharu would write it, without libharu
 * measuring and encoding it again (pdf_text_out).
 *
 * It uses libharu 2.3.0's internal headers (installed by libhpdf-dev): a
 * page's attributes, text matrix, memory and reader streams, dict streams,
 * and the document's save stream, so it is compiled only for libharu 2.3.0
 * (PDF_INTERNALS, pdf.h); pdf_portable.c stands in for it elsewhere.
 * tests/render checks the documents with qpdf --check
 * and pdftotext, and tests/cli.sh that -j 1, 2 and 3 write the same bytes.
 */
#define _GNU_SOURCE  // O_TMPFILE
#include "pdf.h"

#if PDF_INTERNALS

#include <errno.h>
#include <fcntl.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <libdeflate.h>
#include <pthread.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

// A page's body or footer, raw and then deflated.
typedef struct {
  int page;              // index in PdfDoc.pages
  bool footer;           // the footer (zlib, first in the stream), else the body (libdeflate, last)
  bool final;            // its blocks end the zlib stream: the body, or a footer with no body
  unsigned char *raw;    // NULL once deflated
  size_t n_raw;
  uLong adler;           // Adler-32 of raw
  unsigned char *z;      // the raw deflate blocks, once done, unless spilled
  size_t n_z;
  off_t off;             // where they are in the spill file, if spilled
} Chunk;

// A page's content stream as libharu reads it at save: the zlib header, its
// chunks' blocks, the Adler-32 trailer.
typedef struct {
  PdfChunks *c;
  int idx[2];            // the page's chunks, in order: footer, body
  int n;
  unsigned char head[2], tail[4];
  size_t size, pos;
} PageStream;

// When this many raw bytes wait for the helper, the layout deflates the next
// chunk itself instead of queueing more (it bounds the memory held).
#define QUEUE_LIMIT (16u << 20)

struct PdfChunks {
  pthread_mutex_t lock;
  pthread_cond_t more;   // a chunk was queued, or closing
  pthread_t thread;
  bool threaded, closing;
  Chunk *chunks;
  int n, cap;
  int next;              // the first chunk nobody has taken
  size_t queued;         // raw bytes queued and not taken
  bool failed;           // zlib failed (out of memory)
  int err;               // errno of a failed write or read of the spill file
  int fd;                // the spill file, or -1
  off_t spill_end;
  z_stream zs[2];        // [0] the helper's, [1] the layout thread's: footers
  bool zs_ok[2];
  struct libdeflate_compressor *ld[2];  // theirs for bodies
  Buf out[2];            // their output buffers
  int *body, *foot;      // per page: its body's and footer's chunk + 1, or 0
  int cap_pages;
  PageStream *streams;   // at save: one per page
};

// Bodies at libdeflate's level 1.  Against its default, 6 (zlib's and
// libharu's too), the register at 1,000 objectives is 17 % larger and its
// deflate takes about half the CPU time (docs/performance.md).
#define BODY_LEVEL 1

/* Deflate a chunk into tmp, the worker's buffer, as raw deflate blocks that
 * stand alone, ending with the final block when final and with a sync flush
 * otherwise: a body by libdeflate, a footer by zlib (zs is reset). */
static bool deflate_chunk(z_stream *zs, struct libdeflate_compressor *ld, Buf *tmp, Chunk *ch)
{
  ch->adler = (uLong)libdeflate_adler32(1, ch->raw, ch->n_raw);
  buf_reset(tmp);
  if (!ch->footer) {
    size_t cap = libdeflate_deflate_compress_bound(ld, ch->n_raw);
    buf_grow(tmp, cap);
    ch->n_z = libdeflate_deflate_compress(ld, ch->raw, ch->n_raw, tmp->s, cap);
    return ch->n_z > 0;  // 0: no room, and cap is enough for all of it
  }
  if (deflateReset(zs) != Z_OK)
    return false;
  size_t cap = deflateBound(zs, (uLong)ch->n_raw) + 16;  // + the sync flush's empty block
  buf_grow(tmp, cap);
  zs->next_in = ch->raw;
  zs->avail_in = (uInt)ch->n_raw;
  zs->next_out = (Bytef *)tmp->s;
  zs->avail_out = (uInt)cap;
  int rc = deflate(zs, ch->final ? Z_FINISH : Z_SYNC_FLUSH);
  bool done = ch->final ? rc == Z_STREAM_END : (rc == Z_OK && zs->avail_in == 0 && zs->avail_out > 0);
  if (!done)  // cap is enough for all of it: anything else is zlib out of memory
    return false;
  ch->n_z = cap - zs->avail_out;  // in tmp->s
  return true;
}

/* Take the next queued chunk and deflate it with zs[w]; false when none is queued.
 * Called with the lock held; returns with it held. */
static bool take_one(PdfChunks *c, int w)
{
  if (c->next == c->n)
    return false;
  int i = c->next++;
  Chunk ch = c->chunks[i];  // a copy: the array may move while the lock is off
  c->queued -= ch.n_raw;
  pthread_mutex_unlock(&c->lock);
  Buf *out = &c->out[w];
  bool ok = deflate_chunk(&c->zs[w], c->ld[w], out, &ch);
  free(ch.raw);
  ch.raw = NULL;
  int err = 0;
  if (ok && c->fd >= 0) {  // to the spill file, at an offset of its own
    pthread_mutex_lock(&c->lock);
    ch.off = c->spill_end;
    c->spill_end += (off_t)ch.n_z;
    pthread_mutex_unlock(&c->lock);
    for (size_t done = 0; done < ch.n_z && !err;) {
      ssize_t r = pwrite(c->fd, out->s + done, ch.n_z - done, ch.off + (off_t)done);
      if (r < 0 && errno != EINTR)
        err = errno;
      else if (r == 0)
        err = EIO;  // no progress: do not spin
      else if (r > 0)
        done += (size_t)r;
    }
  } else if (ok) {
    ch.z = xmalloc(ch.n_z ? ch.n_z : 1);
    memcpy(ch.z, out->s, ch.n_z);
  }
  pthread_mutex_lock(&c->lock);
  c->chunks[i] = ch;
  if (!ok)
    c->failed = true;
  if (err && !c->err)
    c->err = err;
  return true;
}

// The helper's nice value: it runs behind the layout and the other
// documents' jobs, which a build waits for; the queue's bound makes the
// layout deflate when the helper falls behind (QUEUE_LIMIT).
#define HELPER_NICE 10

static void *helper(void *arg)
{
  PdfChunks *c = arg;
  // Linux's nice is per thread; where it cannot be set, the helper runs as is.
  (void)setpriority(PRIO_PROCESS, (id_t)gettid(), HELPER_NICE);
  pthread_mutex_lock(&c->lock);
  for (;;) {
    if (take_one(c, 0))
      continue;
    if (c->closing)
      break;
    pthread_cond_wait(&c->more, &c->lock);
  }
  pthread_mutex_unlock(&c->lock);
  return NULL;
}

int pdf_chunks_open(PdfDoc *d, bool thread, const char *path)
{
  PdfChunks *c = xcalloc(1, sizeof *c);
  d->chunks = c;
  c->fd = -1;
  const char *slash = path ? strrchr(path, '/') : NULL;
  char dir[4096];
  if (path && snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".") < (int)sizeof dir)
    c->fd = open(*dir ? dir : "/", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);  // the spill file, beside the document
  pthread_mutex_init(&c->lock, NULL);
  pthread_cond_init(&c->more, NULL);
  for (int w = 0; w < 2; w++) {
    c->zs_ok[w] = deflateInit2(&c->zs[w], Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    c->ld[w] = libdeflate_alloc_compressor(BODY_LEVEL);
    buf_init(&c->out[w]);
  }
  if (!c->zs_ok[0] || !c->zs_ok[1] || !c->ld[0] || !c->ld[1])
    return -1;
  c->threaded = thread && pthread_create(&c->thread, NULL, helper, c) == 0;
  return 0;
}

/* Stop the helper after it has deflated every queued chunk. */
static void chunks_join(PdfChunks *c)
{
  if (!c->threaded)
    return;
  pthread_mutex_lock(&c->lock);
  while (take_one(c, 1)) {}  // deflate what is queued beside the helper, not wait for it (it runs niced)
  c->closing = true;
  pthread_cond_signal(&c->more);
  pthread_mutex_unlock(&c->lock);
  pthread_join(c->thread, NULL);
  c->threaded = false;
}

void pdf_chunks_close(PdfDoc *d)
{
  PdfChunks *c = d->chunks;
  if (!c)
    return;
  chunks_join(c);
  for (int i = 0; i < c->n; i++) {
    free(c->chunks[i].raw);
    free(c->chunks[i].z);
  }
  free(c->chunks);
  if (c->fd >= 0)
    close(c->fd);
  free(c->streams);
  free(c->body);
  free(c->foot);
  for (int w = 0; w < 2; w++) {
    if (c->zs_ok[w])
      deflateEnd(&c->zs[w]);
    if (c->ld[w])
      libdeflate_free_compressor(c->ld[w]);
    buf_release(&c->out[w]);
  }
  pthread_cond_destroy(&c->more);
  pthread_mutex_destroy(&c->lock);
  free(c);
  d->chunks = NULL;
}

/* Move what is drawn on page k out of libharu into a chunk to deflate: its
 * body (footer false: once, when the layout is done with it), then its
 * footer, wrapped in q ... Q. */
void pdf_chunks_flush(PdfDoc *d, int k, bool footer)
{
  PdfChunks *c = d->chunks;
  HPDF_Page page = d->pages[k];
  HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
  size_t n = s->size;
  if ((n == 0 && !footer) || !pdf_ok(d))
    return;
  if (k >= c->cap_pages) {
    int cap = c->cap_pages ? 2 * c->cap_pages : 256;
    while (cap <= k)
      cap *= 2;
    c->body = xrealloc(c->body, (size_t)cap * sizeof *c->body);
    c->foot = xrealloc(c->foot, (size_t)cap * sizeof *c->foot);
    memset(c->body + c->cap_pages, 0, (size_t)(cap - c->cap_pages) * sizeof *c->body);
    memset(c->foot + c->cap_pages, 0, (size_t)(cap - c->cap_pages) * sizeof *c->foot);
    c->cap_pages = cap;
  }
  if (c->foot[k] || (!footer && c->body[k]))
    BUG("a page's body or footer was flushed twice, or its body after its footer");
  size_t pre = footer ? 2 : 0, post = footer ? 2 : 0;
  unsigned char *raw = xmalloc(pre + n + post);
  size_t off = 0;
  HPDF_UINT blocks = HPDF_MemStream_GetBufCount(s);
  for (HPDF_UINT b = 0; b < blocks; b++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, b, &len);
    if (!p || len > n - off)
      BUG("a page's content stream is not what libharu 2.3.0 keeps");
    memcpy(raw + pre + off, p, len);
    off += len;
  }
  if (off != n)
    BUG("a page's content stream is not what libharu 2.3.0 keeps");
  HPDF_MemStream_FreeData(s);
  if (footer) {
    memcpy(raw, "q\012", 2);
    memcpy(raw + pre + n, "Q\012", 2);
    n += pre + post;
  }

  pthread_mutex_lock(&c->lock);
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 256;
    c->chunks = xrealloc(c->chunks, (size_t)c->cap * sizeof *c->chunks);
  }
  bool final = !footer || !c->body[k];
  (footer ? c->foot : c->body)[k] = c->n + 1;
  c->chunks[c->n++] = (Chunk){k, footer, final, raw, n, 0, NULL, 0, 0};
  c->queued += n;
  if (!c->threaded || c->queued > QUEUE_LIMIT)
    take_one(c, 1);  // at once, or help the helper
  else
    pthread_cond_signal(&c->more);
  pthread_mutex_unlock(&c->lock);
}

/* n bytes of the spill file at off; false with PdfChunks.err set on failure. */
static bool read_spill(PdfChunks *c, unsigned char *out, size_t n, off_t off)
{
  for (size_t done = 0; done < n;) {
    ssize_t r = pread(c->fd, out + done, n - done, off + (off_t)done);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0) {
      c->err = r < 0 ? errno : EIO;
      return false;
    }
    done += (size_t)r;
  }
  return true;
}

// libharu reads a page's stream at save through these.
static HPDF_STATUS page_read(HPDF_Stream s, HPDF_BYTE *out, HPDF_UINT *size)
{
  PageStream *ps = s->attr;
  size_t want = *size, got = 0, at = 0;  // at: where the current part starts
  for (int j = -1; j <= ps->n && got < want; j++) {
    const Chunk *ch = j >= 0 && j < ps->n ? &ps->c->chunks[ps->idx[j]] : NULL;
    const unsigned char *part = j < 0 ? ps->head : ch ? ch->z : ps->tail;
    size_t len = j < 0 ? 2 : ch ? ch->n_z : 4;
    if (ps->pos < at + len) {
      size_t off = ps->pos - at, k = len - off < want - got ? len - off : want - got;
      if (part)
        memcpy(out + got, part + off, k);
      else if (!read_spill(ps->c, out + got, k, ch->off + (off_t)off))
        return HPDF_FILE_IO_ERROR;
      got += k;
      ps->pos += k;
    }
    at += len;
  }
  *size = (HPDF_UINT)got;
  return ps->pos == ps->size ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS page_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
  PageStream *ps = s->attr;
  long base = mode == HPDF_SEEK_CUR ? (long)ps->pos : mode == HPDF_SEEK_END ? (long)ps->size : 0;
  long to = base + pos;
  if (to < 0 || to > (long)ps->size)
    return HPDF_STREAM_EOF;
  ps->pos = (size_t)to;
  return HPDF_OK;
}

static HPDF_INT32 page_tell(HPDF_Stream s)
{
  return (HPDF_INT32)((PageStream *)s->attr)->pos;
}

static HPDF_UINT32 page_size(HPDF_Stream s)
{
  return (HPDF_UINT32)((PageStream *)s->attr)->size;
}

/* libharu writes this into the dict of a page's content: its own filter is none. */
static HPDF_STATUS write_filter(HPDF_Dict dict, HPDF_Stream out)
{
  (void)dict;
  return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Every page's content stream becomes its chunks, read from our buffers. */
static bool chunks_attach(PdfDoc *d)
{
  PdfChunks *c = d->chunks;
  chunks_join(c);
  if (c->failed || c->err) {
    snprintf(d->reason, sizeof d->reason, "%s", c->err ? strerror(c->err) : "cannot deflate page content (out of memory)");
    return false;
  }
  c->streams = xcalloc((size_t)d->n_pages + 1, sizeof *c->streams);
  HPDF_MMgr mmgr = d->doc->mmgr;
  for (int k = 0; k < d->n_pages && pdf_ok(d); k++) {
    HPDF_PageAttr attr = ((HPDF_Page)d->pages[k])->attr;
    PageStream *ps = &c->streams[k];
    *ps = (PageStream){c, {0, 0}, 0, {0x78, 0x9C}, {0}, 6, 0};
    if (k >= c->cap_pages || !c->foot[k] || attr->stream->size != 0)
      BUG("a page's content was not all flushed, or not finished");
    ps->idx[ps->n++] = c->foot[k] - 1;
    if (c->body[k])
      ps->idx[ps->n++] = c->body[k] - 1;
    // libharu closes an open text or path object, or an unbalanced q, into the
    // page's stream at save: a stream that is now read only.
    if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION || attr->gstate->prev)
      BUG("a page was left inside a text or path object, or a q without its Q");
    uLong adler = adler32(0, NULL, 0);
    for (int j = 0; j < ps->n; j++) {
      const Chunk *ch = &c->chunks[ps->idx[j]];
      adler = adler32_combine(adler, ch->adler, (z_off_t)ch->n_raw);
      ps->size += ch->n_z;
    }
    for (int b = 0; b < 4; b++)
      ps->tail[b] = (unsigned char)(adler >> (24 - 8 * b));
    HPDF_Stream r = HPDF_CallbackReader_New(mmgr, page_read, page_seek, page_tell, page_size, ps);
    if (!r)
      break;
    HPDF_Stream_Free(attr->contents->stream);
    attr->contents->stream = attr->stream = r;
    attr->contents->filter = HPDF_STREAM_FILTER_NONE;
    attr->contents->write_fn = write_filter;
  }
  return pdf_ok(d);
}

/* libharu gives every page a /ProcSet in its resources, "obsolete" in its
 * own words and ignored by readers since PDF 1.4 (it is optional in 1.3, the
 * version libharu writes): five names and an array, 1.2 KB of memory a page
 * until the save.  Drop it. */
void pdf_page_trim(HPDF_Page page)
{
  HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
  if (res)
    HPDF_Dict_RemoveElement(res, "ProcSet");
}

/* HPDF_Page_TextOut(d->page, x, y, s) as libharu 2.3.0 writes it for our
 * fonts (TrueType, Type0, the UTF-8 encoder) under an unscaled text matrix,
 * without its work per call: it measures the text again, glyph by glyph
 * (the layout has, in pdf_layout.c's width table, which also marks each
 * glyph for the font subset as libharu's measuring does), and encodes it one
 * byte at a time through function pointers and a malloc.  The same bytes:
 * "x y Td" by libharu, relative to the text matrix as TextOut computes it
 * (exact for a = d = 1, b = c = 0), then <hex> Tj with each character's
 * UCS-2 code, a code point beyond U+FFFF as a space, as libharu's encoder
 * does.  Nothing reads libharu's text position after the show, so it is not
 * advanced.  Anything else goes to libharu. */
void pdf_text_out(PdfDoc *d, float x, float y, const char *s, size_t n, bool empty)
{
  HPDF_Page page = d->page;
  HPDF_PageAttr attr = page->attr;
  HPDF_TransMatrix m = attr->text_matrix;
  HPDF_Font font = attr->gstate->font;
  if (attr->gmode != HPDF_GMODE_TEXT_OBJECT || !font || ((HPDF_FontAttr)font->attr)->type != HPDF_FONT_TYPE0_TT ||
      m.a != 1 || m.b != 0 || m.c != 0 || m.d != 1 || n > 4096) {
    HPDF_Page_TextOut(page, x, y, s);
    return;
  }
  char buf[4 * 4096 + 8], *o = buf;
  static const char hex[] = "0123456789ABCDEF";
  *o++ = '<';
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (k <= 0) {  // never, in text the layout has measured
      HPDF_Page_TextOut(page, x, y, s);
      return;
    }
    i += (size_t)k;
    if (cp > 0xFFFF)
      cp = 0x20;
    *o++ = hex[cp >> 12];
    *o++ = hex[(cp >> 8) & 15];
    *o++ = hex[(cp >> 4) & 15];
    *o++ = hex[cp & 15];
  }
  if (HPDF_Page_MoveTextPos(page, x - m.x, y - m.y) != HPDF_OK || n == 0 || empty)
    return;
  memcpy(o, "> Tj\012", 5);
  o += 5;
  if (HPDF_Stream_Write(attr->stream, (HPDF_BYTE *)buf, (HPDF_UINT)(o - buf)) != HPDF_OK)
    HPDF_CheckError(page->error);
}

// The save: libharu's document stream is a writer into the file.
typedef struct {
  FILE *f;
  int err;  // errno of the first failed write
} Sink;

static HPDF_STATUS sink_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
  Sink *k = s->attr;
  errno = 0;
  if (!k->err && n && fwrite(p, 1, n, k->f) != n)
    k->err = errno ? errno : EIO;
  return k->err ? HPDF_FILE_IO_ERROR : HPDF_OK;
}

int pdf_save(PdfDoc *d, const char *path)
{
  if (!pdf_ok(d) || !chunks_attach(d))
    return -1;
  FILE *f = fopen(path, "wb");
  if (!f) {
    snprintf(d->reason, sizeof d->reason, "%s", strerror(errno));
    return -1;
  }
  Sink sink = {f, 0};
  // HPDF_SaveToStream writes into doc->stream, and makes a memory stream only when there is none.
  d->doc->stream = HPDF_CallbackWriter_New(d->doc->mmgr, sink_write, &sink);
  HPDF_STATUS st = d->doc->stream ? HPDF_SaveToStream(d->doc) : HPDF_FAILD_TO_ALLOC_MEM;
  if (d->doc->stream)
    HPDF_Stream_Free(d->doc->stream);
  d->doc->stream = NULL;
  int err = pdf_save_close(f, sink.err ? sink.err : d->chunks->err);
  if (err)
    snprintf(d->reason, sizeof d->reason, "%s", strerror(err));
  if (err || st != HPDF_OK || !pdf_ok(d)) {
    pdf_save_remove(path);
    return -1;
  }
  return 0;
}

#endif  // PDF_INTERNALS
