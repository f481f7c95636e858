#ifndef YINHUI_CONFIG_H
#define YINHUI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Read-only after config_load(). Every field comes from one YH_* variable. */
struct config {
    char listen[64];
    int64_t threads;
    int64_t keepalive_ms;
    int64_t drain_ms;
    int64_t body_max;
    char db_host[128];
    int64_t db_port;
    char db_socket[108];
    char db_user[64];
    char db_password[128];
    char db_name[64];
    char db_replica_host[128]; /* empty with db_replica_socket empty: no replica */
    int64_t db_replica_port;
    char db_replica_socket[108];
    int64_t db_replica_max_lag_ms;
    int64_t db_replica_wait_ms;
    int64_t db_replica_retry_ms;
    char redis_host[128];
    int64_t redis_port;
    char redis_password[128];
    int64_t redis_timeout_ms;
    bool cache;
    int64_t cache_ttl_s;
    int64_t local_cache_bytes;
    int64_t gzip_min_bytes; /* 0: cached reads are never gzipped */
    char master_key_hex[65];
    unsigned char master_key[32];
    char data_key_hex[65];
    unsigned char data_key[32]; /* current personal-data key */
    int64_t data_key_id;
    char data_key_old_hex[65];
    unsigned char data_key_old[32]; /* previous key, read-only during rotation */
    int64_t data_key_old_id;
    char pii_hmac_hex[65];
    unsigned char pii_hmac_key[32];
    int64_t import_max;
    char jwt_aud[64];
    int64_t access_ttl_s;
    int64_t refresh_ttl_s;
    int64_t clock_skew_s;
    int64_t key_refresh_s;
    int64_t token_cache_size;
    int64_t malloc_mmap_threshold;
    int64_t malloc_trim_bytes;
    int64_t db_stmt_idle_s;
    int64_t login_max_fails;
    int64_t login_ip_max_fails;
    int64_t login_window_s;
    int64_t hash_concurrency; /* 0: the online cores */
    int64_t hash_wait_ms;
    char trusted_proxies[256];
    char sql_dir[256];
    char openapi_path[256];
    bool access_log;
    bool webhook_allow_private;
    int64_t webhook_poll_ms;
    int64_t webhook_backoff_ms;
    int64_t webhook_ttl_s;
    int64_t webhook_timeout_ms; /* absolute deadline of one attempt */
    int64_t webhook_workers;    /* delivery threads per process */
    int64_t webhook_office_max; /* deliveries of one office in flight at once */
    int64_t care_due_hour;
    int64_t reminder_hour; /* China hour from which volunteer reminders go out */
    int64_t retention_interval_s;
    int64_t webhook_retention_days;
    int64_t checkin_margin_min;
    char public_base_url[201]; /* no trailing / */
    bool test_mode;
    char test_clock[33];
    int64_t test_clock_at; /* YH_TEST_CLOCK as seconds since the epoch (0: not pinned) */
};

/* Loads every YH_* variable through getenv-like `get` (NULL means getenv).
 * Returns 0, or -1 with a message naming the variable in err (size errlen). */
int config_load(struct config *cfg, const char *(*get)(const char *), char *err, size_t errlen);

/* Writes the configuration table (name, default, bounds, secret) as Markdown to f. */
void config_print_table(void *file);

#endif
