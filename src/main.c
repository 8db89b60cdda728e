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
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static Options opt;  // the one global: parsed once, read-only afterwards

static const char usage_text[] =
  "usage: objreg check [PACK] [options]\n"
  "       objreg build [PACK] [-o OUT] [options]\n"
  "       objreg new objective ID [PACK]\n"
  "       objreg new review YYYY-MM-DD [PACK]\n"
  "       objreg explain [RULE] [--markdown]\n"
  "       objreg init [DIR] [--language en|de|fr]\n"
  "       objreg import FILE [PACK] [--sheet NAME] [--encoding ENC] [--map 'COLUMN=field' ...]\n"
  "       objreg --help | --version\n"
  "\n"
  "Commands:\n"
  "  check        validate the pack against ISO/IEC 27001 clause 6.2; print findings\n"
  "  build        validate, then write the evidence pack to OUT (default: output)\n"
  "  new          scaffold objectives/ID.md from the objective template\n"
  "  explain      what a rule asks and how to satisfy it (e.g. explain 6.2j);\n"
  "               without RULE the list of rules; --markdown: every rule's help\n"
  "  init         a new pack in DIR (default .): commented files, one example each\n"
  "  import       an objectives register (CSV or XLSX) into draft objectives and\n"
  "               progress/imported.csv; then the check of the pack\n"
  "\n"
  "Options (before or after PACK, default .; check refuses the build: ones):\n"
  "  --as-of YYYY-MM-DD   evaluation date (default: pack.yml as_of, else\n"
  "                       SOURCE_DATE_EPOCH's date, else today, UTC)\n"
  "  --format FORMAT      text (default), json or sarif\n"
  "  --strict             warnings fail the run too (exit 1)\n"
  "  --draft              build: write the documents despite errors, marked DRAFT\n"
  "  --revision REV       build: the source revision printed in the pack\n"
  "  --since REF          build: report changes since an earlier pack: its\n"
  "                       evidence pack (a folder) or a Git revision (v1, HEAD~3)\n"
  "  -o, --out OUT        build: output folder\n"
  "  --sign-key KEY.pem   build: sign SHA256SUMS (SHA256SUMS.p7s, detached CMS)\n"
  "  --sign-cert CERT.pem   with this key and certificate; both or neither\n"
  "  --language LANG      init: the language of the scaffold (en, de or fr)\n"
  "  --sheet NAME         import: the sheet of an XLSX file (default: the first)\n"
  "  --encoding ENC       import: of a CSV file without a BOM: utf-8, windows-1252,\n"
  "                       iso-8859-1, iso-8859-15 or windows-1250 (default: csv.encoding of PACK)\n"
  "  --map 'COLUMN=field' import: read COLUMN as field (repeatable; field 'ignore'\n"
  "                       keeps the column in the body only)\n"
  "  -j N                 threads (default 2): pack files are read on two, and\n"
  "                       build writes its documents on N; same output with -j 1\n"
  "  -q, --quiet          no summary line when clean, no progress on stderr\n"
  "  --no-color           no colour (also when NO_COLOR is set, or not a terminal)\n"
  "  -h, --help           this help\n"
  "  --version            the version\n"
  "\n"
  "Exit status: 0 no errors; 1 error findings (or warnings with --strict);\n"
  "2 usage error or an input/output failure.\n";

static int usage_error(const char *fmt, ...) FMT(1, 2);
static int usage_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("objreg: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputs("\nTry 'objreg --help'.\n", stderr);
  va_end(ap);
  return 2;
}

//
// Options: each sets its part of opt, and says which commands take it
//

// Which commands take an option (Command.opts): the bits of an Option.
enum { O_ALL = 1, O_CHECK = 2, O_BUILD = 4, O_EXPLAIN = 8, O_INIT = 16, O_IMPORT = 32 };

typedef struct {
  const char *name, *alias;  // "--out", "-o" (alias may be NULL)
  bool value;                // takes a value: --name=V, --name V, -xV or -x V
  int for_cmds;              // O_*: the commands that take it
  // Store the value (NULL when it is missing); -1 to go on, else an exit status.
  int (*set)(const char *as, const char *v);
} Option;

static int set_help(const char *as, const char *v)
{
  (void)as, (void)v;
  fputs(usage_text, stdout);
  return 0;
}

static int set_version(const char *as, const char *v)
{
  (void)as, (void)v;
  printf("objreg %s (rule set %s)\n", OBJREG_VERSION, OBJREG_RULESET);
  return 0;
}

static int set_flag(const char *as, const char *v)
{
  (void)v;
  if (strcmp(as, "--strict") == 0)
    opt.strict = true;
  else if (strcmp(as, "--draft") == 0)
    opt.draft = true;
  else if (strcmp(as, "--no-color") == 0)
    opt.color = false;
  else if (strcmp(as, "--markdown") == 0)
    opt.markdown = true;
  else
    opt.quiet = true;
  return -1;
}

static int set_as_of(const char *as, const char *v)
{
  (void)as;
  if (!v || !date_parse(v, &opt.as_of))
    return usage_error("--as-of needs a date YYYY-MM-DD, not '%s'", v ? v : "");
  return -1;
}

static int set_format(const char *as, const char *v)
{
  (void)as;
  if (!v)
    return usage_error("%s needs a value: text, json or sarif", "--format");
  if (strcmp(v, "text") == 0) opt.format = FMT_TEXT;
  else if (strcmp(v, "json") == 0) opt.format = FMT_JSON;
  else if (strcmp(v, "sarif") == 0) opt.format = FMT_SARIF;
  else return usage_error("unknown format '%s' (text, json or sarif)", v);
  return -1;
}

/* Whether v can name a source revision in the outputs (the manifest, the
 * covers, every footer, the workbook): not empty, UTF-8, no control character. */
static bool revision_ok(const char *v)
{
  if (!*v || utf8_check(v, strlen(v)) >= 0)
    return false;
  for (const unsigned char *p = (const unsigned char *)v; *p; p++)
    if (*p < 0x20 || *p == 0x7F)
      return false;
  return true;
}

static const char *const revision_vars[] = {"OBJREG_REVISION", "GITHUB_SHA", "CI_COMMIT_SHA"};

/* An option whose value is kept as given: --revision, --language, --sheet. */
static int set_text(const char *as, const char *v)
{
  static const struct {
    const char *name;
    const char **to;
    const char *need;  // what the missing value should be
  } texts[] = {
    {"--revision", &opt.revision, "a value"},
    {"--language", &opt.language, "a value: en, de or fr"},
    {"--sheet", &opt.sheet, "a sheet name"},
  };
  size_t i = 0;
  while (strcmp(as, texts[i].name) != 0)
    if (++i == sizeof texts / sizeof *texts)
      BUG("set_text for an option not in its table");
  if (!(*texts[i].to = v))
    return usage_error("%s needs %s", as, texts[i].need);
  if (texts[i].to == &opt.revision && !revision_ok(v))
    return usage_error("%s needs a revision: UTF-8 text, not empty, without control characters", as);
  return -1;
}

static int set_folder(const char *as, const char *v)
{
  bool since = strcmp(as, "--since") == 0;
  if (!v)
    return usage_error(since ? "%s needs a folder or a Git revision" : "%s needs a folder", as);
  *(since ? &opt.since : &opt.out) = v;
  return -1;
}

static int set_sign(const char *as, const char *v)
{
  if (!v || !*v)
    return usage_error("%s needs a PEM file", as);
  *(strcmp(as, "--sign-key") == 0 ? &opt.sign_key : &opt.sign_cert) = v;
  return -1;
}

static int set_jobs(const char *as, const char *v)
{
  (void)as;
  char *end;
  long j = v ? strtol(v, &end, 10) : 0;
  if (!v || !*v || *end || j < 1 || j > 64)
    return usage_error("-j needs a number of threads from 1 to 64, not '%s'", v ? v : "");
  opt.jobs = (int)j;
  return -1;
}

static int set_encoding(const char *as, const char *v)
{
  if (!v || csv_encoding_parse(v) < 0)
    return usage_error("%s needs utf-8, windows-1252, iso-8859-1, iso-8859-15 or windows-1250, not '%s'", as, v ? v : "");
  opt.encoding = v;
  return -1;
}

static int set_map(const char *as, const char *v)
{
  if (!v || !strchr(v, '='))
    return usage_error("%s needs 'COLUMN=field', not '%s'", as, v ? v : "");
  if (opt.n_maps == (int)(sizeof opt.maps / sizeof *opt.maps))
    return usage_error("too many %s options (at most 64): '%s'", as, v);
  opt.maps[opt.n_maps++] = v;
  return -1;
}

static const Option options[] = {
  {"--help", "-h", false, O_ALL, set_help},
  {"--version", NULL, false, O_ALL, set_version},
  {"--as-of", NULL, true, O_ALL, set_as_of},
  {"--format", NULL, true, O_CHECK | O_BUILD, set_format},
  {"--language", NULL, true, O_INIT, set_text},
  {"--sheet", NULL, true, O_IMPORT, set_text},
  {"--encoding", NULL, true, O_IMPORT, set_encoding},
  {"--map", NULL, true, O_IMPORT, set_map},
  {"--strict", NULL, false, O_CHECK | O_BUILD, set_flag},
  {"--quiet", "-q", false, O_ALL, set_flag},
  {"--no-color", NULL, false, O_ALL, set_flag},
  {"-j", NULL, true, O_ALL, set_jobs},
  {"--draft", NULL, false, O_BUILD, set_flag},
  {"--revision", NULL, true, O_BUILD, set_text},
  {"--since", NULL, true, O_BUILD, set_folder},
  {"--out", "-o", true, O_BUILD, set_folder},
  {"--sign-key", NULL, true, O_BUILD, set_sign},
  {"--sign-cert", NULL, true, O_BUILD, set_sign},
  {"--markdown", NULL, false, O_EXPLAIN, set_flag},
};
enum { N_OPTIONS = sizeof options / sizeof *options };

/* The option a spells, and where its value is attached (--name=V, -xV), if it is. */
static const Option *find_option(const char *a, const char **attached)
{
  *attached = NULL;
  for (int i = 0; i < N_OPTIONS; i++) {
    const char *names[] = {options[i].name, options[i].alias};
    for (int k = 0; k < 2 && names[k]; k++) {
      size_t n = strlen(names[k]);
      if (strncmp(a, names[k], n) != 0)
        continue;
      if (a[n] == '\0')
        return &options[i];
      bool long_opt = names[k][1] == '-';
      if (options[i].value && (long_opt ? a[n] == '=' : true)) {
        *attached = a + n + long_opt;
        return &options[i];
      }
    }
  }
  return NULL;
}

/* Parse argv[*i], an option; -1 to go on, else an exit status. */
static int parse_option(int argc, char **argv, int *i, int *given)
{
  const char *a = argv[*i], *v;
  const Option *o = find_option(a, &v);
  int at = *i;
  if (!o)
    return usage_error("unknown option '%s'", a);
  const char *as = o->alias && strncmp(a, o->alias, strlen(o->alias)) == 0 && a[1] != '-' ? o->alias : o->name;
  if (o->value && !v && *i + 1 < argc)
    v = argv[++*i];
  if (!given[o - options])
    given[o - options] = at;
  return o->set(as, v);
}

//
// Commands: what each takes, and the function that runs it
//

static int cmd_check(void), cmd_build(void), cmd_new(void), cmd_explain(void), cmd_dump(void), cmd_init(void),
    cmd_import(void);

typedef struct {
  const char *name;
  int (*run)(void);
  int opts;              // O_*: the options it takes besides O_ALL's
  int min_args, max_args;  // arguments after the command's name
  int pack_arg;          // which of them is PACK (default .), or -1
  const char *usage;     // when it is given too few arguments
} Command;

// To add a command, add its row (and its function below).  dump is for
// tests and not in --help.
static const Command commands[] = {
  {"check", cmd_check, O_CHECK, 0, 1, 0, "objreg check [PACK] [options]"},
  {"build", cmd_build, O_BUILD, 0, 1, 0, "objreg build [PACK] [-o OUT] [options]"},
  {"new", cmd_new, 0, 2, 3, 2, "objreg new objective ID [PACK] | objreg new review YYYY-MM-DD [PACK]"},
  {"explain", cmd_explain, O_EXPLAIN, 0, 1, -1, "objreg explain [RULE] [--markdown]"},
  {"init", cmd_init, O_INIT, 0, 1, 0, "objreg init [DIR] [--language en|de|fr]"},
  {"import", cmd_import, O_CHECK | O_IMPORT, 1, 2, 1, "objreg import FILE [PACK] [--sheet NAME] [--encoding ENC] [--map 'COLUMN=field' ...]"},
  {"dump", cmd_dump, 0, 0, 1, 0, "objreg dump [PACK]"},
};

/* Check the command's arguments and options (given: where in argv each was first), and set opt.pack. */
static int settle_command(const Command *c, char **argv, const int *given)
{
  if (opt.n_args > c->max_args)
    return usage_error("too many arguments: '%s'", opt.args[c->max_args]);
  if (opt.n_args < c->min_args)
    return usage_error("usage: %s", c->usage);
  int first = 0, which = 0;  // the first option in argv that the command does not take
  for (int i = 0; i < N_OPTIONS; i++)
    if (given[i] && !(options[i].for_cmds & (O_ALL | c->opts)) && (!first || given[i] < first))
      first = given[i], which = i;
  if (first) {  // named as spelt, without an attached value (-oDIR, --out=DIR)
    const Option *o = &options[which];
    const char *as = o->alias && strncmp(argv[first], o->alias, strlen(o->alias)) == 0 && argv[first][1] != '-'
                         ? o->alias : o->name;
    return usage_error("'%s' does not take '%s'", c->name, as);
  }
  opt.pack = c->pack_arg >= 0 && c->pack_arg < opt.n_args ? opt.args[c->pack_arg] : ".";
  for (size_t i = 0; !opt.revision && strcmp(c->name, "build") == 0 && i < sizeof revision_vars / sizeof *revision_vars;
       i++) {  // the variable revision() takes
    const char *v = getenv(revision_vars[i]);
    if (v && *v && !revision_ok(v))
      return usage_error("%s is not a revision: UTF-8 text without control characters", revision_vars[i]);
    if (v && *v)
      break;
  }
  return -1;
}

/* Parse argv into opt and find the command; returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, const Command **cmd)
{
  int given[N_OPTIONS] = {0};  // where in argv each option is first given, or 0
  opt = (Options){.as_of = DATE_NONE, .jobs = 2, .out = "output"};
  opt.color = isatty(STDOUT_FILENO) && !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
  bool only_positional = false;
  int rc;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_positional || a[0] != '-' || a[1] == '\0') {
      if (!opt.cmd)
        opt.cmd = a;
      else if (opt.n_args == MAX_ARGS)
        return usage_error("too many arguments: '%s'", a);
      else
        opt.args[opt.n_args++] = a;
    } else if (strcmp(a, "--") == 0) {
      only_positional = true;
    } else if ((rc = parse_option(argc, argv, &i, given)) >= 0) {
      return rc;
    }
  }
  if (!opt.cmd)
    return usage_error("%s", "no command given: check, build, new, explain, init or import");
  for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
    if (strcmp(opt.cmd, commands[k].name) == 0)
      return settle_command(*cmd = &commands[k], argv, given);
  return usage_error("unknown command '%s' (check, build, new, explain, init or import)", opt.cmd);
}

static const char *revision(Pack *pack);

/* Read, evaluate and check the pack: the front half of every command.  A
 * build (rev not NULL) also finds the source revision and gets the rules of
 * a build (W-REVISION, 7.5-control).  -1 (the pack freed) when the pack
 * cannot be read; else 0, and the caller frees pack and ev. */
static int run_checks(Pack *pack, Eval *ev, bool hash_inputs, const char **rev)
{
  bool sarif = hash_inputs || opt.format == FMT_SARIF;  // build writes findings.sarif
  if (pack_load(pack, opt.pack, opt.as_of, (hash_inputs ? LOAD_HASH : 0) | (sarif ? LOAD_TEXT : 0), opt.jobs) != 0) {
    pack_free(pack);
    return -1;
  }
  progress_note("read %d files, %d objectives", pack->n_inputs, pack->n_objectives);
  glyph_init(datadir_find());
  eval_pack(pack, pack->as_of, ev);
  tpl_limits(pack, ev, datadir_find(), opt.revision);  // Git's revision is a short hash; not looked up here
  // What 6.2f-relevance needs of the history: one walk (dump shows the model, not the history).
  if (!(pack->rule_overridden[RULE_6_2F_RELEVANCE] && pack->rule_sev[RULE_6_2F_RELEVANCE] == SEV_OFF) &&
      strcmp(opt.cmd, "dump") != 0)
    git_ref_history(pack);
  rules_run(pack, ev);
  evidence_required(pack, ev);
  // 7.5-approval reads the pack's history too (another walk: it looks at whole files).
  if (!(pack->rule_overridden[RULE_7_5_APPROVAL] && pack->rule_sev[RULE_7_5_APPROVAL] == SEV_OFF) &&
      strcmp(opt.cmd, "dump") != 0)
    approval_rules(pack);
  if (rev)
    control_rules(pack, opt.draft, *rev = revision(pack));
  progress_sheet_names(pack);
  diag_sort(&pack->diags);
  if (pack->keep_text)
    diag_context(pack, opt.jobs);  // the snippets of SARIF; frees the texts
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
    diag_json(&b, pack, as_of, stdout);
  else if (opt.format == FMT_SARIF)
    diag_sarif(&b, pack, stdout);
  else if (!(opt.quiet && pack->diags.len == 0))
    diag_text(&b, pack, opt.color, stdout);
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

/* rc, or 2 after a message when standard output could not be written. */
static int output_status(int rc)
{
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "objreg: error: cannot write the findings: output error\n");
    return 2;
  }
  return rc;
}

static int cmd_check(void)
{
  Pack pack;
  Eval ev;
  if (run_checks(&pack, &ev, false, NULL) != 0)
    return 2;
  progress_done();
  print_findings(&pack);
  // check ends the process here, with the model still in this frame: the
  // system takes the memory back at once, for less than freeing the model
  // piece by piece (about 2 % of check at m), and leak checkers see it
  // reachable.  build and dump free theirs (tests/valgrind.sh).
  exit(output_status(exit_status(&pack)));
}

/* The source revision: --revision, else the first of the environment's, else Git's. */
static const char *revision(Pack *pack)
{
  if (opt.revision)
    return opt.revision;
  for (size_t i = 0; i < sizeof revision_vars / sizeof *revision_vars; i++) {  // checked by settle_command
    const char *v = getenv(revision_vars[i]);
    if (v && *v)
      return v;
  }
  return git_revision(&pack->arena, opt.pack, pack->inputs, pack->n_inputs);
}

/* --since: the earlier pack (an evidence pack's folder, else a revision of the
 * pack's Git repository) compared with this one; -1 after a message. */
static int since_changes(const Pack *pack, const Eval *ev, ChangeRecord *cr)
{
  PackState before;
  GitSince *gs = NULL;
  struct stat st;
  bool folder = stat(opt.since, &st) == 0 && S_ISDIR(st.st_mode);
  if ((folder ? previous_read(opt.since, &before) : git_since_read(opt.pack, opt.since, opt.jobs, &before, &gs)) != 0)
    return -1;
  change_compute(pack, ev, &before, cr);
  cr->since = utf8_clean(&cr->arena, opt.since);  // as given on the command line: any bytes
  state_release(&before);
  int rc = 0;
  if (gs) {
    rc = git_since_attribute(gs, pack, cr);
    git_since_free(gs);
    if (rc != 0)
      change_release(cr);
  }
  return rc;
}

/* The build's time, the documents' creation date: SOURCE_DATE_EPOCH, else the
 * real time (never the evaluation date: a reconstruction must not look
 * contemporaneous). */
static int64_t created(void)
{
  int64_t secs;
  return source_date_epoch(&secs) == 1 ? secs : (int64_t)time(NULL);
}

/* --sign-key and --sign-cert, both or neither: the signer, or NULL without
 * them; -1 after a message (before anything is read or written). */
static int load_signer(Signer **signer)
{
  *signer = NULL;
  if (!opt.sign_key != !opt.sign_cert) {
    usage_error("%s", opt.sign_key ? "--sign-key needs --sign-cert" : "--sign-cert needs --sign-key");
    return -1;
  }
  if (opt.sign_key && !(*signer = sign_load(opt.sign_key, opt.sign_cert)))
    return -1;
  return 0;
}

/* The documents' introductions, from the pack's templates or the tool's;
 * -1 after a message. */
static int load_intros(const Pack *pack, const Eval *ev, BuildInfo *bi)
{
  bi->intro_register = tpl_document(pack, ev, bi, "register.md");
  // the record of the meeting dated on as_of has its own introduction (SPEC 18)
  bi->intro_review = tpl_document(pack, ev, bi, ev->current_meeting >= 0 ? "record.md" : "review.md");
  if (bi->intro_register && bi->intro_review)
    return 0;
  fprintf(stderr, "objreg: error: cannot read the templates in '%s/templates': %s\n", bi->datadir, strerror(errno));
  return -1;
}

/* After a build that wrote OUT: the findings, what was written, the exit status. */
static int report_build(const Pack *pack, bool documents)
{
  print_findings(pack);
  if (!opt.quiet) {
    if (documents)
      fprintf(stderr, "objreg: wrote the evidence pack to '%s'%s\n", opt.out, opt.draft ? " (DRAFT)" : "");
    else
      fprintf(stderr, "objreg: errors found: wrote only the findings to '%s' (use --draft for draft documents)\n", opt.out);
  }
  return exit_status(pack);
}

static int cmd_build(void)
{
  Pack pack;
  Eval ev;
  signals_out(opt.out);
  Signer *signer;  // a wrong key or certificate: exit 2 before anything is read or written
  if (load_signer(&signer) != 0)
    return 2;
  const char *rev = NULL;
  if (run_checks(&pack, &ev, true, &rev) != 0) {
    sign_free(signer);
    return 2;
  }
  BuildInfo bi = {.as_of = pack.as_of, .created = created(), .revision = rev, .draft = opt.draft,
                  .datadir = datadir_find(), .threads = opt.jobs};
  bi.issue = issue_id(&pack.arena, &pack, pack.language, pack.as_of, rev);
  bi.issue_en = issue_id(&pack.arena, &pack, LANG_EN, pack.as_of, rev);
  bi.signer = signer;
  bool documents = pack.diags.n_error == 0 || opt.draft;
  int rc = 0;
  ChangeRecord changes;
  bool has_changes = false;
  if (opt.since) {
    if (since_changes(&pack, &ev, &changes) != 0)
      rc = -1;
    else
      bi.changes = &changes, has_changes = true;
  }
  if (documents && rc == 0)
    rc = load_intros(&pack, &ev, &bi);
  if (rc == 0)
    rc = build_pack(&pack, &ev, &bi, opt.out, documents, opt.jobs);
  if (bi.intro_register)
    cmark_node_free(bi.intro_register);
  if (bi.intro_review)
    cmark_node_free(bi.intro_review);
  if (has_changes)
    change_release(&changes);
  progress_done();
  rc = rc == 0 ? report_build(&pack, documents) : 2;
  eval_release(&ev);
  pack_free(&pack);
  glyph_release();
  sign_free(signer);
  return rc;
}

/* Create PACK/rel, and objectives/ when needed, with text; never overwrites.  0, or -1 after a message. */
static int create_pack_file(const char *rel, const char *text)
{
  char *path = xmalloc(strlen(opt.pack) + strlen(rel) + 2);
  size_t dir_len = strcspn(rel, "/");  // objectives/ or reviews/
  sprintf(path, "%s/%.*s", opt.pack, (int)dir_len, rel);
  int rc = -1;
  if (mkdir(path, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "objreg: error: cannot create '%.*s': %s\n", (int)dir_len, rel, strerror(errno));
  } else {
    sprintf(path, "%s/%s", opt.pack, rel);
    rc = write_new_file(path, rel, text) ? 0 : -1;
  }
  free(path);
  return rc;
}

/* Write objectives/ID.md from the pack's objective template: 0, or -1 after a message. */
static int write_objective(Pack *pack, const Eval *ev, const char *id, const char *rel)
{
  const Objective *dup = map_get(&pack->obj_by_id, id);
  if (dup) {
    fprintf(stderr, "objreg: error: objective '%s' already exists in '%s'\n", id, dup->file);
    return -1;
  }
  if ((int)utf8_len(id) > pack->limits.id_length) {
    fprintf(stderr, "objreg: error: objective id '%s' is longer than %d characters\n", id, pack->limits.id_length);
    return -1;
  }
  char *tpl = tpl_text(pack, datadir_find(), "objective.md");
  if (!tpl) {
    fprintf(stderr, "objreg: error: cannot read the objective template: %s\n", strerror(errno));
    return -1;
  }
  char *text = tpl_expand(tpl, tpl_values(&pack->arena, pack, ev, NULL, id), (size_t)pack->limits.template_size);
  int rc = create_pack_file(rel, text);
  free(text);
  free(tpl);
  return rc;
}

/* The findings about the pack's file rel, on stdout: what is left to fill in. */
static void print_file_findings(const char *rel)
{
  Pack pack;
  Eval ev;
  if (run_checks(&pack, &ev, false, NULL) != 0)
    return;
  int n = 0;
  for (int i = 0; i < pack.diags.len; i++)
    if (strcmp(pack.diags.v[i].pos.file, rel) == 0)
      pack.diags.v[n++] = pack.diags.v[i];
  pack.diags.len = n;
  diag_sort(&pack.diags);
  Buf b;
  buf_init(&b);
  diag_lines(&b, &pack, opt.color, stdout);
  fwrite(b.s, 1, b.len, stdout);
  buf_release(&b);
  eval_release(&ev);
  pack_free(&pack);
}

/* A folder with a pack.yml, a policy.md or an objectives/ folder. */
static bool is_pack(const char *dir)
{
  static const char *const marks[] = {"pack.yml", "policy.md", "objectives"};
  bool found = false;
  for (size_t i = 0; i < sizeof marks / sizeof *marks && !found; i++) {
    Buf b;
    buf_init(&b);
    buf_printf(&b, "%s/%s", dir, marks[i]);
    struct stat st;
    found = stat(b.s, &st) == 0;
    buf_release(&b);
  }
  return found;
}

static int not_a_pack(void)
{
  fprintf(stderr, "objreg: error: '%s' is not a pack (no pack.yml, policy.md or objectives/): run 'objreg init %s' first\n",
          opt.pack, opt.pack);
  return 2;
}

/* objreg init [DIR]: a new, commented pack. */
static int cmd_init(void)
{
  return init_pack(opt.pack, opt.language ? opt.language : "en", opt.quiet);
}

/* objreg import FILE [PACK]: the register into draft objectives, then the check of the pack. */
static int cmd_import(void)
{
  if (!is_pack(opt.pack))
    return not_a_pack();
  int rc = import_register(opt.args[0], opt.pack, opt.sheet, opt.encoding, opt.maps, opt.n_maps, opt.quiet, opt.color);
  return rc ? rc : cmd_check();
}

/* reviews/DATE.md from the meeting template in the pack's language, its
 * {{as_of}} the meeting's date (day, as cmd_new_review checked it). */
static int write_meeting(Pack *pack, const Eval *ev, const char *day, const char *rel)
{
  Date date;
  date_parse(day, &date);
  int m = meeting_find(pack, date);
  if (m >= 0) {
    fprintf(stderr, "objreg: error: a review meeting on %s is already recorded in '%s'\n", day,
            pack->meetings[m]->file);
    return -1;
  }
  static const char *const names[] = {[LANG_EN] = "meeting.md", [LANG_DE] = "de/meeting.md", [LANG_FR] = "fr/meeting.md"};
  char *tpl = tpl_text(pack, datadir_find(), names[pack->language]);
  if (!tpl) {
    fprintf(stderr, "objreg: error: cannot read the meeting template: %s\n", strerror(errno));
    return -1;
  }
  Eval at = *ev;  // the template's {{as_of}} is the meeting's date
  at.as_of = date;
  char *text = tpl_expand(tpl, tpl_values(&pack->arena, pack, &at, NULL, NULL), (size_t)pack->limits.template_size);
  int rc = create_pack_file(rel, text);
  free(text);
  free(tpl);
  return rc;
}

/* Write PACK/rel with write (the pack checked first, arg the command's
 * argument), say what to do next (next, then next_arg), then list the
 * findings about the new file: what is left to fill in.  An exit status. */
static int new_pack_file(const char *rel, int (*write)(Pack *, const Eval *, const char *arg, const char *rel),
                         const char *arg, const char *next, const char *next_arg)
{
  Pack pack;
  Eval ev;
  if (run_checks(&pack, &ev, false, NULL) != 0)
    return 2;
  int rc = write(&pack, &ev, arg, rel);
  eval_release(&ev);
  pack_free(&pack);
  if (rc != 0)
    return 2;
  if (!opt.quiet)
    fprintf(stderr, "objreg: created '%s'; %s%s\n", rel, next, next_arg);
  print_file_findings(rel);
  return 0;
}

/* objreg new review YYYY-MM-DD [PACK]: a management review meeting file (SPEC section 18). */
static int cmd_new_review(void)
{
  Date date;
  if (!date_parse(opt.args[1], &date))
    return usage_error("invalid meeting date '%s' (a real date, YYYY-MM-DD)", opt.args[1]);
  if (!is_pack(opt.pack))
    return not_a_pack();
  char rel[32];
  snprintf(rel, sizeof rel, "reviews/%s.md", opt.args[1]);
  return new_pack_file(rel, write_meeting, opt.args[1], "fill in chair, attendees and decisions, then build with --as-of ",
                       opt.args[1]);
}

/* objreg new objective ID [PACK]: objectives/ID.md from the objective template. */
static int cmd_new(void)
{
  const char *id = opt.args[1];
  if (strcmp(opt.args[0], "review") == 0)
    return cmd_new_review();
  if (strcmp(opt.args[0], "objective") != 0)
    return usage_error("usage: %s", "objreg new objective ID [PACK] | objreg new review YYYY-MM-DD [PACK]");
  if (!objective_id_valid(id))
    return usage_error("invalid objective id '%s' (%s)", id, OBJECTIVE_ID_RULE);
  if (!is_pack(opt.pack))
    return not_a_pack();
  char *rel = xmalloc(strlen(id) + sizeof "objectives/.md");
  sprintf(rel, "objectives/%s.md", id);
  int rc = new_pack_file(rel, write_objective, id, "fill in what the findings below name, then set status: active", "");
  free(rel);
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
  } else if (opt.n_args == 0) {
    fputs("Rules (objreg explain RULE tells what one asks and how to satisfy it):\n", stdout);
    rule_list(stdout);
  } else {
    int r = rule_index(opt.args[0]);
    for (int i = 0; r < 0 && i < N_RULES; i++)
      if (str_ieq(rules[i].id, opt.args[0]))
        r = i;
    if (r < 0) {
      fprintf(stderr, "objreg: error: unknown rule '%s'; the rules are:\n", opt.args[0]);
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
  if (run_checks(&pack, &ev, false, NULL) != 0)
    return 2;
  dump_pack(stdout, &pack, &ev);
  eval_release(&ev);
  pack_free(&pack);
  return 0;
}

int main(int argc, char **argv)
{
  progress_init(false);  // starts the clock
  signals_init();
  const Command *cmd = NULL;
  int rc = parse_args(argc, argv, &cmd);
  if (rc >= 0)
    return rc;
  int64_t epoch;
  if (source_date_epoch(&epoch) < 0)  // before anything is read or written
    return usage_error("SOURCE_DATE_EPOCH must be whole seconds from 0 (1970-01-01) to %lld (9999-12-31), not '%s'",
                       (long long)EPOCH_MAX, getenv("SOURCE_DATE_EPOCH"));
  progress_init(!opt.quiet && isatty(STDERR_FILENO));
  return output_status(cmd->run());
}
