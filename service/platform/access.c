/* Reach of a caller within its office by role and branch, unmasking, query readers and
 * China time. (The member reach check and audit rows need the org store: org/reach.c.) */
#include "yinhui/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "yinhui/app.h"
#include "yinhui/calendar.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"

bool req_is_secretary(const struct req *r)
{
    return strcmp(r->claims.role, "secretary") == 0;
}

bool req_is_member(const struct req *r)
{
    return strcmp(r->claims.role, "member") == 0;
}

bool req_is_staff(const struct req *r)
{
    return strcmp(r->claims.role, "admin") == 0;
}

bool req_is_client(const struct req *r)
{
    return strcmp(r->claims.role, "integration") == 0;
}

bool req_is_relative(const struct req *r)
{
    return strcmp(r->claims.role, "relative") == 0;
}

/* Only staff and integration clients: any other role (a relative's included) is bounded
 * by its branch or its member. */
bool req_whole_office(const struct req *r)
{
    return req_is_staff(r) || req_is_client(r);
}

int64_t req_acting_member(const struct req *r)
{
    return req_is_member(r) || req_is_relative(r) ? r->claims.member_id : 0;
}

bool branch_reachable_or_reply(struct req *r, int64_t id)
{
    if (req_whole_office(r) || (req_is_secretary(r) && r->claims.branch_id == id)) {
        return true;
    }
    reply_problem(r, YH_ERR_NOT_FOUND, "no such branch", NULL);
    return false;
}

bool branch_scope_or_reply(struct req *r, int64_t *bid)
{
    if (!req_is_secretary(r)) {
        return true;
    }
    if (*bid != 0 && *bid != r->claims.branch_id) {
        reply_problem(r, YH_ERR_NOT_FOUND, "no such branch", NULL);
        return false;
    }
    *bid = r->claims.branch_id ? r->claims.branch_id : -1;
    return true;
}

bool reveal_id_or_reply(struct req *r, bool *reveal, int64_t *id)
{
    bool ok = true;
    *reveal = reveal_requested(r, &ok);
    return ok && id_param_or_reply(r, id);
}

bool reveal_requested(struct req *r, bool *ok)
{
    const char *v = query_get(&r->q, "reveal");
    *ok = true;
    if (v == NULL || strcmp(v, "false") == 0) {
        return false;
    }
    if (strcmp(v, "true") != 0) {
        struct verrs e = {0};
        verr_add(&e, "reveal", "must be true or false");
        reply_problem(r, YH_ERR_BAD_REQUEST, "reveal must be true or false", &e);
        *ok = false;
        return false;
    }
    if (!(r->claims.scopes & SC_PII_READ)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "unmasked personal data need the pii:read scope", NULL);
        *ok = false;
        return false;
    }
    return true;
}

void time_cn(int64_t t, char out[20])
{
    cal_time_string((long long)t + 8 * 3600, out);
}

int64_t time_cn_parse(const char *s)
{
    int y, mo, d, h, mi, sec, n = 0;
    if (s == NULL || sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || n != 19) {
        return -1;
    }
    return (int64_t)cal_seconds(y, mo, d, h, mi, sec) - 8 * 3600;
}

void time_cn_rfc3339(const char *s, char out[26])
{
    snprintf(out, 26, "%.10sT%.8s+08:00", s, s + 11);
}

void today_cn(char out[11])
{
    /* per thread, formatted once a day: cached reads build their keys with it per hit */
    static _Thread_local int64_t day = -1;
    static _Thread_local char text[11];
    int64_t t = now_s(), d = (t + 8 * 3600) / 86400;
    if (d != day || t + 8 * 3600 < 0) {
        char full[20];
        time_cn(t, full);
        memcpy(text, full, 10);
        text[10] = '\0';
        day = d;
    }
    memcpy(out, text, 11);
}

int year_cn(void)
{
    char today[11];
    today_cn(today);
    return atoi(today);
}

/* Reads an optional enum query parameter into *out; false when it has replied 400. */
bool query_enum_or_reply(struct req *r, const char *name, const char *const *allowed, const char **out)
{
    const char *v = query_get(&r->q, name);
    *out = NULL;
    if (v == NULL) {
        return true;
    }
    for (size_t i = 0; allowed[i]; i++) {
        if (strcmp(v, allowed[i]) == 0) {
            *out = allowed[i];
            return true;
        }
    }
    struct verrs e = {0};
    char msg[64];
    snprintf(msg, sizeof(msg), "%s has an unknown value", name);
    verr_add(&e, name, "is not one of the allowed values (see the API description)");
    reply_problem(r, YH_ERR_BAD_REQUEST, msg, &e);
    return false;
}

bool query_id_or_reply(struct req *r, const char *name, int64_t *out)
{
    const char *v = query_get(&r->q, name);
    *out = 0;
    if (v != NULL && !id_parse(v, out)) {
        struct verrs e = {0};
        char msg[64];
        snprintf(msg, sizeof(msg), "%s must be an id", name);
        verr_add(&e, name, "must be an id (digits)");
        reply_problem(r, YH_ERR_BAD_REQUEST, msg, &e);
        return false;
    }
    return true;
}

bool year_or_reply(struct req *r, const char *s, int64_t *year)
{
    *year = year_cn();
    if (s != NULL && (strlen(s) != 4 || !id_parse(s, year) || *year < 1990 || *year > 2100)) {
        struct verrs e = {0};
        verr_add(&e, "year", "must be a year from 1990 to 2100");
        reply_problem(r, YH_ERR_BAD_REQUEST, "year must be a year from 1990 to 2100", &e);
        return false;
    }
    return true;
}
