/* The store of /v1/talent-requests: requests, their moves, feedback on the talents
 * that served, and the candidates for matching. */
#include "yinhui/talents_db.h"

#include <stdio.h>

#include "yinhui/volunteers_db.h"
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
    return db_insert(db, sql, p, 10, id);
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

const struct fm treq_map[] = {
    FM(FM_ID, "id", struct talent_request, id),
    FM(FM_STR, "posted_by", struct talent_request, posted_by),
    FM(FM_STR, "department", struct talent_request, department),
    FM(FM_ID, "category_id", struct talent_request, category_id),
    FM(FM_OPT, "category", struct talent_request, category),
    FM(FM_STR, NULL, struct talent_request, skills),
    FM(FM_OPT, "area", struct talent_request, area),
    FM(FM_OPT, "starts_on", struct talent_request, starts_on),
    FM(FM_OPT, "ends_on", struct talent_request, ends_on),
    FM(FM_STR, "description", struct talent_request, description),
    FM(FM_OPT, "contact", struct talent_request, contact),
    FM(FM_STR, "status", struct talent_request, status),
    FM(FM_INT, NULL, struct talent_request, rating),
    FM(FM_OPT, "comment", struct talent_request, comment),
    FM(FM_INT, "version", struct talent_request, version),
    FM(FM_STR, "created_at", struct talent_request, created_at),
    FM(FM_BOOL, NULL, struct talent_request, rated),
};
const size_t treq_map_len = sizeof(treq_map) / sizeof(treq_map[0]);

enum yh_err treq_db_get(struct db *db, const char *office, int64_t id, struct talent_request *q)
{
    static const char sql[] =
        "SELECT " TREQ_COLS ", r.rating IS NOT NULL" TREQ_FROM "WHERE r.office_code = ? AND r.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, treq_map, treq_map_len, q);
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
    return vol_db_move(db, sql, p, 9, state, office, id, version);
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
