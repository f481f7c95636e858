#include "yinhui/db.h"
#include "yinhui/util.h"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 128

/* Statements are keyed by their text (lists build theirs from a fixed set of
 * fragments, in buffers whose addresses are reused): hash and length first. */
struct db_stmt {
    char *sql; /* owned copy */
    size_t len;
    uint64_t hash;
    MYSQL_STMT *stmt;
    double used; /* the start of the request that last ran it (db->now) */
};

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    }
    return h;
}

/* The hash of a statement's text: of its first and last 64 bytes (with its length, which
 * the lookup compares too, they tell the service's statements apart; a match is confirmed
 * by comparing the whole text). Hashing every byte of a member read's 1,000 cost 2,300
 * instructions an execution. */
static uint64_t sql_hash(const char *s, size_t n)
{
    enum { ENDS = 64 };
    uint64_t h = 1469598103934665603ULL;
    if (n <= 2 * ENDS) {
        return fnv1a(h, s, n);
    }
    return fnv1a(fnv1a(h, s, ENDS), s + n - ENDS, ENDS);
}

struct db {
    const struct config *cfg;
    const char *host, *socket; /* the server: the primary's YH_DB_* or the replica's */
    int64_t port;
    bool replica;        /* read-only sessions; statements fail over to fallback */
    struct db *fallback; /* the primary, for a replica (db_set_fallback) */
    bool lost;           /* a replica whose server was lost: statements go to fallback */
    MYSQL *conn;
    struct db_stmt stmts[STMT_CACHE];
    size_t nstmts;
    double now;   /* mono_s() when db_forget_idle was last called: the request's start */
    double swept; /* mono_s() of db_forget_idle's last look */
    int tx_depth;
    bool tx_failed;
};

static atomic_ullong db_errors, db_failovers;

uint64_t db_failover_count(void)
{
    return atomic_load(&db_failovers);
}

uint64_t db_error_count(void)
{
    return atomic_load(&db_errors);
}

static void forget_statements(struct db *db)
{
    for (size_t i = 0; i < db->nstmts; i++) {
        mysql_stmt_close(db->stmts[i].stmt);
        free(db->stmts[i].sql);
    }
    db->nstmts = 0;
}

/* A statement costs its connection's client about 12 KB (Connector/C's three memory
 * roots, 8 KB of them preallocated, and the columns' metadata), and every worker has a
 * connection of its own: 64 workers that each ran 40 statements held 31 MB. */
size_t db_forget_idle(struct db *db, double now, double idle_s)
{
    if (db == NULL) {
        return 0;
    }
    db->now = now; /* the statements this request runs are stamped with it */
    size_t kept = 0, n = db->nstmts;
    if (n == 0 || idle_s <= 0 || db->tx_depth > 0 || now - db->swept < 1) {
        return 0;
    }
    db->swept = now;
    for (size_t i = 0; i < n; i++) {
        if (now - db->stmts[i].used < idle_s) {
            db->stmts[kept++] = db->stmts[i];
            continue;
        }
        mysql_stmt_close(db->stmts[i].stmt);
        free(db->stmts[i].sql);
    }
    db->nstmts = kept;
    return n - kept;
}

static enum yh_err connect_now(struct db *db)
{
    const struct config *cfg = db->cfg;
    unsigned int timeout = db->replica ? 1 : 3;
    bool reconnect = false;
    db->conn = mysql_init(NULL);
    if (db->conn == NULL) {
        return YH_ERR_UNAVAILABLE;
    }
    mysql_options(db->conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    if (db->replica) {
        /* a replica that stops answering without closing the connection (host frozen,
         * network cut) must fail the read, which then runs on the primary, not hold the
         * worker (and the monitor) for ever; replica reads are lists and figures, well
         * under this */
        unsigned int io = 5;
        mysql_options(db->conn, MYSQL_OPT_READ_TIMEOUT, &io);
        mysql_options(db->conn, MYSQL_OPT_WRITE_TIMEOUT, &io);
    }
    mysql_options(db->conn, MYSQL_OPT_RECONNECT, &reconnect); /* we reconnect ourselves */
    mysql_options(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    /* a replica's sessions cannot write, even as a user whom read_only does not stop */
    mysql_options(db->conn, MYSQL_INIT_COMMAND,
                  db->replica ? "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci, time_zone = '+08:00', "
                                "tx_read_only = 1"
                              : "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci, time_zone = '+08:00'");
    if (mysql_real_connect(db->conn, db->socket[0] ? NULL : db->host, cfg->db_user, cfg->db_password,
                           cfg->db_name, (unsigned)db->port, db->socket[0] ? db->socket : NULL,
                           CLIENT_MULTI_STATEMENTS | CLIENT_FOUND_ROWS) == NULL) {
        atomic_fetch_add(&db_errors, 1);
        mysql_close(db->conn);
        db->conn = NULL;
        return YH_ERR_UNAVAILABLE;
    }
    return YH_OK;
}

static struct db *open_at(const struct config *cfg, bool replica, enum yh_err *err)
{
    struct db *db = calloc(1, sizeof(*db));
    if (db == NULL) {
        *err = YH_ERR_INTERNAL;
        return NULL;
    }
    db->cfg = cfg;
    db->replica = replica;
    db->host = replica ? cfg->db_replica_host : cfg->db_host;
    db->port = replica ? cfg->db_replica_port : cfg->db_port;
    db->socket = replica ? cfg->db_replica_socket : cfg->db_socket;
    if (replica) {
        *err = YH_OK; /* connects when first used: a replica that is down costs no request */
        return db;
    }
    *err = connect_now(db);
    if (*err != YH_OK) {
        free(db);
        return NULL;
    }
    return db;
}

struct db *db_open(const struct config *cfg, enum yh_err *err)
{
    return open_at(cfg, false, err);
}

struct db *db_open_replica(const struct config *cfg, enum yh_err *err)
{
    if (!db_replica_configured(cfg)) {
        *err = YH_ERR_UNAVAILABLE;
        return NULL;
    }
    return open_at(cfg, true, err);
}

bool db_replica_configured(const struct config *cfg)
{
    return cfg->db_replica_host[0] != '\0' || cfg->db_replica_socket[0] != '\0';
}

void db_set_fallback(struct db *replica, struct db *primary)
{
    replica->fallback = primary;
}

bool db_replica_lost(const struct db *replica)
{
    return replica->lost;
}

void db_replica_reset(struct db *replica)
{
    replica->lost = false;
}

void db_close(struct db *db)
{
    if (db == NULL) {
        return;
    }
    forget_statements(db);
    if (db->conn != NULL) {
        mysql_close(db->conn);
    }
    free(db);
}

static bool conn_lost(unsigned int e)
{
    return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST || e == CR_CONNECTION_ERROR ||
           e == ER_CONNECTION_KILLED || e == CR_CONN_HOST_ERROR || e == ER_SERVER_SHUTDOWN ||
           e == CR_COMMANDS_OUT_OF_SYNC;
}

/* Drops the connection after a loss so the next call reconnects. */
static void drop(struct db *db)
{
    forget_statements(db);
    if (db->conn != NULL) {
        mysql_close(db->conn);
        db->conn = NULL;
    }
}

static enum yh_err ensure_conn(struct db *db)
{
    if (db->conn != NULL) {
        return YH_OK;
    }
    return connect_now(db);
}

enum yh_err db_ping(struct db *db)
{
    if (ensure_conn(db) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    if (mysql_ping(db->conn) != 0) {
        drop(db);
        if (ensure_conn(db) != YH_OK || mysql_ping(db->conn) != 0) {
            atomic_fetch_add(&db_errors, 1);
            return YH_ERR_UNAVAILABLE;
        }
    }
    return YH_OK;
}

static MYSQL_STMT *prepared(struct db *db, const char *sql, unsigned int *mysql_err)
{
    size_t len = strlen(sql);
    uint64_t hash = sql_hash(sql, len);
    for (size_t i = 0; i < db->nstmts; i++) {
        if (db->stmts[i].hash == hash && db->stmts[i].len == len && memcmp(db->stmts[i].sql, sql, len) == 0) {
            db->stmts[i].used = db->now;
            return db->stmts[i].stmt;
        }
    }
    MYSQL_STMT *st = mysql_stmt_init(db->conn);
    if (st == NULL) {
        *mysql_err = CR_OUT_OF_MEMORY;
        return NULL;
    }
    if (mysql_stmt_prepare(st, sql, len) != 0) {
        *mysql_err = mysql_stmt_errno(st);
        fprintf(stderr, "{\"level\":\"error\",\"msg\":\"prepare failed\",\"errno\":%u}\n", *mysql_err);
        mysql_stmt_close(st);
        return NULL;
    }
    if (db->nstmts == STMT_CACHE) {
        /* full: evict the oldest; a service has far fewer statements than this */
        mysql_stmt_close(db->stmts[0].stmt);
        free(db->stmts[0].sql);
        memmove(&db->stmts[0], &db->stmts[1], (STMT_CACHE - 1) * sizeof(db->stmts[0]));
        db->nstmts--;
    }
    db->stmts[db->nstmts].sql = strdup(sql);
    db->stmts[db->nstmts].len = len;
    db->stmts[db->nstmts].hash = hash;
    db->stmts[db->nstmts].stmt = st;
    db->stmts[db->nstmts].used = db->now;
    db->nstmts++;
    return st;
}

/* A bound column holds a value of its declared length up to this (+32 covers numbers and
 * dates as text); a longer one is fetched again into a buffer of its own (fetch_long). */
#define BIND_CAP_MAX 1024

/* Where a DATE cell's text is kept in its binding's room, after the MYSQL_TIME it is
 * fetched into. */
#define DATE_TEXT_AT ((sizeof(MYSQL_TIME) + 7) / 8 * 8)
#define DATE_ROOM (DATE_TEXT_AT + 40)

/* A statement's rows as they arrive (read from the connection one at a time, never stored
 * whole by Connector/C): each goes to fn as a one-row view (db_str(row, 0, c)) whose cells
 * live until fn returns. */
struct db_sink {
    db_row_fn fn;
    void *ctx;
    size_t delivered; /* rows given to fn: a statement is not run again after one was */
    size_t ncols;     /* the result's columns (0: none) */
};

/* What fetch_each keeps for the row being read: the binds, their lengths and NULL flags,
 * the view given to the sink, and a buffer per column for values longer than the bind. */
struct row_read {
    MYSQL_BIND *b;
    char **cell, **big;
    size_t *len, *bigcap;
    unsigned long *lens;
    my_bool *nulls;
    char *bound; /* the binds' buffers, one block */
    struct db_rows view;
};

/* A column's room in the block: a DATE's MYSQL_TIME and its text, else text of the column's
 * declared length up to BIND_CAP_MAX; a multiple of 8 bytes (a MYSQL_TIME's alignment). */
static size_t bind_room(const MYSQL_FIELD *f)
{
    if (f->type == MYSQL_TYPE_DATE) {
        return DATE_ROOM;
    }
    return ((f->length < BIND_CAP_MAX ? (size_t)f->length : BIND_CAP_MAX) + 32 + 7) / 8 * 8;
}

/* Binds every result column as text in one block (rr->bound), but DATE columns: those are
 * fetched as MYSQL_TIME and written as text by date_text (Connector/C's own conversion, a
 * sprintf, cost 2,000 instructions a cell; a member has three to six). False when out of
 * memory. */
static bool bind_text_columns(MYSQL_STMT *st, const MYSQL_FIELD *fields, size_t ncols, struct row_read *rr)
{
    size_t total = 0;
    for (size_t c = 0; c < ncols; c++) {
        total += bind_room(&fields[c]);
    }
    rr->bound = malloc(total + 1);
    if (rr->bound == NULL) {
        return false;
    }
    for (size_t c = 0, off = 0; c < ncols; c++) {
        bool date = fields[c].type == MYSQL_TYPE_DATE;
        size_t cap = bind_room(&fields[c]);
        rr->b[c].buffer_type = date ? MYSQL_TYPE_DATE : MYSQL_TYPE_STRING;
        rr->b[c].buffer = rr->bound + off;
        rr->b[c].buffer_length = (unsigned long)(date ? sizeof(MYSQL_TIME) : cap);
        rr->b[c].length = &rr->lens[c];
        rr->b[c].is_null = &rr->nulls[c];
        off += cap;
    }
    return mysql_stmt_bind_result(st, rr->b) == 0;
}

/* The binds and the view for ncols columns, in one allocation (rr->b); false when out of
 * memory. */
static bool row_read_init(struct row_read *rr, size_t ncols)
{
    size_t ptrs = 4 * sizeof(char *); /* cell, big, len, bigcap */
    rr->b = calloc(ncols, sizeof(*rr->b) + ptrs + sizeof(*rr->lens) + sizeof(*rr->nulls));
    if (rr->b == NULL) {
        return false;
    }
    rr->cell = (char **)(void *)(rr->b + ncols);
    rr->big = rr->cell + ncols;
    rr->len = (size_t *)(void *)(rr->big + ncols);
    rr->bigcap = rr->len + ncols;
    rr->lens = (unsigned long *)(void *)(rr->bigcap + ncols);
    rr->nulls = (my_bool *)(void *)(rr->lens + ncols);
    rr->view = (struct db_rows){.nrows = 1, .ncols = ncols, .cell = rr->cell, .len = rr->len};
    return true;
}

static void row_read_free(struct row_read *rr)
{
    for (size_t c = 0; rr->b != NULL && c < rr->view.ncols; c++) {
        free(rr->big[c]);
    }
    free(rr->bound);
    free(rr->b);
}

/* Column c of the row just fetched, longer than its bind: fetched again, whole, into a
 * buffer of its own (kept for the next long value). False when that fails. */
static bool fetch_long(MYSQL_STMT *st, struct row_read *rr, size_t c)
{
    size_t need = (size_t)rr->lens[c] + 1;
    if (rr->bigcap[c] < need) {
        char *p = realloc(rr->big[c], need);
        if (p == NULL) {
            return false;
        }
        rr->big[c] = p;
        rr->bigcap[c] = need;
    }
    unsigned long len = 0;
    my_bool null = 0;
    MYSQL_BIND one = {.buffer_type = MYSQL_TYPE_STRING,
                      .buffer = rr->big[c],
                      .buffer_length = (unsigned long)need,
                      .length = &len,
                      .is_null = &null};
    if (mysql_stmt_fetch_column(st, &one, (unsigned int)c, 0) != 0) {
        return false;
    }
    rr->big[c][rr->lens[c]] = '\0';
    rr->cell[c] = rr->big[c];
    return true;
}

/* A DATE as Connector/C writes it as text ("%04u-%02u-%02u"), into out[40]: its length. */
static size_t date_text(const MYSQL_TIME *t, char *out)
{
    if (t->year > 9999 || t->month > 99 || t->day > 99) {
        return (size_t)snprintf(out, 40, "%04u-%02u-%02u", t->year, t->month, t->day);
    }
    const unsigned v[] = {t->year / 1000, t->year / 100 % 10, t->year / 10 % 10, t->year % 10,
                          t->month / 10,  t->month % 10,      t->day / 10,       t->day % 10};
    static const char at[] = {0, 1, 2, 3, 5, 6, 8, 9};
    memcpy(out, "0000-00-00", 11);
    for (size_t i = 0; i < sizeof(at); i++) {
        out[(size_t)at[i]] = (char)('0' + v[i]);
    }
    return 10;
}

/* The row just fetched into the view (NULL cells NULL, each text NUL-terminated). */
static bool row_view(MYSQL_STMT *st, struct row_read *rr)
{
    for (size_t c = 0; c < rr->view.ncols; c++) {
        rr->len[c] = rr->nulls[c] ? 0 : rr->lens[c];
        if (rr->nulls[c]) {
            rr->cell[c] = NULL;
        } else if (rr->b[c].buffer_type == MYSQL_TYPE_DATE) {
            rr->cell[c] = (char *)rr->b[c].buffer + DATE_TEXT_AT;
            rr->len[c] = date_text(rr->b[c].buffer, rr->cell[c]);
        } else if (rr->lens[c] >= rr->b[c].buffer_length) {
            if (!fetch_long(st, rr, c)) {
                return false;
            }
        } else {
            rr->cell[c] = rr->b[c].buffer;
            rr->cell[c][rr->lens[c]] = '\0';
        }
    }
    return true;
}

/* Reads the executed statement's rows one at a time into sink (none without a result set).
 * A failure of the connection sets *mysql_err. The statement's result is released either
 * way (rows not read are skipped on the connection). */
static enum yh_err fetch_each(MYSQL_STMT *st, struct db_sink *sink, unsigned int *mysql_err)
{
    enum yh_err ret = YH_ERR_INTERNAL;
    MYSQL_RES *meta = mysql_stmt_result_metadata(st);
    struct row_read rr = {0};
    if (meta == NULL) {
        return YH_OK;
    }
    size_t ncols = mysql_num_fields(meta);
    sink->ncols = ncols;
    if (!row_read_init(&rr, ncols) || !bind_text_columns(st, mysql_fetch_fields(meta), ncols, &rr)) {
        goto out;
    }
    for (;;) {
        int f = mysql_stmt_fetch(st);
        if (f == MYSQL_NO_DATA) {
            break;
        }
        if (f == 1 || !row_view(st, &rr)) {
            *mysql_err = mysql_stmt_errno(st);
            goto out;
        }
        sink->fn(&rr.view, sink->ctx);
        sink->delivered++;
    }
    ret = YH_OK;
out:
    row_read_free(&rr);
    mysql_stmt_free_result(st);
    mysql_free_result(meta);
    return ret;
}

/* db_exec's rows: each row copied as it arrives, its cells in one block (rows->block[r]),
 * the arrays doubled as they fill (the count is not known before the last row). */
struct collect {
    struct db_rows *rows;
    size_t cap; /* rows the arrays have room for */
};

static bool collect_grow(struct collect *k, size_t ncols)
{
    struct db_rows *rows = k->rows;
    size_t cap = k->cap ? 2 * k->cap : 16;
    char **cell = realloc(rows->cell, (cap * ncols + 1) * sizeof(char *));
    if (cell != NULL) {
        rows->cell = cell;
    }
    size_t *len = cell ? realloc(rows->len, (cap * ncols + 1) * sizeof(size_t)) : NULL;
    if (len != NULL) {
        rows->len = len;
    }
    char **block = len ? realloc(rows->block, (cap + 1) * sizeof(char *)) : NULL;
    if (block == NULL) {
        return false;
    }
    rows->block = block;
    k->cap = cap;
    return true;
}

static void collect_row(const struct db_rows *row, void *ctx)
{
    struct collect *k = ctx;
    struct db_rows *rows = k->rows;
    size_t r = rows->nrows, total = 0;
    rows->ncols = row->ncols;
    if (r == k->cap && !collect_grow(k, row->ncols)) {
        abort(); /* out of memory: nothing sensible to do in a request */
    }
    for (size_t c = 0; c < row->ncols; c++) {
        total += row->cell[c] ? row->len[c] + 1 : 0;
    }
    char *p = malloc(total + 1);
    if (p == NULL) {
        abort();
    }
    rows->block[r] = p;
    rows->block[r + 1] = NULL;
    for (size_t c = 0; c < row->ncols; c++) {
        size_t i = r * row->ncols + c;
        rows->cell[i] = NULL;
        rows->len[i] = 0;
        if (row->cell[c] != NULL) {
            memcpy(p, row->cell[c], row->len[c] + 1);
            rows->cell[i] = p;
            rows->len[i] = row->len[c];
            p += row->len[c] + 1;
        }
    }
    rows->nrows = r + 1;
}

/* Whether the statement may run again after a failure: not once rows went to a caller's
 * function (db_each); rows collected for db_exec are dropped and collected again. */
static bool sink_rewind(struct db_sink *s)
{
    if (s == NULL || s->delivered == 0) {
        return true;
    }
    if (s->fn != collect_row) {
        return false;
    }
    struct collect *k = s->ctx;
    db_rows_free(k->rows);
    k->cap = 0;
    s->delivered = 0;
    return true;
}

/* mysql_stmt_bind_param reads one binding per placeholder: fewer parameters than
 * placeholders would have it read past the caller's bindings, more would bind values
 * nothing uses. Either is a caller's mistake, logged and refused before anything runs. */
static bool params_match(MYSQL_STMT *st, size_t n)
{
    unsigned long want = mysql_stmt_param_count(st);
    if (want != n) {
        fprintf(stderr,
                "{\"level\":\"error\",\"msg\":\"parameter count\",\"placeholders\":%lu,\"given\":%zu}\n",
                want, n);
        return false;
    }
    return true;
}

/* The NULL every NULL parameter's binding points at (the client only reads it). */
static my_bool bind_null = 1;

/* Fills binds[0..n) from params (the bindings point into params, which must outlive the
 * execution). */
static void fill_binds(const struct db_param *params, size_t n, MYSQL_BIND *binds)
{
    memset(binds, 0, n * sizeof(*binds));
    for (size_t i = 0; i < n; i++) {
        switch (params[i].type) {
        case DBP_NULL:
            binds[i].buffer_type = MYSQL_TYPE_NULL;
            binds[i].is_null = &bind_null;
            break;
        case DBP_I64:
            binds[i].buffer_type = MYSQL_TYPE_LONGLONG;
            binds[i].buffer = (void *)&params[i].i;
            break;
        case DBP_STR:
        case DBP_BLOB:
            binds[i].buffer_type = params[i].type == DBP_STR ? MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
            binds[i].buffer = (void *)params[i].p;
            binds[i].buffer_length = (unsigned long)params[i].len;
            break;
        }
    }
}

static enum yh_err exec_binds(struct db *db, const char *sql, const struct db_param *params, size_t n,
                              MYSQL_BIND *binds, struct db_sink *sink, uint64_t *affected,
                              uint64_t *insert_id, unsigned int *mysql_err)
{
    MYSQL_STMT *st = NULL;

    *mysql_err = 0;
    if (ensure_conn(db) != YH_OK) {
        *mysql_err = CR_CONNECTION_ERROR;
        return YH_ERR_UNAVAILABLE;
    }
    st = prepared(db, sql, mysql_err);
    if (st == NULL) {
        return conn_lost(*mysql_err) ? YH_ERR_UNAVAILABLE : YH_ERR_INTERNAL;
    }
    if (!params_match(st, n)) {
        *mysql_err = CR_PARAMS_NOT_BOUND; /* the statement's error, not the server's: no failover */
        return YH_ERR_INTERNAL;
    }
    fill_binds(params, n, binds);
    if ((n > 0 && mysql_stmt_bind_param(st, binds) != 0) || mysql_stmt_execute(st) != 0) {
        *mysql_err = mysql_stmt_errno(st);
        if (*mysql_err == ER_DUP_ENTRY) {
            return YH_ERR_CONFLICT;
        }
        if (*mysql_err == ER_LOCK_DEADLOCK || *mysql_err == ER_LOCK_WAIT_TIMEOUT) {
            return YH_ERR_UNAVAILABLE;
        }
        return conn_lost(*mysql_err) ? YH_ERR_UNAVAILABLE : YH_ERR_INTERNAL;
    }
    if (affected != NULL) {
        *affected = (uint64_t)mysql_stmt_affected_rows(st);
    }
    if (insert_id != NULL) {
        *insert_id = (uint64_t)mysql_stmt_insert_id(st);
    }
    if (sink != NULL) {
        enum yh_err err = fetch_each(st, sink, mysql_err);
        return err != YH_OK && conn_lost(*mysql_err) ? YH_ERR_UNAVAILABLE : err;
    }
    mysql_stmt_free_result(st);
    return YH_OK;
}

/* Binds live on the stack for the usual few parameters, on the heap for bulk inserts. */
static enum yh_err exec_once(struct db *db, const char *sql, const struct db_param *params, size_t n,
                             struct db_sink *sink, uint64_t *affected, uint64_t *insert_id,
                             unsigned int *mysql_err)
{
    MYSQL_BIND stack[32];
    MYSQL_BIND *binds = n <= 32 ? stack : calloc(n, sizeof(*binds));
    enum yh_err err;
    *mysql_err = 0;
    if (binds == NULL || n > 65535) {
        if (binds != stack) {
            free(binds);
        }
        return YH_ERR_INTERNAL;
    }
    err = exec_binds(db, sql, params, n, binds, sink, affected, insert_id, mysql_err);
    if (binds != stack) {
        free(binds);
    }
    return err;
}

/* Whether a replica's error says the replica cannot serve (unreachable, lost, timed out,
 * or its schema behind the primary's) rather than the statement is wrong: only then does
 * the statement run on the primary. Any other error (a write sent here by mistake, 1792,
 * or a statement that fails on every server) is the caller's, and leaves the replica in
 * use. */
static bool replica_gone(unsigned int e)
{
    return e == 0 || conn_lost(e) || e == ER_NO_SUCH_TABLE || e == ER_BAD_FIELD_ERROR;
}

/* db_exec and db_each: runs the statement, its rows (if sink) to sink; on the failures
 * db_exec describes, once more on a new connection or on the replica's fallback — unless
 * rows already went to a caller's function (sink_rewind). */
static enum yh_err exec_sink(struct db *db, const char *sql, const struct db_param *params, size_t n,
                             struct db_sink *sink, uint64_t *affected, uint64_t *insert_id)
{
    unsigned int e = 0;
    if (db->lost && db->fallback != NULL) {
        return exec_sink(db->fallback, sql, params, n, sink, affected, insert_id);
    }
    enum yh_err err = exec_once(db, sql, params, n, sink, affected, insert_id, &e);
    if (err == YH_OK || err == YH_ERR_CONFLICT) {
        return err;
    }
    atomic_fetch_add(&db_errors, 1);
    if (db->fallback != NULL && conn_lost(e) && sink_rewind(sink)) {
        /* a connection from before the replica restarted: one new one before giving up */
        drop(db);
        err = exec_once(db, sql, params, n, sink, affected, insert_id, &e);
        if (err == YH_OK || err == YH_ERR_CONFLICT) {
            return err;
        }
    }
    if (db->fallback != NULL && db->tx_depth == 0 && replica_gone(e) && sink_rewind(sink)) {
        /* a replica lost (or failing) mid-request: this statement and the request's next
         * ones run on the primary; the router sends no reads here until it is healthy */
        fprintf(
            stderr,
            "{\"level\":\"warn\",\"msg\":\"replica statement failed, ran on the primary\",\"errno\":%u}\n",
            e);
        drop(db);
        db->lost = true;
        atomic_fetch_add(&db_failovers, 1);
        return exec_sink(db->fallback, sql, params, n, sink, affected, insert_id);
    }
    if (conn_lost(e)) {
        drop(db);
        if (db->tx_depth == 0 && sink_rewind(sink)) {
            /* nothing half-done on the server: safe to retry once on a new connection */
            err = exec_once(db, sql, params, n, sink, affected, insert_id, &e);
        } else if (db->tx_depth > 0) {
            db->tx_failed = true;
            return YH_ERR_UNAVAILABLE;
        }
    } else if (e != 0) {
        fprintf(stderr, "{\"level\":\"error\",\"msg\":\"statement failed\",\"errno\":%u}\n", e);
    }
    if (err != YH_OK && err != YH_ERR_CONFLICT && db->tx_depth > 0) {
        db->tx_failed = true;
    }
    return err;
}

enum yh_err db_exec(struct db *db, const char *sql, const struct db_param *params, size_t n,
                    struct db_rows *rows, uint64_t *affected, uint64_t *insert_id)
{
    struct collect k = {.rows = rows};
    struct db_sink sink = {.fn = collect_row, .ctx = &k};
    if (rows != NULL) {
        memset(rows, 0, sizeof(*rows));
    }
    enum yh_err err = exec_sink(db, sql, params, n, rows ? &sink : NULL, affected, insert_id);
    if (rows != NULL && err != YH_OK) {
        db_rows_free(rows);
    } else if (rows != NULL) {
        rows->ncols = sink.ncols;
    }
    return err;
}

enum yh_err db_each(struct db *db, const char *sql, const struct db_param *params, size_t n, db_row_fn fn,
                    void *ctx)
{
    struct db_sink sink = {.fn = fn, .ctx = ctx};
    return exec_sink(db, sql, params, n, &sink, NULL, NULL);
}

static enum yh_err simple(struct db *db, const char *sql)
{
    if (ensure_conn(db) != YH_OK) {
        return YH_ERR_UNAVAILABLE;
    }
    if (mysql_real_query(db->conn, sql, strlen(sql)) != 0) {
        unsigned int e = mysql_errno(db->conn);
        atomic_fetch_add(&db_errors, 1);
        if (conn_lost(e)) {
            drop(db);
            return YH_ERR_UNAVAILABLE;
        }
        return YH_ERR_INTERNAL;
    }
    return YH_OK;
}

enum yh_err db_begin(struct db *db)
{
    if (db->tx_depth++ > 0) {
        return YH_OK;
    }
    db->tx_failed = false;
    enum yh_err err = simple(db, "START TRANSACTION");
    if (err != YH_OK) {
        db->tx_depth = 0;
    }
    return err;
}

enum yh_err db_commit(struct db *db)
{
    if (db->tx_depth == 0) {
        return YH_ERR_INTERNAL;
    }
    if (--db->tx_depth > 0) {
        return db->tx_failed ? YH_ERR_INTERNAL : YH_OK;
    }
    if (db->tx_failed) {
        simple(db, "ROLLBACK");
        return YH_ERR_INTERNAL;
    }
    return simple(db, "COMMIT");
}

void db_rollback(struct db *db)
{
    if (db->tx_depth == 0) {
        return;
    }
    if (--db->tx_depth > 0) {
        db->tx_failed = true;
        return;
    }
    if (db->conn != NULL) {
        simple(db, "ROLLBACK");
    }
}

bool db_in_tx(const struct db *db)
{
    return db->tx_depth > 0;
}

bool db_tx_failed(const struct db *db)
{
    return db->tx_depth > 0 && db->tx_failed;
}

enum yh_err db_script(struct db *db, const char *sql, size_t len, char *msg, size_t msglen)
{
    int status;
    if (ensure_conn(db) != YH_OK) {
        snprintf(msg, msglen, "cannot connect to MariaDB");
        return YH_ERR_UNAVAILABLE;
    }
    status = mysql_real_query(db->conn, sql, (unsigned long)len);
    for (;;) {
        if (status != 0) {
            snprintf(msg, msglen, "%s", mysql_error(db->conn));
            /* drain so the connection stays usable */
            while (mysql_more_results(db->conn) && mysql_next_result(db->conn) == 0) {
            }
            return YH_ERR_INTERNAL;
        }
        MYSQL_RES *res = mysql_store_result(db->conn);
        if (res != NULL) {
            mysql_free_result(res);
        }
        status = mysql_next_result(db->conn);
        if (status == -1) {
            return YH_OK;
        }
    }
}

enum yh_err db_exec_row(struct db *db, const char *sql, const struct db_param *params, size_t n,
                        struct db_rows *rows)
{
    enum yh_err err = db_exec(db, sql, params, n, rows, NULL, NULL);
    if (err == YH_OK && rows->nrows == 0) {
        db_rows_free(rows);
        return YH_ERR_NOT_FOUND;
    }
    return err;
}

const char *db_str(const struct db_rows *r, size_t row, size_t col)
{
    if (row >= r->nrows || col >= r->ncols) {
        return NULL;
    }
    return r->cell[row * r->ncols + col];
}

int64_t db_i64(const struct db_rows *r, size_t row, size_t col)
{
    const char *s = db_str(r, row, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

size_t db_len(const struct db_rows *r, size_t row, size_t col)
{
    if (row >= r->nrows || col >= r->ncols) {
        return 0;
    }
    return r->len[row * r->ncols + col];
}

size_t db_blob(const struct db_rows *r, size_t row, size_t col, void *dst, size_t cap)
{
    size_t n = db_str(r, row, col) ? db_len(r, row, col) : 0;
    if (n == 0 || n > cap) {
        return 0;
    }
    memcpy(dst, db_str(r, row, col), n);
    return n;
}

void db_rows_free(struct db_rows *r)
{
    if (r->block != NULL) {
        /* nrows counts the rows copied; a failed copy leaves its block NULL */
        for (size_t i = 0; i <= r->nrows; i++) {
            free(r->block[i]);
        }
    }
    free(r->block);
    free(r->cell);
    free(r->len);
    memset(r, 0, sizeof(*r));
}

enum yh_err db_why_not_updated(struct db *db, const char *sql_exists, const char *office, int64_t id)
{
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql_exists, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    err = rows.nrows == 0 ? YH_ERR_NOT_FOUND : YH_ERR_PRECONDITION;
    db_rows_free(&rows);
    return err;
}

enum yh_err db_finish(struct db *db, enum yh_err err)
{
    if (err == YH_OK) {
        return db_commit(db);
    }
    db_rollback(db);
    return err;
}

enum yh_err db_insert(struct db *db, const char *sql, const struct db_param *p, size_t n, int64_t *id)
{
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, n, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err db_update_one(struct db *db, const char *sql, const struct db_param *p, size_t n,
                          const char *exists, const char *office, int64_t id)
{
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, n, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}

enum yh_err db_delete_one(struct db *db, const char *sql, const struct db_param *p, size_t n)
{
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, n, NULL, &affected, NULL);
    return err == YH_OK && affected == 0 ? YH_ERR_NOT_FOUND : err;
}

enum yh_err db_int(struct db *db, const char *sql, const struct db_param *p, size_t n, int64_t none,
                   int64_t *v)
{
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, n, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *v = rows.nrows > 0 ? db_i64(&rows, 0, 0) : none;
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err db_int_row(struct db *db, const char *sql, const struct db_param *p, size_t n, int64_t *v)
{
    struct db_rows rows;
    enum yh_err err = db_exec_row(db, sql, p, n, &rows);
    if (err == YH_OK) {
        *v = db_i64(&rows, 0, 0);
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err db_last_gtid(struct db *db, char *out, size_t cap)
{
    struct db_rows rows;
    out[0] = '\0';
    /* a session that never committed (or reconnected after its commit) has no last GTID:
     * the binary log's position, at or past the write, then stands for it (one domain; a
     * list of several is not one GTID and the caller falls back to the plain bump) */
    enum yh_err err = db_exec(db, "SELECT IF(@@last_gtid <> '', @@last_gtid, @@gtid_binlog_pos)", NULL, 0,
                              &rows, NULL, NULL);
    if (err == YH_OK) {
        const char *g = db_str(&rows, 0, 0);
        if (g != NULL && strlen(g) < cap) {
            memcpy(out, g, strlen(g) + 1);
        }
        db_rows_free(&rows);
    }
    return err;
}

/* MASTER_GTID_WAIT's answer: 0 applied; -1 not within the wait; NULL the server could not wait. */
static void gtid_waited(const struct db_rows *row, void *ctx)
{
    const char *v = db_str(row, 0, 0);
    *(bool *)ctx = v != NULL && strcmp(v, "0") == 0;
}

enum yh_err db_gtid_wait(struct db *replica, const char *gtid, int64_t wait_ms)
{
    struct db_param p[] = {P_STR(gtid), P_I64(wait_ms)};
    bool applied = false;
    struct db_sink sink = {.fn = gtid_waited, .ctx = &applied};
    unsigned int e = 0;
    /* not db_exec: a lost replica must not turn the wait into one on the primary */
    static const char sql[] = "SELECT MASTER_GTID_WAIT(?, ? / 1000)";
    enum yh_err err = exec_once(replica, sql, p, 2, &sink, NULL, NULL, &e);
    if (err != YH_OK && conn_lost(e)) {
        drop(replica); /* a connection from before the replica restarted: one new one */
        applied = false;
        err = exec_once(replica, sql, p, 2, &sink, NULL, NULL, &e);
    }
    if (err != YH_OK) {
        atomic_fetch_add(&db_errors, 1);
        drop(replica);
        return YH_ERR_UNAVAILABLE;
    }
    return applied ? YH_OK : YH_ERR_PRECONDITION;
}
