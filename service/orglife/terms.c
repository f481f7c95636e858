/* Branch committee terms and elections (换届选举): /v1/branches/{id}/terms and
 * /v1/branches/terms-due. Recording an election opens a new term (ending the old one).
 * The election follows the 2020 条例 (RULES.md, Elections; the counting in election.c):
 * who should attend (应到会) is the branch's roster on the day (its open primary members,
 * active, who may vote) less the exclusions approved by the higher organisation; the
 * meeting needs more than four fifths of them present; there are at least 20% more
 * candidates than seats; each round's ballots are checked (more returned than issued:
 * void, vote again) and a candidate needs more yes votes than half of the voting members
 * present; a tie for the last seat and seats left empty are voted again as the 条例 says.
 * Temporary and functional branches hold no elections. The elected become the branch's
 * committee with their roles. */
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

#define EXCLUSIONS_MAX 200
#define ROUNDS_MAX 10

static const char *const roles[] = {
    "secretary", "deputy_secretary", "organisation", "propaganda", "discipline", "committee_member", NULL};
/* The 条例's cases for leaving a member out of 应到会 (sql/0025). */
static const char *const exclusion_reasons[] = {"cannot_express_will", "abroad_over_six_months",
                                                "serving_sentence",    "frail_bedridden_or_long_ill",
                                                "away_over_one_year",  NULL};

/* Term id's rounds, each with its votes, as a JSON array (caller owns) into *out. */
static enum yh_err rounds_json(struct req *r, int64_t id, cJSON **out)
{
    struct round_row *rd = NULL;
    struct round_vote_row *v = NULL;
    size_t n = 0, nv = 0, k = 0;
    enum yh_err err = terms_db_rounds(r->db, r->claims.office, id, &rd, &n, &v, &nv);
    *out = cJSON_CreateArray();
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        cJSON *j = fm_to_json(round_map, round_map_n, &rd[i]), *votes = cJSON_AddArrayToObject(j, "votes");
        for (; k < nv && v[k].round_no == rd[i].round_no; k++) {
            cJSON_AddItemToArray(votes, fm_to_json(round_vote_map, round_vote_map_n, &v[k]));
        }
        cJSON_AddItemToArray(*out, j);
    }
    free(rd);
    free(v);
    return err;
}

/* Adds term t's candidates, exclusions and rounds to j; *excluded tells whether any
 * exclusion (its reason may be ill health) was shown. */
static enum yh_err term_parts_json(struct req *r, const struct term_row *t, cJSON *j, bool *excluded)
{
    struct candidate_row *c = NULL;
    struct exclusion_row *x = NULL;
    size_t nc = 0, nx = 0;
    cJSON *rounds = NULL;
    enum yh_err err = terms_db_candidates(r->db, r->claims.office, t->id, &c, &nc);
    if (err == YH_OK) {
        cJSON_AddItemToObject(j, "candidates",
                              orglife_rows_json(candidate_map, candidate_map_n, c, nc, sizeof(*c)));
        err = terms_db_exclusions(r->db, r->claims.office, t->id, &x, &nx);
    }
    if (err == YH_OK) {
        cJSON_AddItemToObject(j, "exclusions",
                              orglife_rows_json(exclusion_map, exclusion_map_n, x, nx, sizeof(*x)));
        *excluded = *excluded || nx > 0;
        err = rounds_json(r, t->id, &rounds);
        cJSON_AddItemToObject(j, "rounds", rounds);
    }
    free(c);
    free(x);
    return err;
}

/* The branch's terms, each with its election, into *out (caller owns, also on error). An
 * audit row records that exclusions (and their reasons) were shown. */
static enum yh_err terms_json(struct req *r, int64_t branch, cJSON **out)
{
    struct term_row *t = NULL;
    size_t nt = 0;
    bool excluded = false;
    enum yh_err err = terms_db_list(r->db, r->claims.office, branch, &t, &nt);
    if (err != YH_OK) {
        return err;
    }
    *out = cJSON_CreateArray();
    for (size_t i = 0; err == YH_OK && i < nt; i++) {
        cJSON *j = fm_to_json(term_map, term_map_n, &t[i]);
        err = term_parts_json(r, &t[i], j, &excluded);
        cJSON_AddItemToArray(*out, j);
    }
    free(t);
    if (err == YH_OK && excluded) {
        err = db_begin(r->db);
        if (err == YH_OK) {
            err = db_finish(r->db, req_audit(r, "branch.election_exclusions_shown", "branch", branch));
        }
    }
    return err;
}

/* GET /v1/branches/{id}/terms: {items: [term with its election]}, newest first. */
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

/* An election as read from the body: the term, candidates, exclusions, rounds (with
 * votes[r * nc + i], -1: not standing) and the roster of the day. */
struct election_in {
    struct term t;
    struct candidate c[ELECTION_CANDIDATES_MAX];
    struct exclusion x[EXCLUSIONS_MAX];
    struct election_round rd[ROUNDS_MAX];
    int64_t votes[ROUNDS_MAX * ELECTION_CANDIDATES_MAX];
    size_t nc, nx, nr;
    struct roster_row *roster; /* by id, owned */
    size_t nroster;
};
static const struct field election_fields[] = {
    FIELD_DATE("starts_on", struct election_in, t.starts_on, FF_REQUIRED),
    FIELD_DATE("held_on", struct election_in, t.held_on, FF_REQUIRED),
    FIELD_INT("years", struct election_in, t.years, 1, 5, FF_REQUIRED),
    FIELD_INT("present", struct election_in, t.present, 0, 100000, FF_REQUIRED),
    FIELD_INT("seats", struct election_in, t.seats, 1, 15, FF_REQUIRED),
    FIELD_OTHER("candidates", FF_REQUIRED),
    FIELD_OTHER("exclusions", 0),
    FIELD_OTHER("rounds", FF_REQUIRED),
    FIELD_BOOL("fewer_seats_agreed", struct election_in, t.fewer_seats_agreed, 0),
};

/* Orders a member id (key) against a roster row. */
static int roster_cmp(const void *key, const void *row)
{
    int64_t x = *(const int64_t *)key, y = ((const struct roster_row *)row)->member_id;
    return (x > y) - (x < y);
}

/* Whether member is on e's roster (may vote on the day, formally of this branch). */
static bool on_roster(const struct election_in *e, int64_t member)
{
    return e->nroster > 0 && bsearch(&member, e->roster, e->nroster, sizeof(*e->roster), roster_cmp) != NULL;
}

/* Reads the term's own fields into e, adding faults to v. */
static void term_read(struct req *r, struct election_in *e, struct verrs *v)
{
    const struct term *t = &e->t;
    char today[11];
    today_cn(today);
    body_read(r, election_fields, ARRAY_LEN(election_fields), e, true, NULL, v);
    if (v->n == 0 && strcmp(t->held_on, today) > 0) {
        verr_add(v, "held_on", "is in the future");
    }
    if (v->n == 0 && strcmp(t->held_on, t->starts_on) > 0) {
        verr_add(v, "starts_on", "comes before the election");
    }
}

/* Reads candidate it into e->c[n], adding its faults to v as "candidates[n].field": on
 * the roster (a formal member who may be elected), once; role default committee_member. */
static void candidate_read(const struct election_in *e, const cJSON *it, struct candidate *c, size_t n,
                           struct verrs *v)
{
    static const char *const fields[] = {"member_id", "role", NULL};
    struct verrs f = {0};
    if (!cJSON_IsObject(it) || !json_check_fields(it, fields, &f)) {
        verr_add(&f, "member_id", "each candidate is an object {member_id, role}");
    }
    snprintf(c->role, sizeof(c->role), "committee_member");
    if (f.n == 0) {
        json_take_id(it, "member_id", false, &c->member_id, &f);
        json_take_enum(it, "role", false, roles, c->role, sizeof(c->role), &f);
    }
    if (f.n == 0 && !c->member_id) {
        verr_add(&f, "member_id", "is required");
    }
    for (size_t k = 0; f.n == 0 && k < n; k++) {
        if (e->c[k].member_id == c->member_id) {
            verr_add(&f, "member_id", "is a candidate twice");
        }
    }
    if (f.n == 0 && !on_roster(e, c->member_id)) {
        verr_add(&f, "member_id",
                 "is not on the roster: a formal member of this organisation who may be elected (not "
                 "probationary, not under 留党察看)");
    }
    items_errors(v, "candidates", n, &f);
}

/* Reads exclusion it into e->x[n] (faults to v as "exclusions[n].field"): a member on the
 * roster, once, with one of the 条例's reasons and the approval's reference. */
static void exclusion_read(const struct election_in *e, const cJSON *it, struct exclusion *x, size_t n,
                           struct verrs *v)
{
    static const char *const fields[] = {"member_id", "reason", "approval_ref", NULL};
    struct verrs f = {0};
    if (!cJSON_IsObject(it) || !json_check_fields(it, fields, &f)) {
        verr_add(&f, "member_id", "each exclusion is an object {member_id, reason, approval_ref}");
    }
    if (f.n == 0) {
        json_take_id(it, "member_id", false, &x->member_id, &f);
        json_take_enum(it, "reason", false, exclusion_reasons, x->reason, sizeof(x->reason), &f);
        json_take_text(it, "approval_ref", false, 100, x->approval_ref, sizeof(x->approval_ref), &f);
    }
    if (f.n == 0 && (!x->member_id || !x->reason[0] || !x->approval_ref[0])) {
        verr_add(&f,
                 !x->member_id   ? "member_id"
                 : !x->reason[0] ? "reason"
                                 : "approval_ref",
                 "is required: an exclusion needs the 条例's reason and the higher organisation's approval");
    }
    for (size_t k = 0; f.n == 0 && k < n; k++) {
        if (e->x[k].member_id == x->member_id) {
            verr_add(&f, "member_id", "is excluded twice");
        }
    }
    if (f.n == 0 && !on_roster(e, x->member_id)) {
        verr_add(&f, "member_id", "is not on the roster of those who should attend");
    }
    items_errors(v, "exclusions", n, &f);
}

/* Reads round it (number r) into e->rd[r] and row r of e->votes, faults to v as
 * "rounds[r].field": its ballots, and {member_id, votes} for each candidate standing (a
 * void round's votes may be left out). */
static void round_read(struct election_in *e, const cJSON *it, size_t r, struct verrs *v)
{
    static const char *const fields[] = {"ballots_issued", "ballots_returned", "invalid_ballots", "votes",
                                         NULL};
    static const char *const vfields[] = {"member_id", "votes", NULL};
    struct election_round *rd = &e->rd[r];
    struct verrs f = {0};
    const cJSON *vs = NULL, *vt = NULL;
    size_t k = 0;
    if (!cJSON_IsObject(it) || !json_check_fields(it, fields, &f)) {
        verr_add(&f, "ballots_issued",
                 "each round is an object {ballots_issued, ballots_returned, invalid_ballots, votes}");
    }
    if (f.n == 0) {
        json_get_int(it, "ballots_issued", true, 0, 100000, &rd->issued, NULL, &f);
        json_get_int(it, "ballots_returned", true, 0, 100000, &rd->returned, NULL, &f);
        json_get_int(it, "invalid_ballots", false, 0, 100000, &rd->invalid, NULL, &f);
        vs = cJSON_GetObjectItemCaseSensitive(it, "votes");
    }
    if (f.n == 0 && vs != NULL && (!cJSON_IsArray(vs) || cJSON_GetArraySize(vs) > ELECTION_CANDIDATES_MAX)) {
        verr_add(&f, "votes", "must be an array of {member_id, votes}, one per candidate standing");
    } else if (f.n == 0 && vs == NULL && rd->returned <= rd->issued) {
        verr_add(&f, "votes", "is required: each candidate standing and their yes votes");
    }
    const cJSON *list = f.n == 0 ? vs : NULL;
    cJSON_ArrayForEach(vt, list)
    {
        int64_t member = 0, yes = 0;
        size_t i = 0;
        struct verrs g = {0};
        if (!cJSON_IsObject(vt) || !json_check_fields(vt, vfields, &g)) {
            verr_add(&g, "member_id", "each is an object {member_id, votes}");
        }
        if (g.n == 0) {
            json_take_id(vt, "member_id", false, &member, &g);
            json_get_int(vt, "votes", true, 0, 100000, &yes, NULL, &g);
        }
        while (g.n == 0 && i < e->nc && e->c[i].member_id != member) {
            i++;
        }
        if (g.n == 0 && (i == e->nc || e->votes[r * e->nc + i] >= 0)) {
            verr_add(&g, "member_id", i == e->nc ? "names no candidate" : "names a candidate twice");
        }
        if (g.n > 0) {
            items_errors(&f, "votes", k, &g);
            break;
        }
        e->votes[r * e->nc + i] = yes;
        k++;
    }
    items_errors(v, "rounds", r, &f);
}

/* Reads the array member list of the body with read(e, item, k) for each, at most max
 * (required: at least one), into *n. */
static void list_read(struct req *r, const char *list, size_t max, bool required, size_t *n, struct verrs *v,
                      void (*read)(struct election_in *e, const cJSON *it, size_t k, struct verrs *v),
                      struct election_in *e)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(r->json, list), *it = NULL;
    char msg[96];
    if (a == NULL && !required) {
        return;
    }
    if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) > max || (required && cJSON_GetArraySize(a) < 1)) {
        snprintf(msg, sizeof(msg), "must be an array of %s to %zu items", required ? "1" : "0", max);
        verr_add(v, list, msg);
        return;
    }
    cJSON_ArrayForEach(it, a)
    {
        read(e, it, (*n)++, v);
    }
}

static void candidate_item(struct election_in *e, const cJSON *it, size_t k, struct verrs *v)
{
    candidate_read(e, it, &e->c[k], k, v);
}
static void exclusion_item(struct election_in *e, const cJSON *it, size_t k, struct verrs *v)
{
    exclusion_read(e, it, &e->x[k], k, v);
}

/* Who should attend and the quorum, the candidate margin: faults to v. */
static void meeting_check(struct election_in *e, struct verrs *v)
{
    struct term *t = &e->t;
    char msg[160];
    t->roster = (int64_t)e->nroster;
    t->excluded = (int64_t)e->nx;
    t->eligible = t->roster - t->excluded;
    if (t->present > t->roster) {
        verr_add(v, "present", "exceeds the voting members on the roster");
    } else if (!election_quorate(t->eligible, t->present)) {
        snprintf(
            msg, sizeof(msg),
            "%lld present of %lld who should attend (应到会) is not more than four fifths: the election is "
            "not valid (选举条例)",
            (long long)t->present, (long long)t->eligible);
        verr_add(v, "present", msg);
    }
    if ((int64_t)e->nc < election_candidates_min((int)t->seats)) {
        snprintf(msg, sizeof(msg),
                 "%zu candidates for %lld seats: at least %d are needed (差额, 20%% more than the seats)",
                 e->nc, (long long)t->seats, election_candidates_min((int)t->seats));
        verr_add(v, "candidates", msg);
    }
}

/* Counts the rounds: the elected marked in e->c (with the votes of their last round),
 * faults to v as "rounds[k].field", "rounds[k]" or "rounds". */
static void tally(struct election_in *e, struct verrs *v)
{
    bool elected[ELECTION_CANDIDATES_MAX];
    size_t at = 0;
    const char *field = NULL, *why = election_run(e->rd, e->nr, e->votes, e->nc, e->t.present,
                                                  (int)e->t.seats, elected, &at);
    for (size_t r = 0; r < e->nr && r < at; r++) { /* the rounds counted */
        const char *bad = election_round_fault(&e->rd[r], e->t.present, e->votes + r * e->nc, e->nc, &field);
        struct verrs f = {0};
        if (bad) {
            verr_add(&f, field, bad);
            items_errors(v, "rounds", r, &f);
        }
    }
    /* the members' consent to fewer seats (条例) is kept only when it decided */
    e->t.fewer_seats_agreed =
        why != NULL && e->t.fewer_seats_agreed && election_fewer_stands(e->rd, e->nr, at, elected, e->nc);
    if (e->t.fewer_seats_agreed) {
        why = NULL;
    }
    if (v->n == 0 && why != NULL) {
        char field_at[24];
        snprintf(field_at, sizeof(field_at), "rounds[%zu]", at);
        verr_add(v, at < e->nr ? field_at : "rounds", why);
    }
    int secretaries = 0;
    for (size_t i = 0; i < e->nc; i++) {
        e->c[i].elected = elected[i];
        secretaries += elected[i] && strcmp(e->c[i].role, "secretary") == 0;
        for (size_t r = 0; r < e->nr; r++) {
            if (e->rd[r].returned <= e->rd[r].issued && e->votes[r * e->nc + i] >= 0) {
                e->c[i].votes = e->votes[r * e->nc + i];
            }
        }
    }
    if (v->n == 0 && secretaries > 1) {
        verr_add(v, "candidates", "more than one secretary would be elected");
    }
    for (size_t r = e->nr; r-- > 0;) { /* the first valid round's */
        if (e->rd[r].returned <= e->rd[r].issued) {
            e->t.votes_cast = e->rd[r].returned;
        }
    }
}

static void round_item(struct election_in *e, const cJSON *it, size_t k, struct verrs *v)
{
    round_read(e, it, k, v);
}

/* Reads and counts the election in the body into e. False when it has replied (422, or
 * 503 when the roster could not be read). */
static bool election_read_or_reply(struct req *r, struct election_in *e)
{
    struct verrs v = {0};
    term_read(r, e, &v);
    if (v.n == 0) {
        enum yh_err err =
            terms_db_roster(r->db, r->claims.office, e->t.branch_id, e->t.held_on, &e->roster, &e->nroster);
        if (err != YH_OK) {
            reply_problem(r, err, NULL, NULL);
            return false;
        }
        list_read(r, "candidates", ELECTION_CANDIDATES_MAX, true, &e->nc, &v, candidate_item, e);
        list_read(r, "exclusions", EXCLUSIONS_MAX, false, &e->nx, &v, exclusion_item, e);
    }
    for (size_t i = 0; i < ROUNDS_MAX * ELECTION_CANDIDATES_MAX; i++) {
        e->votes[i] = -1;
    }
    if (v.n == 0) {
        meeting_check(e, &v);
    }
    if (v.n == 0) {
        list_read(r, "rounds", ROUNDS_MAX, true, &e->nr, &v, round_item, e);
    }
    if (v.n == 0) {
        tally(e, &v);
    }
    return verrs_ok_or_reply(r, &v);
}

/* Records election e and makes the elected the branch's committee; *id gets the term's
 * id. */
static enum yh_err election_write(struct req *r, const struct election_in *e, int64_t *id)
{
    struct committee_seat seats[ELECTION_CANDIDATES_MAX];
    struct election_record rec = {&e->t, e->c, e->nc, e->x, e->nx, e->rd, e->nr, e->votes};
    size_t ns = 0;
    for (size_t i = 0; i < e->nc; i++) {
        if (e->c[i].elected) {
            memset(&seats[ns], 0, sizeof(seats[ns]));
            seats[ns].member_id = e->c[i].member_id;
            snprintf(seats[ns].role, sizeof(seats[ns].role), "%s", e->c[i].role);
            ns++;
        }
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = terms_db_insert(r->db, r->claims.office, &rec, r->claims.sub, id);
    }
    if (err == YH_OK) {
        err = branches_db_set_committee(r->db, e->t.branch_id, seats, ns);
    }
    if (err == YH_OK) {
        err = req_audit(r, "branch.election", "branch", e->t.branch_id);
    }
    return err;
}

/* The open branch of the path, which must hold elections: false when it has replied
 * (404, or 409 naming the rule for temporary and functional branches). */
static bool electing_branch_or_reply(struct req *r, int64_t id)
{
    struct branch b;
    if (branches_db_get(r->db, r->claims.office, id, &b) != YH_OK || b.dissolved_on[0]) {
        reply_problem(r, YH_ERR_NOT_FOUND, "no such open organisation", NULL);
        return false;
    }
    if (strcmp(b.nature, "temporary") == 0) {
        reply_problem(
            r, YH_ERR_CONFLICT,
            "temporary branches hold no elections: their leaders are appointed by the organisation that "
            "approved them (RULES.md, Temporary and functional branches)",
            NULL);
        return false;
    }
    if (strcmp(b.nature, "functional") == 0) {
        reply_problem(
            r, YH_ERR_CONFLICT,
            "functional branches hold no organisational relationship (组织关系): their members elect in "
            "the regular branch of their formal affiliation (RULES.md, Temporary and functional branches)",
            NULL);
        return false;
    }
    return true;
}

/* POST /v1/branches/{id}/terms {starts_on, years, held_on, present, seats, candidates,
 * exclusions, rounds}: replies 201 with the new term. */
void terms_create(struct req *r)
{
    struct election_in *e = calloc(1, sizeof(*e));
    int64_t id = 0;
    cJSON *items = NULL;
    if (e == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (!id_param_or_reply(r, &e->t.branch_id) || !branch_reachable_or_reply(r, e->t.branch_id) ||
        !body_known_or_reply(r, election_fields, ARRAY_LEN(election_fields)) ||
        !electing_branch_or_reply(r, e->t.branch_id) || !election_read_or_reply(r, e) ||
        !commit_or_reply(r, election_write(r, e, &id), "branch")) {
        goto out;
    }
    enum yh_err err = terms_json(r, e->t.branch_id, &items);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        goto out;
    }
    cJSON *j = cJSON_DetachItemFromArray(items, 0); /* the newest */
    reply_json_take(r, 201, j ? j : cJSON_CreateObject());
out:
    cJSON_Delete(items);
    if (e) {
        free(e->roster);
    }
    free(e);
}

/* GET /v1/branches/{id}/terms/roster?on=: who should attend an election held on the day
 * (default today) before exclusions: {on, count, items: [{member_id, name}]}. */
void terms_roster(struct req *r)
{
    int64_t branch = 0;
    struct roster_row *rows = NULL;
    size_t n = 0;
    char on[11];
    const char *q = query_get(&r->q, "on");
    if (!id_param_or_reply(r, &branch) || !branch_reachable_or_reply(r, branch) ||
        !electing_branch_or_reply(r, branch)) {
        return;
    }
    if (q != NULL && !date_valid(q)) {
        struct verrs e = {0};
        verr_add(&e, "on", "must be a date YYYY-MM-DD");
        reply_problem(r, YH_ERR_BAD_REQUEST, "on must be a date YYYY-MM-DD", &e);
        return;
    }
    snprintf(on, sizeof(on), "%s", q ? q : "");
    if (q == NULL) {
        today_cn(on);
    }
    enum yh_err err = terms_db_roster(r->db, r->claims.office, branch, on, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "on", on);
    cJSON_AddNumberToObject(body, "count", (double)n);
    cJSON_AddItemToObject(body, "items", orglife_rows_json(roster_map, roster_map_n, rows, n, sizeof(*rows)));
    free(rows);
    reply_json_take(r, 200, body);
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
