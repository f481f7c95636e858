/* /v1/talent-requests: a department asks for expertise; staff assign talents (see
 * assignments.c, ranked by matches.c), and the request closes with feedback that shows
 * on the talents' records, or is cancelled. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/talents.h"
#include "yinhui/talents_db.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteer_json.h"

#include "talents_http.h"

/* A request as a client writes it; skills are read by skills_take. */
static const struct field treq_fields[] = {
    FIELD_TEXT("department", struct talent_request, department, 100, 0),
    FIELD_TEXT("category", struct talent_request, category, 40, 0),
    FIELD_OTHER("skills", 0),
    FIELD_TEXT("area", struct talent_request, area, 6, FF_NULLABLE),
    FIELD_DATE("starts_on", struct talent_request, starts_on, FF_NULLABLE),
    FIELD_DATE("ends_on", struct talent_request, ends_on, FF_NULLABLE),
    FIELD_TEXT("description", struct talent_request, description, 2000, 0),
    FIELD_TEXT("contact", struct talent_request, contact, 100, FF_NULLABLE),
};

/* Feedback as the requesting client closes a request with it. */
struct close_in {
    int64_t rating;
    char comment[2001];
};
static const struct field close_fields[] = {
    FIELD_INT("rating", struct close_in, rating, 1, 5, FF_REQUIRED),
    FIELD_TEXT("comment", struct close_in, comment, 500, FF_NULLABLE),
};

bool request_of_path_or_reply(struct req *r, int64_t *id, struct talent_request *q)
{
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = treq_db_get(r->db, r->claims.office, *id, q);
    if (err == YH_OK && !req_is_staff(r) && strcmp(q->posted_by, r->claims.sub) != 0) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_error(r, err, "request");
        return false;
    }
    return true;
}

/* Request q as JSON with its assignments (taken). Caller owns the result. */
static cJSON *treq_json(const struct talent_request *q, cJSON *assignments)
{
    cJSON *j = fm_to_json(treq_map, treq_map_len, q);
    cJSON_AddItemToObject(j, "skills", skills_json(q->skills));
    vjson_add_number(j, "rating", q->rated, (double)q->rating);
    cJSON_AddItemToObject(j, "assignments", assignments);
    return j;
}

void reply_request(struct req *r, int status, int64_t id)
{
    struct talent_request q;
    struct db_rows a;
    enum yh_err err = treq_db_get(r->db, r->claims.office, id, &q);
    if (err == YH_OK) {
        err = tassign_db_list(r->db, r->claims.office, id, &a);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = treq_json(&q, view_rows(&a, a.nrows, &tassign_view));
    db_rows_free(&a);
    if (status == 201) {
        reply_created_take(r, "/v1/talent-requests", id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* Checks what the fields alone do not: both required texts, the area, the dates, and
 * the category code (an open category of the office: its id into q). Bad values go to
 * e; returns a store error only. */
static enum yh_err treq_check(struct req *r, struct talent_request *q, struct verrs *e)
{
    struct talent_category c;
    if (e->n == 0 && (!q->department[0] || !q->description[0])) {
        verr_add(e, q->department[0] ? "description" : "department", "is required");
    }
    if (q->area[0] && gbt2260_level(q->area) == LEVEL_INVALID) {
        verr_add(e, "area", "must be a GB/T 2260 division code");
    }
    if (q->starts_on[0] && q->ends_on[0] && strcmp(q->ends_on, q->starts_on) < 0) {
        verr_add(e, "ends_on", "must not be before starts_on");
    }
    enum yh_err err = tcat_db_ensure(r->db, r->claims.office);
    if (err != YH_OK || e->n != 0 || !q->category[0]) {
        return err;
    }
    err = tcat_db_by_code(r->db, r->claims.office, q->category, &c);
    if (err == YH_OK && !c.retired) {
        q->category_id = c.id;
    } else if (err == YH_OK || err == YH_ERR_NOT_FOUND) {
        verr_add(e, "category", "is no open category code of this office (see /v1/talent-categories)");
        err = YH_OK;
    }
    return err;
}

/* POST /v1/talent-requests */
void treqs_create(struct req *r)
{
    struct talent_request q = {0};
    struct verrs e = {0};
    int64_t id = 0;
    if (!body_known_or_reply(r, treq_fields, ARRAY_LEN(treq_fields))) {
        return;
    }
    snprintf(q.posted_by, sizeof(q.posted_by), "%s", r->claims.sub);
    body_read(r, treq_fields, ARRAY_LEN(treq_fields), &q, false, NULL, &e);
    skills_take(r->json, "skills", q.skills, sizeof(q.skills), &e);
    enum yh_err err = treq_check(r, &q, &e);
    if (!vol_checked_or_reply(r, err, &e)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = treq_db_insert(r->db, r->claims.office, &q, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent_request.create", "talent_request", id);
    }
    if (commit_or_reply(r, err, "request")) {
        reply_request(r, 201, id);
    }
}

/* GET /v1/talent-requests/{id} */
void treqs_get(struct req *r)
{
    struct talent_request q;
    int64_t id = 0;
    if (request_of_path_or_reply(r, &id, &q)) {
        reply_request(r, 200, id);
    }
}

/* GET /v1/talent-requests — the office's (staff) or the caller's own, by id. */
void treqs_list(struct req *r)
{
    static const char *const statuses[] = {"open", "assigned", "closed", "cancelled", NULL};
    struct db_rows rows;
    const char *status = NULL;
    int limit;
    int64_t after = 0;
    if (!vol_page_or_reply(r, "treqs", statuses, &limit, &after, &status)) {
        return;
    }
    /* a client reads its own requests only */
    enum yh_err err = treq_db_list(r->db, r->claims.office, req_is_staff(r) ? NULL : r->claims.sub, status,
                                   after, limit, &rows);
    vol_reply_page(r, err, "treqs", &rows, limit, &treq_view, true);
}

/* Moves request id (version checked) from `from` to `to` with feedback (rating 0:
 * none), audits action, and replies with the request; conflict is the 409's detail. */
static void treq_finish(struct req *r, int64_t id, int64_t version, const char *from, const char *to,
                        const struct close_in *fb, const char *action, const char *conflict)
{
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = treq_db_move(r->db, r->claims.office, id, version, from, to, fb->rating, fb->comment);
    }
    if (err == YH_OK && fb->rating) {
        err = talents_db_rate(r->db, r->claims.office, id,
                              fb->rating); /* the feedback shows on the talents' records */
    }
    if (err == YH_OK) {
        err = req_audit(r, action, "talent_request", id);
    }
    if (commit_or_reply_conflict(r, err, "request", conflict)) {
        reply_request(r, 200, id);
    }
}

/* POST /v1/talent-requests/{id}/close — {"rating", "comment"} by the requesting client
 * or staff, If-Match the version; only an assigned request closes. */
void treqs_close(struct req *r)
{
    struct talent_request q;
    struct close_in fb = {0};
    int64_t id = 0, version = 0;
    if (!request_of_path_or_reply(r, &id, &q) || !req_if_match_or_reply(r, &version) ||
        !body_read_or_reply(r, close_fields, ARRAY_LEN(close_fields), &fb, true, NULL)) {
        return;
    }
    treq_finish(r, id, version, "assigned", "closed", &fb, "talent_request.close",
                "only an assigned request closes with feedback");
}

/* POST /v1/talent-requests/{id}/cancel — If-Match the version; open or assigned only. */
void treqs_cancel(struct req *r)
{
    struct talent_request q;
    struct close_in none = {0};
    int64_t id = 0, version = 0;
    if (!request_of_path_or_reply(r, &id, &q) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    treq_finish(r, id, version, "open,assigned", "cancelled", &none, "talent_request.cancel",
                "a closed or cancelled request cannot be cancelled");
}
