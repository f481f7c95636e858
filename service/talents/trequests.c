/* /v1/talent-requests: a department asks for expertise; the service proposes ranked
 * matches (with why), staff assign talents, talents accept or decline in the app, and
 * the request closes with feedback that shows on the talents' records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/json_in.h"
#include "yinhui/talents.h"
#include "yinhui/http.h"
#include "yinhui/outbox.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/talents_db.h"
#include "yinhui/volunteer_json.h"

static const struct jcol treq_cols[] = {
    {"id", JC_ID},          {"posted_by", JC_STR},   {"department", JC_STR}, {"category_id", JC_ID},
    {"category", JC_STR},   {"skills", JC_STR},      {"area", JC_STR},       {"starts_on", JC_STR},
    {"ends_on", JC_STR},    {"description", JC_STR}, {"contact", JC_STR},    {"status", JC_STR},
    {"rating", JC_INT},     {"comment", JC_STR},     {"version", JC_INT},    {"created_at", JC_STR},
};

/* The request of path {id}: staff see the office's, a client its own (others 404). */
static bool request_of_path_or_reply(struct req *r, int64_t *id, struct db_rows *rows)
{
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = treq_db_get(r->db, r->claims.office, *id, rows);
    if (err == YH_OK && !req_is_staff(r) && strcmp(db_str(rows, 0, 1), r->claims.sub) != 0) {
        db_rows_free(rows);
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such request" : NULL, NULL);
        return false;
    }
    return true;
}

static void reply_request(struct req *r, int status, int64_t id)
{
    static const struct jcol acols[] = {{"id", JC_ID}, {"talent_id", JC_ID}, {"name", JC_STR}, {"status", JC_STR},
                                        {"created_at", JC_STR}};
    struct db_rows q, a;
    enum yh_err err = treq_db_get(r->db, r->claims.office, id, &q);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    err = tassign_db_list(r->db, id, &a);
    if (err != YH_OK) {
        db_rows_free(&q);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = json_row(&q, 0, treq_cols);
    cJSON_ReplaceItemInObjectCaseSensitive(j, "skills", skills_json(db_str(&q, 0, 5)));
    if (db_str(&q, 0, 12) == NULL) {
        cJSON_ReplaceItemInObjectCaseSensitive(j, "rating", cJSON_CreateNull());
    }
    cJSON_AddItemToObject(j, "assignments", json_rows(&a, a.nrows, acols));
    db_rows_free(&q);
    db_rows_free(&a);
    if (status == 201) {
        char loc[48];
        snprintf(loc, sizeof(loc), "/v1/talent-requests/%lld", (long long)id);
        reply_header(r, "Location", loc);
    }
    reply_json_take(r, status, j);
}

static const char *const treq_fields[] = {"department", "category", "skills", "area", "starts_on",
                                          "ends_on", "description", "contact", NULL};

void treqs_create(struct req *r)
{
    struct talent_request q;
    struct verrs e = {0};
    char category[41] = "";
    int64_t id = 0;
    if (!req_fields_or_reply(r, treq_fields)) {
        return;
    }
    memset(&q, 0, sizeof(q));
    snprintf(q.posted_by, sizeof(q.posted_by), "%s", r->claims.sub);
    json_take_text(r->json, "department", false, 100, q.department, sizeof(q.department), &e);
    json_take_text(r->json, "category", false, 40, category, sizeof(category), &e);
    skills_take(r->json, "skills", q.skills, sizeof(q.skills), &e);
    json_take_text(r->json, "area", true, 6, q.area, sizeof(q.area), &e);
    json_take_date(r->json, "starts_on", true, q.starts_on, &e);
    json_take_date(r->json, "ends_on", true, q.ends_on, &e);
    json_take_text(r->json, "description", false, 2000, q.description, sizeof(q.description), &e);
    json_take_text(r->json, "contact", true, 100, q.contact, sizeof(q.contact), &e);
    if (e.n == 0 && (!q.department[0] || !q.description[0])) {
        verr_add(&e, q.department[0] ? "description" : "department", "is required");
    }
    if (q.area[0] && gbt2260_level(q.area) == LEVEL_INVALID) {
        verr_add(&e, "area", "must be a GB/T 2260 division code");
    }
    if (q.starts_on[0] && q.ends_on[0] && strcmp(q.ends_on, q.starts_on) < 0) {
        verr_add(&e, "ends_on", "must not be before starts_on");
    }
    enum yh_err err = tcat_db_ensure(r->db, r->claims.office);
    if (err == YH_OK && e.n == 0 && category[0]) {
        /* the category by its code among the office's */
        struct db_rows cats;
        err = tcat_db_list(r->db, r->claims.office, &cats);
        for (size_t i = 0; err == YH_OK && i < cats.nrows; i++) {
            if (strcmp(db_str(&cats, i, 1), category) == 0 && db_i64(&cats, i, 3) == 0) {
                q.category_id = db_i64(&cats, i, 0);
            }
        }
        if (err == YH_OK) {
            db_rows_free(&cats);
            if (q.category_id == 0) {
                verr_add(&e, "category", "is no open category code of this office (see /v1/talent-categories)");
            }
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = treq_db_insert(r->db, r->claims.office, &q, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent_request.create", "talent_request", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_request(r, 201, id);
}

void treqs_get(struct req *r)
{
    struct db_rows q;
    int64_t id = 0;
    if (request_of_path_or_reply(r, &id, &q)) {
        db_rows_free(&q);
        reply_request(r, 200, id);
    }
}

void treqs_list(struct req *r)
{
    static const char *const statuses[] = {"open", "assigned", "closed", "cancelled", NULL};
    struct db_rows rows;
    const char *status = NULL;
    int limit;
    char after[24], last[24];
    if (!page_params_or_reply(r, "treqs", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &status)) {
        return;
    }
    /* a client reads its own requests only */
    enum yh_err err = treq_db_list(r->db, r->claims.office, req_is_staff(r) ? NULL : r->claims.sub, status,
                                   after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = rows.nrows > (size_t)limit ? (size_t)limit : rows.nrows;
    cJSON *items = json_rows(&rows, shown, treq_cols);
    cJSON *it = NULL;
    size_t i = 0;
    cJSON_ArrayForEach(it, items)
    {
        cJSON_ReplaceItemInObjectCaseSensitive(it, "skills", skills_json(db_str(&rows, i++, 5)));
    }
    snprintf(last, sizeof(last), "%s", shown ? db_str(&rows, shown - 1, 0) : "0");
    bool more = rows.nrows > shown;
    db_rows_free(&rows);
    reply_json_take(r, 200, page_body(r, "treqs", items, more ? last : NULL));
}

static bool csv_has(const char *csv, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = csv ? csv : ""; *p;) {
        size_t k = strcspn(p, ",");
        if (k == n && strncmp(p, item, n) == 0) {
            return true;
        }
        p += k;
        p += *p == ',';
    }
    return false;
}

struct scored {
    size_t row;
    double score;
    char why[320];
};

static int by_score(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    return x->score < y->score ? 1 : x->score > y->score ? -1 : (x->row > y->row) - (x->row < y->row);
}

/* Ranks candidates: category 3, each wanted skill 2, serving the area 1, plus the
 * average rating of past work / 5; each match says why. */
void treqs_matches(struct req *r)
{
    struct db_rows q, c;
    int64_t id = 0;
    if (!request_of_path_or_reply(r, &id, &q)) {
        return;
    }
    enum yh_err err = treq_db_candidates(r->db, r->claims.office, id, &c);
    if (err != YH_OK) {
        db_rows_free(&q);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    const char *cat = db_str(&q, 0, 4), *skills = db_str(&q, 0, 5), *area = db_str(&q, 0, 6);
    struct scored *sc = calloc(c.nrows ? c.nrows : 1, sizeof(*sc));
    size_t n = 0;
    for (size_t i = 0; i < c.nrows; i++) {
        struct buf why = {0};
        double score = 0;
        if (cat && csv_has(db_str(&c, i, 5), cat)) {
            score += 3;
            buf_printf(&why, "category %s; ", cat);
        }
        int matched = 0;
        for (const char *p = skills ? skills : ""; *p;) {
            size_t k = strcspn(p, ",");
            char skill[64];
            snprintf(skill, sizeof(skill), "%.*s", (int)(k < 63 ? k : 63), p);
            if (csv_has(db_str(&c, i, 6), skill)) {
                score += 2;
                buf_printf(&why, "%s%s", matched++ ? ", " : "skills: ", skill);
            }
            p += k;
            p += *p == ',';
        }
        if (matched) {
            buf_puts(&why, "; ");
        }
        if (area) {
            char pref[7], prov[7];
            snprintf(pref, sizeof(pref), "%.4s00", area);
            snprintf(prov, sizeof(prov), "%.2s0000", area);
            const char *sa = db_str(&c, i, 4);
            if (csv_has(sa, area) || csv_has(sa, pref) || csv_has(sa, prov)) {
                score += 1;
                buf_printf(&why, "serves %s; ", area);
            }
        }
        int64_t rs = db_i64(&c, i, 7), rc = db_i64(&c, i, 8);
        if (rc > 0) {
            score += (double)rs / (double)rc / 5.0;
            buf_printf(&why, "rated %.1f in %lld requests; ", (double)rs / (double)rc, (long long)rc);
        }
        if (score >= 1) {
            sc[n].row = i;
            sc[n].score = score;
            snprintf(sc[n].why, sizeof(sc[n].why), "%.*s", (int)(why.len > 2 ? why.len - 2 : why.len),
                     why.data ? why.data : "");
            n++;
        }
        buf_free(&why);
    }
    qsort(sc, n, sizeof(*sc), by_score);
    cJSON *items = cJSON_CreateArray();
    for (size_t k = 0; k < n && k < 10; k++) {
        size_t i = sc[k].row;
        cJSON *j = cJSON_CreateObject();
        json_add_id(j, "talent_id", db_i64(&c, i, 0));
        cJSON_AddStringToObject(j, "name", db_str(&c, i, 1));
        cJSON_AddStringToObject(j, "speciality", db_str(&c, i, 2));
        json_add_opt(j, "title", db_str(&c, i, 3) ? db_str(&c, i, 3) : "");
        cJSON_AddNumberToObject(j, "score", sc[k].score);
        cJSON_AddStringToObject(j, "why", sc[k].why);
        cJSON_AddItemToArray(items, j);
    }
    free(sc);
    db_rows_free(&c);
    db_rows_free(&q);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}

static const char *const assign_fields[] = {"talent_id", NULL};

void treqs_assign(struct req *r)
{
    struct db_rows q;
    struct talent t;
    struct verrs e = {0};
    int64_t id = 0, tid = 0, aid = 0;
    if (!request_of_path_or_reply(r, &id, &q) ) {
        return;
    }
    int64_t version = db_i64(&q, 0, 14);
    char status[16];
    snprintf(status, sizeof(status), "%s", db_str(&q, 0, 11));
    db_rows_free(&q);
    if (!req_fields_or_reply(r, assign_fields)) {
        return;
    }
    json_take_id(r->json, "talent_id", false, &tid, &e);
    if (e.n == 0 && tid == 0) {
        verr_add(&e, "talent_id", "is required");
    }
    if (e.n == 0) {
        enum yh_err err = talents_db_get(r->db, r->claims.office, tid, &t);
        if (err == YH_ERR_NOT_FOUND || (err == YH_OK && strcmp(t.status, "admitted") != 0)) {
            verr_add(&e, "talent_id", "is no admitted talent of this office");
        } else if (err != YH_OK) {
            reply_problem(r, err, NULL, NULL);
            return;
        }
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = treq_db_move(r->db, r->claims.office, id, version, "open,assigned", "assigned", 0, NULL);
    }
    if (err == YH_OK) {
        err = tassign_db_insert(r->db, id, tid, r->claims.sub, &aid);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent_request.assign", "talent_request", id);
    }
    if (err == YH_OK) {
        char data[160];
        snprintf(data, sizeof(data), "{\"request_id\":\"%lld\",\"assignment_id\":\"%lld\",\"talent_id\":\"%lld\"}",
                 (long long)id, (long long)aid, (long long)tid);
        err = outbox_publish(r->db, &r->app->cfg, r->claims.office, "talent_request.assigned", data);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        char msg[96];
        snprintf(msg, sizeof(msg), "a %s request takes no assignments, or the talent is assigned already", status);
        reply_problem(r, err, err == YH_ERR_CONFLICT ? msg : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_request(r, 201, id);
}

/* POST /v1/talent-assignments/{id}/accept|decline: the talent itself (a member), or staff. */
void tassign_decide(struct req *r)
{
    struct db_rows a;
    int64_t id = 0;
    const char *decision = strstr(r->path, "/accept") ? "accepted" : "declined";
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = tassign_db_get_for_update(r->db, r->claims.office, id, &a);
    }
    if (err == YH_OK && !req_is_staff(r) && (r->claims.member_id == 0 || db_i64(&a, 0, 5) != r->claims.member_id)) {
        db_rows_free(&a);
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        db_rollback(r->db);
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such assignment" : NULL, NULL);
        return;
    }
    int64_t request_id = db_i64(&a, 0, 1);
    bool pending = strcmp(db_str(&a, 0, 3), "assigned") == 0 && strcmp(db_str(&a, 0, 6), "assigned") == 0;
    db_rows_free(&a);
    if (!pending) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, "the assignment was already answered, or its request is no longer open", NULL);
        return;
    }
    err = tassign_db_decide(r->db, id, decision);
    if (err == YH_OK) {
        err = req_audit(r, decision[0] == 'a' ? "talent_assignment.accept" : "talent_assignment.decline",
                        "talent_assignment", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_request(r, 200, request_id);
}

static const char *const close_fields[] = {"rating", "comment", NULL};

/* POST /v1/talent-requests/{id}/close|cancel: the requesting client, or staff. */
void treqs_finish(struct req *r)
{
    struct db_rows q;
    struct verrs e = {0};
    char comment[2001] = "";
    int64_t id = 0, rating = 0, version = 0;
    bool close = strstr(r->path, "/close") != NULL;
    if (!request_of_path_or_reply(r, &id, &q)) {
        return;
    }
    db_rows_free(&q);
    if (!req_if_match_or_reply(r, &version) || (close && !req_fields_or_reply(r, close_fields))) {
        return;
    }
    if (close) {
        json_get_int(r->json, "rating", true, 1, 5, &rating, NULL, &e);
        json_take_text(r->json, "comment", true, 500, comment, sizeof(comment), &e);
        if (!verrs_ok_or_reply(r, &e)) {
            return;
        }
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = treq_db_move(r->db, r->claims.office, id, version, close ? "assigned" : "open,assigned",
                           close ? "closed" : "cancelled", rating, comment);
    }
    if (err == YH_OK && close) {
        err = talents_db_rate(r->db, id, rating); /* the feedback shows on the talents' records */
    }
    if (err == YH_OK) {
        err = req_audit(r, close ? "talent_request.close" : "talent_request.cancel", "talent_request", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err,
                      err == YH_ERR_CONFLICT       ? (close ? "only an assigned request closes with feedback"
                                                            : "a closed or cancelled request cannot be cancelled")
                      : err == YH_ERR_PRECONDITION ? "the request changed since you read it"
                                                   : NULL,
                      NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_request(r, 200, id);
}
