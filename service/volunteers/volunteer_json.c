/* The volunteers domain's JSON: profiles, skills, availability, events and sign-ups. */
#include "yinhui/crypto.h"
#include "yinhui/volunteer_json.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/pii.h"
#include "yinhui/util.h"

static const char *const weekday_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};
static const char *const part_names[] = {"morning", "afternoon", "evening", NULL};

void volunteer_from_member(struct volunteer *v, const struct member *m)
{
    snprintf(v->name, sizeof(v->name), "%s", m->name);
    snprintf(v->gender, sizeof(v->gender), "%s", m->gender);
    v->birth_year = (m->birth_date[0] - '0') * 1000 + (m->birth_date[1] - '0') * 100 +
                    (m->birth_date[2] - '0') * 10 + (m->birth_date[3] - '0');
}

void tags_take(const cJSON *obj, const char *name, const struct tags_rule *rule, char *dst, size_t dstlen,
               struct verrs *e)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name);
    const cJSON *it = NULL;
    struct buf b = {0};
    int n = 0;
    if (a == NULL) {
        return;
    }
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > rule->max) {
        verr_add(e, name, rule->too_many);
        return;
    }
    cJSON_ArrayForEach(it, a)
    {
        size_t len = cJSON_IsString(it) ? utf8_len(it->valuestring) : 0;
        if (len == 0 || len > rule->item_max || strpbrk(it->valuestring, rule->bad) != NULL ||
            (rule->ok && !rule->ok(it->valuestring))) {
            verr_add(e, name, rule->bad_item);
            buf_free(&b);
            return;
        }
        buf_printf(&b, "%s%s", n++ ? "," : "", it->valuestring);
    }
    if (b.len >= dstlen) {
        verr_add(e, name, rule->too_long);
    } else {
        snprintf(dst, dstlen, "%s", b.data ? b.data : "");
    }
    buf_free(&b);
}

void skills_take(const cJSON *obj, const char *name, char *dst, size_t dstlen, struct verrs *e)
{
    static const struct tags_rule skills = {
        .max = 20,
        .item_max = 20,
        .bad = ",\r\n\t",
        .too_many = "must be an array of at most 20 tags",
        .bad_item = "each tag is 1-20 characters without commas",
        .too_long = "are too long together",
    };
    tags_take(obj, name, &skills, dst, dstlen, e);
}

cJSON *skills_json(const char *csv)
{
    return json_split(csv, ',', 127);
}

/* A list of names from allowed into a bit set. */
static void bits_take(const cJSON *obj, const char *name, const char *const *allowed, int64_t *dst,
                      struct verrs *e)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name);
    const cJSON *it = NULL;
    int64_t bits = 0;
    if (a == NULL) {
        return;
    }
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0) {
        verr_add(e, name, "must be a non-empty array");
        return;
    }
    cJSON_ArrayForEach(it, a)
    {
        int found = -1;
        for (int i = 0; cJSON_IsString(it) && allowed[i]; i++) {
            if (strcmp(it->valuestring, allowed[i]) == 0) {
                found = i;
            }
        }
        if (found < 0) {
            char msg[96];
            snprintf(msg, sizeof(msg), "holds a value that is not one of %s, ...", allowed[0]);
            verr_add(e, name, msg);
            return;
        }
        bits |= 1 << found;
    }
    *dst = bits;
}

cJSON *availability_json(int64_t weekdays, int64_t day_parts)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *w = cJSON_AddArrayToObject(o, "weekdays");
    cJSON *p = cJSON_AddArrayToObject(o, "day_parts");
    for (int i = 0; weekday_names[i]; i++) {
        if (weekdays & (1 << i)) {
            cJSON_AddItemToArray(w, cJSON_CreateString(weekday_names[i]));
        }
    }
    for (int i = 0; part_names[i]; i++) {
        if (day_parts & (1 << i)) {
            cJSON_AddItemToArray(p, cJSON_CreateString(part_names[i]));
        }
    }
    return o;
}

static const char *const genders[] = {"male", "female", NULL};
static const char *const statuses[] = {"active", "inactive", NULL};
/* A volunteer's body. member_id is the create handler's (a member registered as a
 * volunteer); phone, skills and availability have readers of their own. */
static const struct field volunteer_fields[] = {
    FIELD_OTHER("member_id", 0),
    FIELD_TEXT("name", struct volunteer, name, 50, 0),
    FIELD_ENUM("gender", struct volunteer, gender, genders, FF_NULLABLE),
    FIELD_INT("birth_year", struct volunteer, birth_year, 1900, 2010, 0),
    FIELD_ENUM("status", struct volunteer, status, statuses, 0),
    FIELD_OTHER("phone", 0),
    FIELD_OTHER("skills", 0),
    FIELD_OTHER("weekdays", 0),
    FIELD_OTHER("day_parts", 0),
};

void volunteer_apply(struct req *r, struct volunteer *v, struct verrs *e)
{
    const struct config *cfg = &r->app->cfg;
    const cJSON *obj = r->json;
    char phone[24] = "";
    body_read(r, volunteer_fields, ARRAY_LEN(volunteer_fields), v, false, NULL, e);
    skills_take(obj, "skills", v->skills, sizeof(v->skills), e);
    bits_take(obj, "weekdays", weekday_names, &v->weekdays, e);
    bits_take(obj, "day_parts", part_names, &v->day_parts, e);
    if (cJSON_GetObjectItemCaseSensitive(obj, "phone") != NULL &&
        json_take_text(obj, "phone", true, 20, phone, sizeof(phone), e)) {
        if (phone[0] && !phone_valid(phone)) {
            verr_add(e, "phone",
                     "must be a mobile number (11 digits from 13) or a landline like 0691-2123456");
        } else if (phone[0]) {
            struct buf b = {0};
            if (pii_seal(cfg, phone, &b) == 0 && b.len <= sizeof(v->phone_enc)) {
                memcpy(v->phone_enc, b.data, b.len);
                v->phone_enc_len = b.len;
            }
            buf_free(&b);
            /* the uniqueness key of a non-member: the phone's HMAC (normalised without +86) */
            const char *norm = strncmp(phone, "+86", 3) == 0 ? phone + 3 : phone;
            hmac_sha256(cfg->pii_hmac_key, norm, strlen(norm), v->phone_hmac);
            v->has_phone_hmac = true;
        } else {
            v->phone_enc_len = 0;
            v->has_phone_hmac = false;
        }
    }
}

void vjson_add_phone(const struct config *cfg, cJSON *j, const unsigned char *enc, size_t len, bool full)
{
    struct buf plain = {0};
    if (len && pii_open(cfg, enc, len, &plain) == 0) {
        char masked[32];
        mask_phone(plain.data, masked, sizeof(masked));
        cJSON_AddStringToObject(j, "phone", full ? plain.data : masked);
    } else {
        cJSON_AddNullToObject(j, "phone");
    }
    buf_free(&plain);
}

void vjson_add_number(cJSON *j, const char *name, bool known, double v)
{
    if (known) {
        cJSON_AddNumberToObject(j, name, v);
    } else {
        cJSON_AddNullToObject(j, name);
    }
}

cJSON *volunteer_json(const struct config *cfg, const struct volunteer *v, bool full)
{
    cJSON *j = fm_to_json(volunteer_map, volunteer_map_len, v);
    vjson_add_phone(cfg, j, v->phone_enc, v->phone_enc_len, full);
    vjson_add_number(j, "birth_year", v->birth_year != 0, (double)v->birth_year);
    cJSON_AddItemToObject(j, "skills", skills_json(v->skills));
    cJSON_AddItemToObject(j, "availability", availability_json(v->weekdays, v->day_parts));
    cJSON_AddStringToObject(j, "pii", full ? "full" : "masked");
    return j;
}

void skills_json_items(cJSON *items)
{
    cJSON *it = NULL;
    cJSON_ArrayForEach(it, items)
    {
        const char *csv = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "skills"));
        cJSON_ReplaceItemInObjectCaseSensitive(it, "skills", skills_json(csv));
    }
}

void vjson_add_time(cJSON *j, const char *name, const char *cn)
{
    char t[26];
    if (cn == NULL || !cn[0]) {
        cJSON_AddNullToObject(j, name);
        return;
    }
    time_cn_rfc3339(cn, t);
    cJSON_AddStringToObject(j, name, t);
}

cJSON *vevent_json(const struct vevent *e)
{
    cJSON *j = fm_to_json(vevent_map, vevent_map_len, e);
    cJSON_AddItemToObject(j, "skills", skills_json(e->skills));
    cJSON_AddNumberToObject(j, "spots_left",
                            (double)(e->capacity > e->confirmed ? e->capacity - e->confirmed : 0));
    /* safety and fit (issue 16): the age bounds (null: none) and the health levels allowed */
    vjson_add_number(j, "min_age", e->min_age != 0, (double)e->min_age);
    vjson_add_number(j, "max_age", e->max_age != 0, (double)e->max_age);
    cJSON_AddItemToObject(j, "health_allowed", skills_json(e->health_allowed));
    return j;
}

cJSON *vsignup_json(const struct signup *s, int64_t position)
{
    /* position stands right after status (the map's first four members), as clients see it */
    cJSON *j = fm_to_json(signup_map, 4, s);
    if (strcmp(s->status, "waitlisted") == 0) {
        cJSON_AddNumberToObject(j, "position", (double)position);
    }
    fm_add_json(j, signup_map + 4, signup_map_len - 4, s);
    return j;
}
