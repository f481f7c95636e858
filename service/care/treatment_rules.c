/* The rules of political treatment (政治待遇) as plain functions: the office's treatment
 * levels, the invitation rule that events and documents share (one implementation), and
 * the half-year rule of 形势通报会 (seed 001: 每半年专门召开一次老干部形势通报会).
 * tests/unit/test_treatment.c pins them. */
#include "yinhui/treatment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/json_in.h"

const char *const audience_categories[] = {"lixiu", "retired", "in_service", NULL};
const char *const audience_healths[] = {"able", "frail", "homebound", "hospitalised", NULL};
const char *const briefing_kinds[] = {"situation_briefing", "forum", "document_reading",
                                      "observer",           "other", NULL};

const struct treatment_level *treatment_level_find(const struct treatment_level *levels, size_t n,
                                                   const char *code)
{
    for (size_t i = 0; code != NULL && i < n; i++) {
        if (strcmp(levels[i].code, code) == 0) {
            return &levels[i];
        }
    }
    return NULL;
}

bool treatment_level_usable(const struct treatment_level *levels, size_t n, const char *code)
{
    const struct treatment_level *l = treatment_level_find(levels, n, code);
    return l != NULL && !l->retired;
}

bool treatment_code_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 24) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) {
            return false;
        }
    }
    return true;
}

/* Index of s in list (NULL-terminated), or -1. */
static int index_of(const char *const *list, const char *s)
{
    for (int i = 0; s != NULL && list[i] != NULL; i++) {
        if (strcmp(list[i], s) == 0) {
            return i;
        }
    }
    return -1;
}

/* Reads the array obj.name of values of list into *bits ("audience.<name>" errors). */
static void read_bits(const cJSON *obj, const char *name, const char *const *list, unsigned *bits,
                      struct verrs *v)
{
    char field[64];
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, name), *it;
    snprintf(field, sizeof(field), "audience.%s", name);
    *bits = 0;
    if (arr == NULL || cJSON_IsNull(arr)) {
        return;
    }
    if (!cJSON_IsArray(arr)) {
        verr_add(v, field, "must be an array");
        return;
    }
    cJSON_ArrayForEach(it, arr)
    {
        int i = cJSON_IsString(it) ? index_of(list, it->valuestring) : -1;
        if (i < 0) {
            verr_add(v, field,
                     name[0] == 'c' ? "each must be one of lixiu, retired, in_service"
                                    : "each must be one of able, frail, homebound, hospitalised");
            return;
        }
        *bits |= 1u << i;
    }
}

/* Reads obj.treatment_levels (codes usable in levels[0..n)) into a. */
static void read_levels(const cJSON *obj, const struct treatment_level *levels, size_t n, struct audience *a,
                        struct verrs *v)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, "treatment_levels"), *it;
    a->nlevels = 0;
    if (arr == NULL || cJSON_IsNull(arr)) {
        return;
    }
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > AUDIENCE_LEVELS_MAX) {
        verr_add(v, "audience.treatment_levels", "must be an array of at most 10 level codes");
        return;
    }
    cJSON_ArrayForEach(it, arr)
    {
        if (!cJSON_IsString(it) || !treatment_level_usable(levels, n, it->valuestring)) {
            verr_add(v, "audience.treatment_levels", "each must be one of the office's treatment levels");
            return;
        }
        snprintf(a->levels[a->nlevels++], sizeof(a->levels[0]), "%s", it->valuestring);
    }
}

void audience_read(const cJSON *obj, const struct treatment_level *levels, size_t n, struct audience *a,
                   struct verrs *v)
{
    static const char *const known[] = {"categories", "treatment_levels", "and_above", "healths", NULL};
    const cJSON *it;
    memset(a, 0, sizeof(*a));
    if (obj == NULL || cJSON_IsNull(obj)) {
        return;
    }
    if (!cJSON_IsObject(obj)) {
        verr_add(v, "audience", "must be an object {categories, treatment_levels, and_above, healths}");
        return;
    }
    cJSON_ArrayForEach(it, obj)
    {
        if (index_of(known, it->string) < 0) {
            verr_add(v, "audience",
                     "has an unknown member (categories, treatment_levels, and_above, healths)");
            return;
        }
    }
    read_bits(obj, "categories", audience_categories, &a->categories, v);
    read_bits(obj, "healths", audience_healths, &a->healths, v);
    read_levels(obj, levels, n, a, v);
    const cJSON *above = cJSON_GetObjectItemCaseSensitive(obj, "and_above");
    if (above != NULL && !cJSON_IsBool(above)) {
        verr_add(v, "audience.and_above", "must be true or false");
    }
    a->and_above = cJSON_IsTrue(above);
    if (a->and_above && a->nlevels == 0) {
        verr_add(v, "audience.and_above", "needs treatment_levels");
    }
}

/* The values of list whose bits are set, as an array. */
static cJSON *bits_json(unsigned bits, const char *const *list)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; list[i] != NULL; i++) {
        if (bits & (1u << i)) {
            cJSON_AddItemToArray(arr, cJSON_CreateString(list[i]));
        }
    }
    return arr;
}

cJSON *audience_json(const struct audience *a)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddItemToObject(j, "categories", bits_json(a->categories, audience_categories));
    cJSON *lv = cJSON_AddArrayToObject(j, "treatment_levels");
    for (size_t i = 0; i < a->nlevels; i++) {
        cJSON_AddItemToArray(lv, cJSON_CreateString(a->levels[i]));
    }
    cJSON_AddBoolToObject(j, "and_above", a->and_above);
    cJSON_AddItemToObject(j, "healths", bits_json(a->healths, audience_healths));
    return j;
}

bool audience_parse(const char *text, struct audience *a)
{
    struct verrs v = {0};
    cJSON *j = text != NULL ? cJSON_Parse(text) : NULL;
    const cJSON *lv = cJSON_GetObjectItemCaseSensitive(j, "treatment_levels"), *it;
    memset(a, 0, sizeof(*a));
    read_bits(j, "categories", audience_categories, &a->categories, &v);
    read_bits(j, "healths", audience_healths, &a->healths, &v);
    /* the stored codes were checked when written: a level retired since still counts */
    cJSON_ArrayForEach(it, lv)
    {
        if (cJSON_IsString(it) && a->nlevels < AUDIENCE_LEVELS_MAX) {
            snprintf(a->levels[a->nlevels++], sizeof(a->levels[0]), "%s", it->valuestring);
        }
    }
    a->and_above = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "and_above"));
    bool ok = cJSON_IsObject(j) && v.n == 0;
    cJSON_Delete(j);
    return ok;
}

/* Whether member level code is among a's levels (and_above: ranks at least as high as
 * the lowest of them). */
static bool level_matches(const struct audience *a, const struct treatment_level *levels, size_t n,
                          const char *code)
{
    int64_t lowest = 0;
    if (code == NULL || code[0] == '\0') {
        return false;
    }
    for (size_t i = 0; i < a->nlevels; i++) {
        if (strcmp(a->levels[i], code) == 0) {
            return true;
        }
        const struct treatment_level *l = treatment_level_find(levels, n, a->levels[i]);
        if (l != NULL && l->rank > lowest) {
            lowest = l->rank;
        }
    }
    const struct treatment_level *mine = treatment_level_find(levels, n, code);
    return a->and_above && mine != NULL && mine->rank <= lowest;
}

bool audience_matches(const struct audience *a, const struct treatment_level *levels, size_t n,
                      const unsigned char health_idx[AUDIENCE_HEALTHS][8], const struct audience_member *m)
{
    if (a->categories != 0) {
        int c = index_of(audience_categories, m->category);
        if (c < 0 || !(a->categories & (1u << c))) {
            return false;
        }
    }
    if (a->nlevels > 0 && !level_matches(a, levels, n, m->treatment_level)) {
        return false;
    }
    if (a->healths == 0) {
        return true;
    }
    for (int i = 0; i < AUDIENCE_HEALTHS; i++) {
        if ((a->healths & (1u << i)) && m->health_idx != NULL &&
            memcmp(m->health_idx, health_idx[i], 8) == 0) {
            return true;
        }
    }
    return false;
}

const char *const document_levels[] = {"central", "province", "prefecture", "county", NULL};

const char *document_read_refusal(const char *issued_on, const char *on, const char *today)
{
    if (strcmp(on, today) > 0) {
        return "is in the future";
    }
    if (strcmp(on, issued_on) < 0) {
        return "is before the document was issued";
    }
    return NULL;
}

int briefing_half(const char *held_at)
{
    return atoi(held_at + 5) <= 6 ? 1 : 2;
}

void briefing_halves(const char *const *held_at, size_t n, int year, bool held[2])
{
    held[0] = held[1] = false;
    for (size_t i = 0; i < n; i++) {
        if (strlen(held_at[i]) >= 10 && atoi(held_at[i]) == year) {
            held[briefing_half(held_at[i]) - 1] = true;
        }
    }
}
