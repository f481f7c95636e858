#ifndef YINHUI_ACCESS_H
#define YINHUI_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "yinhui/err.h"

struct req;

/* Who may touch what inside the caller's office. Admins and integration clients reach
 * the whole office (within their scopes); a secretary reaches the branch its account is
 * bound to; a member reaches its own member record. */
bool req_whole_office(const struct req *r);
bool req_is_secretary(const struct req *r);
bool req_is_member(const struct req *r);
/* An office staff account (role admin). */
bool req_is_staff(const struct req *r);
/* An integration client (client credentials). */
bool req_is_client(const struct req *r);
/* A relative's account: acts in the app for one member (claims.member_id). */
bool req_is_relative(const struct req *r);
/* The member a member or relative account acts for (0 for any other caller). */
int64_t req_acting_member(const struct req *r);

/* Replies 404 and returns false when the caller may not see branch id. */
bool branch_reachable_or_reply(struct req *r, int64_t id);
/* A list's branch filter (*bid, 0: every branch) for the caller: a secretary's lists are its
 * own branch's, so *bid must be 0 or that branch and becomes it (-1: a secretary without a
 * branch sees nobody); other callers keep *bid. False when it has replied 404. */
bool branch_scope_or_reply(struct req *r, int64_t *bid);

/* True when the request asks for unmasked personal data (?reveal=true). Replies 403
 * (and returns false through *ok) when the token lacks pii:read, 400 on a bad value. */
bool reveal_requested(struct req *r, bool *ok);
/* ?reveal= into *reveal and the path's {id} into *id (a GET of one record that may show
 * personal data). False when it has replied. */
bool reveal_id_or_reply(struct req *r, bool *reveal, int64_t *id);

/* Optional query parameters: an enum value (*out NULL when absent) or an id (*out 0).
 * False when it has replied 400 naming the parameter. */
bool query_enum_or_reply(struct req *r, const char *name, const char *const *allowed, const char **out);
bool query_id_or_reply(struct req *r, const char *name, int64_t *out);
/* s (a query or path value) as a year from 1990 to 2100, this year when s is NULL.
 * False when it has replied 400 naming year. */
bool year_or_reply(struct req *r, const char *s, int64_t *year);

/* Today's date in China (UTC+8) as YYYY-MM-DD. */
void today_cn(char out[11]);
/* This year in China (UTC+8). */
int year_cn(void);
/* The time t (seconds since the epoch) in China as "YYYY-MM-DD HH:MM:SS". */
void time_cn(int64_t t, char out[20]);
/* Seconds since the epoch of a China time "YYYY-MM-DD HH:MM:SS" (-1 when malformed). */
int64_t time_cn_parse(const char *s);
/* "YYYY-MM-DD HH:MM:SS" as RFC 3339 with +08:00. */
void time_cn_rfc3339(const char *s, char out[26]);

#endif
