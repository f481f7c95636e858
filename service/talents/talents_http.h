#ifndef YINHUI_TALENTS_HTTP_H
#define YINHUI_TALENTS_HTTP_H

/* What the talents domain's handler files share (service/talents only). */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/err.h"

struct field;
struct req;
struct talent;
struct talent_request;

/* Ends a unit of work like commit_or_reply(r, err, what), but error `special` replies
 * with detail (the domain's own words for it). Returns true when committed. */
bool talents_commit_or_reply(struct req *r, enum yh_err err, const char *what, enum yh_err special,
                             const char *detail);

/* talents.c */
/* The talent of path {id} as the caller may see it: staff (office), or the member it is
 * (own). *public_only is set for talents:read callers (integrations, and oversight
 * offices for their descendants' admitted talents). False when it has replied. */
bool talent_of_path_or_reply(struct req *r, int64_t *id, struct talent *t, bool *public_only);
/* Replies with t's full record (status 200 or 201 with Location); full: the phone
 * unmasked (audited). */
void reply_talent(struct req *r, int status, const struct talent *t, bool full);
/* The public profile: name, categories (names, comma-separated), speciality, title,
 * service area — nothing else. Caller owns the result. */
cJSON *talent_public_json(int64_t id, const char *office, const char *name, const char *cats_csv,
                          const char *speciality, const char *title, const char *area);

/* requests.c */
/* The request of path {id}: staff see the office's, a client its own (others 404). False
 * when it has replied. */
bool request_of_path_or_reply(struct req *r, int64_t *id, struct talent_request *q);
/* Replies with request id and its assignments (status 200, or 201 with Location). */
void reply_request(struct req *r, int status, int64_t id);

#endif
