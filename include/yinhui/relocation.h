#ifndef YINHUI_RELOCATION_H
#define YINHUI_RELOCATION_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

struct req;

/* Relocated members, branches located elsewhere and 混编 (issue 15, README "Members
 * living elsewhere"): rules in service/org/relocation_rules.c (tests/unit/
 * test_relocation_rules.c), handlers in relocation.c, SQL in relocation_db.c. */

/* ---- rules (plain functions, no database) ---- */
/* Why code cannot be a branch's location or a member's residence (NULL: it can): six
 * digits with a known province (GB/T 2260). */
const char *relocation_code_refusal(const char *code);
/* True when location (a branch's location_code or a member's residence_code; "" or NULL
 * means the office's own area) is outside office's area. */
bool relocation_elsewhere(const char *office, const char *location);
/* The place a member living at residence is counted under: its prefecture (XXYY00; a
 * province-level code stays as it is). out gets "" for an invalid code. */
void relocation_place(const char *residence, char out[7]);
/* Why host cannot be granted home's relocated members (NULL: it can): a valid office
 * code, not home itself, nor an office over home (which oversees it already). */
const char *relocation_host_refusal(const char *home, const char *host);
/* 混编: why a member of category with primary branch branch_id (0: none) cannot be
 * managed with the in-service unit unit and its branch (NULL: it can, or nothing is set).
 * unit "" and branch "" set nothing; a branch name needs its unit; retirees only. */
const char *relocation_managed_with_refusal(const char *category, int64_t branch_id, const char *unit,
                                            const char *branch);
/* Whether a host office sees a member of a granting office: active, relocated, living in
 * the host's area and consenting (四就近). */
bool relocation_hosted_visible(const char *host, const char *status, bool relocated, const char *residence,
                               bool consent);

/* A name as a host office sees it without ?reveal=true: the first character (the
 * surname, usually) and one * for each of the others ("张**"); a one-character name is
 * "*". Into out (len bytes). */
void relocation_mask_name(const char *name, char *out, size_t len);

/* ---- store (relocation_db.c) ---- */
struct relocation_grant {
    int64_t id;
    char office[7];
    char host_office[7];
    char host_name[401];
    char granted_by[81];
    char created_at[32];
    char revoked_at[32];
    char revoked_by[81];
    int64_t version;
};
/* g as the API shows it (active: not revoked). Caller owns it. */
cJSON *relocation_grant_json(const struct relocation_grant *g);
/* Inserts an open grant: CONFLICT when one to that host is open. */
enum yh_err relocation_db_grant(struct db *db, const char *office, const char *host, const char *by,
                                int64_t *id);
/* *open: office has an open grant to host. */
enum yh_err relocation_db_grant_open(struct db *db, const char *office, const char *host, bool *open);
/* The grant id of office (NOT_FOUND otherwise). */
enum yh_err relocation_db_grant_get(struct db *db, const char *office, int64_t id,
                                    struct relocation_grant *g);
/* Revokes open grant id of office at version: PRECONDITION when it is no longer open at
 * that version. */
enum yh_err relocation_db_revoke(struct db *db, const char *office, int64_t id, int64_t version,
                                 const char *by);
/* The office's grants from after_id on (limit+1 at most; caller frees *out). */
enum yh_err relocation_db_grants(struct db *db, const char *office, int64_t after_id, int limit,
                                 struct relocation_grant **out, size_t *n);
/* *exists: office code is an office. */
enum yh_err relocation_db_office_exists(struct db *db, const char *code, bool *exists);

/* A member as its host office sees it: nothing else of the record. */
struct hosted_member {
    int64_t id;
    char name[201];
    char gender[8];
    char birth_date[11];
    char office[7];
    char office_name[401];
    char branch_name[401];
    char residence_code[7];
    char category[12];
    unsigned char phone_enc[128];
    size_t phone_enc_len;
};
/* Adds m's plain fields as the host sees them (name, birth year and phone are the
 * handler's: masked or revealed). */
void hosted_member_add_json(cJSON *j, const struct hosted_member *m);
/* Members of offices that granted host (only from_office when not NULL) who are active,
 * relocated, consenting and living in host's area, from after_id on (limit+1 at most),
 * or only member id when id != 0. Caller frees *out. */
enum yh_err relocation_db_hosted(struct db *db, const char *host, const char *from_office, int64_t id,
                                 int64_t after_id, int limit, struct hosted_member **out, size_t *n);

/* ---- handlers (relocation.c) ---- */
void members_nearby_consent_put(struct req *r);
void relocation_grants_create(struct req *r);
void relocation_grants_list(struct req *r);
void relocation_grants_revoke(struct req *r);
void hosted_members_list(struct req *r);
void hosted_members_get(struct req *r);

#endif
