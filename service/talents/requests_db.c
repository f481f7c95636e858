/* The store of /v1/talent-requests: requests, their moves, feedback on the talents
 * that served, and the candidates for matching. */
#include "yinhui/talents_db.h"

#include <stdio.h>
#include <string.h>

enum yh_err treq_db_insert(struct db *db, const char *office, const struct talent_request *q, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO talent_requests (office_code, posted_by, department, category_id, skills, area, "
        "starts_on, ends_on, description, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),         P_STR(q->posted_by),
                           P_STR(q->department),  q->category_id ? P_I64(q->category_id) : P_NULL,
                           P_STR(q->skills),      P_OPT(q->area),
                           P_OPT(q->starts_on),   P_OPT(q->ends_on),
                           P_STR(q->description), P_OPT(q->contact)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 10, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

static const struct jcol treq_cols[] = {
    {"id", JC_ID},        {"posted_by", JC_STR},   {"department", JC_STR}, {"category_id", JC_ID},
    {"category", JC_STR}, {"skills", JC_STR},      {"area", JC_STR},       {"starts_on", JC_STR},
    {"ends_on", JC_STR},  {"description", JC_STR}, {"contact", JC_STR},    {"status", JC_STR},
    {"rating", JC_INT},   {"comment", JC_STR},     {"version", JC_INT},    {"created_at", JC_STR},
};
const struct view treq_view = VIEW(treq_cols);
#define TREQ_COLS                                                                                            \
    "r.id, r.posted_by, r.department, r.category_id, c.code, r.skills, r.area, r.starts_on, r.ends_on, "     \
    "r.description, r.contact, r.status, r.rating, r.comment, r.version, " SQL_TS("r.created_at")
#define TREQ_FROM " FROM talent_requests r LEFT JOIN talent_categories c ON c.id = r.category_id "

enum yh_err treq_db_get(struct db *db, const char *office, int64_t id, struct talent_request *q)
{
    static const char sql[] = "SELECT " TREQ_COLS TREQ_FROM "WHERE r.office_code = ? AND r.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows r;
    enum yh_err err = view_fetch(db, &treq_view, sql, p, 2, true, &r);
    if (err != YH_OK) {
        return err;
    }
    memset(q, 0, sizeof(*q));
    q->id = db_i64(&r, 0, 0);
    DB_CP(q->posted_by, db_str(&r, 0, 1));
    DB_CP(q->department, db_str(&r, 0, 2));
    q->category_id = db_i64(&r, 0, 3);
    DB_CP(q->category, db_str(&r, 0, 4));
    DB_CP(q->skills, db_str(&r, 0, 5));
    DB_CP(q->area, db_str(&r, 0, 6));
    DB_CP(q->starts_on, db_str(&r, 0, 7));
    DB_CP(q->ends_on, db_str(&r, 0, 8));
    DB_CP(q->description, db_str(&r, 0, 9));
    DB_CP(q->contact, db_str(&r, 0, 10));
    DB_CP(q->status, db_str(&r, 0, 11));
    q->rated = db_str(&r, 0, 12) != NULL;
    q->rating = db_i64(&r, 0, 12);
    DB_CP(q->comment, db_str(&r, 0, 13));
    q->version = db_i64(&r, 0, 14);
    DB_CP(q->created_at, db_str(&r, 0, 15));
    db_rows_free(&r);
    return YH_OK;
}

enum yh_err treq_db_list(struct db *db, const char *office, const char *posted_by, const char *status,
                         int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " TREQ_COLS TREQ_FROM "WHERE r.office_code = ? AND (? IS NULL OR r.posted_by = ?) "
        "AND (? IS NULL OR r.status = ?) AND r.id > ? ORDER BY r.id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_OPT(posted_by), P_OPT(posted_by), P_OPT(status),
                           P_OPT(status), P_I64(after),     P_I64(limit + 1)};
    return view_fetch(db, &treq_view, sql, p, 7, false, rows);
}

enum yh_err treq_db_move(struct db *db, const char *office, int64_t id, int64_t version, const char *from,
                         const char *to, int64_t rating, const char *comment)
{
    static const char sql[] =
        "UPDATE talent_requests SET status = ?, rating = IF(? = 0, rating, ?), "
        "comment = IF(? = 0, comment, ?), version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ? AND version = ? AND FIND_IN_SET(status, ?) > 0";
    static const char state[] = "SELECT version FROM talent_requests WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(to),     P_I64(rating), P_I64(rating),  P_I64(rating), P_OPT(comment),
                           P_STR(office), P_I64(id),     P_I64(version), P_STR(from)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 9, NULL, &affected, NULL);
    if (err != YH_OK || affected == 1) {
        return err;
    }
    struct db_rows r;
    struct db_param q[] = {P_STR(office), P_I64(id)};
    err = db_exec_row(db, state, q, 2, &r);
    if (err == YH_OK) {
        err = db_i64(&r, 0, 0) != version ? YH_ERR_PRECONDITION : YH_ERR_CONFLICT;
        db_rows_free(&r);
    }
    return err;
}

enum yh_err talents_db_rate(struct db *db, const char *office, int64_t request_id, int64_t rating)
{
    static const char sql[] =
        "UPDATE talents t JOIN talent_assignments a ON a.talent_id = t.id SET t.rating_sum = "
        "t.rating_sum + ?, t.rating_count = t.rating_count + 1 WHERE a.request_id = ? AND "
        "a.status = 'accepted' AND t.office_code = ?";
    struct db_param p[] = {P_I64(rating), P_I64(request_id), P_STR(office)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

enum yh_err treq_db_candidates(struct db *db, const char *office, int64_t request_id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT t.id, t.name, t.speciality, t.title, t.service_area, (SELECT GROUP_CONCAT(c.code) FROM "
        "talent_category_links l JOIN talent_categories c ON c.id = l.category_id WHERE l.talent_id = t.id), "
        "t.skills, t.rating_sum, t.rating_count FROM talents t "
        "WHERE t.office_code = ? AND t.status = 'admitted' AND NOT EXISTS "
        "(SELECT 1 FROM talent_assignments a WHERE a.request_id = ? AND a.talent_id = t.id) "
        "ORDER BY t.id LIMIT 2000";
    struct db_param p[] = {P_STR(office), P_I64(request_id)};
    return db_exec(db, sql, p, 2, rows, NULL, NULL);
}

void talent_candidate_at(const struct db_rows *rows, size_t i, struct talent_candidate *c)
{
    c->id = db_i64(rows, i, 0);
    c->name = db_str(rows, i, 1);
    c->speciality = db_str(rows, i, 2);
    c->title = db_str(rows, i, 3);
    c->service_area = db_str(rows, i, 4);
    c->categories = db_str(rows, i, 5);
    c->skills = db_str(rows, i, 6);
    c->rating_sum = db_i64(rows, i, 7);
    c->rating_count = db_i64(rows, i, 8);
}
