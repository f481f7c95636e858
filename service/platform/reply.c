/* Responses and request helpers that do not touch the server library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/gzip.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/lcache.h"
#include "yinhui/pii.h"
#include "yinhui/revocation.h"
#include "yinhui/util.h"

void reply_header(struct req *r, const char *name, const char *value)
{
    buf_puts(&r->headers, name);
    buf_puts(&r->headers, ": ");
    buf_puts(&r->headers, value);
    buf_puts(&r->headers, "\r\n");
}

static bool etag_matches(const char *inm, const char *etag)
{
    if (inm == NULL) {
        return false;
    }
    if (strcmp(inm, "*") == 0) {
        return true;
    }
    /* a list of tags: look for ours as a whole item (W/ prefixes compare weakly) */
    const char *p = inm;
    size_t el = strlen(etag);
    while ((p = strstr(p, etag)) != NULL) {
        char after = p[el];
        if (after == '\0' || after == ',' || after == ' ') {
            return true;
        }
        p += el;
    }
    return false;
}

void reply_json_raw(struct req *r, int status, const char *body, size_t len)
{
    reply_raw(r, status, "application/json", body, len);
}

/* Room left in r->out before a body for the status line and the headers (write_response
 * puts them there when they fit, and sends the response without copying the body again). */
#define REPLY_HEADROOM 512

const char *reply_body(const struct req *r, size_t *len)
{
    *len = r->out.len - r->out_off;
    return r->out.data != NULL ? r->out.data + r->out_off : "";
}

static void body_reset(struct req *r)
{
    r->out.len = 0;
    r->out_off = 0;
}

/* Sets the status and, with etag (NULL: none), the ETag header; false when the body is
 * not to be sent (304 for a matching If-None-Match). The body is then for the caller. */
static bool reply_tag(struct req *r, int status, const char *content_type, const char *etag)
{
    r->status = status;
    r->content_type = content_type;
    if (etag != NULL) {
        reply_header(r, "ETag", etag);
        if (etag_matches(req_header(r, "If-None-Match"), etag)) {
            r->status = 304;
            r->content_type = NULL;
            return false;
        }
    }
    return true;
}

/* reply_raw with the body's ETag known (NULL: none): a cached body's was computed once,
 * when it was stored. */
static void reply_raw_tagged(struct req *r, int status, const char *content_type, const char *body,
                             size_t len, const char *etag)
{
    body_reset(r);
    if (!reply_tag(r, status, content_type, etag)) {
        return;
    }
    /* one allocation for a large body (not a doubling chain), with the headers' room */
    buf_grow(&r->out, REPLY_HEADROOM + len);
    r->out.len = r->out_off = REPLY_HEADROOM;
    buf_append(&r->out, body, len);
}

/* reply_raw_tagged of the bytes in body, which become the reply's (a large body is not
 * copied); body is left empty when taken (not on a 304). */
static void reply_tagged_take(struct req *r, int status, const char *content_type, struct buf *body,
                              const char *etag)
{
    reply_raw_tagged(r, status, content_type, "", 0, etag);
    if (r->status == status) {
        buf_free(&r->out);
        r->out = *body;
        r->out_off = 0; /* no room before it: write_response puts the head in its own buffer */
        *body = (struct buf){0};
    }
}

void reply_raw(struct req *r, int status, const char *content_type, const char *body, size_t len)
{
    char etag[19];
    bool tagged = strcmp(r->method, "GET") == 0 && status == 200;
    if (tagged) {
        etag_of(body, len, etag);
    }
    reply_raw_tagged(r, status, content_type, body, len, tagged ? etag : NULL);
}

void reply_raw_etag(struct req *r, int status, const char *content_type, const char *body, size_t len,
                    const char *etag)
{
    reply_raw_tagged(r, status, content_type, body, len, etag);
}

/* What a JSON body is printed into at first: a member's 1-2 KB without a realloc on the way
 * (json_print makes room for a string's worst case, six bytes a byte). */
#define JSON_ROOM 4096

void reply_json_take(struct req *r, int status, cJSON *obj)
{
    struct buf s = {0};
    buf_grow(&s, JSON_ROOM);
    bool ok = json_print(obj, &s);
    cJSON_Delete(obj);
    if (!ok) {
        buf_free(&s);
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    reply_json_raw(r, status, s.data != NULL ? s.data : "", s.len);
    buf_free(&s);
}

void reply_empty(struct req *r, int status)
{
    r->status = status;
    r->content_type = NULL;
    body_reset(r);
}

void reply_problem(struct req *r, enum yh_err err, const char *detail, const struct verrs *v)
{
    const struct yh_err_info *info = yh_err_info(err);
    cJSON *o = cJSON_CreateObject();
    char type[64];
    char *s = NULL;

    snprintf(type, sizeof(type), "/problems/%s", info->slug);
    cJSON_AddStringToObject(o, "type", type);
    cJSON_AddStringToObject(o, "title", info->title);
    cJSON_AddNumberToObject(o, "status", info->status);
    cJSON_AddStringToObject(o, "detail", detail ? detail : info->title);
    cJSON_AddStringToObject(o, "request_id", r->request_id);
    if (r->client_request_id[0]) {
        cJSON_AddStringToObject(o, "client_request_id", r->client_request_id);
    }
    if (v != NULL && v->n > 0) {
        cJSON *arr = cJSON_AddArrayToObject(o, "errors");
        for (int i = 0; i < v->n; i++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "field", v->e[i].field);
            cJSON_AddStringToObject(e, "message", v->e[i].message);
            cJSON_AddItemToArray(arr, e);
        }
    }
    s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    r->status = info->status;
    r->content_type = "application/problem+json";
    body_reset(r);
    if (s != NULL) {
        buf_puts(&r->out, s);
        free(s);
    }
    if (err == YH_ERR_UNAUTHORIZED) {
        reply_header(r, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
    } else if (err == YH_ERR_UNAVAILABLE) {
        reply_header(r, "Retry-After", "5");
    }
}

bool checks_ok_or_reply(struct req *r, enum yh_err err, const struct verrs *v)
{
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return verrs_ok_or_reply(r, v);
}

bool verrs_ok_or_reply(struct req *r, const struct verrs *v)
{
    if (v->n == 0) {
        return true;
    }
    char detail[256];
    snprintf(detail, sizeof(detail), "%s: %s", v->e[0].field, v->e[0].message);
    reply_problem(r, YH_ERR_VALIDATION, detail, v);
    return false;
}

bool req_fields_or_reply(struct req *r, const char *const *allowed)
{
    struct verrs v = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    json_check_fields(r->json, allowed, &v);
    return verrs_ok_or_reply(r, &v);
}

bool req_if_match_or_reply(struct req *r, int64_t *version)
{
    const char *im = req_header(r, "If-Match");
    char *end = NULL;
    const char *p = NULL;
    long long v;
    if (im == NULL) {
        reply_problem(r, YH_ERR_PRECONDITION_REQ, "send If-Match with the version you last read", NULL);
        return false;
    }
    p = im;
    if (strncmp(p, "W/", 2) == 0) {
        p += 2;
    }
    if (*p == '"') {
        p++;
    }
    v = strtoll(p, &end, 10);
    if (end == p || v < 1 || (*end != '\0' && !(*end == '"' && end[1] == '\0'))) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "If-Match must carry a version number, e.g. \"3\"", NULL);
        return false;
    }
    *version = v;
    return true;
}

static void invalidate_one(struct req *r, const char *office)
{
    for (size_t i = 0; i < r->ninvalidate; i++) {
        if (strcmp(r->invalidate[i], office) == 0) {
            return;
        }
    }
    if (r->ninvalidate < INVALIDATE_MAX) {
        snprintf(r->invalidate[r->ninvalidate++], 7, "%s", office);
    } else {
        r->invalidate_all = true; /* never dropped: the epoch retires every cached read */
    }
}

void reply_error(struct req *r, enum yh_err err, const char *what)
{
    char detail[96];
    detail[0] = '\0';
    if (what == NULL) {
        /* the error's own title */
    } else if (err == YH_ERR_NOT_FOUND) {
        snprintf(detail, sizeof(detail), "no such %s", what);
    } else if (err == YH_ERR_PRECONDITION) {
        snprintf(detail, sizeof(detail), "the %s changed since you read it", what);
    }
    reply_problem(r, err, detail[0] ? detail : NULL, NULL);
}

bool commit_or_reply(struct req *r, enum yh_err err, const char *what)
{
    return commit_or_reply_conflict(r, err, what, NULL);
}

bool commit_or_reply_conflict(struct req *r, enum yh_err err, const char *what, const char *conflict)
{
    err = db_finish(r->db, err);
    if (err == YH_ERR_CONFLICT && conflict != NULL) {
        reply_problem(r, err, conflict, NULL);
        return false;
    }
    if (err != YH_OK) {
        reply_error(r, err, what);
        return false;
    }
    req_invalidate(r, r->claims.office);
    return true;
}

void reply_created_take(struct req *r, const char *collection, int64_t id, cJSON *body)
{
    char loc[160];
    snprintf(loc, sizeof(loc), "%s/%lld", collection, (long long)id);
    reply_header(r, "Location", loc);
    reply_json_take(r, 201, body);
}

void req_invalidate(struct req *r, const char *office)
{
    char up[7];
    invalidate_one(r, office);
    /* the prefecture's and province's roll-ups count this office too */
    if (strlen(office) == 6) {
        snprintf(up, sizeof(up), "%.4s00", office);
        invalidate_one(r, up);
        snprintf(up, sizeof(up), "%.2s0000", office);
        invalidate_one(r, up);
    }
}

/* What a cached value is bound to: the Redis key it lives under and the stamp (epoch and
 * generation) it was stored with, so it opens nowhere else and an old value put back
 * under a newer stamp does not open either. The office and the key go in whole, the key
 * after its length (no two pairs spell the same context), not by a hash: a SHA-256 per
 * hit cost more than opening the value. */
static void cache_context(const char *office, const char *key, const struct cache_stamp *stamp,
                          struct buf *out)
{
    /* "yh:c:<office>:<key length>:<key>@<epoch>:<generation>", without printf (per hit) */
    size_t kl = strlen(key);
    buf_grow(out, 64 + kl);
    buf_puts(out, "yh:c:");
    buf_puts(out, office);
    buf_puts(out, ":");
    buf_put_int(out, (long long)kl);
    buf_puts(out, ":");
    buf_append(out, key, kl);
    buf_puts(out, "@");
    buf_put_int(out, stamp->epoch);
    buf_puts(out, ":");
    buf_put_int(out, stamp->gen);
}

/* Opens a cached value and replies with it. The value is sealed under the data key,
 * bound to office, key and stamp (see req_cache_reply_take): one that does not open
 * (another key, moved, injected, replayed) or is not ours is a miss (false). It is opened
 * straight into r->out behind the headers' room; the body is sent from there (no copy). */
/* The content type of the cached read r serves (its handler's choice, JSON by default). */
static const char *cache_type(const struct req *r)
{
    return r->cache_type != NULL ? r->cache_type : "application/json";
}

static bool cache_value_reply(struct req *r, const char *office, const char *key,
                              const struct cache_stamp *stamp, const char *val, size_t len)
{
    struct buf ctx = {0};
    cache_context(office, key, stamp, &ctx);
    body_reset(r);
    buf_grow(&r->out, REPLY_HEADROOM + len);
    r->out.len = REPLY_HEADROOM;
    int opened = pii_open_bound(&r->app->cfg, ctx.data, val, len, &r->out);
    buf_free(&ctx);
    if (opened != 0 || r->out.len == REPLY_HEADROOM) {
        body_reset(r);
        return false;
    }
    /* "<header bytes> <ETag>\n<header lines><body>" (values stored before the ETag was
     * kept: "<header bytes>\n...", their ETag computed here) */
    const char *p = r->out.data + REPLY_HEADROOM;
    size_t plen = r->out.len - REPLY_HEADROOM;
    char *end = NULL, etag[19];
    unsigned long long hlen = strtoull(p, &end, 10);
    bool tagged =
        end != NULL && *end == ' ' && plen - (size_t)(end - p) > sizeof(etag) && end[sizeof(etag)] == '\n';
    if (tagged) {
        memcpy(etag, end + 1, sizeof(etag) - 1);
        etag[sizeof(etag) - 1] = '\0';
        end += sizeof(etag);
    }
    size_t off = end != NULL && *end == '\n' ? (size_t)(end - p) + 1 : plen + 1;
    if (off + hlen > plen) {
        body_reset(r);
        return false;
    }
    buf_append(&r->headers, p + off, (size_t)hlen);
    if (!tagged) {
        etag_of(p + off + hlen, plen - off - (size_t)hlen, etag);
    }
    size_t body_off = REPLY_HEADROOM + off + (size_t)hlen;
    if (reply_tag(r, 200, cache_type(r), strcmp(r->method, "GET") == 0 ? etag : NULL)) {
        r->out_off = body_off; /* what is before the body is room for the headers now */
    } else {
        body_reset(r);
    }
    return true;
}

/* cache_value_reply, freeing val. */
static bool cache_value_reply_take(struct req *r, const char *office, const char *key,
                                   const struct cache_stamp *stamp, char *val, size_t len)
{
    bool ok = cache_value_reply(r, office, key, stamp, val, len);
    free(val);
    return ok;
}

/* Serves key from this process's memory alone (no Redis round trip): tracking is up, the
 * stamp is known, the value is held under it and, when the token is still to be checked,
 * so is its denylist answer. True when it has replied (the value, or 401). */
static bool cache_serve_local(struct req *r, struct lcache *lc, const char *office, const char *key)
{
    struct cache_stamp st;
    const char *val = NULL;
    size_t len = 0;
    uint64_t seq = lcache_seq(lc);
    int denied = r->deny_pending ? lcache_denied(lc, r->t0, r->claims.jti) : 0;
    if (denied < 0 || !lcache_stamp(lc, r->t0, office, &st)) {
        return false;
    }
    if (denied == 1) {
        r->deny_pending = false;
        reply_problem(r, YH_ERR_UNAUTHORIZED, "token has been revoked", NULL);
        return true;
    }
    struct lcache_entry *e = lcache_hold(lc, office, key, &st, &val, &len);
    if (e == NULL) {
        return false;
    }
    /* an invalidation applied while we looked: ask Redis */
    bool served = lcache_seq(lc) == seq && cache_value_reply(r, office, key, &st, val, len);
    lcache_release(e);
    if (!served) {
        return false;
    }
    r->deny_pending = false;
    lcache_count_hit(lc);
    return true;
}

/* A miss under a current stamp: waits for the same value being computed by another
 * request of this process, or leads its computation (r->flight, ended by
 * req_cache_reply_take or, without a value, by req_cache_end). True when it has replied. */
static bool cache_wait_or_lead(struct req *r, struct lcache *lc, const char *office, const char *key,
                               const struct cache_stamp *stamp)
{
    char *val = NULL;
    size_t len = 0;
    if (r->flight != NULL) {
        return false; /* already leading one: compute this one alone */
    }
    if (lcache_flight_join(lc, office, key, stamp, 2.0, &r->flight, &val, &len) == LCACHE_GOT) {
        return cache_value_reply_take(r, office, key, stamp, val, len);
    }
    return false;
}

/* the longest cache key a handler passes, with room for the coding's suffix */
#define CACHE_KEY_MAX 512

/* The key a request's cached read lives under: a client that accepts gzip gets an entry of
 * its own (the response varies by Accept-Encoding), gzipped when it is stored
 * (req_cache_reply_buf); the same choice for the read and the fill of one request. */
static const char *coded_key(const struct req *r, const char *key, char *out, size_t n)
{
    if (r->app->cfg.gzip_min_bytes == 0 || !gzip_accepted(req_header(r, "Accept-Encoding")) ||
        snprintf(out, n, "%s~gz", key) >= (int)n) {
        return key;
    }
    return out;
}

bool req_cache_serve(struct req *r, const char *office, const char *plain_key, struct cache_stamp *stamp,
                     bool *have_stamp)
{
    struct lcache *lc = lcache_process();
    char deny[64], coded[CACHE_KEY_MAX];
    const char *key = coded_key(r, plain_key, coded, sizeof(coded));
    char *val = NULL;
    size_t len = 0;
    int64_t ttl_ms = 0;
    bool revoked = false;
    *have_stamp = false;
    if (!r->app->cfg.cache) {
        return false;
    }
    if (cache_serve_local(r, lc, office, key)) {
        return true;
    }
    uint64_t seq = lcache_seq(lc); /* before the round trip: see lcache.h */
    snprintf(deny, sizeof(deny), "yh:deny:%s", r->claims.jti);
    if (cache_get_ttl(r->cache, office, key, r->deny_pending ? deny : NULL, &val, &len, stamp, &revoked,
                      &ttl_ms) != YH_OK) {
        return false; /* Redis down: MariaDB serves, the server checks revocation */
    }
    if (cache_take_reconnected(r->cache)) {
        /* this round trip reconnected after an outage: the denylist in Redis may miss a
         * revocation made meanwhile. Refill it; the server checks this token after the
         * handler (deny_pending stays set), and the bumped epoch made this a miss. */
        revocation_resync(r->db, r->cache);
        free(val);
        return false;
    }
    lcache_learn_stamp(lc, seq, office, stamp);
    if (r->deny_pending) {
        lcache_learn_denied(lc, seq, r->claims.jti, revoked);
        r->deny_pending = false;
        if (revoked) {
            free(val);
            reply_problem(r, YH_ERR_UNAUTHORIZED, "token has been revoked", NULL);
            return true;
        }
    }
    *have_stamp = true;
    if (val != NULL && cache_value_reply(r, office, key, stamp, val, len)) {
        lcache_put(lc, office, key, stamp, val, len, (double)ttl_ms / 1000.0);
        free(val);
        return true;
    }
    free(val);
    return cache_wait_or_lead(r, lc, office, key, stamp);
}

void req_cache_reply_take(struct req *r, const char *office, const char *key, const struct cache_stamp *stamp,
                          bool have_stamp, cJSON *obj)
{
    struct buf body = {0};
    buf_grow(&body, JSON_ROOM);
    bool ok = json_print(obj, &body);
    cJSON_Delete(obj);
    if (!ok) {
        buf_free(&body);
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    req_cache_reply_buf(r, office, key, stamp, have_stamp, &body);
    buf_free(&body);
}

/* Whether a cached body of r's type is worth gzipping (JSON and text; a PDF is compressed). */
static bool compressible(const struct req *r)
{
    const char *t = cache_type(r);
    return strncmp(t, "application/json", 16) == 0 || strncmp(t, "text/", 5) == 0;
}

/* The body of a cached read for a client that accepts gzip (key is its coded key): gzipped
 * in place from YH_GZIP_MIN_BYTES up when it is stored (stored: compressed once for every
 * later hit; a read that is not stored, with the cache off or Redis down, stays identity
 * rather than cost a deflate per request), Content-Encoding said; any cached read that may
 * vary says so (Vary), for the caches between us and the client. */
static void code_body(struct req *r, const char *key, const char *plain_key, bool stored, struct buf *body)
{
    if (r->app->cfg.gzip_min_bytes == 0 || !compressible(r)) {
        return;
    }
    reply_header(r, "Vary", "Accept-Encoding");
    struct buf z = {0};
    if (stored && key != plain_key && body->len >= (size_t)r->app->cfg.gzip_min_bytes &&
        gzip_encode(body->data ? body->data : "", body->len, &z) && z.len < body->len) {
        reply_header(r, "Content-Encoding", "gzip");
        buf_free(body);
        *body = z;
        return;
    }
    buf_free(&z);
}

void req_cache_reply_buf(struct req *r, const char *office, const char *plain_key,
                         const struct cache_stamp *stamp, bool have_stamp, struct buf *body)
{
    char coded[CACHE_KEY_MAX], etag[19];
    const char *key = coded_key(r, plain_key, coded, sizeof(coded));
    code_body(r, key, plain_key, have_stamp, body);
    const char *s = body->data ? body->data : "";
    size_t len = body->len;
    etag_of(s, len, etag);
    if (have_stamp) {
        /* the headers set so far (a list's Link) are served again with the body, and its
         * ETag with it (a hit does not hash the body again) */
        struct buf v = {0};
        buf_printf(&v, "%zu %s\n", r->headers.len, etag);
        buf_append(&v, r->headers.data ? r->headers.data : "", r->headers.len);
        buf_append(&v, s, len);
        /* cached bodies hold personal data (names, phones, health, care reasons): Redis
         * and this process's memory only ever hold them sealed under the data key, bound
         * to where they are stored */
        struct buf sealed = {0};
        struct buf ctx = {0};
        cache_context(office, key, stamp, &ctx);
        if (pii_seal_bound(&r->app->cfg, ctx.data, v.data, v.len, &sealed) == 0) {
            struct lcache *lc = lcache_process();
            /* stored before the flight ends: a late joiner finds it (lcache_flight_join);
             * the waiters go on before the Redis round trip */
            lcache_put(lc, office, key, stamp, sealed.data, sealed.len, (double)r->app->cfg.cache_ttl_s);
            lcache_flight_done(lc, r->flight, office, key, stamp, sealed.data, sealed.len);
            r->flight = NULL;
            cache_put(r->cache, office, key, stamp, sealed.data, sealed.len, r->app->cfg.cache_ttl_s);
        }
        buf_free(&ctx);
        buf_free(&sealed);
        buf_free(&v);
    }
    reply_tagged_take(r, 200, cache_type(r), body, strcmp(r->method, "GET") == 0 ? etag : NULL);
}

void req_cache_end(struct req *r)
{
    lcache_flight_abandon(lcache_process(), r->flight);
    r->flight = NULL;
}

/* Parses {id} as a positive integer; 400 naming it otherwise. */
bool path_id_or_reply(struct req *r, const char *name, int64_t *id)
{
    char detail[64];
    struct verrs e = {0};
    if (id_parse(path_param(&r->pp, name), id)) {
        return true;
    }
    verr_add(&e, name, "must be a positive integer");
    snprintf(detail, sizeof(detail), "%s must be a positive integer", name);
    reply_problem(r, YH_ERR_BAD_REQUEST, detail, &e);
    return false;
}

bool id_param_or_reply(struct req *r, int64_t *id)
{
    const char *s = path_param(&r->pp, "id");
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (s == NULL || end == s || *end != '\0' || v < 1 || strlen(s) > 19) {
        struct verrs e = {0};
        verr_add(&e, "id", "must be a positive integer");
        reply_problem(r, YH_ERR_BAD_REQUEST, "id must be a positive integer", &e);
        return false;
    }
    *id = v;
    return true;
}
