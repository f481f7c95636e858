#ifndef YINHUI_VOLUNTEER_JSON_H
#define YINHUI_VOLUNTEER_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "yinhui/config.h"
#include "yinhui/json_in.h"
#include "yinhui/members_db.h"
#include "yinhui/volunteers_db.h"

/* Volunteers' and events' shared JSON: profiles, skills and availability. */

/* Fills name, gender and birth year of a volunteer from its member record. */
void volunteer_from_member(struct volunteer *v, const struct member *m);
struct req;
/* Applies r's body (declared with its fields: name, phone sealed with its HMAC, gender,
 * birth_year, skills, weekdays, day_parts, status; unknown fields refused) to v; errors
 * go to e. */
void volunteer_apply(struct req *r, struct volunteer *v, struct verrs *e);
/* The profile, phone masked unless full. */
cJSON *volunteer_json(const struct config *cfg, const struct volunteer *v, bool full);

/* How tags_take checks a list of tags: at most max items of 1..item_max characters,
 * none holding a character of bad, each accepted by ok (NULL: any); the errors it adds. */
struct tags_rule {
    int max;
    size_t item_max;
    const char *bad;
    bool (*ok)(const char *);
    const char *too_many, *bad_item, *too_long;
};
/* Reads the list of strings of body member name into a comma-separated dst under rule;
 * errors go to e. Absent leaves dst. Shared with the talents' lists. */
void tags_take(const cJSON *obj, const char *name, const struct tags_rule *rule, char *dst, size_t dstlen,
               struct verrs *e);
/* Reads a list of skill tags (1-20 characters each, at most 20, no commas) into a
 * comma-separated dst. Absent leaves dst. */
void skills_take(const cJSON *obj, const char *name, char *dst, size_t dstlen, struct verrs *e);
/* The tags of a comma-separated list (NULL: none) as a JSON array. */
cJSON *skills_json(const char *csv);
/* {"weekdays": ["mon", ...], "day_parts": ["morning", ...]} from bit sets. */
cJSON *availability_json(int64_t weekdays, int64_t day_parts);
/* Replaces each object's "skills" (a comma-separated string from a view) by the list. */
void skills_json_items(cJSON *items);

/* Adds "phone": the sealed phone (enc, len bytes; none when 0) opened, masked unless
 * full, or null. Shared with the talents' profiles. */
void vjson_add_phone(const struct config *cfg, cJSON *j, const unsigned char *enc, size_t len, bool full);
/* Adds v as member name when known, else null. */
void vjson_add_number(cJSON *j, const char *name, bool known, double v);
/* Adds China time cn ("YYYY-MM-DD HH:MM:SS") as RFC 3339, or null when empty. */
void vjson_add_time(cJSON *j, const char *name, const char *cn);
/* An event as the API shows it. Caller owns. */
cJSON *vevent_json(const struct vevent *e);
/* A sign-up; position (in the waitlist) shown for a waitlisted one. Caller owns. */
cJSON *vsignup_json(const struct signup *s, int64_t position);

#endif
