/* Branch committee terms and elections (换届选举): /v1/branches/{id}/terms and
 * /v1/branches/terms-due. Recording an election opens a new term (ending the old one);
 * the count follows the election rules (election.c): the election needs more than four
 * fifths of those entitled present, and a candidate needs votes from more than half of
 * those entitled; the seats go to the most votes, and a tie for the last seat needs
 * another vote. The elected become the branch's committee with their roles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/election.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/orglife.h"
#include "yinhui/reach.h"
#include "yinhui/terms_db.h"
#include "yinhui/typed_rows.h"

#define CANDIDATES_MAX 30

static const char *const roles[] = {
    "secretary", "deputy_secretary", "organisation", "propaganda", "discipline", "committee_member", NULL};

/* The branch's terms, each with its candidates, into *out (caller owns, also on error). */
static enum yh_err terms_json(struct req *r, int64_t branch, cJSON **out)
{
    struct term_row *t = NULL;
    size_t nt = 0;
    enum yh_err err = terms_db_list(r->db, r->claims.office, branch, &t, &nt);
    if (err != YH_OK) {
        return err;
    }
    *out = cJSON_CreateArray();
    for (size_t i = 0; err == YH_OK && i < nt; i++) {
        struct candidate_row *c = NULL;
        size_t nc = 0;
        cJSON *j = fm_to_json(term_map, term_map_n, &t[i]);
        err = terms_db_candidates(r->db, r->claims.office, t[i].id, &c, &nc);
        if (err == YH_OK) {
            cJSON_AddItemToObject(j, "candidates",
                                  orglife_rows_json(candidate_map, candidate_map_n, c, nc, sizeof(*c)));
        }
        free(c);
        cJSON_AddItemToArray(*out, j);
    }
    free(t);
    return err;
}

/* GET /v1/branches/{id}/terms: {items: [term with candidates]}, newest first. */
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
        reply_error(r, err, "branch");
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

/* The election body: the term, the seats, and the candidates (read by candidate_read). */
struct election_body {
    struct term t;
    int64_t seats;
};
static const struct field election_fields[] = {
    FIELD_DATE("starts_on", struct election_body, t.starts_on, FF_REQUIRED),
    FIELD_DATE("held_on", struct election_body, t.held_on, FF_REQUIRED),
    FIELD_INT("years", struct election_body, t.years, 1, 5, FF_REQUIRED),
    FIELD_INT("eligible", struct election_body, t.eligible, 1, 100000, FF_REQUIRED),
    FIELD_INT("present", struct election_body, t.present, 0, 100000, FF_REQUIRED),
    FIELD_INT("votes_cast", struct election_body, t.votes_cast, 0, 100000, FF_REQUIRED),
    FIELD_INT("seats", struct election_body, seats, 1, 15, FF_REQUIRED),
    FIELD_OTHER("candidates", 0),
};

/* Reads the term's own fields into b, adding faults to v (the count's preconditions:
 * present within eligible, votes within present, a quorum). */
static void term_read(struct req *r, struct election_body *b, struct verrs *v)
{
    const struct term *t = &b->t;
    char today[11];
    today_cn(today);
    body_read(r, election_fields, ARRAY_LEN(election_fields), b, true, NULL, v);
    if (v->n == 0 && strcmp(t->held_on, today) > 0) {
        verr_add(v, "held_on", "is in the future");
    }
    if (v->n == 0 && strcmp(t->held_on, t->starts_on) > 0) {
        verr_add(v, "starts_on", "comes before the election");
    }
    if (v->n == 0 && t->present > t->eligible) {
        verr_add(v, "present", "exceeds those entitled to vote");
    }
    if (v->n == 0 && t->votes_cast > t->present) {
        verr_add(v, "votes_cast", "exceeds those present");
    }
    if (v->n == 0 && !election_quorate(t->eligible, t->present)) {
        verr_add(v, "present",
                 "no more than four fifths of those entitled were present: the election is not valid");
    }
}

/* Reads candidate it into c[n] (the n before it in c), adding its faults to v as
 * "candidates[n].field": a formal member of the branch, once, with a role and at most
 * the votes cast. */
static void candidate_read(struct req *r, const struct term *t, const cJSON *it, struct candidate *c,
                           size_t n, struct verrs *v)
{
    static const char *const fields[] = {"member_id", "role", "votes", NULL};
    struct verrs e = {0};
    bool formal = false;
    if (!cJSON_IsObject(it) || !json_check_fields(it, fields, &e)) {
        verr_add(&e, "member_id", "each candidate is an object {member_id, role, votes}");
    }
    if (e.n == 0) {
        json_take_id(it, "member_id", false, &c[n].member_id, &e);
        json_take_enum(it, "role", false, roles, c[n].role, sizeof(c[n].role), &e);
        json_get_int(it, "votes", true, 0, t->votes_cast, &c[n].votes, NULL, &e);
    }
    if (e.n == 0 && (!c[n].member_id || !c[n].role[0])) {
        verr_add(&e, !c[n].member_id ? "member_id" : "role", "is required");
    }
    for (size_t k = 0; e.n == 0 && k < n; k++) {
        if (c[k].member_id == c[n].member_id) {
            verr_add(&e, "member_id", "is a candidate twice");
        }
    }
    if (e.n == 0 &&
        (terms_db_formal_member(r->db, t->branch_id, c[n].member_id, &formal) != YH_OK || !formal)) {
        verr_add(&e, "member_id", "is no formal member of this organisation");
    }
    items_errors(v, "candidates", n, &e);
}

/* Counts the votes of c[0..n) for seats, marking the elected; adds to v when nobody or
 * more than one secretary would be elected, or a tie needs another vote. */
static void tally(const struct term *t, int64_t seats, struct candidate *c, size_t n, struct verrs *v)
{
    int64_t votes[CANDIDATES_MAX];
    bool elected[CANDIDATES_MAX];
    int secretaries = 0;
    for (size_t i = 0; i < n; i++) {
        votes[i] = c[i].votes;
    }
    int won = election_count(votes, n, t->eligible, (int)seats, elected);
    if (won < 0) {
        verr_add(v, "candidates", "a tie for the last seat: hold another vote between the tied candidates");
    } else if (won == 0) {
        verr_add(v, "candidates",
                 "nobody has votes from more than half of those entitled: nobody is elected");
    }
    for (size_t i = 0; i < n; i++) {
        c[i].elected = elected[i];
        secretaries += elected[i] && strcmp(c[i].role, "secretary") == 0;
    }
    if (v->n == 0 && secretaries > 1) {
        verr_add(v, "candidates", "more than one secretary would be elected");
    }
}

/* Reads and counts the election in the body into t and c, *n candidates. False when it
 * has replied 422. */
static bool election_read_or_reply(struct req *r, struct election_body *b, struct candidate *c, size_t *n)
{
    struct verrs v = {0};
    const struct term *t = &b->t;
    term_read(r, b, &v);
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(r->json, "candidates"), *it = NULL;
    if (!cJSON_IsArray(cs) || cJSON_GetArraySize(cs) < 1 || cJSON_GetArraySize(cs) > CANDIDATES_MAX) {
        verr_add(&v, "candidates", "must be an array of 1 to 30 {member_id, role, votes}");
    } else if (v.n == 0) {
        cJSON_ArrayForEach(it, cs)
        {
            candidate_read(r, t, it, c, *n, &v);
            (*n)++;
        }
    }
    if (v.n == 0) {
        tally(t, b->seats, c, *n, &v);
    }
    return verrs_ok_or_reply(r, &v);
}

/* Records term t with candidates c[0..n) and makes the elected the branch's committee;
 * *id gets the term's id. */
static enum yh_err election_write(struct req *r, const struct term *t, const struct candidate *c, size_t n,
                                  int64_t *id)
{
    struct committee_seat seats[CANDIDATES_MAX];
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].elected) {
            memset(&seats[ns], 0, sizeof(seats[ns]));
            seats[ns].member_id = c[i].member_id;
            snprintf(seats[ns].role, sizeof(seats[ns].role), "%s", c[i].role);
            ns++;
        }
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = terms_db_insert(r->db, r->claims.office, t, c, n, r->claims.sub, id);
    }
    if (err == YH_OK) {
        err = branches_db_set_committee(r->db, t->branch_id, seats, ns);
    }
    if (err == YH_OK) {
        err = req_audit(r, "branch.election", "branch", t->branch_id);
    }
    return err;
}

/* POST /v1/branches/{id}/terms {starts_on, years, held_on, eligible, present,
 * votes_cast, seats, candidates}: replies 201 with the new term. */
void terms_create(struct req *r)
{
    struct election_body e;
    struct candidate c[CANDIDATES_MAX];
    struct branch b;
    int64_t id = 0;
    size_t n = 0;
    cJSON *items = NULL;
    memset(&e, 0, sizeof(e));
    memset(c, 0, sizeof(c));
    if (!id_param_or_reply(r, &e.t.branch_id) || !branch_reachable_or_reply(r, e.t.branch_id) ||
        !body_known_or_reply(r, election_fields, ARRAY_LEN(election_fields))) {
        return;
    }
    if (branches_db_get(r->db, r->claims.office, e.t.branch_id, &b) != YH_OK || b.dissolved_on[0]) {
        reply_problem(r, YH_ERR_NOT_FOUND, "no such open organisation", NULL);
        return;
    }
    if (!election_read_or_reply(r, &e, c, &n) ||
        !commit_or_reply(r, election_write(r, &e.t, c, n, &id), "branch")) {
        return;
    }
    enum yh_err err = terms_json(r, e.t.branch_id, &items);
    if (err != YH_OK) {
        cJSON_Delete(items);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *j = cJSON_DetachItemFromArray(items, 0); /* the newest */
    cJSON_Delete(items);
    reply_json_take(r, 201, j ? j : cJSON_CreateObject());
}

/* Reads ?months= (0-60, default 6). False after a 400. */
static bool months_or_reply(struct req *r, int *months)
{
    const char *ms = query_get(&r->q, "months");
    char *end = NULL;
    long long m = ms ? strtoll(ms, &end, 10) : 6;
    if (ms && (end == ms || *end != '\0' || m < 0 || m > 60)) {
        struct verrs e = {0};
        verr_add(&e, "months", "must be 0 to 60");
        reply_problem(r, YH_ERR_BAD_REQUEST, "months must be 0 to 60", &e);
        return false;
    }
    *months = (int)m;
    return true;
}

/* The terms-due body for the organisations d[0..n) (until the given day, judged on
 * today). Caller owns the result. */
static cJSON *terms_due_json(const struct term_due *d, size_t n, const char *until, const char *today)
{
    cJSON *items = cJSON_CreateArray();
    int expired = 0;
    for (size_t i = 0; i < n; i++) {
        cJSON *j = fm_to_json(term_due_map, term_due_map_n, &d[i]);
        const char *why = terms_due_status(d[i].ends_on[0] ? d[i].ends_on : NULL, today);
        expired += strcmp(why, "expired") == 0;
        cJSON_AddStringToObject(j, "status", why);
        cJSON_AddItemToArray(items, j);
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "until", until);
    cJSON_AddNumberToObject(body, "expired", expired);
    cJSON_AddItemToObject(body, "items", items);
    return body;
}

/* GET /v1/branches/terms-due?months=: organisations whose term ends within the months or
 * has ended, and those with no term recorded (a common inspection finding). */
void terms_due(struct req *r)
{
    struct term_due *d = NULL;
    size_t n = 0;
    int months = 0;
    char today[11], until[24];
    if (!months_or_reply(r, &months)) {
        return;
    }
    today_cn(today);
    terms_due_until(today, months, until);
    enum yh_err err = terms_db_due(r->db, r->claims.office, until, &d, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = terms_due_json(d, n, until, today);
    free(d);
    reply_json_take(r, 200, body);
}
