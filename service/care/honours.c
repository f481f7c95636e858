/* /v1/honours (两优一先 and other honours of members, branches and volunteer teams) and
 * /v1/honours/fifty-years (the 光荣在党50年 medal). */
#include <stdio.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/care.h"
#include "yinhui/care_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/reach.h"
#include "yinhui/standing.h"

#define FIFTY_MAX 200

static const char *const honour_kinds[] = {"excellent_member",
                                           "excellent_worker",
                                           "advanced_organisation",
                                           "most_beautiful_volunteer",
                                           "most_beautiful_team",
                                           "fifty_years",
                                           "other",
                                           NULL};
static const char *const honour_levels[] = {"county", "prefecture", "province", "national", NULL};

/* GET /v1/honours?year=&kind=. */
void honours_list(struct req *r)
{
    struct db_rows rows;
    const char *kind = NULL;
    int64_t year = 0;
    const char *ys = query_get(&r->q, "year");
    if ((ys && !year_or_reply(r, ys, &year)) || !query_enum_or_reply(r, "kind", honour_kinds, &kind)) {
        return;
    }
    enum yh_err err = honours_db_list(r->db, r->claims.office, ys ? year : 0, kind, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", view_rows(&rows, rows.nrows, &honours_view));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

/* The body of POST /v1/honours. */
static const struct field honour_fields[] = {
    FIELD_ENUM("kind", struct honour, kind, honour_kinds, FF_REQUIRED),
    FIELD_TEXT("title", struct honour, title, 100, FF_NULLABLE),
    FIELD_ENUM("level", struct honour, level, honour_levels, FF_REQUIRED),
    FIELD_INT("year", struct honour, year, 1949, 2100, FF_REQUIRED),
    FIELD_ID("member_id", struct honour, member_id, 0),
    FIELD_ID("branch_id", struct honour, branch_id, 0),
    FIELD_ID("team_id", struct honour, team_id, 0),
};

/* The one record an honour names must be the caller's office's: a member, a branch or a
 * volunteer team (another office's is none of these). */
static void honour_target_check(struct req *r, const struct honour *h, struct verrs *e)
{
    if (e->n == 0 && h->member_id) {
        struct member m;
        if (members_db_get(r->db, r->claims.office, h->member_id, &m) != YH_OK) {
            verr_add(e, "member_id", "no such member in this office");
        }
    }
    if (e->n == 0 && h->branch_id) {
        struct branch b;
        if (branches_db_get(r->db, r->claims.office, h->branch_id, &b) != YH_OK) {
            verr_add(e, "branch_id", "no such branch in this office");
        }
    }
    if (e->n == 0 && h->team_id) {
        bool exists = false;
        if (honours_db_team_exists(r->db, r->claims.office, h->team_id, &exists) != YH_OK || !exists) {
            verr_add(e, "team_id", "no such team in this office");
        }
    }
}

/* Reads and checks the body of POST /v1/honours into h. False when it has replied. */
static bool honour_read_or_reply(struct req *r, struct honour *h)
{
    struct verrs e = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, honour_fields, ARRAY_LEN(honour_fields), h, true, NULL, &e);
    if (e.n == 0 && (h->member_id != 0) + (h->branch_id != 0) + (h->team_id != 0) != 1) {
        verr_add(&e, "member_id", "name exactly one of member_id, branch_id, team_id");
    }
    if (e.n == 0 && strcmp(h->kind, "fifty_years") == 0) {
        verr_add(&e, "kind", "the fifty-years medal is awarded through /v1/honours/fifty-years");
    }
    honour_target_check(r, h, &e);
    return verrs_ok_or_reply(r, &e);
}

/* The honour just recorded, as POST /v1/honours replies it. */
static cJSON *honour_json(int64_t id, const struct honour *h)
{
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", id);
    cJSON_AddStringToObject(j, "kind", h->kind);
    json_add_opt(j, "title", h->title);
    cJSON_AddStringToObject(j, "level", h->level);
    cJSON_AddNumberToObject(j, "year", (double)h->year);
    json_add_id(j, "member_id", h->member_id);
    json_add_id(j, "branch_id", h->branch_id);
    json_add_id(j, "team_id", h->team_id);
    return j;
}

/* POST /v1/honours: any honour but the fifty-years medal (201 without Location, as
 * before: an honour has no GET of its own). */
void honours_create(struct req *r)
{
    struct honour h;
    int64_t id = 0;
    memset(&h, 0, sizeof(h));
    if (!honour_read_or_reply(r, &h)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = honours_db_insert(r->db, r->claims.office, &h, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "honour.create", "honour", id);
    }
    if (commit_or_reply(r, err, "honour")) {
        reply_json_take(r, 201, honour_json(id, &h));
    }
}

/* DELETE /v1/honours/{id}. */
void honours_delete(struct req *r)
{
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = honours_db_delete(r->db, r->claims.office, id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "honour.delete", "honour", id);
    }
    if (commit_or_reply(r, err, "honour")) {
        reply_empty(r, 204);
    }
}

/* The medal's dates for year: full members on or before cutoff (standing_medal_cutoff:
 * standing reaches 50 years by 1 July) and alive on alive_on (1 July of year). */
static void fifty_dates(int64_t year, char cutoff[11], char alive_on[11])
{
    standing_medal_cutoff((int)year, cutoff);
    snprintf(alive_on, 11, "%04u-07-01", (unsigned)year % 10000u);
}

/* GET /v1/honours/fifty-years?year=: members eligible for the 光荣在党50年 medal in year
 * (RULES.md: full member by (year − 50)-07-01, not marked ineligible, alive on 1 July),
 * with whether the medal was awarded; estimated 转正 dates are flagged as such. */
void honours_fifty(struct req *r)
{
    struct db_rows rows;
    int64_t year;
    int awarded = 0;
    char cutoff[11], alive_on[11];
    if (!year_or_reply(r, query_get(&r->q, "year"), &year)) {
        return;
    }
    fifty_dates(year, cutoff, alive_on);
    enum yh_err err = honours_db_fifty(r->db, r->claims.office, cutoff, alive_on, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    int estimated = 0;
    honours_fifty_count(&rows, 0, &awarded, &estimated, NULL);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", (double)year);
    cJSON_AddStringToObject(body, "full_member_on_or_before", cutoff);
    cJSON_AddStringToObject(body, "alive_on", alive_on);
    cJSON_AddNumberToObject(body, "eligible", (double)rows.nrows);
    cJSON_AddNumberToObject(body, "awarded", awarded);
    cJSON_AddNumberToObject(body, "estimated", estimated);
    cJSON *warnings = cJSON_AddArrayToObject(body, "warnings");
    if (estimated > 0) {
        char w[200];
        snprintf(w, sizeof(w),
                 "%d of these members have no recorded 转正 date: joined_on + 1 year is used; check their "
                 "files before awarding",
                 estimated);
        cJSON_AddItemToArray(warnings, cJSON_CreateString(w));
    }
    cJSON_AddItemToObject(body, "items", view_rows(&rows, rows.nrows, &fifty_view));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

/* The body of POST /v1/honours/fifty-years; member_ids is read by fifty_ids_take. */
struct fifty_award {
    int64_t year;
    char level[12];
};
static const struct field fifty_fields[] = {
    FIELD_INT("year", struct fifty_award, year, 1999, 2100, FF_REQUIRED),
    FIELD_OTHER("member_ids", 0),
    FIELD_ENUM("level", struct fifty_award, level, honour_levels, 0),
};

/* Reads member_ids (1 to 200 ids) into ids[0..*n). */
static void fifty_ids_take(const struct req *r, int64_t *ids, size_t *n, struct verrs *e)
{
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(r->json, "member_ids"), *it = NULL;
    if (!cJSON_IsArray(ms) || cJSON_GetArraySize(ms) == 0 || cJSON_GetArraySize(ms) > FIFTY_MAX) {
        verr_add(e, "member_ids", "must be an array of 1 to 200 member ids");
        return;
    }
    cJSON_ArrayForEach(it, ms)
    {
        if (!cJSON_IsString(it) || !id_parse(it->valuestring, &ids[*n])) {
            verr_add(e, "member_ids", "holds a value that is not an id");
            return;
        }
        (*n)++;
    }
}

/* Checks that every one of ids[0..n) has reached 50 years in the party by 1 July of
 * year. False when it has replied (422 naming the first who has not, or a store failure). */
static bool fifty_eligible_or_reply(struct req *r, int64_t year, const int64_t *ids, size_t n)
{
    struct db_rows rows;
    struct verrs e = {0};
    char cutoff[11], alive_on[11];
    fifty_dates(year, cutoff, alive_on);
    enum yh_err err = honours_db_fifty(r->db, r->claims.office, cutoff, alive_on, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    for (size_t i = 0; i < n && e.n == 0; i++) {
        bool eligible = false;
        int awarded = 0;
        honours_fifty_count(&rows, ids[i], &awarded, NULL, &eligible);
        if (!eligible) {
            char f[48];
            snprintf(f, sizeof(f), "member_ids[%zu]", i);
            verr_add(&e, f, "is not eligible: not a full member by 1 July fifty years before, marked ineligible, or not alive on 1 July");
        }
    }
    db_rows_free(&rows);
    return verrs_ok_or_reply(r, &e);
}

/* POST /v1/honours/fifty-years {year, member_ids, level}: awards the medal (once per
 * member; all or nothing). */
void honours_fifty_award(struct req *r)
{
    struct fifty_award a = {.level = "county"};
    struct verrs e = {0};
    int64_t ids[FIFTY_MAX];
    size_t n = 0;
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return;
    }
    body_read(r, fifty_fields, ARRAY_LEN(fifty_fields), &a, true, NULL, &e);
    fifty_ids_take(r, ids, &n, &e);
    if (!verrs_ok_or_reply(r, &e) || !fifty_eligible_or_reply(r, a.year, ids, n)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct honour h = {
            .kind = "fifty_years", .title = "光荣在党50年", .year = a.year, .member_id = ids[i]};
        int64_t id = 0;
        snprintf(h.level, sizeof(h.level), "%s", a.level);
        err = honours_db_insert(r->db, r->claims.office, &h, r->claims.sub, &id);
        if (err == YH_OK) {
            err = req_audit(r, "honour.fifty_years", "member", ids[i]);
        }
    }
    if (!commit_or_reply_conflict(r, err, NULL, "a member in the list already has the medal; nothing was recorded")) {
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "awarded", (double)n);
    reply_json_take(r, 201, body);
}
