/*
 * main.c - the command line: options parsed once into Options, then the
 * pipeline of the command asked for.
 *
 *     check:  pack_load -> eval_pack -> rules_run -> diag_sort -> print
 *
 * Findings go to stdout in every format; usage errors and operational
 * failures go to stderr.  Exit status: 0 no errors (warnings allowed unless
 * --strict), 1 error findings, 2 usage or an input/output failure.
 */
#include "objreg.h"

#include <cmark.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static Options opt;  // the one global: parsed once, read-only afterwards

static const char usage_text[] =
  "usage: objreg check [PACK] [options]\n"
  "       objreg build [PACK] [-o OUT] [options]\n"
  "       objreg new objective ID [PACK]\n"
  "       objreg explain [RULE] [--markdown]\n"
  "       objreg --help | --version\n"
  "\n"
  "Commands:\n"
  "  check        validate the pack against ISO/IEC 27001 clause 6.2; print findings\n"
  "  build        validate, then write the evidence pack to OUT (default: output)\n"
  "  new          scaffold objectives/ID.md from the objective template\n"
  "  explain      what a rule asks and how to satisfy it (e.g. explain 6.2j);\n"
  "               without RULE the list of rules; --markdown: every rule's help\n"
  "\n"
  "Options (before or after PACK; PACK defaults to .):\n"
  "  --as-of YYYY-MM-DD   evaluation date (default: pack.yml as_of, else\n"
  "                       SOURCE_DATE_EPOCH's date, else today, UTC)\n"
  "  --format FORMAT      text (default), json or sarif\n"
  "  --strict             warnings fail the run too (exit 1)\n"
  "  --draft              build: write the documents despite errors, marked DRAFT\n"
  "  --revision REV       build: the source revision printed in the pack\n"
  "  --since PREV_OUT     build: report changes since an earlier pack\n"
  "  -o, --out OUT        build: output folder\n"
  "  -j N                 threads (default 2): pack files are read on two, and\n"
  "                       build writes its documents on N; same output with -j 1\n"
  "  -q, --quiet          no summary line when clean, no progress on stderr\n"
  "  --no-color           no colour (also when NO_COLOR is set, or not a terminal)\n"
  "  -h, --help           this help\n"
  "  --version            the version\n"
  "\n"
  "Exit status: 0 no errors; 1 error findings (or warnings with --strict);\n"
  "2 usage error or an input/output failure.\n";

static int usage_error(const char *fmt, const char *arg)
{
  fputs("objreg: error: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nTry 'objreg --help'.\n", stderr);
  return 2;
}

/* The value of an option: --opt=VALUE or --opt VALUE. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (a[n] == '=')
    return a + n + 1;
  if (*i + 1 >= argc)
    return NULL;
  return argv[++*i];
}

static bool is_opt(const char *a, const char *name)
{
  size_t n = strlen(name);
  return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

/* Parse argv into opt; returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv)
{
  const char *pos[4];
  int npos = 0;
  opt.as_of = DATE_NONE;
  opt.jobs = 2;
  opt.out = "output";
  opt.color = isatty(STDOUT_FILENO) && !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
  bool only_positional = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    if (only_positional || a[0] != '-' || a[1] == '\0') {
      if (npos == 4)
        return usage_error("too many arguments: '%s'", a);
      pos[npos++] = a;
    } else if (strcmp(a, "--") == 0) {
      only_positional = true;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage_text, stdout);
      return 0;
    } else if (strcmp(a, "--version") == 0) {
      printf("objreg %s (rule set %s)\n", OBJREG_VERSION, OBJREG_RULESET);
      return 0;
    } else if (strcmp(a, "--strict") == 0) {
      opt.strict = true;
    } else if (strcmp(a, "--draft") == 0) {
      opt.draft = true;
    } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      opt.quiet = true;
    } else if (strcmp(a, "--markdown") == 0) {
      opt.markdown = true;
    } else if (strcmp(a, "--no-color") == 0) {
      opt.color = false;
    } else if (is_opt(a, "--as-of")) {
      if (!(v = opt_value(argc, argv, &i, "--as-of")) || !date_parse(v, &opt.as_of))
        return usage_error("--as-of needs a date YYYY-MM-DD, not '%s'", v ? v : "");
    } else if (is_opt(a, "--format")) {
      if (!(v = opt_value(argc, argv, &i, "--format")))
        return usage_error("%s needs a value: text, json or sarif", "--format");
      if (strcmp(v, "text") == 0) opt.format = FMT_TEXT;
      else if (strcmp(v, "json") == 0) opt.format = FMT_JSON;
      else if (strcmp(v, "sarif") == 0) opt.format = FMT_SARIF;
      else return usage_error("unknown format '%s' (text, json or sarif)", v);
    } else if (is_opt(a, "--revision")) {
      if (!(opt.revision = opt_value(argc, argv, &i, "--revision")))
        return usage_error("%s needs a value", "--revision");
    } else if (is_opt(a, "--since")) {
      if (!(opt.since = opt_value(argc, argv, &i, "--since")))
        return usage_error("%s needs a folder", "--since");
    } else if (strcmp(a, "-o") == 0 || is_opt(a, "--out")) {
      if (!(opt.out = opt_value(argc, argv, &i, a[1] == 'o' ? "-o" : "--out")))
        return usage_error("%s needs a folder", a);
    } else if (strncmp(a, "-j", 2) == 0) {
      const char *n = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : "");
      char *end;
      long j = strtol(n, &end, 10);
      if (!*n || *end || j < 1 || j > 64)
        return usage_error("-j needs a number of threads from 1 to 64, not '%s'", n);
      opt.jobs = (int)j;
    } else {
      return usage_error("unknown option '%s'", a);
    }
  }
  if (npos == 0)
    return usage_error("%s", "no command given: check, build, new or explain");
  opt.cmd = pos[0];
  if (strcmp(opt.cmd, "explain") == 0) {
    if (npos > 2)
      return usage_error("too many arguments: '%s'", pos[2]);
    opt.rule = npos > 1 ? pos[1] : NULL;
    return -1;
  }
  if (strcmp(opt.cmd, "new") == 0) {
    if (npos < 3 || strcmp(pos[1], "objective") != 0)
      return usage_error("%s", "usage: objreg new objective ID [PACK]");
    opt.new_kind = pos[1];
    opt.new_id = pos[2];
    opt.pack = npos > 3 ? pos[3] : ".";
    return -1;
  }
  if (strcmp(opt.cmd, "check") != 0 && strcmp(opt.cmd, "build") != 0 && strcmp(opt.cmd, "dump") != 0)
    return usage_error("unknown command '%s' (check, build, new or explain)", opt.cmd);
  if (npos > 2)
    return usage_error("too many arguments: '%s'", pos[2]);
  opt.pack = npos > 1 ? pos[1] : ".";
  return -1;
}

/* Read, evaluate and check the pack: the front half of every command. */
static int run_checks(Pack *pack, Eval *ev, bool hash_inputs)
{
  bool sarif = hash_inputs || opt.format == FMT_SARIF;  // build writes findings.sarif
  if (pack_load(pack, opt.pack, opt.as_of, (hash_inputs ? LOAD_HASH : 0) | (sarif ? LOAD_TEXT : 0), opt.jobs) != 0)
    return -1;
  progress_note("read %d files, %d objectives", pack->n_inputs, pack->n_objectives);
  glyph_init(datadir_find());
  eval_pack(pack, pack->as_of, ev);
  rules_run(pack, ev);
  diag_sort(&pack->diags);
  if (pack->keep_text)
    diag_context(pack);  // the snippets of SARIF; frees the texts
  progress_note("checked %d objectives: %d errors, %d warnings", pack->n_objectives, pack->diags.n_error,
                pack->diags.n_warning);
  return 0;
}

static void print_findings(const Pack *pack)
{
  Buf b;
  buf_init(&b);
  char as_of[11];
  date_format(pack->as_of, as_of);
  if (opt.format == FMT_JSON)
    diag_json(&b, pack, as_of);
  else if (opt.format == FMT_SARIF)
    diag_sarif(&b, pack);
  else if (!(opt.quiet && pack->diags.len == 0))
    diag_text(&b, pack, opt.color);
  if (b.len)
    fwrite(b.s, 1, b.len, stdout);
  buf_release(&b);
}

static int exit_status(const Pack *pack)
{
  if (pack->diags.n_error)
    return 1;
  if (opt.strict && pack->diags.n_warning)
    return 1;
  return 0;
}

static int cmd_check(void)
{
  Pack pack;
  Eval ev;
  if (run_checks(&pack, &ev, false) != 0) {
    pack_free(&pack);
    return 2;
  }
  progress_done();
  print_findings(&pack);
  int rc = exit_status(&pack);
  eval_release(&ev);
  pack_free(&pack);
  glyph_release();
  return rc;
}

/* The source revision: --revision, else the first of the environment's. */
static const char *revision(void)
{
  static const char *const vars[] = {"OBJREG_REVISION", "GITHUB_SHA", "CI_COMMIT_SHA"};
  if (opt.revision)
    return opt.revision;
  for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v)
      return v;
  }
  return NULL;
}

/* Document timestamps: SOURCE_DATE_EPOCH, else the evaluation date at 00:00 UTC. */
static int64_t created(Date as_of)
{
  const char *e = getenv("SOURCE_DATE_EPOCH");
  if (e && *e) {
    char *end;
    long long v = strtoll(e, &end, 10);
    if (!*end && v >= 0)
      return v;
  }
  return (int64_t)as_of * 86400;
}

static int cmd_build(void)
{
  Pack pack;
  Eval ev;
  if (run_checks(&pack, &ev, true) != 0) {
    pack_free(&pack);
    return 2;
  }
  BuildInfo bi = {.as_of = pack.as_of, .created = created(pack.as_of), .revision = revision(), .draft = opt.draft,
                  .datadir = datadir_find(), .threads = opt.jobs};
  bool documents = pack.diags.n_error == 0 || opt.draft;
  int rc = 0;
  Previous prev;
  bool has_prev = false;
  if (opt.since) {
    if (previous_read(opt.since, &prev) != 0)
      rc = -1;
    else
      bi.since = &prev, has_prev = true;
  }
  if (documents && rc == 0) {  // the introductions, from the pack's templates or the tool's
    bi.intro_register = tpl_document(&pack, &ev, &bi, "register.md");
    bi.intro_review = tpl_document(&pack, &ev, &bi, "review.md");
    if (!bi.intro_register || !bi.intro_review) {
      fprintf(stderr, "objreg: error: cannot read the templates in '%s/templates': %s\n", bi.datadir, strerror(errno));
      rc = -1;
    }
  }
  if (rc == 0)
    rc = build_pack(&pack, &ev, &bi, opt.out, documents, opt.jobs);
  if (bi.intro_register)
    cmark_node_free(bi.intro_register);
  if (bi.intro_review)
    cmark_node_free(bi.intro_review);
  if (has_prev)
    previous_release(&prev);
  progress_done();
  if (rc == 0) {
    print_findings(&pack);
    rc = exit_status(&pack);
    if (!opt.quiet) {
      if (documents)
        fprintf(stderr, "objreg: wrote the evidence pack to '%s'%s\n", opt.out, opt.draft ? " (DRAFT)" : "");
      else
        fprintf(stderr, "objreg: errors found: wrote only the findings to '%s' (use --draft for draft documents)\n", opt.out);
    }
  } else {
    rc = 2;
  }
  eval_release(&ev);
  pack_free(&pack);
  glyph_release();
  return rc;
}

static bool valid_objective_id(const char *s)
{
  if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) || strlen(s) > 64)
    return false;
  for (; *s; s++)
    if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-", *s))
      return false;
  return true;
}

/* objreg new objective ID [PACK]: objectives/ID.md from the objective template. */
static int cmd_new(void)
{
  if (!valid_objective_id(opt.new_id))
    return usage_error("invalid objective id '%s' (a letter, then letters, digits, '_', '.' or '-')", opt.new_id);
  Pack pack;
  Eval ev;
  if (run_checks(&pack, &ev, false) != 0) {
    pack_free(&pack);
    return 2;
  }
  const Objective *dup = map_get(&pack.obj_by_id, opt.new_id);
  char *tpl = NULL, *text = NULL, *rel = NULL, *path = NULL;
  int rc = 2;
  if (dup) {
    fprintf(stderr, "objreg: error: objective '%s' already exists in '%s'\n", opt.new_id, dup->file);
    goto out;
  }
  if (!(tpl = tpl_text(&pack, datadir_find(), "objective.md"))) {
    fprintf(stderr, "objreg: error: cannot read the objective template: %s\n", strerror(errno));
    goto out;
  }
  text = tpl_expand(tpl, tpl_values(&pack.arena, &pack, &ev, NULL, opt.new_id));
  rel = arena_printf(&pack.arena, "objectives/%s.md", opt.new_id);
  path = arena_printf(&pack.arena, "%s/objectives", opt.pack);
  if (mkdir(path, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "objreg: error: cannot create '%s': %s\n", "objectives", strerror(errno));
    goto out;
  }
  path = arena_printf(&pack.arena, "%s/%s", opt.pack, rel);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
  if (fd < 0) {
    if (errno == EEXIST)
      fprintf(stderr, "objreg: error: '%s' already exists; not overwritten\n", rel);
    else
      fprintf(stderr, "objreg: error: cannot create '%s': %s\n", rel, strerror(errno));
    goto out;
  }
  size_t len = strlen(text);
  bool ok = write(fd, text, len) == (ssize_t)len;
  ok &= close(fd) == 0;
  if (!ok) {
    fprintf(stderr, "objreg: error: cannot write '%s': %s\n", rel, strerror(errno));
    unlink(path);
    goto out;
  }
  rc = 0;
  if (!opt.quiet)
    fprintf(stderr, "objreg: created '%s'; fill in what the findings below name, then set status: active\n", rel);

out:
  free(tpl);
  free(text);
  eval_release(&ev);
  if (rc == 0) {
    // The new file's findings: what is left to fill in.
    char *file = strdup(rel);
    pack_free(&pack);
    Pack fresh;
    Eval ev2;
    if (run_checks(&fresh, &ev2, false) == 0) {
      int n = 0;
      for (int i = 0; i < fresh.diags.len; i++)
        if (strcmp(fresh.diags.v[i].pos.file, file) == 0)
          fresh.diags.v[n++] = fresh.diags.v[i];
      fresh.diags.len = n;
      diag_sort(&fresh.diags);
      Buf b;
      buf_init(&b);
      diag_lines(&b, &fresh, opt.color);
      if (b.len)
        fwrite(b.s, 1, b.len, stdout);
      buf_release(&b);
      eval_release(&ev2);
    }
    pack_free(&fresh);
    free(file);
    return 0;
  }
  pack_free(&pack);
  return rc;
}

/* The rules: id, name and requirement, one per line. */
static void rule_list(FILE *f)
{
  for (int i = 0; i < N_RULES; i++) {
    const RuleHelp *h = rule_help_for(i);
    fprintf(f, "  %-14s %s\n", rules[i].id, h ? h->name : "");
  }
}

/* objreg explain [RULE]: the rule's help; the list of rules without one. */
static int cmd_explain(void)
{
  Buf b;
  buf_init(&b);
  if (opt.markdown) {
    rule_reference(&b);
  } else if (!opt.rule) {
    fputs("Rules (objreg explain RULE tells what one asks and how to satisfy it):\n", stdout);
    rule_list(stdout);
  } else {
    int r = rule_index(opt.rule);
    for (int i = 0; r < 0 && i < N_RULES; i++)
      if (str_ieq(rules[i].id, opt.rule))
        r = i;
    if (r < 0) {
      fprintf(stderr, "objreg: error: unknown rule '%s'; the rules are:\n", opt.rule);
      rule_list(stderr);
      return 2;
    }
    rule_explain(&b, r);
  }
  if (b.len)
    fwrite(b.s, 1, b.len, stdout);
  buf_release(&b);
  return 0;
}

/* The model and its evaluation as text, for tests (not in --help). */
static int cmd_dump(void)
{
  Pack pack;
  Eval ev;
  if (run_checks(&pack, &ev, false) != 0) {
    pack_free(&pack);
    return 2;
  }
  dump_pack(stdout, &pack, &ev);
  eval_release(&ev);
  pack_free(&pack);
  return 0;
}

int main(int argc, char **argv)
{
  progress_init(false);  // starts the clock
  int rc = parse_args(argc, argv);
  if (rc >= 0)
    return rc;
  progress_init(!opt.quiet && isatty(STDERR_FILENO));
  if (strcmp(opt.cmd, "check") == 0)
    rc = cmd_check();
  else if (strcmp(opt.cmd, "build") == 0)
    rc = cmd_build();
  else if (strcmp(opt.cmd, "new") == 0)
    rc = cmd_new();
  else if (strcmp(opt.cmd, "dump") == 0)
    rc = cmd_dump();
  else if (strcmp(opt.cmd, "explain") == 0)
    rc = cmd_explain();
  else {
    fprintf(stderr, "objreg: error: '%s' is not available in this version yet\n", opt.cmd);
    rc = 2;
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "objreg: error: cannot write the findings: output error\n");
    return 2;
  }
  return rc;
}
