/* Branch committee terms and elections (换届选举): /v1/branches/{id}/terms and
 * /v1/branches/terms-due. Recording an election opens a new term (ending the old one);
 * the count follows the election rules: the election needs more than four fifths of
 * those entitled present, and a candidate needs votes from more than half of those
 * entitled; the seats go to the most votes, and a tie for the last seat needs another
 * vote. The elected become the branch's committee with their roles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/orglife.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/terms_db.h"

#define CANDIDATES_MAX 30

static const char *const roles[] = {"secretary", "deputy_secretary", "organisation", "propaganda",
                                    "discipline", "committee_member", NULL};

static enum yh_err terms_json(struct req *r, int64_t branch, cJSON **out)
{
    static const struct jcol tcols[] = {{"id", JC_ID},       {"starts_on", JC_STR}, {"years", JC_INT},
                                        {"ends_on", JC_STR}, {"ended_on", JC_STR},  {"held_on", JC_STR},
                                        {"eligible", JC_INT}, {"present", JC_INT},  {"votes_cast", JC_INT},
                                        {"created_by", JC_STR}};
    static const struct jcol ccols[] = {{"member_id", JC_ID}, {"name", JC_STR}, {"role", JC_STR}, {"votes", JC_INT},
                                        {"elected", JC_BOOL}};
    struct db_rows t, c;
    enum yh_err err = terms_db_list(r->db, r->claims.office, branch, &t);
    if (err != YH_OK) {
        return err;
    }
    *out = cJSON_CreateArray();
    for (size_t i = 0; err == YH_OK && i < t.nrows; i++) {
        cJSON *j = json_row(&t, i, tcols);
        err = terms_db_candidates(r->db, db_i64(&t, i, 0), &c);
        if (err == YH_OK) {
            cJSON_AddItemToObject(j, "candidates", json_rows(&c, c.nrows, ccols));
            db_rows_free(&c);
        }
        cJSON_AddItemToArray(*out, j);
    }
    db_rows_free(&t);
    return err;
}

void terms_list(struct req *r)
{
    int64_t branch = 0;
    cJSON *items = NULL;
    struct branch b;
    if (!id_param_or_reply(r, &branch) || !branch_reachable_or_reply(r, branch)) {
        return;
    }
    enum yh_err err = branches_db_get(r->db, r->claims.office, branch, &b);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such branch" : NULL, NULL);
        return;
    }
    err = terms_json(r, branch, &items);
    if (err != YH_OK) {
        cJSON_Delete(items);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}

/* POST {starts_on, years, held_on, eligible, present, votes_cast, seats, candidates}. */
void terms_create(struct req *r)
{
    static const char *const fields[] = {"starts_on", "years",  "held_on", "eligible", "present",
                                         "votes_cast", "seats", "candidates", NULL};
    static const char *const cfields[] = {"member_id", "role", "votes", NULL};
    struct term t;
    struct candidate c[CANDIDATES_MAX];
    struct verrs v = {0};
    struct branch b;
    int64_t seats = 0, id = 0, votes[CANDIDATES_MAX];
    bool elected[CANDIDATES_MAX];
    size_t n = 0;
    char today[11];
    if (!id_param_or_reply(r, &t.branch_id) || !branch_reachable_or_reply(r, t.branch_id) ||
        !req_fields_or_reply(r, fields)) {
        return;
    }
    if (branches_db_get(r->db, r->claims.office, t.branch_id, &b) != YH_OK || b.dissolved_on[0]) {
        reply_problem(r, YH_ERR_NOT_FOUND, "no such open organisation", NULL);
        return;
    }
    memset(c, 0, sizeof(c));
    t.starts_on[0] = t.held_on[0] = '\0';
    today_cn(today);
    json_take_date(r->json, "starts_on", false, t.starts_on, &v);
    json_take_date(r->json, "held_on", false, t.held_on, &v);
    json_get_int(r->json, "years", true, 1, 5, &t.years, NULL, &v);
    json_get_int(r->json, "eligible", true, 1, 100000, &t.eligible, NULL, &v);
    json_get_int(r->json, "present", true, 0, 100000, &t.present, NULL, &v);
    json_get_int(r->json, "votes_cast", true, 0, 100000, &t.votes_cast, NULL, &v);
    json_get_int(r->json, "seats", true, 1, 15, &seats, NULL, &v);
    if (v.n == 0 && (!t.starts_on[0] || !t.held_on[0])) {
        verr_add(&v, !t.starts_on[0] ? "starts_on" : "held_on", "is required");
    }
    if (v.n == 0 && strcmp(t.held_on, today) > 0) {
        verr_add(&v, "held_on", "is in the future");
    }
    if (v.n == 0 && strcmp(t.held_on, t.starts_on) > 0) {
        verr_add(&v, "starts_on", "comes before the election");
    }
    if (v.n == 0 && t.present > t.eligible) {
        verr_add(&v, "present", "exceeds those entitled to vote");
    }
    if (v.n == 0 && t.votes_cast > t.present) {
        verr_add(&v, "votes_cast", "exceeds those present");
    }
    if (v.n == 0 && t.present * 5 <= t.eligible * 4) {
        verr_add(&v, "present", "no more than four fifths of those entitled were present: the election is not valid");
    }
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(r->json, "candidates"), *it = NULL;
    if (!cJSON_IsArray(cs) || cJSON_GetArraySize(cs) < 1 || cJSON_GetArraySize(cs) > CANDIDATES_MAX) {
        verr_add(&v, "candidates", "must be an array of 1 to 30 {member_id, role, votes}");
    } else if (v.n == 0) {
        cJSON_ArrayForEach(it, cs)
        {
            struct verrs e = {0};
            char f[64];
            bool formal = false;
            if (!cJSON_IsObject(it) || !json_check_fields(it, cfields, &e)) {
                verr_add(&e, "member_id", "each candidate is an object {member_id, role, votes}");
            }
            if (e.n == 0) {
                json_take_id(it, "member_id", false, &c[n].member_id, &e);
                json_take_enum(it, "role", false, roles, c[n].role, sizeof(c[n].role), &e);
                json_get_int(it, "votes", true, 0, t.votes_cast, &c[n].votes, NULL, &e);
            }
            if (e.n == 0 && (!c[n].member_id || !c[n].role[0])) {
                verr_add(&e, !c[n].member_id ? "member_id" : "role", "is required");
            }
            for (size_t k = 0; e.n == 0 && k < n; k++) {
                if (c[k].member_id == c[n].member_id) {
                    verr_add(&e, "member_id", "is a candidate twice");
                }
            }
            if (e.n == 0 && (terms_db_formal_member(r->db, t.branch_id, c[n].member_id, &formal) != YH_OK || !formal)) {
                verr_add(&e, "member_id", "is no formal member of this organisation");
            }
            for (int k = 0; k < e.n; k++) {
                snprintf(f, sizeof(f), "candidates[%zu].%s", n, e.e[k].field);
                verr_add(&v, f, e.e[k].message);
            }
            votes[n] = c[n].votes;
            n++;
        }
    }
    if (v.n == 0) {
        int won = election_count(votes, n, t.eligible, (int)seats, elected);
        if (won < 0) {
            verr_add(&v, "candidates", "a tie for the last seat: hold another vote between the tied candidates");
        } else if (won == 0) {
            verr_add(&v, "candidates", "nobody has votes from more than half of those entitled: nobody is elected");
        }
        int secretaries = 0;
        for (size_t i = 0; i < n; i++) {
            c[i].elected = elected[i];
            secretaries += elected[i] && strcmp(c[i].role, "secretary") == 0;
        }
        if (v.n == 0 && secretaries > 1) {
            verr_add(&v, "candidates", "more than one secretary would be elected");
        }
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    struct committee_seat seats_now[CANDIDATES_MAX];
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].elected) {
            memset(&seats_now[ns], 0, sizeof(seats_now[ns]));
            seats_now[ns].member_id = c[i].member_id;
            snprintf(seats_now[ns].role, sizeof(seats_now[ns].role), "%s", c[i].role);
            ns++;
        }
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = terms_db_insert(r->db, r->claims.office, &t, c, n, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = branches_db_set_committee(r->db, t.branch_id, seats_now, ns);
    }
    if (err == YH_OK) {
        err = req_audit(r, "branch.election", "branch", t.branch_id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *items = NULL;
    err = terms_json(r, t.branch_id, &items);
    if (err != YH_OK) {
        cJSON_Delete(items);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = cJSON_DetachItemFromArray(items, 0); /* the newest */
    cJSON_Delete(items);
    reply_json_take(r, 201, j ? j : cJSON_CreateObject());
}

/* GET ?months=: organisations whose term ends within the months or has ended, and those
 * with no term recorded (a common inspection finding). */
void terms_due(struct req *r)
{
    struct db_rows rows;
    const char *ms = query_get(&r->q, "months");
    int64_t months = 6;
    char today[11], until[24];
    char *end = NULL;
    if (ms) {
        months = strtoll(ms, &end, 10);
    }
    if (ms && (end == ms || *end != '\0' || months < 0 || months > 60)) {
        struct verrs e = {0};
        verr_add(&e, "months", "must be 0 to 60");
        reply_problem(r, YH_ERR_BAD_REQUEST, "months must be 0 to 60", &e);
        return;
    }
    /* the same day `months` later, or that month's last day when it is shorter (months=0
     * is today, 29 February and the 31st included) */
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    today_cn(today);
    int y = atoi(today), m = atoi(today + 5), d = atoi(today + 8);
    int k = y * 12 + (m - 1) + (int)months, ty = k / 12, tm = k % 12 + 1;
    int last = mdays[tm - 1] + (tm == 2 && ((ty % 4 == 0 && ty % 100 != 0) || ty % 400 == 0));
    snprintf(until, sizeof(until), "%04d-%02d-%02d", ty % 10000, tm, d > last ? last : d);
    enum yh_err err = terms_db_due(r->db, r->claims.office, until, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    int expired = 0;
    for (size_t i = 0; i < rows.nrows; i++) {
        cJSON *j = cJSON_CreateObject();
        const char *ends = db_str(&rows, i, 4);
        json_add_id(j, "branch_id", db_i64(&rows, i, 0));
        cJSON_AddStringToObject(j, "name", db_str(&rows, i, 1));
        cJSON_AddStringToObject(j, "level", db_str(&rows, i, 2));
        json_add_id(j, "term_id", db_i64(&rows, i, 3));
        json_add_opt(j, "ends_on", ends);
        const char *why = ends == NULL ? "no_term" : strcmp(ends, today) < 0 ? "expired" : "ending";
        expired += strcmp(why, "expired") == 0;
        cJSON_AddStringToObject(j, "status", why);
        cJSON_AddItemToArray(items, j);
    }
    db_rows_free(&rows);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "until", until);
    cJSON_AddNumberToObject(body, "expired", expired);
    cJSON_AddItemToObject(body, "items", items);
    reply_json_take(r, 200, body);
}
