/* /v1/accounts: an admin manages its own office's staff accounts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/accounts_db.h"
#include "yinhui/auth_db.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/offices.h"
#include "yinhui/offices_rules.h"
#include "yinhui/page.h"
#include "yinhui/revocation.h"
#include "yinhui/typed_rows.h"

/* The body of POST and PATCH. A binding of -1 is one the PATCH did not give. */
struct account_body {
    char username[65];
    char display_name[401];
    char role[16];
    bool disabled;
    int64_t branch_id, member_id;
};

/* The password is read apart (FIELD_OTHER): it may hold any characters, spaces too. */
static const struct field create_fields[] = {
    FIELD_TEXT("username", struct account_body, username, 64, FF_REQUIRED),
    FIELD_TEXT("display_name", struct account_body, display_name, 100, FF_REQUIRED),
    FIELD_TEXT("role", struct account_body, role, 16, FF_REQUIRED),
    FIELD_OTHER("password", 0),
    FIELD_ID("branch_id", struct account_body, branch_id, FF_NULLABLE),
    FIELD_ID("member_id", struct account_body, member_id, FF_NULLABLE),
};
static const struct field patch_fields[] = {
    FIELD_TEXT("display_name", struct account_body, display_name, 100, 0),
    FIELD_TEXT("role", struct account_body, role, 16, 0),
    FIELD_BOOL("disabled", struct account_body, disabled, 0),
    FIELD_OTHER("password", 0),
    FIELD_ID("branch_id", struct account_body, branch_id, FF_NULLABLE),
    FIELD_ID("member_id", struct account_body, member_id, FF_NULLABLE),
};

/* Reads the password (required on create) into *pw (borrowed from the body); adds to v. */
static void password_read(struct req *r, bool required, const char **pw, struct verrs *v)
{
    json_get_string(r->json, "password", required, 128, pw, v);
    if (*pw != NULL && !accounts_password_ok(*pw)) {
        verr_add(v, "password", "must be at least 10 characters");
    }
}

/* A secretary is bound to a branch, a member to its member record: both must exist
 * in this office. Returns a db error, or adds to v. */
static enum yh_err bindings_check(struct req *r, const char *role, int64_t branch_id, int64_t member_id,
                                  struct verrs *v)
{
    enum yh_err err = YH_OK;
    if (strcmp(role, "secretary") == 0 && branch_id == 0) {
        verr_add(v, "branch_id", "is required for a secretary");
    }
    if ((strcmp(role, "member") == 0 || strcmp(role, "relative") == 0) && member_id == 0) {
        verr_add(v, "member_id", "is required for a member's or a relative's account");
    }
    if (branch_id) {
        struct branch b;
        err = branches_db_get(r->db, r->claims.office, branch_id, &b);
        if (err == YH_ERR_NOT_FOUND) {
            verr_add(v, "branch_id", "no such branch in this office");
            err = YH_OK;
        }
    }
    if (err == YH_OK && member_id) {
        struct member m;
        err = members_db_get(r->db, r->claims.office, member_id, &m);
        if (err == YH_ERR_NOT_FOUND) {
            verr_add(v, "member_id", "no such member in this office");
            err = YH_OK;
        }
    }
    return err;
}

/* bindings_check when v is still empty, then the 422 for v; false when it has replied. */
static bool bindings_ok_or_reply(struct req *r, const char *role, int64_t branch_id, int64_t member_id,
                                 struct verrs *v)
{
    enum yh_err err = v->n == 0 ? bindings_check(r, role, branch_id, member_id, v) : YH_OK;
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return verrs_ok_or_reply(r, v);
}

/* Argon2 through the gate: 503 with Retry-After when no turn came in time. */
static bool hash_or_reply(struct req *r, const char *pw, char *hash, size_t len)
{
    int rc = password_hash(pw, hash, len);
    if (rc == PW_BUSY) {
        reply_problem(r, YH_ERR_UNAVAILABLE, "too many password hashes at once; try again shortly", NULL);
        reply_header(r, "Retry-After", "1");
        return false;
    }
    if (rc != 0) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return false;
    }
    return true;
}

/* typed_page's view of an account: its JSON, and its id as the cursor key. */
static cJSON *account_item(const void *a)
{
    return account_json(a);
}
static void account_key(const void *a, char *out, size_t len)
{
    snprintf(out, len, "%lld", (long long)((const struct account *)a)->id);
}

/* GET /v1/accounts: the caller's office's accounts by id. */
void accounts_list(struct req *r)
{
    struct account *rows = NULL;
    size_t n = 0;
    int limit;
    char after[24];
    enum yh_err err;
    if (!page_params_or_reply(r, "accounts", &limit, after, sizeof(after))) {
        return;
    }
    err = accounts_db_list(r->db, r->claims.office, strtoll(after, NULL, 10), limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200,
                    typed_page(r, "accounts", rows, n, sizeof(*rows), limit, account_item, account_key));
    free(rows);
}

/* GET /v1/accounts/{id}: 404 for another office's account. */
void accounts_get(struct req *r)
{
    struct account a;
    int64_t id;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = accounts_db_get(r->db, r->claims.office, id, &a);
    if (err != YH_OK) {
        reply_error(r, err, "account");
        return;
    }
    reply_json_take(r, 200, account_json(&a));
}

/* Reads POST's body into *b and *pw (borrowed) and checks the bindings; false when it
 * has replied. */
static bool create_body_or_reply(struct req *r, struct account_body *b, const char **pw)
{
    struct verrs v = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    /* a field left empty was absent or refused by body_read, which said why */
    body_read(r, create_fields, ARRAY_LEN(create_fields), b, true, NULL, &v);
    if (b->username[0] && !accounts_username_ok(b->username)) {
        verr_add(&v, "username", "must be 3-64 characters of a-z, 0-9, '_', '.', '-'");
    }
    if (b->role[0] && !accounts_role_ok(b->role)) {
        verr_add(&v, "role", "must be admin, secretary, member or relative");
    }
    password_read(r, true, pw, &v);
    return bindings_ok_or_reply(r, b->role, b->branch_id, b->member_id, &v);
}

/* POST /v1/accounts: 201 with the account; the password is stored as its Argon2 hash. */
void accounts_create(struct req *r)
{
    struct account_body b = {0};
    const char *pw = NULL;
    char hash[256];
    struct account a;
    int64_t id = 0;
    enum yh_err err;

    if (!create_body_or_reply(r, &b, &pw) || !hash_or_reply(r, pw, hash, sizeof(hash))) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = accounts_db_create(r->db, r->claims.office, b.username, b.display_name, b.role, hash,
                                 b.branch_id, b.member_id, &id);
    }
    if (err == YH_OK) {
        err = accounts_db_get(r->db, r->claims.office, id, &a);
    }
    if (err == YH_ERR_CONFLICT) {
        db_rollback(r->db);
        reply_problem(r, err, "username is taken in this office", NULL);
        return;
    }
    if (commit_or_reply(r, err, "account")) {
        reply_created_take(r, "/v1/accounts", id, account_json(&a));
    }
}

/* A PATCH read and checked against the account as it is. */
struct account_patch {
    struct account_body b;
    field_set given;
    const char *pw;
    char hash[256];
};

/* Reads the body into *p (bindings it does not give stay -1); false when it has replied. */
static bool patch_body_or_reply(struct req *r, struct account_patch *p)
{
    struct verrs v = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    p->b.branch_id = p->b.member_id = -1;
    body_read(r, patch_fields, ARRAY_LEN(patch_fields), &p->b, false, &p->given, &v);
    if (p->b.role[0] && !accounts_role_ok(p->b.role)) {
        verr_add(&v, "role", "must be admin, secretary, member or relative");
    }
    password_read(r, false, &p->pw, &v);
    return verrs_ok_or_reply(r, &v);
}

/* Reads the account into *a, completes *p from it (the role and bindings the body does
 * not give) and checks the bindings; false when it has replied. */
static bool patch_load_or_reply(struct req *r, int64_t id, struct account_patch *p, struct account *a)
{
    struct verrs v = {0};
    enum yh_err err = accounts_db_get(r->db, r->claims.office, id, a);
    if (err != YH_OK) {
        reply_error(r, err, "account");
        return false;
    }
    if (p->b.role[0] == '\0') {
        snprintf(p->b.role, sizeof(p->b.role), "%s", a->role);
    }
    p->b.branch_id = p->b.branch_id < 0 ? a->branch_id : p->b.branch_id;
    p->b.member_id = p->b.member_id < 0 ? a->member_id : p->b.member_id;
    return bindings_ok_or_reply(r, p->b.role, p->b.branch_id, p->b.member_id, &v) &&
           (p->pw == NULL || hash_or_reply(r, p->pw, p->hash, sizeof(p->hash)));
}

/* Writes the patch and re-reads *a. Disabling the account, changing its role, its
 * password or its binding (the branch or member its tokens carry as claims) ends its
 * sessions: its refresh families are revoked and its live access tokens denylisted in the
 * same transaction (refresh rows are locked before the account row, as a refresh does),
 * and pushed to Redis after the commit. */
static enum yh_err patch_write(struct req *r, int64_t id, int64_t version, const struct account_patch *p,
                               struct account *a)
{
    bool given_disabled = body_given(patch_fields, ARRAY_LEN(patch_fields), p->given, "disabled");
    bool given_display = body_given(patch_fields, ARRAY_LEN(patch_fields), p->given, "display_name");
    bool given_role = body_given(patch_fields, ARRAY_LEN(patch_fields), p->given, "role");
    struct account_grant was = {a->role, a->branch_id, a->member_id};
    struct account_grant now = {p->b.role, p->b.branch_id, p->b.member_id};
    bool ends = accounts_change_ends_sessions(&was, &now, given_disabled && p->b.disabled, p->pw != NULL);
    struct db_rows live = {0};
    bool have_live = false;
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK && ends) {
        err = revocation_end_sessions(r->db, r->claims.office, id, &live);
        have_live = err == YH_OK;
    }
    if (err == YH_OK) {
        err =
            accounts_db_update(r->db, r->claims.office, id, version, given_display ? p->b.display_name : NULL,
                               given_role ? p->b.role : NULL, given_disabled ? &p->b.disabled : NULL,
                               p->pw ? p->hash : NULL, p->b.branch_id, p->b.member_id);
    }
    if (err == YH_OK) {
        err = accounts_db_get(r->db, r->claims.office, id, a);
    }
    err = db_finish(r->db, err);
    for (size_t i = 0; err == YH_OK && have_live && i < live.nrows; i++) {
        const char *jti = NULL;
        int64_t exp = 0;
        sessions_db_live_at(&live, i, &jti, &exp);
        revocation_publish(r->cache, jti, exp);
    }
    if (have_live) {
        db_rows_free(&live);
    }
    return err;
}

/* PATCH /v1/accounts/{id}: merge-patch under If-Match; 200 with the account. */
void accounts_patch(struct req *r)
{
    struct account_patch p = {0};
    struct account a;
    int64_t id, version;

    if (!id_param_or_reply(r, &id) || !patch_body_or_reply(r, &p) || !req_if_match_or_reply(r, &version) ||
        !patch_load_or_reply(r, id, &p, &a)) {
        return;
    }
    enum yh_err err = patch_write(r, id, version, &p, &a);
    if (err != YH_OK) {
        reply_error(r, err, "account");
        return;
    }
    reply_json_take(r, 200, account_json(&a));
}
