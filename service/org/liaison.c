/* /v1/members/{id}/liaison: pairing (结对) a retired member with an in-service liaison. */
#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/org.h"
#include "yinhui/org_body.h"
#include "yinhui/org_rules.h"
#include "yinhui/reach.h"

/* The body of PUT /v1/members/{id}/liaison. */
struct liaison_body {
    int64_t liaison_id;
};
static const struct field liaison_fields[] = {
    FIELD_ID("liaison_id", struct liaison_body, liaison_id, 0),
};

/* A pairing being decided: the member, its liaison and the liaison's load. */
struct pairing {
    struct member m, l;
    int64_t paired, cap;
};

/* Reads the rows the pairing of member id with liaison_id depends on into p, locking
 * the member and then the liaison (concurrent pairings to one liaison count one at a
 * time). Adds to v when the liaison is not a member of the office; returns a db error. */
static enum yh_err pairing_read(struct req *r, int64_t id, int64_t liaison_id, struct pairing *p,
                                struct verrs *v)
{
    enum yh_err err = members_db_get_for_update(r->db, r->claims.office, id, &p->m);
    if (err == YH_OK) {
        err = members_db_count_paired(r->db, r->claims.office, liaison_id, &p->paired);
    }
    if (err == YH_OK) {
        err = members_db_get(r->db, r->claims.office, liaison_id, &p->l);
        if (err == YH_ERR_NOT_FOUND) {
            err = YH_OK;
            verr_add(v, "liaison_id", "no such member in this office");
        }
    }
    if (err == YH_OK) {
        err = offices_db_liaison_cap(r->db, r->claims.office, &p->cap);
    }
    return err;
}

/* Reads and decides the pairing inside the unit of work begun with outcome err: false
 * when it has rolled back and replied (the error, a 422 on liaison_id or a 409). */
static bool pairing_allowed_or_reply(struct req *r, enum yh_err err, int64_t id, int64_t liaison_id,
                                     struct pairing *p)
{
    struct verrs v = {0};
    struct pairing_verdict verdict = {NULL, ""};
    if (err == YH_OK) {
        err = pairing_read(r, id, liaison_id, p, &v);
    }
    if (err == YH_OK && v.n == 0) {
        pairing_decide(&p->m, &p->l, liaison_id, p->paired, p->cap, &verdict);
        if (verdict.field_error != NULL) {
            verr_add(&v, "liaison_id", verdict.field_error);
        }
    }
    if (err == YH_OK && v.n == 0 && !verdict.conflict[0]) {
        return true;
    }
    db_rollback(r->db);
    if (err != YH_OK) {
        reply_error(r, err, "member");
    } else if (v.n > 0) {
        verrs_ok_or_reply(r, &v);
    } else {
        reply_problem(r, YH_ERR_CONFLICT, verdict.conflict, NULL);
    }
    return false;
}

/* The pairing's answer: who, with whom, and the liaison's load after it. */
static cJSON *pairing_json(int64_t id, int64_t liaison_id, const struct pairing *p)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "member_id", id);
    json_add_id(j, "liaison_id", liaison_id);
    cJSON_AddStringToObject(j, "liaison_name", p->l.name);
    cJSON_AddNumberToObject(j, "liaison_paired", (double)(p->paired + 1));
    cJSON_AddNumberToObject(j, "cap", (double)p->cap);
    return j;
}

/* PUT /v1/members/{id}/liaison: pairs the member with a liaison within the office's cap. */
void members_liaison_put(struct req *r)
{
    struct liaison_body b = {0};
    struct pairing p = {.cap = 30};
    struct verrs v = {0};
    int64_t id = 0;

    if (!id_param_or_reply(r, &id) ||
        !body_known_or_reply(r, liaison_fields, ARRAY_LEN(liaison_fields)) ||
        !org_body_read_or_reply(r, liaison_fields, ARRAY_LEN(liaison_fields), &b, false, &v)) {
        return;
    }
    if (v.n == 0 && b.liaison_id == 0) {
        verr_add(&v, "liaison_id", "is required");
    }
    if (!verrs_ok_or_reply(r, &v) || !pairing_allowed_or_reply(r, db_begin(r->db), id, b.liaison_id, &p)) {
        return;
    }
    enum yh_err err = members_db_set_liaison(r->db, r->claims.office, id, b.liaison_id);
    if (err == YH_OK) {
        err = req_audit(r, "member.pair", "member", id);
    }
    if (commit_or_reply(r, err, "member")) {
        reply_json_take(r, 200, pairing_json(id, b.liaison_id, &p));
    }
}

/* DELETE /v1/members/{id}/liaison: 204, or 409 when the member is not paired. */
void members_liaison_delete(struct req *r)
{
    struct member m;
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = members_db_get_for_update(r->db, r->claims.office, id, &m);
    }
    if (err == YH_OK && m.liaison_id == 0) {
        db_rollback(r->db);
        reply_problem(r, YH_ERR_CONFLICT, "the member is not paired", NULL);
        return;
    }
    if (err == YH_OK) {
        err = members_db_set_liaison(r->db, r->claims.office, id, 0);
    }
    if (err == YH_OK) {
        err = req_audit(r, "member.unpair", "member", id);
    }
    if (commit_or_reply(r, err, "member")) {
        reply_empty(r, 204);
    }
}
