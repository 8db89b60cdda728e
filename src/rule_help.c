/*
 * rule_help.c - what each rule of the rule table (rules.c) asks of an
 * objective and how to satisfy it: the one source of the SARIF rule metadata
 * (name, shortDescription, fullDescription, help, tags), of `objreg explain
 * RULE`, and of the rule reference in docs/format.md (tests/sarif.sh checks
 * that section against `objreg explain --markdown`).
 *
 * One entry per rule, help_ and the rule's name in RULES (objreg.h); the
 * table rule_help, indexed by RuleId, is expanded from RULES, so a rule added
 * there without its help here is a compile error.  tests/unit/test_help.c
 * checks how each entry reads.
 */
#include "objreg.h"

#include <string.h>

// Tags of each kind of rule (SARIF properties.tags, space-separated here).
#define T62 "iso27001 clause-6.2"
#define TQ "iso27001 clause-6.2 objective-quality"
#define TP "iso27001 clause-6.2 clause-9.1 progress-data"
#define TE "iso27001 input"
#define TW "iso27001 input"
#define T93 "iso27001 clause-9.3 management-review"

static const RuleHelp help_RULE_6_2 = {
  "ObjectiveIsEstablished",
  N_("The pack establishes information security objectives, each stating the result it achieves (ISO/IEC 27001:2022 clause 6.2)."),
  "The pack has at least one objective file under objectives/, and every objective has a title. A pack without "
  "objectives is reported at the folder objectives (line 0); an objective without a title at 1:1 of its file.",
  "Add an objective file under objectives/ (`objreg new objective OBJ-001` writes one from the template) and give "
  "every objective a title that states the result to achieve.",
  "objectives/OBJ-001.md", "yaml",
  "id: OBJ-001\n"
  "title: No privileged account on a critical system lacks a recorded justification\n",
  T62};

static const RuleHelp help_RULE_6_2A = {
  "ObjectiveFollowsPolicy",
  N_("The objective is consistent with the information security policy (ISO/IEC 27001:2022 clause 6.2 a)."),
  "The objective's policy list names at least one statement of policy.md, and every id it names is a statement "
  "there. A missing or empty list is reported at 1:1 of the objective file; an unknown id at that id.",
  "List under policy the ids of the policy statements the objective serves; each must be the id of a heading "
  "in policy.md (`## POL-4: ...`).",
  "objectives/OBJ-001.md", "yaml",
  "policy: [POL-4]\n",
  T62};

static const RuleHelp help_RULE_6_2B = {
  "ObjectiveIsMeasurable",
  N_("The objective is measurable, if practicable (ISO/IEC 27001:2022 clause 6.2 b)."),
  "The objective has at least one measure, and every measure has a numeric target, a direction and a frequency; "
  "or it says measurable: false and gives the evidence that will show achievement instead. Reported at 1:1 when "
  "there are no measures, at the measure's list item when it lacks a field, at the measurable key when evidence "
  "is missing.",
  "Give each measure a target (a number), a direction (increase or decrease) and a frequency (weekly, monthly, "
  "quarterly, semiannual or annual). Where a measure is not practicable, write measurable: false and say in "
  "evidence what will show that the objective was achieved.",
  "objectives/OBJ-001.md", "yaml",
  "measures:\n"
  "  - id: M1\n"
  "    name: Privileged accounts without a recorded justification\n"
  "    direction: decrease\n"
  "    baseline: 42\n"
  "    baseline_date: 2026-01-15\n"
  "    target: 0\n"
  "    frequency: monthly\n",
  T62};

static const RuleHelp help_RULE_6_2C = {
  "ObjectiveAddressesRisksAndRequirements",
  N_("The objective takes into account applicable information security requirements and the results of risk "
  "assessment and risk treatment (ISO/IEC 27001:2022 clause 6.2 c)."),
  "The objective names at least one risk (risks.csv) or requirement (requirements.csv), and every id it names "
  "exists. Reported at 1:1 when both lists are missing or empty; an unknown id at that id.",
  "List under risks the risk ids and under requirements the requirement ids that the objective answers; each "
  "must be the id column of a row of risks.csv or requirements.csv.",
  "objectives/OBJ-001.md", "yaml",
  "requirements: [REQ-GDPR-32]\n"
  "risks: [R-012]\n",
  T62};

static const RuleHelp help_RULE_6_2C_COVERAGE = {
  "RiskTreatmentHasObjective",
  N_("A risk treated by modification is addressed by an active or achieved objective (a cross-check of risk treatment, "
  "ISO/IEC 27001:2022 clause 6.1.3, with clause 6.2 c)."),
  "Every open risk of risks.csv rated at or above the pack's risk_coverage threshold (default high) and treated "
  "by modification is named in the risks list of at least one active or achieved objective; a draft does not "
  "count. Reported at the risk's row in risks.csv.",
  "Name the risk in the risks list of an active or achieved objective that treats it; or, if the risk is "
  "treated otherwise, correct its treatment or level in risks.csv.",
  "objectives/OBJ-001.md", "yaml",
  "status: active\n"
  "risks: [R-012]\n",
  T62 " clause-6.1.3"};

static const RuleHelp help_RULE_6_2C_FEEDBACK = {
  "RiskReassessedAfterObjective",
  N_("A risk the objective treated is reassessed once the objective is achieved (feedback from the objectives, "
  "ISO/IEC 27001:2022 clause 6.2 c, to risk assessment, clause 6.1.2)."),
  "An achieved objective (status achieved, or every measure achieved) names no risk that risks.csv still holds "
  "open with treatment modify, unless an active objective not yet achieved also treats that risk. Reported at "
  "the risk's id in the objective's risks list.",
  "Reassess the risk now that the objective is achieved: record its new level, close it, or change its "
  "treatment in risks.csv; if more treatment is needed, name it in an active objective.",
  "risks.csv", "csv",
  "id,title,level,treatment,owner,status\n"
  "R-003,Exploitation of end-of-life servers,low,modify,Head of IT Operations,closed\n",
  T62 " clause-6.1.2"};

static const RuleHelp help_RULE_6_2D = {
  "ObjectiveIsMonitored",
  N_("The objective is monitored (ISO/IEC 27001:2022 clause 6.2 d)."),
  "Every measure of an active objective has progress data in progress/*.csv, and its latest used row is not "
  "stale: not older than the measure's frequency plus stale_grace_days before as_of. Rows dated before the "
  "measure's baseline_date are history, not data since the baseline: a measure with only such rows has no "
  "progress data. Reported at the measure's list item.",
  "Record each measurement as a row of a measurements CSV under progress/, with the objective and measure ids as "
  "written in the objective file, and keep recording at the measure's frequency.",
  "progress/measurements.csv", "csv",
  "objective,measure,date,value,note\n"
  "OBJ-001,M1,2026-10-31,9,\n"
  "OBJ-001,M1,2026-11-20,4,Export from the IAM review\n",
  T62 " clause-9.1"};

static const RuleHelp help_RULE_6_2E = {
  "ObjectiveIsCommunicated",
  N_("The objective is communicated (ISO/IEC 27001:2022 clause 6.2 e)."),
  "The objective records at least one communication that has an audience and a date on or before as_of. "
  "Reported at 1:1 of the objective file, or at the date of the first communication when every one is dated "
  "after as_of (still to come, not made).",
  "Add an item to communicated for each time the objective was made known: to whom (audience), how (channel) "
  "and when (date).",
  "objectives/OBJ-001.md", "yaml",
  "communicated:\n"
  "  - {audience: IT administrators, channel: Team briefing, date: 2026-02-10}\n",
  T62 " clause-7.4"};

static const RuleHelp help_RULE_6_2F = {
  "ObjectiveIsReviewed",
  N_("The objective is updated as appropriate (ISO/IEC 27001:2022 clause 6.2 f)."),
  "The objective has a review with a frequency and a last date, the last review is not older than the "
  "frequency plus stale_grace_days before as_of nor after as_of, and the next review is not past. Reported at "
  "1:1 when there is no review, at the review mapping when frequency or last is missing, and at the last or next "
  "value when it is out of date.",
  "Review the objective, then record the date in review.last and plan the next one in review.next; give the "
  "review a frequency (weekly, monthly, quarterly, semiannual or annual).",
  "objectives/OBJ-001.md", "yaml",
  "review: {frequency: quarterly, last: 2026-09-30, next: 2026-12-31}\n",
  T62};

static const RuleHelp help_RULE_6_2F_RELEVANCE = {
  "ObjectiveOutlivesNoReason",
  N_("The objective is updated when what it rests on changes, not kept alive merely because it was once approved "
  "(ISO/IEC 27001:2022 clause 6.2 f)."),
  "Applies to active objectives. (1) The objective references at least one risk and no requirement, and every "
  "risk it references is closed: reported at the risks key. (2) When the pack is in a Git repository: a "
  "referenced risk (title, level, score, treatment, status), requirement (title, source, type) or policy "
  "statement (heading, text) whose most recent change, in a commit dated after the objective's last review "
  "(review.last, else approved_on), is reported at the reference, naming what changed (before and after), the "
  "commit's short id and date. A change counts even when it restores an earlier value.",
  "Review the objective against the changed risk, requirement or statement: adjust or withdraw it, or confirm "
  "it, then record the review's date in review.last.",
  "objectives/OBJ-001.md", "yaml",
  "review: {frequency: quarterly, last: 2026-11-27, next: 2027-02-27}\n",
  T62};

static const RuleHelp help_RULE_6_2G = {
  "ObjectiveIsDocumentedInformation",
  N_("The objective is available as documented information: versioned and approved (ISO/IEC 27001:2022 clauses 6.2 g "
  "and 7.5)."),
  "The objective has a version, approved_by and approved_on. One finding at 1:1 of the objective file names "
  "every field that is missing.",
  "Give the objective the version of its text and who approved that version on which date.",
  "objectives/OBJ-001.md", "yaml",
  "version: \"1.2\"\n"
  "approved_by: CISO\n"
  "approved_on: 2026-02-01\n",
  T62 " clause-7.5"};

static const RuleHelp help_RULE_6_2H = {
  "ObjectivePlanSaysWhatWillBeDone",
  N_("The plan for the objective determines what will be done (ISO/IEC 27001:2022 clause 6.2 h)."),
  "The objective's plan has at least one action, and every action says what will be done. Reported at 1:1 when "
  "there is no plan, at the action's list item when its action text is missing.",
  "Add a plan: a list of actions, each with an id and the action to be taken.",
  "objectives/OBJ-001.md", "yaml",
  "plan:\n"
  "  - {id: A1, action: Define the critical systems in scope, owner: IAM lead, due: 2026-03-31}\n"
  "  - {id: A2, action: Review and justify every privileged account, due: 2026-11-30}\n",
  T62};

static const RuleHelp help_RULE_6_2I = {
  "ObjectiveHasResources",
  N_("The plan for the objective determines what resources will be required (ISO/IEC 27001:2022 clause 6.2 i)."),
  "The objective states its resources, or every action of its plan does. One finding at 1:1 of the objective "
  "file names the actions without resources.",
  "State the resources of the whole objective in resources, or give every action its own resources.",
  "objectives/OBJ-001.md", "yaml",
  "resources: 0.2 FTE IAM analyst; PAM licence (budget line SEC-2026-04)\n",
  T62};

static const RuleHelp help_RULE_6_2J = {
  "ObjectiveHasOwner",
  N_("The plan for the objective determines who will be responsible (ISO/IEC 27001:2022 clause 6.2 j)."),
  "The objective has an owner, which every action inherits; without one, every action needs an owner of its "
  "own. Reported at 1:1 of the objective file, and at the list item of each action without an owner.",
  "Name the person or role responsible for the objective in owner. An action may name a different owner.",
  "objectives/OBJ-001.md", "yaml",
  "owner: Head of IT Operations\n"
  "plan:\n"
  "  - {id: A1, action: Define the critical systems in scope, owner: IAM lead, due: 2026-03-31}\n",
  T62};

static const RuleHelp help_RULE_6_2K = {
  "ObjectiveHasDueDate",
  N_("The plan for the objective determines when it will be completed (ISO/IEC 27001:2022 clause 6.2 k)."),
  "The objective has a due date, every action has a due date, and no action is due after the objective. "
  "Reported at 1:1 when the objective has none, at the action's list item when it has none, at the action's due "
  "value when it is later than the objective's.",
  "Give the objective a due date (YYYY-MM-DD) and every action a due date not later than it.",
  "objectives/OBJ-001.md", "yaml",
  "due: 2026-12-31\n"
  "plan:\n"
  "  - {id: A1, action: Define the critical systems in scope, due: 2026-03-31}\n",
  T62};

static const RuleHelp help_RULE_6_2L = {
  "ObjectiveHasEvaluationMethod",
  N_("The plan for the objective determines how the results will be evaluated (ISO/IEC 27001:2022 clause 6.2 l)."),
  "The objective has an evaluation: who evaluates the results, when, and what counts as achieved. Reported at "
  "1:1 of the objective file.",
  "Say in evaluation who evaluates the results, how often, and when the objective counts as achieved.",
  "objectives/OBJ-001.md", "yaml",
  "evaluation: ISMS steering committee reviews M1 quarterly; achieved when M1 is 0 for two consecutive months.\n",
  T62 " clause-9.1"};

static const RuleHelp help_RULE_6_2L_ACHIEVED = {
  "AchievedObjectiveMeetsItsMeasures",
  N_("An objective recorded as achieved is achieved by the evaluation it states: each of its measures meets its "
  "own achievement rule (ISO/IEC 27001:2022 clause 6.2 l)."),
  "An objective with status achieved has no measure whose progress data says it is not achieved by its "
  "achieved_when rule (by default, its latest value meets the target); a measure without data is not checked. "
  "Its RAG is green because of its status; this finding says which measures disagree. Reported at the status "
  "value, naming each such measure with its status, latest value and target.",
  "Set status: active until the measures show the objective achieved; or, if the committee decided otherwise, "
  "record that decision in the objective and bring its measures in line (a new target, or a measure retired "
  "with its reason).",
  "objectives/OBJ-001.md", "yaml",
  "status: active\n",
  T62 " clause-9.1"};

static const RuleHelp help_RULE_Q_ACTIVITY = {
  "TitleStatesResult",
  N_("The objective's title states a result to achieve, not an activity to perform."),
  "The first word of the title (split at white space and hyphens) is not an activity verb of objreg's closed "
  "list (run, conduct, deliver, perform, implement, deploy, train, ...). Reported at the title.",
  "Rewrite the title as the state the organisation wants to reach; the activities belong in the plan.",
  "objectives/OBJ-001.md", "yaml",
  "title: No privileged account on a critical system lacks a recorded justification\n"
  "plan:\n"
  "  - {id: A1, action: Deploy a PAM solution for all administrator accounts, due: 2026-06-30}\n",
  TQ};

static const RuleHelp help_RULE_Q_VAGUE = {
  "TitleIsSpecific",
  N_("The objective's title is specific enough to be measured."),
  "The whole title (case-insensitive, a leading \"to \" and a final \".\" ignored) is not one of objreg's closed "
  "list of vague phrases (improve security, ensure compliance, be secure, ...). Reported at the title.",
  "Say what will be true, and of what, when the objective is achieved.",
  "objectives/OBJ-001.md", "yaml",
  "title: Every critical system is restored from backup within 4 hours in the yearly test\n",
  TQ};

static const RuleHelp help_RULE_9_3_DECISION = {
  "ReviewDecisionIsActionable",
  N_("Each open decision of a management review has an owner and a due date, and names only objectives that exist "
  "(ISO/IEC 27001:2022 clause 9.3.3)."),
  "A decision under decisions in a meeting file of reviews/ whose status is open (as the meeting file or its "
  "latest decision update says) has an owner and a due date; every id under its objectives is an objective of "
  "the pack, whatever the decision's status. A missing owner or due date is reported at the decision's list "
  "item, an unknown objective at that id.",
  "Give the decision an owner (a role) and a due date (YYYY-MM-DD), and correct each id under objectives to one "
  "an objective file defines.",
  "reviews/2026-06-12.md", "yaml",
  "decisions:\n"
  "  - id: D1\n"
  "    decision: Add 0.5 FTE to supplier security reviews\n"
  "    owner: Head of Procurement\n"
  "    due: 2026-09-30\n"
  "    objectives: [OBJ-004]\n",
  T93};

static const RuleHelp help_RULE_9_3_FOLLOWUP = {
  "ReviewDecisionIsFollowedUp",
  N_("No decision of a management review is still open after its due date (ISO/IEC 27001:2022 clause 9.3.2 a)."),
  "A decision whose status is open (as the meeting file or its latest decision update dated on or before as_of "
  "says) has a due date that is not before as_of. Reported at the decision's due date, with the days it is "
  "overdue; the review report lists it as overdue under \"Actions from previous management reviews\".",
  "Carry the decision out and record it as done, or record the committee's choice to cancel it, in a decision "
  "update row of a progress CSV (review, decision, date, status); or agree a new due date and write it in the "
  "meeting file.",
  "progress/decisions.csv", "csv",
  "review,decision,date,status,note\n"
  "2026-06-12,D1,2026-09-20,done,0.5 FTE in post from 2026-09-15\n",
  T93};

static const RuleHelp help_RULE_P_REF = {
  "ProgressRowRefersToKnownItem",
  N_("Each progress row refers to an objective, measure or action that exists."),
  "A row of a progress CSV names an objective of the pack and a measure or action that objective has (ids are "
  "case-sensitive); a decision update names the date of a meeting under reviews/ and a decision of that "
  "meeting. Reported at the id's field; the row is not used.",
  "Correct the objective, measure or action id of the row to one written in the objective file, or add the "
  "measure or action to the objective.",
  "progress/measurements.csv", "csv",
  "objective,measure,date,value,note\n"
  "OBJ-001,M1,2026-11-20,4,\n",
  TP};

static const RuleHelp help_RULE_P_VALUE = {
  "ProgressRowIsValid",
  N_("Each progress row holds a valid date, value and status."),
  "A row's date is a real date written YYYY-MM-DD (or as csv.date in pack.yml says), a measurement's value is "
  "a number that can be read only one way (a trailing % only for a percent unit), an action update's status is "
  "planned, in-progress, done, blocked or cancelled and its percent a number from 0 to 100; a row has no more "
  "fields than the header and every required one. Reported at the field (a missing field at the row); the row "
  "is not used. In a progress workbook, at the cell (an empty one included), the message naming the sheet and "
  "the cell.",
  "Write the date as YYYY-MM-DD and the value as a number in the measure's unit; for a spreadsheet export, set "
  "csv.decimal, csv.thousands and csv.date in pack.yml as the message says; quote a value with a decimal comma "
  "in a comma-delimited file. In a progress workbook, enter a value in a cell formatted as Number and a date in "
  "a cell formatted as Date, not as text.",
  "progress/actions.csv", "csv",
  "objective,action,date,status,percent,note\n"
  "OBJ-001,A2,2026-11-15,in-progress,80,\n",
  TP};

static const RuleHelp help_RULE_P_DUP = {
  "ProgressRowIsUnique",
  N_("Each measure or action has at most one progress row per date."),
  "No two rows give the same objective, measure (or action) and date; when they do, the later one (in path "
  "order, then line order) is used. Reported at the later row, naming the one it replaces.",
  "Delete the row that is wrong, or correct its date.",
  "progress/measurements.csv", "csv",
  "objective,measure,date,value,note\n"
  "OBJ-001,M1,2026-10-31,9,\n"
  "OBJ-001,M1,2026-11-20,4,\n",
  TP};

static const RuleHelp help_RULE_P_FUTURE = {
  "ProgressRowIsNotInFuture",
  N_("No progress row is dated after the evaluation date."),
  "A row dated after as_of (the evaluation date) is reported at the row and not used.",
  "Correct the row's date, or evaluate the pack as of a later date (--as-of, or as_of in pack.yml).",
  "progress/actions.csv", "csv",
  "objective,action,date,status,percent,note\n"
  "OBJ-001,A2,2026-11-15,in-progress,80,\n",
  TP};

static const RuleHelp help_RULE_E_IO = {
  "InputIsReadable",
  N_("Every file of the pack can be read."),
  "Each file objreg reads is a regular file it can open and read whole, and each expected folder is a folder. "
  "Reported at the file (line 0); the file is not used.",
  "Make the file a readable regular file (not a folder, device or socket), or remove it from the pack.",
  NULL, NULL, NULL,
  TE};

static const RuleHelp help_RULE_E_UTF8 = {
  "InputIsUtf8Text",
  N_("Every file of the pack is UTF-8 text."),
  "A file holds valid UTF-8 and no control character other than tab, line feed and carriage return. Reported "
  "at the offending byte; the file is not used. A CSV file may also be UTF-16 with a byte order mark, or in the "
  "encoding csv.encoding in pack.yml names. A progress workbook's cell that holds a control character (written "
  "_x0001_ in the file) is reported at the cell, naming the sheet and the cell; the workbook is not used.",
  "Save the file as UTF-8 (a byte order mark is allowed; Excel: \"CSV UTF-8\") or set csv.encoding in "
  "pack.yml, and remove the control character (in a workbook: from the cell the message names).",
  NULL, NULL, NULL,
  TE};

static const RuleHelp help_RULE_E_YAML = {
  "FrontMatterIsValidYaml",
  N_("Every front matter and pack.yml is valid YAML of the expected shape."),
  "YAML syntax, unique keys, no anchors or aliases, no tags other than YAML's core ones (!!str, !!int, ...), and "
  "front matter that starts with a line --- and ends with another. Reported where the parser stops, at the second "
  "of two equal keys, or at the anchor, alias or tag; the file is not used.",
  "Correct the YAML at the position reported: quote values that hold \": \" or start with a special character, "
  "write each key once, remove the tag, and close the front matter with a line ---.",
  "objectives/OBJ-001.md", "yaml",
  "---\n"
  "id: OBJ-001\n"
  "title: \"Backups: restored within 4 hours\"\n"
  "---\n",
  TE};

static const RuleHelp help_RULE_E_CSV = {
  "CsvIsWellFormed",
  N_("Every CSV file is well formed and has the columns its kind needs."),
  "CSV syntax (quotes balanced) and the required columns of the header: id, title, treatment and level (or "
  "score, or likelihood and impact) for risks.csv; id and title for requirements.csv; objective, measure, date and value, or "
  "objective, action, date and status, for progress files. Reported at the line where a broken field opens, or at "
  "the header; the file is not used.",
  "Close every quoted field, and give the file a header row with the required columns.",
  "progress/measurements.csv", "csv",
  "objective,measure,date,value,note\n"
  "OBJ-001,M1,2026-11-20,4,\"Export, after the fix\"\n",
  TE};

static const RuleHelp help_RULE_E_FIELD = {
  "ValueIsValid",
  N_("Every value is of the kind its key takes."),
  "Dates are real dates written YYYY-MM-DD, numbers plain decimals below 10^15 (and, in a de or fr pack, not "
  "1.420, where '.' could group thousands), enumerations one of their words, ids of the allowed characters, "
  "lists and mappings where the format asks for them, required keys present, keys spelt as documented (not Due "
  "or achieved-when for due or achieved_when), and values that agree (a risk's score with its likelihood x "
  "impact; one meaning for each vocabulary term and risk level). Reported at the value, or at the key.",
  "Write the value as docs/format.md describes the key: for example level is one of organisation, function, "
  "process, system or location.",
  "objectives/OBJ-001.md", "yaml",
  "level: function\n"
  "function: IT Operations\n"
  "due: 2026-12-31\n",
  TE};

static const RuleHelp help_RULE_E_DUP = {
  "IdIsUnique",
  N_("Every id is defined once."),
  "Objective ids are unique across the pack, measure and action ids within their objective, policy statements "
  "within policy.md and register ids within their file. Reported at the second definition.",
  "Give the second definition an id of its own, or remove it.",
  "objectives/OBJ-002.md", "yaml",
  "id: OBJ-002\n",
  TE};

static const RuleHelp help_RULE_E_PATH = {
  "InputStaysInsidePack",
  N_("Every file of the pack lies inside the pack."),
  "No file or folder objreg reads is a link that leads outside the pack folder. Reported at the link (line 0); "
  "the file is not used.",
  "Copy the file into the pack instead of linking to it, or remove the link.",
  NULL, NULL, NULL,
  TE};

static const RuleHelp help_RULE_E_LIMIT = {
  "InputStaysWithinLimits",
  N_("Every input stays within the pack's limits."),
  "File size, YAML nesting, CSV field size, number of objectives and the length of ids and titles stay within "
  "the limits of pack.yml (limits:) or their defaults. Reported at the file, node or value over the limit; the "
  "file concerned is not used.",
  "Shorten or split what is over the limit, or raise the limit in pack.yml.",
  "pack.yml", "yaml",
  "limits:\n"
  "  title_length: 400\n",
  TE};

static const RuleHelp help_RULE_W_KEY = {
  "KeyIsKnown",
  N_("Every key is one that objreg reads."),
  "Each key of pack.yml and of the front matter is known, so that a misspelt key does not pass silently; an "
  "unknown file under templates/ is reported too. Reported at the key.",
  "Correct the spelling of the key (docs/format.md lists every key), or remove it.",
  "objectives/OBJ-001.md", "yaml",
  "owner: Head of IT Operations\n",
  TW};

static const RuleHelp help_RULE_W_GLYPH = {
  "TextIsPrintable",
  N_("Every text prints as written in the PDF documents."),
  "Each text that the documents print uses only characters that objreg's fonts (DejaVu Sans and Serif) have; "
  "any other is printed as a replacement mark. Reported at the text's value (body text at its block).",
  "Replace the character with one the fonts have, or spell it out.",
  "objectives/OBJ-001.md", "yaml",
  "title: Every laptop is encrypted before it leaves the building\n",
  TW};

static const RuleHelp help_RULE_W_TRUNC = {
  "TextFitsSpreadsheetCell",
  N_("Every text fits a spreadsheet cell of the workbook."),
  "A text longer than 32,767 characters, Excel's cell limit, is cut in the workbook. Reported at the text.",
  "Shorten the text: keep long explanations in a document of their own and refer to it.",
  "objectives/OBJ-001.md", "yaml",
  "evaluation: ISMS steering committee reviews M1 quarterly.\n",
  TW};

static const RuleHelp help_RULE_W_REVISION = {
  "BuildNamesRevision",
  N_("Every controlled build of the evidence pack names the source revision it was built from (ISO/IEC 27001:2022 "
  "clause 7.5.3)."),
  "A build that is not a draft has a source revision: --revision, else the environment's OBJREG_REVISION, "
  "GITHUB_SHA or CI_COMMIT_SHA, else the commit of the Git work tree that holds the pack. Only build reports it "
  "(check does not know the build's options), at pack.yml (line 0).",
  "Build from the pack's Git work tree, or give the revision: `objreg build --revision v2.1` or OBJREG_REVISION "
  "in the environment (CI systems set GITHUB_SHA or CI_COMMIT_SHA).",
  NULL, NULL, NULL,
  TW};

static const RuleHelp help_RULE_P_EVIDENCE = {
  "ProgressEvidenceCanBeChecked",
  N_("The evidence a progress row names can be checked: a file it names exists in the repository (ISO/IEC 27001:2022 "
  "clauses 7.5 and 9.1)."),
  "An evidence value that is a path (it holds a '/' or ends in a file extension such as .pdf) names a regular file "
  "below the repository root (the Git work tree that holds the pack, else the pack; a path not found there is "
  "tried relative to the pack), never outside it. With thresholds.require_evidence: true, every used row has "
  "evidence. Reported at the evidence field (at the row when the file has no evidence column).",
  "Correct the path (relative to the repository root, with '/' between folders), add the file to the repository, "
  "or write a URL (https://...) or a document reference (IAM-REV-2026Q1) instead.",
  "progress/measurements.csv", "csv",
  "objective,measure,date,value,evidence,measured_by,verified_by\n"
  "OBJ-001,M1,2026-03-31,31,evidence/iam-2026-q1.csv,IAM analyst,Head of IT Operations\n",
  TP};

static const RuleHelp help_RULE_7_5_APPROVAL = {
  "ApprovalMatchesContent",
  N_("An approved objective, and the approved document, are not changed without a new version and a new approval "
     "(ISO/IEC 27001:2022 clause 7.5.2)."),
  "In a Git repository: an objective whose file changed (front matter or body) in a commit dated after its "
  "approved_on, while its version stayed the same, is reported at its version, naming the newest such commit and "
  "its date; the same for the document: objectives, policy or registers changed after document.approved_on while "
  "document.version stayed the same, at pack.yml's document.version. An objective's approved_on, or "
  "document.approved_on, after the evaluation date is reported at that date, in a repository or not: on the "
  "evaluation date it was not yet approved. Only committed changes count (a commit's author or committer date, "
  "the later, or the date a merge brought it into HEAD's line; renames followed); outside a Git work tree the "
  "rule finds nothing. In a shallow clone it looks only at the commits present and says so in a note on stderr.",
  "Give the objective (or the document) a new version and record the new approval (approved_by, approved_on).",
  "objectives/OBJ-004.md", "yaml",
  "version: \"1.2\"\n"
  "approved_by: ISMS Steering Committee\n"
  "approved_on: 2026-07-20\n",
  "iso27001 clause-7.5"};

static const RuleHelp help_RULE_7_5_CONTROL = {
  "DocumentIsControlled",
  N_("Every controlled build says who receives it, where its controlled master is kept and how long it is retained "
  "(ISO/IEC 27001:2022 clause 7.5.3)."),
  "pack.yml's document has distribution (a list of recipients or roles), master (where the controlled master is "
  "kept) and retention (how long it is kept). Only a build that is not a draft reports it, at the document key "
  "(pack.yml line 0 without one), naming what is missing.",
  "Add the three keys under document in pack.yml; the register and the workbook print them in their document "
  "control tables.",
  "pack.yml", "yaml",
  "document:\n"
  "  distribution: [ISMS Steering Committee, Internal Audit, Function heads]\n"
  "  master: ISMS SharePoint, Controlled documents library\n"
  "  retention: 7 years after withdrawal\n",
  "iso27001 clause-7.5"};

// Indexed by RuleId: a rule of RULES without its help_RULE_... above does not compile.
const RuleHelp *const rule_help[N_RULES] = {
#define X(name, ...) [name] = &help_##name,
  RULES(X)
#undef X
};

const RuleHelp *rule_help_for(int rule)
{
  return rule >= 0 && rule < N_RULES ? rule_help[rule] : NULL;
}

static const char *sev_word(Severity s)
{
  return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "off";
}

/* The example as a fenced block (Markdown) or indented (text). */
static void example(Buf *b, const RuleHelp *h, bool markdown)
{
  if (!h->example)
    return;
  buf_printf(b, "\nExample (%s):\n\n", h->example_file);
  if (markdown) {
    buf_printf(b, "```%s\n%s```\n", h->example_lang, h->example);
    return;
  }
  for (const char *p = h->example; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    buf_puts(b, "    ");
    buf_add(b, p, n);
    buf_putc(b, '\n');
    p += n + (nl != NULL);
  }
}

/* How to fix it, with the example: SARIF help.text and the end of `objreg explain`. */
void rule_help_text(Buf *b, int rule)
{
  const RuleHelp *h = rule_help_for(rule);
  if (!h)
    BUG("a rule without help");
  buf_printf(b, "%s\n", h->fix);
  example(b, h, false);
}

void rule_help_markdown(Buf *b, int rule)
{
  const RuleHelp *h = rule_help_for(rule);
  if (!h)
    BUG("a rule without help");
  buf_printf(b, "%s\n", h->fix);
  example(b, h, true);
}

/* `objreg explain RULE`: everything about one rule, as plain text. */
void rule_explain(Buf *b, int rule)
{
  const RuleHelp *h = rule_help_for(rule);
  if (!h)
    BUG("a rule without help");
  buf_printf(b, "%s (%s), default severity %s\n\n", rules[rule].id, h->name, sev_word(rules[rule].sev));
  buf_printf(b, "%s\n\nWhat it checks: %s\n\nHow to fix it: ", h->requirement, h->checks);
  rule_help_text(b, rule);
}

/* The rule reference of docs/format.md: every rule, in table order, as Markdown. */
void rule_reference(Buf *b)
{
  for (int r = 0; r < N_RULES; r++) {
    const RuleHelp *h = rule_help_for(r);
    if (!h)
      BUG("a rule without help");
    buf_printf(b, "### %s: %s\n\n", rules[r].id, h->name);
    buf_printf(b, "%s Default severity: %s.\n\n**What it checks.** %s\n\n**How to fix it.** ", h->requirement,
               sev_word(rules[r].sev), h->checks);
    rule_help_markdown(b, r);
    if (r < N_RULES - 1)
      buf_putc(b, '\n');
  }
}
