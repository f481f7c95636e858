/* /v1/talent-categories, /v1/talents (entries, workflow, review, search) and
 * /v1/talent-groups: the silver talent pool (银发人才库). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/json_in.h"
#include "yinhui/talents.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/talents_db.h"
#include "yinhui/volunteer_json.h"

#define CATS_MAX 10

/* ---- categories ---- */

static const struct jcol tcat_cols[] = {{"id", JC_ID},       {"code", JC_STR},   {"name", JC_STR},
                                        {"retired", JC_BOOL}, {"version", JC_INT}, {"admitted_talents", JC_INT}};

void tcats_list(struct req *r)
{
    struct db_rows rows;
    enum yh_err err = tcat_db_ensure(r->db, r->claims.office);
    if (err == YH_OK) {
        err = tcat_db_list(r->db, r->claims.office, &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, tcat_cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

static bool code_ok(const char *c)
{
    size_t n = strlen(c);
    for (size_t i = 0; i < n; i++) {
        if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' && c[i] <= '9') || c[i] == '_')) {
            return false;
        }
    }
    return n >= 2 && n <= 40;
}

static void reply_category(struct req *r, int status, int64_t id)
{
    struct db_rows rows;
    enum yh_err err = tcat_db_get(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = json_row(&rows, 0, tcat_cols);
    db_rows_free(&rows);
    reply_json_take(r, status, j);
}

static const char *const tcat_create_fields[] = {"code", "name", NULL};

void tcats_create(struct req *r)
{
    struct verrs v = {0};
    char code[41] = "", name[241] = "";
    int64_t id = 0;
    if (!req_fields_or_reply(r, tcat_create_fields)) {
        return;
    }
    json_take_text(r->json, "code", false, 40, code, sizeof(code), &v);
    json_take_text(r->json, "name", false, 60, name, sizeof(name), &v);
    if (v.n == 0 && !code_ok(code)) {
        verr_add(&v, "code", "must be 2-40 characters of a-z, 0-9 and _");
    }
    if (v.n == 0 && !name[0]) {
        verr_add(&v, "name", "is required");
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = tcat_db_ensure(r->db, r->claims.office);
    if (err == YH_OK) {
        err = db_begin(r->db);
    }
    if (err == YH_OK) {
        err = tcat_db_insert(r->db, r->claims.office, code, name, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent_category.create", "talent_category", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "a category with this code exists" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_category(r, 201, id);
}

static const char *const tcat_patch_fields[] = {"name", "retired", NULL};

void tcats_patch(struct req *r)
{
    struct verrs v = {0};
    struct db_rows cur;
    char name[241];
    bool retired = false, has_retired = false;
    int64_t id = 0, version = 0;
    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, tcat_patch_fields) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = tcat_db_get(r->db, r->claims.office, id, &cur);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such category" : NULL, NULL);
        return;
    }
    snprintf(name, sizeof(name), "%s", db_str(&cur, 0, 2));
    retired = db_i64(&cur, 0, 3) != 0;
    db_rows_free(&cur);
    bool now_retired = retired;
    json_take_text(r->json, "name", false, 60, name, sizeof(name), &v);
    json_get_bool(r->json, "retired", false, &now_retired, &has_retired, &v);
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = tcat_db_update(r->db, r->claims.office, id, version, name, now_retired);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent_category.update", "talent_category", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the category changed since you read it" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_category(r, 200, id);
}

/* ---- talents: input and JSON ---- */

/* A list of strings into dst (comma-separated), each checked by ok. */
static void list_take(const cJSON *obj, const char *name, int max, size_t item_max, bool (*ok)(const char *),
                      const char *what, char *dst, size_t dstlen, struct verrs *e)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name);
    const cJSON *it = NULL;
    struct buf b = {0};
    int n = 0;
    if (a == NULL) {
        return;
    }
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > max) {
        char msg[64];
        snprintf(msg, sizeof(msg), "must be an array of at most %d %s", max, what);
        verr_add(e, name, msg);
        return;
    }
    cJSON_ArrayForEach(it, a)
    {
        if (!cJSON_IsString(it) || utf8_len(it->valuestring) == 0 || utf8_len(it->valuestring) > item_max ||
            strchr(it->valuestring, ',') || (ok && !ok(it->valuestring))) {
            char msg[96];
            snprintf(msg, sizeof(msg), "holds a value that is not %s", what);
            verr_add(e, name, msg);
            buf_free(&b);
            return;
        }
        buf_printf(&b, "%s%s", n++ ? "," : "", it->valuestring);
    }
    if (b.len >= dstlen) {
        verr_add(e, name, "is too long");
    } else {
        snprintf(dst, dstlen, "%s", b.data ? b.data : "");
    }
    buf_free(&b);
}

static bool division_ok(const char *s)
{
    return gbt2260_level(s) != LEVEL_INVALID;
}

/* Category ids of the body (non-retired categories of the office). *n is -1 when absent. */
static enum yh_err categories_take(struct req *r, int64_t *ids, int *n, struct verrs *e)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(r->json, "categories");
    const cJSON *it = NULL;
    *n = -1;
    if (a == NULL) {
        return YH_OK;
    }
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0 || cJSON_GetArraySize(a) > CATS_MAX) {
        verr_add(e, "categories", "must be an array of 1 to 10 category ids");
        return YH_OK;
    }
    *n = 0;
    cJSON_ArrayForEach(it, a)
    {
        struct db_rows c;
        int64_t id = 0;
        if (!cJSON_IsString(it) || !id_parse(it->valuestring, &id)) {
            verr_add(e, "categories", "holds a value that is not an id");
            return YH_OK;
        }
        enum yh_err err = tcat_db_get(r->db, r->claims.office, id, &c);
        if (err == YH_ERR_NOT_FOUND) {
            verr_add(e, "categories", "holds an id that is no category of this office");
            return YH_OK;
        }
        if (err != YH_OK) {
            return err;
        }
        bool retired = db_i64(&c, 0, 3) != 0;
        db_rows_free(&c);
        if (retired) {
            verr_add(e, "categories", "holds a retired category");
            return YH_OK;
        }
        ids[(*n)++] = id;
    }
    return YH_OK;
}

static void talent_apply(struct req *r, struct talent *t, struct verrs *e)
{
    static const char *const genders[] = {"male", "female", NULL};
    static const char *const avail[] = {"anytime", "weekdays", "weekends", "by_arrangement", NULL};
    char phone[24] = "";
    int64_t year = t->birth_year;
    bool present = false;
    json_take_text(r->json, "name", false, 50, t->name, sizeof(t->name), e);
    json_take_enum(r->json, "gender", true, genders, t->gender, sizeof(t->gender), e);
    json_get_int(r->json, "birth_year", false, 1900, 2010, &year, &present, e);
    if (present) {
        t->birth_year = year;
    }
    json_take_text(r->json, "speciality", false, 200, t->speciality, sizeof(t->speciality), e);
    json_take_text(r->json, "title", true, 100, t->title, sizeof(t->title), e);
    json_take_text(r->json, "former_position", true, 200, t->former_position, sizeof(t->former_position), e);
    json_take_text(r->json, "bio", true, 1000, t->bio, sizeof(t->bio), e);
    skills_take(r->json, "skills", t->skills, sizeof(t->skills), e);
    json_take_enum(r->json, "availability", false, avail, t->availability, sizeof(t->availability), e);
    json_get_bool(r->json, "travel", false, &t->travel, NULL, e);
    list_take(r->json, "service_area", 10, 6, division_ok, "a GB/T 2260 code", t->service_area, sizeof(t->service_area), e);
    list_take(r->json, "languages", 10, 20, NULL, "a language name (1-20 characters)", t->languages,
              sizeof(t->languages), e);
    if (cJSON_GetObjectItemCaseSensitive(r->json, "phone") != NULL &&
        json_take_text(r->json, "phone", true, 20, phone, sizeof(phone), e)) {
        if (phone[0] && !phone_valid(phone)) {
            verr_add(e, "phone", "must be a mobile number (11 digits from 13) or a landline like 0691-2123456");
        } else {
            struct buf b = {0};
            t->phone_enc_len = 0;
            if (phone[0] && pii_seal(&r->app->cfg, phone, &b) == 0 && b.len <= sizeof(t->phone_enc)) {
                memcpy(t->phone_enc, b.data, b.len);
                t->phone_enc_len = b.len;
            }
            buf_free(&b);
        }
    }
}

/* Everything staff (and the talent itself) see. */
static enum yh_err talent_full_json(struct req *r, const struct talent *t, bool full, cJSON **out)
{
    struct db_rows cats, steps, feedback;
    static const struct jcol cat_cols[] = {{"id", JC_ID}, {"code", JC_STR}, {"name", JC_STR}};
    static const struct jcol step_cols[] = {{"from", JC_STR}, {"to", JC_STR}, {"by", JC_STR}, {"reason", JC_STR},
                                            {"at", JC_STR}};
    static const struct jcol fb_cols[] = {{"request_id", JC_ID}, {"department", JC_STR}, {"rating", JC_INT},
                                          {"comment", JC_STR}, {"closed_at", JC_STR}};
    enum yh_err err = talents_db_categories(r->db, t->id, &cats);
    if (err != YH_OK) {
        return err;
    }
    err = talents_db_steps(r->db, t->id, &steps);
    if (err != YH_OK) {
        db_rows_free(&cats);
        return err;
    }
    err = talents_db_feedback(r->db, t->id, &feedback);
    if (err != YH_OK) {
        db_rows_free(&cats);
        db_rows_free(&steps);
        return err;
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", t->id);
    cJSON_AddStringToObject(j, "office", t->office);
    json_add_id(j, "member_id", t->member_id);
    cJSON_AddStringToObject(j, "name", t->name);
    json_add_opt(j, "gender", t->gender);
    if (t->birth_year) {
        cJSON_AddNumberToObject(j, "birth_year", (double)t->birth_year);
    } else {
        cJSON_AddNullToObject(j, "birth_year");
    }
    struct buf plain = {0};
    if (t->phone_enc_len && pii_open(&r->app->cfg, t->phone_enc, t->phone_enc_len, &plain) == 0) {
        char masked[32];
        mask_phone(plain.data, masked, sizeof(masked));
        cJSON_AddStringToObject(j, "phone", full ? plain.data : masked);
    } else {
        cJSON_AddNullToObject(j, "phone");
    }
    buf_free(&plain);
    cJSON_AddItemToObject(j, "categories", json_rows(&cats, cats.nrows, cat_cols));
    cJSON_AddStringToObject(j, "speciality", t->speciality);
    json_add_opt(j, "title", t->title);
    json_add_opt(j, "former_position", t->former_position);
    json_add_opt(j, "bio", t->bio);
    cJSON_AddItemToObject(j, "skills", skills_json(t->skills));
    cJSON_AddStringToObject(j, "availability", t->availability);
    cJSON_AddBoolToObject(j, "travel", t->travel);
    cJSON_AddItemToObject(j, "service_area", skills_json(t->service_area));
    cJSON_AddItemToObject(j, "languages", skills_json(t->languages));
    cJSON_AddStringToObject(j, "status", t->status);
    json_add_opt(j, "reason", t->reason);
    json_add_opt(j, "admitted_on", t->admitted_on);
    json_add_opt(j, "review_due_on", t->review_due_on);
    if (t->rating_count) {
        cJSON_AddNumberToObject(j, "rating", (double)t->rating_sum / (double)t->rating_count);
    } else {
        cJSON_AddNullToObject(j, "rating");
    }
    cJSON_AddItemToObject(j, "feedback", json_rows(&feedback, feedback.nrows, fb_cols));
    cJSON_AddItemToObject(j, "steps", json_rows(&steps, steps.nrows, step_cols));
    cJSON_AddStringToObject(j, "pii", full ? "full" : "masked");
    cJSON_AddNumberToObject(j, "version", (double)t->version);
    cJSON_AddStringToObject(j, "created_at", t->created_at);
    cJSON_AddStringToObject(j, "updated_at", t->updated_at);
    db_rows_free(&cats);
    db_rows_free(&steps);
    db_rows_free(&feedback);
    *out = j;
    return YH_OK;
}

/* The public profile: name, categories, speciality, title, service area — nothing else. */
static cJSON *public_profile(int64_t id, const char *office, const char *name, const char *cats_csv,
                             const char *speciality, const char *title, const char *area)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", id);
    cJSON_AddStringToObject(j, "office", office);
    cJSON_AddStringToObject(j, "name", name);
    cJSON_AddItemToObject(j, "categories", skills_json(cats_csv ? cats_csv : ""));
    cJSON_AddStringToObject(j, "speciality", speciality);
    json_add_opt(j, "title", title ? title : "");
    cJSON_AddItemToObject(j, "service_area", skills_json(area ? area : ""));
    return j;
}

static void reply_talent(struct req *r, int status, const struct talent *t, bool full)
{
    cJSON *j = NULL;
    enum yh_err err = full ? req_audit(r, "talent.read_pii", "talent", t->id) : YH_OK;
    if (err == YH_OK) {
        err = talent_full_json(r, t, full, &j);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (status == 201) {
        char loc[48];
        snprintf(loc, sizeof(loc), "/v1/talents/%lld", (long long)t->id);
        reply_header(r, "Location", loc);
    }
    reply_json_take(r, status, j);
}

/* ---- talents ---- */

static const char *const talent_fields[] = {"member_id", "name", "gender", "birth_year", "phone", "speciality",
                                            "title", "former_position", "bio", "skills", "availability", "travel",
                                            "service_area", "languages", "categories", NULL};

void talents_create(struct req *r)
{
    struct talent t;
    struct verrs e = {0};
    int64_t cats[CATS_MAX], id = 0;
    int ncat = -1;
    bool self = !req_is_staff(r);
    if (!req_fields_or_reply(r, talent_fields)) {
        return;
    }
    memset(&t, 0, sizeof(t));
    snprintf(t.office, sizeof(t.office), "%s", r->claims.office);
    if (self) {
        /* a member applies for itself */
        if (cJSON_GetObjectItemCaseSensitive(r->json, "member_id")) {
            verr_add(&e, "member_id", "members apply for themselves");
        }
        t.member_id = r->claims.member_id;
        if (t.member_id == 0) {
            reply_problem(r, YH_ERR_FORBIDDEN, "only members apply to the talent pool", NULL);
            return;
        }
    } else {
        json_take_id(r->json, "member_id", false, &t.member_id, &e);
    }
    enum yh_err err = tcat_db_ensure(r->db, r->claims.office);
    if (err == YH_OK && t.member_id && e.n == 0) {
        struct member m;
        err = members_db_get(r->db, r->claims.office, t.member_id, &m);
        if (err == YH_ERR_NOT_FOUND) {
            err = YH_OK;
            verr_add(&e, "member_id", "no such member in this office");
        } else if (err == YH_OK) {
            snprintf(t.name, sizeof(t.name), "%s", m.name);
            snprintf(t.gender, sizeof(t.gender), "%s", m.gender);
            t.birth_year = atoi(m.birth_date);
        }
    }
    if (err == YH_OK) {
        talent_apply(r, &t, &e);
        err = categories_take(r, cats, &ncat, &e);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (e.n == 0 && !t.name[0]) {
        verr_add(&e, "name", "is required for a non-member");
    }
    if (e.n == 0 && !t.speciality[0]) {
        verr_add(&e, "speciality", "is required");
    }
    if (e.n == 0 && ncat < 1) {
        verr_add(&e, "categories", "is required: at least one category id");
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = talents_db_insert(r->db, &t, &id);
    }
    if (err == YH_OK) {
        err = talents_db_set_links(r->db, id, cats, (size_t)ncat, t.skills);
    }
    if (err == YH_OK) {
        err = talents_db_add_step(r->db, id, NULL, "applied", r->claims.sub, NULL);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent.create", "talent", id);
    }
    if (err == YH_OK) {
        err = talents_db_get(r->db, r->claims.office, id, &t);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "this member already has an entry in the talent pool" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_talent(r, 201, &t, false);
}

/* The talent of path {id} as the caller may see it: staff (office), or the member it is
 * (own). *public_only is set for talents:read callers (integrations, and oversight
 * offices for their descendants' admitted talents). */
static bool talent_of_path_or_reply(struct req *r, int64_t *id, struct talent *t, bool *public_only)
{
    *public_only = false;
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = talents_db_get(r->db, r->claims.office, *id, t);
    bool own = err == YH_OK && r->claims.member_id != 0 && t->member_id == r->claims.member_id;
    if (err == YH_OK && !req_is_staff(r) && !own) {
        *public_only = true;
    }
    if (err == YH_ERR_NOT_FOUND && (r->claims.scopes & SC_TALENTS_READ)) {
        /* a prefecture or province reads its descendants' admitted talents */
        char prefix[7];
        size_t pl = gbt2260_prefix_len(r->claims.office);
        snprintf(prefix, sizeof(prefix), "%.*s", (int)pl, r->claims.office);
        if (pl > 0 && pl < 6) {
            err = talents_db_get_under(r->db, prefix, *id, t);
            *public_only = true;
        }
    }
    if (err == YH_OK && *public_only &&
        (!(r->claims.scopes & SC_TALENTS_READ) || strcmp(t->status, "admitted") != 0)) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such talent" : NULL, NULL);
        return false;
    }
    return true;
}

void talents_get(struct req *r)
{
    struct talent t;
    struct db_rows cats;
    int64_t id = 0;
    bool public_only = false, ok = true;
    bool full = reveal_requested(r, &ok);
    if (!ok || !talent_of_path_or_reply(r, &id, &t, &public_only)) {
        return;
    }
    if (!public_only) {
        reply_talent(r, 200, &t, full);
        return;
    }
    enum yh_err err = talents_db_categories(r->db, id, &cats);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    struct buf names = {0};
    for (size_t i = 0; i < cats.nrows; i++) {
        buf_printf(&names, "%s%s", i ? "," : "", db_str(&cats, i, 2));
    }
    db_rows_free(&cats);
    cJSON *j = public_profile(t.id, t.office, t.name, names.data, t.speciality, t.title, t.service_area);
    buf_free(&names);
    reply_json_take(r, 200, j);
}

void talents_me(struct req *r)
{
    struct talent t;
    enum yh_err err = r->claims.member_id ? talents_db_by_member(r->db, r->claims.office, r->claims.member_id, &t)
                                          : YH_ERR_NOT_FOUND;
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "you have not applied to the talent pool" : NULL, NULL);
        return;
    }
    reply_talent(r, 200, &t, false);
}

void talents_patch(struct req *r)
{
    struct talent t;
    struct verrs e = {0};
    int64_t id = 0, version = 0, cats[CATS_MAX];
    int ncat = -1;
    bool public_only = false;
    if (!talent_of_path_or_reply(r, &id, &t, &public_only) || !req_fields_or_reply(r, talent_fields) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    if (public_only) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the pool is managed by office staff", NULL);
        return;
    }
    if (!req_is_staff(r) && strcmp(t.status, "applied") != 0 && strcmp(t.status, "under_review") != 0) {
        reply_problem(r, YH_ERR_CONFLICT, "an application is edited while applied or under review", NULL);
        return;
    }
    if (cJSON_GetObjectItemCaseSensitive(r->json, "member_id")) {
        verr_add(&e, "member_id", "cannot change");
    }
    talent_apply(r, &t, &e);
    enum yh_err err = categories_take(r, cats, &ncat, &e);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = talents_db_update(r->db, &t, version);
    }
    if (err == YH_OK && ncat >= 0) {
        err = talents_db_set_links(r->db, id, cats, (size_t)ncat, t.skills);
    } else if (err == YH_OK && cJSON_GetObjectItemCaseSensitive(r->json, "skills")) {
        struct db_rows cur;
        err = talents_db_categories(r->db, id, &cur);
        if (err == YH_OK) {
            int64_t keep[CATS_MAX];
            size_t n = cur.nrows < CATS_MAX ? cur.nrows : CATS_MAX;
            for (size_t i = 0; i < n; i++) {
                keep[i] = db_i64(&cur, i, 0);
            }
            db_rows_free(&cur);
            err = talents_db_set_links(r->db, id, keep, n, t.skills);
        }
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent.update", "talent", id);
    }
    if (err == YH_OK) {
        err = talents_db_get(r->db, r->claims.office, id, &t);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the entry changed since you read it" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_talent(r, 200, &t, false);
}

/* The review workflow: which step goes from where, who may take it, and whether it
 * needs a reason. */
static const struct step {
    const char *to, *from; /* from: comma-separated */
    bool member_may, needs_reason;
} steps[] = {
    {"under_review", "applied,admitted", false, false},
    {"admitted", "under_review", false, false},
    {"rejected", "applied,under_review", false, true},
    {"withdrawn", "applied,under_review,admitted", true, false},
    {"retired", "admitted", false, true},
};

static bool in_list(const char *csv, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = csv; *p;) {
        size_t k = strcspn(p, ",");
        if (k == n && strncmp(p, s, n) == 0) {
            return true;
        }
        p += k;
        p += *p == ',';
    }
    return false;
}

static const char *const transition_fields[] = {"to", "reason", NULL};

void talents_transition(struct req *r)
{
    static const char *const targets[] = {"under_review", "admitted", "rejected", "withdrawn", "retired", NULL};
    struct talent t;
    struct verrs e = {0};
    char to[16] = "", reason[1201] = "", from[16], today[11], msg[160];
    int64_t id = 0, version = 0, years = 2;
    bool public_only = false;
    if (!talent_of_path_or_reply(r, &id, &t, &public_only) || !req_fields_or_reply(r, transition_fields) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    json_take_enum(r->json, "to", false, targets, to, sizeof(to), &e);
    json_take_text(r->json, "reason", true, 300, reason, sizeof(reason), &e);
    if (e.n == 0 && !to[0]) {
        verr_add(&e, "to", "is required");
    }
    const struct step *st = NULL;
    for (size_t i = 0; e.n == 0 && i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (strcmp(steps[i].to, to) == 0) {
            st = &steps[i];
        }
    }
    if (st != NULL && st->needs_reason && !reason[0]) {
        verr_add(&e, "reason", "is required for this step");
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    if (public_only || (!req_is_staff(r) && !st->member_may)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "this step belongs to office staff", NULL);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = talents_db_get_for_update(r->db, r->claims.office, id, &t);
    }
    if (err == YH_OK && t.version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err == YH_OK && !in_list(st->from, t.status)) {
        db_rollback(r->db);
        snprintf(msg, sizeof(msg), "an entry that is %s cannot become %s", t.status, to);
        reply_problem(r, YH_ERR_CONFLICT, msg, NULL);
        return;
    }
    if (err == YH_OK && strcmp(to, "admitted") == 0) {
        err = offices_db_review_years(r->db, r->claims.office, &years);
    }
    if (err == YH_OK) {
        snprintf(from, sizeof(from), "%s", t.status);
        snprintf(t.status, sizeof(t.status), "%s", to);
        snprintf(t.reason, sizeof(t.reason), "%s", reason);
        if (strcmp(to, "admitted") == 0) {
            today_cn(today);
            snprintf(t.admitted_on, sizeof(t.admitted_on), "%s", today);
            /* admitted entries are reviewed again after the office's period (2 years by default) */
            snprintf(t.review_due_on, sizeof(t.review_due_on), "%04u%s", (unsigned)(atoi(today) + (int)years) % 10000u,
                     today + 4);
            if (!date_valid(t.review_due_on)) {
                t.review_due_on[9] = '8'; /* 29 February */
            }
        }
        err = talents_db_set_status(r->db, &t);
    }
    if (err == YH_OK) {
        err = talents_db_add_step(r->db, id, from, to, r->claims.sub, reason);
    }
    if (err == YH_OK) {
        char action[40];
        snprintf(action, sizeof(action), "talent.%s", to);
        err = req_audit(r, action, "talent", id);
    }
    if (err == YH_OK) {
        err = talents_db_get(r->db, r->claims.office, id, &t);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the entry changed since you read it" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_talent(r, 200, &t, false);
}

static const struct jcol list_cols[] = {{"id", JC_ID},        {"name", JC_STR},          {"status", JC_STR},
                                        {"speciality", JC_STR}, {"title", JC_STR},       {"review_due_on", JC_STR},
                                        {"updated_at", JC_STR}};

void talents_list(struct req *r)
{
    static const char *const statuses[] = {"applied", "under_review", "admitted", "rejected", "withdrawn", "retired", NULL};
    struct db_rows rows;
    const char *status = NULL;
    int limit;
    char after[24];
    if (!page_params_or_reply(r, "talents", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &status)) {
        return;
    }
    enum yh_err err = talents_db_list(r->db, r->claims.office, status, after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, page_of_rows(r, "talents", &rows, limit, list_cols));
}

void talents_review_due(struct req *r)
{
    const char *ws = query_get(&r->q, "within_days");
    long within = 0;
    char today[11], date[11];
    struct db_rows rows;
    if (ws != NULL) {
        char *end = NULL;
        within = strtol(ws, &end, 10);
        if (end == ws || *end != '\0' || within < 0 || within > 3650) {
            struct verrs e = {0};
            verr_add(&e, "within_days", "must be an integer from 0 to 3650");
            reply_problem(r, YH_ERR_BAD_REQUEST, "within_days must be an integer from 0 to 3650", &e);
            return;
        }
    }
    char noon[24], cn[20];
    today_cn(today);
    snprintf(noon, sizeof(noon), "%s 12:00:00", today);
    int64_t t = time_cn_parse(noon) + within * 86400;
    time_cn(t, cn);
    snprintf(date, sizeof(date), "%.10s", cn);
    enum yh_err err = talents_db_review_due(r->db, r->claims.office, date, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "due_by", date);
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, list_cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

void talents_search(struct req *r)
{
    static const char *const avail[] = {"weekdays", "weekends", "anytime", "by_arrangement", NULL};
    struct talent_search s = {0};
    struct db_rows rows;
    struct cache_stamp stamp;
    bool have_stamp = false;
    struct verrs e = {0};
    char prefix[7], after[24], key[64], skills[401] = "";
    size_t pl = gbt2260_prefix_len(r->claims.office);

    if (!page_params_or_reply(r, "tsearch", &s.limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "availability", avail, &s.availability)) {
        return;
    }
    snprintf(prefix, sizeof(prefix), "%.*s", (int)pl, r->claims.office);
    s.prefix = prefix; /* a county its own pool; a prefecture or province its descendants' */
    s.offset = after[0] ? atoi(after) : 0;
    s.category = query_get(&r->q, "category");
    s.area = query_get(&r->q, "area");
    s.language = query_get(&r->q, "language");
    s.q = query_get(&r->q, "q");
    const char *sk = query_get(&r->q, "skills");
    if (sk != NULL) {
        snprintf(skills, sizeof(skills), "%s", sk);
        /* strtok_r: strtok's hidden state is shared by every thread's search */
        char *save = NULL;
        for (char *tok = strtok_r(skills, ",", &save); tok && s.nskills < 8;
             tok = strtok_r(NULL, ",", &save)) {
            s.skills[s.nskills++] = tok;
        }
    }
    if (s.area && gbt2260_level(s.area) == LEVEL_INVALID) {
        verr_add(&e, "area", "must be a GB/T 2260 division code");
    }
    if (s.q && (s.q[0] == '\0' || utf8_len(s.q) > 50)) {
        verr_add(&e, "q", "must be 1 to 50 characters");
    }
    if (s.category && !code_ok(s.category)) {
        verr_add(&e, "category", "must be a category code such as medicine or law");
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return;
    }
    /* hot for integrations: cached per office and query */
    struct buf kb = {0};
    unsigned char h[32];
    char hex[65];
    for (int i = 0; i < r->q.n; i++) {
        buf_printf(&kb, "%s=%s&", r->q.name[i], r->q.value[i]);
    }
    sha256(kb.data ? kb.data : "", kb.len, h);
    buf_free(&kb);
    hex_encode(h, 12, hex);
    snprintf(key, sizeof(key), "ts:%.24s", hex);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = talents_db_search(r->db, &s, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = rows.nrows > (size_t)s.limit ? (size_t)s.limit : rows.nrows;
    int64_t ids[101];
    struct db_rows names = {0};
    for (size_t i = 0; i < shown; i++) {
        ids[i] = db_i64(&rows, i, 0);
    }
    err = talents_db_category_names(r->db, ids, shown, &names);
    if (err != YH_OK) {
        db_rows_free(&rows);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    for (size_t i = 0; i < shown; i++) {
        const char *cats = "";
        for (size_t k = 0; k < names.nrows; k++) {
            if (db_i64(&names, k, 0) == ids[i]) {
                cats = db_str(&names, k, 1);
            }
        }
        cJSON *j = public_profile(db_i64(&rows, i, 0), db_str(&rows, i, 1), db_str(&rows, i, 2), cats,
                                  db_str(&rows, i, 3), db_str(&rows, i, 4), db_str(&rows, i, 5));
        cJSON_AddNumberToObject(j, "relevance", (double)db_i64(&rows, i, 7));
        cJSON_AddItemToArray(items, j);
    }
    char next[24];
    snprintf(next, sizeof(next), "%d", s.offset + (int)shown);
    bool more = rows.nrows > shown;
    db_rows_free(&rows);
    db_rows_free(&names);
    /* office staff of other offices see only public profiles anyway: one cached body */
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, page_body(r, "tsearch", items, more ? next : NULL));
}

/* ---- groups ---- */

static const struct jcol group_cols[] = {{"id", JC_ID}, {"name", JC_STR}, {"kind", JC_STR}, {"field", JC_STR},
                                         {"members", JC_INT}};

void tgroups_list(struct req *r)
{
    struct db_rows rows;
    enum yh_err err = tgroups_db_list(r->db, r->claims.office, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, group_cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

static void reply_group(struct req *r, int status, int64_t id)
{
    static const struct jcol cols[] = {{"talent_id", JC_ID}, {"name", JC_STR}, {"role", JC_STR}, {"speciality", JC_STR}};
    struct db_rows g, m;
    enum yh_err err = tgroups_db_get(r->db, r->claims.office, id, &g);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such group" : NULL, NULL);
        return;
    }
    err = tgroups_db_members(r->db, id, &m);
    if (err != YH_OK) {
        db_rows_free(&g);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = json_row(&g, 0, group_cols);
    cJSON_ReplaceItemInObjectCaseSensitive(j, "members", json_rows(&m, m.nrows, cols));
    db_rows_free(&g);
    db_rows_free(&m);
    reply_json_take(r, status, j);
}

void tgroups_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_group(r, 200, id);
    }
}

static const char *const group_fields[] = {"name", "kind", "field", NULL};

void tgroups_create(struct req *r)
{
    static const char *const kinds[] = {"lecturers", "advisory", "jurors", "other", NULL};
    struct verrs e = {0};
    char name[401] = "", kind[12] = "", field[401] = "";
    int64_t id = 0;
    if (!req_fields_or_reply(r, group_fields)) {
        return;
    }
    json_take_text(r->json, "name", false, 100, name, sizeof(name), &e);
    json_take_enum(r->json, "kind", false, kinds, kind, sizeof(kind), &e);
    json_take_text(r->json, "field", true, 100, field, sizeof(field), &e);
    if (e.n == 0 && (!name[0] || !kind[0])) {
        verr_add(&e, name[0] ? "kind" : "name", "is required");
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = tgroups_db_insert(r->db, r->claims.office, name, kind, field, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent_group.create", "talent_group", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "a group with this name exists" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_group(r, 201, id);
}

/* PUT (role) or DELETE /v1/talent-groups/{id}/members/{tid}. */
void tgroups_member(struct req *r)
{
    static const char *const roles[] = {"head", "deputy", "member", NULL};
    static const char *const fields[] = {"role", NULL};
    struct talent t;
    struct db_rows g;
    struct verrs e = {0};
    char role[8] = "member";
    int64_t id = 0, tid = 0;
    bool put = strcmp(r->method, "PUT") == 0;
    if (!id_param_or_reply(r, &id) || (put && !req_fields_or_reply(r, fields))) {
        return;
    }
    if (!id_parse(path_param(&r->pp, "tid"), &tid)) {
        verr_add(&e, "tid", "must be a positive integer");
        reply_problem(r, YH_ERR_BAD_REQUEST, "tid must be a positive integer", &e);
        return;
    }
    enum yh_err err = tgroups_db_get(r->db, r->claims.office, id, &g);
    if (err == YH_OK) {
        db_rows_free(&g);
        err = talents_db_get(r->db, r->claims.office, tid, &t);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such group or talent" : NULL, NULL);
        return;
    }
    if (put) {
        json_take_enum(r->json, "role", false, roles, role, sizeof(role), &e);
        if (e.n == 0 && strcmp(t.status, "admitted") != 0) {
            verr_add(&e, "tid", "groups are built from admitted talents");
        }
        if (!verrs_ok_or_reply(r, &e)) {
            return;
        }
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = put ? tgroups_db_set_member(r->db, id, tid, role) : tgroups_db_remove_member(r->db, id, tid);
    }
    if (err == YH_OK) {
        err = req_audit(r, put ? "talent_group.member_set" : "talent_group.member_remove", "talent_group", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "the talent is not in this group" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    if (put) {
        reply_group(r, 200, id);
    } else {
        reply_empty(r, 204);
    }
}
