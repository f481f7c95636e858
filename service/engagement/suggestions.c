/* /v1/suggestions (建言献策): a member submits from the app, or office staff on a member's
 * behalf; staff forward it to a department (an integration client of the office, or a
 * named department); the department's client or staff answer; staff close it. A member
 * sees its own, a department's client only those forwarded to it (without the member's
 * name), staff the office's. Answering publishes suggestion.answered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/engagement.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"
#include "yinhui/suggestions_db.h"

static const char *const categories[] = {
    "party_building", "agriculture", "urban_construction", "economy",      "education", "health",
    "culture",        "environment", "social_services",    "elderly_care", "other",     NULL};
static const char *const statuses[] = {"submitted", "forwarded", "answered", "closed", NULL};

enum {
    S_ID,
    S_MEMBER,
    S_NAME,
    S_TOPIC,
    S_BODY,
    S_CAT,
    S_STATUS,
    S_CLIENT,
    S_DEPT,
    S_ANSWER,
    S_BY,
    S_AT,
    S_NOTE,
    S_VERSION,
    S_CREATED_BY,
    S_CREATED_AT
};

/* Who the caller reads as: staff (everything of the office), a member (its own), or a
 * department's client (forwarded to it). false after a 403 for anyone else. */
static bool viewer_or_reply(struct req *r, int64_t *member, const char **client)
{
    *member = 0;
    *client = NULL;
    if (req_is_staff(r)) {
        return true;
    }
    if (req_is_member(r) && r->claims.member_id) {
        *member = r->claims.member_id;
        return true;
    }
    if (req_is_client(r) && strncmp(r->claims.sub, "client:", 7) == 0) {
        *client = r->claims.sub + 7;
        return true;
    }
    reply_problem(r, YH_ERR_FORBIDDEN,
                  "suggestions are for members, office staff and the departments they go to", NULL);
    return false;
}

static cJSON *sugg_json(const struct db_rows *rows, size_t i, bool department_view)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", db_i64(rows, i, S_ID));
    if (!department_view) {
        cJSON *m = cJSON_AddObjectToObject(j, "member");
        json_add_id(m, "id", db_i64(rows, i, S_MEMBER));
        cJSON_AddStringToObject(m, "name", db_str(rows, i, S_NAME));
        json_add_opt(j, "client_id", db_str(rows, i, S_CLIENT));
        json_add_opt(j, "close_note", db_str(rows, i, S_NOTE));
    }
    cJSON_AddStringToObject(j, "topic", db_str(rows, i, S_TOPIC));
    cJSON_AddStringToObject(j, "body", db_str(rows, i, S_BODY));
    cJSON_AddStringToObject(j, "category", db_str(rows, i, S_CAT));
    cJSON_AddStringToObject(j, "status", db_str(rows, i, S_STATUS));
    json_add_opt(j, "department", db_str(rows, i, S_DEPT));
    json_add_opt(j, "answer", db_str(rows, i, S_ANSWER));
    json_add_opt(j, "answered_at", db_str(rows, i, S_AT));
    cJSON_AddNumberToObject(j, "version", (double)db_i64(rows, i, S_VERSION));
    cJSON_AddStringToObject(j, "created_at", db_str(rows, i, S_CREATED_AT));
    return j;
}

/* The suggestion of path {id} as the caller may see it (404 otherwise). */
static bool sugg_of_path_or_reply(struct req *r, int64_t *id, struct db_rows *rows, const char **client)
{
    int64_t member = 0;
    if (!viewer_or_reply(r, &member, client) || !id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = suggestions_db_get(r->db, r->claims.office, *id, rows);
    if (err == YH_OK && ((member && db_i64(rows, 0, S_MEMBER) != member) ||
                         (*client && (db_str(rows, 0, S_CLIENT) == NULL ||
                                      strcmp(db_str(rows, 0, S_CLIENT), *client) != 0)))) {
        db_rows_free(rows);
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such suggestion" : NULL, NULL);
        return false;
    }
    return true;
}

static void reply_sugg(struct req *r, int status, int64_t id, bool department_view)
{
    struct db_rows rows;
    enum yh_err err = suggestions_db_get(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = sugg_json(&rows, 0, department_view);
    db_rows_free(&rows);
    reply_json_take(r, status, j);
}

void suggestions_create(struct req *r)
{
    static const char *const fields[] = {"topic", "body", "category", "member_id", NULL};
    struct suggestion *sp = malloc(sizeof(*sp)); /* 16 KB body: not on the worker's stack */
    struct verrs v = {0};
    int64_t id = 0;
    if (sp == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    memset(sp, 0, sizeof(*sp));
    if (!req_fields_or_reply(r, fields)) {
        free(sp);
        return;
    }
    if (!req_is_staff(r) && !(req_is_member(r) && r->claims.member_id)) {
        free(sp);
        reply_problem(r, YH_ERR_FORBIDDEN,
                      "members submit their own suggestions; office staff may submit for a member", NULL);
        return;
    }
    snprintf(sp->category, sizeof(sp->category), "other");
    json_take_text(r->json, "topic", false, 100, sp->topic, sizeof(sp->topic), &v);
    json_take_text(r->json, "body", false, 4000, sp->body, sizeof(sp->body), &v);
    json_take_enum(r->json, "category", false, categories, sp->category, sizeof(sp->category), &v);
    if (v.n == 0 && (!sp->topic[0] || !sp->body[0])) {
        verr_add(&v, !sp->topic[0] ? "topic" : "body", "is required");
    }
    if (req_is_staff(r)) {
        json_take_id(r->json, "member_id", false, &sp->member_id, &v);
        if (v.n == 0 && !sp->member_id) {
            verr_add(&v, "member_id", "is required when staff submit for a member");
        }
        struct member m;
        if (v.n == 0 && members_db_get(r->db, r->claims.office, sp->member_id, &m) != YH_OK) {
            verr_add(&v, "member_id", "no such member in this office");
        }
    } else {
        if (cJSON_GetObjectItemCaseSensitive(r->json, "member_id")) {
            verr_add(&v, "member_id", "a member submits for itself");
        }
        sp->member_id = r->claims.member_id;
    }
    if (!verrs_ok_or_reply(r, &v)) {
        free(sp);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = suggestions_db_insert(r->db, r->claims.office, sp, r->claims.sub, &id);
    }
    free(sp);
    if (err == YH_OK) {
        err = req_audit(r, "suggestion.create", "suggestion", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    char loc[48];
    snprintf(loc, sizeof(loc), "/v1/suggestions/%lld", (long long)id);
    reply_header(r, "Location", loc);
    reply_sugg(r, 201, id, false);
}

void suggestions_list(struct req *r)
{
    struct db_rows rows;
    const char *status = NULL, *client = NULL;
    int64_t member = 0;
    int limit;
    char after[24], last[24];
    if (!viewer_or_reply(r, &member, &client) ||
        !page_params_or_reply(r, "suggestions", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &status)) {
        return;
    }
    enum yh_err err = suggestions_db_list(r->db, r->claims.office, member, client, status,
                                          after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = rows.nrows > (size_t)limit ? (size_t)limit : rows.nrows;
    snprintf(last, sizeof(last), "%s", shown ? db_str(&rows, shown - 1, 0) : "0");
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, sugg_json(&rows, i, client != NULL));
    }
    bool more = rows.nrows > shown;
    db_rows_free(&rows);
    reply_json_take(r, 200, page_body(r, "suggestions", items, more ? last : NULL));
}

void suggestions_get(struct req *r)
{
    struct db_rows rows;
    const char *client = NULL;
    int64_t id = 0;
    if (!sugg_of_path_or_reply(r, &id, &rows, &client)) {
        return;
    }
    cJSON *j = sugg_json(&rows, 0, client != NULL);
    db_rows_free(&rows);
    reply_json_take(r, 200, j);
}

static void finish_move(struct req *r, enum yh_err err, int64_t id, const char *action, bool department_view)
{
    if (err == YH_OK) {
        err = req_audit(r, action, "suggestion", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err,
                      err == YH_ERR_CONFLICT ? "the suggestion is not in a state that allows this" : NULL,
                      NULL);
        return;
    }
    reply_sugg(r, 200, id, department_view);
}

void suggestions_forward(struct req *r)
{
    static const char *const fields[] = {"client_id", "department", NULL};
    struct db_rows rows;
    struct verrs v = {0};
    const char *client = NULL;
    char cid[65] = "", dept[401] = "";
    int64_t id = 0;
    if (!req_fields_or_reply(r, fields) || !sugg_of_path_or_reply(r, &id, &rows, &client)) {
        return;
    }
    db_rows_free(&rows);
    json_take_text(r->json, "client_id", true, 64, cid, sizeof(cid), &v);
    json_take_text(r->json, "department", true, 100, dept, sizeof(dept), &v);
    if (v.n == 0 && !cid[0] && !dept[0]) {
        verr_add(&v, "client_id", "name a department's client_id or a department");
    }
    if (v.n == 0 && cid[0] && suggestions_db_client_ok(r->db, r->claims.office, cid) != YH_OK) {
        verr_add(&v, "client_id", "is no enabled integration client of this office");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = suggestions_db_forward(r->db, r->claims.office, id, cid, dept);
    }
    finish_move(r, err, id, "suggestion.forward", false);
}

void suggestions_answer(struct req *r)
{
    static const char *const fields[] = {"answer", NULL};
    struct db_rows rows;
    struct verrs v = {0};
    const char *client = NULL;
    char *answer = calloc(1, 16001); /* not on the worker's stack */
    int64_t id = 0, member = 0;
    if (answer == NULL || !req_fields_or_reply(r, fields) || !sugg_of_path_or_reply(r, &id, &rows, &client)) {
        if (answer == NULL) {
            reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        }
        free(answer);
        return;
    }
    member = db_i64(&rows, 0, S_MEMBER);
    db_rows_free(&rows);
    if (!req_is_staff(r) && client == NULL) {
        free(answer);
        reply_problem(r, YH_ERR_FORBIDDEN, "the department it was forwarded to, or office staff, answer",
                      NULL);
        return;
    }
    json_take_text(r->json, "answer", false, 4000, answer, 16001, &v);
    if (v.n == 0 && !answer[0]) {
        verr_add(&v, "answer", "is required");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        free(answer);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = suggestions_db_answer(r->db, r->claims.office, id, answer, r->claims.sub, client);
    }
    free(answer);
    if (err == YH_OK) {
        char data[96];
        snprintf(data, sizeof(data), "{\"suggestion_id\":\"%lld\",\"member_id\":\"%lld\"}", (long long)id,
                 (long long)member);
        err = outbox_publish(r->db, &r->app->cfg, r->claims.office, "suggestion.answered", data);
    }
    finish_move(r, err, id, "suggestion.answer", client != NULL);
}

void suggestions_close(struct req *r)
{
    static const char *const fields[] = {"note", NULL};
    struct db_rows rows;
    struct verrs v = {0};
    const char *client = NULL;
    char note[2001] = "";
    int64_t id = 0;
    if (!req_fields_or_reply(r, fields) || !sugg_of_path_or_reply(r, &id, &rows, &client)) {
        return;
    }
    db_rows_free(&rows);
    json_take_text(r->json, "note", true, 500, note, sizeof(note), &v);
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = suggestions_db_close(r->db, r->claims.office, id, note);
    }
    finish_move(r, err, id, "suggestion.close", false);
}
