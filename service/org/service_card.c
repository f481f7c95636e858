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

/* The card's audit rows in one unit of work: the card read, searchable by its member
 * id; then one member.phone_shown row per contact whose full phone went out (shown, 0:
 * none), searchable by that contact (same request id). */
static enum yh_err card_audit(struct req *r, int64_t id, const int64_t shown[2])
{
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = req_audit(r, "member.service_card", "member", id);
    }
    for (int i = 0; i < 2 && err == YH_OK; i++) {
        if (shown[i] != 0 && (i == 0 || shown[1] != shown[0])) {
            err = req_audit(r, "member.phone_shown", "member", shown[i]);
        }
    }
    return db_finish(r->db, err);
}

/* GET /v1/members/{id}/service-card: the member's branch, secretary and liaison. Full
 * phones go to the member the card belongs to (its token's member claim) and, with
 * ?reveal=true, to pii:read; everyone else sees them masked. Besides the card's own
 * audit row, a member.phone_shown row names each contact whose full phone was shown. */
void members_service_card(struct req *r)
{
    struct member m;
    int64_t id = 0, secretary = 0, shown[2] = {0, 0};
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
