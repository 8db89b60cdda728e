/*
 * test_help.c - every rule of the table has its help (rule_help.c), and the
 * help reads as it must: a PascalCase name of its own, a requirement on the
 * objective, what the rule checks, how to fix it.  (A rule added to RULES
 * without help does not compile: rule_help is expanded from RULES.)
 */
#include "harness.h"
#include "objreg.h"

#include <ctype.h>
#include <strings.h>

static bool pascal_case(const char *s)
{
  if (!isupper((unsigned char)*s))
    return false;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s))
      return false;
  return true;
}

static bool ends_with_period(const char *s)
{
  size_t n = strlen(s);
  return n && s[n - 1] == '.';
}

void test_help(void)
{
  for (int r = 0; r < N_RULES; r++) {
    const RuleHelp *h = rule_help_for(r);
    OK(h != NULL, "rule %s has no help: add its entry to src/rule_help.c", rules[r].id);
    if (!h)
      continue;
    OK(pascal_case(h->name), "rule %s: name '%s' is not PascalCase", rules[r].id, h->name);
    for (int q = 0; q < r; q++) {
      const RuleHelp *o = rule_help_for(q);
      OK(!o || strcmp(o->name, h->name) != 0, "rules %s and %s share the name %s", rules[q].id, rules[r].id, h->name);
    }
    OK(ends_with_period(h->requirement) && ends_with_period(h->checks) && ends_with_period(h->fix),
       "rule %s: requirement, checks and fix are sentences", rules[r].id);
    // The requirement is on the objective (or the pack's inputs), never "objectives shall ...".
    OK(strncasecmp(h->requirement, "objectives shall", 16) != 0 && !strstr(h->requirement, "shall establish"),
       "rule %s: the requirement repeats the clause's subject: '%s'", rules[r].id, h->requirement);
    OK(!h->example || (h->example_file && h->example_lang && ends_with_period(h->fix) &&
                       h->example[strlen(h->example) - 1] == '\n'),
       "rule %s: an example needs its file, its language and a final newline", rules[r].id);
    OK(h->tags && strncmp(h->tags, "iso27001", 8) == 0, "rule %s: tags start with iso27001", rules[r].id);
  }
  OK(rule_help_for(N_RULES) == NULL && rule_help_for(-1) == NULL, "no help outside the rules");
}
