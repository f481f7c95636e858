#ifndef YINHUI_DB_H
#define YINHUI_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "yinhui/config.h"
#include "yinhui/err.h"

/* One MariaDB connection with its prepared statements (lwan database.c style). Not
 * thread-safe: one per worker thread. */
struct db;

enum db_ptype { DBP_NULL, DBP_I64, DBP_STR, DBP_BLOB };
struct db_param {
    enum db_ptype type;
    int64_t i;
    const void *p;
    size_t len;
};
#define P_I64(v) ((struct db_param){.type = DBP_I64, .i = (int64_t)(v)})
#define P_STR(s) ((struct db_param){.type = DBP_STR, .p = (s), .len = strlen(s)})
#define P_BLOB(b, n) ((struct db_param){.type = DBP_BLOB, .p = (b), .len = (n)})
#define P_NULL ((struct db_param){.type = DBP_NULL})
/* A string parameter, or NULL when s is NULL or empty (the stores' optional text). */
#define P_OPT(s) ((s) && (s)[0] ? P_STR(s) : P_NULL)
/* SQL selecting DATETIME column c as RFC 3339 in China time. */
#define SQL_TS(c) "DATE_FORMAT(" c ", '%Y-%m-%dT%H:%i:%s+08:00')"
/* After a table's alias in a read of one row by its primary key that also filters by
 * office_code: the optimizer then looks at the primary key alone. Without it MariaDB
 * weighs (and sorts) every index that starts with office_code at each execution (members
 * has 10: 36k of the 231k instructions MariaDB spent on a member's read); the plan, the
 * rows and the locks are the same (the primary key's const read). */
#define SQL_BY_ID "USE INDEX (PRIMARY)"
/* Copies a cell (NULL as "") into a char array. */
#define DB_CP(dst, s) snprintf((dst), sizeof(dst), "%s", (s) ? (s) : "")

/* Result rows, all cells as text (NULL cell: db_str returns NULL). Free with db_rows_free. */
struct db_rows {
    size_t nrows, ncols;
    char **cell; /* nrows*ncols, pointing into block */
    size_t *len;
    char **block; /* per row, its cells' text (nrows + 1 entries) */
};

/* Opens a connection (utf8mb4, autocommit). Returns NULL with *err = UNAVAILABLE. */
struct db *db_open(const struct config *cfg, enum yh_err *err);
void db_close(struct db *db);
/* Called at the start of each request, whose start (mono_s()) is now, when no statement of
 * db is in use: the statements the request runs count as run at now, and the cached prepared statements not
 * run for idle_s seconds are closed (none while a transaction is open; at most one look a second; idle_s 0:
 * never); how many it closed. A db it is never called on keeps its statements. */
size_t db_forget_idle(struct db *db, double now, double idle_s);

/* The replica (YH_DB_REPLICA_*): sessions are read-only transactions. */
bool db_replica_configured(const struct config *cfg);
/* A connection to the replica, connected when first used (a replica that is down is
 * found by its first statement); NULL with *err = UNAVAILABLE when none is configured. */
struct db *db_open_replica(const struct config *cfg, enum yh_err *err);
/* Where the replica's statements go when it fails (outside a transaction): a statement
 * that fails on it runs on primary instead, and so do the next ones until
 * db_replica_reset (db_replica_lost says so). Counted by db_failover_count. */
void db_set_fallback(struct db *replica, struct db *primary);
bool db_replica_lost(const struct db *replica);
void db_replica_reset(struct db *replica);
uint64_t db_failover_count(void);
/* The GTID of the last transaction this session committed (@@last_gtid), or when it has
 * none the binary log's position (@@gtid_binlog_pos), into out[cap]. */
enum yh_err db_last_gtid(struct db *db, char *out, size_t cap);
/* Waits at most wait_ms for the replica to apply gtid (MASTER_GTID_WAIT): YH_OK when it
 * has, PRECONDITION when not in time, UNAVAILABLE when the replica failed (never runs on
 * the fallback). */
enum yh_err db_gtid_wait(struct db *replica, const char *gtid, int64_t wait_ms);
enum yh_err db_ping(struct db *db);

/* Runs a prepared statement (prepared once per connection, keyed by the sql text).
 * rows may be NULL for statements without results. affected/insert_id may be NULL.
 * Returns YH_OK, YH_ERR_CONFLICT (duplicate key), YH_ERR_UNAVAILABLE (server gone;
 * retried once after reconnecting when no transaction is open), YH_ERR_INTERNAL. */
enum yh_err db_exec(struct db *db, const char *sql, const struct db_param *params, size_t n,
                    struct db_rows *rows, uint64_t *affected, uint64_t *insert_id);

/* A row of db_each's statement: a one-row view (row 0 of db_str, db_i64, db_len) whose
 * cells live until the function returns. */
typedef void (*db_row_fn)(const struct db_rows *row, void *ctx);
/* db_exec for a long result read where it is used: each row goes to fn as it arrives from
 * the server, none copied nor held (db_exec collects them into rows the same way). fn runs
 * no statement on db (its connection is busy with these rows). Not run again once a row
 * went to fn (a connection lost after it: the error is the caller's). */
enum yh_err db_each(struct db *db, const char *sql, const struct db_param *params, size_t n, db_row_fn fn,
                    void *ctx);

/* db_exec for a statement that must return rows: YH_ERR_NOT_FOUND (rows freed) when it
 * returns none. */
enum yh_err db_exec_row(struct db *db, const char *sql, const struct db_param *params, size_t n,
                        struct db_rows *rows);

/* Transactions nest: only the outermost begin/commit reach the server; a rollback at
 * any depth makes the outermost commit roll back. */
enum yh_err db_begin(struct db *db);
enum yh_err db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_tx(const struct db *db);
/* Whether an inner unit of the open transaction rolled back (its commit will roll back). */
bool db_tx_failed(const struct db *db);
/* Ends a unit of work begun with db_begin: commits when err is YH_OK, else rolls back.
 * Returns the outcome (the commit's error, or err). */
enum yh_err db_finish(struct db *db, enum yh_err err);

/* Runs a script of several statements (migrations). Returns YH_OK or INTERNAL with
 * the server's message in msg. */
enum yh_err db_script(struct db *db, const char *sql, size_t len, char *msg, size_t msglen);

/* Counts of errors since start (for /metrics). */
uint64_t db_error_count(void);

/* After an UPDATE ... WHERE version = ? touched no row: runs sql_exists (params office,
 * id) and returns NOT_FOUND when the row is absent, PRECONDITION when it changed. */
enum yh_err db_why_not_updated(struct db *db, const char *sql_exists, const char *office, int64_t id);

/* Small statements every store writes (Redis t_string.c style: one generic function, the
 * stores' calls are one line). */
/* Runs an INSERT and gives the new row's id. */
enum yh_err db_insert(struct db *db, const char *sql, const struct db_param *p, size_t n, int64_t *id);
/* Runs an UPDATE that changes one row when its version matches; when it changed none,
 * NOT_FOUND if exists (office, id) finds no row, else PRECONDITION. */
enum yh_err db_update_one(struct db *db, const char *sql, const struct db_param *p, size_t n,
                          const char *exists, const char *office, int64_t id);
/* Runs a DELETE: NOT_FOUND when it removed no row. */
enum yh_err db_delete_one(struct db *db, const char *sql, const struct db_param *p, size_t n);
/* The first column of the first row of a one-value SELECT as an integer (none when it
 * returns no row). */
enum yh_err db_int(struct db *db, const char *sql, const struct db_param *p, size_t n, int64_t none,
                   int64_t *v);
/* The same for a row that must exist (an office's setting): NOT_FOUND when there is none. */
enum yh_err db_int_row(struct db *db, const char *sql, const struct db_param *p, size_t n, int64_t *v);

const char *db_str(const struct db_rows *r, size_t row, size_t col);
int64_t db_i64(const struct db_rows *r, size_t row, size_t col);
size_t db_len(const struct db_rows *r, size_t row, size_t col);
/* Copies cell (row, col), a binary value such as a sealed one, into dst[cap]: its length,
 * or 0 when NULL, empty or longer than cap (the column sizes never allow it). */
size_t db_blob(const struct db_rows *r, size_t row, size_t col, void *dst, size_t cap);
void db_rows_free(struct db_rows *r);

#endif
