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
    static const char sql[] =
        "INSERT IGNORE INTO org_life_rules (office_code, kind, period, times) SELECT ?, r.kind, "
        "r.period, r.times FROM (SELECT 'committee_meeting' kind, 'month' period, 1 times UNION ALL "
        "SELECT 'member_meeting', 'quarter', 1 UNION ALL SELECT 'lecture', 'quarter', 1) r WHERE "
        "NOT EXISTS (SELECT 1 FROM org_life_rules x WHERE x.office_code = ?)";
    struct db_param p[] = {P_STR(office), P_STR(office)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
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
    FM(FM_STR, NULL, struct orglife_rule, kind),
    FM(FM_STR, NULL, struct orglife_rule, period),
    FM(FM_INT, NULL, struct orglife_rule, times),
};

enum yh_err rules_db_list(struct db *db, const char *office, struct orglife_rule out[RULES_MAX], size_t *n)
{
    static const char sql[] =
        "SELECT kind, period, times FROM org_life_rules WHERE office_code = ? ORDER BY kind";
    struct db_param p[] = {P_STR(office)};
    /* kinds are unique per office and there are fewer than RULES_MAX of them */
    return orglife_db_fill(db, sql, p, 1, rule_map, ARRAY_LEN(rule_map), sizeof(*out), out, RULES_MAX, n);
}

enum yh_err rules_db_set(struct db *db, const char *office, const char *kind, const char *period,
                         int64_t times)
{
    static const char sql[] =
        "INSERT INTO org_life_rules (office_code, kind, period, times) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(kind), P_STR(period), P_I64(times)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err rules_db_clear(struct db *db, const char *office)
{
    static const char sql[] = "DELETE FROM org_life_rules WHERE office_code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, NULL, NULL, NULL);
}

const struct fm compliance_branch_map[] = {
    FM(FM_ID, "branch_id", struct compliance_branch, id),
    FM(FM_STR, "name", struct compliance_branch, name),
};
const size_t compliance_branch_map_n = ARRAY_LEN(compliance_branch_map);

enum yh_err compliance_db_branches(struct db *db, const char *office, struct compliance_branch **out,
                                   size_t *n)
{
    static const char sql[] = "SELECT id, name FROM branches WHERE office_code = ? AND level = 'branch' AND "
                              "dissolved_on IS NULL ORDER BY id LIMIT 10000";
    struct db_param p[] = {P_STR(office)};
    void *a = NULL;
    enum yh_err err =
        fm_all(db, sql, p, 1, compliance_branch_map, compliance_branch_map_n, sizeof(**out), &a, n);
    *out = a;
    return err;
}

static const struct fm count_map[] = {
    FM(FM_ID, NULL, struct compliance_count, branch_id),
    FM(FM_STR, NULL, struct compliance_count, kind),
    FM(FM_INT, NULL, struct compliance_count, count),
};

enum yh_err compliance_db_counts(struct db *db, const char *office, const char *from, const char *to,
                                 struct compliance_count **out, size_t *n)
{
    static const char sql[] =
        "SELECT ab.branch_id, a.kind, COUNT(*) FROM activities a JOIN activity_branches ab ON "
        "ab.activity_id = a.id WHERE a.office_code = ? AND a.held_at >= ? AND a.held_at < ? "
        "GROUP BY ab.branch_id, a.kind";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    void *a = NULL;
    enum yh_err err = fm_all(db, sql, p, 3, count_map, ARRAY_LEN(count_map), sizeof(**out), &a, n);
    *out = a;
    return err;
}
