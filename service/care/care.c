/* Care (/v1/visits, /v1/visit-reasons, /v1/care/holidays, /v1/care/due) and honours
 * (/v1/honours, 光荣在党50年). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/branches_db.h"
#include "yinhui/cache.h"
#include "yinhui/care_db.h"
#include "yinhui/care_due.h"
#include "yinhui/care.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/volunteers_db.h"

#define VISIT_MEMBERS_MAX 50

void visit_reasons_list(struct req *r)
{
    static const struct jcol cols[] = {{"code", JC_STR}, {"name", JC_STR}, {"retired", JC_BOOL}};
    struct db_rows rows;
    enum yh_err err = reasons_db_ensure(r->db, r->claims.office);
    if (err == YH_OK) {
        err = reasons_db_list(r->db, r->claims.office, &rows);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

/* The visit as JSON for a caller who may see one of the members visited. The sealed
 * notes are opened only when reveal (?reveal=true, which needs pii:read), and that read
 * is audited; otherwise notes is null and notes_sealed tells whether there are any. */
static enum yh_err visit_json(struct req *r, int64_t id, bool reveal, cJSON **out)
{
    static const struct jcol mcols[] = {{"member_id", JC_ID}, {"name", JC_STR}, {"branch_id", JC_ID}};
    struct db_rows v, m;
    enum yh_err err = visits_db_get(r->db, r->claims.office, id, &v);
    if (err != YH_OK) {
        return err;
    }
    err = visits_db_members(r->db, id, &m);
    if (err != YH_OK) {
        db_rows_free(&v);
        return err;
    }
    bool visible = req_whole_office(r);
    for (size_t i = 0; i < m.nrows && !visible; i++) {
        visible = req_is_secretary(r) && db_i64(&m, i, 2) == r->claims.branch_id;
    }
    if (!visible) {
        db_rows_free(&v);
        db_rows_free(&m);
        return YH_ERR_NOT_FOUND;
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", db_i64(&v, 0, 0));
    cJSON_AddStringToObject(j, "reason", db_str(&v, 0, 1));
    cJSON_AddStringToObject(j, "visited_on", db_str(&v, 0, 2));
    cJSON_AddStringToObject(j, "visitors", db_str(&v, 0, 3));
    cJSON_AddNumberToObject(j, "gift_fen", (double)db_i64(&v, 0, 4));
    struct buf notes = {0};
    bool sealed = db_str(&v, 0, 5) && db_len(&v, 0, 5) > 0;
    if (sealed && reveal) {
        err = req_audit(r, "visit.read_notes", "visit", id);
        if (err == YH_OK && pii_open(&r->app->cfg, db_str(&v, 0, 5), db_len(&v, 0, 5), &notes) != 0) {
            err = YH_ERR_INTERNAL;
        }
        if (err != YH_OK) {
            buf_free(&notes);
            cJSON_Delete(j);
            db_rows_free(&v);
            db_rows_free(&m);
            return err;
        }
        cJSON_AddStringToObject(j, "notes", notes.data);
    } else {
        cJSON_AddNullToObject(j, "notes");
    }
    cJSON_AddBoolToObject(j, "notes_sealed", sealed && !reveal);
    buf_free(&notes);
    cJSON_AddBoolToObject(j, "follow_up", db_i64(&v, 0, 6) != 0);
    cJSON_AddStringToObject(j, "created_by", db_str(&v, 0, 7));
    cJSON_AddStringToObject(j, "created_at", db_str(&v, 0, 8));
    cJSON_AddItemToObject(j, "members", json_rows(&m, m.nrows, mcols));
    db_rows_free(&v);
    db_rows_free(&m);
    *out = j;
    return YH_OK;
}

static const char *const visit_fields[] = {"member_ids", "reason", "visited_on", "visitors",
                                           "gift_fen",   "notes",  "follow_up",  NULL};

void visits_create(struct req *r)
{
    struct visit v;
    struct verrs e = {0};
    struct db_rows reasons;
    int64_t members[VISIT_MEMBERS_MAX], id = 0;
    size_t n = 0;
    char today[11], notes[4001] = "";
    if (!req_fields_or_reply(r, visit_fields)) {
        return;
    }
    memset(&v, 0, sizeof(v));
    today_cn(today);
    json_take_text(r->json, "reason", false, 24, v.reason, sizeof(v.reason), &e);
    json_take_date(r->json, "visited_on", false, v.visited_on, &e);
    json_take_text(r->json, "visitors", false, 200, v.visitors, sizeof(v.visitors), &e);
    json_get_int(r->json, "gift_fen", false, 0, 100000000, &v.gift_fen, NULL, &e);
    json_get_bool(r->json, "follow_up", false, &v.follow_up, NULL, &e);
    const cJSON *nt = cJSON_GetObjectItemCaseSensitive(r->json, "notes");
    if (nt != NULL && !cJSON_IsNull(nt)) {
        if (!cJSON_IsString(nt) || utf8_len(nt->valuestring) > 1000 ||
            strlen(nt->valuestring) >= sizeof(notes)) {
            verr_add(&e, "notes", "must be text of at most 1000 characters");
        } else {
            snprintf(notes, sizeof(notes), "%s", nt->valuestring);
        }
    }
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(r->json, "member_ids"), *it = NULL;
    if (!cJSON_IsArray(ms) || cJSON_GetArraySize(ms) == 0 || cJSON_GetArraySize(ms) > VISIT_MEMBERS_MAX) {
        verr_add(&e, "member_ids", "must be an array of 1 to 50 member ids");
    } else {
        cJSON_ArrayForEach(it, ms)
        {
            int64_t mid = 0;
            struct member m;
            bool in = true;
            if (!cJSON_IsString(it) || !id_parse(it->valuestring, &mid)) {
                verr_add(&e, "member_ids", "holds a value that is not an id");
                break;
            }
            enum yh_err err = members_db_get(r->db, r->claims.office, mid, &m);
            if (err == YH_OK && req_is_secretary(r)) {
                err = members_db_in_branch(r->db, r->claims.office, mid, r->claims.branch_id, &in);
            }
            if (err == YH_ERR_NOT_FOUND || (err == YH_OK && !in)) {
                verr_add(&e, "member_ids", "holds an id that is no member of this office");
                break;
            }
            if (err != YH_OK) {
                reply_problem(r, err, NULL, NULL);
                return;
            }
            members[n++] = mid;
        }
    }
    if (e.n == 0 && (!v.reason[0] || !v.visited_on[0] || !v.visitors[0])) {
        verr_add(&e, !v.reason[0] ? "reason" : !v.visited_on[0] ? "visited_on" : "visitors", "is required");
    }
    if (e.n == 0 && strcmp(v.visited_on, today) > 0) {
        verr_add(&e, "visited_on", "is in the future");
    }
    enum yh_err err = reasons_db_ensure(r->db, r->claims.office);
    if (err == YH_OK && e.n == 0) {
        bool known = false;
        err = reasons_db_list(r->db, r->claims.office, &reasons);
        for (size_t i = 0; err == YH_OK && i < reasons.nrows; i++) {
            known = known || (strcmp(db_str(&reasons, i, 0), v.reason) == 0 && db_i64(&reasons, i, 2) == 0);
        }
        if (err == YH_OK) {
            db_rows_free(&reasons);
        }
        if (!known) {
            verr_add(&e, "reason", "is no visit reason of this office (see /v1/visit-reasons)");
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    if (notes[0]) {
        struct buf b = {0};
        if (pii_seal(&r->app->cfg, notes, &b) != 0 || b.len > sizeof(v.notes_enc)) {
            buf_free(&b);
            reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
            return;
        }
        memcpy(v.notes_enc, b.data, b.len);
        v.notes_enc_len = b.len;
        buf_free(&b);
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = visits_db_insert(r->db, r->claims.office, &v, members, n, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "visit.create", "visit", id);
    }
    err = db_finish(r->db, err);
    cJSON *j = NULL;
    if (err == YH_OK) {
        err = visit_json(r, id, false, &j); /* the notes stay sealed in the reply and its replay */
    }
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "a member is listed twice" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office); /* the due list changes */
    char loc[48];
    snprintf(loc, sizeof(loc), "/v1/visits/%lld", (long long)id);
    reply_header(r, "Location", loc);
    reply_json_take(r, 201, j);
}

void visits_get(struct req *r)
{
    int64_t id = 0;
    cJSON *j = NULL;
    bool ok = true;
    bool reveal = reveal_requested(r, &ok);
    if (!ok || !id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = visit_json(r, id, reveal, &j);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such visit" : NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}

void visits_list(struct req *r)
{
    static const struct jcol cols[] = {
        {"id", JC_ID},          {"reason", JC_STR},     {"visited_on", JC_STR},
        {"visitors", JC_STR},   {"gift_fen", JC_INT},   {"notes", JC_SKIP},
        {"follow_up", JC_BOOL}, {"created_by", JC_STR}, {"created_at", JC_STR}};
    struct db_rows rows;
    int64_t member = 0;
    int limit;
    char after[24];
    if (!page_params_or_reply(r, "visits", &limit, after, sizeof(after)) ||
        !query_id_or_reply(r, "member", &member)) {
        return;
    }
    enum yh_err err = visits_db_list(r->db, r->claims.office, member, query_get(&r->q, "reason"),
                                     after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, page_of_rows(r, "visits", &rows, limit, cols));
}

/* ---- holidays ---- */

static void reply_holidays(struct req *r, int64_t year)
{
    static const struct jcol cols[] = {{"code", JC_STR}, {"name", JC_STR}, {"day", JC_STR}};
    struct db_rows rows;
    enum yh_err err = holidays_db_year(r->db, r->claims.office, year, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", (double)year);
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

void holidays_get(struct req *r)
{
    int64_t year;
    if (year_or_reply(r, query_get(&r->q, "year"), &year)) {
        reply_holidays(r, year);
    }
}

void holidays_put(struct req *r)
{
    static const char *const wrap[] = {"items", NULL};
    static const char *const fields[] = {"code", "name", "day", NULL};
    char codes[10][25], names[10][241], days[10][11];
    struct verrs v = {0};
    int64_t year;
    size_t n = 0;
    if (!year_or_reply(r, path_param(&r->pp, "year"), &year) || !req_fields_or_reply(r, wrap)) {
        return;
    }
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(r->json, "items"), *it = NULL;
    if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) > 10) {
        verr_add(&v, "items", "must be an array of at most 10 {code, name, day}");
    } else {
        cJSON_ArrayForEach(it, items)
        {
            struct verrs e = {0};
            codes[n][0] = names[n][0] = days[n][0] = '\0';
            if (!cJSON_IsObject(it)) {
                verr_add(&e, "", "must be an object");
            } else {
                json_check_fields(it, fields, &e);
                json_take_text(it, "code", false, 24, codes[n], sizeof(codes[n]), &e);
                json_take_text(it, "name", false, 60, names[n], sizeof(names[n]), &e);
                json_take_date(it, "day", false, days[n], &e);
                if (e.n == 0 && (!codes[n][0] || !names[n][0] || !days[n][0])) {
                    verr_add(&e, !codes[n][0] ? "code" : !names[n][0] ? "name" : "day", "is required");
                }
                if (e.n == 0 && atoi(days[n]) != year) {
                    verr_add(&e, "day", "must be in the year of the path");
                }
            }
            for (int i = 0; i < e.n; i++) {
                char f[64];
                snprintf(f, sizeof(f), "items[%zu]%s%s", n, e.e[i].field[0] ? "." : "", e.e[i].field);
                verr_add(&v, f, e.e[i].message);
            }
            n++;
        }
    }
    if (!verrs_ok_or_reply(r, &v)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = holidays_db_replace_year(r->db, r->claims.office, year, (const char(*)[25])codes,
                                       (const char(*)[241])names, (const char(*)[11])days, n);
    }
    if (err == YH_OK) {
        err = req_audit(r, "holidays.replace", "year", year);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_CONFLICT ? "a holiday code appears twice" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_holidays(r, year);
}

/* ---- the due list ---- */

/* GET /v1/care/due: who must be visited, and why — birthdays in the months the next N
 * days touch (by day with reveal=true and pii:read, audited; 80, 90, 100 marked), hospitalised members not visited within hospital_days, homebound members
 * not visited this month, members in hardship not visited this quarter, and everyone
 * not yet visited for a major holiday within the next N days. Staff see the office's,
 * secretaries their branch's. Cached; visits invalidate it. */
void care_due(struct req *r)
{
    const char *ds = query_get(&r->q, "days"), *hs = query_get(&r->q, "hospital_days"),
               *on = query_get(&r->q, "date");
    long days = 7, hdays = 7;
    char today[11], key[64];
    struct verrs e = {0};
    struct cache_stamp stamp;
    bool have_stamp = false;
    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the due list is for staff and secretaries", NULL);
        return;
    }
    if (ds && (!id_parse(ds, (int64_t[]){0}) || (days = atol(ds)) > 60)) {
        verr_add(&e, "days", "must be an integer from 1 to 60");
    }
    if (hs && (!id_parse(hs, (int64_t[]){0}) || (hdays = atol(hs)) > 60)) {
        verr_add(&e, "hospital_days", "must be an integer from 1 to 60");
    }
    today_cn(today);
    if (on != NULL) {
        if (!date_valid(on)) {
            verr_add(&e, "date", "must be a date YYYY-MM-DD");
        } else {
            snprintf(today, sizeof(today), "%s", on);
        }
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return;
    }
    bool ok;
    bool exact = reveal_requested(r, &ok);
    if (!ok) {
        return;
    }
    int64_t branch = req_is_secretary(r) ? (r->claims.branch_id ? r->claims.branch_id : -1) : 0;
    snprintf(key, sizeof(key), "due:%s:%ld:%ld:%lld", today, days, hdays, (long long)branch);
    /* the revealed list (birthdays by day) is audited on every read, so never cached */
    if (!exact && req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    cJSON *body = NULL;
    enum yh_err err =
        care_due_compute(r->db, &r->app->cfg, r->claims.office, branch, today, days, hdays, exact, &body);
    if (err == YH_OK && exact) {
        err = req_audit(r, "care.due_reveal", "branch", branch);
    }
    if (err != YH_OK) {
        cJSON_Delete(body);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (exact) {
        reply_json_take(r, 200, body);
        return;
    }
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp, body);
}

/* ---- honours ---- */

static const char *const honour_kinds[] = {"excellent_member",
                                           "excellent_worker",
                                           "advanced_organisation",
                                           "most_beautiful_volunteer",
                                           "most_beautiful_team",
                                           "fifty_years",
                                           "other",
                                           NULL};
static const char *const honour_levels[] = {"county", "prefecture", "province", "national", NULL};

void honours_list(struct req *r)
{
    static const struct jcol cols[] = {{"id", JC_ID},           {"kind", JC_STR},     {"title", JC_STR},
                                       {"level", JC_STR},       {"year", JC_INT},     {"member_id", JC_ID},
                                       {"member_name", JC_STR}, {"branch_id", JC_ID}, {"branch_name", JC_STR},
                                       {"team_id", JC_ID}};
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
    cJSON_AddItemToObject(body, "items", json_rows(&rows, rows.nrows, cols));
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

static const char *const honour_fields[] = {"kind",      "title",     "level",   "year",
                                            "member_id", "branch_id", "team_id", NULL};

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
        /* a volunteer team of the caller's office (another office's team is not one) */
        struct db_rows t;
        if (vteams_db_get(r->db, r->claims.office, h->team_id, &t) != YH_OK) {
            verr_add(e, "team_id", "no such team in this office");
        } else {
            db_rows_free(&t);
        }
    }
}

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

void honours_create(struct req *r)
{
    struct honour h;
    struct verrs e = {0};
    int64_t id = 0;
    if (!req_fields_or_reply(r, honour_fields)) {
        return;
    }
    memset(&h, 0, sizeof(h));
    json_take_enum(r->json, "kind", false, honour_kinds, h.kind, sizeof(h.kind), &e);
    json_take_text(r->json, "title", true, 100, h.title, sizeof(h.title), &e);
    json_take_enum(r->json, "level", false, honour_levels, h.level, sizeof(h.level), &e);
    json_get_int(r->json, "year", true, 1949, 2100, &h.year, NULL, &e);
    json_take_id(r->json, "member_id", false, &h.member_id, &e);
    json_take_id(r->json, "branch_id", false, &h.branch_id, &e);
    json_take_id(r->json, "team_id", false, &h.team_id, &e);
    if (e.n == 0 && (!h.kind[0] || !h.level[0])) {
        verr_add(&e, !h.kind[0] ? "kind" : "level", "is required");
    }
    if (e.n == 0 && (h.member_id != 0) + (h.branch_id != 0) + (h.team_id != 0) != 1) {
        verr_add(&e, "member_id", "name exactly one of member_id, branch_id, team_id");
    }
    if (e.n == 0 && strcmp(h.kind, "fifty_years") == 0) {
        verr_add(&e, "kind", "the fifty-years medal is awarded through /v1/honours/fifty-years");
    }
    honour_target_check(r, &h, &e);
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = honours_db_insert(r->db, r->claims.office, &h, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "honour.create", "honour", id);
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_json_take(r, 201, honour_json(id, &h));
}

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
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err, err == YH_ERR_NOT_FOUND ? "no such honour" : NULL, NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    reply_empty(r, 204);
}

/* GET /v1/honours/fifty-years?year=: members who reach 50 years in the party by 1 July
 * of year (joined on or before 1 July fifty years before) and were alive then, with
 * whether the medal was awarded. */
void honours_fifty(struct req *r)
{
    struct db_rows rows;
    int64_t year;
    char joined_by[16], alive_on[16];
    if (!year_or_reply(r, query_get(&r->q, "year"), &year)) {
        return;
    }
    snprintf(joined_by, sizeof(joined_by), "%04u-07-01", (unsigned)(year - 50) % 10000u);
    snprintf(alive_on, sizeof(alive_on), "%04u-07-01", (unsigned)year % 10000u);
    enum yh_err err = honours_db_fifty(r->db, r->claims.office, joined_by, alive_on, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    static const struct jcol cols[] = {{"member_id", JC_ID},    {"name", JC_STR},     {"joined_on", JC_STR},
                                       {"status", JC_STR},      {"branch_id", JC_ID}, {"awarded", JC_BOOL},
                                       {"awarded_year", JC_INT}};
    cJSON *items = json_rows(&rows, rows.nrows, cols);
    int awarded = 0;
    for (size_t i = 0; i < rows.nrows; i++) {
        awarded += db_i64(&rows, i, 5) != 0;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "year", (double)year);
    cJSON_AddStringToObject(body, "joined_on_or_before", joined_by);
    cJSON_AddNumberToObject(body, "eligible", (double)rows.nrows);
    cJSON_AddNumberToObject(body, "awarded", awarded);
    cJSON_AddItemToObject(body, "items", items);
    db_rows_free(&rows);
    reply_json_take(r, 200, body);
}

static const char *const fifty_fields[] = {"year", "member_ids", "level", NULL};

/* POST /v1/honours/fifty-years {year, member_ids, level}: awards the medal (once per member). */
void honours_fifty_award(struct req *r)
{
    struct verrs e = {0};
    struct db_rows rows;
    int64_t year = 0, ids[200];
    size_t n = 0;
    char level[12] = "county", joined_by[16], alive_on[16];
    if (!req_fields_or_reply(r, fifty_fields)) {
        return;
    }
    json_get_int(r->json, "year", true, 1999, 2100, &year, NULL, &e);
    json_take_enum(r->json, "level", false, honour_levels, level, sizeof(level), &e);
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(r->json, "member_ids"), *it = NULL;
    if (!cJSON_IsArray(ms) || cJSON_GetArraySize(ms) == 0 || cJSON_GetArraySize(ms) > 200) {
        verr_add(&e, "member_ids", "must be an array of 1 to 200 member ids");
    } else {
        cJSON_ArrayForEach(it, ms)
        {
            if (!cJSON_IsString(it) || !id_parse(it->valuestring, &ids[n])) {
                verr_add(&e, "member_ids", "holds a value that is not an id");
                break;
            }
            n++;
        }
    }
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    snprintf(joined_by, sizeof(joined_by), "%04u-07-01", (unsigned)(year - 50) % 10000u);
    snprintf(alive_on, sizeof(alive_on), "%04u-07-01", (unsigned)year % 10000u);
    enum yh_err err = honours_db_fifty(r->db, r->claims.office, joined_by, alive_on, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    for (size_t i = 0; i < n && e.n == 0; i++) {
        bool eligible = false;
        for (size_t k = 0; k < rows.nrows; k++) {
            eligible = eligible || db_i64(&rows, k, 0) == ids[i];
        }
        if (!eligible) {
            char f[48];
            snprintf(f, sizeof(f), "member_ids[%zu]", i);
            verr_add(&e, f, "has not reached 50 years in the party by 1 July of that year");
        }
    }
    db_rows_free(&rows);
    if (!verrs_ok_or_reply(r, &e)) {
        return;
    }
    err = db_begin(r->db);
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct honour h = {.year = year, .member_id = ids[i]};
        int64_t id = 0;
        snprintf(h.kind, sizeof(h.kind), "fifty_years");
        snprintf(h.title, sizeof(h.title), "光荣在党50年");
        snprintf(h.level, sizeof(h.level), "%s", level);
        err = honours_db_insert(r->db, r->claims.office, &h, r->claims.sub, &id);
        if (err == YH_OK) {
            err = req_audit(r, "honour.fifty_years", "member", ids[i]);
        }
    }
    err = db_finish(r->db, err);
    if (err != YH_OK) {
        reply_problem(r, err,
                      err == YH_ERR_CONFLICT
                          ? "a member in the list already has the medal; nothing was recorded"
                          : NULL,
                      NULL);
        return;
    }
    req_invalidate(r, r->claims.office);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "awarded", (double)n);
    reply_json_take(r, 201, body);
}
