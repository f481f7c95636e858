#include "yinhui/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/json_in.h"

enum ctype { C_INT, C_STR, C_BOOL, C_HEX32 };

/* The configuration table: one row per variable (Redis config.c style). */
struct cdef {
    const char *name;
    enum ctype type;
    const char *def;      /* NULL: required */
    int64_t min, max;     /* ints: bounds; strings: max length */
    bool secret;
    size_t off;
    const char *help;
    size_t bin_off; /* C_HEX32: where the 32 decoded bytes go */
};

#define O(f) offsetof(struct config, f)
static const struct cdef defs[] = {
    {"YH_LISTEN", C_STR, "127.0.0.1:8080", 1, 63, false, O(listen), "address:port to serve on", 0},
    {"YH_THREADS", C_INT, "64", 4, 1024, false, O(threads), "worker threads (one per open connection)", 0},
    {"YH_KEEPALIVE_MS", C_INT, "10000", 0, 600000, false, O(keepalive_ms), "idle keep-alive timeout", 0},
    {"YH_DRAIN_MS", C_INT, "5000", 0, 60000, false, O(drain_ms), "on SIGTERM: listener closed, in-flight requests finish, every response says Connection: close, until no connection is open or this long", 0},
    {"YH_BODY_MAX", C_INT, "262144", 1024, 16777216, false, O(body_max), "request body limit in bytes (413 above)", 0},
    {"YH_DB_HOST", C_STR, "127.0.0.1", 1, 127, false, O(db_host), "MariaDB host (TCP)", 0},
    {"YH_DB_PORT", C_INT, "3307", 1, 65535, false, O(db_port), "MariaDB port", 0},
    {"YH_DB_SOCKET", C_STR, "", 0, 107, false, O(db_socket), "MariaDB unix socket; preferred over TCP when set", 0},
    {"YH_DB_USER", C_STR, "root", 1, 63, false, O(db_user), "MariaDB user", 0},
    {"YH_DB_PASSWORD", C_STR, "", 0, 127, true, O(db_password), "MariaDB password", 0},
    {"YH_DB_NAME", C_STR, "yinhui", 1, 63, false, O(db_name), "database name", 0},
    {"YH_DB_REPLICA_HOST", C_STR, "", 0, 127, false, O(db_replica_host), "MariaDB replica host (TCP; same user, password and database as the primary); empty, with YH_DB_REPLICA_SOCKET empty: no replica, every read on the primary", 0},
    {"YH_DB_REPLICA_PORT", C_INT, "3306", 1, 65535, false, O(db_replica_port), "MariaDB replica port", 0},
    {"YH_DB_REPLICA_SOCKET", C_STR, "", 0, 107, false, O(db_replica_socket), "MariaDB replica unix socket; preferred over TCP when set", 0},
    {"YH_DB_REPLICA_MAX_LAG_MS", C_INT, "2000", 100, 3600000, false, O(db_replica_max_lag_ms), "a replica further behind the primary than this (its heartbeat row, written every 500 ms) gets no reads", 0},
    {"YH_DB_REPLICA_WAIT_MS", C_INT, "50", 0, 10000, false, O(db_replica_wait_ms), "how long a read waits for the replica to apply the office's last write (MASTER_GTID_WAIT) before it goes to the primary", 0},
    {"YH_DB_REPLICA_RETRY_MS", C_INT, "1000", 100, 600000, false, O(db_replica_retry_ms), "after the replica failed, how long it gets no reads before it is tried again", 0},
    {"YH_REDIS_HOST", C_STR, "127.0.0.1", 1, 127, false, O(redis_host), "Redis host", 0},
    {"YH_REDIS_PORT", C_INT, "6380", 1, 65535, false, O(redis_port), "Redis port", 0},
    {"YH_REDIS_PASSWORD", C_STR, NULL, 16, 127, true, O(redis_password), "Redis password (AUTH on every connection; at least 16 characters)", 0},
    {"YH_REDIS_TIMEOUT_MS", C_INT, "200", 10, 10000, false, O(redis_timeout_ms), "Redis connect and command timeout", 0},
    {"YH_CACHE", C_BOOL, "1", 0, 1, false, O(cache), "cache hot reads in Redis (0 disables)", 0},
    {"YH_CACHE_TTL_S", C_INT, "300", 1, 86400, false, O(cache_ttl_s), "lifetime of a cached read", 0},
    {"YH_LOCAL_CACHE_BYTES", C_INT, "8388608", 0, 1073741824, false, O(local_cache_bytes), "bytes of cached reads each process keeps in memory in front of Redis, kept in step by Redis client-side caching (0: none)", 0},
    {"YH_GZIP_MIN_BYTES", C_INT, "1024", 0, 16777216, false, O(gzip_min_bytes), "a cached JSON read of this many bytes or more is gzipped once, when it is cached, and served so to clients that send Accept-Encoding: gzip (0: never)", 0},
    {"YH_MASTER_KEY", C_HEX32, NULL, 64, 64, true, O(master_key_hex), "64 hex chars; encrypts signing keys, keys HMACs", O(master_key)},
    {"YH_DATA_KEY", C_HEX32, NULL, 64, 64, true, O(data_key_hex), "64 hex chars; AES-256-GCM key of personal data (ID, phone, address, health)", O(data_key)},
    {"YH_DATA_KEY_ID", C_INT, "1", 1, 255, false, O(data_key_id), "id stored with each value sealed under YH_DATA_KEY", 0},
    {"YH_DATA_KEY_OLD", C_HEX32, "", 64, 64, true, O(data_key_old_hex), "previous data key, still read while `yinhui key rotate-data` re-encrypts", O(data_key_old)},
    {"YH_DATA_KEY_OLD_ID", C_INT, "0", 0, 255, false, O(data_key_old_id), "id of YH_DATA_KEY_OLD (0: none)", 0},
    {"YH_PII_HMAC_KEY", C_HEX32, NULL, 64, 64, true, O(pii_hmac_hex), "64 hex chars; keys the ID-number lookup hash (never rotate without rehashing)", O(pii_hmac_key)},
    {"YH_IMPORT_MAX", C_INT, "8388608", 1024, 67108864, false, O(import_max), "body limit of CSV imports in bytes", 0},
    {"YH_JWT_AUD", C_STR, "yinhui", 1, 63, false, O(jwt_aud), "audience of issued and accepted tokens", 0},
    {"YH_ACCESS_TTL_S", C_INT, "600", 60, 3600, false, O(access_ttl_s), "access token lifetime", 0},
    {"YH_REFRESH_TTL_S", C_INT, "1209600", 3600, 7776000, false, O(refresh_ttl_s), "refresh token lifetime", 0},
    {"YH_CLOCK_SKEW_S", C_INT, "30", 0, 300, false, O(clock_skew_s), "allowed clock skew for exp/nbf/iat", 0},
    {"YH_KEY_REFRESH_S", C_INT, "30", 1, 3600, false, O(key_refresh_s), "reload of the verification key table", 0},
    {"YH_TOKEN_CACHE_SIZE", C_INT, "16384", 16, 4194304, false, O(token_cache_size), "verified-token cache slots", 0},
    {"YH_MALLOC_MMAP_THRESHOLD", C_INT, "262144", 16384, 33554432, false, O(malloc_mmap_threshold), "allocations of this many bytes or more get a mapping of their own, returned to the system when freed", 0},
    {"YH_MALLOC_TRIM_BYTES", C_INT, "65536", 0, 1073741824, false, O(malloc_trim_bytes), "after a response body of this many bytes or more, the memory freed is returned to the system (malloc_trim, at most every 50 ms; 0: never)", 0},
    {"YH_DB_STMT_IDLE_S", C_INT, "10", 0, 86400, false, O(db_stmt_idle_s), "a worker's prepared statement not run for this long is closed at its next request (each of the YH_THREADS connections keeps its own; 0: never)", 0},
    {"YH_LOGIN_MAX_FAILS", C_INT, "5", 1, 1000, false, O(login_max_fails), "failed logins per account per window", 0},
    {"YH_LOGIN_IP_MAX_FAILS", C_INT, "50", 1, 100000, false, O(login_ip_max_fails), "failed logins per address per window", 0},
    {"YH_LOGIN_WINDOW_S", C_INT, "900", 10, 86400, false, O(login_window_s), "login throttling window", 0},
    {"YH_HASH_CONCURRENCY", C_INT, "0", 0, 256, false, O(hash_concurrency), "Argon2 hashes computed at once (0: the online cores)", 0},
    {"YH_HASH_WAIT_MS", C_INT, "2000", 10, 60000, false, O(hash_wait_ms), "how long a login waits for an Argon2 turn before 503", 0},
    {"YH_TRUSTED_PROXIES", C_STR, "127.0.0.1", 0, 255, false, O(trusted_proxies), "comma list of proxies whose X-Real-IP is believed", 0},
    {"YH_SQL_DIR", C_STR, "sql", 1, 255, false, O(sql_dir), "folder of migrations", 0},
    {"YH_OPENAPI_PATH", C_STR, "api/openapi.yaml", 1, 255, false, O(openapi_path), "the API spec, read at start-up and served rendered at /docs (missing or invalid: a warning, and /docs answers 503)", 0},
    {"YH_ACCESS_LOG", C_BOOL, "1", 0, 1, false, O(access_log), "one JSON line per request on stdout", 0},
    {"YH_WEBHOOK_ALLOW_PRIVATE", C_BOOL, "0", 0, 1, false, O(webhook_allow_private), "development only: webhooks may use http and private or loopback addresses", 0},
    {"YH_WEBHOOK_POLL_MS", C_INT, "1000", 10, 60000, false, O(webhook_poll_ms), "how often the delivery worker looks for due deliveries", 0},
    {"YH_WEBHOOK_BACKOFF_MS", C_INT, "10000", 10, 3600000, false, O(webhook_backoff_ms), "first retry delay; doubles per attempt, at most an hour", 0},
    {"YH_WEBHOOK_TTL_S", C_INT, "86400", 1, 604800, false, O(webhook_ttl_s), "how long a delivery is retried before it is dead-lettered", 0},
    {"YH_CARE_DUE_HOUR", C_INT, "7", 0, 23, false, O(care_due_hour), "China hour from which the day's care.visit_due events go out", 0},
    {"YH_REMINDER_HOUR", C_INT, "8", 0, 23, false, O(reminder_hour), "China hour from which the day's volunteer_event.reminder events go out (elderly volunteers are not woken at night)", 0},
    {"YH_RETENTION_INTERVAL_S", C_INT, "3600", 1, 86400, false, O(retention_interval_s), "how often the retention job prunes expired rows (one process at a time)", 0},
    {"YH_WEBHOOK_RETENTION_DAYS", C_INT, "30", 1, 3650, false, O(webhook_retention_days), "age after which delivered or dead webhook deliveries and their payloads are deleted", 0},
    {"YH_CHECKIN_MARGIN_MIN", C_INT, "60", 0, 720, false, O(checkin_margin_min), "check-in codes are issued and accepted from this many minutes before an event starts to this many after it ends", 0},
    {"YH_PUBLIC_BASE_URL", C_STR, "http://127.0.0.1:8080", 8, 200, false, O(public_base_url), "the service's public address (http:// or https://, no trailing /): volunteer certificates carry <this>/v1/certificates/<number>?c=<check code> as their verification QR code", 0},
    {"YH_TEST_MODE", C_BOOL, "0", 0, 1, false, O(test_mode), "tests only, never in production: allows YH_TEST_CLOCK", 0},
    {"YH_TEST_CLOCK", C_STR, "", 0, 32, false, O(test_clock), "tests only (needs YH_TEST_MODE=1): pins the clock to this RFC 3339 instant at start-up, e.g. 2027-01-01T00:30:00+08:00; time advances from there", 0},
    {"YH_WEBHOOK_TIMEOUT_MS", C_INT, "10000", 100, 60000, false, O(webhook_timeout_ms), "absolute deadline of one delivery attempt: connect, TLS handshake, sending and the response", 0},
    {"YH_WEBHOOK_WORKERS", C_INT, "4", 1, 64, false, O(webhook_workers), "delivery threads per process (each attempts one delivery at a time)", 0},
    {"YH_WEBHOOK_OFFICE_MAX", C_INT, "2", 1, 64, false, O(webhook_office_max), "deliveries of one office in flight at once, across all processes", 0},
};
#undef O

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = tolower(c);
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

static int set_one(struct config *cfg, const struct cdef *d, const char *v, char *err, size_t errlen)
{
    char *base = (char *)cfg + d->off;
    size_t len = strlen(v);

    switch (d->type) {
    case C_INT: {
        char *end = NULL;
        long long n;
        errno = 0;
        n = strtoll(v, &end, 10);
        if (errno != 0 || end == v || *end != '\0' || n < d->min || n > d->max) {
            snprintf(err, errlen, "%s must be an integer from %lld to %lld", d->name,
                     (long long)d->min, (long long)d->max);
            return -1;
        }
        *(int64_t *)(void *)base = n;
        return 0;
    }
    case C_BOOL:
        if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
            *(bool *)base = true;
        } else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0) {
            *(bool *)base = false;
        } else {
            snprintf(err, errlen, "%s must be 0 or 1", d->name);
            return -1;
        }
        return 0;
    case C_HEX32:
        if (len == 0 && d->def != NULL && d->def[0] == '\0') {
            return 0; /* optional key not given */
        }
        if (len != 64) {
            snprintf(err, errlen, "%s must be 64 hexadecimal characters (32 bytes)", d->name);
            return -1;
        }
        for (size_t i = 0; i < 32; i++) {
            int hi = hexval((unsigned char)v[2 * i]);
            int lo = hexval((unsigned char)v[2 * i + 1]);
            if (hi < 0 || lo < 0) {
                snprintf(err, errlen, "%s must be 64 hexadecimal characters (32 bytes)", d->name);
                return -1;
            }
            ((unsigned char *)cfg + d->bin_off)[i] = (unsigned char)(hi * 16 + lo);
        }
        memcpy(base, v, 65);
        return 0;
    case C_STR:
        if ((int64_t)len < d->min || (int64_t)len > d->max) {
            snprintf(err, errlen, "%s must be %lld to %lld characters long", d->name,
                     (long long)d->min, (long long)d->max);
            return -1;
        }
        memcpy(base, v, len + 1);
        return 0;
    }
    return -1;
}

static const char *env_get(const char *name)
{
    return getenv(name);
}

int config_load(struct config *cfg, const char *(*get)(const char *), char *err, size_t errlen)
{
    memset(cfg, 0, sizeof(*cfg));
    if (get == NULL) {
        get = env_get;
    }
    for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
        const char *v = get(defs[i].name);
        if (v == NULL) {
            v = defs[i].def;
        }
        if (v == NULL) {
            snprintf(err, errlen, "%s is required (%s)", defs[i].name, defs[i].help);
            return -1;
        }
        if (set_one(cfg, &defs[i], v, err, errlen) != 0) {
            return -1;
        }
    }
    if ((cfg->data_key_old_hex[0] != '\0') != (cfg->data_key_old_id != 0)) {
        snprintf(err, errlen, "YH_DATA_KEY_OLD and YH_DATA_KEY_OLD_ID must be given together");
        return -1;
    }
    if (cfg->test_clock[0] != '\0') {
        char cn[20];
        if (!datetime_parse(cfg->test_clock, cn)) {
            snprintf(err, errlen, "YH_TEST_CLOCK must be a time like 2027-01-01T00:30:00+08:00");
            return -1;
        }
        if (!cfg->test_mode) {
            snprintf(err, errlen, "YH_TEST_CLOCK is for tests only and needs YH_TEST_MODE=1");
            return -1;
        }
        cfg->test_clock_at = time_cn_parse(cn);
    }
    if ((strncmp(cfg->public_base_url, "http://", 7) != 0 && strncmp(cfg->public_base_url, "https://", 8) != 0) ||
        cfg->public_base_url[strlen(cfg->public_base_url) - 1] == '/') {
        snprintf(err, errlen, "YH_PUBLIC_BASE_URL must start with http:// or https:// and not end with /");
        return -1;
    }
    if (cfg->data_key_old_id == cfg->data_key_id) {
        snprintf(err, errlen, "YH_DATA_KEY_OLD_ID must differ from YH_DATA_KEY_ID");
        return -1;
    }
    return 0;
}

void config_print_table(void *file)
{
    FILE *f = file;
    fprintf(f, "| variable | default | bounds | secret | meaning |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
        const struct cdef *d = &defs[i];
        char bounds[64] = "";
        if (d->type == C_INT) {
            snprintf(bounds, sizeof(bounds), "%lld..%lld", (long long)d->min, (long long)d->max);
        } else if (d->type == C_STR) {
            snprintf(bounds, sizeof(bounds), "length %lld..%lld", (long long)d->min, (long long)d->max);
        } else if (d->type == C_BOOL) {
            snprintf(bounds, sizeof(bounds), "0 or 1");
        } else {
            snprintf(bounds, sizeof(bounds), "64 hex chars");
        }
        fprintf(f, "| `%s` | %s | %s | %s | %s |\n", d->name,
                d->def == NULL ? "(required)" : (d->def[0] ? d->def : "(empty)"), bounds,
                d->secret ? "yes" : "no", d->help);
    }
}
