/* yinhui: the service and its bootstrap CLI.
 *   yinhui [serve]                         migrate, then serve
 *   yinhui migrate                         apply migrations (and fill missing name search keys), exit
 *   yinhui reindex-names                   fill the name search keys rows lack (sql/0059)
 *   yinhui office add CODE NAME [PARENT]   create an office (and its first signing key)
 *   yinhui account add OFFICE USER ROLE NAME   password from YH_NEW_PASSWORD or stdin
 *   yinhui key rotate OFFICE               new signing key; the previous stays active
 *   yinhui key rotate-data                 re-encrypt personal data under YH_DATA_KEY
 *   yinhui token OFFICE USER               print an access token for an account
 *   yinhui retention                       run the retention job once (see retention.c)
 *   yinhui config                          print the configuration table */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/app.h"
#include "yinhui/accounts_db.h"
#include "yinhui/auth_db.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/docs.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/keys.h"
#include "yinhui/metrics.h"
#include "yinhui/migrate.h"
#include "yinhui/name_search.h"
#include "yinhui/outbox.h"
#include "yinhui/offices_db.h"
#include "yinhui/pii_rotate.h"
#include "yinhui/retention.h"

static int usage(void)
{
    fprintf(stderr, "usage: yinhui [serve | migrate | office add CODE NAME [PARENT] | "
                    "account add OFFICE USER ROLE NAME | key rotate OFFICE | key rotate-data | token OFFICE "
                    "USER | retention | reindex-names | config]\n");
    return 2;
}

static struct db *connect_or_die(const struct config *cfg)
{
    enum yh_err err;
    struct db *db = db_open(cfg, &err);
    if (db == NULL) {
        fprintf(stderr,
                "yinhui: cannot connect to MariaDB at %s (YH_DB_HOST/YH_DB_PORT/YH_DB_SOCKET/YH_DB_NAME)\n",
                cfg->db_socket[0] ? cfg->db_socket : cfg->db_host);
        exit(1);
    }
    return db;
}

/* Fills the search keys of names that have none (sql/0059: a migration cannot call ICU);
 * a no-op when every row has them. */
static int cmd_reindex_names(struct db *db, bool verbose)
{
    long n = 0;
    if (names_reindex(db, &n) != YH_OK) {
        fprintf(stderr, "yinhui: the search keys of names could not be filled (%ld rows done)\n", n);
        return 1;
    }
    if (verbose || n > 0) {
        printf("search keys of %ld names filled\n", n);
    }
    return 0;
}

/* yinhui migrate: the migrations, then the name search keys of rows without them (a
 * deploy step: on a large database that predates sql/0059 this takes a while). serve
 * runs the migrations only (reindex false) and fills missing keys in the background
 * after it listens (reindex_in_background). */
static int cmd_migrate(struct db *db, const struct config *cfg, bool reindex)
{
    char msg[512];
    if (migrate_run(db, cfg->sql_dir, msg, sizeof(msg)) != 0) {
        fprintf(stderr, "yinhui: %s\n", msg);
        return 1;
    }
    return reindex ? cmd_reindex_names(db, false) : 0;
}

static void *reindex_main(void *arg)
{
    enum yh_err err;
    struct db *db = db_open(arg, &err);
    long n = 0;
    if (db != NULL) {
        err = names_reindex(db, &n);
        db_close(db);
    }
    if (err != YH_OK || n > 0) {
        fprintf(stderr,
                "{\"level\":\"%s\",\"msg\":\"search keys of names filled in the background\",\"rows\":%ld}\n",
                err == YH_OK ? "info" : "error", n);
    }
    return NULL;
}

/* Rows written before sql/0059 (or by another tool) get their keys while the process
 * serves: the start is not held up by a long pass; search misses such rows meanwhile.
 * Several processes may do it at once: the keys are the same, the work is repeated. */
static void reindex_in_background(const struct config *cfg)
{
    pthread_t t;
    if (pthread_create(&t, NULL, reindex_main, (void *)cfg) == 0) {
        pthread_detach(t);
    } else {
        fprintf(stderr, "{\"level\":\"error\",\"msg\":\"name search reindex did not start\"}\n");
    }
}

static int cmd_office_add(struct db *db, const struct config *cfg, int argc, char **argv)
{
    const char *code = argv[0];
    const char *name = argv[1];
    const char *parent = argc > 2 ? argv[2] : NULL;
    struct db_rows rows;
    char kid[40];
    enum yh_err err;
    if (gbt2260_level(code) == LEVEL_INVALID) {
        fprintf(stderr, "yinhui: %s is not a GB/T 2260 division code\n", code);
        return 1;
    }
    if (parent != NULL && !gbt2260_is_child(parent, code)) {
        fprintf(stderr, "yinhui: %s cannot be a child of %s\n", code, parent);
        return 1;
    }
    err = offices_db_create(db, code, parent, name, gbt2260_level_name(gbt2260_level(code)));
    if (err != YH_OK && err != YH_ERR_CONFLICT) {
        fprintf(stderr, "yinhui: cannot create office %s\n", code);
        return 1;
    }
    if (keys_db_signing(db, code, &rows) != YH_OK) {
        return 1;
    }
    size_t have = rows.nrows;
    db_rows_free(&rows);
    if (have == 0 && keys_rotate(cfg, db, code, kid) != YH_OK) {
        fprintf(stderr, "yinhui: cannot create a signing key for %s\n", code);
        return 1;
    }
    printf("office %s %s\n", code, err == YH_ERR_CONFLICT ? "exists" : "created");
    return 0;
}

static int cmd_account_add(struct db *db, int argc, char **argv)
{
    char pw[256] = "";
    char hash[256];
    int64_t id = 0;
    const char *env = getenv("YH_NEW_PASSWORD");
    (void)argc;
    if (role_scopes(argv[2]) == 0) {
        fprintf(stderr, "yinhui: role must be admin, secretary, member or relative\n");
        return 1;
    }
    if (env != NULL) {
        snprintf(pw, sizeof(pw), "%s", env);
    } else if (fgets(pw, sizeof(pw), stdin) != NULL) {
        pw[strcspn(pw, "\r\n")] = '\0';
    }
    if (strlen(pw) < 10) {
        fprintf(stderr, "yinhui: the password (YH_NEW_PASSWORD or stdin) must be at least 10 characters\n");
        return 1;
    }
    if (password_hash(pw, hash, sizeof(hash)) != 0) {
        return 1;
    }
    enum yh_err err = accounts_db_create(db, argv[0], argv[1], argv[3], argv[2], hash, 0, 0, &id);
    if (err == YH_ERR_CONFLICT) {
        printf("account %s/%s exists\n", argv[0], argv[1]);
        return 0;
    }
    if (err != YH_OK) {
        fprintf(stderr, "yinhui: cannot create the account (does office %s exist?)\n", argv[0]);
        return 1;
    }
    printf("account %s/%s created (id %lld)\n", argv[0], argv[1], (long long)id);
    return 0;
}

static int cmd_token(struct db *db, const struct config *cfg, char **argv)
{
    struct account a;
    char hash[256];
    struct claims c;
    unsigned char jti[16];
    enum yh_err err;
    if (accounts_db_login(db, argv[0], argv[1], &a, hash, sizeof(hash)) != YH_OK) {
        fprintf(stderr, "yinhui: no account %s/%s\n", argv[0], argv[1]);
        return 1;
    }
    memset(&c, 0, sizeof(c));
    snprintf(c.office, sizeof(c.office), "%s", a.office);
    snprintf(c.sub, sizeof(c.sub), "account:%lld", (long long)a.id);
    snprintf(c.role, sizeof(c.role), "%s", a.role);
    c.scopes = role_scopes(a.role);
    c.branch_id = a.branch_id;
    c.member_id = a.member_id;
    random_bytes(jti, sizeof(jti));
    b64url_encode(jti, sizeof(jti), c.jti);
    c.iat = now_s();
    c.exp = c.iat + cfg->access_ttl_s;
    char *t = keys_sign(cfg, db, &c, &err);
    if (t == NULL) {
        fprintf(stderr, "yinhui: cannot sign (does office %s have a key?)\n", argv[0]);
        return 1;
    }
    printf("%s\n", t);
    free(t);
    return 0;
}

/* The API reference (/docs), rendered once; a spec that does not load is a warning only:
 * the API serves without it and /docs answers 503. */
static void docs_start(struct app *app)
{
    char msg[512] = "";
    app->docs = docs_load(app->cfg.openapi_path, msg, sizeof(msg));
    if (app->docs == NULL) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "level", "warn");
        cJSON_AddStringToObject(o, "msg", "the API reference is not served (/docs answers 503)");
        cJSON_AddStringToObject(o, "reason", msg);
        char *line = cJSON_PrintUnformatted(o);
        fprintf(stderr, "%s\n", line ? line : "");
        cJSON_free(line);
        cJSON_Delete(o);
    }
}

static int serve(struct app *app, struct db *db)
{
    int rc = cmd_migrate(db, &app->cfg, false);
    struct cache *c = NULL;
    if (rc != 0) {
        return rc;
    }
    /* whatever this process's predecessor cached before it died is not trusted */
    c = cache_open(&app->cfg);
    cache_bump_epoch(c);
    cache_close(c);
    app->keys = keyring_new();
    app->tokens = token_cache_new((size_t)app->cfg.token_cache_size);
    app->metrics = metrics_new(app->nroutes);
    password_gate_init(app->cfg.hash_concurrency, app->cfg.hash_wait_ms);
    keys_refresh_if_stale(app, db);
    db_close(db);
    docs_start(app);
    struct outbox_worker *outbox = outbox_start(&app->cfg);
    if (outbox == NULL) {
        fprintf(stderr, "{\"level\":\"error\",\"msg\":\"webhook delivery worker did not start\"}\n");
    }
    struct retention_worker *retention = retention_start(&app->cfg);
    if (retention == NULL) {
        fprintf(stderr, "{\"level\":\"error\",\"msg\":\"retention worker did not start\"}\n");
    }
    reindex_in_background(&app->cfg);
    rc = http_serve(app);
    retention_stop(retention);
    outbox_stop(outbox);
    metrics_free(app->metrics);
    docs_free(app->docs);
    token_cache_free(app->tokens);
    keyring_free(app->keys);
    return rc;
}

/* yinhui key rotate-data: re-seals every sealed column under the current data key and
 * prints the count, then the count of each table it re-sealed values in. */
static int cmd_rotate_data(struct db *db, const struct config *cfg)
{
    struct pii_rotate_report rep;
    enum yh_err err = pii_rotate_data(cfg, db, &rep);
    printf("%zu values re-encrypted under data key %lld\n", rep.total, (long long)cfg->data_key_id);
    for (size_t i = 0; i < pii_sealed_ncols; i++) {
        const char *t = pii_sealed_cols[i].table;
        if ((i == 0 || strcmp(pii_sealed_cols[i - 1].table, t) != 0) && pii_rotate_table_count(&rep, t) > 0) {
            printf("  %s: %zu\n", t, pii_rotate_table_count(&rep, t));
        }
    }
    if (rep.failed != NULL) {
        fprintf(stderr, "yinhui: rotation stopped: %s.%s of row %s opens with neither YH_DATA_KEY nor %s\n",
                rep.failed->table, rep.failed->col, rep.failed_row, "YH_DATA_KEY_OLD");
    } else if (err != YH_OK) {
        const char *why = err == YH_ERR_CONFLICT ? "rows keep being rewritten under the old key: restart "
                                                   "every process with the new key first"
                                                 : "database error";
        fprintf(stderr, "yinhui: rotation stopped (%s); run it again\n", why);
    }
    return err == YH_OK ? 0 : 1;
}

/* yinhui key rotate <office>: a new signing key for the office. */
static int cmd_rotate_key(struct db *db, const struct config *cfg, const char *office)
{
    char kid[40];
    if (keys_rotate(cfg, db, office, kid) != YH_OK) {
        fprintf(stderr, "yinhui: cannot rotate the key of %s\n", office);
        return 1;
    }
    printf("new key %s\n", kid);
    return 0;
}

/* yinhui retention: one run of the retention job, with what it deleted. */
static int cmd_retention(struct db *db, const struct config *cfg)
{
    struct retention_counts c;
    enum yh_err e = retention_run(db, cfg, &c);
    if (e != YH_OK) {
        fprintf(stderr, "yinhui: %s\n",
                e == YH_ERR_CONFLICT ? "the retention job is running in another process"
                                     : "the retention job failed (database error)");
        return 1;
    }
    printf("deleted: %llu idempotency keys, %llu refresh tokens, %llu denylist rows, "
           "%llu throttle rows, %llu webhook deliveries, %llu outbox events; dead-lettered: %llu deliveries "
           "held by a paused webhook past their deadline\n",
           (unsigned long long)c.idempotency, (unsigned long long)c.refresh, (unsigned long long)c.revoked,
           (unsigned long long)c.throttle, (unsigned long long)c.deliveries, (unsigned long long)c.outbox,
           (unsigned long long)c.held);
    return 0;
}

/* Runs the command line's one-off command; usage() for anything else. */
static int run_command(struct app *app, struct db *db, int argc, char **argv)
{
    if (strcmp(argv[1], "migrate") == 0) {
        return cmd_migrate(db, &app->cfg, true);
    }
    if (argc >= 5 && strcmp(argv[1], "office") == 0 && strcmp(argv[2], "add") == 0) {
        return cmd_office_add(db, &app->cfg, argc - 3, argv + 3);
    }
    if (argc == 7 && strcmp(argv[1], "account") == 0 && strcmp(argv[2], "add") == 0) {
        return cmd_account_add(db, argc - 3, argv + 3);
    }
    if (argc == 3 && strcmp(argv[1], "key") == 0 && strcmp(argv[2], "rotate-data") == 0) {
        return cmd_rotate_data(db, &app->cfg);
    }
    if (argc == 4 && strcmp(argv[1], "key") == 0 && strcmp(argv[2], "rotate") == 0) {
        return cmd_rotate_key(db, &app->cfg, argv[3]);
    }
    if (argc == 2 && strcmp(argv[1], "reindex-names") == 0) {
        return cmd_reindex_names(db, true);
    }
    if (argc == 2 && strcmp(argv[1], "retention") == 0) {
        return cmd_retention(db, &app->cfg);
    }
    if (argc == 4 && strcmp(argv[1], "token") == 0) {
        return cmd_token(db, &app->cfg, argv + 2);
    }
    return usage();
}

/* Blocks of YH_MALLOC_MMAP_THRESHOLD bytes and more get a mapping of their own, unmapped
 * when freed. glibc's default threshold rises to the largest block freed so far (up to 32
 * MiB, and the trim threshold with it to twice that): after one certificate (cairo copies
 * the font's 16 MB CFF table per render) or one large result set, such blocks were carved
 * from the per-thread arenas (up to 8 per core) and stayed there, 250 MB resident after
 * four certificates at once. Setting it also keeps glibc's 128 KiB trim threshold. */
static void memory_settings(const struct config *cfg)
{
    mallopt(M_MMAP_THRESHOLD, (int)cfg->malloc_mmap_threshold);
}

int main(int argc, char **argv)
{
    static struct app app;
    char err[256];
    struct db *db = NULL;
    int rc = 2;

    if (argc > 1 && strcmp(argv[1], "config") == 0) {
        config_print_table(stdout);
        return 0;
    }
    if (config_load(&app.cfg, NULL, err, sizeof(err)) != 0) {
        fprintf(stderr, "yinhui: configuration: %s\n", err);
        return 1;
    }
    memory_settings(&app.cfg);
    if (app.cfg.test_clock[0] != '\0') {
        clock_pin(app.cfg.test_clock_at); /* tests only: config_load demands YH_TEST_MODE=1 */
    }
    app.routes = routes_all(&app.nroutes);
    db = connect_or_die(&app.cfg);
    if (argc == 1 || strcmp(argv[1], "serve") == 0) {
        if (clock_pinned()) {
            fprintf(stderr, "{\"level\":\"warn\",\"msg\":\"test mode: the clock is pinned\",\"at\":\"%s\"}\n",
                    app.cfg.test_clock);
        }
        return serve(&app, db);
    }
    rc = run_command(&app, db, argc, argv);
    db_close(db);
    return rc;
}
