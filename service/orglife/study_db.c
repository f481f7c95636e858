/* Study records and credits: the store of study.c. */
#include "yinhui/study_db.h"

#include <stdio.h>

#include "yinhui/orglife_db.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

enum yh_err study_db_insert(struct db *db, const char *office, const struct study_record *s, const char *by,
                            int64_t *id)
{
    static const char sql[] =
        "INSERT INTO study_records (office_code, member_id, kind, title, body, done_on, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),  P_I64(s->member_id), P_STR(s->kind), P_STR(s->title),
                           P_OPT(s->body), P_STR(s->done_on),   P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 7, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

#define STUDY_COLS                                                                                           \
    "s.id, s.member_id, m.name, IFNULL(m.branch_id, 0), s.kind, s.title, s.body, s.done_on, "                \
    "s.featured_branch_id, " SQL_TS("s.created_at")
/* body is written through P_OPT: NULL, never "" */
const struct fm study_map[] = {
    FM(FM_ID, "id", struct study_row, id),
    FM(FM_ID, "member_id", struct study_row, member_id),
    FM(FM_STR, "member_name", struct study_row, member_name),
    FM(FM_ID, "branch_id", struct study_row, branch_id),
    FM(FM_STR, "kind", struct study_row, kind),
    FM(FM_STR, "title", struct study_row, title),
    FM(FM_OPT, "body", struct study_row, body),
    FM(FM_STR, "done_on", struct study_row, done_on),
    FM(FM_ID, "featured_branch_id", struct study_row, featured_branch_id),
    FM(FM_STR, "created_at", struct study_row, created_at),
};
const size_t study_map_n = ARRAY_LEN(study_map);

enum yh_err study_db_get(struct db *db, const char *office, int64_t id, struct study_row *s)
{
    static const char sql[] =
        "SELECT " STUDY_COLS " FROM study_records s JOIN members m ON m.id = s.member_id WHERE "
        "s.office_code = ? AND s.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, study_map, study_map_n, s);
}

/* Newest first by the day done (then by id), through ix_study_member for one member's
 * records and ix_study_office for the office's: a page reads its rows and those a filter
 * (branch, kind) passes over, from the cursor down, never the year's window sorted. The
 * index is forced: with any filter beside the key (the kind's) MariaDB 10.11 reads the
 * key by the office alone, every later day first (3,140 rows against 20 for a page). */
#define STUDY_PAGE                                                                                           \
    " AND (? IS NULL OR s.kind = ?) AND s.done_on >= ? AND s.done_on < ? AND s.done_on <= ? AND (s.done_on " \
    "< ? OR s.id < ?) ORDER BY s.done_on DESC, s.id DESC LIMIT ?"

enum yh_err study_db_list(struct db *db, const char *office, const struct study_list_query *q,
                          struct study_row **out, size_t *n)
{
    static const char by_office[] =
        "SELECT " STUDY_COLS " FROM study_records s FORCE INDEX (ix_study_office) JOIN members m ON m.id = "
        "s.member_id WHERE s.office_code = ? AND ? = 0 AND (? = 0 OR m.branch_id = ?)" STUDY_PAGE;
    static const char by_member[] =
        "SELECT " STUDY_COLS " FROM study_records s FORCE INDEX (ix_study_member) JOIN members m ON m.id = "
        "s.member_id WHERE s.office_code = ? AND s.member_id = ? AND (? = 0 OR m.branch_id = ?)" STUDY_PAGE;
    /* by_office keeps the member's placeholder (`? = 0`, 0 there) so that both take p;
     * without a cursor: every day up to the window's end, every id on it */
    const char *day = q->after_on[0] ? q->after_on : q->to;
    int64_t before = q->after_on[0] ? q->after_id : INT64_MAX;
    struct db_param p[] = {P_STR(office),  P_I64(q->member_id), P_I64(q->branch_id), P_I64(q->branch_id),
                           P_OPT(q->kind), P_OPT(q->kind),      P_STR(q->from),      P_STR(q->to),
                           P_STR(day),     P_STR(day),          P_I64(before),       P_I64(q->limit + 1)};
    return FM_ALL(db, q->member_id ? by_member : by_office, p, ARRAY_LEN(p), study_map, study_map_n, out, n);
}

enum yh_err study_db_feature(struct db *db, const char *office, int64_t id, int64_t branch_id)
{
    static const char sql[] =
        "UPDATE study_records SET featured_branch_id = ? WHERE office_code = ? AND id = ?";
    struct db_param p[] = {branch_id ? P_I64(branch_id) : P_NULL, P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

const struct fm special_map[] = {
    FM(FM_ID, "id", struct special_item, id),
    FM(FM_STR, "author", struct special_item, author),
    FM(FM_STR, "title", struct special_item, title),
    FM(FM_OPT, "body", struct special_item, body),
    FM(FM_STR, "done_on", struct special_item, done_on),
};
const size_t special_map_n = ARRAY_LEN(special_map);

enum yh_err study_db_special_issue(struct db *db, const char *office, int64_t branch_id, const char *from,
                                   const char *to, struct special_item **out, size_t *n)
{
    static const char sql[] =
        "SELECT s.id, m.name, s.title, s.body, s.done_on FROM study_records s JOIN members m ON "
        "m.id = s.member_id WHERE s.featured_branch_id = ? AND s.office_code = ? AND s.done_on >= ? "
        "AND s.done_on < ? ORDER BY s.done_on DESC, s.id DESC LIMIT 100";
    struct db_param p[] = {P_I64(branch_id), P_STR(office), P_STR(from), P_STR(to)};
    return FM_ALL(db, sql, p, 4, special_map, special_map_n, out, n);
}

static const struct fm credit_map[] = {
    FM(FM_STR, NULL, struct study_credit, kind),
    FM(FM_INT, NULL, struct study_credit, credits),
};

enum yh_err study_db_rules(struct db *db, const char *office, struct study_credit out[STUDY_KINDS], size_t *n)
{
    static const char sql[] =
        "SELECT d.kind, IFNULL(r.credits, d.credits) FROM (SELECT 'book' kind, 1 credits UNION ALL "
        "SELECT 'reflection', 2 UNION ALL SELECT 'deed', 1 UNION ALL SELECT 'session', 1) d LEFT JOIN "
        "study_rules r ON r.office_code = ? AND r.kind = d.kind";
    struct db_param p[] = {P_STR(office)};
    return orglife_db_fill(db, sql, p, 1, credit_map, ARRAY_LEN(credit_map), sizeof(*out), out, STUDY_KINDS,
                           n);
}

enum yh_err study_db_set_rule(struct db *db, const char *office, const char *kind, int64_t credits)
{
    static const char sql[] =
        "INSERT INTO study_rules (office_code, kind, credits) VALUES (?, ?, ?) ON DUPLICATE KEY "
        "UPDATE credits = VALUES(credits)";
    struct db_param p[] = {P_STR(office), P_STR(kind), P_I64(credits)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

const struct fm tally_map[] = {
    FM(FM_ID, "member_id", struct study_tally, member_id),
    FM(FM_STR, "name", struct study_tally, name),
    FM(FM_ID, "branch_id", struct study_tally, branch_id),
    FM(FM_STR, NULL, struct study_tally, branch_name),
    FM(FM_INT, "books", struct study_tally, n[0]),
    FM(FM_INT, "reflections", struct study_tally, n[1]),
    FM(FM_INT, "deeds", struct study_tally, n[2]),
    FM(FM_INT, "sessions", struct study_tally, n[3]),
};
const size_t tally_map_n = ARRAY_LEN(tally_map);

enum yh_err study_db_summary(struct db *db, const char *office, int64_t branch_id, const char *from,
                             const char *to, struct study_tally **out, size_t *n)
{
    static const char sql[] = "SELECT m.id, m.name, IFNULL(m.branch_id, 0), IFNULL(b.name, ''), "
                              "IFNULL(s.books, 0), IFNULL(s.reflections, 0), "
                              "IFNULL(s.deeds, 0), IFNULL(a.sessions, 0) FROM members m LEFT JOIN branches b "
                              "ON b.id = m.branch_id LEFT JOIN "
                              "(SELECT member_id, SUM(kind = 'book') books, SUM(kind = 'reflection') "
                              "reflections, SUM(kind = 'deed') deeds FROM "
                              "study_records WHERE office_code = ? AND done_on >= ? AND done_on < ? GROUP BY "
                              "member_id) s ON s.member_id = m.id "
                              "LEFT JOIN (SELECT t.member_id, COUNT(*) sessions FROM org_life_attendance t "
                              "JOIN activities ac ON ac.id = "
                              "t.activity_id WHERE t.office_code = ? AND t.held_on >= ? AND t.held_on < ? "
                              "AND t.status IN ('present', "
                              "'delivered') AND ac.kind IN ('study', 'lecture') GROUP BY t.member_id) a ON "
                              "a.member_id = m.id WHERE "
                              "m.office_code = ? AND m.status = 'active' AND (? = 0 OR m.branch_id = ?) AND "
                              "(s.member_id IS NOT NULL OR "
                              "a.member_id IS NOT NULL) ORDER BY m.id LIMIT 20000";
    struct db_param p[] = {P_STR(office), P_STR(from),   P_STR(to),        P_STR(office),   P_STR(from),
                           P_STR(to),     P_STR(office), P_I64(branch_id), P_I64(branch_id)};
    return FM_ALL(db, sql, p, 9, tally_map, tally_map_n, out, n);
}
