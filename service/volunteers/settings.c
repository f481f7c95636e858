/* /v1/volunteer-settings: the office's volunteer settings (reminder days, the automatic
 * check-out's margin, points caps, the certificate's responsible person and contact). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/reach.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteer_rules.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* A cap as a number, or null when there is none. */
static void cap_add(cJSON *j, const char *name, int64_t cap)
{
    cJSON_AddItemToObject(j, name, cap == FIELD_INT_NULL ? cJSON_CreateNull() : cJSON_CreateNumber((double)cap));
}

static cJSON *settings_json(const struct vsettings *s)
{
    int days[VREMIND_MAX];
    int n = vremind_days_parse(s->reminder_days, days);
    cJSON *j = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(j, "reminder_days");
    for (int i = 0; i < n; i++) {
        cJSON_AddItemToArray(arr, cJSON_CreateNumber(days[i]));
    }
    cJSON_AddNumberToObject(j, "checkout_margin_minutes", (double)s->checkout_margin_minutes);
    cap_add(j, "points_day_cap", s->points_day_cap);
    cap_add(j, "points_year_cap", s->points_year_cap);
    json_add_opt(j, "cert_responsible", s->cert_responsible);
    json_add_opt(j, "cert_contact", s->cert_contact);
    cJSON_AddNumberToObject(j, "version", (double)s->version);
    return j;
}

/* GET /v1/volunteer-settings */
void vsettings_get(struct req *r)
{
    struct vsettings s;
    enum yh_err err = vsettings_db_get(r->db, r->claims.office, &s);
    if (err != YH_OK) {
        reply_error(r, err, "office");
        return;
    }
    reply_json_take(r, 200, settings_json(&s));
}

static const struct field settings_fields[] = {
    FIELD_OTHER("reminder_days", 0),
    FIELD_INT("checkout_margin_minutes", struct vsettings, checkout_margin_minutes, 0, 1440, 0),
    FIELD_INT("points_day_cap", struct vsettings, points_day_cap, 0, 1000000, FF_NULLABLE),
    FIELD_INT("points_year_cap", struct vsettings, points_year_cap, 0, 10000000, FF_NULLABLE),
    FIELD_TEXT("cert_responsible", struct vsettings, cert_responsible, 50, FF_NULLABLE),
    FIELD_TEXT("cert_contact", struct vsettings, cert_contact, 50, FF_NULLABLE),
};

/* reminder_days of the body, when given, into s: an array of 1..VREMIND_MAX distinct days
 * from 1 to VREMIND_DAY_MAX. */
static void reminder_days_read(const cJSON *body, struct vsettings *s, struct verrs *v)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(body, "reminder_days");
    char csv[64] = "";
    int days[VREMIND_MAX], n = -1;
    if (arr == NULL) {
        return;
    }
    if (cJSON_IsArray(arr) && cJSON_GetArraySize(arr) <= VREMIND_MAX) {
        const cJSON *it;
        size_t used = 0;
        n = 0;
        cJSON_ArrayForEach(it, arr)
        {
            if (!cJSON_IsNumber(it) || it->valuedouble != (double)(int)it->valuedouble) {
                n = -1;
                break;
            }
            used += (size_t)snprintf(csv + used, sizeof(csv) - used, used ? ",%d" : "%d", (int)it->valuedouble);
        }
        n = n < 0 ? -1 : vremind_days_parse(csv, days);
    }
    if (n < 1) {
        char msg[96];
        snprintf(msg, sizeof(msg), "must be a list of 1 to %d different whole days from 1 to %d", VREMIND_MAX,
                 VREMIND_DAY_MAX);
        verr_add(v, "reminder_days", msg);
        return;
    }
    vremind_days_format(days, n, s->reminder_days, sizeof(s->reminder_days));
}

/* PATCH /v1/volunteer-settings (If-Match): the settings the body gives; null lifts a cap or
 * clears the certificate's responsible person or contact. */
void vsettings_patch(struct req *r)
{
    struct vsettings s;
    struct verrs v = {0};
    field_set given = 0;
    int64_t version = 0;
    if (!req_if_match_or_reply(r, &version) || !vol_json_body_or_reply(r)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = vsettings_db_get_for_update(r->db, r->claims.office, &s);
    }
    if (err == YH_OK && s.version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err == YH_OK) {
        body_read(r, settings_fields, ARRAY_LEN(settings_fields), &s, false, &given, &v);
        reminder_days_read(r->json, &s, &v);
        if (v.n == 0 && given == 0) {
            verr_add(&v, "body",
                     "give at least one of reminder_days, checkout_margin_minutes, points_day_cap, "
                     "points_year_cap, cert_responsible, cert_contact");
        }
        err = v.n ? YH_ERR_VALIDATION : vsettings_db_update(r->db, r->claims.office, &s);
    }
    if (err == YH_OK && cJSON_GetObjectItemCaseSensitive(r->json, "reminder_days") != NULL) {
        /* the new days apply to the sign-ups already made (review B8) */
        char now[20];
        time_cn(now_s(), now);
        err = vreminders_db_reset(r->db, r->claims.office, now);
    }
    if (err == YH_OK) {
        err = req_audit(r, "volunteer_settings.update", "office", atoll(r->claims.office));
    }
    if (err == YH_ERR_VALIDATION) {
        db_finish(r->db, err);
        verrs_ok_or_reply(r, &v);
        return;
    }
    if (commit_or_reply(r, err, "volunteer settings")) {
        s.version++;
        reply_json_take(r, 200, settings_json(&s));
    }
}
