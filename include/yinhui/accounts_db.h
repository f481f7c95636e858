#ifndef YINHUI_ACCOUNTS_DB_H
#define YINHUI_ACCOUNTS_DB_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/err.h"

/* Store of staff accounts (service/offices/accounts_db.c). Every function takes the
 * office the account belongs to: the caller's, or the one a login names. */
struct account {
    int64_t id;
    char office[7];
    char username[65];
    char display_name[401];
    char role[16];
    int64_t branch_id; /* secretary's branch, 0 when none */
    int64_t member_id; /* the person's own member record, 0 when none */
    bool disabled;
    int64_t version;
    char created_at[32];
};

/* The account as the API shows it (never its password hash). Caller owns the result. */
cJSON *account_json(const struct account *a);

/* The account a refresh token (by its hash) names, read with the token: *has_account
 * false when the account is gone; family and the family's granted scopes ("*" for a row
 * from before they were stored). NOT_FOUND when no token has this hash. */
enum yh_err accounts_db_of_refresh(struct db *db, const unsigned char hash[32], struct account *a,
                                   bool *has_account, unsigned char family[16], char *scopes,
                                   size_t scopeslen);
/* Creates an account; CONFLICT when the username is taken in that office. branch_id /
 * member_id 0 mean none. *id gets the new id. */
enum yh_err accounts_db_create(struct db *db, const char *office, const char *username,
                               const char *display_name, const char *role, const char *password_hash,
                               int64_t branch_id, int64_t member_id, int64_t *id);
/* Account by office + username with its hash (for login); NOT_FOUND when absent. */
enum yh_err accounts_db_login(struct db *db, const char *office, const char *username, struct account *a,
                              char *hash, size_t hashlen);
/* The office's account id; NOT_FOUND when absent (or another office's). */
enum yh_err accounts_db_get(struct db *db, const char *office, int64_t id, struct account *a);
/* Page of an office's accounts after id `after`, at most limit+1 rows into *out
 * (caller frees). */
enum yh_err accounts_db_list(struct db *db, const char *office, int64_t after, int limit,
                             struct account **out, size_t *n);
/* Updates the given fields (NULL: unchanged; a negative binding is unchanged, 0 clears
 * it) when version matches: NOT_FOUND / PRECONDITION. */
enum yh_err accounts_db_update(struct db *db, const char *office, int64_t id, int64_t version,
                               const char *display_name, const char *role, const bool *disabled,
                               const char *password_hash, int64_t branch_id, int64_t member_id);

#endif
