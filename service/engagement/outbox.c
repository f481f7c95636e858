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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/access.h"
#include "yinhui/care_due.h"
#include "yinhui/delivery_retry.h"
#include "yinhui/help_flow.h"
#include "yinhui/lapse.h"
#include "yinhui/metrics.h"
#include "yinhui/net.h"
#include "yinhui/outbox_db.h"
#include "yinhui/pii.h"
#include "yinhui/util.h"
#include "yinhui/volunteers.h"

const char *const outbox_event_types[] = {
    "activity.scheduled",        "volunteer_event.opened", "volunteer_signup.confirmed",
    "volunteer_signup.promoted", "care.visit_due",         "suggestion.answered",
    "talent_request.assigned",   "member.lapse_warning",   "help_request.created",
    "help_request.overdue",      "member.deceased",        "transfer.started",
    "transfer.accepted",         "transfer.refused",       "volunteer_event.reminder",
    "volunteer_event.cancelled", NULL};

/* Publishes type for office: the payload {"id", "type", "office", "occurred_at", "data"}
 * with a fresh event id, fanned out to the office's subscribed webhooks by the store. */
enum yh_err outbox_publish(struct db *db, const struct config *cfg, const char *office, const char *type,
                           const char *data)
{
    unsigned char rnd[16];
    char event_id[33], when[32], cn[20];
    if (random_bytes(rnd, sizeof(rnd)) != 0) {
        return YH_ERR_INTERNAL;
    }
    hex_encode(rnd, sizeof(rnd), event_id);
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
    enum yh_err err = outbox_db_publish(db, office, event_id, type, payload, cfg->webhook_ttl_s);
    free(payload);
    return err;
}

/* Records an attempt's outcome: delivered on a 2xx, else retried after the backoff
 * (delay_ms) or dead past the deadline. status -1: no response, error says why. */
static void record(struct db *db, int64_t id, const char *lease, int status, const char *error,
                   int64_t delay_ms)
{
    if (delivery_succeeded(status)) {
        outbox_db_delivered(db, id, lease, status);
        metrics_delivery(MD_DELIVERED);
    } else {
        outbox_db_failed(db, id, lease, status, error, delay_ms);
        metrics_delivery(MD_FAILED);
    }
}

/* The X-Yinhui-* headers of attempt number attempt of claim c into headers: the
 * signature is over "<timestamp>.<body>" keyed by secret as given to the admin. false
 * when out of memory. */
static bool signed_headers(const struct outbox_claim *c, const struct buf *secret, int64_t attempt,
                           char *headers, size_t len)
{
    char ts[24], sig[65];
    unsigned char mac[32];
    int hl = snprintf(ts, sizeof(ts), "%lld", (long long)now_s());
    size_t plen = strlen(c->payload);
    char *signed_text = malloc((size_t)hl + 1 + plen + 1);
    if (signed_text == NULL) {
        return false;
    }
    memcpy(signed_text, ts, (size_t)hl);
    signed_text[hl] = '.';
    memcpy(signed_text + hl + 1, c->payload, plen + 1);
    hmac_sha256_any(secret->data, secret->len, signed_text, (size_t)hl + 1 + plen, mac);
    free(signed_text);
    hex_encode(mac, 32, sig);
    snprintf(headers, len,
             "X-Yinhui-Event: %s\r\nX-Yinhui-Event-Id: %s\r\nX-Yinhui-Timestamp: %s\r\nX-Yinhui-Signature: "
             "sha256=%s\r\n"
             "X-Yinhui-Attempt: %lld\r\n",
             c->type, c->event_id, ts, sig, (long long)attempt);
    return true;
}

/* One attempt of claimed delivery c under lease, its outcome recorded unless the lease
 * was lost meanwhile. */
static void attempt(struct db *db, const struct config *cfg, const char *lease, const struct outbox_claim *c)
{
    struct url u;
    struct sockaddr_storage addr;
    socklen_t alen = 0;
    const char *why = NULL;
    char err[200] = "", headers[512];
    struct buf secret = {0};
    uint64_t renewed = 0;
    int64_t delay = delivery_backoff_ms(cfg->webhook_backoff_ms, c->attempts + 1);
    if (!url_parse(c->url, &u, &why) || (!u.https && !cfg->webhook_allow_private)) {
        record(db, c->id, lease, -1, why ? why : "https is required", delay);
        return;
    }
    /* the address is checked before any connection, and the connection uses it */
    if (!url_resolve_checked(&u, cfg->webhook_allow_private, &addr, &alen, &why)) {
        record(db, c->id, lease, -1, why, delay);
        return;
    }
    /* the lookup may have taken a while: renew the lease for the attempt's deadline, and
     * give up if another worker has taken the delivery meanwhile */
    if (outbox_db_renew(db, c->id, lease, delivery_lease_s(cfg->webhook_timeout_ms), &renewed) != YH_OK ||
        renewed != 1) {
        return;
    }
    if (pii_open(cfg, c->secret_enc.data, c->secret_enc.len, &secret) != 0) {
        record(db, c->id, lease, -1, "the webhook's secret cannot be opened", delay);
        return;
    }
    bool ok = signed_headers(c, &secret, c->attempts + 1, headers, sizeof(headers));
    buf_free(&secret);
    if (!ok) {
        return;
    }
    int status = http_post(&u, &addr, alen, headers, c->payload, strlen(c->payload),
                           (int)cfg->webhook_timeout_ms, err, sizeof(err));
    if (status >= 0 && !delivery_succeeded(status)) {
        snprintf(err, sizeof(err), "HTTP %d", status);
    }
    record(db, c->id, lease, status, err, delay);
}

/* Claims and attempts one delivery: 1 attempted (or expired), 0 nothing due, -1. */
static int run_one(struct db *db, const struct config *cfg)
{
    unsigned char rnd[16];
    char lease[33], offices[16][7];
    struct outbox_claim *claims = NULL;
    size_t noffices = 0, nclaims = 0;
    if (random_bytes(rnd, sizeof(rnd)) != 0) {
        return -1;
    }
    hex_encode(rnd, sizeof(rnd), lease); /* a fresh lease per claim */
    if (outbox_db_due_offices(db, offices, 16, &noffices) != YH_OK) {
        return -1;
    }
    int got = 0;
    for (size_t i = 0; i < noffices && got == 0; i++) {
        got = outbox_db_claim(db, offices[i], lease, delivery_lease_s(cfg->webhook_timeout_ms),
                              cfg->webhook_office_max);
    }
    if (got <= 0) {
        return got;
    }
    if (outbox_db_claimed(db, lease, &claims, &nclaims) != YH_OK) {
        return -1;
    }
    for (size_t i = 0; i < nclaims; i++) {
        if (claims[i].expired) {
            outbox_db_expire(db, claims[i].id, lease);
            metrics_delivery(MD_EXPIRED);
        } else {
            attempt(db, cfg, lease, &claims[i]);
        }
    }
    outbox_db_claims_free(claims, nclaims);
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

/* Publishes care.visit_due for branch of office if it has members due a visit today:
 * the masked list (birthdays by month, this month's, passed or not), since a count per
 * branch and day would tell a receiver each birthday's day. */
static enum yh_err publish_branch_due(struct db *db, const struct config *cfg, const char *office,
                                      int64_t branch, const char *today)
{
    struct buf text = {0};
    enum yh_err err = care_due_compute(db, cfg, office, branch, today, 1, 0, false, &text);
    cJSON *due = err == YH_OK ? cJSON_ParseWithLength(text.data, text.len) : NULL;
    buf_free(&text);
    if (err == YH_OK && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(due, "items")) > 0) {
        char *counts = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(due, "counts"));
        char data[512];
        snprintf(data, sizeof(data), "{\"branch_id\":\"%lld\",\"date\":\"%s\",\"counts\":%s}",
                 (long long)branch, today, counts ? counts : "{}");
        free(counts);
        err = outbox_publish(db, cfg, office, "care.visit_due", data);
    }
    cJSON_Delete(due);
    return err;
}

/* The day's marker of office and its branches' events, in one transaction. */
static void publish_office_due(struct db *db, const struct config *cfg, const char *office, const char *today)
{
    int64_t *branches = NULL;
    size_t nbranches = 0;
    uint64_t won = 0;
    enum yh_err err = db_begin(db);
    if (err == YH_OK) {
        err = outbox_db_mark_visit_due(db, office, today, &won);
    }
    if (err == YH_OK && won == 1) {
        err = outbox_db_open_branches(db, office, &branches, &nbranches);
    }
    for (size_t k = 0; err == YH_OK && k < nbranches; k++) {
        err = publish_branch_due(db, cfg, office, branches[k], today);
    }
    free(branches);
    db_finish(db, err);
}

/* care.visit_due: once a day per office with a subscribed webhook (from YH_CARE_DUE_HOUR,
 * China time), one event per open branch with members due a visit today, carrying the
 * counts by reason only; the secretary's app fetches the list with its own token. The
 * day's marker row and the events commit together, so one process publishes them. */
static void publish_visits_due(struct db *db, const struct config *cfg)
{
    char now[20], today[11], offices[100][7];
    size_t n = 0;
    time_cn(now_s(), now);
    if (atoi(now + 11) < cfg->care_due_hour) {
        return;
    }
    memcpy(today, now, 10);
    today[10] = '\0';
    if (outbox_db_visit_due_offices(db, today, offices, 100, &n) != YH_OK) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        publish_office_due(db, cfg, offices[i], today);
    }
}

struct outbox_worker {
    const struct config *cfg;
    pthread_t threads[64];
    int nthreads;
    struct stop_signal stop;
};

struct worker_arg {
    struct outbox_worker *w;
    int index;
};

/* A delivery thread (arg: its struct worker_arg, taken): delivers until stopped; thread 0
 * also publishes the daily care.visit_due and member.lapse_warning events and escalates
 * overdue urgent help requests (help_request.overdue) and sends volunteer events'
 * reminders (volunteer_event.reminder). Reconnects when MariaDB goes away. */
static void *worker_main(void *arg)
{
    struct worker_arg *a = arg;
    struct outbox_worker *w = a->w;
    int index = a->index;
    free(a);
    enum yh_err err;
    struct db *db = NULL;
    unsigned passes = 0;
    while (!stop_wait(&w->stop, 0)) {
        if (db == NULL) {
            db = db_open(w->cfg, &err);
        }
        if (db && index == 0 && passes++ % 10 == 0) {
            publish_visits_due(db, w->cfg);
            lapse_publish_due(db, w->cfg);
            /* every few seconds, not once a day: overdue within hours matters */
            help_publish_overdue(db, w->cfg);
            vreminders_publish_due(db, w->cfg);
            vhours_auto_checkout(db); /* volunteers left checked in (issue 16, h1) */
        }
        int n = db ? outbox_run_once(db, w->cfg, 1) : -1;
        if (n > 0) {
            continue;
        }
        /* idle (or MariaDB away): wait a poll interval, or until stopped */
        if (stop_wait(&w->stop, w->cfg->webhook_poll_ms)) {
            break;
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
    stop_init(&w->stop);
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
        stop_destroy(&w->stop);
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
    stop_raise(&w->stop);
    for (int i = 0; i < w->nthreads; i++) {
        pthread_join(w->threads[i], NULL);
    }
    stop_destroy(&w->stop);
    free(w);
}
