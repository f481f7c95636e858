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
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/engagement.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/surveys_db.h"
#include "yinhui/util.h"

static const char *const kinds[] = {"single", "scale", "text", NULL};

static cJSON *questions_json(struct db_rows *q)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < q->nrows; i++) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "number", (double)db_i64(q, i, 0));
        cJSON_AddStringToObject(j, "kind", db_str(q, i, 1));
        cJSON_AddStringToObject(j, "text", db_str(q, i, 2));
        if (strcmp(db_str(q, i, 1), "single") == 0) {
            cJSON *o = cJSON_AddArrayToObject(j, "options");
            for (const char *p = db_str(q, i, 3); p && *p;) {
                size_t n = strcspn(p, "\n");
                char opt[401];
                snprintf(opt, sizeof(opt), "%.*s", (int)(n < 400 ? n : 400), p);
                cJSON_AddItemToArray(o, cJSON_CreateString(opt));
                p += n;
                p += *p == '\n';
            }
        }
        cJSON_AddItemToArray(a, j);
    }
    return a;
}

/* The survey of path {id}: staff see any of the office's, members open ones. */
static bool survey_of_path_or_reply(struct req *r, int64_t *id, struct db_rows *rows)
{
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    if (!req_is_staff(r) && !req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "surveys are for members and office staff", NULL);
        return false;
    }
    enum yh_err err = surveys_db_get(r->db, r->claims.office, *id, rows);
    if (err == YH_OK && !req_is_staff(r) && strcmp(db_str(rows, 0, 2), "open") != 0) {
        db_rows_free(rows);
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such survey" : NULL, NULL);
        return false;
    }
    return true;
}

static const struct jcol survey_cols[] = {{"id", JC_ID},          {"title", JC_STR},
                                          {"status", JC_STR},     {"version", JC_INT},
                                          {"created_by", JC_STR}, {"created_at", JC_STR}};

static void reply_survey(struct req *r, int status, int64_t id)
{
    struct db_rows s, q;
    enum yh_err err = surveys_db_get(r->db, r->claims.office, id, &s);
    if (err == YH_OK) {
        err = surveys_db_questions(r->db, id, &q);
        if (err != YH_OK) {
            db_rows_free(&s);
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = json_row(&s, 0, survey_cols);
    cJSON_AddItemToObject(j, "questions", questions_json(&q));
    db_rows_free(&s);
    db_rows_free(&q);
    reply_json_take(r, status, j);
}

void surveys_list(struct req *r)
{
    struct db_rows rows;
    if (!req_is_staff(r) && !req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "surveys are for members and office staff", NULL);
        return;
    }
    enum yh_err err = surveys_db_list(r->db, r->claims.office, req_is_staff(r) ? NULL : "open", &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, survey_cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

void surveys_get(struct req *r)
{
    struct db_rows rows;
    int64_t id = 0;
    if (survey_of_path_or_reply(r, &id, &rows)) {
        db_rows_free(&rows);
        reply_survey(r, 200, id);
    }
}

void surveys_create(struct req *r)
{
    static const char *const fields[] = {"title", "questions", NULL};
    static const char *const qfields[] = {"kind", "text", "options", NULL};
    char title[401] = "";
    struct verrs v = {0};
    size_t n = 0;
    int64_t id = 0;
    if (!req_fields_or_reply(r, fields)) {
        return;
    }
    struct survey_question *q = calloc(SURVEY_QUESTIONS_MAX, sizeof(*q));
    if (q == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    json_take_text(r->json, "title", false, 100, title, sizeof(title), &v);
    if (v.n == 0 && !title[0]) {
        verr_add(&v, "title", "is required");
    }
    const cJSON *qs = cJSON_GetObjectItemCaseSensitive(r->json, "questions"), *it = NULL;
    if (!cJSON_IsArray(qs) || cJSON_GetArraySize(qs) < 1 || cJSON_GetArraySize(qs) > SURVEY_QUESTIONS_MAX) {
        verr_add(&v, "questions", "must be an array of 1 to 30 {kind, text, options}");
    } else {
        cJSON_ArrayForEach(it, qs)
        {
            struct verrs e = {0};
            char f[64];
            if (!cJSON_IsObject(it) || !json_check_fields(it, qfields, &e)) {
                verr_add(&e, "kind", "each question is an object {kind, text, options}");
            }
            if (e.n == 0) {
                json_take_enum(it, "kind", false, kinds, q[n].kind, sizeof(q[n].kind), &e);
                json_take_text(it, "text", false, 200, q[n].text, sizeof(q[n].text), &e);
                if (e.n == 0 && (!q[n].kind[0] || !q[n].text[0])) {
                    verr_add(&e, !q[n].kind[0] ? "kind" : "text", "is required");
                }
            }
            const cJSON *os = cJSON_GetObjectItemCaseSensitive(it, "options"), *o = NULL;
            if (e.n == 0 && strcmp(q[n].kind, "single") == 0) {
                size_t used = 0;
                if (!cJSON_IsArray(os) || cJSON_GetArraySize(os) < 2 || cJSON_GetArraySize(os) > 10) {
                    verr_add(&e, "options", "a single-choice question has 2 to 10 options");
                } else {
                    cJSON_ArrayForEach(o, os)
                    {
                        if (!cJSON_IsString(o) || !o->valuestring[0] || strlen(o->valuestring) > 300 ||
                            strchr(o->valuestring, '\n')) {
                            verr_add(&e, "options",
                                     "options are non-empty single-line texts of up to 100 characters");
                            break;
                        }
                        used += (size_t)snprintf(q[n].options + used, sizeof(q[n].options) - used, "%s%s",
                                                 used ? "\n" : "", o->valuestring);
                        q[n].noptions++;
                    }
                }
            } else if (e.n == 0 && os != NULL) {
                verr_add(&e, "options", "only single-choice questions have options");
            }
            for (int k = 0; k < e.n; k++) {
                snprintf(f, sizeof(f), "questions[%zu].%s", n, e.e[k].field);
                verr_add(&v, f, e.e[k].message);
            }
            n++;
        }
    }
    enum yh_err err = YH_OK;
    if (verrs_ok_or_reply(r, &v)) {
        err = db_begin(r->db);
        if (err == YH_OK) {
            err = surveys_db_insert(r->db, r->claims.office, title, q, n, r->claims.sub, &id);
        }
        if (err == YH_OK) {
            err = req_audit(r, "survey.create", "survey", id);
        }
        err = db_finish(r->db, err);
        if (err != YH_OK) {
            reply_problem(r, err, NULL, NULL);
        } else {
            reply_survey(r, 201, id);
        }
    }
    free(q);
}

/* POST {status}: draft → open → closed. */
void surveys_status(struct req *r)
{
    static const char *const fields[] = {"status", NULL};
    static const char *const to_states[] = {"open", "closed", NULL};
    struct db_rows rows;
    struct verrs v = {0};
    char to[8] = "";
    int64_t id = 0;
    if (!req_fields_or_reply(r, fields) || !survey_of_path_or_reply(r, &id, &rows)) {
        return;
    }
    db_rows_free(&rows);
    json_take_enum(r->json, "status", false, to_states, to, sizeof(to), &v);
    if (v.n == 0 && !to[0]) {
        verr_add(&v, "status", "is required: open or closed");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = surveys_db_set_status(r->db, r->claims.office, id, strcmp(to, "open") == 0 ? "draft" : "open",
                                    to);
    }
    if (err == YH_OK) {
        err = req_audit(r, "survey.status", "survey", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "a survey goes draft → open → closed" : NULL, NULL);
        return;
    }
    reply_survey(r, 200, id);
}

/* A ballot: 24 hex digits of random nonce, then 32 of HMAC-SHA256(master key,
 * "survey-ballot|<survey id>|<nonce>") truncated to 16 bytes. */
#define BALLOT_NONCE_HEX 24
#define BALLOT_LEN (BALLOT_NONCE_HEX + 32)

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

/* POST .../ballots: a member's one-time ballot (409 for a second). Only the member's
 * mark is written; the ballot itself is not stored anywhere. */
void surveys_ballot(struct req *r)
{
    struct db_rows rows;
    int64_t id = 0;
    char token[BALLOT_LEN + 1];
    if (!req_is_member(r) || r->claims.member_id == 0) {
        reply_problem(r, YH_ERR_FORBIDDEN, "members take ballots with their own account", NULL);
        return;
    }
    if (!survey_of_path_or_reply(r, &id, &rows)) {
        return;
    }
    db_rows_free(&rows);
    unsigned char nonce[BALLOT_NONCE_HEX / 2];
    if (random_bytes(nonce, sizeof(nonce)) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    hex_encode(nonce, sizeof(nonce), token);
    ballot_mac(r, id, token, token + BALLOT_NONCE_HEX);
    enum yh_err err = surveys_db_issue(r->db, id, r->claims.member_id);
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

/* POST .../responses {ballot, answers: [{question, choice | scale | text}]}: every
 * question at most once; spends the ballot. */
void surveys_respond(struct req *r)
{
    static const char *const fields[] = {"ballot", "answers", NULL};
    static const char *const afields[] = {"question", "choice", "scale", "text", NULL};
    struct db_rows rows, q;
    struct verrs v = {0};
    const char *ballot = NULL;
    int64_t id = 0, choice[SURVEY_QUESTIONS_MAX + 1] = {0};
    char *texts[SURVEY_QUESTIONS_MAX + 1] = {0};
    bool seen[SURVEY_QUESTIONS_MAX + 1] = {false};
    if (!req_fields_or_reply(r, fields) || !survey_of_path_or_reply(r, &id, &rows)) {
        return;
    }
    bool open = strcmp(db_str(&rows, 0, 2), "open") == 0;
    db_rows_free(&rows);
    if (!open) {
        reply_problem(r, YH_ERR_CONFLICT, "the survey is not open", NULL);
        return;
    }
    enum yh_err err = surveys_db_questions(r->db, id, &q);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    json_get_string(r->json, "ballot", true, 64, &ballot, &v);
    const cJSON *as = cJSON_GetObjectItemCaseSensitive(r->json, "answers"), *it = NULL;
    size_t idx = 0;
    if (!cJSON_IsArray(as) || cJSON_GetArraySize(as) < 1 || cJSON_GetArraySize(as) > (int)q.nrows) {
        verr_add(&v, "answers", "must be an array of answers, at most one per question");
    } else {
        cJSON_ArrayForEach(it, as)
        {
            struct verrs e = {0};
            int64_t num = 0, val = 0;
            char f[64];
            bool has = false;
            if (!cJSON_IsObject(it) || !json_check_fields(it, afields, &e)) {
                verr_add(&e, "question", "each answer is an object {question, choice | scale | text}");
            }
            if (e.n == 0 && json_get_int(it, "question", true, 1, (int64_t)q.nrows, &num, NULL, &e) &&
                seen[num]) {
                verr_add(&e, "question", "is answered twice");
            }
            if (e.n == 0) {
                const char *kind = db_str(&q, (size_t)num - 1, 1);
                if (strcmp(kind, "single") == 0) {
                    int nopt = 1;
                    for (const char *p = db_str(&q, (size_t)num - 1, 3); p && *p; p++) {
                        nopt += *p == '\n';
                    }
                    json_get_int(it, "choice", true, 1, nopt, &val, &has, &e);
                } else if (strcmp(kind, "scale") == 0) {
                    json_get_int(it, "scale", true, 1, 5, &val, &has, &e);
                } else {
                    const char *t = NULL;
                    if (json_get_string(it, "text", true, 1000, &t, &e) && t) {
                        texts[num] = strdup(t);
                    }
                }
                if (e.n == 0) {
                    seen[num] = true;
                    choice[num] = val;
                }
            }
            for (int k = 0; k < e.n; k++) {
                snprintf(f, sizeof(f), "answers[%zu].%s", idx, e.e[k].field);
                verr_add(&v, f, e.e[k].message);
            }
            idx++;
        }
    }
    db_rows_free(&q);
    if (v.n == 0) {
        unsigned char h[32], response[16];
        sha256(ballot, strlen(ballot), h);
        err = random_bytes(response, sizeof(response)) == 0 ? db_begin(r->db) : YH_ERR_INTERNAL;
        if (err == YH_OK) {
            /* a ballot of this service: its hash goes into the spent set; one issued
             * before the set existed is taken out of the stored ballots */
            err = ballot_valid(r, id, ballot) ? surveys_db_spend(r->db, id, h)
                                              : surveys_db_spend_legacy(r->db, id, h);
        }
        for (int k = 1; err == YH_OK && k <= SURVEY_QUESTIONS_MAX; k++) {
            if (seen[k]) {
                err = surveys_db_answer(r->db, id, response, k, choice[k], texts[k]);
            }
        }
        err = db_finish(r->db, err);
        if (err == YH_ERR_NOT_FOUND) {
            verr_add(&v, "ballot", "is not a ballot of this survey, or it was used");
        } else if (err != YH_OK) {
            reply_problem(r, err, NULL, NULL);
        } else {
            reply_empty(r, 204);
        }
    }
    for (int k = 0; k <= SURVEY_QUESTIONS_MAX; k++) {
        free(texts[k]);
    }
    if (v.n > 0) {
        verrs_ok_or_reply(r, &v);
    }
}

/* GET .../results (staff): per question the counts (single: per option; scale: 1-5 and
 * the mean; text: the answers), and the satisfaction rate: the share of 4s and 5s among
 * all scale answers. */
void surveys_results(struct req *r)
{
    struct db_rows s, q, c, t, tot;
    int64_t id = 0;
    if (!survey_of_path_or_reply(r, &id, &s)) {
        return;
    }
    db_rows_free(&s);
    enum yh_err err = surveys_db_questions(r->db, id, &q);
    if (err == YH_OK && (err = surveys_db_counts(r->db, id, &c)) != YH_OK) {
        db_rows_free(&q);
    }
    if (err == YH_OK && (err = surveys_db_texts(r->db, id, &t)) != YH_OK) {
        db_rows_free(&q);
        db_rows_free(&c);
    }
    if (err == YH_OK && (err = surveys_db_totals(r->db, id, &tot)) != YH_OK) {
        db_rows_free(&q);
        db_rows_free(&c);
        db_rows_free(&t);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    int64_t kmin = 5;
    if (surveys_db_min_responses(r->db, r->claims.office, &kmin) != YH_OK) {
        kmin = 5;
    }
    int64_t responses = db_i64(&tot, 0, 0);
    /* below the office threshold a count or a text could single out a voter */
    bool suppressed = responses < kmin;
    cJSON *body = cJSON_CreateObject();
    json_add_id(body, "survey_id", id);
    cJSON_AddNumberToObject(body, "responses", (double)responses);
    cJSON_AddNumberToObject(body, "ballots_taken", (double)db_i64(&tot, 0, 1));
    cJSON_AddBoolToObject(body, "suppressed", suppressed);
    cJSON_AddNumberToObject(body, "min_responses", (double)kmin);
    cJSON *qa = cJSON_AddArrayToObject(body, "questions");
    int64_t happy = 0, scaled = 0;
    for (size_t i = 0; i < q.nrows; i++) {
        int64_t pos = db_i64(&q, i, 0);
        const char *kind = db_str(&q, i, 1);
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "number", (double)pos);
        cJSON_AddStringToObject(j, "kind", kind);
        cJSON_AddStringToObject(j, "text", db_str(&q, i, 2));
        int64_t answered = 0, sum = 0;
        if (suppressed) {
            cJSON_AddItemToArray(qa, j); /* the question only */
            continue;
        }
        if (strcmp(kind, "text") == 0) {
            cJSON *ts = cJSON_AddArrayToObject(j, "texts");
            for (size_t k = 0; k < t.nrows; k++) {
                if (db_i64(&t, k, 0) == pos) {
                    cJSON_AddItemToArray(ts, cJSON_CreateString(db_str(&t, k, 1)));
                }
            }
            for (size_t k = 0; k < c.nrows; k++) {
                answered += db_i64(&c, k, 0) == pos ? db_i64(&c, k, 2) : 0;
            }
        } else {
            int nopt = strcmp(kind, "scale") == 0 ? 5 : 1;
            for (const char *p = db_str(&q, i, 3); strcmp(kind, "single") == 0 && p && *p; p++) {
                nopt += *p == '\n';
            }
            cJSON *counts = cJSON_AddArrayToObject(j, "counts"); /* index 0: choice or scale 1 */
            for (int k = 1; k <= nopt; k++) {
                int64_t n = 0;
                for (size_t x = 0; x < c.nrows; x++) {
                    if (db_i64(&c, x, 0) == pos && db_i64(&c, x, 1) == k) {
                        n = db_i64(&c, x, 2);
                    }
                }
                cJSON_AddItemToArray(counts, cJSON_CreateNumber((double)n));
                answered += n;
                sum += n * k;
                if (strcmp(kind, "scale") == 0) {
                    scaled += n;
                    happy += k >= 4 ? n : 0;
                }
            }
            if (strcmp(kind, "scale") == 0) {
                cJSON_AddNumberToObject(j, "mean", answered ? (double)sum / (double)answered : 0.0);
            }
        }
        cJSON_AddNumberToObject(j, "answered", (double)answered);
        cJSON_AddItemToArray(qa, j);
    }
    if (scaled && !suppressed) {
        cJSON_AddNumberToObject(body, "satisfaction_rate", (double)happy / (double)scaled);
    } else {
        cJSON_AddNullToObject(body, "satisfaction_rate");
    }
    db_rows_free(&q);
    db_rows_free(&c);
    db_rows_free(&t);
    db_rows_free(&tot);
    reply_json_take(r, 200, body);
}
