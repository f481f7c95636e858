/* The floor under an uncached point read: N threads, each with its own MariaDB connection,
 * run a prepared primary-key select of one row (every column, fetched) for SECONDS, as
 * GET /v1/members/{id} (table members, key id, the default) or GET /v1/offices/{code}
 * (table offices, key code) with the cache off read it. Connects as the service does
 * (YH_DB_SOCKET, else YH_DB_HOST/YH_DB_PORT; YH_DB_USER, YH_DB_PASSWORD, YH_DB_NAME).
 *
 *   pkselect THREADS SECONDS KEY [TABLE KEY_COLUMN]
 *   prints: req/s p50_us p99_us   (one line)
 */
#include <mysql.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct worker {
    pthread_t t;
    long long id;
    const char *key; /* bound as a string when the key column is not the numeric id */
    const char *sql;
    double until;
    double *us; /* each select's time, grown as needed */
    size_t n, cap;
    int failed;
};

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static const char *env(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' ? v : dflt;
}

static MYSQL *connect_db(void)
{
    MYSQL *m = mysql_init(NULL);
    const char *sock = getenv("YH_DB_SOCKET");
    mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (mysql_real_connect(m, sock && sock[0] ? NULL : env("YH_DB_HOST", "127.0.0.1"),
                           env("YH_DB_USER", "root"), getenv("YH_DB_PASSWORD"), env("YH_DB_NAME", "yinhui"),
                           (unsigned)atoi(env("YH_DB_PORT", "3306")), sock && sock[0] ? sock : NULL,
                           0) == NULL) {
        fprintf(stderr, "pkselect: %s\n", mysql_error(m));
        mysql_close(m);
        return NULL;
    }
    return m;
}

/* One select: execute, fetch the row (every column), free the result. */
static int select_once(MYSQL_STMT *st)
{
    if (mysql_stmt_execute(st) != 0 || mysql_stmt_store_result(st) != 0) {
        return -1;
    }
    int rc = mysql_stmt_fetch(st);
    mysql_stmt_free_result(st);
    return rc == 0 || rc == MYSQL_DATA_TRUNCATED ? 0 : -1;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    MYSQL *m = connect_db();
    MYSQL_STMT *st = m ? mysql_stmt_init(m) : NULL;
    MYSQL_BIND p;
    unsigned long keylen = w->key != NULL ? (unsigned long)strlen(w->key) : 0;
    memset(&p, 0, sizeof(p));
    p.buffer_type = w->key != NULL ? MYSQL_TYPE_STRING : MYSQL_TYPE_LONGLONG;
    p.buffer = w->key != NULL ? (void *)w->key : (void *)&w->id;
    p.buffer_length = keylen;
    p.length = w->key != NULL ? &keylen : NULL;
    if (st == NULL || mysql_stmt_prepare(st, w->sql, strlen(w->sql)) != 0 ||
        mysql_stmt_bind_param(st, &p) != 0) {
        w->failed = 1;
    }
    while (!w->failed && now_us() < w->until) {
        double t0 = now_us();
        if (select_once(st) != 0) {
            fprintf(stderr, "pkselect: %s\n", mysql_stmt_error(st));
            w->failed = 1;
            break;
        }
        if (w->n == w->cap) {
            w->cap = w->cap ? w->cap * 2 : 4096;
            w->us = realloc(w->us, w->cap * sizeof(double));
        }
        w->us[w->n++] = now_us() - t0;
    }
    if (st != NULL) {
        mysql_stmt_close(st);
    }
    mysql_close(m);
    mysql_thread_end();
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 6) {
        fprintf(stderr, "usage: pkselect THREADS SECONDS KEY [TABLE KEY_COLUMN]\n");
        return 2;
    }
    const char *table = argc == 6 ? argv[4] : "members", *col = argc == 6 ? argv[5] : "id";
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT * FROM `%s` WHERE `%s` = ?", table, col);
    int nt = atoi(argv[1]);
    double secs = atof(argv[2]);
    struct worker *w = calloc((size_t)nt, sizeof(*w));
    mysql_library_init(0, NULL, NULL);
    double start = now_us();
    for (int i = 0; i < nt; i++) {
        w[i].id = atoll(argv[3]);
        w[i].key = strcmp(col, "id") != 0 ? argv[3] : NULL;
        w[i].sql = sql;
        w[i].until = start + secs * 1e6;
        pthread_create(&w[i].t, NULL, run, &w[i]);
    }
    size_t total = 0;
    int failed = 0;
    for (int i = 0; i < nt; i++) {
        pthread_join(w[i].t, NULL);
        total += w[i].n;
        failed |= w[i].failed;
    }
    double elapsed = (now_us() - start) / 1e6;
    double *all = malloc((total ? total : 1) * sizeof(double));
    size_t k = 0;
    for (int i = 0; i < nt; i++) {
        memcpy(all + k, w[i].us, w[i].n * sizeof(double));
        k += w[i].n;
        free(w[i].us);
    }
    qsort(all, total, sizeof(double), cmp);
    if (failed || total == 0) {
        return 1;
    }
    printf("%.2f %.0f %.0f\n", (double)total / elapsed, all[total / 2], all[total * 99 / 100]);
    free(all);
    free(w);
    mysql_library_end();
    return 0;
}
