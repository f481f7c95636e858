/* GET /docs: the API reference rendered from api/openapi.yaml by the built service. Its
 * headers (CSP, nosniff, cache, ETag and 304), every tag of the spec file as a section, the
 * worked examples, the files beside it, a hostile spec's text escaped, and a missing or
 * broken spec (the service starts, /docs answers 503). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "yinhui/util.h"

#define CSP                                                                                                  \
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "            \
    "frame-ancestors 'none'"

static const char *spec_path(void)
{
    const char *p = getenv("YH_OPENAPI_PATH");
    return p != NULL && p[0] != '\0' ? p : "api/openapi.yaml";
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct buf b = {0};
    char chunk[65536];
    size_t n;
    assert_non_null(f);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        buf_append(&b, chunk, n);
    }
    fclose(f);
    return b.data;
}

static void header_is(const struct http_res *r, const char *name, const char *want)
{
    char v[512];
    if (!http_header(r, name, v, sizeof(v))) {
        fail_msg("no %s header", name);
    }
    assert_string_equal(v, want);
}

/* A docs file: 200, its type, the CSP, nosniff and cache headers; its ETag gives 304. */
static void docs_file(const char *path, const char *ctype, struct http_res *r)
{
    char etag[64], inm[96];
    struct http_res again;
    assert_int_equal(req("GET", path, NULL, NULL, NULL, NULL, r), 200);
    header_is(r, "Content-Type", ctype);
    header_is(r, "Content-Security-Policy", CSP);
    header_is(r, "X-Content-Type-Options", "nosniff");
    header_is(r, "Cache-Control", "public, max-age=300");
    assert_true(http_header(r, "ETag", etag, sizeof(etag)));
    assert_true(etag[0] == '"' && strlen(etag) > 2);
    snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
    assert_int_equal(req("GET", path, NULL, NULL, NULL, (const char *const[]){inm, NULL}, &again), 304);
    assert_true(again.body == NULL || again.body[0] == '\0');
    header_is(&again, "ETag", etag);
    http_free(&again);
    assert_int_equal(
        req("GET", path, NULL, NULL, NULL, (const char *const[]){"If-None-Match: \"x\"", NULL}, &again), 200);
    http_free(&again);
}

static void page_is_public_static_and_strict(void **s)
{
    (void)s;
    struct http_res r;
    docs_file("/docs", "text/html; charset=utf-8", &r);
    assert_non_null(strstr(r.body, "<!DOCTYPE html>"));
    assert_null(strstr(r.body, "<script"));
    assert_null(strstr(r.body, " style=")); /* the CSP allows no inline styles */
    assert_non_null(strstr(r.body, "<link rel=\"stylesheet\" href=\"/docs/style.css\">"));
    http_free(&r);
}

/* The top-level tags of the spec file (its "tags:" block), read without the service's
 * parser: names in out, their count returned. */
static size_t spec_tags(const char *text, char out[][64], size_t max)
{
    const char *p = strstr(text, "\ntags:\n");
    size_t n = 0;
    assert_non_null(p);
    for (p += 7; strncmp(p, "  ", 2) == 0 && n < max; p = strchr(p, '\n') + 1) {
        if (sscanf(p, "  - name: %63[^\n]", out[n]) == 1) {
            n++;
        }
    }
    return n;
}

static void every_tag_of_the_spec_is_a_section(void **s)
{
    (void)s;
    char *spec = slurp(spec_path()), tags[64][64], want[256];
    size_t n = spec_tags(spec, tags, 64);
    struct http_res r;
    assert_true(n >= 10);
    assert_int_equal(req("GET", "/docs", NULL, NULL, NULL, NULL, &r), 200);
    for (size_t i = 0; i < n; i++) {
        snprintf(want, sizeof(want), "<section class=\"tag\" id=\"tag-%s\">\n<h2>%s</h2>", tags[i], tags[i]);
        if (strstr(r.body, want) == NULL) {
            fail_msg("tag %s has no section", tags[i]);
        }
        snprintf(want, sizeof(want), "<a href=\"#tag-%s\">%s</a>", tags[i], tags[i]);
        assert_non_null(strstr(r.body, want));
    }
    /* every operation is tagged: there is no section of untagged ones */
    const char *untagged = strstr(r.body, "id=\"untagged\"");
    if (untagged != NULL) {
        const char *path = strstr(untagged, "<code class=\"path\">");
        fail_msg("operations without a tag in the spec (the first: %.80s); give each one a tag",
                 path ? path + 19 : "?");
    }
    http_free(&r);
    free(spec);
}

static void examples_for_the_common_calls(void **s)
{
    (void)s;
    struct http_res r;
    assert_int_equal(req("GET", "/docs", NULL, NULL, NULL, NULL, &r), 200);
    /* log in, list members with paging, sign up for an event: curl with the spec's bodies */
    assert_non_null(strstr(r.body, "curl -sS -X POST &#39;http://127.0.0.1:8080/v1/auth/token&#39;"));
    assert_non_null(strstr(r.body, "&quot;grant_type&quot;:&quot;password&quot;"));
    assert_non_null(strstr(r.body, "curl -sS &#39;http://127.0.0.1:8080/v1/members?limit=2&#39;"));
    assert_non_null(strstr(r.body, "&quot;next_cursor&quot;:"));
    assert_non_null(strstr(r.body, "/v1/volunteer-events/106/signups&#39;"));
    assert_non_null(strstr(r.body, "-d &#39;{&quot;volunteer_id&quot;:&quot;4&quot;}&#39;"));
    assert_non_null(strstr(r.body, "Authorization: Bearer $TOKEN"));
    /* schemas are linked in the page */
    assert_non_null(strstr(r.body, "<a class=\"ref\" href=\"#schema-MemberPage\">MemberPage</a>"));
    assert_non_null(strstr(r.body, "id=\"schema-MemberPage\""));
    http_free(&r);
}

static void files_beside_the_page(void **s)
{
    (void)s;
    struct http_res r;
    char *spec = slurp(spec_path());
    docs_file("/docs/style.css", "text/css; charset=utf-8", &r);
    assert_non_null(strstr(r.body, "font-family"));
    http_free(&r);
    docs_file("/docs/icon.svg", "image/svg+xml", &r);
    assert_non_null(strstr(r.body, "<svg"));
    http_free(&r);
    docs_file("/docs/openapi.yaml", "application/yaml; charset=utf-8", &r);
    assert_string_equal(r.body, spec);
    http_free(&r);
    free(spec);
    expect_problem(404, "GET", "/docs/unknown", NULL, NULL);
    expect_problem(404, "GET", "/docs/style.css/x", NULL, NULL);
    expect_problem(405, "POST", "/docs", NULL, NULL);
}

static char tmpdir[64];

/* Starts a server reading the spec at file (in tmpdir; written from text unless NULL),
 * points the helpers at it; its pid. log names its log. */
static pid_t server_with_spec(const char *file, const char *text, const char *log, char *base, size_t n)
{
    static char env[256];
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, file);
    if (text != NULL) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
    }
    snprintf(env, sizeof(env), "YH_OPENAPI_PATH=%s", path);
    pid_t pid = server_start((const char *const[]){env, NULL}, base, n, log);
    api_on(base);
    return pid;
}

static const char hostile[] =
    "openapi: 3.1.0\n"
    "info:\n"
    "  title: \"<script>alert('t')</script> & co\"\n"
    "  version: '1\"><img src=x onerror=alert(1)>'\n"
    "  description: \"`<b>code</b>` and <i>text</i>\"\n"
    "servers: [{url: \"http://x/'\\\"><script>\"}]\n"
    "tags:\n"
    "  - name: \"<svg onload=alert(1)>\"\n"
    "    description: \"</section><script>alert(2)</script>\"\n"
    "paths:\n"
    "  \"/v1/x/{id}<script>\":\n"
    "    get:\n"
    "      operationId: 'op\"><script>'\n"
    "      tags: [\"<svg onload=alert(1)>\"]\n"
    "      summary: \"<script>alert(3)</script>\"\n"
    "      parameters: [{name: id, in: path, required: true, schema: {type: string, pattern: \"<script>\"}, "
    "example: \"'; rm -rf / #<b>\"}]\n"
    "      responses:\n"
    "        \"200\":\n"
    "          description: \"<iframe src=x>\"\n"
    "          content: {application/json: {schema: {$ref: \"#/components/schemas/<Evil>\"}, "
    "example: {\"<k>\": \"</pre><script>alert(4)</script>\"}}}\n"
    "components:\n"
    "  schemas:\n"
    "    \"<Evil>\": {type: object, properties: {\"<p>\": {type: string, description: \"<img src=x>\", "
    "enum: [\"<e>\"]}}}\n";

static void hostile_spec_text_is_escaped(void **s)
{
    (void)s;
    char base[64];
    struct http_res r;
    pid_t pid = server_with_spec("hostile.yaml", hostile, NULL, base, sizeof(base));
    assert_int_equal(req("GET", "/docs", NULL, NULL, NULL, NULL, &r), 200);
    static const char *const raw[] = {"<script", "<img", "<svg", "<iframe",           "<Evil>",
                                      "<e>",     "<k>",  "<i>",  "</section><script", NULL};
    for (size_t i = 0; raw[i] != NULL; i++) {
        if (strstr(r.body, raw[i]) != NULL) {
            fail_msg("the page holds %s unescaped", raw[i]);
        }
    }
    assert_non_null(strstr(r.body, "<h1>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; co</h1>"));
    assert_non_null(strstr(r.body, "<h2>&lt;svg onload=alert(1)&gt;</h2>"));
    assert_non_null(strstr(r.body, "id=\"tag-~3Csvg~20onload~3Dalert~281~29~3E\""));
    assert_non_null(strstr(r.body, "<code>&lt;b&gt;code&lt;/b&gt;</code> and &lt;i&gt;text&lt;/i&gt;"));
    assert_non_null(strstr(r.body, "&lt;/pre&gt;&lt;script&gt;alert(4)&lt;/script&gt;"));
    /* the path example is percent-encoded into the URL of the curl command */
    assert_non_null(strstr(r.body, "/v1/x/%27%3B%20rm%20-rf%20%2F%20%23%3Cb%3E&lt;script&gt;"));
    http_free(&r);
    server_stop(pid);
}

/* A spec that does not load: a warning naming why, the API serves, /docs is 503. */
static void broken_spec(const char *file, const char *text, const char *why)
{
    char base[64], log[128], path[512];
    snprintf(log, sizeof(log), "%s/docs-%s.log", tmpdir, file); /* or in YH_TEST_LOG_DIR */
    pid_t pid = server_with_spec(file, text, log, base, sizeof(base));
    expect_problem(503, "GET", "/docs", NULL, NULL);
    expect_problem(503, "GET", "/docs/style.css", NULL, NULL);
    expect_problem(503, "GET", "/docs/openapi.yaml", NULL, NULL);
    expect(200, "GET", "/readyz", NULL, NULL);
    expect_problem(401, "GET", "/v1/members", NULL, NULL);
    server_stop(pid);
    char *text_log = slurp(test_log_path(log, path, sizeof(path)));
    const char *warn = strstr(text_log, "\"level\":\"warn\",\"msg\":\"the API reference is not served");
    if (warn == NULL || strstr(warn, why) == NULL) {
        fail_msg("no warning naming \"%s\" in %s", why, path);
    }
    free(text_log);
}

static void missing_or_invalid_spec_still_starts(void **s)
{
    (void)s;
    broken_spec("absent.yaml", NULL, "cannot open");
    broken_spec("bad.yaml", "openapi: 3.1.0\npaths: {/x: [unclosed\n", "YAML error at line");
    broken_spec("swagger.yaml", "swagger: \"2.0\"\npaths: {}\n", "is not an OpenAPI 3 document");
    broken_spec("list.yaml", "- openapi\n- paths\n", "not a mapping");
}

static int setup(void **s)
{
    (void)s;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/yh-docs-%d", (int)getpid());
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "mkdir -p %s", tmpdir);
    assert_int_equal(system(cmd), 0);
    api_start(NULL, "build/test-logs/api-docs.log");
    return 0;
}

static int teardown(void **s)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    assert_int_equal(system(cmd), 0);
    return api_stop(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_is_public_static_and_strict),
        cmocka_unit_test(every_tag_of_the_spec_is_a_section),
        cmocka_unit_test(examples_for_the_common_calls),
        cmocka_unit_test(files_beside_the_page),
        cmocka_unit_test(hostile_spec_text_is_escaped),
        cmocka_unit_test(missing_or_invalid_spec_still_starts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
