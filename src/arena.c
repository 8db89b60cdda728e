/*
 * arena.c - memory: allocation that never returns NULL, the pack's arena,
 * and a string-keyed hash map.
 *
 * objreg is a batch compiler: it allocates the model as it reads and frees it
 * all at once (chibicc's rule, kept valgrind-clean the way git's mem_pool is).
 * Out of memory is fatal with a message, so callers never check for NULL.
 */
#include "objreg.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void die(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("objreg: fatal: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

void bug(const char *file, int line, const char *msg)
{
  fprintf(stderr, "BUG: %s:%d: %s\n", file, line, msg);
  abort();
}

/* Transparent huge pages for big blocks, where the system grants them on
 * request (Debian's default, "madvise"): a fault then maps 2 MiB at once
 * instead of 512 pages of 4 KiB, and a model of tens of megabytes costs a few
 * dozen faults instead of thousands.  A block of 2 MiB or more is aligned to
 * 2 MiB and rounded up to a multiple of it, and hinted before anything touches
 * it; the hint may be refused, and then nothing changes. */
#define HUGE_PAGE ((size_t)2 << 20)

static void *huge_block(size_t n)
{
#ifdef MADV_HUGEPAGE
  if (n >= HUGE_PAGE) {
    n = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    void *p = aligned_alloc(HUGE_PAGE, n);
    if (p)
      (void)madvise(p, n, MADV_HUGEPAGE);
    return p;
  }
#endif
  return malloc(n ? n : 1);
}

void *xmalloc(size_t n)
{
  void *p = huge_block(n);
  if (!p)
    die("out of memory (%zu bytes)", n);
  return p;
}

void *xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    die("out of memory (%zu x %zu bytes)", n, size);
  return p;
}

void *xrealloc(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
  // A big block grows into a new one, hinted before anything touches it
  // (realloc would fault the new part in 4 KiB at a time).
  size_t had = p ? malloc_usable_size(p) : 0;
  if (n >= HUGE_PAGE && n > had) {
    void *q = xmalloc(n);
    if (p)
      memcpy(q, p, had);
    free(p);
    return q;
  }
#endif
  p = realloc(p, n ? n : 1);
  if (!p)
    die("out of memory (%zu bytes)", n);
  return p;
}

/* "dir/name", malloc'd. */
char *path_join(const char *dir, const char *name)
{
  size_t a = strlen(dir), b = strlen(name);
  char *s = xmalloc(a + b + 2);
  memcpy(s, dir, a);
  s[a] = '/';
  memcpy(s + a + 1, name, b + 1);
  return s;
}

//
// Arena
//

#define ARENA_BLOCK (256 * 1024)  // the first block, its header included; each next
#define ARENA_BLOCK_MAX (8 << 20) // one twice the last, up to this (from 2 MiB on, in huge pages)
#define ARENA_ALIGN 16

struct ArenaBlock {
  ArenaBlock *next;
  size_t used, size;
  _Alignas(ARENA_ALIGN) unsigned char mem[];
};

void arena_init(Arena *a)
{
  a->head = NULL;
  a->grow = 0;
}

/* Zeroed memory for n bytes, aligned for any type. */
/* n bytes, aligned, not cleared: for what is written over at once (strings). */
static void *arena_take(Arena *a, size_t n)
{
  n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  ArenaBlock *b = a->head;
  if (!b || b->size - b->used < n) {
    size_t block = a->grow ? a->grow : ARENA_BLOCK, room = block - sizeof *b;
    size_t size = n > room / 4 ? n : room;
    if (size == room)
      a->grow = block < ARENA_BLOCK_MAX ? 2 * block : block;
    b = xmalloc(sizeof *b + size);
    b->used = 0;
    b->size = size;
    if (size == n && a->head) {
      // A big allocation gets its own block behind the current one,
      // so that the current block's free space is not lost.
      b->next = a->head->next;
      a->head->next = b;
    } else {
      b->next = a->head;
      a->head = b;
    }
  }
  void *p = b->mem + b->used;
  b->used += n;
  return p;
}

void *arena_alloc(Arena *a, size_t n)
{
  void *p = arena_take(a, n);
  memset(p, 0, n);
  return p;
}

void arena_adopt(Arena *dst, Arena *src)
{
  if (!src->head)
    return;
  ArenaBlock *tail = src->head;
  while (tail->next)
    tail = tail->next;
  if (dst->head) {  // behind dst's current block, which keeps serving dst
    tail->next = dst->head->next;
    dst->head->next = src->head;
  } else {
    dst->head = src->head;
  }
  src->head = NULL;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
  char *p = arena_take(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s)
{
  return arena_strndup(a, s, strlen(s));
}

/* fmt when its only conversions are %s (and %%), with up to 8 texts: joined
 * without vsnprintf, which costs a finding's message ten times as much; NULL
 * (ap untouched) for any other format. */
static char *join_texts(Arena *a, const char *fmt, va_list ap)
{
  int n = 0;
  for (const char *p = fmt; (p = strchr(p, '%')); p += 2) {
    if (p[1] == 's')
      n++;
    else if (p[1] != '%')
      return NULL;
  }
  if (n > 8)
    return NULL;
  const char *arg[8];
  size_t len = 0, k = 0;
  for (int i = 0; i < n; i++) {
    if (!(arg[i] = va_arg(ap, const char *)))
      return NULL;  // vsnprintf's "(null)"
    len += strlen(arg[i]);
  }
  for (const char *p = fmt; *p; p++, len++)
    if (*p == '%')
      p++, len -= p[0] == 's';
  char *out = arena_take(a, len + 1), *o = out;
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      *o++ = *p;
      continue;
    }
    if (*++p == '%') {
      *o++ = '%';
      continue;
    }
    size_t m = strlen(arg[k]);
    memcpy(o, arg[k++], m);
    o += m;
  }
  *o = '\0';
  return out;
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
  va_list ap1;
  va_copy(ap1, ap);
  char *joined = join_texts(a, fmt, ap1);
  va_end(ap1);
  if (joined)
    return joined;
  // Most texts fit in the current block's free space: formatted there at
  // once, and only measured first when they do not.
  ArenaBlock *b = a->head;
  size_t room = b ? b->size - b->used : 0;
  va_list ap2;
  va_copy(ap2, ap);
  int n = room ? vsnprintf((char *)b->mem + b->used, room, fmt, ap2) : vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    BUG("vsnprintf failed");
  if ((size_t)n < room) {
    char *kept = arena_take(a, (size_t)n + 1);  // the text just written, now kept
    if (kept != (char *)b->mem + b->used - (((size_t)n + ARENA_ALIGN) & ~(size_t)(ARENA_ALIGN - 1)))
      BUG("arena text moved");
    return kept;
  }
  char *p = arena_take(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *p = arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

void arena_reset(Arena *a)
{
  ArenaBlock *b = a->head;
  if (!b)
    return;
  ArenaBlock *keep = NULL;
  while (b) {  // keep the last normal-sized block, free the rest
    ArenaBlock *next = b->next;
    if (!keep && b->size == ARENA_BLOCK - sizeof *b)
      keep = b;
    else
      free(b);
    b = next;
  }
  a->head = keep;
  a->grow = 0;
  if (keep) {
    keep->next = NULL;
    keep->used = 0;
  }
}

void arena_release(Arena *a)
{
  ArenaBlock *b = a->head;
  while (b) {
    ArenaBlock *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->grow = 0;
}

//
// Map: open addressing with linear probing, FNV-1a hashes
//

static uint64_t hash(const char *s)
{
  uint64_t h = 0xcbf29ce484222325ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
  return h;
}

void map_init(Map *m)
{
  memset(m, 0, sizeof *m);
}

void *map_get(const Map *m, const char *key)
{
  if (!m->cap)
    return NULL;
  for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    if (!m->keys[i])
      return NULL;
    if (strcmp(m->keys[i], key) == 0)
      return m->vals[i];
  }
}

static void map_grow(Map *m)
{
  Map old = *m;
  m->cap = old.cap ? old.cap * 2 : 64;
  m->len = 0;
  m->keys = xcalloc(m->cap, sizeof *m->keys);
  m->vals = xcalloc(m->cap, sizeof *m->vals);
  for (size_t i = 0; i < old.cap; i++)
    if (old.keys[i])
      map_put(m, old.keys[i], old.vals[i]);
  free(old.keys);
  free(old.vals);
}

void map_put(Map *m, const char *key, void *val)
{
  if ((m->len + 1) * 4 >= m->cap * 3)
    map_grow(m);
  size_t i = hash(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key) != 0)
    i = (i + 1) & (m->cap - 1);
  if (!m->keys[i])
    m->len++;
  m->keys[i] = key;
  m->vals[i] = val;
}

void map_release(Map *m)
{
  free(m->keys);
  free(m->vals);
  map_init(m);
}
