/* /v1/visits: care visits (走访慰问) to one or more members, with sealed notes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/care.h"
#include "yinhui/care_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"

#define VISIT_MEMBERS_MAX 50

/* The branch whose members' visits a caller who does not see the whole office sees: a
 * secretary's branch, -1 (none) for anyone else. */
static int64_t visit_branch(const struct req *r)
{
    return req_is_secretary(r) ? r->claims.branch_id : -1;
}

/* Adds the notes to j: opened (and the read audited) when reveal, else null with
 * notes_sealed telling whether there are any. */
static enum yh_err visit_notes_json(struct req *r, const struct visit *v, bool reveal, cJSON *j)
{
    struct buf notes = {0};
    bool sealed = v->notes_enc_len > 0;
    enum yh_err err = YH_OK;
    if (sealed && reveal) {
        err = req_audit(r, "visit.read_notes", "visit", v->id);
        if (err == YH_OK &&
            pii_open(&r->app->cfg, (const char *)v->notes_enc, v->notes_enc_len, &notes) != 0) {
            err = YH_ERR_INTERNAL;
        }
        if (err == YH_OK) {
            cJSON_AddStringToObject(j, "notes", notes.data);
        }
    } else {
        cJSON_AddNullToObject(j, "notes");
    }
    cJSON_AddBoolToObject(j, "notes_sealed", sealed && !reveal);
    buf_free(&notes);
    return err;
}

/* The visit id as JSON for the caller (NOT_FOUND unless it sees one of the members
 * visited). The sealed notes are opened only when reveal (?reveal=true, which needs
 * pii:read), and that read is audited. *out (caller owns) is set on YH_OK only. */
static enum yh_err visit_json(struct req *r, int64_t id, bool reveal, cJSON **out)
{
    struct visit *v = calloc(1, sizeof(*v)); /* 5 KB: worker stacks are small */
    struct db_rows m;
    cJSON *j = NULL;
    enum yh_err err = v == NULL ? YH_ERR_INTERNAL : YH_OK;
    if (err == YH_OK) {
        err = visits_db_get(r->db, r->claims.office, req_whole_office(r), visit_branch(r), id, v);
    }
    if (err == YH_OK) {
        err = visits_db_members(r->db, r->claims.office, id, &m);
    }
    if (err != YH_OK) {
        free(v);
        return err;
    }
    j = cJSON_CreateObject();
    json_add_id(j, "id", v->id);
    cJSON_AddStringToObject(j, "reason", v->reason);
    cJSON_AddStringToObject(j, "visited_on", v->visited_on);
    cJSON_AddStringToObject(j, "visitors", v->visitors);
    cJSON_AddNumberToObject(j, "gift_fen", (double)v->gift_fen);
    err = visit_notes_json(r, v, reveal, j);
    cJSON_AddBoolToObject(j, "follow_up", v->follow_up);
    cJSON_AddStringToObject(j, "created_by", v->created_by);
    cJSON_AddStringToObject(j, "created_at", v->created_at);
    cJSON_AddItemToObject(j, "members", view_rows(&m, m.nrows, &visit_members_view));
    db_rows_free(&m);
    free(v);
    if (err != YH_OK) {
        cJSON_Delete(j);
        return err;
    }
    *out = j;
    return YH_OK;
}

/* The body of POST /v1/visits: notes and member_ids are read by the handler itself. */
static const struct field visit_fields[] = {
    FIELD_OTHER("member_ids", 0),
    FIELD_TEXT("reason", struct visit, reason, 24, FF_REQUIRED),
    FIELD_DATE("visited_on", struct visit, visited_on, FF_REQUIRED),
    FIELD_TEXT("visitors", struct visit, visitors, 200, FF_REQUIRED),
    FIELD_INT("gift_fen", struct visit, gift_fen, 0, 100000000, 0),
    FIELD_OTHER("notes", 0),
    FIELD_BOOL("follow_up", struct visit, follow_up, 0),
};

/* Reads the optional notes (at most 1000 characters) into notes[4001] ("" for none). */
static void visit_notes_take(const struct req *r, char notes[4001], struct verrs *e)
{
    const cJSON *nt = cJSON_GetObjectItemCaseSensitive(r->json, "notes");
    if (nt == NULL || cJSON_IsNull(nt)) {
        return;
    }
    if (!cJSON_IsString(nt) || utf8_len(nt->valuestring) > 1000 || strlen(nt->valuestring) >= 4001) {
        verr_add(e, "notes", "must be text of at most 1000 characters");
    } else {
        snprintf(notes, 4001, "%s", nt->valuestring);
    }
}

/* Reads member_ids (1 to 50 members of the office; of the secretary's branch for a
 * secretary) into members[0..*n). False when it has replied (a store failure). */
static bool visit_members_take_or_reply(struct req *r, int64_t *members, size_t *n, struct verrs *e)
{
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(r->json, "member_ids"), *it = NULL;
    if (!cJSON_IsArray(ms) || cJSON_GetArraySize(ms) == 0 || cJSON_GetArraySize(ms) > VISIT_MEMBERS_MAX) {
        verr_add(e, "member_ids", "must be an array of 1 to 50 member ids");
        return true;
    }
    cJSON_ArrayForEach(it, ms)
    {
        int64_t mid = 0;
        struct member m;
        bool in = true;
        if (!cJSON_IsString(it) || !id_parse(it->valuestring, &mid)) {
            verr_add(e, "member_ids", "holds a value that is not an id");
            return true;
        }
        enum yh_err err = members_db_get(r->db, r->claims.office, mid, &m);
        if (err == YH_OK && req_is_secretary(r)) {
            err = members_db_in_branch(r->db, r->claims.office, mid, r->claims.branch_id, &in);
        }
        if (err == YH_ERR_NOT_FOUND || (err == YH_OK && !in)) {
            verr_add(e, "member_ids", "holds an id that is no member of this office");
            return true;
        }
        if (err != YH_OK) {
            reply_problem(r, err, NULL, NULL);
            return false;
        }
        members[(*n)++] = mid;
    }
    return true;
}

/* Checks the visit is not in the future and its reason is one of the office's, unretired
 * (only when nothing else is wrong). False when it has replied (a store failure). */
static bool visit_check_or_reply(struct req *r, const struct visit *v, struct verrs *e)
{
    char today[11];
    bool usable = false;
    today_cn(today);
    if (e->n == 0 && strcmp(v->visited_on, today) > 0) {
        verr_add(e, "visited_on", "is in the future");
    }
    enum yh_err err = reasons_db_ensure(r->db, r->claims.office);
    if (err == YH_OK && e->n == 0) {
        err = reasons_db_usable(r->db, r->claims.office, v->reason, &usable);
        if (err == YH_OK && !usable) {
            verr_add(e, "reason", "is no visit reason of this office (see /v1/visit-reasons)");
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return true;
}

/* Seals notes ("" for none) into v. False when it has replied. */
static bool visit_seal_or_reply(struct req *r, const char *notes, struct visit *v)
{
    struct buf b = {0};
    if (!notes[0]) {
        return true;
    }
    if (pii_seal(&r->app->cfg, notes, &b) != 0 || b.len > sizeof(v->notes_enc)) {
        buf_free(&b);
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return false;
    }
    memcpy(v->notes_enc, b.data, b.len);
    v->notes_enc_len = b.len;
    buf_free(&b);
    return true;
}

/* Reads and checks the body of POST /v1/visits into v, notes and members[0..*n). False
 * when it has replied. */
static bool visit_read_or_reply(struct req *r, struct visit *v, char notes[4001], int64_t *members, size_t *n)
{
    struct verrs e = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, visit_fields, ARRAY_LEN(visit_fields), v, true, NULL, &e);
    visit_notes_take(r, notes, &e);
    return visit_members_take_or_reply(r, members, n, &e) && visit_check_or_reply(r, v, &e) &&
           verrs_ok_or_reply(r, &e) && visit_seal_or_reply(r, notes, v);
}

/* POST /v1/visits: records a visit; the due list changes. */
void visits_create(struct req *r)
{
    struct visit *v = calloc(1, sizeof(*v));
    int64_t members[VISIT_MEMBERS_MAX], id = 0;
    size_t n = 0;
    char notes[4001] = "";
    cJSON *j = NULL;
    if (v == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (visit_read_or_reply(r, v, notes, members, &n)) {
        enum yh_err err = db_begin(r->db);
        if (err == YH_OK) {
            err = visits_db_insert(r->db, r->claims.office, v, members, n, r->claims.sub, &id);
        }
        if (err == YH_OK) {
            err = req_audit(r, "visit.create", "visit", id);
        }
        if (commit_or_reply_conflict(r, err, NULL, "a member is listed twice")) {
            /* the notes stay sealed in the reply and its replay */
            err = visit_json(r, id, false, &j);
            if (err != YH_OK) {
                reply_problem(r, err, NULL, NULL);
            } else {
                reply_created_take(r, "/v1/visits", id, j);
            }
        }
    }
    free(v);
}

/* GET /v1/visits/{id}[?reveal=true]. */
void visits_get(struct req *r)
{
    int64_t id = 0;
    cJSON *j = NULL;
    bool reveal = false;
    if (!reveal_id_or_reply(r, &reveal, &id)) {
        return;
    }
    enum yh_err err = visit_json(r, id, reveal, &j);
    if (err != YH_OK) {
        reply_error(r, err, "visit");
        return;
    }
    reply_json_take(r, 200, j);
}

/* GET /v1/visits?member=&reason=: the office's visits, newest first, without notes. */
void visits_list(struct req *r)
{
    struct db_rows rows;
    int64_t member = 0;
    int limit;
    char after[24];
    if (!page_params_or_reply(r, "visits", &limit, after, sizeof(after)) ||
        !query_id_or_reply(r, "member", &member)) {
        return;
    }
    enum yh_err err = visits_db_list(r->db, r->claims.office, member, query_get(&r->q, "reason"),
                                     after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, page_of_view(r, "visits", &rows, limit, &visits_view));
}
