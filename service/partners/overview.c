/* GET /v1/partners/overview?year=: the office's year of joint activities per
 * organisation (agreed, held, not held, overdue, upcoming) and the active partners with
 * none agreed that year (多联一, seed 001: each partner has a yearly joint activity). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/cache.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/partners.h"
#include "yinhui/partners_db.h"

#include "partners_http.h"

void joint_tally_add_json(cJSON *o, const struct joint_tally *t)
{
    cJSON_AddNumberToObject(o, "agreed", (double)t->agreed);
    cJSON_AddNumberToObject(o, "held", (double)t->held);
    cJSON_AddNumberToObject(o, "not_held", (double)t->not_held);
    cJSON_AddNumberToObject(o, "overdue", (double)t->overdue);
    cJSON_AddNumberToObject(o, "upcoming", (double)t->upcoming);
}

/* Organisation g without its counts. Caller owns it. */
static cJSON *org_json(const struct overview_org *g)
{
    cJSON *o = cJSON_CreateObject();
    json_add_id(o, "id", g->id);
    cJSON_AddStringToObject(o, "name", g->name);
    cJSON_AddStringToObject(o, "kind", g->kind);
    json_add_opt(o, "partner_type", g->partner_type);
    cJSON_AddBoolToObject(o, "active", g->active);
    return o;
}

/* The overview of orgs (n of them) for year. Caller owns it. */
static cJSON *overview_json(const struct overview_org *orgs, size_t n, int64_t year, const char *today)
{
    struct joint_tally all = {0};
    cJSON *items = cJSON_CreateArray(), *without = cJSON_CreateArray(), *body = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++) {
        const struct overview_org *g = &orgs[i];
        if (g->t.agreed > 0) {
            cJSON *o = org_json(g);
            joint_tally_add_json(o, &g->t);
            cJSON_AddItemToArray(items, o);
            all.agreed += g->t.agreed;
            all.held += g->t.held;
            all.not_held += g->t.not_held;
            all.overdue += g->t.overdue;
            all.upcoming += g->t.upcoming;
        } else if (g->active && strcmp(g->kind, "partner") == 0) {
            cJSON_AddItemToArray(without, org_json(g));
        }
    }
    cJSON_AddNumberToObject(body, "year", (double)year);
    cJSON_AddStringToObject(body, "as_of", today);
    cJSON *totals = cJSON_CreateObject();
    joint_tally_add_json(totals, &all);
    cJSON_AddItemToObject(body, "totals", totals);
    cJSON_AddItemToObject(body, "organisations", items);
    cJSON_AddItemToObject(body, "partners_without_agreement", without);
    return body;
}

/* GET /v1/partners/overview?year= (default this year), cached per office and day. */
void partners_overview(struct req *r)
{
    struct overview_org *orgs = NULL;
    struct cache_stamp stamp;
    bool have_stamp = false;
    int64_t year = 0;
    size_t n = 0;
    char today[11], key[64];
    if (!year_or_reply(r, query_get(&r->q, "year"), &year)) {
        return;
    }
    today_cn(today);
    /* overdue turns with the month: a cached overview lives for its day at most */
    snprintf(key, sizeof(key), "partners:overview:%lld:%s", (long long)year, today);
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = overview_db_orgs(r->db, r->claims.office, year, today, &orgs, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = overview_json(orgs, n, year, today);
    free(orgs);
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}
