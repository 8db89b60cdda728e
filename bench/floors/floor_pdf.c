/*
 * floor_pdf [--points P] [--fonts DIR] PACK OUT.pdf - what objreg's register
 * costs in libharu alone.
 *
 * A register-shaped document: a summary (one line per objective file in
 * PACK/objectives/, byte order: its name and front matter title), then each
 * objective from a new page: a bold heading with an outline entry, the
 * file's text as it is (front matter and body, not parsed) wrapped to the
 * page width across pages, and with P > 0 a chart of P points (frame,
 * target line, a polyline), P = M / N matching a pack's measurement rows.
 * Every page has a header line and, once the count is known, "Page N of M".
 * DejaVu Sans and Sans Bold embedded, UTF-8, compression on, saved with
 * HPDF_SaveToFile.  Reading the files is its only input work.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 595.276f  // A4
#define H 841.89f
#define EDGE 42.0f
#define SIZE 8.5f
#define LINE 11.0f

static HPDF_Doc doc;
static HPDF_Font regular, heavy;
static HPDF_Page page, *all;
static size_t n_all;
static float y;

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *u)
{
  (void)u;
  fprintf(stderr, "floor_pdf: libharu error 0x%04X (%u)\n", (unsigned)e, (unsigned)detail);
  exit(1);
}

static void add_page(void)
{
  page = HPDF_AddPage(doc);
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  all = realloc(all, (n_all + 1) * sizeof *all);
  all[n_all++] = page;
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, regular, 7.5f);
  HPDF_Page_TextOut(page, EDGE, H - 26, "ISMS objectives register — floor_pdf — Internal");
  HPDF_Page_EndText(page);
  y = H - EDGE - 10;
}

/* A line of text, wrapped at spaces to the page width, onto new pages as needed. */
static void say(const char *s, HPDF_Font f, float size)
{
  size_t n = strlen(s);
  if (!n) {
    y -= LINE / 2;
    return;
  }
  char part[4096];
  while (n) {
    if (y < EDGE + 20)
      add_page();
    HPDF_Page_SetFontAndSize(page, f, size);
    HPDF_REAL used;
    HPDF_UINT k = HPDF_Page_MeasureText(page, s, W - 2 * EDGE, HPDF_TRUE, &used);
    if (!k)
      k = HPDF_Page_MeasureText(page, s, W - 2 * EDGE, HPDF_FALSE, &used);
    if (!k || k > n)
      k = (HPDF_UINT)n;
    if (k >= sizeof part)
      k = sizeof part - 1;
    memcpy(part, s, k);
    part[k] = 0;
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, f, size);
    HPDF_Page_TextOut(page, EDGE, y, part);
    HPDF_Page_EndText(page);
    y -= LINE * size / SIZE;
    s += k, n -= k;
    for (; *s == ' '; s++, n--) {
    }
  }
}

static void chart(int points, unsigned r)
{
  float h = 150, w = W - 2 * EDGE;
  if (y - h < EDGE + 20)
    add_page();
  float x0 = EDGE, y0 = y - h, v = h * 0.8f;
  HPDF_Page_SetLineWidth(page, 0.5f);
  HPDF_Page_SetRGBStroke(page, 0.5f, 0.5f, 0.5f);
  HPDF_Page_Rectangle(page, x0, y0, w, h);
  HPDF_Page_Stroke(page);
  HPDF_Page_SetRGBStroke(page, 0.8f, 0.1f, 0.1f);
  HPDF_Page_MoveTo(page, x0, y0 + 15);
  HPDF_Page_LineTo(page, x0 + w, y0 + 15);
  HPDF_Page_Stroke(page);
  HPDF_Page_SetRGBStroke(page, 0.1f, 0.2f, 0.4f);
  HPDF_Page_SetLineWidth(page, 1.0f);
  for (int i = 0; i < points; i++) {
    r = r * 1664525u + 1013904223u;
    v -= h * 0.6f / (float)points * (float)((r >> 16) % 200) / 100.0f;
    if (v < 5)
      v = 5;
    float px = x0 + (points > 1 ? w * (float)i / (float)(points - 1) : 0);
    if (i)
      HPDF_Page_LineTo(page, px, y0 + v);
    else
      HPDF_Page_MoveTo(page, px, y0 + v);
  }
  if (points > 0)
    HPDF_Page_Stroke(page);
  y = y0 - 12;
}

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "floor_pdf: cannot read %s\n", path);
    exit(1);
  }
  char *b = NULL;
  size_t n = 0, got;
  do {
    b = realloc(b, n + 65537);
    got = fread(b + n, 1, 65536, f);
    n += got;
  } while (got == 65536);
  fclose(f);
  b[n] = 0;
  return b;
}

/* The front matter's "title:" value, quotes dropped. */
static void title(const char *text, char *out, size_t cap)
{
  const char *t = strstr(text, "\ntitle:");
  size_t k = 0;
  if (t) {
    for (t += 7; *t == ' ' || *t == '"' || *t == '\''; t++) {
    }
    while (t[k] && t[k] != '\n' && k + 1 < cap)
      k++;
    while (k && (t[k - 1] == '"' || t[k - 1] == '\'' || t[k - 1] == '\r'))
      k--;
    memcpy(out, t, k);
  }
  out[k] = 0;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
  int points = 0, a = 1;
  const char *fonts = "/usr/share/fonts/truetype/dejavu";
  for (; a + 1 < argc && argv[a][0] == '-'; a += 2)
    if (!strcmp(argv[a], "--points"))
      points = atoi(argv[a + 1]);
    else if (!strcmp(argv[a], "--fonts"))
      fonts = argv[a + 1];
    else
      break;
  if (argc - a != 2) {
    fprintf(stderr, "usage: floor_pdf [--points P] [--fonts DIR] PACK OUT.pdf\n");
    return 2;
  }
  char dir[4096], path[8200], line[1400], head[1024];
  snprintf(dir, sizeof dir, "%s/objectives", argv[a]);
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "floor_pdf: cannot open %s\n", dir);
    return 1;
  }
  char **name = NULL;
  size_t n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t l = strlen(e->d_name);
    if (l > 3 && !strcmp(e->d_name + l - 3, ".md")) {
      name = realloc(name, (n + 1) * sizeof *name);
      name[n++] = strdup(e->d_name);
    }
  }
  closedir(d);
  qsort(name, n, sizeof *name, by_name);
  char **text = malloc((n + 1) * sizeof *text);
  for (size_t i = 0; i < n; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, name[i]);
    text[i] = slurp(path);
  }

  doc = HPDF_New(on_error, NULL);
  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(doc);
  HPDF_SetCurrentEncoder(doc, "UTF-8");
  snprintf(path, sizeof path, "%s/DejaVuSans.ttf", fonts);
  regular = HPDF_GetFont(doc, HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE), "UTF-8");
  snprintf(path, sizeof path, "%s/DejaVuSans-Bold.ttf", fonts);
  heavy = HPDF_GetFont(doc, HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE), "UTF-8");
  HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, "Information security objectives register");
  HPDF_SetPageMode(doc, HPDF_PAGE_MODE_USE_OUTLINE);

  add_page();
  say("Summary", heavy, 13);
  for (size_t i = 0; i < n; i++) {
    title(text[i], head, sizeof head);
    snprintf(line, sizeof line, "%.*s   %s", (int)(strlen(name[i]) - 3), name[i], head);
    say(line, regular, SIZE);
  }
  HPDF_Outline top = HPDF_CreateOutline(doc, NULL, "Objectives", NULL);
  for (size_t i = 0; i < n; i++) {
    add_page();
    snprintf(line, sizeof line, "%.*s", (int)(strlen(name[i]) - 3), name[i]);
    HPDF_Outline o = HPDF_CreateOutline(doc, top, line, NULL);
    HPDF_Outline_SetDestination(o, HPDF_Page_CreateDestination(page));
    title(text[i], head, sizeof head);
    snprintf(line + strlen(line), sizeof line - strlen(line), " — %s", head);
    say(line, heavy, 12);
    y -= 4;
    for (char *s = text[i], *nl; *s; s = nl + 1) {
      nl = strchr(s, '\n');
      if (nl)
        *nl = 0;
      say(s, regular, SIZE);
      if (!nl)
        break;
    }
    if (points > 0)
      chart(points, (unsigned)i);
    free(text[i]);
    free(name[i]);
  }
  for (size_t p = 0; p < n_all; p++) {
    snprintf(line, sizeof line, "Page %zu of %zu", p + 1, n_all);
    HPDF_Page_BeginText(all[p]);
    HPDF_Page_SetFontAndSize(all[p], regular, 7.5f);
    HPDF_Page_TextOut(all[p], W - EDGE - 60, 24, line);
    HPDF_Page_TextOut(all[p], EDGE, 24, "As of 2026-11-27");
    HPDF_Page_EndText(all[p]);
  }
  if (HPDF_SaveToFile(doc, argv[a + 1]) != HPDF_OK)
    return 1;
  HPDF_Free(doc);
  printf("objectives %zu pages %zu\n", n, n_all);
  free(text), free(name), free(all);
  return 0;
}
