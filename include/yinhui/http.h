#ifndef YINHUI_HTTP_H
#define YINHUI_HTTP_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/auth.h"
#include "yinhui/err.h"
#include "yinhui/router.h"
#include "yinhui/util.h"

struct app;
struct cache;
struct cache_stamp;
struct db;
struct lcache_flight;
struct verrs;

#define INVALIDATE_MAX 8

/* One request as a handler sees it: read-only inputs, and the response it fills. */
struct req {
    struct app *app;
    void *conn;          /* the server's connection; only service/http uses it */
    struct db *db;       /* this worker thread's connection */
    struct db *replica;  /* this worker thread's replica connection (NULL: none configured) */
    struct db *read_db;  /* req_read_db's choice, once made */
    struct cache *cache; /* this worker thread's Redis context */
    const char *method;
    const char *path;
    double t0; /* mono_s() when the server took the request (its arrival, for lcache.h) */
    const struct route *route;
    struct path_params pp;
    struct query q;             /* declared query parameters */
    struct claims claims;       /* valid when the route is not public */
    const char *token;          /* the bearer token (borrowed) */
    char request_id[65];        /* the server's own, always */
    char client_request_id[65]; /* the caller's X-Request-ID when valid, else "" */
    bool body_unread;           /* replied before reading a body the caller sent */
    char client_ip[48];
    char *body; /* raw body, NUL-terminated */
    size_t body_len;
    cJSON *json;       /* parsed JSON body (routes with R_JSON_BODY) */
    struct query form; /* parsed form body, when form_body */
    bool form_body;
    bool deny_pending;            /* revocation not yet checked (cached GET routes) */
    struct lcache_flight *flight; /* the cached read this request computes for others (lcache.h) */
    const char *cache_type;       /* content type of the cached read (NULL: application/json) */
    char invalidate[INVALIDATE_MAX][7];
    size_t ninvalidate;
    bool invalidate_all; /* more offices than invalidate holds: every cached read goes (the epoch) */
    /* response */
    int status;
    const char *content_type;
    struct buf headers; /* extra header lines, each ending \r\n */
    struct buf out;     /* body: out_off bytes in (reply_body) */
    size_t out_off;     /* room before the body for the status line and headers: the server
                           writes them there and sends all in one write (0: no room) */
};

/* Request header value or NULL (borrowed). */
const char *req_header(const struct req *r, const char *name);

/* Replies. Each sets r->status and the body; the server writes it in one send. */
/* Sends obj as JSON with status (frees obj). GET responses get a strong ETag and 304
 * when If-None-Match matches. */
void reply_json_take(struct req *r, int status, cJSON *obj);
/* Sends an already serialised JSON body (e.g. from the cache). */
void reply_json_raw(struct req *r, int status, const char *body, size_t len);
/* RFC 9457 problem for err with detail (may be NULL) and field errors (may be NULL). */
void reply_problem(struct req *r, enum yh_err err, const char *detail, const struct verrs *v);
/* Sends body with a content type (a static string); GET 200s get an ETag as above. */
void reply_raw(struct req *r, int status, const char *content_type, const char *body, size_t len);
/* reply_raw with the body's ETag computed once beforehand (a static body's, etag_of): the
 * same ETag and 304, without hashing the body on every request. */
void reply_raw_etag(struct req *r, int status, const char *content_type, const char *body, size_t len,
                    const char *etag);
void reply_empty(struct req *r, int status);
/* The body set by the replies above (borrowed) and its length. */
const char *reply_body(const struct req *r, size_t *len);
void reply_header(struct req *r, const char *name, const char *value);

/* The problem for err about a resource named what ("team"): 404 "no such team",
 * 412 "the team changed since you read it", otherwise (or when what is NULL) the error's
 * own title. */
void reply_error(struct req *r, enum yh_err err, const char *what);
/* Ends the unit of work begun with db_begin: commits when err is YH_OK, else rolls
 * back. On failure replies as reply_error(what) and returns false; on success queues the
 * invalidation of the caller's office's cached reads and returns true. */
bool commit_or_reply(struct req *r, enum yh_err err, const char *what);
/* commit_or_reply whose 409 says conflict (e.g. "a member is listed twice"); what may be
 * NULL (other errors then carry no detail). */
bool commit_or_reply_conflict(struct req *r, enum yh_err err, const char *what, const char *conflict);
/* 201 with Location: <collection>/<id> and body (taken). */
void reply_created_take(struct req *r, const char *collection, int64_t id, cJSON *body);

/* Helpers ending in _or_reply have already replied when they return false. */
/* Checks body fields against allowed (NULL-terminated); 422 on unknown/forbidden. */
bool req_fields_or_reply(struct req *r, const char *const *allowed);
/* Parses path parameter {id} as a positive integer; 400 naming it otherwise. */
bool id_param_or_reply(struct req *r, int64_t *id);
/* Path parameter name ("gid", "mid", "sid") as a positive id; 400 naming it otherwise. */
bool path_id_or_reply(struct req *r, const char *name, int64_t *id);
/* Parses If-Match "\"<version>\"" or a bare number; 428 when missing, 400 when bad. */
bool req_if_match_or_reply(struct req *r, int64_t *version);
/* Replies 422 with v when it holds errors; returns true when v is empty. */
bool verrs_ok_or_reply(struct req *r, const struct verrs *v);
/* After checks that read the store while collecting v: replies err's problem when it is
 * not YH_OK, else as verrs_ok_or_reply. */
bool checks_ok_or_reply(struct req *r, enum yh_err err, const struct verrs *v);

/* The connection for a read that may be slightly stale (lists, statistics, search,
 * reports; never in a transaction, never a read that feeds a write): this worker's
 * replica when one is configured, healthy, within YH_DB_REPLICA_MAX_LAG_MS and has applied
 * the caller's office's last write (waiting YH_DB_REPLICA_WAIT_MS at most), else r->db.
 * Decided once per request (replica.c). */
struct db *req_read_db(struct req *r);
/* After the handler: when the request wrote (a status below 400, and it invalidated
 * cached reads or was not a GET), the GTID of its last commit is kept in Redis for the
 * offices it invalidated (or the caller's), then their cached reads are invalidated. */
void req_publish_writes(struct req *r);

/* Records that office's cached reads — and its prefecture's and province's, whose
 * roll-ups count it — must be invalidated once the request commits. */
void req_invalidate(struct req *r, const char *office);

/* Serves the cached body of key (scoped to office) when current — from this process's
 * memory when the tracker vouches for it, else in one Redis round trip; otherwise returns
 * false with *stamp to pass to req_cache_reply_take. Checks revocation the same way.
 * Concurrent misses of the same key in one process wait for the first one's value.
 * Returns true when it has replied (hit, or 401 for a revoked token). */
bool req_cache_serve(struct req *r, const char *office, const char *key, struct cache_stamp *stamp,
                     bool *have_stamp);
/* Replies with obj (200) and stores it under key when have_stamp (in Redis and in this
 * process's memory), handing it to the requests waiting for it. Frees obj. */
void req_cache_reply_take(struct req *r, const char *office, const char *key, const struct cache_stamp *stamp,
                          bool have_stamp, cJSON *obj);
/* req_cache_reply_take of a body already written as JSON text in *body, whose bytes become
 * the reply's (*body left empty; the caller still frees it). */
void req_cache_reply_buf(struct req *r, const char *office, const char *key, const struct cache_stamp *stamp,
                         bool have_stamp, struct buf *body);
/* At the end of every request: releases the requests waiting for a cached read this one
 * was to compute and did not (an error reply). */
void req_cache_end(struct req *r);

/* Starts serving; blocks until SIGTERM/SIGINT, then drains and returns 0. */
int http_serve(struct app *app);

#endif
