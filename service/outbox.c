/* The notifications outbox (see outbox.h). Events are published inside the transaction
 * of the change that caused them, with a delivery row per subscribed webhook. A worker
 * thread in every process claims due deliveries under a lease (so several processes
 * share the queue and a crashed one's claims run out), POSTs each signed payload, and
 * records the outcome: delivered on 2xx; otherwise retried with exponential backoff
 * until the delivery's deadline, then dead-lettered. A delivery is marked right after
 * its response, so only a crash between the two can send one twice (receivers
 * de-duplicate by event id). */
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
#include <openssl/evp.h>
#include <openssl/hmac.h>

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

#define BATCH 10

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

/* Delay before attempt n+1 (n >= 1 failures): base × 2^(n-1), at most an hour. */
static int64_t backoff_ms(const struct config *cfg, int64_t failures)
{
    int64_t d = cfg->webhook_backoff_ms;
    for (int64_t i = 1; i < failures && d < 3600000; i++) {
        d *= 2;
    }
    return d < 3600000 ? d : 3600000;
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
        db_exec(db, ok, p, 3, NULL, NULL, NULL);
    } else {
        char e[200];
        snprintf(e, sizeof(e), "%s", error ? error : "");
        struct db_param p[] = {status > 0 ? P_I64(status) : P_NULL, P_STR(e), P_I64(delay_ms), P_I64(delay_ms), P_I64(id),
                               P_STR(lease)};
        db_exec(db, again, p, 6, NULL, NULL, NULL);
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
    if (pii_open(cfg, secret_enc, secret_len, &secret) != 0) {
        record(db, id, lease, -1, "the webhook's secret cannot be opened", delay);
        return;
    }
    char ts[24], msg_head[32], sig[65], headers[512];
    unsigned char mac[32];
    unsigned int maclen = 0;
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
    HMAC(EVP_sha256(), secret.data, (int)secret.len, (const unsigned char *)signed_text, (size_t)hl + plen, mac, &maclen);
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

int outbox_run_once(struct db *db, const struct config *cfg, const char *lease, int limit)
{
    /* deliveries of a paused webhook wait (until their deadline) */
    static const char claim[] = "UPDATE deliveries SET lease = ?, locked_until = NOW(3) + INTERVAL ? SECOND WHERE state = "
                                "'pending' AND next_at <= NOW(3) AND (locked_until IS NULL OR locked_until < NOW(3)) AND "
                                "webhook_id IN (SELECT id FROM webhooks WHERE active = 1) ORDER BY next_at LIMIT ?";
    static const char load[] = "SELECT d.id, d.attempts, w.url, w.secret_enc, o.event_id, o.type, o.payload, "
                               "d.deadline < NOW(3) FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN outbox "
                               "o ON o.id = d.outbox_id WHERE d.lease = ? ORDER BY d.next_at";
    static const char expire[] = "UPDATE deliveries SET state = 'dead', last_error = IFNULL(last_error, 'deadline passed'), "
                                 "lease = NULL, locked_until = NULL WHERE id = ? AND lease = ?";
    int64_t lease_s = (int64_t)limit * cfg->webhook_timeout_ms * 2 / 1000 + 10;
    struct db_param p[] = {P_STR(lease), P_I64(lease_s), P_I64(limit)};
    uint64_t claimed = 0;
    if (db_exec(db, claim, p, 3, NULL, &claimed, NULL) != YH_OK) {
        return -1;
    }
    if (claimed == 0) {
        return 0;
    }
    struct db_rows rows;
    struct db_param q[] = {P_STR(lease)};
    if (db_exec(db, load, q, 1, &rows, NULL, NULL) != YH_OK) {
        return -1;
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        int64_t id = db_i64(&rows, i, 0);
        if (db_i64(&rows, i, 7)) {
            struct db_param e[] = {P_I64(id), P_STR(lease)};
            db_exec(db, expire, e, 2, NULL, NULL, NULL);
            continue;
        }
        attempt(db, cfg, lease, id, db_i64(&rows, i, 1), db_str(&rows, i, 2), db_str(&rows, i, 3), db_len(&rows, i, 3),
                db_str(&rows, i, 4), db_str(&rows, i, 5), db_str(&rows, i, 6));
    }
    int n = (int)rows.nrows;
    db_rows_free(&rows);
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
        for (size_t k = 0; have_br && err == YH_OK && k < br.nrows; k++) {
            cJSON *due = NULL;
            int64_t branch = db_i64(&br, k, 0);
            err = care_due_compute(db, cfg, office, branch, today, 1, 7, true, &due); /* counts only */
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
    pthread_t thread;
    atomic_bool stop;
    char lease[33];
};

static void *worker_main(void *arg)
{
    struct outbox_worker *w = arg;
    enum yh_err err;
    struct db *db = NULL;
    unsigned passes = 0;
    while (!atomic_load(&w->stop)) {
        if (db == NULL) {
            db = db_open(w->cfg, &err);
        }
        if (db && passes++ % 10 == 0) {
            publish_visits_due(db, w->cfg);
        }
        int n = db ? outbox_run_once(db, w->cfg, w->lease, BATCH) : -1;
        if (n > 0) {
            continue;
        }
        /* idle (or MariaDB away): wait a poll interval, in short steps so stop is quick */
        for (int64_t waited = 0; waited < w->cfg->webhook_poll_ms && !atomic_load(&w->stop); waited += 10) {
            usleep(10000);
        }
    }
    if (db != NULL) {
        /* give back what this worker had claimed but not attempted */
        static const char release[] = "UPDATE deliveries SET lease = NULL, locked_until = NULL WHERE lease = ?";
        struct db_param p[] = {P_STR(w->lease)};
        db_exec(db, release, p, 1, NULL, NULL, NULL);
        db_close(db);
    }
    return NULL;
}

struct outbox_worker *outbox_start(const struct config *cfg)
{
    unsigned char rnd[16];
    struct outbox_worker *w = calloc(1, sizeof(*w));
    if (w == NULL || random_bytes(rnd, sizeof(rnd)) != 0) {
        free(w);
        return NULL;
    }
    hex_encode(rnd, sizeof(rnd), w->lease);
    w->cfg = cfg;
    atomic_init(&w->stop, false);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
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
    pthread_join(w->thread, NULL);
    free(w);
}
