/* The office-wide lists no other test reads: integration clients, volunteer teams, webhook
 * endpoints, the study credit rule and the visit reasons. Each is read once to fill the
 * cache, written, and read again (the write must reach the cached read), and another
 * office's token sees none of it. */
#include "support.h"

#include <stdio.h>
#include <string.h>

static char tok_a[2048]; /* 532822 admin */
static char tok_b[2048]; /* 440104 admin: another office */

static int setup(void **s)
{
    (void)s;
    /* webhooks on loopback are allowed so that no address beyond it is ever registered */
    static const char *const env[] = {"YH_WEBHOOK_ALLOW_PRIVATE=1", NULL};
    api_start(env, "build/test-logs/lists-server.log");
    login("532822", "admin", "demo-532822-pass", tok_a, sizeof(tok_a), NULL, 0);
    login("440104", "admin", "demo-440104-pass", tok_b, sizeof(tok_b), NULL, 0);
    return 0;
}

/* GET path as token: 200, and whether needle is in the body. */
static bool listed(const char *path, const char *token, const char *needle)
{
    struct http_res r;
    assert_int_equal(jreq("GET", path, token, NULL, &r), 200);
    bool found = strstr(r.body, needle) != NULL;
    http_free(&r);
    return found;
}

/* GET path as token: 200, and whether id is in the body as an id (has_id). */
static bool listed_id(const char *path, const char *token, const char *id)
{
    struct http_res r;
    assert_int_equal(jreq("GET", path, token, NULL, &r), 200);
    bool found = has_id(r.body, id);
    http_free(&r);
    return found;
}

static void clients_list_shows_the_office_s_own_without_secrets(void **s)
{
    (void)s;
    char tok[2048], cid[128];
    assert_false(listed("/v1/clients", tok_a, "\"name\":\"县档案馆\""));
    client_token(tok_a, "县档案馆", "offices:read", tok, sizeof(tok), cid, sizeof(cid));
    assert_true(listed("/v1/clients", tok_a, cid));
    assert_true(listed("/v1/clients", tok_a, "\"name\":\"县档案馆\""));
    assert_false(listed("/v1/clients", tok_a, "client_secret"));
    assert_false(listed("/v1/clients", tok_b, cid));
    expect(400, "GET", "/v1/clients?limit=0", tok_a, NULL);
    expect(403, "GET", "/v1/clients", tok, NULL); /* a client's token lacks clients:read */
}

static void volunteer_teams_list_shows_the_office_s_own(void **s)
{
    (void)s;
    char id[24];
    assert_false(listed("/v1/volunteer-teams", tok_a, "银龄书画队"));
    team_create(tok_a, "银龄书画队", "culture", id, sizeof(id));
    assert_true(listed("/v1/volunteer-teams", tok_a, "银龄书画队"));
    assert_true(listed_id("/v1/volunteer-teams", tok_a, id));
    assert_false(listed("/v1/volunteer-teams", tok_b, "银龄书画队"));
    assert_false(listed_id("/v1/volunteer-teams", tok_b, id));
}

static void webhooks_list_shows_the_office_s_own_without_secrets(void **s)
{
    (void)s;
    struct http_res r;
    const char *url = "http://127.0.0.1:9/lists-test";
    assert_false(listed("/v1/webhooks", tok_a, url));
    /* an event type nothing in this file publishes, so nothing is ever delivered */
    char body[256];
    snprintf(body, sizeof(body), "{\"url\":\"%s\",\"events\":[\"talent_request.assigned\"]}", url);
    assert_int_equal(jreq("POST", "/v1/webhooks", tok_a, body, &r), 201);
    assert_non_null(strstr(r.body, "\"secret\""));
    http_free(&r);
    assert_true(listed("/v1/webhooks", tok_a, url));
    assert_false(listed("/v1/webhooks", tok_a, "\"secret\""));
    assert_false(listed("/v1/webhooks", tok_b, url));
}

static void study_rule_is_the_office_s_own(void **s)
{
    (void)s;
    const char *rule = "{\"book\":3,\"reflection\":2,\"deed\":1,\"session\":1}";
    assert_true(listed("/v1/study/rules", tok_a, "\"book\":1"));
    expect(200, "PUT", "/v1/study/rules", tok_a, rule);
    assert_true(listed("/v1/study/rules", tok_a, "\"book\":3"));
    assert_true(listed("/v1/study/rules", tok_b, "\"book\":1")); /* the other office keeps the default */
    expect(200, "PUT", "/v1/study/rules", tok_a, "{\"book\":1,\"reflection\":2,\"deed\":1,\"session\":1}");
    assert_true(listed("/v1/study/rules", tok_a, "\"book\":1"));
}

static void visit_reasons_are_seeded_for_each_office(void **s)
{
    (void)s;
    static const char *const codes[] = {"holiday",      "hospitalisation", "birthday", "round_birthday",
                                        "hardship",     "worry",           "dispute",  "accident",
                                        "home_service", "bereavement"};
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        char needle[64];
        snprintf(needle, sizeof(needle), "\"code\":\"%s\"", codes[i]);
        assert_true(listed("/v1/visit-reasons", tok_a, needle));
        assert_true(listed("/v1/visit-reasons", tok_b, needle));
    }
    expect(401, "GET", "/v1/visit-reasons", NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clients_list_shows_the_office_s_own_without_secrets),
        cmocka_unit_test(volunteer_teams_list_shows_the_office_s_own),
        cmocka_unit_test(webhooks_list_shows_the_office_s_own_without_secrets),
        cmocka_unit_test(study_rule_is_the_office_s_own),
        cmocka_unit_test(visit_reasons_are_seeded_for_each_office),
    };
    return cmocka_run_group_tests(tests, setup, api_stop);
}
