/* /v1/accounts: an admin manages its own office's staff accounts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/app.h"
#include "yinhui/auth_db.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/db.h"
#include "yinhui/json_in.h"
#include "yinhui/members_db.h"
#include "yinhui/offices.h"
#include "yinhui/http.h"
#include "yinhui/page.h"
#include "yinhui/revocation.h"

static cJSON *account_json(const struct account *a)
{
    char id[24];
    cJSON *j = cJSON_CreateObject();
    snprintf(id, sizeof(id), "%lld", (long long)a->id);
    cJSON_AddStringToObject(j, "id", id);
    cJSON_AddStringToObject(j, "office", a->office);
    cJSON_AddStringToObject(j, "username", a->username);
    cJSON_AddStringToObject(j, "display_name", a->display_name);
    cJSON_AddStringToObject(j, "role", a->role);
    if (a->branch_id) {
        snprintf(id, sizeof(id), "%lld", (long long)a->branch_id);
        cJSON_AddStringToObject(j, "branch_id", id);
    } else {
        cJSON_AddNullToObject(j, "branch_id");
    }
    if (a->member_id) {
        snprintf(id, sizeof(id), "%lld", (long long)a->member_id);
        cJSON_AddStringToObject(j, "member_id", id);
    } else {
        cJSON_AddNullToObject(j, "member_id");
    }
    cJSON_AddBoolToObject(j, "disabled", a->disabled);
    cJSON_AddNumberToObject(j, "version", (double)a->version);
    cJSON_AddStringToObject(j, "created_at", a->created_at);
    return j;
}

static bool role_ok(const char *role)
{
    return strcmp(role, "admin") == 0 || strcmp(role, "secretary") == 0 || strcmp(role, "member") == 0;
}

static bool username_ok(const char *u)
{
    size_t n = strlen(u);
    if (n < 3 || n > 64) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
            return false;
        }
    }
    return true;
}

/* Validates the optional/required password field; false when it added an error. */
static void check_password(const char *pw, struct verrs *v)
{
    if (pw != NULL && utf8_len(pw) < 10) {
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
    if (strcmp(role, "member") == 0 && member_id == 0) {
        verr_add(v, "member_id", "is required for a member account");
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

void accounts_list(struct req *r)
{
    struct account *rows = NULL;
    size_t n = 0;
    int limit;
    char after[24];
    if (!page_params_or_reply(r, "accounts", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err = accounts_db_list(r->db, r->claims.office, after[0] ? strtoll(after, NULL, 10) : 0,
                                       limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *items = cJSON_CreateArray();
    size_t shown = n > (size_t)limit ? (size_t)limit : n;
    for (size_t i = 0; i < shown; i++) {
        cJSON_AddItemToArray(items, account_json(&rows[i]));
    }
    char last[24];
    snprintf(last, sizeof(last), "%lld", shown ? (long long)rows[shown - 1].id : 0LL);
    reply_json_take(r, 200, page_body(r, "accounts", items, n > shown ? last : NULL));
    free(rows);
}

void accounts_get(struct req *r)
{
    struct account a;
    int64_t id;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = accounts_db_get(r->db, r->claims.office, id, &a);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such account" : NULL, NULL);
        return;
    }
    reply_json_take(r, 200, account_json(&a));
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

static const char *const create_fields[] = {"username", "display_name", "role", "password", "branch_id",
                                            "member_id", NULL};

void accounts_create(struct req *r)
{
    const char *username = NULL, *display = NULL, *role = NULL, *pw = NULL;
    char hash[256];
    char loc[48];
    struct verrs v = {0};
    struct account a;
    int64_t id = 0, branch_id = 0, member_id = 0;
    enum yh_err err;

    if (!req_fields_or_reply(r, create_fields)) {
        return;
    }
    if (json_get_string(r->json, "username", true, 64, &username, &v) && !username_ok(username)) {
        verr_add(&v, "username", "must be 3-64 characters of a-z, 0-9, '_', '.', '-'");
    }
    json_get_string(r->json, "display_name", true, 100, &display, &v);
    if (json_get_string(r->json, "role", true, 16, &role, &v) && !role_ok(role)) {
        verr_add(&v, "role", "must be admin, secretary or member");
    }
    json_get_string(r->json, "password", true, 128, &pw, &v);
    check_password(pw, &v);
    json_take_id(r->json, "branch_id", true, &branch_id, &v);
    json_take_id(r->json, "member_id", true, &member_id, &v);
    err = v.n == 0 ? bindings_check(r, role, branch_id, member_id, &v) : YH_OK;
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    if (!hash_or_reply(r, pw, hash, sizeof(hash))) {
        return;
    }
    err = accounts_db_create(r->db, r->claims.office, username, display, role, hash, branch_id, member_id, &id);
    if (err == YH_OK) {
        err = accounts_db_get(r->db, r->claims.office, id, &a);
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "username is taken in this office" : NULL, NULL);
        return;
    }
    snprintf(loc, sizeof(loc), "/v1/accounts/%lld", (long long)id);
    reply_header(r, "Location", loc);
    reply_json_take(r, 201, account_json(&a));
}

static const char *const patch_fields[] = {"display_name", "role", "disabled", "password", "branch_id",
                                           "member_id", NULL};

/* A PATCH's fields, read and checked against the account as it is. */
struct account_patch {
    const char *display, *role, *pw;
    bool disabled, has_disabled;
    int64_t branch_id, member_id;
    char hash[256];
};

/* Reads the body into *p and the account into *a; false when it has replied. */
static bool patch_read_or_reply(struct req *r, int64_t id, struct account_patch *p, struct account *a)
{
    struct verrs v = {0};
    enum yh_err err;
    json_get_string(r->json, "display_name", false, 100, &p->display, &v);
    if (json_get_string(r->json, "role", false, 16, &p->role, &v) && p->role != NULL && !role_ok(p->role)) {
        verr_add(&v, "role", "must be admin, secretary or member");
    }
    json_get_bool(r->json, "disabled", false, &p->disabled, &p->has_disabled, &v);
    json_get_string(r->json, "password", false, 128, &p->pw, &v);
    check_password(p->pw, &v);
    if (v.n == 0) {
        err = accounts_db_get(r->db, r->claims.office, id, a);
        if (err != YH_OK) {
            reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such account" : NULL, NULL);
            return false;
        }
        p->branch_id = a->branch_id;
        p->member_id = a->member_id;
        json_take_id(r->json, "branch_id", true, &p->branch_id, &v);
        json_take_id(r->json, "member_id", true, &p->member_id, &v);
        err =
            v.n == 0 ? bindings_check(r, p->role ? p->role : a->role, p->branch_id, p->member_id, &v) : YH_OK;
        if (err != YH_OK) {
            reply_problem(r, err, NULL, NULL);
            return false;
        }
    }
    return verrs_ok_or_reply(r, &v) && (p->pw == NULL || hash_or_reply(r, p->pw, p->hash, sizeof(p->hash)));
}

/* Writes the patch and re-reads *a. Disabling the account, changing its role, its
 * password or its binding (the branch or member its tokens carry as claims) ends its
 * sessions: its refresh families are revoked and its live access tokens denylisted in the
 * same transaction (refresh rows are locked before the account row, as a refresh does),
 * and pushed to Redis after the commit. */
static enum yh_err patch_write(struct req *r, int64_t id, int64_t version, const struct account_patch *p,
                               struct account *a)
{
    bool ends = (p->has_disabled && p->disabled) || (p->role != NULL && strcmp(p->role, a->role) != 0) ||
                p->pw != NULL || p->branch_id != a->branch_id || p->member_id != a->member_id;
    struct db_rows live = {0};
    bool have_live = false;
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK && ends) {
        err = revocation_end_sessions(r->db, r->claims.office, id, &live);
        have_live = err == YH_OK;
    }
    if (err == YH_OK) {
        err = accounts_db_update(r->db, r->claims.office, id, version, p->display, p->role,
                                 p->has_disabled ? &p->disabled : NULL, p->pw ? p->hash : NULL, p->branch_id,
                                 p->member_id);
    }
    if (err == YH_OK) {
        err = accounts_db_get(r->db, r->claims.office, id, a);
    }
    err = db_finish(r->db, err);
    for (size_t i = 0; err == YH_OK && have_live && i < live.nrows; i++) {
        revocation_publish(r->cache, db_str(&live, i, 0), db_i64(&live, i, 1));
    }
    if (have_live) {
        db_rows_free(&live);
    }
    return err;
}

void accounts_patch(struct req *r)
{
    struct account_patch p = {0};
    struct account a;
    int64_t id, version;

    if (!id_param_or_reply(r, &id) || !req_fields_or_reply(r, patch_fields) ||
        !req_if_match_or_reply(r, &version) || !patch_read_or_reply(r, id, &p, &a)) {
        return;
    }
    enum yh_err err = patch_write(r, id, version, &p, &a);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_PRECONDITION ? "the account changed since you read it" : NULL, NULL);
        return;
    }
    reply_json_take(r, 200, account_json(&a));
}
