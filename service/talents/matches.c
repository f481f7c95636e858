/* /v1/talent-requests/{id}/matches: admitted talents of the office ranked for a request,
 * each with why (the scoring is talent_match_rank in rules.c). */
#include <stdlib.h>

#include "yinhui/access.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/talents.h"
#include "yinhui/talents_db.h"
#include "yinhui/talents_rules.h"

#include "talents_http.h"

/* The best matches m[0..n) of candidates c as JSON items (at most MATCHES_SHOWN). */
static cJSON *matches_json(const struct talent_candidate *c, const struct talent_match *m, size_t n)
{
    cJSON *items = cJSON_CreateArray();
    for (size_t k = 0; k < n && k < MATCHES_SHOWN; k++) {
        const struct talent_candidate *t = &c[m[k].index];
        cJSON *j = cJSON_CreateObject();
        json_add_id(j, "talent_id", t->id);
        cJSON_AddStringToObject(j, "name", t->name);
        cJSON_AddStringToObject(j, "speciality", t->speciality);
        json_add_opt(j, "title", t->title ? t->title : "");
        cJSON_AddNumberToObject(j, "score", m[k].score);
        cJSON_AddStringToObject(j, "why", m[k].why);
        cJSON_AddItemToArray(items, j);
    }
    return items;
}

/* GET /v1/talent-requests/{id}/matches */
void treqs_matches(struct req *r)
{
    struct talent_request q;
    struct db_rows rows;
    int64_t id = 0;
    if (!request_of_path_or_reply(r, &id, &q)) {
        return;
    }
    enum yh_err err = treq_db_candidates(r->db, r->claims.office, id, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    struct match_want want = {q.category[0] ? q.category : NULL, q.skills, q.area[0] ? q.area : NULL};
    size_t n = rows.nrows ? rows.nrows : 1;
    struct talent_candidate *c = calloc(n, sizeof(*c));
    struct talent_match *m = calloc(n, sizeof(*m));
    cJSON *body = NULL;
    if (c != NULL && m != NULL) {
        for (size_t i = 0; i < rows.nrows; i++) {
            talent_candidate_at(&rows, i, &c[i]);
        }
        body = cJSON_CreateObject();
        cJSON_AddItemToObject(body, "items", matches_json(c, m, talent_match_rank(&want, c, rows.nrows, m)));
    }
    free(c);
    free(m);
    db_rows_free(&rows);
    if (body == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, body);
}
