/* /v1/talents, /v1/talents/{id} and /v1/talents/me: entries of the silver talent pool
 * (银发人才库) — applications by members or staff, profiles, and the office's list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/talents.h"
#include "yinhui/talents_db.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteer_json.h"

#include "talents_http.h"

#define CATS_MAX 10

static const char *const genders[] = {"male", "female", NULL};
static const char *const avail[] = {"anytime", "weekdays", "weekends", "by_arrangement", NULL};
/* An entry as a client writes it; the lists, the phone and the categories are read by
 * talent_lists_take, phone_take and categories_take, member_id by the create/patch rules. */
static const struct field talent_fields[] = {
    FIELD_OTHER("member_id", 0),
    FIELD_TEXT("name", struct talent, name, 50, 0),
    FIELD_ENUM("gender", struct talent, gender, genders, FF_NULLABLE),
    FIELD_INT("birth_year", struct talent, birth_year, 1900, 2010, 0),
    FIELD_OTHER("phone", 0),
    FIELD_TEXT("speciality", struct talent, speciality, 200, 0),
    FIELD_TEXT("title", struct talent, title, 100, FF_NULLABLE),
    FIELD_TEXT("former_position", struct talent, former_position, 200, FF_NULLABLE),
    FIELD_TEXT("bio", struct talent, bio, 1000, FF_NULLABLE),
    FIELD_OTHER("skills", 0),
    FIELD_ENUM("availability", struct talent, availability, avail, 0),
    FIELD_BOOL("travel", struct talent, travel, 0),
    FIELD_OTHER("service_area", 0),
    FIELD_OTHER("languages", 0),
    FIELD_OTHER("categories", 0),
};

/* ---- input ---- */

static bool division_ok(const char *s)
{
    return gbt2260_level(s) != LEVEL_INVALID;
}

/* The phone of the body, checked and sealed into t (null or "" clears it). */
static void phone_take(struct req *r, struct talent *t, struct verrs *e)
{
    char phone[24] = "";
    struct buf b = {0};
    if (cJSON_GetObjectItemCaseSensitive(r->json, "phone") == NULL ||
        !json_take_text(r->json, "phone", true, 20, phone, sizeof(phone), e)) {
        return;
    }
    if (phone[0] && !phone_valid(phone)) {
        verr_add(e, "phone", "must be a mobile number (11 digits from 13) or a landline like 0691-2123456");
        return;
    }
    t->phone_enc_len = 0;
    if (phone[0] && pii_seal(&r->app->cfg, phone, &b) == 0 && b.len <= sizeof(t->phone_enc)) {
        memcpy(t->phone_enc, b.data, b.len);
        t->phone_enc_len = b.len;
    }
    buf_free(&b);
}

/* Applies the body's profile fields to t (a new entry or the stored one); errors to e. */
static void talent_apply(struct req *r, struct talent *t, struct verrs *e)
{
    body_read(r, talent_fields, ARRAY_LEN(talent_fields), t, false, NULL, e);
    skills_take(r->json, "skills", t->skills, sizeof(t->skills), e);
    static const struct tags_rule areas = {
        .max = 10,
        .item_max = 6,
        .bad = ",",
        .ok = division_ok,
        .too_many = "must be an array of at most 10 a GB/T 2260 code",
        .bad_item = "holds a value that is not a GB/T 2260 code",
        .too_long = "is too long",
    };
    static const struct tags_rule languages = {
        .max = 10,
        .item_max = 20,
        .bad = ",",
        .too_many = "must be an array of at most 10 a language name (1-20 characters)",
        .bad_item = "holds a value that is not a language name (1-20 characters)",
        .too_long = "is too long",
    };
    tags_take(r->json, "service_area", &areas, t->service_area, sizeof(t->service_area), e);
    tags_take(r->json, "languages", &languages, t->languages, sizeof(t->languages), e);
    phone_take(r, t, e);
}

/* Category ids of the body (open categories of the office) into ids; *n is -1 when
 * absent. Bad ids go to e; returns a store error only. */
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
        struct talent_category c;
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
        if (c.retired) {
            verr_add(e, "categories", "holds a retired category");
            return YH_OK;
        }
        ids[(*n)++] = id;
    }
    return YH_OK;
}

/* ---- output ---- */

/* Everything staff (and the talent itself) see, the lists as read through the store's
 * views (cats, steps, feedback: taken). */
static cJSON *talent_full_json(struct req *r, const struct talent *t, bool full, cJSON *cats, cJSON *steps,
                               cJSON *feedback)
{
    cJSON *j = fm_to_json(talent_map, talent_map_len, t);
    vjson_add_number(j, "birth_year", t->birth_year != 0, (double)t->birth_year);
    vjson_add_phone(&r->app->cfg, j, t->phone_enc, t->phone_enc_len, full);
    cJSON_AddItemToObject(j, "categories", cats);
    cJSON_AddItemToObject(j, "skills", skills_json(t->skills));
    cJSON_AddItemToObject(j, "service_area", skills_json(t->service_area));
    cJSON_AddItemToObject(j, "languages", skills_json(t->languages));
    vjson_add_number(j, "rating", t->rating_count != 0,
                     t->rating_count ? (double)t->rating_sum / (double)t->rating_count : 0);
    cJSON_AddItemToObject(j, "feedback", feedback);
    cJSON_AddItemToObject(j, "steps", steps);
    cJSON_AddStringToObject(j, "pii", full ? "full" : "masked");
    return j;
}

/* The lists of t's record into *out (caller owns): its categories, steps and feedback. */
static enum yh_err talent_record(struct req *r, const struct talent *t, bool full, cJSON **out)
{
    struct db_rows cats = {0}, steps = {0}, feedback = {0};
    enum yh_err err = talents_db_categories(r->db, t->office, t->id, &cats);
    if (err == YH_OK) {
        err = talents_db_steps(r->db, t->office, t->id, &steps);
        if (err != YH_OK) {
            db_rows_free(&cats);
        }
    }
    if (err == YH_OK) {
        err = talents_db_feedback(r->db, t->office, t->id, &feedback);
        if (err != YH_OK) {
            db_rows_free(&cats);
            db_rows_free(&steps);
        }
    }
    if (err != YH_OK) {
        return err;
    }
    *out = talent_full_json(r, t, full, view_rows(&cats, cats.nrows, &talent_cats_view),
                            view_rows(&steps, steps.nrows, &talent_steps_view),
                            view_rows(&feedback, feedback.nrows, &talent_feedback_view));
    db_rows_free(&cats);
    db_rows_free(&steps);
    db_rows_free(&feedback);
    return YH_OK;
}

cJSON *talent_public_json(int64_t id, const char *office, const char *name, const char *cats_csv,
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

void reply_talent(struct req *r, int status, const struct talent *t, bool full)
{
    cJSON *j = NULL;
    enum yh_err err = full ? req_audit(r, "talent.read_pii", "talent", t->id) : YH_OK;
    if (err == YH_OK) {
        err = talent_record(r, t, full, &j);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
    } else if (status == 201) {
        reply_created_take(r, "/v1/talents", t->id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* ---- handlers ---- */

/* The member an entry is created for into t (name, gender and birth year from its
 * record): a member caller itself, or the member_id staff name. False when it has
 * replied (403 for a caller who is neither staff nor a member, or a store error). */
static bool talent_member_or_reply(struct req *r, struct talent *t, struct verrs *e)
{
    struct member m;
    if (!req_is_staff(r)) {
        /* a member applies for itself */
        if (cJSON_GetObjectItemCaseSensitive(r->json, "member_id")) {
            verr_add(e, "member_id", "members apply for themselves");
        }
        t->member_id = r->claims.member_id;
        if (t->member_id == 0) {
            reply_problem(r, YH_ERR_FORBIDDEN, "only members apply to the talent pool", NULL);
            return false;
        }
    } else {
        json_take_id(r->json, "member_id", false, &t->member_id, e);
    }
    enum yh_err err = tcat_db_ensure(r->db, r->claims.office);
    if (err == YH_OK && t->member_id && e->n == 0) {
        err = members_db_get(r->db, r->claims.office, t->member_id, &m);
        if (err == YH_ERR_NOT_FOUND) {
            err = YH_OK;
            verr_add(e, "member_id", "no such member in this office");
        } else if (err == YH_OK) {
            snprintf(t->name, sizeof(t->name), "%s", m.name);
            snprintf(t->gender, sizeof(t->gender), "%s", m.gender);
            t->birth_year = atoi(m.birth_date);
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return true;
}

/* Reads a new entry's profile and categories (*ncat of them into cats) into t. False
 * when it has replied. */
static bool talent_new_or_reply(struct req *r, struct talent *t, int64_t *cats, int *ncat)
{
    struct verrs e = {0};
    if (!talent_member_or_reply(r, t, &e)) {
        return false;
    }
    talent_apply(r, t, &e);
    enum yh_err err = categories_take(r, cats, ncat, &e);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    if (e.n == 0 && !t->name[0]) {
        verr_add(&e, "name", "is required for a non-member");
    } else if (e.n == 0 && !t->speciality[0]) {
        verr_add(&e, "speciality", "is required");
    } else if (e.n == 0 && *ncat < 1) {
        verr_add(&e, "categories", "is required: at least one category id");
    }
    return verrs_ok_or_reply(r, &e);
}

/* POST /v1/talents — a member applies for itself, or staff enter a talent (member or
 * not); 409 when the member has an entry. */
void talents_create(struct req *r)
{
    struct talent t = {0};
    int64_t cats[CATS_MAX], id = 0;
    int ncat = -1;
    if (!body_known_or_reply(r, talent_fields, ARRAY_LEN(talent_fields))) {
        return;
    }
    snprintf(t.office, sizeof(t.office), "%s", r->claims.office);
    if (!talent_new_or_reply(r, &t, cats, &ncat)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = talents_db_insert(r->db, &t, &id);
    }
    if (err == YH_OK) {
        err = talents_db_set_links(r->db, t.office, id, cats, (size_t)ncat, t.skills);
    }
    if (err == YH_OK) {
        err = talents_db_add_step(r->db, t.office, id, NULL, "applied", r->claims.sub, NULL);
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent.create", "talent", id);
    }
    if (err == YH_OK) {
        err = talents_db_get(r->db, r->claims.office, id, &t);
    }
    if (commit_or_reply_conflict(r, err, "entry", "this member already has an entry in the talent pool")) {
        reply_talent(r, 201, &t, false);
    }
}

bool talent_of_path_or_reply(struct req *r, int64_t *id, struct talent *t, bool *public_only)
{
    *public_only = false;
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = talents_db_get(r->db, r->claims.office, *id, t);
    bool own = err == YH_OK && !req_is_relative(r) && r->claims.member_id != 0 && t->member_id == r->claims.member_id;
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
        reply_error(r, err, "talent");
        return false;
    }
    return true;
}

/* GET /v1/talents/{id} — the full record for staff and the talent itself (?reveal=phone
 * unmasks, audited), the public profile for talents:read callers. */
void talents_get(struct req *r)
{
    struct talent t;
    char *names = NULL;
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
    enum yh_err err = talents_db_category_names(r->db, t.office, &t.id, 1, &names);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200,
                    talent_public_json(t.id, t.office, t.name, names, t.speciality, t.title, t.service_area));
    free(names);
}

/* GET /v1/talents/me — the caller's own entry. */
void talents_me(struct req *r)
{
    struct talent t;
    enum yh_err err = r->claims.member_id
                          ? talents_db_by_member(r->db, r->claims.office, r->claims.member_id, &t)
                          : YH_ERR_NOT_FOUND;
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "you have not applied to the talent pool" : NULL,
                      NULL);
        return;
    }
    reply_talent(r, 200, &t, false);
}

/* Whether the caller may edit t (403/409 replied otherwise): staff always, the member
 * itself while it is applied or under review. */
static bool talent_editable_or_reply(struct req *r, const struct talent *t, bool public_only)
{
    if (public_only) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the pool is managed by office staff", NULL);
        return false;
    }
    if (!req_is_staff(r) && strcmp(t->status, "applied") != 0 && strcmp(t->status, "under_review") != 0) {
        reply_problem(r, YH_ERR_CONFLICT, "an application is edited while applied or under review", NULL);
        return false;
    }
    return true;
}

/* Writes the patched t (version checked) and its links: the given categories (ncat >=
 * 0), or the kept ones when only the skills changed. Re-reads t. */
static enum yh_err talent_write(struct req *r, struct talent *t, int64_t version, const int64_t *cats,
                                int ncat)
{
    int64_t keep[CATS_MAX];
    size_t nkeep = 0;
    enum yh_err err = talents_db_update(r->db, t, version);
    if (err == YH_OK && ncat >= 0) {
        err = talents_db_set_links(r->db, t->office, t->id, cats, (size_t)ncat, t->skills);
    } else if (err == YH_OK && cJSON_GetObjectItemCaseSensitive(r->json, "skills")) {
        err = talents_db_category_ids(r->db, t->office, t->id, keep, CATS_MAX, &nkeep);
        if (err == YH_OK) {
            err = talents_db_set_links(r->db, t->office, t->id, keep, nkeep, t->skills);
        }
    }
    if (err == YH_OK) {
        err = req_audit(r, "talent.update", "talent", t->id);
    }
    if (err == YH_OK) {
        err = talents_db_get(r->db, r->claims.office, t->id, t);
    }
    return err;
}

/* PATCH /v1/talents/{id} — merge-patch of the profile, If-Match the version. */
void talents_patch(struct req *r)
{
    struct talent t;
    struct verrs e = {0};
    int64_t id = 0, version = 0, cats[CATS_MAX];
    int ncat = -1;
    bool public_only = false;
    if (!talent_of_path_or_reply(r, &id, &t, &public_only) ||
        !body_known_or_reply(r, talent_fields, ARRAY_LEN(talent_fields)) ||
        !req_if_match_or_reply(r, &version) || !talent_editable_or_reply(r, &t, public_only)) {
        return;
    }
    if (cJSON_GetObjectItemCaseSensitive(r->json, "member_id")) {
        verr_add(&e, "member_id", "cannot change");
    }
    talent_apply(r, &t, &e);
    enum yh_err err = categories_take(r, cats, &ncat, &e);
    if (!vol_checked_or_reply(r, err, &e)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = talent_write(r, &t, version, cats, ncat);
    }
    if (commit_or_reply(r, err, "entry")) {
        reply_talent(r, 200, &t, false);
    }
}

/* GET /v1/talents — the office's entries, by id, optionally of one status. */
void talents_list(struct req *r)
{
    static const char *const statuses[] = {"applied",   "under_review", "admitted", "rejected",
                                           "withdrawn", "retired",      NULL};
    struct db_rows rows;
    const char *status = NULL;
    int limit;
    int64_t after = 0;
    if (vol_page_or_reply(r, "talents", statuses, &limit, &after, &status)) {
        vol_reply_page(r, talents_db_list(r->db, r->claims.office, status, after, limit, &rows), "talents",
                       &rows, limit, &talent_list_view, false);
    }
}
