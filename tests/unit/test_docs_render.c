/* The /docs renderer's pieces without a server: YAML to cJSON (service/docs/spec.c) with
 * YAML 1.2 core scalars, and the page of a small spec (service/docs/render*.c). */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "yinhui/docs.h"

static cJSON *load(const char *text)
{
    char msg[200] = "";
    cJSON *o = spec_from_yaml(text, strlen(text), msg, sizeof(msg));
    if (o == NULL) {
        fail_msg("%s", msg);
    }
    return o;
}

static void scalars_follow_the_core_schema(void **s)
{
    (void)s;
    cJSON *o = load("a: 1\nb: -2.5\nc: 1e3\nd: '7'\ne: true\nf: False\ng: ~\nh: null\ni: yes\nj: 0x1F\n"
                    "k: 2026-12-02\nl: \"true\"\nm: 1_000\nn: .inf\no:\np: \"\"\n");
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "a")) && cJSON_GetObjectItem(o, "a")->valueint == 1);
    assert_true(cJSON_GetObjectItem(o, "b")->valuedouble == -2.5);
    assert_true(cJSON_GetObjectItem(o, "c")->valuedouble == 1000);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "d")), "7");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "e")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "f")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "g")) && cJSON_IsNull(cJSON_GetObjectItem(o, "h")));
    static const char *const strings[] = {"i", "j", "k", "l", "m", "n", NULL};
    for (size_t i = 0; strings[i] != NULL; i++) {
        if (!cJSON_IsString(cJSON_GetObjectItem(o, strings[i]))) {
            fail_msg("%s is not a string", strings[i]);
        }
    }
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "o")));
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "p")), "");
    cJSON_Delete(o);
}

static void order_sequences_and_aliases(void **s)
{
    (void)s;
    cJSON *o = load("z: {x: [1, two, {y: 3}]}\na: &anchor {k: v}\nb: *anchor\n");
    char *json = cJSON_PrintUnformatted(o);
    assert_string_equal(json,
                        "{\"z\":{\"x\":[1,\"two\",{\"y\":3}]},\"a\":{\"k\":\"v\"},\"b\":{\"k\":\"v\"}}");
    free(json);
    cJSON_Delete(o);
}

static void bad_documents_are_refused(void **s)
{
    (void)s;
    char msg[200];
    static const char *const bad[] = {"a: [1, 2\n", "- a\n- b\n", "? [a, b]\n: c\n", "a: b: c\n", NULL};
    for (size_t i = 0; bad[i] != NULL; i++) {
        msg[0] = '\0';
        cJSON *o = spec_from_yaml(bad[i], strlen(bad[i]), msg, sizeof(msg));
        if (o != NULL) {
            fail_msg("accepted %s", bad[i]);
        }
        assert_true(msg[0] != '\0');
    }
    /* a recursive alias is refused by depth, not followed forever */
    cJSON *o = spec_from_yaml("a: &x [*x]\n", 11, msg, sizeof(msg));
    assert_null(o);
}

static void a_small_spec_renders(void **s)
{
    (void)s;
    cJSON *spec =
        load("openapi: 3.1.0\ninfo: {title: T, version: '1'}\nservers: [{url: 'http://h'}]\n"
             "tags: [{name: one, description: \"`x` & y\"}, {name: empty}]\n"
             "paths:\n  /a/{id}:\n    parameters: [{name: id, in: path, required: true, example: 5}]\n"
             "    get: {operationId: get_a, tags: [one], summary: S, security: [],\n"
             "      responses: {'200': {description: ok, content: {application/json: {schema: "
             "{$ref: '#/components/schemas/A'}, example: {n: 1}}}}}}\n"
             "    post: {operationId: post_a, summary: P, responses: {'204': {description: done}}}\n"
             "components: {schemas: {A: {type: object, required: [n], properties: {n: {type: "
             "[integer, 'null'], minimum: 1}}}}}\n");
    struct buf out = {0};
    docs_render(spec, &out);
    const char *h = out.data;
    assert_non_null(strstr(h, "<section class=\"tag\" id=\"tag-one\">\n<h2>one</h2>"));
    assert_non_null(strstr(h, "<p class=\"desc\"><code>x</code> &amp; y</p>"));
    assert_non_null(
        strstr(h, "<section class=\"tag\" id=\"tag-empty\">")); /* a declared tag, no operations */
    assert_non_null(strstr(h, "<section class=\"tag\" id=\"untagged\">\n<h2>Other operations</h2>"));
    assert_non_null(strstr(h, "id=\"op-get_a\""));
    assert_non_null(strstr(h, "<span class=\"pub\">public</span>"));
    assert_non_null(strstr(h, "curl -sS &#39;http://h/a/5&#39;</pre>")); /* public: no token */
    assert_non_null(strstr(h, "<a class=\"ref\" href=\"#schema-A\">A</a>"));
    assert_non_null(strstr(h, "<code>n</code> <span class=\"req\">required</span>"));
    assert_non_null(strstr(h, "<span class=\"t\">integer</span> <span class=\"bound\">1..</span> "
                              "<span class=\"null\">or null</span>"));
    assert_non_null(strstr(h, "<pre class=\"json\">{\n  &quot;n&quot;: 1\n}</pre>"));
    /* the untagged section comes after the declared ones */
    assert_true(strstr(h, "id=\"untagged\"") > strstr(h, "id=\"tag-empty\""));
    buf_free(&out);
    cJSON_Delete(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scalars_follow_the_core_schema),
        cmocka_unit_test(order_sequences_and_aliases),
        cmocka_unit_test(bad_documents_are_refused),
        cmocka_unit_test(a_small_spec_renders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
