/* /v1/hospital-stays and /v1/members/{id}/hospital-stays: hospital stays (住院登记) with
 * the hospital and ward sealed, masked unless revealed (audited). The member's health
 * follows the stays: an admission sets it to hospitalised and keeps the value before,
 * the discharge restores it (or sets the one given) — written through the member store
 * as a member PATCH writes it (member_seal, members_db_update). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/care.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/stays.h"
#include "yinhui/typed_rows.h"

/* The plain values of an admission or a correction, before sealing. */
struct stay_body {
    char admitted_on[11], discharged_on[11];
    char hospital[401], ward[201];
};
static const struct field admit_fields[] = {
    FIELD_DATE("admitted_on", struct stay_body, admitted_on, FF_REQUIRED),
    FIELD_TEXT("hospital", struct stay_body, hospital, STAY_HOSPITAL_MAX, FF_REQUIRED),
    FIELD_TEXT("ward", struct stay_body, ward, STAY_WARD_MAX, FF_NULLABLE),
};
static const struct field patch_fields[] = {
    FIELD_DATE("admitted_on", struct stay_body, admitted_on, 0),
    FIELD_DATE("discharged_on", struct stay_body, discharged_on, 0),
    FIELD_TEXT("hospital", struct stay_body, hospital, STAY_HOSPITAL_MAX, 0),
    FIELD_TEXT("ward", struct stay_body, ward, STAY_WARD_MAX, FF_NULLABLE),
};
/* The discharge: its day (default today) and the health after (default the one before
 * the admission); hospitalised is no health to leave hospital with. */
struct discharge_body {
    char discharged_on[11], health[16];
};
static const char *const healths_after[] = {"able", "frail", "homebound", NULL};
static const struct field discharge_fields[] = {
    FIELD_DATE("discharged_on", struct discharge_body, discharged_on, 0),
    FIELD_ENUM("health", struct discharge_body, health, healths_after, 0),
};

/* Adds text as name: in full, or masked (mask_address: a few leading characters), or null. */
static void add_sealed(cJSON *j, const char *name, const char *text, bool full)
{
    char masked[900];
    if (!text[0] || full) {
        json_add_opt(j, name, text);
        return;
    }
    mask_address(text, masked, sizeof(masked));
    cJSON_AddStringToObject(j, name, masked);
}

/* Stay s as JSON, hospital and ward (and the health before admission) in full when full,
 * else masked. NULL when a sealed value cannot be opened. Caller owns it. */
static cJSON *stay_json(const struct app *app, const struct stay *s, bool full)
{
    char hospital[401], ward[201], before[16];
    if (pii_open_into(&app->cfg, s->hospital_enc, s->hospital_enc_len, hospital, sizeof(hospital)) != 0 ||
        pii_open_into(&app->cfg, s->ward_enc, s->ward_enc_len, ward, sizeof(ward)) != 0 ||
        pii_open_into(&app->cfg, s->health_before_enc, s->health_before_enc_len, before, sizeof(before)) !=
            0) {
        return NULL;
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", s->id);
    json_add_id(j, "member_id", s->member_id);
    cJSON_AddStringToObject(j, "member_name", s->member_name);
    json_add_id(j, "branch_id", s->branch_id);
    cJSON_AddStringToObject(j, "admitted_on", s->admitted_on);
    json_add_opt(j, "discharged_on", s->discharged_on);
    cJSON_AddBoolToObject(j, "in_hospital", s->discharged_on[0] == '\0');
    add_sealed(j, "hospital", hospital, full);
    add_sealed(j, "ward", ward, full);
    if (full) {
        cJSON_AddStringToObject(j, "health_before", before);
    }
    cJSON_AddStringToObject(j, "pii", full ? "full" : "masked");
    cJSON_AddStringToObject(j, "created_by", s->created_by);
    json_add_opt(j, "discharged_by", s->discharged_by);
    cJSON_AddStringToObject(j, "created_at", s->created_at);
    cJSON_AddStringToObject(j, "updated_at", s->updated_at);
    cJSON_AddNumberToObject(j, "version", (double)s->version);
    return j;
}

/* Replies status with stay id (masked; 201 with its Location for a new one). */
static void reply_stay(struct req *r, int status, int64_t id)
{
    struct stay *s = calloc(1, sizeof(*s));
    enum yh_err err = s == NULL ? YH_ERR_INTERNAL : stays_db_get(r->db, r->claims.office, id, s);
    cJSON *j = err == YH_OK ? stay_json(r->app, s, false) : NULL;
    free(s);
    if (err != YH_OK || j == NULL) {
        reply_error(r, err != YH_OK ? err : YH_ERR_INTERNAL, "hospital stay");
    } else if (status == 201) {
        reply_created_take(r, "/v1/hospital-stays", id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* Reads stay {id} of the path into *s when the caller reaches its member (404
 * otherwise). False when it has replied. */
static bool stay_of_path_or_reply(struct req *r, int64_t *id, struct stay *s)
{
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = stays_db_get(r->db, r->claims.office, *id, s);
    if (err != YH_OK) {
        reply_error(r, err, "hospital stay");
        return false;
    }
    return member_reachable_or_reply(r, s->member_id);
}

/* Sets the health of member m (read under its row lock) to health, sealed with its blind
 * index by member_seal and written by members_db_update, as a member PATCH writes it. */
static enum yh_err member_health_set(struct req *r, struct member *m, const char *health)
{
    struct member_plain p = {.health_set = true};
    snprintf(p.health, sizeof(p.health), "%s", health);
    if (member_seal(&r->app->cfg, m, &p) != 0) {
        return YH_ERR_INTERNAL;
    }
    return members_db_update(r->db, m, m->version);
}

/* CONFLICT with msg when stay s (id except, 0: a new one) would share a day with
 * another stay of its member: a member is in one hospital at a time. */
static enum yh_err overlap_check(struct req *r, const struct stay *s, int64_t except, char *msg, size_t len)
{
    int64_t other = 0;
    enum yh_err err = stays_db_overlapping(r->db, r->claims.office, s->member_id, except, s->admitted_on,
                                           s->discharged_on, &other);
    if (err == YH_OK && other != 0) {
        snprintf(msg, len,
                 "the dates overlap hospital stay %lld of the member: a member's stays never overlap",
                 (long long)other);
        err = YH_ERR_CONFLICT;
    }
    return err;
}

/* Seals b's hospital and ward into s. False when it has replied. */
static bool stay_seal_or_reply(struct req *r, const struct stay_body *b, struct stay *s)
{
    if (pii_seal_into(&r->app->cfg, b->hospital, s->hospital_enc, sizeof(s->hospital_enc),
                      &s->hospital_enc_len) != 0 ||
        pii_seal_into(&r->app->cfg, b->ward, s->ward_enc, sizeof(s->ward_enc), &s->ward_enc_len) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return false;
    }
    return true;
}

/* The admission of member m (locked, active) in s: CONFLICT with msg when the member is
 * not active, already in hospital, or the dates overlap an earlier stay. */
static enum yh_err admit(struct req *r, struct member *m, struct stay *s, int64_t *id, char *msg, size_t len)
{
    struct stay open;
    enum yh_err err = YH_OK;
    if (strcmp(m->status, "active") != 0) {
        snprintf(msg, len, "the member is %s since %s: only an active member is admitted", m->status,
                 m->status_on);
        return YH_ERR_CONFLICT;
    }
    err = stays_db_open_of(r->db, r->claims.office, m->id, &open);
    if (err == YH_OK) {
        snprintf(msg, len,
                 "the member is in hospital since %s (hospital stay %lld): one open stay per member, "
                 "discharge it first",
                 open.admitted_on, (long long)open.id);
        return YH_ERR_CONFLICT;
    }
    err = err == YH_ERR_NOT_FOUND ? overlap_check(r, s, 0, msg, len) : err;
    if (err == YH_OK) {
        memcpy(s->health_before_enc, m->health_enc, m->health_enc_len);
        s->health_before_enc_len = m->health_enc_len;
        err = stays_db_insert(r->db, r->claims.office, s, r->claims.sub, id);
        if (err == YH_ERR_CONFLICT) { /* a concurrent admission took the open stay first */
            snprintf(msg, len, "the member is in hospital: one open stay per member, discharge it first");
        }
    }
    if (err == YH_OK) {
        err = member_health_set(r, m, "hospitalised");
    }
    return err;
}

/* Reads an admission's body into b and its member and date into s. False when it has
 * replied. */
static bool admission_or_reply(struct req *r, int64_t mid, struct stay_body *b, struct stay *s)
{
    struct verrs v = {0};
    char today[11];
    if (!body_read_or_reply(r, admit_fields, ARRAY_LEN(admit_fields), b, true, NULL)) {
        return false;
    }
    today_cn(today);
    const char *why = stays_admitted_refusal(b->admitted_on, today);
    if (why != NULL) {
        verr_add(&v, "admitted_on", why);
    }
    s->member_id = mid;
    snprintf(s->admitted_on, sizeof(s->admitted_on), "%s", b->admitted_on);
    return verrs_ok_or_reply(r, &v) && stay_seal_or_reply(r, b, s);
}

/* POST /v1/members/{id}/hospital-stays {admitted_on, hospital, ward?}: the member goes
 * into hospital; its health becomes hospitalised. */
void stays_admit(struct req *r)
{
    struct stay_body b = {0};
    struct member m;
    struct stay *s = calloc(1, sizeof(*s));
    int64_t mid = 0, id = 0;
    char msg[192] = "";
    if (s == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (id_param_or_reply(r, &mid) && member_reachable_or_reply(r, mid) &&
        admission_or_reply(r, mid, &b, s)) {
        enum yh_err err = db_begin(r->db);
        if (err == YH_OK) {
            err = members_db_get_for_update(r->db, r->claims.office, mid, &m);
        }
        if (err == YH_OK) {
            err = admit(r, &m, s, &id, msg, sizeof(msg));
        }
        if (err == YH_OK) {
            err = req_audit(r, "hospital_stay.create", "hospital_stay", id);
        }
        if (commit_or_reply_conflict(r, err, err == YH_ERR_NOT_FOUND ? "member" : "hospital stay", msg)) {
            reply_stay(r, 201, id);
        }
    }
    free(s);
}

/* Reads the discharge's body for stay s into d: its day defaults to today, the health to
 * the one before the admission (required when that is not known: a member hospitalised
 * by hand before stays were recorded). False when it has replied. */
static bool discharge_body_or_reply(struct req *r, const struct stay *s, struct discharge_body *d)
{
    struct verrs v = {0};
    char today[11], before[16];
    today_cn(today);
    if (pii_open_into(&r->app->cfg, s->health_before_enc, s->health_before_enc_len, before, sizeof(before)) !=
        0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return false;
    }
    if (!body_read(r, discharge_fields, ARRAY_LEN(discharge_fields), d, true, NULL, &v)) {
        return verrs_ok_or_reply(r, &v);
    }
    if (!d->discharged_on[0]) {
        memcpy(d->discharged_on, today, sizeof(d->discharged_on));
    }
    const char *why = stays_discharged_refusal(s->admitted_on, d->discharged_on, today);
    if (why != NULL) {
        verr_add(&v, "discharged_on", why);
    }
    if (!d->health[0] && (!before[0] || strcmp(before, "hospitalised") == 0)) {
        verr_add(&v, "health", "is required: the health before this stay is not known");
    } else if (!d->health[0]) {
        memcpy(d->health, before, sizeof(d->health));
    }
    return verrs_ok_or_reply(r, &v);
}

/* Ends stay s on d's day and gives its member d's health. CONFLICT when the stay is no
 * longer open (a concurrent discharge). */
static enum yh_err discharge(struct req *r, const struct stay *s, const struct discharge_body *d)
{
    struct member m;
    enum yh_err err = members_db_get_for_update(r->db, r->claims.office, s->member_id, &m);
    if (err == YH_OK) {
        err = stays_db_discharge(r->db, r->claims.office, s->id, d->discharged_on, r->claims.sub);
    }
    if (err == YH_OK) {
        err = member_health_set(r, &m, d->health);
    }
    if (err == YH_OK) {
        err = req_audit(r, "hospital_stay.discharge", "hospital_stay", s->id);
    }
    return err;
}

/* POST /v1/hospital-stays/{id}/discharge {discharged_on?, health?}: the member leaves
 * hospital; its health is restored (or set to the one given). */
void stays_discharge(struct req *r)
{
    struct stay *s = calloc(1, sizeof(*s));
    struct discharge_body d = {0};
    int64_t id = 0;
    char msg[96];
    if (s == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (body_known_or_reply(r, discharge_fields, ARRAY_LEN(discharge_fields)) &&
        stay_of_path_or_reply(r, &id, s)) {
        if (s->discharged_on[0]) {
            snprintf(msg, sizeof(msg), "the stay ended on %s: a stay is discharged once", s->discharged_on);
            reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        } else if (discharge_body_or_reply(r, s, &d)) {
            enum yh_err err = db_begin(r->db);
            if (err == YH_OK) {
                err = discharge(r, s, &d);
            }
            if (commit_or_reply_conflict(r, err, "hospital stay",
                                         "the stay has ended: a stay is discharged once")) {
                reply_stay(r, 200, id);
            }
        }
    }
    free(s);
}

/* Applies PATCH's body to stay s (stored values opened into b first): dates checked, the
 * discharge day only on a discharged stay. False when it has replied. */
static bool stay_changes_or_reply(struct req *r, struct stay *s, struct stay_body *b)
{
    struct verrs v = {0};
    char today[11];
    const char *why = NULL;
    snprintf(b->admitted_on, sizeof(b->admitted_on), "%s", s->admitted_on);
    snprintf(b->discharged_on, sizeof(b->discharged_on), "%s", s->discharged_on);
    if (pii_open_into(&r->app->cfg, s->hospital_enc, s->hospital_enc_len, b->hospital, sizeof(b->hospital)) !=
            0 ||
        pii_open_into(&r->app->cfg, s->ward_enc, s->ward_enc_len, b->ward, sizeof(b->ward)) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return false;
    }
    if (!body_read(r, patch_fields, ARRAY_LEN(patch_fields), b, false, NULL, &v)) {
        return verrs_ok_or_reply(r, &v);
    }
    today_cn(today);
    if (!s->discharged_on[0] && b->discharged_on[0]) {
        verr_add(&v, "discharged_on", "the stay is open: record the discharge (POST .../discharge)");
    } else if ((why = stays_admitted_refusal(b->admitted_on, today)) != NULL) {
        verr_add(&v, "admitted_on", why);
    } else if (b->discharged_on[0] &&
               (why = stays_discharged_refusal(b->admitted_on, b->discharged_on, today)) != NULL) {
        verr_add(&v, "discharged_on", why);
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return false;
    }
    snprintf(s->admitted_on, sizeof(s->admitted_on), "%s", b->admitted_on);
    snprintf(s->discharged_on, sizeof(s->discharged_on), "%s", b->discharged_on);
    return stay_seal_or_reply(r, b, s);
}

/* PATCH /v1/hospital-stays/{id} (If-Match): corrects the dates, hospital or ward. */
void stays_patch(struct req *r)
{
    struct stay *s = calloc(1, sizeof(*s));
    struct stay_body b = {0};
    int64_t id = 0, version = 0;
    char msg[160] = "";
    if (s == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (body_known_or_reply(r, patch_fields, ARRAY_LEN(patch_fields)) && stay_of_path_or_reply(r, &id, s) &&
        req_if_match_or_reply(r, &version) && stay_changes_or_reply(r, s, &b)) {
        enum yh_err err = db_begin(r->db);
        if (err == YH_OK) {
            err = members_db_lock(r->db, r->claims.office, s->member_id);
        }
        if (err == YH_OK) {
            err = overlap_check(r, s, id, msg, sizeof(msg));
        }
        if (err == YH_OK) {
            err = stays_db_update(r->db, r->claims.office, s, version);
        }
        if (err == YH_OK) {
            err = req_audit(r, "hospital_stay.update", "hospital_stay", id);
        }
        if (commit_or_reply_conflict(r, err, "hospital stay", msg)) {
            reply_stay(r, 200, id);
        }
    }
    free(s);
}

/* What a page of stays shows: the stays' JSON by the app's keys, in full or masked. */
struct stay_page {
    const struct app *app;
    bool full;
};

static cJSON *stay_page_json(const void *row, void *ctx)
{
    const struct stay_page *p = ctx;
    return stay_json(p->app, row, p->full);
}

/* Replies a page of stays by f, hospital and ward in full when full. */
static void stays_page_reply(struct req *r, struct stay_filter *f, bool full)
{
    struct stay *rows = NULL;
    size_t n = 0;
    enum yh_err err = stays_db_list(r->db, r->claims.office, f, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    struct stay_page ctx = {r->app, full};
    cJSON *body =
        typed_page_ctx(r, "stays", rows, n, sizeof(*rows), f->limit, stay_page_json, &ctx, typed_key_id);
    free(rows);
    if (body == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, "a personal value could not be decrypted", NULL);
        return;
    }
    reply_json_take(r, 200, body);
}

/* Reads ?limit=, ?cursor= into f. False when it has replied 400. */
static bool stay_page_or_reply(struct req *r, struct stay_filter *f)
{
    char after[24];
    if (!page_params_or_reply(r, "stays", &f->limit, after, sizeof(after))) {
        return false;
    }
    f->before = after[0] ? strtoll(after, NULL, 10) : 0;
    return true;
}

/* GET /v1/hospital-stays?current=&member=: the office's stays (a secretary's branch's),
 * newest first, masked; current=true: those in hospital now. */
void stays_list(struct req *r)
{
    static const char *const bools[] = {"true", "false", NULL};
    struct stay_filter f = {0};
    const char *current = NULL;
    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "members read their own stays (/v1/members/{id}/hospital-stays)",
                      NULL);
        return;
    }
    if (!stay_page_or_reply(r, &f) || !query_id_or_reply(r, "member", &f.member_id) ||
        !query_enum_or_reply(r, "current", bools, &current) || !branch_scope_or_reply(r, &f.branch_id)) {
        return;
    }
    f.current = current != NULL && strcmp(current, "true") == 0;
    stays_page_reply(r, &f, false);
}

/* GET /v1/members/{id}/hospital-stays[?reveal=true]: the member's stays, newest first
 * (the reveal audited). */
void stays_of_member(struct req *r)
{
    struct stay_filter f = {0};
    bool full = false;
    struct member m;
    if (!reveal_id_or_reply(r, &full, &f.member_id) || !member_reachable_or_reply(r, f.member_id) ||
        !stay_page_or_reply(r, &f)) {
        return;
    }
    enum yh_err err = members_db_get(r->db, r->claims.office, f.member_id, &m);
    if (err == YH_OK && full) {
        err = req_audit(r, "hospital_stay.read_pii", "member", f.member_id);
    }
    if (err != YH_OK) {
        reply_error(r, err, "member");
        return;
    }
    stays_page_reply(r, &f, full);
}

/* GET /v1/hospital-stays/{id}[?reveal=true]: the stay with the visits made during it
 * (the member's visits dated from admission to discharge); the reveal audited. */
void stays_get(struct req *r)
{
    struct stay *s = calloc(1, sizeof(*s));
    struct db_rows visits;
    int64_t id = 0;
    bool ok = true;
    bool full = reveal_requested(r, &ok);
    if (s == NULL || !ok || !stay_of_path_or_reply(r, &id, s)) {
        if (s == NULL) {
            reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        }
        free(s);
        return;
    }
    enum yh_err err = full ? req_audit(r, "hospital_stay.read_pii", "hospital_stay", id) : YH_OK;
    if (err == YH_OK) {
        err = stays_db_visits(r->db, r->claims.office, s, &visits);
    }
    cJSON *j = err == YH_OK ? stay_json(r->app, s, full) : NULL;
    free(s);
    if (err == YH_OK && j == NULL) {
        db_rows_free(&visits);
        err = YH_ERR_INTERNAL;
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON_AddItemToObject(j, "visits", view_rows(&visits, visits.nrows, &stay_visits_view));
    db_rows_free(&visits);
    reply_json_take(r, 200, j);
}
