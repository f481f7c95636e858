#include "yinhui/crypto.h"
#include "yinhui/migrate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool migration_name(const char *n)
{
    size_t len = strlen(n);
    return len > 9 && len < 120 && n[0] >= '0' && n[0] <= '9' && n[1] >= '0' && n[1] <= '9' &&
           n[2] >= '0' && n[2] <= '9' && n[3] >= '0' && n[3] <= '9' && n[4] == '_' &&
           strcmp(n + len - 4, ".sql") == 0;
}

static int read_file(const char *path, struct buf *out)
{
    FILE *f = fopen(path, "rb");
    char chunk[8192];
    size_t n;
    if (f == NULL) {
        return -1;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        buf_append(out, chunk, n);
    }
    fclose(f);
    return 0;
}

static int apply_one(struct db *db, const char *dir, const char *name, char *msg, size_t msglen)
{
    static const char get[] = "SELECT checksum FROM schema_migrations WHERE name = ?";
    static const char put[] = "INSERT INTO schema_migrations (name, checksum) VALUES (?, ?)";
    char path[512];
    struct buf text = {0};
    unsigned char h[32];
    char hex[65];
    struct db_rows rows;
    int ret = -1;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (read_file(path, &text) != 0) {
        snprintf(msg, msglen, "cannot read %s", path);
        return -1;
    }
    sha256(text.data ? text.data : "", text.len, h);
    hex_encode(h, 32, hex);
    struct db_param p[] = {P_STR(name), P_STR(hex)};
    if (db_exec(db, get, p, 1, &rows, NULL, NULL) != YH_OK) {
        snprintf(msg, msglen, "cannot read schema_migrations");
        goto out;
    }
    if (rows.nrows > 0) {
        bool same = strcmp(db_str(&rows, 0, 0), hex) == 0;
        db_rows_free(&rows);
        if (!same) {
            snprintf(msg, msglen, "migration %s was changed after it was applied (checksum differs); "
                                  "add a new migration instead", name);
            goto out;
        }
        ret = 0;
        goto out;
    }
    db_rows_free(&rows);
    if (db_script(db, text.data, text.len, msg, msglen) != YH_OK) {
        char tmp[300];
        snprintf(tmp, sizeof(tmp), "%s", msg);
        snprintf(msg, msglen, "migration %s failed: %s", name, tmp);
        goto out;
    }
    if (db_exec(db, put, p, 2, NULL, NULL, NULL) != YH_OK) {
        snprintf(msg, msglen, "cannot record migration %s", name);
        goto out;
    }
    fprintf(stderr, "{\"level\":\"info\",\"msg\":\"migration applied\",\"name\":\"%s\"}\n", name);
    ret = 0;
out:
    buf_free(&text);
    return ret;
}

/* The migration file names in dir, sorted (caller frees each and the array); -1 when
 * the folder cannot be opened. */
static long list_migrations(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    struct dirent *e = NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    if (d == NULL) {
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (!migration_name(e->d_name)) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = realloc(names, cap * sizeof(*names));
            if (names == NULL) {
                abort();
            }
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_names);
    *out = names;
    return (long)n;
}

int migrate_run(struct db *db, const char *dir, char *msg, size_t msglen)
{
    static const char table[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                "name VARCHAR(120) NOT NULL PRIMARY KEY, checksum CHAR(64) NOT NULL, "
                                "applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)) ENGINE=InnoDB";
    static const char lock[] = "SELECT GET_LOCK('yinhui_migrate', 120)";
    static const char unlock[] = "SELECT RELEASE_LOCK('yinhui_migrate')";
    char **names = NULL;
    long n = 0;
    struct db_rows rows;
    int ret = -1;
    char scriptmsg[256];

    if (db_exec(db, lock, NULL, 0, &rows, NULL, NULL) != YH_OK) {
        snprintf(msg, msglen, "cannot reach MariaDB to migrate");
        return -1;
    }
    bool locked = db_i64(&rows, 0, 0) == 1;
    db_rows_free(&rows);
    if (!locked) {
        snprintf(msg, msglen, "timed out waiting for another process's migration");
        return -1;
    }
    if (db_script(db, table, sizeof(table) - 1, scriptmsg, sizeof(scriptmsg)) != YH_OK) {
        snprintf(msg, msglen, "cannot create schema_migrations: %s", scriptmsg);
        goto out;
    }
    n = list_migrations(dir, &names);
    if (n < 0) {
        snprintf(msg, msglen, "cannot open migrations folder %s (YH_SQL_DIR)", dir);
        n = 0;
        goto out;
    }
    for (long i = 0; i < n; i++) {
        if (apply_one(db, dir, names[i], msg, msglen) != 0) {
            goto out;
        }
    }
    ret = 0;
out:
    for (long i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
    if (db_exec(db, unlock, NULL, 0, &rows, NULL, NULL) == YH_OK) {
        db_rows_free(&rows);
    }
    return ret;
}
