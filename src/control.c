/*
 * control.c - document control (SPEC section 19, clause 7.5): what makes one
 * build of the evidence pack identifiable, computed once for every backend.
 *
 *   issue_id()        "<doc-id> v<version> · as of <as_of> · <revision>", the
 *                     line on the cover, every page footer and the manifest
 *   revision_short()  a commit id cut to 12 hex digits ("-modified" kept);
 *                     any other revision as given
 *   time_utc()        a Unix time as "YYYY-MM-DD HH:MM UTC" (the cover's
 *                     "Generated ... from ...")
 *
 * None of them reads the clock: the build's time comes in as BuildInfo.created
 * (SOURCE_DATE_EPOCH, else the real time, read once by main).
 */
#include "objreg.h"

#include <ctype.h>
#include <string.h>

#define SHORT_ID 12  // hex digits of a commit id in the issue identifier

const char *revision_short(Arena *a, const char *rev)
{
  if (!rev)
    return NULL;
  size_t n = strspn(rev, "0123456789abcdef");
  if (n >= 40 && (rev[n] == '\0' || rev[n] == '-'))  // a full SHA-1 or SHA-256 id, as Git gives it
    return arena_printf(a, "%.*s%s", SHORT_ID, rev, rev + n);
  return rev;
}

const char *issue_id(Arena *a, const Pack *p, Language lang, Date as_of, const char *revision)
{
  char d[11];
  date_format(as_of, d);
  const char *rev = revision_short(a, revision);
  return arena_printf(a, tr(lang, "%s%s%s \xC2\xB7 as of %s \xC2\xB7 %s"), pack_doc_id(p).s,
                      p->doc_version.s ? " v" : "", p->doc_version.s ? p->doc_version.s : "", d,
                      rev ? rev : tr(lang, "revision not given"));
}

const char *time_utc(int64_t secs, char out[24])
{
  Date day = date_from_unix(secs);
  int64_t s = secs - (int64_t)day * 86400;
  char d[11];
  date_format(day, d);
  snprintf(out, 24, "%s %02d:%02d UTC", d, (int)(s / 3600), (int)(s / 60 % 60));
  return out;
}

void control_rules(Pack *pack, bool draft, const char *revision)
{
  if (draft)
    return;
  if (!revision)
    diag_add(pack, (Pos){"pack.yml", 0, 0}, RULE_W_REVISION, NULL,
             "a controlled build without a source revision: give --revision, set OBJREG_REVISION, or build "
             "from the pack's Git work tree");
  const char *missing[3];
  int n = 0;
  if (!pack->doc_distribution.n)
    missing[n++] = "distribution";
  if (!pack->doc_master.s)
    missing[n++] = "master";
  if (!pack->doc_retention.s)
    missing[n++] = "retention";
  if (n)
    diag_add(pack, pack->doc_pos.file ? pack->doc_pos : (Pos){"pack.yml", 0, 0}, RULE_7_5_CONTROL, NULL,
             "a controlled build without document %s%s%s%s%s: say who receives it, where the controlled master is "
             "kept and how long it is retained (7.5.3)", missing[0], n > 1 ? (n > 2 ? ", " : " and ") : "",
             n > 1 ? missing[1] : "", n > 2 ? " and " : "", n > 2 ? missing[2] : "");
}
