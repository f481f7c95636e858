/* The notifications outbox (see outbox.h). Events are published inside the transaction
 * of the change that caused them, with a delivery row per subscribed webhook. Delivery
 * threads in every process (YH_WEBHOOK_WORKERS each) claim due deliveries one at a time
 * under a lease (so several processes share the queue and a crashed one's claims run
 * out), POST each signed payload, and record the outcome: delivered on 2xx; otherwise
 * retried with exponential backoff until the delivery's deadline, then dead-lettered.
 * A delivery is marked right after its response, so only a crash between the two can
 * send one twice (receivers de-duplicate by event id).
 *
 * One slow receiver cannot stall the others: an attempt has one absolute deadline
 * (YH_WEBHOOK_TIMEOUT_MS: connect, TLS handshake, sending and the response; see net.c);
 * an office has at most YH_WEBHOOK_OFFICE_MAX deliveries in flight (counted under a
 * lock on the office's delivery_turns row, so the cap holds across processes); and each
 * claim goes to the office served longest ago among those with due work (round-robin),
 * so with more threads than one office's cap, another office's delivery starts within
 * a poll interval, or at worst when the next attempt ends (its deadline). A lease lasts
 * the attempt's deadline plus a margin and is renewed after the address lookup, just
 * before connecting; an attempt whose lease was lost is not recorded. */
#include "yinhui/crypto.h"
#include "yinhui/outbox.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "yinhui/access.h"
#include "yinhui/care_due.h"
#include "yinhui/net.h"
#include "yinhui/pii.h"
#include "yinhui/util.h"

const char *const outbox_event_types[] = {"activity.scheduled",
                                          "volunteer_event.opened",
                                          "volunteer_signup.confirmed",
                                          "volunteer_signup.promoted",
                                          "care.visit_due",
                                          "suggestion.answered",
                                          "talent_request.assigned",
                                          NULL};

enum yh_err outbox_publish(struct db *db, const struct config *cfg, const char *office, const char *type,
                           const char *data)
{
    static const char ins[] = "INSERT INTO outbox (office_code, event_id, type, payload) VALUES (?, ?, ?, ?)";
    static const char fan[] = "INSERT INTO deliveries (outbox_id, webhook_id, office_code, next_at, deadline) SELECT ?, id, "
                              "office_code, NOW(3), NOW(3) + INTERVAL ? SECOND FROM webhooks WHERE office_code = ? AND "
                              "active = 1 AND FIND_IN_SET(?, events)";
    unsigned char rnd[16];
    char event_id[33], when[32];
    if (random_bytes(rnd, sizeof(rnd)) != 0) {
        return YH_ERR_INTERNAL;
    }
    hex_encode(rnd, sizeof(rnd), event_id);
    char cn[20];
    time_cn(now_s(), cn);
    time_cn_rfc3339(cn, when);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "id", event_id);
    cJSON_AddStringToObject(body, "type", type);
    cJSON_AddStringToObject(body, "office", office);
    cJSON_AddStringToObject(body, "occurred_at", when);
    cJSON *d = cJSON_Parse(data ? data : "{}");
    cJSON_AddItemToObject(body, "data", d ? d : cJSON_CreateObject());
    char *payload = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    if (payload == NULL || strlen(payload) >= 4000) {
        free(payload);
        return YH_ERR_INTERNAL;
    }
    struct db_param p[] = {P_STR(office), P_STR(event_id), P_STR(type), P_STR(payload)};
    uint64_t oid = 0;
    enum yh_err err = db_exec(db, ins, p, 4, NULL, NULL, &oid);
    free(payload);
    if (err == YH_OK) {
        struct db_param q[] = {P_I64(oid), P_I64(cfg->webhook_ttl_s), P_STR(office), P_STR(type)};
        err = db_exec(db, fan, q, 4, NULL, NULL, NULL);
    }
    return err;
}

/* Lease of one claim: the attempt's deadline plus a margin for the address lookup and
 * the database writes around it (renewed once more before connecting). */
static int64_t lease_seconds(const struct config *cfg)
{
    return (cfg->webhook_timeout_ms + 999) / 1000 + 30;
}

/* Delay before attempt n+1 (n >= 1 failures): base × 2^(n-1), at most an hour. */
static int64_t backoff_ms(const struct config *cfg, int64_t failures)
{
    int64_t d = cfg->webhook_backoff_ms;
    for (int64_t i = 1; i < failures && d < 3600000; i++) {
        d *= 2;
    }
    return d < 3600000 ? d : 3600000;
}

/* A statement on one claimed delivery, tried again if MariaDB refuses it once (a lock
 * wait or deadlock with a concurrent claim): an outcome must not be lost. */
static enum yh_err exec_retry(struct db *db, const char *sql, const struct db_param *p, size_t n,
                              uint64_t *affected)
{
    enum yh_err err = YH_ERR_INTERNAL;
    for (int i = 0; i < 3 && err != YH_OK; i++) {
        if (i > 0) {
            usleep(20000 * (useconds_t)i);
        }
        err = db_exec(db, sql, p, n, NULL, affected, NULL);
    }
    return err;
}

static void record(struct db *db, int64_t id, const char *lease, int status, const char *error, int64_t delay_ms)
{
    static const char ok[] = "UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, last_status = ?, "
                             "last_error = NULL, delivered_at = NOW(3), lease = NULL, locked_until = NULL WHERE id = ? "
                             "AND lease = ?";
    static const char again[] = "UPDATE deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?, next_at = "
                                "NOW(3) + INTERVAL ? * 1000 MICROSECOND, state = IF(NOW(3) + INTERVAL ? * 1000 "
                                "MICROSECOND > deadline, 'dead', 'pending'), lease = NULL, locked_until = NULL WHERE id = "
                                "? AND lease = ?";
    if (status >= 200 && status < 300) {
        struct db_param p[] = {P_I64(status), P_I64(id), P_STR(lease)};
        exec_retry(db, ok, p, 3, NULL);
    } else {
        char e[200];
        snprintf(e, sizeof(e), "%s", error ? error : "");
        struct db_param p[] = {status > 0 ? P_I64(status) : P_NULL, P_STR(e), P_I64(delay_ms), P_I64(delay_ms), P_I64(id),
                               P_STR(lease)};
        exec_retry(db, again, p, 6, NULL);
    }
}

/* One attempt of a claimed delivery: url, secret (sealed), event id, type, payload. */
static void attempt(struct db *db, const struct config *cfg, const char *lease, int64_t id, int64_t attempts,
                    const char *url, const void *secret_enc, size_t secret_len, const char *event_id, const char *type,
                    const char *payload)
{
    struct url u;
    struct sockaddr_storage addr;
    socklen_t alen = 0;
    const char *why = NULL;
    char err[200] = "";
    int status = -1;
    struct buf secret = {0};
    int64_t delay = backoff_ms(cfg, attempts + 1);
    if (!url_parse(url, &u, &why) || (!u.https && !cfg->webhook_allow_private)) {
        record(db, id, lease, -1, why ? why : "https is required", delay);
        return;
    }
    /* the address is checked before any connection, and the connection uses it */
    if (!url_resolve_checked(&u, cfg->webhook_allow_private, &addr, &alen, &why)) {
        record(db, id, lease, -1, why, delay);
        return;
    }
    /* the lookup may have taken a while: renew the lease for the attempt's deadline, and
     * give up if another worker has taken the delivery meanwhile */
    static const char renew[] =
        "UPDATE deliveries SET locked_until = NOW(3) + INTERVAL ? SECOND WHERE id = ? AND lease = ? "
        "AND state = 'pending'";
    struct db_param rp[] = {P_I64(lease_seconds(cfg)), P_I64(id), P_STR(lease)};
    uint64_t renewed = 0;
    if (exec_retry(db, renew, rp, 3, &renewed) != YH_OK || renewed != 1) {
        return;
    }
    if (pii_open(cfg, secret_enc, secret_len, &secret) != 0) {
        record(db, id, lease, -1, "the webhook's secret cannot be opened", delay);
        return;
    }
    char ts[24], msg_head[32], sig[65], headers[512];
    unsigned char mac[32];
    snprintf(ts, sizeof(ts), "%lld", (long long)now_s());
    size_t plen = strlen(payload);
    int hl = snprintf(msg_head, sizeof(msg_head), "%s.", ts);
    /* signature over "<timestamp>.<body>" keyed by the secret as given to the admin */
    char *signed_text = malloc((size_t)hl + plen + 1);
    if (signed_text == NULL) {
        buf_free(&secret);
        return;
    }
    memcpy(signed_text, msg_head, (size_t)hl);
    memcpy(signed_text + hl, payload, plen + 1);
    hmac_sha256_any(secret.data, secret.len, signed_text, (size_t)hl + plen, mac);
    free(signed_text);
    buf_free(&secret);
    hex_encode(mac, 32, sig);
    snprintf(headers, sizeof(headers),
             "X-Yinhui-Event: %s\r\nX-Yinhui-Event-Id: %s\r\nX-Yinhui-Timestamp: %s\r\nX-Yinhui-Signature: sha256=%s\r\n"
             "X-Yinhui-Attempt: %lld\r\n",
             type, event_id, ts, sig, (long long)attempts + 1);
    status = http_post(&u, &addr, alen, headers, payload, plen, (int)cfg->webhook_timeout_ms, err, sizeof(err));
    if (status >= 0 && (status < 200 || status >= 300)) {
        snprintf(err, sizeof(err), "HTTP %d", status);
    }
    record(db, id, lease, status, err, delay);
}

/* Claims one due delivery of office under lease unless the office already has
 * webhook_office_max in flight. 1 claimed, 0 not, -1 database error. The office's turn
 * row is locked for the count and the claim, so concurrent claimers (threads or
 * processes) cannot both take the last slot; served_at moves the office to the back of
 * the round. */
static int claim_of_office(struct db *db, const struct config *cfg, const char *office, const char *lease)
{
    static const char turn[] = "INSERT IGNORE INTO delivery_turns (office_code) VALUES (?)";
    static const char lock[] = "SELECT served_at FROM delivery_turns WHERE office_code = ? FOR UPDATE";
    static const char inflight[] =
        "SELECT COUNT(*) FROM deliveries WHERE office_code = ? AND state = 'pending' AND "
        "lease IS NOT NULL AND locked_until >= NOW(3)";
    /* the due rows are found by a plain read, then one is taken by its primary key with
     * the conditions checked again: a claim locks that row only, in the same order as
     * the outcome's update (a range-locking UPDATE ... ORDER BY deadlocked with it) */
    static const char due[] =
        "SELECT d.id FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.active = 1 WHERE "
        "d.office_code = ? AND d.state = 'pending' AND d.next_at <= NOW(3) AND (d.locked_until IS "
        "NULL OR d.locked_until < NOW(3)) ORDER BY d.next_at LIMIT 4";
    static const char claim[] =
        "UPDATE deliveries SET lease = ?, locked_until = NOW(3) + INTERVAL ? SECOND WHERE id = ? "
        "AND state = 'pending' AND (locked_until IS NULL OR locked_until < NOW(3))";
    static const char served[] = "UPDATE delivery_turns SET served_at = NOW(6) WHERE office_code = ?";
    struct db_param o[] = {P_STR(office)};
    struct db_rows rows;
    uint64_t claimed = 0;
    if (db_exec(db, turn, o, 1, NULL, NULL, NULL) != YH_OK) {
        return -1;
    }
    enum yh_err err = db_begin(db);
    if (err == YH_OK && (err = db_exec(db, lock, o, 1, &rows, NULL, NULL)) == YH_OK) {
        db_rows_free(&rows);
        err = db_exec(db, inflight, o, 1, &rows, NULL, NULL);
    }
    if (err == YH_OK) {
        bool full = db_i64(&rows, 0, 0) >= cfg->webhook_office_max;
        db_rows_free(&rows);
        if (!full && (err = db_exec(db, due, o, 1, &rows, NULL, NULL)) == YH_OK) {
            for (size_t i = 0; err == YH_OK && claimed == 0 && i < rows.nrows; i++) {
                struct db_param c[] = {P_STR(lease), P_I64(lease_seconds(cfg)), P_I64(db_i64(&rows, i, 0))};
                err = db_exec(db, claim, c, 3, NULL, &claimed, NULL);
            }
            db_rows_free(&rows);
        }
        if (err == YH_OK && claimed == 1) {
            err = db_exec(db, served, o, 1, NULL, NULL, NULL);
        }
    }
    if (err == YH_OK && claimed == 0) {
        db_rollback(db);
        return 0;
    }
    return db_finish(db, err) == YH_OK ? 1 : -1;
}

/* Claims and attempts one delivery: 1 attempted (or expired), 0 nothing due, -1. */
static int run_one(struct db *db, const struct config *cfg)
{
    /* offices with due deliveries, the one served longest ago (or never) first */
    static const char offices[] =
        "SELECT d.office_code FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id AND "
        "w.active = 1 LEFT JOIN delivery_turns t ON t.office_code = d.office_code WHERE d.state "
        "= 'pending' AND d.next_at <= NOW(3) AND (d.locked_until IS NULL OR d.locked_until < "
        "NOW(3)) GROUP BY d.office_code ORDER BY MIN(t.served_at), d.office_code LIMIT 16";
    static const char load[] =
        "SELECT d.id, d.attempts, w.url, w.secret_enc, o.event_id, o.type, o.payload, "
        "d.deadline < NOW(3) FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN outbox "
        "o ON o.id = d.outbox_id WHERE d.lease = ?";
    static const char expire[] = "UPDATE deliveries SET state = 'dead', last_error = IFNULL(last_error, 'deadline passed'), "
                                 "lease = NULL, locked_until = NULL WHERE id = ? AND lease = ?";
    unsigned char rnd[16];
    char lease[33];
    struct db_rows offs, rows;
    if (random_bytes(rnd, sizeof(rnd)) != 0) {
        return -1;
    }
    hex_encode(rnd, sizeof(rnd), lease); /* a fresh lease per claim */
    if (db_exec(db, offices, NULL, 0, &offs, NULL, NULL) != YH_OK) {
        return -1;
    }
    int got = 0;
    for (size_t i = 0; i < offs.nrows && got == 0; i++) {
        got = claim_of_office(db, cfg, db_str(&offs, i, 0), lease);
    }
    db_rows_free(&offs);
    if (got <= 0) {
        return got;
    }
    struct db_param q[] = {P_STR(lease)};
    if (db_exec(db, load, q, 1, &rows, NULL, NULL) != YH_OK) {
        return -1;
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        int64_t id = db_i64(&rows, i, 0);
        if (db_i64(&rows, i, 7)) {
            struct db_param e[] = {P_I64(id), P_STR(lease)};
            exec_retry(db, expire, e, 2, NULL);
            continue;
        }
        attempt(db, cfg, lease, id, db_i64(&rows, i, 1), db_str(&rows, i, 2), db_str(&rows, i, 3), db_len(&rows, i, 3),
                db_str(&rows, i, 4), db_str(&rows, i, 5), db_str(&rows, i, 6));
    }
    db_rows_free(&rows);
    return 1;
}

int outbox_run_once(struct db *db, const struct config *cfg, int limit)
{
    int n = 0;
    while (n < limit) {
        int r = run_one(db, cfg);
        if (r < 0) {
            return n ? n : -1;
        }
        if (r == 0) {
            break;
        }
        n++;
    }
    return n;
}

/* care.visit_due: once a day per office with a subscribed webhook (from YH_CARE_DUE_HOUR,
 * China time), one event per open branch with members due a visit today, carrying the
 * counts by reason only; the secretary's app fetches the list with its own token. The
 * day's marker row and the events commit together, so one process publishes them. */
static void publish_visits_due(struct db *db, const struct config *cfg)
{
    static const char offices[] = "SELECT DISTINCT w.office_code FROM webhooks w LEFT JOIN outbox_daily d ON d.office_code "
                                  "= w.office_code AND d.kind = 'care.visit_due' AND d.day = ? WHERE w.active = 1 AND "
                                  "FIND_IN_SET('care.visit_due', w.events) AND d.office_code IS NULL LIMIT 100";
    static const char mark[] = "INSERT IGNORE INTO outbox_daily (office_code, kind, day) VALUES (?, 'care.visit_due', ?)";
    static const char branches[] = "SELECT id FROM branches WHERE office_code = ? AND dissolved_on IS NULL AND level = "
                                   "'branch' ORDER BY id LIMIT 5000";
    char now[20], today[11];
    time_cn(now_s(), now);
    if (atoi(now + 11) < cfg->care_due_hour) {
        return;
    }
    memcpy(today, now, 10);
    today[10] = '\0';
    struct db_rows offs;
    struct db_param p[] = {P_STR(today)};
    if (db_exec(db, offices, p, 1, &offs, NULL, NULL) != YH_OK) {
        return;
    }
    for (size_t i = 0; i < offs.nrows; i++) {
        const char *office = db_str(&offs, i, 0);
        uint64_t won = 0;
        struct db_param q[] = {P_STR(office), P_STR(today)};
        enum yh_err err = db_begin(db);
        if (err == YH_OK) {
            err = db_exec(db, mark, q, 2, NULL, &won, NULL);
        }
        struct db_rows br = {0};
        bool have_br = false;
        if (err == YH_OK && won == 1) {
            struct db_param o[] = {P_STR(office)};
            err = db_exec(db, branches, o, 1, &br, NULL, NULL);
            have_br = err == YH_OK;
        }
        /* the masked list: birthdays by month (this month's, passed or not), since a
         * count per branch and day would tell a receiver each birthday's day */
        for (size_t k = 0; have_br && err == YH_OK && k < br.nrows; k++) {
            cJSON *due = NULL;
            int64_t branch = db_i64(&br, k, 0);
            err = care_due_compute(db, cfg, office, branch, today, 1, 7, false, &due);
            if (err == YH_OK && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(due, "items")) > 0) {
                char *counts = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(due, "counts"));
                char data[512];
                snprintf(data, sizeof(data), "{\"branch_id\":\"%lld\",\"date\":\"%s\",\"counts\":%s}", (long long)branch,
                         today, counts ? counts : "{}");
                free(counts);
                err = outbox_publish(db, cfg, office, "care.visit_due", data);
            }
            cJSON_Delete(due);
        }
        if (have_br) {
            db_rows_free(&br);
        }
        db_finish(db, err);
    }
    db_rows_free(&offs);
}

struct outbox_worker {
    const struct config *cfg;
    pthread_t threads[64];
    int nthreads;
    atomic_bool stop;
};

struct worker_arg {
    struct outbox_worker *w;
    int index;
};

static void *worker_main(void *arg)
{
    struct worker_arg *a = arg;
    struct outbox_worker *w = a->w;
    int index = a->index;
    free(a);
    enum yh_err err;
    struct db *db = NULL;
    unsigned passes = 0;
    while (!atomic_load(&w->stop)) {
        if (db == NULL) {
            db = db_open(w->cfg, &err);
        }
        if (db && index == 0 && passes++ % 10 == 0) {
            publish_visits_due(db, w->cfg);
        }
        int n = db ? outbox_run_once(db, w->cfg, 1) : -1;
        if (n > 0) {
            continue;
        }
        /* idle (or MariaDB away): wait a poll interval, in short steps so stop is quick */
        for (int64_t waited = 0; waited < w->cfg->webhook_poll_ms && !atomic_load(&w->stop); waited += 10) {
            usleep(10000);
        }
    }
    if (db != NULL) {
        db_close(db);
    }
    return NULL;
}

struct outbox_worker *outbox_start(const struct config *cfg)
{
    struct outbox_worker *w = calloc(1, sizeof(*w));
    if (w == NULL) {
        return NULL;
    }
    w->cfg = cfg;
    atomic_init(&w->stop, false);
    int want = cfg->webhook_workers < 1 ? 1 : cfg->webhook_workers > 64 ? 64 : (int)cfg->webhook_workers;
    for (int i = 0; i < want; i++) {
        struct worker_arg *a = malloc(sizeof(*a));
        if (a == NULL) {
            break;
        }
        a->w = w;
        a->index = i;
        if (pthread_create(&w->threads[w->nthreads], NULL, worker_main, a) != 0) {
            free(a);
            break;
        }
        w->nthreads++;
    }
    if (w->nthreads == 0) {
        free(w);
        return NULL;
    }
    return w;
}

void outbox_stop(struct outbox_worker *w)
{
    if (w == NULL) {
        return;
    }
    atomic_store(&w->stop, true);
    for (int i = 0; i < w->nthreads; i++) {
        pthread_join(w->threads[i], NULL);
    }
    free(w);
}
