/* libFuzzer: the strict JSON body parser and the member and branch input readers that
 * run on what it returns, and json_print (the replies' printer) against
 * cJSON_PrintUnformatted on every tree parsed: the same bytes. No crash, no leak, no
 * undefined behaviour. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/member_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static const char *const allowed[] = {"name", "id_number", "phone", "birth_date", "gender", "joined_on",
                                          "category", "health", "address", "residence_code", "notes", NULL};
    cJSON *o = NULL;
    char msg[160];
    struct verrs v = {0};
    if (json_parse_strict((const char *)data, n, JSON_MAX_DEPTH, &o, msg, sizeof(msg)) != YH_OK) {
        return 0;
    }
    char *want = cJSON_PrintUnformatted(o);
    struct buf got = {0};
    if (want != NULL && (!json_print(o, &got) || strcmp(got.data, want) != 0)) {
        abort();
    }
    free(want);
    buf_free(&got);
    json_check_fields(o, allowed, &v);
    struct member m;
    struct member_plain p;
    memset(&m, 0, sizeof(m));
    memset(&p, 0, sizeof(p));
    member_apply(o, "532801", "2026-11-21", &m, &p, &v);
    member_require(o, &m, &p, &v);
    char dt[20], day[11] = "", text[64] = "";
    int64_t id = 0;
    json_take_datetime(o, "starts_at", true, dt, &v);
    json_take_date(o, "founded_on", true, day, &v);
    json_take_id(o, "branch_id", true, &id, &v);
    json_take_text(o, "title", true, 20, text, sizeof(text), &v);
    cJSON_Delete(o);
    return 0;
}
