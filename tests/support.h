#ifndef YINHUI_TEST_SUPPORT_H
#define YINHUI_TEST_SUPPORT_H

/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <sys/types.h>

#include "yinhui/config.h"

/* A response from http_do. Free with http_free. */
struct http_res {
    long status;
    char *body;
    char *headers; /* raw header block */
};
/* Sends method url with optional extra headers (NULL-terminated array of "Name: value")
 * and body. Returns 0 or -1 (transport error). */
int http_do(const char *method, const char *url, const char *const *headers, const char *body,
            size_t body_len, struct http_res *res);
void http_free(struct http_res *res);
/* Value of a response header (case-insensitive), copied into out; false if absent. */
bool http_header(const struct http_res *res, const char *name, char *out, size_t outlen);
/* String member of a JSON body, copied into out; false if absent. */
bool json_member(const char *body, const char *name, char *out, size_t outlen);

/* Loads config from the environment (the test scripts export YH_*). */
void test_config(struct config *cfg);

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
void server_stop(pid_t pid);
/* A free TCP port on 127.0.0.1. */
int free_port(void);

/* API tests: the base URL of the server under test, and requests against it. */
extern char api_base[64];
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

/* GB 11643: the check character of the first 17 digits of d17, and a whole number
 * division (6 digits) + ymd (YYYYMMDD) + sequence (mod 1000) + check. */
char idno_check_char(const char *d17);
void idno_make(char out[19], const char *division, const char *ymd, unsigned seq);
/* POSTs a JSON body, asserts 201 (printing the reply otherwise) and reads its "id". */
void post_created(const char *path, const char *token, const char *body, char *id, size_t idlen);

/* Asserts r is an RFC 9457 problem with status (failures name the caller's line). */
void assert_problem_at(struct http_res *r, long status, const char *file, int line);
#define assert_problem(r, status) assert_problem_at((r), (status), __FILE__, __LINE__)

#endif
