/* Cached reads in gzip for the clients that accept it (YH_GZIP_MIN_BYTES, here 512): the
 * gzipped body is the identity body compressed, with its own ETag, Content-Encoding and
 * Vary; "gzip;q=0" and bodies under the threshold stay identity; a write through process A
 * reaches the gzipped read in B as it reaches the plain one; a process that stores nothing
 * (YH_CACHE=0) deflates nothing; another office's token gets a readable 404. Office 532843 is created here and written only here. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yinhui/util.h"

#define OFFICE "532843"

static struct proc_pair pp;
static char tok_other[2048]; /* 532801 admin */

static int setup(void **s)
{
    (void)s;
    static const char *const env[] = {"YH_GZIP_MIN_BYTES=512", NULL};
    pair_start(&pp, OFFICE, "压缩县委老干部局", env, "encoding", "压缩甲", "1944");
    login("532801", "admin", "demo-532801-pass", tok_other, sizeof(tok_other), NULL, 0);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    pair_stop(&pp);
    return 0;
}

/* GET path on base as token with Accept-Encoding ae (NULL: none) and If-None-Match inm
 * (NULL: none); the raw response (the body as sent). */
static long get(const char *base, const char *path, const char *ae, const char *inm, const char *token,
                struct http_res *res)
{
    char h_ae[96], h_inm[96];
    const char *extra[3] = {NULL, NULL, NULL};
    size_t n = 0;
    if (ae != NULL) {
        snprintf(h_ae, sizeof(h_ae), "Accept-Encoding: %s", ae);
        extra[n++] = h_ae;
    }
    if (inm != NULL) {
        snprintf(h_inm, sizeof(h_inm), "If-None-Match: %s", inm);
        extra[n++] = h_inm;
    }
    api_on(base);
    return req("GET", path, token, NULL, NULL, extra, res);
}

/* The gzip member in res's body, inflated (the caller frees). */
static char *gunzip_body(const struct http_res *res)
{
    size_t n = 0;
    return gunzip_all(res->body, res->body_len, &n);
}

static bool has_header(const struct http_res *res, const char *name, const char *value)
{
    char v[128];
    return http_header(res, name, v, sizeof(v)) && (value == NULL || strcmp(v, value) == 0);
}

/* GET path on base as token with Accept-Encoding ae until it comes back gzipped (asserted
 * within 200 tries): a read that is not stored stays identity, and a worker thread's first
 * read after it (re)connects to Redis is not stored (reply.c: the denylist is resynced). */
static void get_gzipped(const char *base, const char *path, const char *ae, struct http_res *res)
{
    for (int i = 0; i < 200; i++) {
        assert_int_equal(get(base, path, ae, NULL, pp.tok, res), 200);
        if (has_header(res, "Content-Encoding", "gzip")) {
            return;
        }
        http_free(res);
    }
    fail_msg("GET %s never came back gzipped", path);
}

/* The member through A: plain and gzipped, the same JSON; each its own ETag, kept on a hit
 * and answered 304 only for its own coding. */
static void gzipped_for_clients_that_accept_it(void **s)
{
    (void)s;
    struct http_res plain, gz, again;
    char etag_plain[64], etag_gz[64], etag_again[64];
    assert_int_equal(get(pp.base_a, pp.member_path, NULL, NULL, pp.tok, &plain), 200);
    assert_false(has_header(&plain, "Content-Encoding", NULL));
    assert_true(has_header(&plain, "Vary", "Accept-Encoding"));
    assert_true(plain.body_len >= 512);
    get_gzipped(pp.base_a, pp.member_path, "gzip, deflate, br", &gz);
    assert_true(has_header(&gz, "Content-Encoding", "gzip"));
    assert_true(has_header(&gz, "Vary", "Accept-Encoding"));
    assert_true(gz.body_len < plain.body_len);
    char *json = gunzip_body(&gz);
    assert_string_equal(json, plain.body);
    free(json);
    assert_true(http_header(&plain, "ETag", etag_plain, sizeof(etag_plain)));
    assert_true(http_header(&gz, "ETag", etag_gz, sizeof(etag_gz)));
    assert_string_not_equal(etag_plain, etag_gz);
    /* served again (from the cache): the same bytes and tag */
    get_gzipped(pp.base_a, pp.member_path, "gzip", &again);
    assert_true(http_header(&again, "ETag", etag_again, sizeof(etag_again)));
    assert_string_equal(etag_again, etag_gz);
    assert_int_equal(again.body_len, gz.body_len);
    assert_memory_equal(again.body, gz.body, gz.body_len);
    http_free(&again);
    long st = 0;
    for (int i = 0; i < 200 && st != 304;
         i++) { /* 304 from the stored entry; a read not stored is 200 identity */
        st = get(pp.base_a, pp.member_path, "gzip", etag_gz, pp.tok, &again);
        assert_true(st == 304 || (st == 200 && !has_header(&again, "Content-Encoding", NULL)));
        http_free(&again);
    }
    assert_int_equal(st, 304);
    assert_int_equal(get(pp.base_a, pp.member_path, NULL, etag_gz, pp.tok, &again), 200);
    assert_string_equal(again.body, plain.body);
    http_free(&again);
    http_free(&gz);
    http_free(&plain);
}

/* gzip refused by q=0, and a body under YH_GZIP_MIN_BYTES: identity (the small one still
 * says it varies). */
static void identity_when_refused_or_small(void **s)
{
    (void)s;
    struct http_res plain, refused, small;
    assert_int_equal(get(pp.base_a, pp.member_path, NULL, NULL, pp.tok, &plain), 200);
    assert_int_equal(get(pp.base_a, pp.member_path, "gzip;q=0, identity", NULL, pp.tok, &refused), 200);
    assert_false(has_header(&refused, "Content-Encoding", NULL));
    assert_string_equal(refused.body, plain.body);
    assert_int_equal(get(pp.base_a, "/v1/offices/" OFFICE, "gzip", NULL, pp.tok, &small), 200);
    assert_true(small.body_len < 512);
    assert_false(has_header(&small, "Content-Encoding", NULL));
    assert_true(has_header(&small, "Vary", "Accept-Encoding"));
    assert_non_null(strstr(small.body, "\"code\":\"" OFFICE "\""));
    http_free(&small);
    http_free(&refused);
    http_free(&plain);
}

/* The gzipped member through base holds needle (inflated). */
static bool gz_holds(const char *base, const char *needle)
{
    struct http_res r;
    get_gzipped(base, pp.member_path, "gzip", &r);
    char *json = gunzip_body(&r);
    bool found = strstr(json, needle) != NULL;
    free(json);
    http_free(&r);
    return found;
}

/* B holds the gzipped member; a rename through A is in A's next gzipped read at once and
 * in B's within a second (the entry of each coding is invalidated with the office). */
static void write_reaches_gzipped_reads_in_both_processes(void **s)
{
    (void)s;
    char ifm[48];
    for (int i = 0; i < 3; i++) {
        assert_true(gz_holds(pp.base_b, "压缩甲"));
        assert_true(gz_holds(pp.base_a, "压缩甲"));
    }
    api_on(pp.base_a);
    if_match(pp.member_path, pp.tok, ifm, sizeof(ifm));
    const char *const hdr[] = {ifm, NULL};
    expect_with(200, "PATCH", pp.member_path, pp.tok, "{\"name\":\"压缩乙\"}", hdr);
    assert_true(gz_holds(pp.base_a, "压缩乙"));
    double t0 = mono_s();
    while (!gz_holds(pp.base_b, "压缩乙")) {
        if (mono_s() - t0 > 1.0) {
            fail_msg("B still serves the gzipped member without the new name after 1 s");
        }
        usleep(1000);
    }
}

/* Another office's token: 404 as a readable problem, whatever it accepts. */
/* A read that is not stored is not deflated either (nothing is compressed per request): a
 * process with YH_CACHE=0 answers a client that accepts gzip with the identity body, the
 * same JSON as A's, every time. */
static void identity_when_not_stored(void **s)
{
    (void)s;
    static const char *const env[] = {"YH_CACHE=0", "YH_GZIP_MIN_BYTES=512", NULL};
    char base[64];
    struct http_res plain, r;
    pid_t pid = server_start(env, base, sizeof(base), "build/test-logs/encoding-nocache.log");
    assert_int_equal(get(pp.base_a, pp.member_path, NULL, NULL, pp.tok, &plain), 200);
    assert_true(plain.body_len >= 512);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(get(base, pp.member_path, "gzip, deflate, br", NULL, pp.tok, &r), 200);
        assert_false(has_header(&r, "Content-Encoding", NULL));
        assert_string_equal(r.body, plain.body);
        http_free(&r);
    }
    http_free(&plain);
    server_stop(pid);
}

static void another_office_gets_a_plain_404(void **s)
{
    (void)s;
    struct http_res r;
    assert_int_equal(get(pp.base_a, pp.member_path, "gzip", NULL, tok_other, &r), 404);
    assert_false(has_header(&r, "Content-Encoding", NULL));
    assert_non_null(strstr(r.body, "\"status\":404"));
    http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gzipped_for_clients_that_accept_it),
        cmocka_unit_test(identity_when_refused_or_small),
        cmocka_unit_test(write_reaches_gzipped_reads_in_both_processes),
        cmocka_unit_test(identity_when_not_stored),
        cmocka_unit_test(another_office_gets_a_plain_404),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
