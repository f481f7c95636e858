/* The office's organisational-life rules and the counts compliance is judged on: the
 * store of /v1/org-life/rules and /v1/org-life/compliance (org_life.c). */
#include "yinhui/orglife_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

enum yh_err rules_db_ensure(struct db *db, const char *office)
{
    static const char *const natures[] = {"regular", "functional", "temporary"};
    static const char has[] = "SELECT COUNT(*) FROM org_life_rules WHERE office_code = ? AND nature = ?";
    enum yh_err err = YH_OK;
    for (size_t k = 0; err == YH_OK && k < ARRAY_LEN(natures); k++) {
        struct orglife_rule d[RULE_KINDS];
        struct db_param p[] = {P_STR(office), P_STR(natures[k])};
        int64_t count = 0;
        err = db_int(db, has, p, 2, 0, &count);
        size_t n = count == 0 ? compliance_default_rules(natures[k], d, RULE_KINDS) : 0;
        for (size_t i = 0; err == YH_OK && i < n; i++) {
            err = rules_db_set(db, office, &d[i]);
        }
    }
    return err;
}

enum yh_err orglife_db_fill(struct db *db, const char *sql, const struct db_param *p, size_t np,
                            const struct fm *map, size_t nmap, size_t size, void *out, size_t max, size_t *n)
{
    void *a = NULL;
    size_t got = 0;
    enum yh_err err = fm_all(db, sql, p, np, map, nmap, size, &a, &got);
    *n = got < max ? got : max;
    if (err == YH_OK) {
        memcpy(out, a, *n * size);
    }
    free(a);
    return err;
}

static const struct fm rule_map[] = {
    FM(FM_STR, NULL, struct orglife_rule, nature),
    FM(FM_STR, NULL, struct orglife_rule, kind),
    FM(FM_STR, NULL, struct orglife_rule, period),
    FM(FM_INT, NULL, struct orglife_rule, times),
};

enum yh_err rules_db_list(struct db *db, const char *office, struct orglife_rule out[RULES_MAX], size_t *n)
{
    static const char sql[] =
        "SELECT nature, kind, period, times FROM org_life_rules WHERE office_code = ? ORDER BY nature, kind";
    struct db_param p[] = {P_STR(office)};
    /* kinds are unique per office and nature: at most RULES_MAX of them */
    return orglife_db_fill(db, sql, p, 1, rule_map, ARRAY_LEN(rule_map), sizeof(*out), out, RULES_MAX, n);
}

enum yh_err rules_db_set(struct db *db, const char *office, const struct orglife_rule *rule)
{
    /* IGNORE: two first reads of an office may seed its defaults at once */
    static const char sql[] =
        "INSERT IGNORE INTO org_life_rules (office_code, nature, kind, period, times) VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(rule->nature), P_STR(rule->kind), P_STR(rule->period),
                           P_I64(rule->times)};
    return db_exec(db, sql, p, 5, NULL, NULL, NULL);
}

enum yh_err rules_db_clear(struct db *db, const char *office, const char *nature)
{
    static const char sql[] = "DELETE FROM org_life_rules WHERE office_code = ? AND nature = ?";
    struct db_param p[] = {P_STR(office), P_STR(nature)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

static const struct fm office_rule_map[] = {
    FM(FM_STR, NULL, struct office_rule, office),     FM(FM_STR, NULL, struct office_rule, rule.nature),
    FM(FM_STR, NULL, struct office_rule, rule.kind),  FM(FM_STR, NULL, struct office_rule, rule.period),
    FM(FM_INT, NULL, struct office_rule, rule.times),
};

/* prefix% for a LIKE over office codes (digits only: nothing to escape). */
static void code_prefix(const char *prefix, char out[8])
{
    snprintf(out, 8, "%.6s%%", prefix);
}

enum yh_err rules_db_under(struct db *db, const char *prefix, struct office_rule **out, size_t *n)
{
    static const char sql[] = "SELECT office_code, nature, kind, period, times FROM org_life_rules WHERE "
                              "office_code LIKE ? ORDER BY office_code, nature, kind";
    char like[8];
    code_prefix(prefix, like);
    struct db_param p[] = {P_STR(like)};
    return FM_ALL(db, sql, p, 1, office_rule_map, ARRAY_LEN(office_rule_map), out, n);
}

const struct fm compliance_branch_map[] = {
    FM(FM_ID, "branch_id", struct compliance_branch, id),
    FM(FM_STR, NULL, struct compliance_branch, office),
    FM(FM_STR, "name", struct compliance_branch, name),
    FM(FM_STR, "nature", struct compliance_branch, nature),
    FM(FM_OPT, "founded_on", struct compliance_branch, founded_on),
};
const size_t compliance_branch_map_n = ARRAY_LEN(compliance_branch_map);

enum yh_err compliance_db_branches(struct db *db, const char *prefix, int64_t branch,
                                   struct compliance_branch **out, size_t *n)
{
    static const char sql[] =
        "SELECT id, office_code, name, nature, founded_on FROM branches WHERE office_code LIKE ? AND "
        "level = 'branch' AND dissolved_on IS NULL AND (? = 0 OR id = ?) ORDER BY office_code, id LIMIT "
        "200000";
    char like[8];
    code_prefix(prefix, like);
    struct db_param p[] = {P_STR(like), P_I64(branch), P_I64(branch)};
    return FM_ALL(db, sql, p, 3, compliance_branch_map, compliance_branch_map_n, out, n);
}

static const struct fm act_map[] = {
    FM(FM_ID, NULL, struct compliance_act, branch_id),
    FM(FM_ID, NULL, struct compliance_act, activity_id),
    FM(FM_STR, NULL, struct compliance_act, kind),
    FM(FM_STR, NULL, struct compliance_act, held_at),
    FM(FM_BOOL, NULL, struct compliance_act, by_secretary),
    FM(FM_INT, NULL, struct compliance_act, voters),
    FM(FM_INT, NULL, struct compliance_act, present),
};

/* One holding branch's line of the activities of one office, of kinds matched by kind_is,
 * held in [from, to) and by now, by branch and time. */
#define ACTS_SQL(kind_is)                                                                                    \
    "SELECT ab.branch_id, a.id, a.kind, DATE_FORMAT(a.held_at, '%Y-%m-%d %H:%i:%s'), ab.by_secretary, "      \
    "ab.voters, ab.present FROM activities a JOIN activity_branches ab ON ab.activity_id = a.id WHERE "      \
    "a.office_code = ? AND " kind_is " AND a.held_at >= ? AND a.held_at < ? AND a.held_at <= ? "             \
    "AND (? = 0 OR ab.branch_id = ?) ORDER BY ab.branch_id, a.held_at, a.id"

enum yh_err compliance_db_acts(struct db *db, const char *office, int64_t branch, const char *from,
                               const char *to, const char *now, struct compliance_act **out, size_t *n)
{
    /* one office by equality, so the index ranges over its year only */
    static const char sql[] = ACTS_SQL("TRUE");
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to), P_STR(now), P_I64(branch), P_I64(branch)};
    return FM_ALL(db, sql, p, 6, act_map, ARRAY_LEN(act_map), out, n);
}

enum yh_err compliance_db_meetings(struct db *db, const char *office, const char *from, const char *to,
                                   const char *now, struct compliance_act **out, size_t *n)
{
    /* ix_activities_kind: the office's member meetings of the year, not its other activities */
    static const char sql[] = ACTS_SQL("a.kind = 'member_meeting'");
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to), P_STR(now), P_I64(0), P_I64(0)};
    return FM_ALL(db, sql, p, 6, act_map, ARRAY_LEN(act_map), out, n);
}
#undef ACTS_SQL

#define TALLY_MONTH(k) FM(FM_INT, NULL, struct compliance_tally, month[k])
static const struct fm tally_map[] = {
    FM(FM_ID, NULL, struct compliance_tally, branch_id),
    FM(FM_STR, NULL, struct compliance_tally, kind),
    TALLY_MONTH(0),
    TALLY_MONTH(1),
    TALLY_MONTH(2),
    TALLY_MONTH(3),
    TALLY_MONTH(4),
    TALLY_MONTH(5),
    TALLY_MONTH(6),
    TALLY_MONTH(7),
    TALLY_MONTH(8),
    TALLY_MONTH(9),
    TALLY_MONTH(10),
    TALLY_MONTH(11),
};
#undef TALLY_MONTH

enum yh_err compliance_db_tallies(struct db *db, const char *prefix, int year, struct compliance_tally **out,
                                  size_t *n)
{
    /* the primary key ranges over the year's offices under the prefix */
    static const char sql[] =
        "SELECT branch_id, kind, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12 FROM "
        "compliance_tallies WHERE yr = ? AND office_code LIKE ? ORDER BY branch_id, kind";
    char like[8];
    code_prefix(prefix, like);
    struct db_param p[] = {P_I64(year), P_STR(like)};
    return FM_ALL(db, sql, p, 2, tally_map, ARRAY_LEN(tally_map), out, n);
}
