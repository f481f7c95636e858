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
#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/engagement.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/suggestions_db.h"

static const char *const categories[] = {
    "party_building", "agriculture", "urban_construction", "economy",      "education", "health",
    "culture",        "environment", "social_services",    "elderly_care", "other",     NULL};
static const char *const statuses[] = {"submitted", "forwarded", "answered", "closed", NULL};

/* The bodies of /v1/suggestions and its moves. member_id is read by the create handler:
 * staff name one of the office's members, a member may not name one. */
static const struct field create_fields[] = {
    FIELD_TEXT("topic", struct suggestion, topic, 100, 0),
    FIELD_TEXT("body", struct suggestion, body, 4000, 0),
    FIELD_ENUM("category", struct suggestion, category, categories, 0),
    FIELD_OTHER("member_id", 0),
};
struct forward_body {
    char client_id[65], department[401];
};
static const struct field forward_fields[] = {
    FIELD_TEXT("client_id", struct forward_body, client_id, 64, FF_NULLABLE),
    FIELD_TEXT("department", struct forward_body, department, 100, FF_NULLABLE),
};
struct answer_body {
    char answer[16001];
};
static const struct field answer_fields[] = {FIELD_TEXT("answer", struct answer_body, answer, 4000, 0)};
struct close_body {
    char note[2001];
};
static const struct field close_fields[] = {FIELD_TEXT("note", struct close_body, note, 500, FF_NULLABLE)};

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

/* s as the API shows it: a department's client sees neither the member nor the client
 * id nor the close note. The caller owns the result. */
static cJSON *sugg_json(const struct suggestion_rec *s, bool department_view)
{
    cJSON *j = fm_to_json(suggestion_map, suggestion_map_n, s);
    if (!department_view) {
        cJSON *m = cJSON_AddObjectToObject(j, "member");
        json_add_id(m, "id", s->member_id);
        cJSON_AddStringToObject(m, "name", s->member_name);
        json_add_opt(j, "client_id", s->client_id);
        json_add_opt(j, "close_note", s->close_note);
    }
    cJSON_AddStringToObject(j, "body", s->body);
    json_add_opt(j, "answer", s->answer);
    return j;
}

/* The suggestion of path {id} as the caller may see it into *s (caller frees with
 * suggestion_rec_free; 404 otherwise); *client: the department's client id, or NULL. */
static bool sugg_of_path_or_reply(struct req *r, struct suggestion_rec *s, const char **client)
{
    int64_t member = 0, id = 0;
    if (!viewer_or_reply(r, &member, client) || !id_param_or_reply(r, &id)) {
        return false;
    }
    enum yh_err err = suggestions_db_get(r->db, r->claims.office, id, s);
    if (err == YH_OK && ((member && s->member_id != member) ||
                         (*client && (s->client_id[0] == '\0' || strcmp(s->client_id, *client) != 0)))) {
        suggestion_rec_free(s, 1);
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_error(r, err, "suggestion");
        return false;
    }
    return true;
}

/* Suggestion id as it is now, as JSON for the caller (NULL after a problem). */
static cJSON *sugg_now_or_reply(struct req *r, int64_t id, bool department_view)
{
    struct suggestion_rec s;
    enum yh_err err = suggestions_db_get(r->db, r->claims.office, id, &s);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return NULL;
    }
    cJSON *j = sugg_json(&s, department_view);
    suggestion_rec_free(&s, 1);
    return j;
}

/* The create body into sp: topic and body required, the category (default other), and
 * the member: staff name one of the office's, a member submits for itself. */
static bool sugg_body_or_reply(struct req *r, struct suggestion *sp)
{
    struct verrs v = {0};
    snprintf(sp->category, sizeof(sp->category), "other");
    body_read(r, create_fields, ARRAY_LEN(create_fields), sp, true, NULL, &v);
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
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/suggestions {topic, body, category?, member_id (staff only)}: 201 + Location. */
void suggestions_create(struct req *r)
{
    struct suggestion *sp = NULL;
    int64_t id = 0;
    if (!body_known_or_reply(r, create_fields, ARRAY_LEN(create_fields))) {
        return;
    }
    if (!req_is_staff(r) && !(req_is_member(r) && r->claims.member_id)) {
        reply_problem(r, YH_ERR_FORBIDDEN,
                      "members submit their own suggestions; office staff may submit for a member", NULL);
        return;
    }
    sp = calloc(1, sizeof(*sp)); /* 16 KB body: not on the worker's stack */
    if (sp == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (!sugg_body_or_reply(r, sp)) {
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
    cJSON *j = commit_or_reply(r, err, "suggestion") ? sugg_now_or_reply(r, id, false) : NULL;
    if (j != NULL) {
        reply_created_take(r, "/v1/suggestions", id, j);
    }
}

/* GET /v1/suggestions?status=&limit=&cursor=: the caller's view (see viewer_or_reply),
 * newest first. */
void suggestions_list(struct req *r)
{
    struct suggestion_rec *rows = NULL;
    const char *status = NULL, *client = NULL;
    int64_t member = 0;
    size_t n = 0;
    int limit;
    char after[24], last[24];
    if (!viewer_or_reply(r, &member, &client) ||
        !page_params_or_reply(r, "suggestions", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &status)) {
        return;
    }
    enum yh_err err = suggestions_db_list(r->db, r->claims.office, member, client, status,
                                          after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    snprintf(last, sizeof(last), "%lld", shown ? (long long)rows[shown - 1].id : 0LL);
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, sugg_json(&rows[i], client != NULL));
    }
    suggestion_rec_free(rows, n);
    free(rows);
    reply_json_take(r, 200, page_body(r, "suggestions", items, n > shown ? last : NULL));
}

/* GET /v1/suggestions/{id} */
void suggestions_get(struct req *r)
{
    struct suggestion_rec s;
    const char *client = NULL;
    if (!sugg_of_path_or_reply(r, &s, &client)) {
        return;
    }
    cJSON *j = sugg_json(&s, client != NULL);
    suggestion_rec_free(&s, 1);
    reply_json_take(r, 200, j);
}

/* Ends a move of suggestion id begun with db_begin (err so far): audits it as action,
 * commits, and replies 200 with the suggestion, or 409 when its state did not allow it. */
static void finish_move(struct req *r, enum yh_err err, int64_t id, const char *action, bool department_view)
{
    if (err == YH_OK) {
        err = req_audit(r, action, "suggestion", id);
    }
    if (!commit_or_reply_conflict(r, err, "suggestion",
                                    "the suggestion is not in a state that allows this")) {
        return;
    }
    cJSON *j = sugg_now_or_reply(r, id, department_view);
    if (j != NULL) {
        reply_json_take(r, 200, j);
    }
}

/* The forward body: a department's client_id or a department's name (at least one). */
static bool forward_body_or_reply(struct req *r, struct forward_body *b)
{
    struct verrs v = {0};
    body_read(r, forward_fields, ARRAY_LEN(forward_fields), b, true, NULL, &v);
    if (v.n == 0 && !b->client_id[0] && !b->department[0]) {
        verr_add(&v, "client_id", "name a department's client_id or a department");
    }
    if (v.n == 0 && b->client_id[0] &&
        suggestions_db_client_ok(r->db, r->claims.office, b->client_id) != YH_OK) {
        verr_add(&v, "client_id", "is no enabled integration client of this office");
    }
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/suggestions/{id}/forward {client_id?, department?} (staff). */
void suggestions_forward(struct req *r)
{
    struct suggestion_rec s;
    struct forward_body b = {"", ""};
    const char *client = NULL;
    if (!body_known_or_reply(r, forward_fields, ARRAY_LEN(forward_fields)) ||
        !sugg_of_path_or_reply(r, &s, &client)) {
        return;
    }
    suggestion_rec_free(&s, 1);
    if (!forward_body_or_reply(r, &b)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = suggestions_db_forward(r->db, r->claims.office, s.id, b.client_id, b.department);
    }
    finish_move(r, err, s.id, "suggestion.forward", false);
}

/* The answer body into b: the answer is required. */
static bool answer_body_or_reply(struct req *r, struct answer_body *b)
{
    struct verrs v = {0};
    body_read(r, answer_fields, ARRAY_LEN(answer_fields), b, true, NULL, &v);
    if (v.n == 0 && !b->answer[0]) {
        verr_add(&v, "answer", "is required");
    }
    return verrs_ok_or_reply(r, &v);
}

/* Publishes suggestion.answered for suggestion id of member (ids only). */
static enum yh_err publish_answered(struct req *r, int64_t id, int64_t member)
{
    char data[96];
    snprintf(data, sizeof(data), "{\"suggestion_id\":\"%lld\",\"member_id\":\"%lld\"}", (long long)id,
             (long long)member);
    return outbox_publish(r->db, &r->app->cfg, r->claims.office, "suggestion.answered", data);
}

/* POST /v1/suggestions/{id}/answer {answer}: the department's client it was forwarded
 * to, or staff; publishes suggestion.answered. */
void suggestions_answer(struct req *r)
{
    struct suggestion_rec s;
    const char *client = NULL;
    struct answer_body *b = NULL;
    if (!body_known_or_reply(r, answer_fields, ARRAY_LEN(answer_fields)) ||
        !sugg_of_path_or_reply(r, &s, &client)) {
        return;
    }
    suggestion_rec_free(&s, 1);
    if (!req_is_staff(r) && client == NULL) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the department it was forwarded to, or office staff, answer",
                      NULL);
        return;
    }
    b = calloc(1, sizeof(*b)); /* 16 KB: not on the worker's stack */
    if (b == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (!answer_body_or_reply(r, b)) {
        free(b);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = suggestions_db_answer(r->db, r->claims.office, s.id, b->answer, r->claims.sub, client);
    }
    free(b);
    if (err == YH_OK) {
        err = publish_answered(r, s.id, s.member_id);
    }
    finish_move(r, err, s.id, "suggestion.answer", client != NULL);
}

/* POST /v1/suggestions/{id}/close {note?} (staff). */
void suggestions_close(struct req *r)
{
    struct suggestion_rec s;
    struct verrs v = {0};
    struct close_body b = {""};
    const char *client = NULL;
    if (!body_known_or_reply(r, close_fields, ARRAY_LEN(close_fields)) ||
        !sugg_of_path_or_reply(r, &s, &client)) {
        return;
    }
    suggestion_rec_free(&s, 1);
    body_read(r, close_fields, ARRAY_LEN(close_fields), &b, true, NULL, &v);
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = suggestions_db_close(r->db, r->claims.office, s.id, b.note);
    }
    finish_move(r, err, s.id, "suggestion.close", false);
}
