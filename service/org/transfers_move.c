/* What an accepted transfer does to the records (include/yinhui/transfers.h): between
 * offices the receiving office's copy of the member (personal values opened and sealed
 * again for it) and the sender's record closed; within an office the same record's move to
 * another branch. Shared by the accept handler (transfers.c) and the demo generator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/gbt2260.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/pii.h"
#include "yinhui/transfers.h"

/* The receiving office's copy of sender's record old: personal values opened and sealed
 * again (fresh nonces under the current key, the health index for the new office), the
 * relocated flag against the new office's area, a member in hospital with its health
 * before the stay, no consent to host offices yet. */
static enum yh_err member_copy(struct db *db, const struct config *cfg, const struct member *old,
                               const char *to, struct member *nm)
{
    struct member_plain p;
    unsigned char before_enc[64];
    char before[16] = "";
    size_t n = 0;
    enum yh_err err = transfers_db_stay_health(db, old->office, old->id, before_enc, sizeof(before_enc), &n);
    if (err != YH_OK) {
        return err;
    }
    if (member_open(cfg, old, &p) != 0 || pii_open_into(cfg, before_enc, n, before, sizeof(before)) != 0) {
        return YH_ERR_INTERNAL;
    }
    memcpy(nm, old, sizeof(*nm));
    nm->id = 0;
    snprintf(nm->office, sizeof(nm->office), "%s", to);
    snprintf(nm->status, sizeof(nm->status), "active");
    nm->status_on[0] = nm->transferred_to[0] = '\0';
    nm->branch_id = nm->liaison_id = 0;
    /* the consent was given for the old office's grants to host offices: the new office
     * asks again */
    nm->nearby_consent = false;
    nm->nearby_consent_on[0] = '\0';
    nm->relocated = nm->residence_code[0] != '\0' && !gbt2260_covers(to, nm->residence_code);
    char health[16];
    snprintf(health, sizeof(health), "%s", transfer_health_on_arrival(p.health, before));
    memcpy(p.health, health, sizeof(p.health));
    p.id_set = p.phone_set = p.address_set = p.health_set = true;
    return member_seal(cfg, nm, &p) != 0 ? YH_ERR_INTERNAL : YH_OK;
}

/* Writes copy nm into office nm->office: a new record, or, when the office holds the
 * member's record closed as transferred_out (the member left it once; the ID number is
 * held once per office), that record made active again with nm's values. *id: the
 * record. CONFLICT when the office holds the ID number in an active or deceased record. */
static enum yh_err member_place(struct db *db, struct member *nm, int64_t *id)
{
    struct member *prev = calloc(1, sizeof(*prev));
    enum yh_err err = prev == NULL ? YH_ERR_INTERNAL : members_db_by_hmac(db, nm->office, nm->id_hmac, prev);
    if (err == YH_ERR_NOT_FOUND) {
        free(prev);
        return members_db_insert(db, nm, id);
    }
    err = err == YH_OK ? members_db_get_for_update(db, nm->office, prev->id, prev) : err;
    if (err == YH_OK && strcmp(prev->status, "transferred_out") != 0) {
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        nm->id = *id = prev->id;
        err = members_db_update(db, nm, prev->version);
    }
    err = err == YH_OK ? members_db_return(db, nm->office, nm->id) : err;
    free(prev);
    return err;
}

/* Between offices: the record moves to the caller's office into branch on day on; the
 * sender's is closed as transferred_out to the caller's office. *new_id: the new record. */
static enum yh_err move_between(struct db *db, const struct config *cfg, const struct transfer *t,
                                int64_t branch, const char *on, int64_t *new_id, char *msg, size_t len)
{
    struct member *old = calloc(2, sizeof(*old)), *nm = old + 1;
    int64_t ms = 0;
    enum yh_err err =
        old == NULL ? YH_ERR_INTERNAL : members_db_get_for_update(db, t->from_office, t->member_id, old);
    if (err == YH_OK && !transfer_member_allowed(old, 0, msg, len)) {
        err = YH_ERR_CONFLICT;
    }
    err = err == YH_OK ? member_copy(db, cfg, old, t->to_office, nm) : err;
    err = err == YH_OK ? member_place(db, nm, new_id) : err;
    if (err == YH_ERR_CONFLICT && !msg[0]) {
        snprintf(msg, len,
                 "this office already has an active or deceased member record with the member's ID "
                 "number (POST /v1/members/lookup): an ID number is held once per office");
    }
    err = err == YH_OK ? memberships_db_move_primary(db, t->to_office, *new_id, branch, on, &ms) : err;
    err =
        err == YH_OK ? transfers_db_arrive(db, t->from_office, t->member_id, t->to_office, *new_id, on) : err;
    err = err == YH_OK
              ? members_db_close(db, t->from_office, t->member_id, "transferred_out", on, t->to_office_name)
              : err;
    free(old);
    return err;
}

/* Within an office: the same record changes its primary branch on day on. */
static enum yh_err move_within(struct db *db, const struct transfer *t, int64_t branch, const char *on,
                               char *msg, size_t len)
{
    struct member *m = calloc(1, sizeof(*m));
    int64_t ms = 0;
    enum yh_err err =
        m == NULL ? YH_ERR_INTERNAL : members_db_get_for_update(db, t->from_office, t->member_id, m);
    if (err == YH_OK && !transfer_member_allowed(m, branch, msg, len)) {
        err = YH_ERR_CONFLICT;
    }
    free(m);
    err = err == YH_OK ? memberships_db_move_primary(db, t->from_office, t->member_id, branch, on, &ms) : err;
    return err;
}

enum yh_err transfer_accept_move(struct db *db, const struct config *cfg, const struct transfer *t,
                                 int64_t branch, const char *on, int64_t *new_id, char *msg, size_t len)
{
    if (strcmp(t->from_office, t->to_office) == 0) {
        *new_id = t->member_id;
        return move_within(db, t, branch, on, msg, len);
    }
    return move_between(db, cfg, t, branch, on, new_id, msg, len);
}
