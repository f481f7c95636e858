/* The invitation rule of a request: read from the body against the office's treatment
 * levels, and applied to the office's active members (health through its blind index,
 * as the member list filters it). Events and documents both use it. */
#include "yinhui/audience.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"

enum yh_err audience_from_body(struct req *r, struct audience *a, char text[1001], struct verrs *v)
{
    struct treatment_level *l = NULL;
    size_t n = 0;
    enum yh_err err = treatment_levels_db_all(r->db, r->claims.office, &l, &n);
    if (err != YH_OK) {
        return err;
    }
    audience_read(cJSON_GetObjectItemCaseSensitive(r->json, "audience"), l, n, a, v);
    free(l);
    cJSON *j = audience_json(a);
    char *s = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (s == NULL) {
        return YH_ERR_INTERNAL;
    }
    snprintf(text, 1001, "%s", s);
    free(s);
    return YH_OK;
}

#define AUDIENCE_BATCH 500

/* Calls fn for the matching members of one batch (rows[0..n)). */
static enum yh_err each_in_batch(struct req *r, const struct audience *a, const struct treatment_level *l,
                                 size_t nl, unsigned char idx[AUDIENCE_HEALTHS][8],
                                 const struct audience_row *rows, size_t n, audience_fn fn, void *ctx)
{
    enum yh_err err = YH_OK;
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct audience_member m = {rows[i].category, rows[i].treatment_level, rows[i].health_idx};
        if (audience_matches(a, l, nl, (const unsigned char(*)[8])idx, &m)) {
            err = fn(r, &rows[i], memcmp(rows[i].health_idx, idx[AUDIENCE_HOMEBOUND], 8) == 0, ctx);
        }
    }
    return err;
}

enum yh_err audience_each(struct req *r, const struct audience *a, audience_fn fn, void *ctx)
{
    unsigned char idx[AUDIENCE_HEALTHS][8];
    struct treatment_level *l = NULL;
    size_t nl = 0, n = AUDIENCE_BATCH;
    int64_t after = 0;
    for (int i = 0; i < AUDIENCE_HEALTHS; i++) {
        pii_blind_idx(&r->app->cfg, "health", r->claims.office, audience_healths[i], idx[i]);
    }
    enum yh_err err = treatment_levels_db_all(r->db, r->claims.office, &l, &nl);
    while (err == YH_OK && n == AUDIENCE_BATCH) {
        struct audience_row *rows = NULL;
        err = audience_db_members(r->db, r->claims.office, after, AUDIENCE_BATCH, &rows, &n);
        if (err == YH_OK && n > 0) {
            after = rows[n - 1].id;
            err = each_in_batch(r, a, l, nl, idx, rows, n, fn, ctx);
        }
        free(rows);
    }
    free(l);
    return err;
}

enum yh_err audience_visible(struct req *r, enum audience_list list, int64_t id)
{
    struct db_rows rows;
    int64_t me = req_acting_member(r);
    if (me == 0) {
        return YH_OK;
    }
    enum yh_err err = list == AUDIENCE_INVITATIONS
                          ? invitations_db_list(r->db, r->claims.office, id, me, 0, 1, &rows)
                          : readers_db_list(r->db, r->claims.office, id, NULL, me, 0, 1, &rows);
    if (err == YH_OK) {
        err = rows.nrows > 0 ? YH_OK : YH_ERR_NOT_FOUND;
        db_rows_free(&rows);
    }
    return err;
}

/* A reply or a reading is the member's word, or staff writing down what it said: an
 * integration or a secretary who reaches the member does not speak for it (README
 * "Political treatment"). */
bool audience_answerer_or_reply(struct req *r, int64_t mid)
{
    if (!member_reachable_or_reply(r, mid)) {
        return false;
    }
    if (req_is_staff(r) || req_acting_member(r) == mid) {
        return true;
    }
    reply_problem(r, YH_ERR_FORBIDDEN, "only the member itself or office staff answer for a member", NULL);
    return false;
}
