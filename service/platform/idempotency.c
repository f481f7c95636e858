#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/idempotency.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/http.h"
#include "yinhui/idem_db.h"
#include "yinhui/json_in.h"
#include "yinhui/pii.h"

static bool key_ok(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > 255) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (k[i] < 0x21 || k[i] > 0x7e) {
            return false;
        }
    }
    return true;
}

static void request_hash(const struct req *r, unsigned char out[32])
{
    struct buf b = {0};
    buf_printf(&b, "%s\n%s\n", r->method, r->path);
    buf_append(&b, r->body ? r->body : "", r->body_len);
    sha256(b.data, b.len, out);
    buf_free(&b);
}

/* Stored responses are sealed under the data key (they may hold personal data: a
 * created member, a service card), bound to the row they belong to. */
static void row_context(const struct req *r, const char *key, struct buf *out)
{
    buf_printf(out, "idem:%s:%s:", r->claims.office, r->claims.sub);
    buf_puts(out, key);
}

/* Opens row's body in place; false when it does not open (then nothing is replayed). A
 * body that is not a sealed value at all (JSON starts with '{') is a row stored before
 * responses were sealed, within the last 24 h: it is replayed as it is. */
static bool open_body(const struct req *r, const char *key, struct idem_row *row)
{
    struct buf ctx = {0}, plain = {0};
    if (row->body.len == 0 || pii_key_id(row->body.data, row->body.len) < 0) {
        return true;
    }
    row_context(r, key, &ctx);
    int rc = pii_open_bound(&r->app->cfg, ctx.data, row->body.data, row->body.len, &plain);
    buf_free(&ctx);
    buf_free(&row->body);
    row->body = plain;
    return rc == 0;
}

static void replay(struct req *r, struct idem_row *row)
{
    r->status = row->status;
    r->content_type = row->content_type[0] ? "application/json" : NULL;
    if (strcmp(row->content_type, "application/problem+json") == 0) {
        r->content_type = "application/problem+json";
    }
    r->out.len = r->out_off = 0;
    buf_append(&r->out, row->body.data ? row->body.data : "", row->body.len);
    if (row->location[0] != '\0') {
        reply_header(r, "Location", row->location);
    }
    reply_header(r, "Idempotent-Replayed", "true");
}

bool idem_begin_or_reply(struct req *r, const char *key)
{
    unsigned char h[32];
    struct idem_row row;
    bool taken = false;
    enum yh_err err;

    if (!key_ok(key)) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "Idempotency-Key must be 1-255 visible ASCII characters", NULL);
        return false;
    }
    request_hash(r, h);
    err = idem_db_claim(r->db, r->claims.office, r->claims.sub, key, h);
    if (err == YH_ERR_CONFLICT) {
        err = idem_db_take_over(r->db, r->claims.office, r->claims.sub, key, h, &taken);
        if (err == YH_OK && !taken) {
            memset(&row, 0, sizeof(row));
            err = idem_db_get(r->db, r->claims.office, r->claims.sub, key, &row);
            if (err == YH_OK) {
                if (memcmp(row.hash, h, 32) != 0) {
                    struct verrs v = {0};
                    verr_add(&v, "Idempotency-Key", "was used with a different request body");
                    reply_problem(r, YH_ERR_VALIDATION, "Idempotency-Key was used with a different request",
                                  &v);
                } else if (!row.done) {
                    reply_problem(r, YH_ERR_CONFLICT,
                                  "a request with this Idempotency-Key is still in progress", NULL);
                } else if (!open_body(r, key, &row)) {
                    reply_problem(r, YH_ERR_INTERNAL, "the stored response could not be decrypted", NULL);
                } else {
                    replay(r, &row);
                }
                buf_free(&row.body);
                return false;
            }
            if (err == YH_ERR_NOT_FOUND) {
                /* released between our claim and read: claim again once */
                err = idem_db_claim(r->db, r->claims.office, r->claims.sub, key, h);
            }
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err == YH_ERR_CONFLICT ? YH_ERR_CONFLICT : YH_ERR_UNAVAILABLE,
                      err == YH_ERR_CONFLICT ? "a request with this Idempotency-Key is still in progress"
                                             : "database unavailable",
                      NULL);
        return false;
    }
    if (db_begin(r->db) != YH_OK) {
        idem_db_release(r->db, r->claims.office, r->claims.sub, key);
        reply_problem(r, YH_ERR_UNAVAILABLE, "database unavailable", NULL);
        return false;
    }
    return true;
}

/* The Location header the handler set, if any. */
static void find_location(const struct buf *h, char *out, size_t outlen)
{
    const char *p = h->data ? strstr(h->data, "Location: ") : NULL;
    out[0] = '\0';
    if (p != NULL) {
        p += 10;
        size_t n = strcspn(p, "\r");
        snprintf(out, outlen, "%.*s", (int)n, p);
    }
}

void idem_end(struct req *r, const char *key)
{
    char loc[256];
    if (r->status < 500) {
        struct buf ctx = {0}, sealed = {0};
        bool ok;
        if (db_tx_failed(r->db)) {
            /* the handler rolled its work back and answered (a 409, a 422): nothing of it
             * may commit, but its answer is the one to keep and replay */
            db_rollback(r->db);
        }
        find_location(&r->headers, loc, sizeof(loc));
        row_context(r, key, &ctx);
        size_t blen = 0;
        const char *body = reply_body(r, &blen);
        ok = pii_seal_bound(&r->app->cfg, ctx.data, body, blen, &sealed) == 0 &&
             idem_db_finish(r->db, r->claims.office, r->claims.sub, key, r->status, loc[0] ? loc : NULL,
                            r->content_type, sealed.data, sealed.len) == YH_OK &&
             (!db_in_tx(r->db) || db_commit(r->db) == YH_OK);
        buf_free(&ctx);
        buf_free(&sealed);
        if (ok) {
            return;
        }
        if (db_in_tx(r->db)) {
            db_rollback(r->db);
        }
        r->ninvalidate = 0;
        r->invalidate_all = false;
        buf_free(&r->headers);
        reply_problem(r, YH_ERR_UNAVAILABLE, "the request could not be committed", NULL);
    } else {
        db_rollback(r->db);
    }
    idem_db_release(r->db, r->claims.office, r->claims.sub, key);
}
