/* Safety and fit (issue 16; 《志愿服务条例》 art. 15: tasks fit the volunteer's age, skills
 * and health; art. 17: risky activities need accident insurance first): an event's
 * requirements, the fit of a volunteer at sign-up, and the member's list of events it may
 * join (GET /v1/volunteers/me/events). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

const char *const vfit_intensities[] = {"light", "moderate", "vigorous", NULL};
/* in the order of the column's SET (sql/0050), so the stored list reads the same */
static const char *const healths[] = {"able", "frail", "homebound", "hospitalised", NULL};

/* health_allowed from the body when given: a list of distinct health levels (null or
 * empty: any) into e as the column's comma-separated SET. */
static void health_allowed_take(const cJSON *body, struct vevent *e, struct verrs *v)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(body, "health_allowed");
    bool want[4] = {false, false, false, false};
    const cJSON *it = NULL;
    if (list == NULL) {
        return;
    }
    if (!cJSON_IsNull(list) && !cJSON_IsArray(list)) {
        verr_add(v, "health_allowed", "must be a list of able, frail, homebound, hospitalised");
        return;
    }
    cJSON_ArrayForEach(it, list)
    {
        int k = 0;
        while (healths[k] != NULL && !(cJSON_IsString(it) && strcmp(healths[k], it->valuestring) == 0)) {
            k++;
        }
        if (healths[k] == NULL) {
            verr_add(v, "health_allowed", "must be a list of able, frail, homebound, hospitalised");
            return;
        }
        want[k] = true;
    }
    e->health_allowed[0] = '\0';
    for (int k = 0; k < 4; k++) {
        if (want[k]) {
            size_t n = strlen(e->health_allowed);
            snprintf(e->health_allowed + n, sizeof(e->health_allowed) - n, "%s%s", n ? "," : "", healths[k]);
        }
    }
}

/* An age bound from the body when given: 1 to 120 years, null clearing it (0). */
static void age_take(const cJSON *body, const char *name, int64_t *dst, struct verrs *v)
{
    if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(body, name))) {
        *dst = 0;
        return;
    }
    json_get_int(body, name, false, 1, 120, dst, NULL, v);
}

void vfit_event_check(struct req *r, struct vevent *e, struct verrs *v)
{
    age_take(r->json, "min_age", &e->min_age, v);
    age_take(r->json, "max_age", &e->max_age, v);
    health_allowed_take(r->json, e, v);
    if (e->min_age > 0 && e->max_age > 0 && e->max_age < e->min_age) {
        verr_add(v, "max_age", "must not be below min_age");
    }
    if (!vevent_insured_ok(e->risky, e->insurance_arranged, e->status)) {
        verr_add(v, "insurance_arranged",
                 "a risky event opens only with accident insurance arranged (志愿服务条例 art. 17)");
    }
}

/* The health level whose blind index is idx (the member's, never opened); "" when none
 * matches (no health recorded). */
static void health_of_idx(struct req *r, const unsigned char idx[8], char out[16])
{
    out[0] = '\0';
    for (int k = 0; healths[k] != NULL; k++) {
        unsigned char h[8];
        pii_blind_idx(&r->app->cfg, "health", r->claims.office, healths[k], h);
        if (memcmp(h, idx, 8) == 0) {
            snprintf(out, 16, "%s", healths[k]);
            return;
        }
    }
}

/* What the office knows of member_id for the fit: its birth date and health level. */
static enum yh_err member_fit(struct req *r, int64_t member_id, char birth[11], char health[16])
{
    unsigned char idx[8];
    enum yh_err err = vfit_db_member(r->db, r->claims.office, member_id, birth, idx);
    if (err == YH_OK) {
        health_of_idx(r, idx, health);
    }
    return err;
}

enum yh_err vfit_volunteer_check(struct req *r, const struct vevent *e, const struct volunteer *vol,
                                 struct verrs *v)
{
    char birth[11] = "", health[16] = "";
    enum yh_err err = vol->member_id ? member_fit(r, vol->member_id, birth, health) : YH_OK;
    if (err != YH_OK) {
        return err;
    }
    /* a volunteer who is not a member has no health on record: it fits no health bound */
    const struct vfit_need need = {e->min_age, e->max_age,         e->health_allowed, e->intensity,
                                   e->skills,  e->skills_required, e->starts_at};
    const struct vfit_who who = {birth, vol->birth_year, health, vol->skills};
    vfit_check(&need, &who, v);
    return YH_OK;
}

enum yh_err vfit_volunteer_fits(struct req *r, const struct vevent *e, int64_t volunteer_id, bool *fits)
{
    struct volunteer vol;
    struct verrs v = {0};
    enum yh_err err = volunteers_db_get(r->db, r->claims.office, volunteer_id, &vol);
    if (err == YH_OK) {
        err = vfit_volunteer_check(r, e, &vol, &v);
    }
    *fits = err == YH_OK && v.n == 0;
    return err;
}

/* Whether the change from b to e altered what e asks of a volunteer. */
static bool fit_changed(const struct vevent *e, const struct vevent *b)
{
    return e->min_age != b->min_age || e->max_age != b->max_age ||
           strcmp(e->health_allowed, b->health_allowed) != 0 || strcmp(e->intensity, b->intensity) != 0 ||
           e->skills_required != b->skills_required ||
           (e->skills_required && strcmp(e->skills, b->skills) != 0);
}

bool vfit_confirmed_fit_or_reply(struct req *r, const struct vevent *e, const struct vevent *before)
{
    int64_t *ids = NULL;
    size_t n = 0, misfits = 0;
    char detail[240];
    if ((strcmp(e->status, "open") != 0 && strcmp(e->status, "closed") != 0) || !fit_changed(e, before)) {
        return true;
    }
    enum yh_err err = vfit_db_confirmed(r->db, r->claims.office, e->id, &ids, &n);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        bool fits = false;
        err = vfit_volunteer_fits(r, e, ids[i], &fits);
        misfits += err == YH_OK && !fits;
    }
    free(ids);
    if (err == YH_OK && misfits == 0) {
        return true;
    }
    db_rollback(r->db);
    snprintf(
        detail, sizeof(detail),
        "%zu confirmed volunteer(s) would no longer fit the new requirements (志愿服务条例 art. 15): cancel "
        "their sign-ups first or keep the requirements",
        misfits);
    reply_problem(r, err != YH_OK ? err : YH_ERR_CONFLICT, err != YH_OK ? NULL : detail, NULL);
    return false;
}

bool vfit_signup_or_reply(struct req *r, const struct vevent *e, const struct volunteer *vol)
{
    struct verrs v = {0};
    enum yh_err err = vfit_volunteer_check(r, e, vol, &v);
    if (err == YH_OK && v.n == 0) {
        return true;
    }
    db_rollback(r->db);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
    } else {
        char detail[200];
        snprintf(detail, sizeof(detail), "the volunteer does not fit the event: %s", v.e[0].message);
        reply_problem(r, YH_ERR_VALIDATION, detail, &v);
    }
    return false;
}

/* The eligible list's filter for the calling member: its volunteer record (when it has
 * one), birth date and health; *inactive when its volunteer record is inactive (it may
 * join nothing). */
static enum yh_err eligible_filter(struct req *r, struct vfit_filter *f, char birth[11], char health[16],
                                   bool *inactive)
{
    struct volunteer vol;
    enum yh_err err = volunteers_db_by_member(r->db, r->claims.office, r->claims.member_id, &vol);
    if (err == YH_OK) {
        f->volunteer_id = vol.id;
        *inactive = strcmp(vol.status, "active") != 0;
    }
    err = err == YH_ERR_NOT_FOUND ? YH_OK : err;
    if (err == YH_OK) {
        err = member_fit(r, r->claims.member_id, birth, health);
    }
    f->birth_date = birth;
    f->health = health;
    return err;
}

/* GET /v1/volunteers/me/events: the open, upcoming events the calling member fits, has
 * not signed up for and that overlap none it holds (full ones too: they take it on the
 * waitlist). Not cached: the list is the member's own, read along the office's events
 * index. */
void vevents_eligible(struct req *r)
{
    struct vfit_filter f = {0};
    struct db_rows rows = {0};
    char after[48], birth[11] = "", health[16] = "", now[20];
    bool inactive = false;
    if (!r->claims.member_id) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the list of events one may join is a member's own", NULL);
        return;
    }
    if (!page_params_or_reply(r, "vevents", &f.limit, after, sizeof(after))) {
        return;
    }
    time_cn(now_s(), now);
    /* a cursor before now (an old one, or one of the office's full list, which shares the
     * tag) starts from now: the list never shows events that have begun */
    if (after[0] && (sscanf(after, "%19[^|]|%lld", f.after_start, (long long *)&f.after_id) != 2 ||
                     !vfit_cursor_ok(f.after_start, now))) {
        f.after_start[0] = '\0';
    }
    f.now = now;
    enum yh_err err = eligible_filter(r, &f, birth, health, &inactive);
    /* an inactive volunteer may join nothing: an empty page */
    if (err == YH_OK && !inactive) {
        err = vfit_db_events(r->db, r->claims.office, &f, &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, events_page(r, &rows, f.limit));
}
