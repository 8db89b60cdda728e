/*
 * buf.c - a growable byte buffer, in the manner of cmark's strbuf and git's
 * strbuf: init, add, then use b.s and release.  From buf_init on, b.s is a
 * NUL-terminated string: until something is added it is buf_empty, a shared
 * "" that is never written nor freed (git's strbuf_slopbuf).
 */
#include "objreg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char buf_empty[1];

void buf_init(Buf *b)
{
  b->s = buf_empty;
  b->len = b->cap = 0;
}

void buf_reset(Buf *b)
{
  b->len = 0;
  if (b->cap)
    b->s[0] = '\0';
}

char *buf_detach(Buf *b)
{
  buf_grow(b, 0);
  char *s = b->s;
  buf_init(b);
  return s;
}

void buf_grow(Buf *b, size_t extra)
{
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  b->s = xrealloc(b->cap ? b->s : NULL, cap);
  b->s[b->len] = '\0';  // a string even before anything is added (buf_detach)
  b->cap = cap;
}

void buf_add(Buf *b, const char *s, size_t n)
{
  buf_grow(b, n);
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s)
{
  buf_add(b, s, strlen(s));
}

void buf_putc(Buf *b, char c)
{
  buf_add(b, &c, 1);
}

void buf_putint(Buf *b, long n)
{
  char d[24], *p = d + sizeof d;
  unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
  do
    *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (n < 0)
    *--p = '-';
  buf_add(b, p, (size_t)(d + sizeof d - p));
}

void buf_printf(Buf *b, const char *fmt, ...)
{
  // Formatted into the free space at once; measured and done again only
  // when it does not fit (as git's strbuf_addf).
  va_list ap, ap2;
  buf_grow(b, 64);
  va_start(ap, fmt);
  va_copy(ap2, ap);
  size_t room = b->cap - b->len;
  int n = vsnprintf(b->s + b->len, room, fmt, ap);
  va_end(ap);
  if (n < 0)
    BUG("vsnprintf failed");
  if ((size_t)n >= room) {
    buf_grow(b, (size_t)n);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap2);
  }
  va_end(ap2);
  b->len += (size_t)n;
}

/* A JSON string literal: quotes, backslash and control characters escaped. */
void buf_json_str(Buf *b, const char *s)
{
  buf_putc(b, '"');
  if (s) {
    // Runs of bytes that stand for themselves are copied whole.
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (;; p++) {
      unsigned c = *p;
      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;
      buf_add(b, (const char *)run, (size_t)(p - run));
      if (!c)
        break;
      switch (c) {
      case '"': buf_puts(b, "\\\""); break;
      case '\\': buf_puts(b, "\\\\"); break;
      case '\n': buf_puts(b, "\\n"); break;
      case '\r': buf_puts(b, "\\r"); break;
      case '\t': buf_puts(b, "\\t"); break;
      default: buf_printf(b, "\\u%04x", c);
      }
      run = p + 1;
    }
  }
  buf_putc(b, '"');
}

void buf_release(Buf *b)
{
  if (b->cap)
    free(b->s);
  buf_init(b);
}

char *read_stream(FILE *f, size_t max, size_t *n)
{
  Buf b;
  buf_init(&b);
  char chunk[65536];
  size_t k;
  while (b.len <= max && (k = fread(chunk, 1, sizeof chunk, f)) > 0)
    buf_add(&b, chunk, k);
  int err = ferror(f) ? (errno ? errno : EIO) : b.len > max ? EFBIG : 0;
  fclose(f);
  if (err) {
    buf_release(&b);
    errno = err;
    return NULL;
  }
  if (n)
    *n = b.len;
  return buf_detach(&b);
}

char *read_file(const char *path, size_t max, size_t *n)
{
  FILE *f = fopen(path, "rb");
  return f ? read_stream(f, max, n) : NULL;
}

char *fd_read(int fd, size_t max, size_t *len, SlurpError *err, const char **why)
{
  struct stat st;
  *why = NULL;
  if (fstat(fd, &st) != 0) {
    *err = SLURP_IO, *why = strerror(errno);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    *err = SLURP_NOT_REGULAR;
    return NULL;
  }
  if ((size_t)st.st_size > max) {
    *err = SLURP_TOO_LARGE;
    return NULL;
  }
  size_t n = *len = (size_t)st.st_size, got = 0;
  *err = SLURP_IO;
  char *data = xmalloc(n + 1);
  while (got < n) {
    ssize_t r = read(fd, data + got, n - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0) {
      *why = r < 0 ? strerror(errno) : "file shrank while read";
      free(data);
      return NULL;
    }
    got += (size_t)r;
  }
  data[n] = '\0';
  return data;
}

bool write_new_file(const char *path, const char *rel, const char *text)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0) {
    if (errno == EEXIST)
      fprintf(stderr, "objreg: error: '%s' already exists; not overwritten\n", rel);
    else
      fprintf(stderr, "objreg: error: cannot create '%s': %s\n", rel, strerror(errno));
    return false;
  }
  size_t len = strlen(text), done = 0;
  while (done < len) {
    ssize_t w = write(fd, text + done, len - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      break;
    done += (size_t)w;
  }
  int err = errno;
  bool ok = done == len;
  if (close(fd) != 0)
    ok = false, err = errno;
  if (!ok) {
    fprintf(stderr, "objreg: error: cannot write '%s': %s\n", rel, strerror(err));
    unlink(path);
  }
  return ok;
}

const char *path_base(const char *path)
{
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}
