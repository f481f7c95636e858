/* Validation, sealing, masking and JSON of member records (shared by the JSON
 * endpoints and the CSV import/export). */
#include "yinhui/member_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/gbt2260.h"
#include "yinhui/json_out.h"
#include "yinhui/pii.h"
#include "yinhui/standing.h"

static const char *const genders[] = {"male", "female", NULL};
static const char *const categories[] = {"lixiu", "retired", "in_service", NULL};
static const char *const healths[] = {"able", "frail", "homebound", "hospitalised", NULL};

const char *const member_csv_columns[] = {"name",
                                          "gender",
                                          "birth_date",
                                          "id_number",
                                          "phone",
                                          "address",
                                          "residence_code",
                                          "joined_on",
                                          "category",
                                          "work_unit",
                                          "health",
                                          "status",
                                          "status_on",
                                          "branch",
                                          "notes",
                                          "full_member_on",
                                          "full_member_estimated",
                                          "party_probation_until",
                                          "medal_ineligible_reason",
                                          "treatment_level",
                                          "former_position",
                                          "managed_with_unit",
                                          "managed_with_branch",
                                          NULL};

/* Chinese header names of the CSV columns: the first of a column is the export's, the
 * others are names Chinese spreadsheets use for it, which the import takes as well. */
static const struct {
    int column;
    const char *name;
} zh_headers[] = {
    {MC_NAME, "姓名"},
    {MC_GENDER, "性别"},
    {MC_BIRTH, "出生日期"},
    {MC_IDNO, "身份证号"},
    {MC_IDNO, "身份证号码"},
    {MC_IDNO, "公民身份号码"},
    {MC_PHONE, "联系电话"},
    {MC_PHONE, "电话"},
    {MC_PHONE, "手机号码"},
    {MC_ADDRESS, "住址"},
    {MC_ADDRESS, "家庭住址"},
    {MC_RESIDENCE, "居住地代码"},
    {MC_JOINED, "入党日期"},
    {MC_JOINED, "入党时间"},
    {MC_CATEGORY, "人员类别"},
    {MC_WORK_UNIT, "原工作单位"},
    {MC_HEALTH, "健康状况"},
    {MC_STATUS, "状态"},
    {MC_STATUS_ON, "状态日期"},
    {MC_BRANCH, "所在党组织"},
    {MC_BRANCH, "所在支部"},
    {MC_NOTES, "备注"},
    {MC_FULL_MEMBER, "转正日期"},
    {MC_FULL_ESTIMATED, "转正日期系推算"},
    {MC_PROBATION, "预备期至"},
    {MC_MEDAL_INELIGIBLE, "不颁发纪念章原因"},
    {MC_TREATMENT, "待遇级别"},
    {MC_FORMER_POSITION, "原职务"},
    {MC_MANAGED_UNIT, "混编单位"},
    {MC_MANAGED_BRANCH, "混编党支部"},
};

const char *member_csv_header(int c, bool zh, bool masked)
{
    if (c == MC_BIRTH && masked) {
        return zh ? "出生年份" : "birth_year";
    }
    for (size_t i = 0; zh && i < ARRAY_LEN(zh_headers); i++) {
        if (zh_headers[i].column == c) {
            return zh_headers[i].name;
        }
    }
    return member_csv_columns[c];
}

int member_csv_column(const char *header)
{
    for (int c = 0; c < MC_NCOLS; c++) {
        if (strcmp(header, member_csv_columns[c]) == 0) {
            return c;
        }
    }
    for (size_t i = 0; i < ARRAY_LEN(zh_headers); i++) {
        if (strcmp(header, zh_headers[i].name) == 0) {
            return zh_headers[i].column;
        }
    }
    return -1;
}

/* Whether obj has member name (null included). */
static bool present(const cJSON *obj, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(obj, name) != NULL;
}

/* Years completed between date a and b (both YYYY-MM-DD). */
static int years_between(const char *a, const char *b)
{
    int y = atoi(b) - atoi(a);
    if (strcmp(b + 5, a + 5) < 0) {
        y--;
    }
    return y;
}

/* Reads id_number into p and makes birth date and gender follow it: given values must
 * agree, and without a number they may not change. */
static void apply_id_number(const cJSON *obj, struct member *m, struct member_plain *p, struct verrs *v)
{
    char birth[11];
    bool female = false;
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, "id_number");
    if (it == NULL) {
        if (present(obj, "birth_date") || present(obj, "gender")) {
            verr_add(v, present(obj, "birth_date") ? "birth_date" : "gender",
                     "follows the ID number: change id_number instead");
        }
        return;
    }
    if (!cJSON_IsString(it)) {
        verr_add(v, "id_number", "must be a string");
        return;
    }
    enum idno_err e = idno_check(it->valuestring, p->id_number, birth, &female);
    if (e != IDNO_OK) {
        verr_add(v, "id_number", idno_message(e));
        return;
    }
    p->id_set = true;
    if (present(obj, "birth_date") && strcmp(m->birth_date, birth) != 0) {
        verr_add(v, "birth_date", "does not match the birth date in id_number");
    }
    if (present(obj, "gender") && strcmp(m->gender, female ? "female" : "male") != 0) {
        verr_add(v, "gender", "does not match the gender in id_number");
    }
    snprintf(m->birth_date, sizeof(m->birth_date), "%s", birth);
    snprintf(m->gender, sizeof(m->gender), "%s", female ? "female" : "male");
}

/* Reads phone, address and residence code (relocated follows the residence). */
static void apply_contact(const cJSON *obj, const char *office, struct member *m, struct member_plain *p,
                          struct verrs *v)
{
    if (present(obj, "phone")) {
        p->phone_set = true;
        if (json_take_text(obj, "phone", true, 20, p->phone, sizeof(p->phone), v) && p->phone[0] &&
            !phone_valid(p->phone)) {
            verr_add(v, "phone",
                     "must be a mobile number (11 digits from 13) or a landline like 0691-2123456");
        }
    }
    if (present(obj, "address")) {
        p->address_set = true;
        json_take_text(obj, "address", true, 200, p->address, sizeof(p->address), v);
    }
    if (present(obj, "residence_code")) {
        if (json_take_text(obj, "residence_code", true, 6, m->residence_code, sizeof(m->residence_code), v) &&
            m->residence_code[0] && gbt2260_level(m->residence_code) == LEVEL_INVALID) {
            verr_add(v, "residence_code", "must be a six-digit GB/T 2260 division code");
        }
    }
    m->relocated = m->residence_code[0] != '\0' && !gbt2260_covers(office, m->residence_code);
}

/* Reads 转正, 留党察看 and the medal mark. A record without a 转正 date (none given, or
 * cleared with null) gets the estimate from joined_on, flagged, and keeps following
 * joined_on while it is an estimate (RULES.md, Party standing); a date given is a record. */
static void apply_standing(const cJSON *obj, const char *today, struct member *m, struct verrs *v)
{
    int refused = v->n;
    const cJSON *full = cJSON_GetObjectItemCaseSensitive(obj, "full_member_on");
    if (full != NULL && !cJSON_IsNull(full)) {
        if (json_take_date(obj, "full_member_on", true, m->full_member_on, v)) {
            m->full_member_estimated = false;
        }
    } else if (full != NULL || !m->full_member_on[0] || m->full_member_estimated) {
        standing_full_member_estimate(m->joined_on, m->full_member_on);
        m->full_member_estimated = m->full_member_on[0] != '\0';
    }
    json_take_date(obj, "party_probation_until", true, m->party_probation_until, v);
    json_take_text(obj, "medal_ineligible_reason", true, 200, m->medal_ineligible_reason,
                   sizeof(m->medal_ineligible_reason), v);
    if (v->n > refused) {
        return; /* the checks below read the fields just refused */
    }
    const char *why = m->full_member_estimated ? NULL
                                               : standing_full_member_refusal(m->joined_on, m->full_member_on,
                                                                              m->birth_date, today);
    if (why != NULL) {
        verr_add(v, "full_member_on", why);
    }
    why = standing_probation_refusal(m->joined_on, m->party_probation_until, today);
    if (why != NULL) {
        verr_add(v, "party_probation_until", why);
    }
}

/* h2 (issue 15): consent to the host office (its day follows each change) and 混编's
 * unit and branch names (the rule that needs the branch is the caller's:
 * relocation_managed_with_refusal). */
static void member_apply_relocation(const cJSON *obj, const char *today, struct member *m, struct verrs *v)
{
    bool was = m->nearby_consent, given = false;
    if (json_get_bool(obj, "nearby_consent", false, &m->nearby_consent, &given, v) && given &&
        (was != m->nearby_consent || !m->nearby_consent_on[0])) {
        snprintf(m->nearby_consent_on, sizeof(m->nearby_consent_on), "%s", today);
    }
    json_take_text(obj, "managed_with_unit", true, 100, m->managed_with_unit, sizeof(m->managed_with_unit),
                   v);
    json_take_text(obj, "managed_with_branch", true, 100, m->managed_with_branch,
                   sizeof(m->managed_with_branch), v);
}

void member_apply(const cJSON *obj, const char *office, const char *today, struct member *m,
                  struct member_plain *p, struct verrs *v)
{
    json_take_text(obj, "name", false, 50, m->name, sizeof(m->name), v);
    json_take_enum(obj, "gender", false, genders, m->gender, sizeof(m->gender), v);
    json_take_date(obj, "birth_date", false, m->birth_date, v);
    json_take_date(obj, "joined_on", true, m->joined_on, v);
    json_take_enum(obj, "category", false, categories, m->category, sizeof(m->category), v);
    json_take_text(obj, "work_unit", true, 100, m->work_unit, sizeof(m->work_unit), v);
    json_take_text(obj, "notes", true, 500, m->notes, sizeof(m->notes), v);
    json_get_bool(obj, "hardship", false, &m->hardship, NULL, v);
    json_get_bool(obj, "lunar_birthday", false, &m->lunar_birthday, NULL, v);
    json_take_enum(obj, "health", false, healths, p->health, sizeof(p->health), v);
    /* the code is checked against the office's list by the caller (members_treatment_check) */
    json_take_text(obj, "treatment_level", true, 24, m->treatment_level, sizeof(m->treatment_level), v);
    json_take_text(obj, "former_position", true, 100, m->former_position, sizeof(m->former_position), v);
    p->health_set = present(obj, "health") && p->health[0];
    if (p->health_set && strcmp(p->health, "hospitalised") == 0) {
        /* health follows the hospital stays (README, Hospital stays) */
        verr_add(v, "health",
                 "hospitalised follows a hospital stay: record the admission (POST "
                 "/v1/members/{id}/hospital-stays)");
    }
    apply_id_number(obj, m, p, v);
    apply_contact(obj, office, m, p, v);
    if (m->birth_date[0] && strcmp(m->birth_date, today) > 0) {
        verr_add(v, "birth_date", "is in the future");
    }
    if (m->joined_on[0]) {
        if (strcmp(m->joined_on, today) > 0) {
            verr_add(v, "joined_on", "is in the future");
        } else if (m->birth_date[0] && years_between(m->birth_date, m->joined_on) < 18) {
            verr_add(v, "joined_on", "must be on or after the member's 18th birthday");
        }
    }
    apply_standing(obj, today, m, v);
    member_apply_relocation(obj, today, m, v);
}

void member_require(const cJSON *obj, const struct member *m, const struct member_plain *p, struct verrs *v)
{
    /* a field that was given and refused has its error already */
    if (!m->name[0] && !present(obj, "name")) {
        verr_add(v, "name", "is required");
    }
    if (!p->id_set && !present(obj, "id_number")) {
        verr_add(v, "id_number", "is required");
    }
    if (!m->category[0] && !present(obj, "category")) {
        verr_add(v, "category", "is required");
    }
}

int member_seal(const struct config *cfg, struct member *m, const struct member_plain *p)
{
    if (p->id_set) {
        pii_idno_hmac(cfg, p->id_number, m->id_hmac);
        if (pii_seal_into(cfg, p->id_number, m->id_enc, sizeof(m->id_enc), &m->id_enc_len) != 0) {
            return -1;
        }
    }
    if (p->phone_set &&
        pii_seal_into(cfg, p->phone, m->phone_enc, sizeof(m->phone_enc), &m->phone_enc_len) != 0) {
        return -1;
    }
    if (p->address_set &&
        pii_seal_into(cfg, p->address, m->address_enc, sizeof(m->address_enc), &m->address_enc_len) != 0) {
        return -1;
    }
    if (p->health_set || m->health_enc_len == 0) {
        const char *h = p->health[0] ? p->health : "able";
        pii_blind_idx(cfg, "health", m->office, h, m->health_idx);
        if (pii_seal_into(cfg, h, m->health_enc, sizeof(m->health_enc), &m->health_enc_len) != 0) {
            return -1;
        }
    }
    return 0;
}

int member_open(const struct config *cfg, const struct member *m, struct member_plain *p)
{
    memset(p, 0, sizeof(*p));
    if (pii_open_into(cfg, m->id_enc, m->id_enc_len, p->id_number, sizeof(p->id_number)) != 0 ||
        pii_open_into(cfg, m->phone_enc, m->phone_enc_len, p->phone, sizeof(p->phone)) != 0 ||
        pii_open_into(cfg, m->address_enc, m->address_enc_len, p->address, sizeof(p->address)) != 0 ||
        pii_open_into(cfg, m->health_enc, m->health_enc_len, p->health, sizeof(p->health)) != 0) {
        return -1;
    }
    return 0;
}

/* The personal fields: birth, ID number, phone and address, full or masked. Masked,
 * the birth year only: the birth date beside the division code rebuilds the number, and
 * an age read day after day tells the birthday when it moves. */
static void add_personal(cJSON *j, const struct member *m, const struct member_plain *p, bool full,
                         const char *today)
{
    char masked[900];
    cJSON_AddNumberToObject(j, "birth_year", atoi(m->birth_date));
    if (full) {
        cJSON_AddStringToObject(j, "birth_date", m->birth_date);
        cJSON_AddNumberToObject(j, "age", years_between(m->birth_date, today));
        cJSON_AddStringToObject(j, "id_number", p->id_number);
        json_add_opt(j, "phone", p->phone);
        json_add_opt(j, "address", p->address);
        return;
    }
    mask_idno(p->id_number, masked);
    cJSON_AddStringToObject(j, "id_number", masked);
    if (p->phone[0]) {
        mask_phone(p->phone, masked, sizeof(masked));
        cJSON_AddStringToObject(j, "phone", masked);
    } else {
        cJSON_AddNullToObject(j, "phone");
    }
    if (p->address[0]) {
        mask_address(p->address, masked, sizeof(masked));
        cJSON_AddStringToObject(j, "address", masked);
    } else {
        cJSON_AddNullToObject(j, "address");
    }
}

void member_json_add_branch(cJSON *j, const char *name, const struct member *m)
{
    if (m->branch_id) {
        cJSON *b = cJSON_AddObjectToObject(j, name);
        json_add_id(b, "id", m->branch_id);
        cJSON_AddStringToObject(b, "name", m->branch_name);
    } else {
        cJSON_AddNullToObject(j, name);
    }
}

/* Party standing as of today (a deceased member's as of the day of death), from the one
 * rule (standing.h). may_vote also needs the member active. */
static void add_standing(cJSON *j, const struct member *m, const char *today)
{
    bool deceased = strcmp(m->status, "deceased") == 0 && m->status_on[0];
    const char *as_of = deceased ? m->status_on : today;
    int years = standing_years(m->full_member_on, as_of);
    if (years >= 0) {
        cJSON_AddNumberToObject(j, "party_standing_years", years);
    } else {
        cJSON_AddNullToObject(j, "party_standing_years");
    }
    cJSON_AddBoolToObject(j, "probationary", standing_probationary(m->joined_on, m->full_member_on, as_of));
    cJSON_AddBoolToObject(j, "under_probation", standing_under_probation(m->party_probation_until, as_of));
    cJSON_AddBoolToObject(
        j, "may_vote",
        strcmp(m->status, "active") == 0 &&
            standing_may_vote(m->joined_on, m->full_member_on, m->party_probation_until, as_of));
}

cJSON *member_json(const struct config *cfg, const struct member *m, bool full, const char *today)
{
    struct member_plain p;
    if (member_open(cfg, m, &p) != 0) {
        return NULL;
    }
    cJSON *j = cJSON_CreateObject();
    member_add_plain_json(j, m);
    add_standing(j, m, today);
    add_personal(j, m, &p, full, today);
    cJSON_AddStringToObject(j, "health", p.health);
    member_json_add_branch(j, "primary_branch", m);
    cJSON_AddStringToObject(j, "pii", full ? "full" : "masked");
    return j;
}
