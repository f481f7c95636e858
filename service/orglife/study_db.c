/* Study records and credits: the store of study.c. */
#include "yinhui/study_db.h"

#include <stdio.h>

#include "yinhui/json_out.h"

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
static const struct jcol study_cols[] = {
    {"id", JC_ID},         {"member_id", JC_ID}, {"member_name", JC_STR},
    {"branch_id", JC_ID},  {"kind", JC_STR},     {"title", JC_STR},
    {"body", JC_STR},      {"done_on", JC_STR},  {"featured_branch_id", JC_ID},
    {"created_at", JC_STR}};
const struct view study_view = VIEW(study_cols);

enum yh_err study_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " STUDY_COLS " FROM study_records s JOIN members m ON m.id = s.member_id WHERE "
        "s.office_code = ? AND s.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &study_view, sql, p, 2, true, rows);
}

void study_db_head(const struct db_rows *rows, size_t i, struct study_head *out)
{
    out->branch_id = db_i64(rows, i, 3);
    out->kind = db_str(rows, i, 4);
}

enum yh_err study_db_list(struct db *db, const char *office, int64_t member_id, int64_t branch_id,
                          const char *kind, const char *from, const char *to, int64_t before, int limit,
                          struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " STUDY_COLS " FROM study_records s JOIN members m ON m.id = s.member_id WHERE "
        "s.office_code = ? AND (? = 0 OR s.member_id = ?) AND (? = 0 OR m.branch_id = ?) AND (? IS "
        "NULL OR s.kind = ?) AND s.done_on >= ? AND s.done_on < ? AND (? = 0 OR s.id < ?) ORDER BY "
        "s.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office),    P_I64(member_id), P_I64(member_id), P_I64(branch_id),
                           P_I64(branch_id), P_OPT(kind),      P_OPT(kind),      P_STR(from),
                           P_STR(to),        P_I64(before),    P_I64(before),    P_I64(limit + 1)};
    return view_fetch(db, &study_view, sql, p, 12, false, rows);
}

enum yh_err study_db_feature(struct db *db, const char *office, int64_t id, int64_t branch_id)
{
    static const char sql[] =
        "UPDATE study_records SET featured_branch_id = ? WHERE office_code = ? AND id = ?";
    struct db_param p[] = {branch_id ? P_I64(branch_id) : P_NULL, P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

static const struct jcol special_cols[] = {
    {"id", JC_ID}, {"author", JC_STR}, {"title", JC_STR}, {"body", JC_STR}, {"done_on", JC_STR}};
const struct view special_issue_view = VIEW(special_cols);

enum yh_err study_db_special_issue(struct db *db, const char *office, int64_t branch_id, const char *from,
                                   const char *to, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT s.id, m.name, s.title, s.body, s.done_on FROM study_records s JOIN members m ON "
        "m.id = s.member_id WHERE s.featured_branch_id = ? AND s.office_code = ? AND s.done_on >= ? "
        "AND s.done_on < ? ORDER BY s.done_on DESC, s.id DESC LIMIT 100";
    struct db_param p[] = {P_I64(branch_id), P_STR(office), P_STR(from), P_STR(to)};
    return view_fetch(db, &special_issue_view, sql, p, 4, false, rows);
}

/* The columns of study_db_rules, in SELECT order. */
static const struct jcol credit_cols[] = {{"kind", JC_STR}, {"credits", JC_INT}};
static const struct view credit_view = VIEW(credit_cols);

enum yh_err study_db_rules(struct db *db, const char *office, struct study_credit out[STUDY_KINDS], size_t *n)
{
    static const char sql[] =
        "SELECT d.kind, IFNULL(r.credits, d.credits) FROM (SELECT 'book' kind, 1 credits UNION ALL "
        "SELECT 'reflection', 2 UNION ALL SELECT 'deed', 1 UNION ALL SELECT 'session', 1) d LEFT JOIN "
        "study_rules r ON r.office_code = ? AND r.kind = d.kind";
    struct db_param p[] = {P_STR(office)};
    struct db_rows rows;
    enum yh_err err = view_fetch(db, &credit_view, sql, p, 1, false, &rows);
    if (err != YH_OK) {
        return err;
    }
    for (*n = 0; *n < rows.nrows && *n < STUDY_KINDS; (*n)++) {
        DB_CP(out[*n].kind, db_str(&rows, *n, 0));
        out[*n].credits = db_i64(&rows, *n, 1);
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err study_db_set_rule(struct db *db, const char *office, const char *kind, int64_t credits)
{
    static const char sql[] =
        "INSERT INTO study_rules (office_code, kind, credits) VALUES (?, ?, ?) ON DUPLICATE KEY "
        "UPDATE credits = VALUES(credits)";
    struct db_param p[] = {P_STR(office), P_STR(kind), P_I64(credits)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

/* The columns of study_db_summary, in SELECT order (read by study_db_tally). */
static const struct jcol tally_cols[] = {
    {"member_id", JC_ID}, {"name", JC_STR},        {"branch_id", JC_ID}, {"branch_name", JC_STR},
    {"books", JC_INT},    {"reflections", JC_INT}, {"deeds", JC_INT},    {"sessions", JC_INT}};
static const struct view tally_view = VIEW(tally_cols);

enum yh_err study_db_summary(struct db *db, const char *office, int64_t branch_id, const char *from,
                             const char *to, struct db_rows *rows)
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
    return view_fetch(db, &tally_view, sql, p, 9, false, rows);
}

void study_db_tally(const struct db_rows *rows, size_t i, struct study_tally *out)
{
    out->member_id = db_i64(rows, i, 0);
    out->name = db_str(rows, i, 1);
    out->branch_id = db_i64(rows, i, 2);
    out->branch_name = db_str(rows, i, 3);
    for (size_t k = 0; k < STUDY_KINDS; k++) {
        out->n[k] = db_i64(rows, i, 4 + k);
    }
}
