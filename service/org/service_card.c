/* GET /v1/members/{id}/service-card: the member's service card (亲情服务卡). */
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/branches_db.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/org.h"
#include "yinhui/party_groups_db.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"

/* {member_id, name, phone} of contact id. The phone is full when full (the card is for
 * calling them) and masked otherwise; *shown is set to the contact id when a full phone
 * went out. */
static enum yh_err contact_json(struct req *r, int64_t id, bool full, cJSON *parent, const char *name,
                                int64_t *shown)
{
    struct member c;
    struct member_plain p;
    char masked[32];
    if (id == 0) {
        cJSON_AddNullToObject(parent, name);
        return YH_OK;
    }
    enum yh_err err = members_db_get(r->db, r->claims.office, id, &c);
    if (err != YH_OK) {
        return err;
    }
    if (member_open(&r->app->cfg, &c, &p) != 0) {
        return YH_ERR_INTERNAL;
    }
    cJSON *j = cJSON_AddObjectToObject(parent, name);
    json_add_id(j, "member_id", c.id);
    cJSON_AddStringToObject(j, "name", c.name);
    if (!p.phone[0]) {
        cJSON_AddNullToObject(j, "phone");
    } else if (full) {
        cJSON_AddStringToObject(j, "phone", p.phone);
        *shown = c.id;
    } else {
        mask_phone(p.phone, masked, sizeof(masked));
        cJSON_AddStringToObject(j, "phone", masked);
    }
    return YH_OK;
}

/* The card's contacts: the secretary, the liaison and the party group's leader. */
#define CARD_CONTACTS 3

/* The card's audit rows in one unit of work: the card read, searchable by its member
 * id; then one member.phone_shown row per contact whose full phone went out (shown, 0:
 * none), searchable by that contact (same request id). */
static enum yh_err card_audit(struct req *r, int64_t id, const int64_t shown[CARD_CONTACTS])
{
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = req_audit(r, "member.service_card", "member", id);
    }
    for (int i = 0; i < CARD_CONTACTS && err == YH_OK; i++) {
        bool again = false; /* one row per contact, who may hold two roles */
        for (int k = 0; k < i; k++) {
            again = again || shown[k] == shown[i];
        }
        if (shown[i] != 0 && !again) {
            err = req_audit(r, "member.phone_shown", "member", shown[i]);
        }
    }
    return db_finish(r->db, err);
}

/* Adds the member's party group in their primary branch (group: {id, name} or null) and
 * its leader (group_leader, a contact as contact_json; null when none) to j. */
static enum yh_err group_json(struct req *r, const struct member *m, bool full, cJSON *j, int64_t *shown)
{
    struct member_group g;
    enum yh_err err = m->branch_id
                          ? party_groups_db_of_member(r->db, r->claims.office, m->id, m->branch_id, &g)
                          : YH_ERR_NOT_FOUND;
    if (err == YH_ERR_NOT_FOUND) {
        cJSON_AddNullToObject(j, "group");
        cJSON_AddNullToObject(j, "group_leader");
        return YH_OK;
    }
    if (err != YH_OK) {
        return err;
    }
    cJSON *o = cJSON_AddObjectToObject(j, "group");
    json_add_id(o, "id", g.id);
    cJSON_AddStringToObject(o, "name", g.name);
    return contact_json(r, g.leader_id, full, j, "group_leader", shown);
}

/* GET /v1/members/{id}/service-card: the member's branch, secretary, liaison and party
 * group leader (the first contact, RULES.md Party groups). Full
 * phones go to the member the card belongs to (its token's member claim) and, with
 * ?reveal=true, to pii:read; everyone else sees them masked. Besides the card's own
 * audit row, a member.phone_shown row names each contact whose full phone was shown. */
void members_service_card(struct req *r)
{
    struct member m;
    int64_t id = 0, secretary = 0, shown[CARD_CONTACTS] = {0, 0, 0};
    bool ok = true;
    bool reveal = reveal_requested(r, &ok);
    if (!ok || !member_of_path_or_reply(r, &id, &m)) {
        return;
    }
    bool full = reveal || (r->claims.member_id != 0 && r->claims.member_id == id);
    enum yh_err err =
        m.branch_id ? branches_db_secretary(r->db, r->claims.office, m.branch_id, &secretary) : YH_OK;
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "member_id", m.id);
    cJSON_AddStringToObject(j, "member_name", m.name);
    member_json_add_branch(j, "branch", &m);
    if (err == YH_OK) {
        err = contact_json(r, secretary, full, j, "secretary", &shown[0]);
    }
    if (err == YH_OK) {
        err = contact_json(r, m.liaison_id, full, j, "liaison", &shown[1]);
    }
    if (err == YH_OK) {
        err = group_json(r, &m, full, j, &shown[2]);
    }
    cJSON_AddStringToObject(j, "pii", full ? "full" : "masked");
    if (err == YH_OK) {
        err = card_audit(r, id, shown);
    }
    if (err != YH_OK) {
        cJSON_Delete(j);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}
