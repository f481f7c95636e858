#ifndef YINHUI_TEST_SUPPORT_H
#define YINHUI_TEST_SUPPORT_H

/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <sys/types.h>

#include "yinhui/config.h"

/* A response from http_do. Free with http_free. */
struct http_res {
    long status;
    char *body;
    char *headers;   /* raw header block */
    size_t body_len; /* bytes of body (binary bodies hold NULs) */
};
/* Sends method url with optional extra headers (NULL-terminated array of "Name: value")
 * and body. Returns 0 or -1 (transport error). */
int http_do(const char *method, const char *url, const char *const *headers, const char *body,
            size_t body_len, struct http_res *res);
void http_free(struct http_res *res);
/* Value of a response header (case-insensitive), copied into out; false if absent. */
bool http_header(const struct http_res *res, const char *name, char *out, size_t outlen);
/* The file name of the zip archive zip[0..n) (an .xlsx), inflated and NUL-terminated;
 * caller frees. NULL when absent or unreadable. */
char *zip_entry(const char *zip, size_t n, const char *name);
/* The gzip member in[0..n) inflated (NUL-terminated; *outlen its bytes; the caller frees);
 * asserts it is one whole member. */
char *gunzip_all(const void *in, size_t n, size_t *outlen);
/* String member of a JSON body, copied into out; false if absent. */
bool json_member(const char *body, const char *name, char *out, size_t outlen);
/* Whether body holds id as a JSON string ("<id>"): its bare digits stand in dates and
 * other ids too. */
bool has_id(const char *body, const char *id);

/* Loads config from the environment (the test scripts export YH_*). */
void test_config(struct config *cfg);
struct db;
struct db_param;
/* A connection to the test database (asserted; close with db_close). */
struct db *test_db(void);

/* Integration tests: the configuration from the environment and one connection to the test
 * database, shared by a file's tests. itest_setup (loads both; asserted) and
 * itest_teardown (closes the connection) are cmocka group fixtures; itest_config_setup
 * loads the configuration only. */
extern struct config itest_cfg;
extern struct db *itest_db;
int itest_setup(void **state);
int itest_teardown(void **state);
int itest_config_setup(void **state);
/* The rows db's session has read through a handler so far (MariaDB's Handler_read_next,
 * _prev and _rnd_next: an index's next or previous row, a table scan's next row): taken
 * before and after a statement, what it read beside what it returned. */
long long session_rows_read(struct db *db);

/* The tests' clock. When YH_TEST_CLOCK is set (scripts/test.sh runs the date-sensitive
 * API tests once per pinned instant), the test process pins the service's own clock
 * (now_s, today_cn, time_cn) at start-up, and server_start hands the server the test's
 * current instant (YH_TEST_CLOCK + YH_TEST_MODE=1), so both read the same time within a
 * second. Every date a test expects (birthdays, months, quarters, years) comes from here. */
int64_t test_now(void);
/* Today in China, YYYY-MM-DD. */
void test_today(char out[11]);
/* test_now() + offset_s in China time as 2026-12-01T09:00:00+08:00. */
void test_cn_at(int64_t offset_s, char out[26]);

/* Starts build/yinhui serve on a free loopback port with extra env ("K=V", NULL-
 * terminated). Writes the base URL. Returns the pid; waits until /healthz answers. */
pid_t server_start(const char *const *env, char *base, size_t baselen, const char *log_path);
/* Where a server's log goes: log_path's file name in YH_TEST_LOG_DIR (scripts/test.sh sets
 * it to $B/test-logs, or a pinned lane's folder) when that is set, else log_path itself. */
const char *test_log_path(const char *log_path, char *out, size_t n);
void server_stop(pid_t pid);
/* The value of an unlabelled metric of the server at base (asserted present). */
long long server_metric(const char *base, const char *name);
/* Shuts the tests' Redis ($YH_REDIS_PORT) down, and starts it again: with the command in
 * YH_TEST_REDIS_START when set (scripts/test.sh's lanes, each with a Redis of its own),
 * else the private one (scripts/services.sh). */
void test_redis_down(void);
void test_redis_up(void);
/* A free TCP port on 127.0.0.1. */
int free_port(void);
/* A socket listening on 127.0.0.1:port (asserted); the test receivers of webhooks. */
int listen_loopback(int port);
/* The next connection accepted on listening socket fd, or -1 once *stop is set (checked
 * every 50 ms): the accept loop of the tests' webhook receivers. */
int accept_while(int fd, const atomic_bool *stop);
/* The value of header name (case-insensitive) in a raw request head, into out ("" if absent). */
void head_value(const char *head, const char *name, char *out, size_t n);

/* API tests: the base URL of the server under test, and requests against it. */
extern char api_base[64];
/* The server of an API test file: api_start runs server_start (env may be NULL) on
 * api_base; api_stop, the file's cmocka group teardown, stops it. */
void api_start(const char *const *env, const char *log_path);
int api_stop(void **state);
/* YH_TEST_NGINX=2 (scripts/test.sh's nginx lane): api_start starts that many processes with
 * the same env, each logging to log_path with -a, -b, ... before .log, and nginx from
 * deploy/nginx.conf in front of them (scripts/nginx.sh; YH_TEST_NGINX_NO_LIMIT set: without
 * its per-IP limit); api_base is nginx's, api_stop stops them all. */
#define API_MAX_PROCS 4
/* The number of processes api_start started, and process i's own base URL (nginx answers
 * 404 on /metrics: read a process's metrics there). */
int api_procs(void);
const char *api_proc(int i);
/* An unlabelled counter of the API tests' server: the sum over its processes. */
long long api_metric(const char *name);
/* Sends method path with an optional bearer token, content type, body and extra
 * headers; asserts the transport worked and returns the status. */
long req(const char *method, const char *path, const char *token, const char *ctype, const char *body,
         const char *const *extra, struct http_res *res);
/* JSON body (or none when body is NULL). */
long jreq(const char *method, const char *path, const char *token, const char *body, struct http_res *res);
/* Password grant; writes the access token (and the refresh token when refresh != NULL). */
void login(const char *office, const char *user, const char *pw, char *out, size_t outlen, char *refresh,
           size_t rlen);
/* Outbox events of type whose payload contains needle (as written by the service). */
long outbox_count(const char *type, const char *needle);
/* The number a one-row, one-column query (a COUNT) on the test database answers. */
long test_db_count(const char *sql, const struct db_param *p, size_t n);
/* The first cell of sql's first row on db ("" when NULL or no row); caller frees. */
char *test_db_string(struct db *db, const char *sql);

/* Two service processes A and B on the one MariaDB and Redis (the cross-process API
 * tests), with an office of their own: its admin's token and a member, both made through A. */
struct proc_pair {
    char base_a[64], base_b[64];
    pid_t pid_a, pid_b;
    char tok[2048];       /* the office admin's (password demo-<office>-pass) */
    char member_path[64]; /* /v1/members/<id> of a retired member born in the given year */
};
/* Adds office (named name, under 532800) and its admin, starts A and B with env (may be
 * NULL), logging to build/test-logs/<log>-a.log and -b.log, logs in and adds the member
 * (name, born in year) through A, and points the API helpers at A. */
void pair_start(struct proc_pair *p, const char *office, const char *name, const char *const *env,
                const char *log, const char *member, const char *year);
void pair_stop(struct proc_pair *p);
/* Points the API helpers (req, expect, ...) at base. */
void api_on(const char *base);
/* Waits up to 5 s until the metric of base reaches want (asserted). */
void wait_metric(const char *base, const char *name, long long want);
/* GETs path as token on base until it is refused (401, each other answer a 200); fails
 * after 1 s. */
void refused_within_1s(const char *base, const char *path, const char *token);

/* GB 11643: the check character of the first 17 digits of d17, and a whole number
 * division (6 digits) + ymd (YYYYMMDD) + sequence (mod 1000) + check. */
char idno_check_char(const char *d17);
void idno_make(char out[19], const char *division, const char *ymd, unsigned seq);
/* idno_make for someone born in year on a day that seq picks (days 1 to 28 of each month
 * in turn: month 1 + seq / 28 % 12, day 1 + seq % 28), sequence seq. */
void idno_seq(char out[19], const char *division, const char *year, unsigned seq);
/* The output of a shell command (asserting it ran and exited 0), into out. */
void run_cmd(const char *cmd, char *out, size_t n);
/* Writes res's body (binary: body_len bytes) to file (asserted). */
void save_body(const struct http_res *res, const char *file);
/* Creates a talent from a JSON body as token and takes it through review to admitted. */
void talent_admitted(const char *token, const char *body, char *id, size_t idlen);
/* POSTs a JSON body, asserts 201 (printing the reply otherwise) and reads its "id". */
void post_created(const char *path, const char *token, const char *body, char *id, size_t idlen);

/* ---- API test fixtures ---- */
struct cJSON;

/* Sends method path as token with a JSON body (or none) and extra headers (NULL or
 * NULL-terminated), asserts the status (a mismatch prints the caller's file:line, the
 * method, path, status and body) and frees the response. */
void expect_at(long status, const char *method, const char *path, const char *token, const char *body,
               const char *const *extra, const char *file, int line);
#define expect(status, method, path, token, body)                                                            \
    expect_at((status), (method), (path), (token), (body), NULL, __FILE__, __LINE__)
/* (extra may be a compound literal, whose commas the preprocessor would split) */
#define expect_with(status, method, path, token, body, ...)                                                  \
    expect_at((status), (method), (path), (token), (body), (__VA_ARGS__), __FILE__, __LINE__)
/* expect, and the body holds "field":"<field>" (a problem's errors[] naming it). */
void expect_field_at(long status, const char *method, const char *path, const char *token, const char *body,
                     const char *field, const char *file, int line);
#define expect_field(status, method, path, token, body, field)                                               \
    expect_field_at((status), (method), (path), (token), (body), (field), __FILE__, __LINE__)
/* Sends the request and asserts its reply is an RFC 9457 problem with status (see
 * assert_problem); frees the response. */
void expect_problem_at(long status, const char *method, const char *path, const char *token, const char *body,
                       const char *const *extra, const char *file, int line);
#define expect_problem(status, method, path, token, body)                                                    \
    expect_problem_at((status), (method), (path), (token), (body), NULL, __FILE__, __LINE__)
#define expect_problem_with(status, method, path, token, body, ...)                                          \
    expect_problem_at((status), (method), (path), (token), (body), (__VA_ARGS__), __FILE__, __LINE__)
/* expect, returning the parsed body (never NULL; the caller deletes it). */
struct cJSON *expect_json_at(long status, const char *method, const char *path, const char *token,
                             const char *body, const char *file, int line);
#define expect_json(status, method, path, token, body)                                                       \
    expect_json_at((status), (method), (path), (token), (body), __FILE__, __LINE__)

/* GETs path as token (asserting 200) and writes its version as the header line
 * `If-Match: "<version>"`. */
void if_match(const char *path, const char *token, char *header, size_t n);
/* A branch (level "branch") of the office of token; its id. */
void branch_create(const char *token, const char *name, const char *nature, const char *host_type, char *id,
                   size_t idlen);
/* A member {name, id_number, category} of the office of token; extra is more JSON members
 * starting with a comma, or "". Its id. */
void member_create(const char *token, const char *name, const char *idno, const char *category,
                   const char *extra, char *id, size_t idlen);
/* A volunteer team of the office of token; its id. */
void team_create(const char *token, const char *name, const char *speciality, char *id, size_t idlen);
/* A member account {username, display_name, role "member", password, member_id} made by
 * admin; its id. */
void member_account_create(const char *admin, const char *user, const char *display, const char *pw,
                           const char *member_id, char *id, size_t idlen);
/* Registers a client {name, scope} of the office of admin and writes a client-credentials
 * access token (and the client_id when cid != NULL). */
void client_token(const char *admin, const char *name, const char *scope, char *tok, size_t toklen, char *cid,
                  size_t cidlen);

/* care_due_list's text (service/care/care_due.c), parsed: it must be valid JSON. */
struct due_params;
struct care_member;
struct holiday;
struct cJSON *care_due_json(const struct due_params *p, const struct care_member *m, size_t n,
                            const struct holiday *hol, size_t nhol, const struct holiday *next, size_t nnext);

/* Asserts r is an RFC 9457 problem with status (failures name the caller's line). */
void assert_problem_at(struct http_res *r, long status, const char *file, int line);
#define assert_problem(r, status) assert_problem_at((r), (status), __FILE__, __LINE__)

#endif
