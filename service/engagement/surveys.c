/* /v1/surveys: anonymous surveys. Office staff write one (single choice, scale 1-5, free
 * text), open and close it and read the results with the satisfaction rate. A member
 * takes a one-time ballot (POST .../ballots: the service notes that the member voted and
 * writes nothing of the ballot, which is a random nonce with a MAC under the service key),
 * then sends the answers with the ballot (POST .../responses), which spends it: the
 * ballot hash is recorded as spent with the answers. The voter mark and the spent ballot
 * share no value, transaction or order, so neither the tables nor a binary or general
 * log links them (the residual risk is timing: see README). No table links a member to
 * an answer, the response is neither audited nor kept for idempotency, and nothing
 * stores when it came. Results with fewer responses than the office setting
 * survey_min_responses show no counts and no texts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/engagement.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/json_in.h"
#include "yinhui/reach.h"
#include "yinhui/survey_results.h"
#include "yinhui/surveys_db.h"
#include "yinhui/util.h"

static const char *const kinds[] = {"single", "scale", "text", NULL};
static const char *const to_states[] = {"open", "closed", NULL};

/* The bodies: a survey (its questions read by questions_take), a status move, and a
 * response (ballot and answers read by surveys_respond against the questions). */
struct survey_body {
    char title[401];
};
static const struct field survey_fields[] = {
    FIELD_TEXT("title", struct survey_body, title, 100, 0),
    FIELD_OTHER("questions", 0),
};
struct status_body {
    char to[8];
};
static const struct field status_fields[] = {FIELD_ENUM("status", struct status_body, to, to_states, 0)};
static const struct field response_fields[] = {FIELD_OTHER("ballot", 0), FIELD_OTHER("answers", 0)};

/* s with its questions (q, n) as the API shows it; the caller owns the result. */
static cJSON *survey_json(const struct survey *s, const struct survey_question *q, size_t n)
{
    cJSON *j = fm_to_json(survey_map, survey_map_n, s);
    if (q == NULL) {
        return j;
    }
    cJSON *a = cJSON_AddArrayToObject(j, "questions");
    for (size_t i = 0; i < n; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddNumberToObject(x, "number", (double)i + 1);
        cJSON_AddStringToObject(x, "kind", q[i].kind);
        cJSON_AddStringToObject(x, "text", q[i].text);
        if (strcmp(q[i].kind, "single") == 0) {
            cJSON_AddItemToObject(x, "options", json_split(q[i].options, '\n', 400));
        }
        cJSON_AddItemToArray(a, x);
    }
    return j;
}

/* Members and office staff read surveys; anyone else gets a 403. */
static bool reader_or_reply(struct req *r)
{
    if (!req_is_staff(r) && !req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "surveys are for members and office staff", NULL);
        return false;
    }
    return true;
}

/* The survey of path {id} into *s: staff see any of the office's, members open ones. */
static bool survey_of_path_or_reply(struct req *r, struct survey *s)
{
    int64_t id = 0;
    if (!id_param_or_reply(r, &id) || !reader_or_reply(r)) {
        return false;
    }
    enum yh_err err = surveys_db_get(r->db, r->claims.office, id, s);
    if (err == YH_OK && !req_is_staff(r) && strcmp(s->status, "open") != 0) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_error(r, err, "survey");
        return false;
    }
    return true;
}

/* Survey s's questions into a new array *q (caller frees), *n of them; false after a
 * problem. */
static bool questions_or_reply(struct req *r, int64_t id, struct survey_question **q, size_t *n)
{
    *q = calloc(SURVEY_QUESTIONS_MAX, sizeof(**q)); /* ~264 KB: not on the worker's stack */
    enum yh_err err = *q ? surveys_db_questions(r->db, r->claims.office, id, *q, n) : YH_ERR_INTERNAL;
    if (err != YH_OK) {
        free(*q);
        *q = NULL;
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return true;
}

/* Replies status with survey id as it is now, with its questions. */
static void reply_survey(struct req *r, int status, int64_t id)
{
    struct survey s;
    struct survey_question *q = NULL;
    size_t n = 0;
    enum yh_err err = surveys_db_get(r->db, r->claims.office, id, &s);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (questions_or_reply(r, id, &q, &n)) {
        reply_json_take(r, status, survey_json(&s, q, n));
        free(q);
    }
}

/* The survey at row without its questions (the list shows them so). */
static cJSON *survey_item_json(const void *row)
{
    return survey_json(row, NULL, 0);
}

/* GET /v1/surveys: staff see all of the office's, members the open ones. */
void surveys_list(struct req *r)
{
    struct survey *list = NULL;
    size_t n = 0;
    if (!reader_or_reply(r)) {
        return;
    }
    enum yh_err err = surveys_db_list(r->db, r->claims.office, req_is_staff(r) ? NULL : "open", &list, &n);
    engagement_items_reply(r, err, list, n, sizeof(*list), survey_item_json);
    free(list);
}

/* GET /v1/surveys/{id} */
void surveys_get(struct req *r)
{
    struct survey s;
    struct survey_question *q = NULL;
    size_t n = 0;
    if (survey_of_path_or_reply(r, &s) && questions_or_reply(r, s.id, &q, &n)) {
        reply_json_take(r, 200, survey_json(&s, q, n));
        free(q);
    }
}

/* The options of a single-choice question (it) into q; errors into e. */
static void options_take(const cJSON *it, struct survey_question *q, struct verrs *e)
{
    const cJSON *os = cJSON_GetObjectItemCaseSensitive(it, "options"), *o = NULL;
    size_t used = 0;
    if (strcmp(q->kind, "single") != 0) {
        if (os != NULL) {
            verr_add(e, "options", "only single-choice questions have options");
        }
        return;
    }
    if (!cJSON_IsArray(os) || cJSON_GetArraySize(os) < 2 || cJSON_GetArraySize(os) > 10) {
        verr_add(e, "options", "a single-choice question has 2 to 10 options");
        return;
    }
    cJSON_ArrayForEach(o, os)
    {
        if (!cJSON_IsString(o) || !o->valuestring[0] || strlen(o->valuestring) > 300 ||
            strchr(o->valuestring, '\n')) {
            verr_add(e, "options", "options are non-empty single-line texts of up to 100 characters");
            break;
        }
        used += (size_t)snprintf(q->options + used, sizeof(q->options) - used, "%s%s", used ? "\n" : "",
                                 o->valuestring);
        q->noptions++;
    }
}

/* One question {kind, text, options} (it) into q; errors (field names relative to the
 * question) into e. */
static void question_take(const cJSON *it, struct survey_question *q, struct verrs *e)
{
    static const char *const qfields[] = {"kind", "text", "options", NULL};
    if (!cJSON_IsObject(it) || !json_check_fields(it, qfields, e)) {
        verr_add(e, "kind", "each question is an object {kind, text, options}");
    }
    if (e->n == 0) {
        json_take_enum(it, "kind", false, kinds, q->kind, sizeof(q->kind), e);
        json_take_text(it, "text", false, 200, q->text, sizeof(q->text), e);
        if (e->n == 0 && (!q->kind[0] || !q->text[0])) {
            verr_add(e, !q->kind[0] ? "kind" : "text", "is required");
        }
    }
    if (e->n == 0) {
        options_take(it, q, e);
    }
}

/* Adds e's errors to v as "<list>[<i>].<field>". */
static void verrs_nest(struct verrs *v, const char *list, size_t i, const struct verrs *e)
{
    char f[160]; /* verr_add keeps what fits a field name */
    for (int k = 0; k < e->n; k++) {
        snprintf(f, sizeof(f), "%s[%zu].%s", list, i, e->e[k].field);
        verr_add(v, f, e->e[k].message);
    }
}

/* The body's questions (1 to SURVEY_QUESTIONS_MAX) into q, their number into *n. */
static void questions_take(const cJSON *qs, struct survey_question *q, size_t *n, struct verrs *v)
{
    const cJSON *it = NULL;
    if (!cJSON_IsArray(qs) || cJSON_GetArraySize(qs) < 1 || cJSON_GetArraySize(qs) > SURVEY_QUESTIONS_MAX) {
        verr_add(v, "questions", "must be an array of 1 to 30 {kind, text, options}");
        return;
    }
    cJSON_ArrayForEach(it, qs)
    {
        struct verrs e = {0};
        question_take(it, &q[*n], &e);
        verrs_nest(v, "questions", *n, &e);
        (*n)++;
    }
}

/* POST /v1/surveys {title, questions}: a draft; 201 with it. */
void surveys_create(struct req *r)
{
    struct survey_body b = {""};
    struct verrs v = {0};
    size_t n = 0;
    int64_t id = 0;
    if (!body_known_or_reply(r, survey_fields, ARRAY_LEN(survey_fields))) {
        return;
    }
    struct survey_question *q = calloc(SURVEY_QUESTIONS_MAX, sizeof(*q));
    if (q == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    body_read(r, survey_fields, ARRAY_LEN(survey_fields), &b, true, NULL, &v);
    if (v.n == 0 && !b.title[0]) {
        verr_add(&v, "title", "is required");
    }
    questions_take(cJSON_GetObjectItemCaseSensitive(r->json, "questions"), q, &n, &v);
    if (verrs_ok_or_reply(r, &v)) {
        enum yh_err err = db_begin(r->db);
        if (err == YH_OK) {
            err = surveys_db_insert(r->db, r->claims.office, b.title, q, n, r->claims.sub, &id);
        }
        if (err == YH_OK) {
            err = req_audit(r, "survey.create", "survey", id);
        }
        if (commit_or_reply(r, err, "survey")) {
            reply_survey(r, 201, id); /* the contract gives no Location here */
        }
    }
    free(q);
}

/* POST /v1/surveys/{id}/status {status}: draft → open → closed. */
void surveys_status(struct req *r)
{
    struct survey s;
    struct verrs v = {0};
    struct status_body b = {""};
    if (!body_known_or_reply(r, status_fields, ARRAY_LEN(status_fields)) || !survey_of_path_or_reply(r, &s)) {
        return;
    }
    body_read(r, status_fields, ARRAY_LEN(status_fields), &b, true, NULL, &v);
    if (v.n == 0 && !b.to[0]) {
        verr_add(&v, "status", "is required: open or closed");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = surveys_db_set_status(r->db, r->claims.office, s.id,
                                    strcmp(b.to, "open") == 0 ? "draft" : "open", b.to);
    }
    if (err == YH_OK) {
        err = req_audit(r, "survey.status", "survey", s.id);
    }
    if (commit_or_reply_conflict(r, err, "survey", "a survey goes draft → open → closed")) {
        reply_survey(r, 200, s.id);
    }
}

/* A ballot: 24 hex digits of random nonce, then 32 of HMAC-SHA256(master key,
 * "survey-ballot|<survey id>|<nonce>") truncated to 16 bytes. */
#define BALLOT_NONCE_HEX 24
#define BALLOT_LEN (BALLOT_NONCE_HEX + 32)

/* The MAC half of a ballot for survey: 32 hex digits of the MAC of its nonce (the
 * first BALLOT_NONCE_HEX characters of nonce) into out. */
static void ballot_mac(struct req *r, int64_t survey, const char *nonce, char out[33])
{
    char msg[96];
    unsigned char mac[32];
    int n = snprintf(msg, sizeof(msg), "survey-ballot|%lld|%.*s", (long long)survey, BALLOT_NONCE_HEX, nonce);
    hmac_sha256(r->app->cfg.master_key, msg, (size_t)n, mac);
    hex_encode(mac, 16, out);
}

/* True when token is a ballot this service issued for survey. */
static bool ballot_valid(struct req *r, int64_t survey, const char *token)
{
    char want[33];
    if (strlen(token) != BALLOT_LEN || strspn(token, "0123456789abcdef") != BALLOT_LEN) {
        return false;
    }
    ballot_mac(r, survey, token, want);
    return ct_equal(want, token + BALLOT_NONCE_HEX, 32);
}

/* POST /v1/surveys/{id}/ballots: a member's one-time ballot (409 for a second). Only
 * the member's mark is written; the ballot itself is not stored anywhere. */
void surveys_ballot(struct req *r)
{
    struct survey s;
    char token[BALLOT_LEN + 1];
    unsigned char nonce[BALLOT_NONCE_HEX / 2];
    if (!req_is_member(r) || r->claims.member_id == 0) {
        reply_problem(r, YH_ERR_FORBIDDEN, "members take ballots with their own account", NULL);
        return;
    }
    if (!survey_of_path_or_reply(r, &s)) {
        return;
    }
    if (random_bytes(nonce, sizeof(nonce)) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    hex_encode(nonce, sizeof(nonce), token);
    ballot_mac(r, s.id, token, token + BALLOT_NONCE_HEX);
    enum yh_err err = surveys_db_issue(r->db, r->claims.office, s.id, r->claims.member_id);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "you have taken your ballot for this survey" : NULL,
                      NULL);
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "ballot", token);
    reply_header(r, "Cache-Control", "no-store");
    reply_json_take(r, 201, j);
}

/* A response's answers by question number (index 1..SURVEY_QUESTIONS_MAX): the choice or
 * scale value (0: none), the text (owned), and whether the question was answered. */
struct answers {
    int64_t choice[SURVEY_QUESTIONS_MAX + 1];
    char *texts[SURVEY_QUESTIONS_MAX + 1];
    bool seen[SURVEY_QUESTIONS_MAX + 1];
};

/* Frees a's texts (not a). */
static void answers_free(struct answers *a)
{
    for (int k = 0; k <= SURVEY_QUESTIONS_MAX; k++) {
        free(a->texts[k]);
    }
}

/* One answer {question, choice | scale | text} (it) to questions q (n of them) into a;
 * errors (field names relative to the answer) into e. */
static void answer_take(const cJSON *it, const struct survey_question *q, size_t n, struct answers *a,
                        struct verrs *e)
{
    static const char *const afields[] = {"question", "choice", "scale", "text", NULL};
    int64_t num = 0, val = 0;
    bool has = false;
    if (!cJSON_IsObject(it) || !json_check_fields(it, afields, e)) {
        verr_add(e, "question", "each answer is an object {question, choice | scale | text}");
    }
    if (e->n == 0 && json_get_int(it, "question", true, 1, (int64_t)n, &num, NULL, e) && a->seen[num]) {
        verr_add(e, "question", "is answered twice");
    }
    if (e->n > 0) {
        return;
    }
    const struct survey_question *x = &q[num - 1];
    if (strcmp(x->kind, "single") == 0) {
        json_get_int(it, "choice", true, 1, x->noptions, &val, &has, e);
    } else if (strcmp(x->kind, "scale") == 0) {
        json_get_int(it, "scale", true, 1, 5, &val, &has, e);
    } else {
        const char *t = NULL;
        if (json_get_string(it, "text", true, 1000, &t, e) && t) {
            a->texts[num] = strdup(t);
        }
    }
    if (e->n == 0) {
        a->seen[num] = true;
        a->choice[num] = val;
    }
}

/* The body's ballot and answers to questions q (n of them) into *ballot and a. */
static void answers_take(struct req *r, const struct survey_question *q, size_t n, const char **ballot,
                         struct answers *a, struct verrs *v)
{
    const cJSON *as = cJSON_GetObjectItemCaseSensitive(r->json, "answers"), *it = NULL;
    size_t idx = 0;
    json_get_string(r->json, "ballot", true, 64, ballot, v);
    if (!cJSON_IsArray(as) || cJSON_GetArraySize(as) < 1 || cJSON_GetArraySize(as) > (int)n) {
        verr_add(v, "answers", "must be an array of answers, at most one per question");
        return;
    }
    cJSON_ArrayForEach(it, as)
    {
        struct verrs e = {0};
        answer_take(it, q, n, a, &e);
        verrs_nest(v, "answers", idx++, &e);
    }
}

/* Spends ballot on survey id and writes answers a under a fresh response id, in one
 * transaction. false when it has replied with a problem, or added the ballot's error to
 * v (not a ballot of this survey, or spent). */
static bool response_write_or_reply(struct req *r, int64_t id, const char *ballot, const struct answers *a,
                                    struct verrs *v)
{
    unsigned char h[32], response[16];
    sha256(ballot, strlen(ballot), h);
    enum yh_err err = random_bytes(response, sizeof(response)) == 0 ? db_begin(r->db) : YH_ERR_INTERNAL;
    if (err == YH_OK) {
        /* a ballot of this service: its hash goes into the spent set; one issued before
         * the set existed is taken out of the stored ballots */
        err = ballot_valid(r, id, ballot) ? surveys_db_spend(r->db, r->claims.office, id, h)
                                          : surveys_db_spend_legacy(r->db, r->claims.office, id, h);
    }
    for (int k = 1; err == YH_OK && k <= SURVEY_QUESTIONS_MAX; k++) {
        if (a->seen[k]) {
            err = surveys_db_answer(r->db, r->claims.office, id, response, k, a->choice[k], a->texts[k]);
        }
    }
    err = db_finish(r->db, err);
    if (err == YH_ERR_NOT_FOUND) {
        verr_add(v, "ballot", "is not a ballot of this survey, or it was used");
    } else if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
    }
    return err == YH_OK;
}

/* POST /v1/surveys/{id}/responses {ballot, answers: [{question, choice | scale | text}]}:
 * every question at most once; spends the ballot. Neither audited nor invalidating: the
 * response must leave no trace that links it to anything. */
void surveys_respond(struct req *r)
{
    struct survey s;
    struct survey_question *q = NULL;
    struct answers *a = NULL;
    struct verrs v = {0};
    const char *ballot = NULL;
    size_t n = 0;
    if (!body_known_or_reply(r, response_fields, ARRAY_LEN(response_fields)) ||
        !survey_of_path_or_reply(r, &s)) {
        return;
    }
    if (strcmp(s.status, "open") != 0) {
        reply_problem(r, YH_ERR_CONFLICT, "the survey is not open", NULL);
        return;
    }
    if (!questions_or_reply(r, s.id, &q, &n)) {
        return;
    }
    a = calloc(1, sizeof(*a));
    if (a == NULL) {
        free(q);
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    answers_take(r, q, n, &ballot, a, &v);
    free(q);
    if (v.n == 0 && response_write_or_reply(r, s.id, ballot, a, &v)) {
        reply_empty(r, 204);
    }
    answers_free(a);
    free(a);
    if (v.n > 0) {
        verrs_ok_or_reply(r, &v);
    }
}

/* GET /v1/surveys/{id}/results (staff): see survey_results_json. */
void surveys_results(struct req *r)
{
    struct survey s;
    struct survey_question *q = NULL;
    struct survey_tally_rows t;
    size_t n = 0;
    int64_t kmin = 5;
    if (!survey_of_path_or_reply(r, &s) || !questions_or_reply(r, s.id, &q, &n)) {
        return;
    }
    enum yh_err err = surveys_db_tally(r->db, r->claims.office, s.id, &t);
    if (err != YH_OK) {
        free(q);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (surveys_db_min_responses(r->db, r->claims.office, &kmin) != YH_OK) {
        kmin = 5;
    }
    cJSON *body = survey_results_json(s.id, q, n, &t, kmin);
    surveys_db_tally_free(&t);
    free(q);
    reply_json_take(r, 200, body);
}
