/*
 * pdf_stream.c - page content deflated as soon as a page is left, and the
 * document written straight into its file.
 *
 * libharu keeps the content stream of every page uncompressed in memory and
 * deflates them all, one after another, while the document is saved: at
 * 10,000 objectives that is about 600 MB held until the end and 15 s on one
 * core at the very end.  Here, when the layout leaves a page, what has been
 * drawn on it so far is moved out of libharu into a chunk, and the chunk is
 * deflated: on a helper thread of the document's own when the build may use
 * more than one thread, else at once.  When the document is saved each
 * chunk becomes a stream object of its own, and the page's /Contents an
 * array: its chunks in the order they were drawn, then libharu's stream,
 * which holds what was drawn on the page after it was left (a contents
 * page filled in at the end).  A PDF page's content streams are read as
 * one, so the page shows the same.  The bytes do not depend on the thread:
 * every chunk is deflated alone, with the same settings (zlib's default
 * level, as libharu uses), and the objects are made in page order at save.
 *
 * The save gives libharu a stream that writes into the file (it would
 * otherwise build the whole file in memory first), with every write and the
 * close checked; a failed file is removed, never left truncated.
 *
 * It uses libharu 2.3.0's internal headers (installed by libhpdf-dev): a
 * page's attributes, memory streams, dict streams and arrays, and the
 * document's save stream.  At the end, it also takes the place of two of
 * libharu's byte loops.  tests/render checks
 * the documents with qpdf --check and pdftotext, and that -j 1 and -j 2
 * write the same bytes.
 */
#include "pdf.h"

#include <errno.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

// What is drawn on a page between two flushes, raw and then deflated.
typedef struct {
  int page;              // index in PdfDoc.pages
  bool last;             // the page's last: it goes back into libharu's own stream
  unsigned char *raw;    // NULL once deflated
  size_t n_raw;
  unsigned char *z;      // the deflated bytes, once done
  size_t n_z;
  size_t pos;            // read position while libharu saves it
} Chunk;

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
  z_stream zs[2];        // [0] the helper's, [1] the layout thread's
  bool zs_ok[2];
  Buf out[2];            // their output buffers
};

/* Deflate raw into a new buffer of its exact size, with zs (reset, so that
 * every chunk stands alone) and the worker's scratch buffer *tmp. */
static bool deflate_chunk(z_stream *zs, Buf *tmp, const unsigned char *raw, size_t n, unsigned char **out,
                          size_t *n_out)
{
  if (deflateReset(zs) != Z_OK)
    return false;
  uLong cap = deflateBound(zs, (uLong)n);
  tmp->len = 0;
  buf_grow(tmp, cap);
  zs->next_in = (Bytef *)raw;
  zs->avail_in = (uInt)n;
  zs->next_out = (Bytef *)tmp->s;
  zs->avail_out = (uInt)cap;
  if (deflate(zs, Z_FINISH) != Z_STREAM_END)
    return false;
  *n_out = cap - zs->avail_out;
  *out = xmalloc(*n_out);
  memcpy(*out, tmp->s, *n_out);
  return true;
}

/* Take the next queued chunk and deflate it with zs[w]; false when none is queued.
 * Called with the lock held; returns with it held. */
static bool take_one(PdfChunks *c, int w)
{
  if (c->next == c->n)
    return false;
  int i = c->next++;
  unsigned char *raw = c->chunks[i].raw;
  size_t n = c->chunks[i].n_raw;
  c->queued -= n;
  pthread_mutex_unlock(&c->lock);
  unsigned char *z = NULL;
  size_t n_z = 0;
  bool ok = deflate_chunk(&c->zs[w], &c->out[w], raw, n, &z, &n_z);
  free(raw);
  pthread_mutex_lock(&c->lock);
  c->chunks[i].raw = NULL;  // the array may have moved meanwhile: index it again
  c->chunks[i].z = z;
  c->chunks[i].n_z = n_z;
  if (!ok)
    c->failed = true;
  return true;
}

static void *helper(void *arg)
{
  PdfChunks *c = arg;
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

int pdf_chunks_open(PdfDoc *d, bool thread)
{
  PdfChunks *c = xcalloc(1, sizeof *c);
  d->chunks = c;
  pthread_mutex_init(&c->lock, NULL);
  pthread_cond_init(&c->more, NULL);
  for (int w = 0; w < 2; w++) {
    c->zs_ok[w] = deflateInit(&c->zs[w], Z_DEFAULT_COMPRESSION) == Z_OK;
    buf_init(&c->out[w]);
  }
  if (!c->zs_ok[0] || !c->zs_ok[1])
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
  for (int w = 0; w < 2; w++) {
    if (c->zs_ok[w])
      deflateEnd(&c->zs[w]);
    buf_release(&c->out[w]);
  }
  pthread_cond_destroy(&c->more);
  pthread_mutex_destroy(&c->lock);
  free(c);
  d->chunks = NULL;
}

/* Move what is drawn on page k so far out of libharu into a chunk to deflate;
 * last: nothing more will be drawn on the page. */
void pdf_chunks_flush(PdfDoc *d, int k, bool last)
{
  PdfChunks *c = d->chunks;
  HPDF_Page page = d->pages[k];
  HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
  size_t n = s->size;
  if (n == 0 || !pdf_ok(d))
    return;
  unsigned char *raw = xmalloc(n);
  size_t off = 0;
  HPDF_UINT blocks = HPDF_MemStream_GetBufCount(s);
  for (HPDF_UINT b = 0; b < blocks; b++) {
    HPDF_UINT len = 0;
    HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, b, &len);
    if (!p || len > n - off)
      BUG("a page's content stream is not what libharu 2.3.0 keeps");
    memcpy(raw + off, p, len);
    off += len;
  }
  if (off != n)
    BUG("a page's content stream is not what libharu 2.3.0 keeps");
  HPDF_MemStream_FreeData(s);

  pthread_mutex_lock(&c->lock);
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 256;
    c->chunks = xrealloc(c->chunks, (size_t)c->cap * sizeof *c->chunks);
  }
  c->chunks[c->n++] = (Chunk){k, last, raw, n, NULL, 0, 0};
  c->queued += n;
  if (!c->threaded || c->queued > QUEUE_LIMIT)
    take_one(c, 1);  // at once, or help the helper
  else
    pthread_cond_signal(&c->more);
  pthread_mutex_unlock(&c->lock);
}

/* libharu writes this into the dict of a stream we deflated (its own filter is none). */
static HPDF_STATUS write_filter(HPDF_Dict dict, HPDF_Stream out)
{
  (void)dict;
  return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

// A deflated chunk is read by libharu at save straight from our buffer,
// through a reader stream: no copy, and the buffer stays ours (pdf_close).
static HPDF_STATUS chunk_read(HPDF_Stream s, HPDF_BYTE *out, HPDF_UINT *size)
{
  Chunk *ch = s->attr;
  size_t n = ch->n_z - ch->pos < *size ? ch->n_z - ch->pos : *size;
  memcpy(out, ch->z + ch->pos, n);
  ch->pos += n;
  *size = (HPDF_UINT)n;
  return ch->pos == ch->n_z ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS chunk_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
  Chunk *ch = s->attr;
  long base = mode == HPDF_SEEK_CUR ? (long)ch->pos : mode == HPDF_SEEK_END ? (long)ch->n_z : 0;
  long to = base + pos;
  if (to < 0 || to > (long)ch->n_z)
    return HPDF_STREAM_EOF;
  ch->pos = (size_t)to;
  return HPDF_OK;
}

static HPDF_INT32 chunk_tell(HPDF_Stream s)
{
  return (HPDF_INT32)((Chunk *)s->attr)->pos;
}

static HPDF_UINT32 chunk_size(HPDF_Stream s)
{
  return (HPDF_UINT32)((Chunk *)s->attr)->n_z;
}

/* Make obj's stream the deflated chunk, which libharu then writes as it is. */
static bool set_deflated(HPDF_Dict obj, HPDF_MMgr mmgr, Chunk *ch)
{
  HPDF_Stream_Free(obj->stream);
  ch->pos = 0;
  obj->stream = HPDF_CallbackReader_New(mmgr, chunk_read, chunk_seek, chunk_tell, chunk_size, ch);
  if (!obj->stream)
    return false;
  obj->filter = HPDF_STREAM_FILTER_NONE;
  obj->write_fn = write_filter;
  return true;
}

/* Every chunk becomes a stream object, but a page's last, which goes into
 * libharu's own stream; each page's /Contents is the array of its chunks and
 * then libharu's stream.  In page order, so that the object numbers do not
 * depend on the thread. */
static bool chunks_attach(PdfDoc *d)
{
  PdfChunks *c = d->chunks;
  chunks_join(c);
  if (c->failed) {
    snprintf(d->reason, sizeof d->reason, "cannot deflate page content (out of memory)");
    return false;
  }
  // Chunks by page, keeping their order on each page: a counting sort.
  int *first = xcalloc((size_t)d->n_pages + 1, sizeof *first), *order = xmalloc(((size_t)c->n + 1) * sizeof *order);
  for (int i = 0; i < c->n; i++)
    first[c->chunks[i].page + 1]++;
  for (int k = 0; k < d->n_pages; k++)
    first[k + 1] += first[k];
  int *fill = xmalloc(((size_t)d->n_pages + 1) * sizeof *fill);
  memcpy(fill, first, ((size_t)d->n_pages + 1) * sizeof *fill);
  for (int i = 0; i < c->n; i++)
    order[fill[c->chunks[i].page]++] = i;
  free(fill);

  HPDF_MMgr mmgr = d->doc->mmgr;
  for (int k = 0; k < d->n_pages && pdf_ok(d); k++) {
    if (first[k] == first[k + 1])
      continue;
    HPDF_Page page = d->pages[k];
    HPDF_PageAttr attr = page->attr;
    HPDF_Array contents = HPDF_Array_New(mmgr);
    if (!contents)
      break;
    bool own = false;  // libharu's own stream holds the page's last chunk
    for (int j = first[k]; j < first[k + 1] && pdf_ok(d); j++) {
      Chunk *ch = &c->chunks[order[j]];
      if (ch->last) {
        if (attr->stream->size != 0)
          BUG("page content drawn after the page's last flush");
        if (!set_deflated(attr->contents, mmgr, ch))
          break;
        attr->stream = attr->contents->stream;
        own = true;
        continue;
      }
      HPDF_Dict obj = HPDF_DictStream_New(mmgr, attr->xref);
      if (!obj || !set_deflated(obj, mmgr, ch))
        break;
      HPDF_Array_Add(contents, obj);
    }
    // What is in libharu's own stream: the last chunk, or what was drawn after the last flush.
    if (own || attr->stream->size != 0)
      HPDF_Array_Add(contents, attr->contents);
    else
      attr->contents->filter = HPDF_STREAM_FILTER_NONE;  // empty
    HPDF_Dict_Add(page, "Contents", contents);
  }
  free(first);
  free(order);
  return pdf_ok(d);
}

// The save: libharu's document stream is a writer into the file.
typedef struct {
  FILE *f;
  int err;  // errno of the first failed write
} Sink;

static HPDF_STATUS sink_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
  Sink *k = s->attr;
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
  int err = sink.err;
  if (!err && fflush(f) != 0)
    err = errno ? errno : EIO;
  if (fclose(f) != 0 && !err)
    err = errno ? errno : EIO;
  if (err)
    snprintf(d->reason, sizeof d->reason, "%s", strerror(err));
  if (err || st != HPDF_OK || !pdf_ok(d)) {
    struct stat sb;
    if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))  // never a device such as /dev/full
      remove(path);
    return -1;
  }
  return 0;
}

//
// Two of libharu's byte loops
//
// libharu 2.3.0 clears a 512-byte buffer, one byte at a time, before every
// path, colour and font operator it writes (HPDF_MemSet), and copies every
// byte into its streams one at a time (HPDF_MemCpy): together 9 % of a
// build's CPU time at 1,000 objectives.  The library calls both through the
// PLT, so these definitions in the executable take their place (ELF symbol
// interposition); where that does not happen (a static libharu) the
// library's own loops run and nothing else changes.  They do exactly what
// libharu's do, and return the same pointer past the end.  tests/cli.sh
// checks the documents' bytes across builds, and docs/performance.md has
// the measurement.

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
  memset(s, c, n);
  return (HPDF_BYTE *)s + n;
}

HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
  memmove(out, in, n);  // libharu's forward loop tolerates out < in; memmove does too
  return out + n;
}
