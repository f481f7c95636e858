/* 两优一先 nominations: /v1/excellence-nominations. A branch (its secretary) or the office
 * nominates a member (excellent_member, excellent_worker) or a branch (advanced_org) of
 * the office for a year, once per subject and kind; the nominee's record is attached as
 * it stands then. The nomination goes up as an evaluation does (stages.c: name, not_name,
 * nominate), seen by the offices above once it reaches their level; naming needs the
 * level's notice (公示) ended with no objection open and a place in the quota, and
 * writes the honour in the nominee's office; sending up needs a place in what the
 * higher office lets each office below send. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/care_db.h"
#include "yinhui/evaluation.h"
#include "yinhui/excellence.h"
#include "yinhui/excellence_db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/members_db.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/standing.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

static const char *const states[] = {"pending", "named", "not_named", "withdrawn", NULL};
static const char *const actions[] = {"name", "not_name", "nominate", NULL};
static const char *const outcomes[] = {"upheld", "dismissed", NULL};

/* The body of POST /v1/excellence-nominations. */
struct nom_body {
    int64_t year, member_id, branch_id;
    char kind[20], deeds[8001];
};
static const struct field nom_fields[] = {
    FIELD_INT("year", struct nom_body, year, 2000, 2100, FF_REQUIRED),
    FIELD_ENUM("kind", struct nom_body, kind, exc_kinds, FF_REQUIRED),
    FIELD_ID("member_id", struct nom_body, member_id, 0),
    FIELD_ID("branch_id", struct nom_body, branch_id, 0),
    FIELD_TEXT("deeds", struct nom_body, deeds, 2000, FF_REQUIRED),
};

/* The honours of a member or branch as a JSON array into j's "honours". */
static enum yh_err honours_into(struct req *r, int64_t member, int64_t branch, cJSON *j)
{
    struct db_rows rows;
    enum yh_err err = exc_db_honours(r->db, r->claims.office, member, branch, &rows);
    if (err == YH_OK) {
        cJSON_AddItemToObject(j, "honours", view_rows(&rows, rows.nrows, &exc_honours_view));
        db_rows_free(&rows);
    }
    return err;
}

/* The member's record for a nomination of year into *out (caller owns it); 422 reasons
 * (not a member of the office, not eligible for kind) go to v. The year assessed is the
 * one before the nomination's. */
static enum yh_err member_record(struct req *r, const struct nom_body *b, cJSON **out, struct verrs *v)
{
    struct member *m = calloc(1, sizeof(*m));
    struct exc_member_facts f = {0};
    char today[11];
    int64_t assessed = b->year - 1;
    enum yh_err err = m == NULL ? YH_ERR_INTERNAL : members_db_get(r->db, r->claims.office, b->member_id, m);
    if (err == YH_ERR_NOT_FOUND) {
        verr_add(v, "member_id", "no such member in this office");
        free(m);
        return YH_OK;
    }
    if (err == YH_OK) {
        err = exc_db_member_facts(r->db, r->claims.office, b->member_id, assessed, &f);
    }
    today_cn(today);
    struct exc_standing st = {.status = m ? m->status : "",
                              .joined_on = m ? m->joined_on : "",
                              .full_member_on = m ? m->full_member_on : "",
                              .probation_until = m ? m->party_probation_until : ""};
    const char *why = err == YH_OK ? exc_member_refusal(b->kind, &st, f.posts, today) : NULL;
    if (why) {
        verr_add(v, "member_id", why);
    }
    if (err == YH_OK && why == NULL) {
        cJSON *j = *out = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "as_of", today);
        cJSON_AddStringToObject(j, "category", m->category);
        json_add_id(j, "branch_id", m->branch_id);
        json_add_opt(j, "branch_name", m->branch_name);
        json_add_opt(j, "joined_on", m->joined_on);
        json_add_opt(j, "full_member_on", m->full_member_on);
        int years = standing_years(m->full_member_on, today);
        cJSON_AddItemToObject(j, "party_years", years < 0 ? cJSON_CreateNull() : cJSON_CreateNumber(years));
        cJSON *posts = cJSON_AddObjectToObject(j, "posts");
        cJSON_AddNumberToObject(posts, "count", (double)f.posts);
        cJSON_AddStringToObject(posts, "roles", f.roles);
        cJSON *life = cJSON_AddObjectToObject(j, "org_life");
        cJSON_AddNumberToObject(life, "year", (double)assessed);
        cJSON_AddNumberToObject(life, "attended", (double)f.attended);
        cJSON_AddNumberToObject(life, "recorded", (double)f.recorded);
        cJSON *dues = cJSON_AddObjectToObject(j, "dues");
        int due = exc_dues_months_due(m->joined_on, m->category, (int)assessed);
        cJSON_AddNumberToObject(dues, "year", (double)assessed);
        cJSON_AddNumberToObject(dues, "months_paid", (double)f.dues_paid);
        cJSON_AddNumberToObject(dues, "months_due", due);
        cJSON_AddBoolToObject(dues, "paid_up", f.dues_paid >= due);
        cJSON *personal = cJSON_AddObjectToObject(j, "personal");
        cJSON_AddStringToObject(personal, "gender", m->gender);
        cJSON_AddStringToObject(personal, "birth_date", m->birth_date);
        json_add_opt(personal, "work_unit", m->work_unit);
        err = honours_into(r, b->member_id, 0, j);
    }
    free(m);
    return err;
}

/* The branch's record (advanced_org) into *out; 422 reasons go to v. */
static enum yh_err branch_record(struct req *r, const struct nom_body *b, cJSON **out, struct verrs *v)
{
    struct branch *br = calloc(1, sizeof(*br));
    struct exc_branch_facts f = {0};
    char today[11];
    enum yh_err err =
        br == NULL ? YH_ERR_INTERNAL : branches_db_get(r->db, r->claims.office, b->branch_id, br);
    if (err == YH_ERR_NOT_FOUND) {
        verr_add(v, "branch_id", "no such branch in this office");
        free(br);
        return YH_OK;
    }
    const char *why = err == YH_OK ? exc_branch_refusal(br->nature, br->dissolved_on) : NULL;
    if (why) {
        verr_add(v, "branch_id", why);
    }
    if (err == YH_OK && why == NULL) {
        err = exc_db_branch_facts(r->db, r->claims.office, b->branch_id, b->year - 1, &f);
    }
    if (err == YH_OK && why == NULL) {
        today_cn(today);
        cJSON *j = *out = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "as_of", today);
        cJSON_AddStringToObject(j, "level", br->level);
        cJSON_AddStringToObject(j, "host_type", br->host_type);
        json_add_opt(j, "founded_on", br->founded_on);
        json_add_opt(j, "demo_level", br->demo_level);
        cJSON_AddItemToObject(j, "demo_year",
                              br->demo_year ? cJSON_CreateNumber((double)br->demo_year) : cJSON_CreateNull());
        cJSON_AddNumberToObject(j, "members", (double)f.members);
        cJSON *life = cJSON_AddObjectToObject(j, "org_life");
        cJSON_AddNumberToObject(life, "year", (double)(b->year - 1));
        cJSON_AddNumberToObject(life, "activities", (double)f.activities);
        err = honours_into(r, 0, b->branch_id, j);
    }
    free(br);
    return err;
}

/* Reads and checks the body of a nomination into b and the nominee's record into
 * *record (caller owns it). False when it has replied. */
static bool nom_read_or_reply(struct req *r, struct nom_body *b, cJSON **record)
{
    struct verrs v = {0};
    enum yh_err err = YH_OK;
    bool org = false;
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, nom_fields, ARRAY_LEN(nom_fields), b, true, NULL, &v);
    org = strcmp(b->kind, "advanced_org") == 0;
    if (v.n == 0 && org && (b->branch_id == 0 || b->member_id != 0)) {
        verr_add(&v, "branch_id", "an advanced organisation names branch_id (and no member_id)");
    } else if (v.n == 0 && !org && (b->member_id == 0 || b->branch_id != 0)) {
        verr_add(&v, "member_id", "an excellent member or party worker names member_id (and no branch_id)");
    }
    if (v.n == 0 && org && !req_whole_office(r)) {
        verr_add(&v, "kind",
                 "a branch nominates its members; advanced organisations are nominated by the office");
    }
    if (v.n == 0 && !org && !member_reachable_or_reply(r, b->member_id)) {
        return false;
    }
    if (v.n == 0) {
        err = org ? branch_record(r, b, record, &v) : member_record(r, b, record, &v);
    }
    if (err != YH_OK || v.n > 0) {
        cJSON_Delete(*record);
        *record = NULL;
    }
    return checks_ok_or_reply(r, err, &v);
}

/* The nomination id as the caller sees it: the record's personal part masked (birth
 * year only) unless reveal (audited), the objections' texts likewise, and the steps. */
static enum yh_err nom_json(struct req *r, int64_t id, bool reveal, cJSON **out);

/* Replies with nomination id as staff see it (201 with its Location when created). */
static void nom_reply(struct req *r, int64_t id, bool created)
{
    cJSON *j = NULL;
    enum yh_err err = nom_json(r, id, false, &j);
    if (err != YH_OK) {
        reply_error(r, err, "nomination");
    } else if (created) {
        reply_created_take(r, "/v1/excellence-nominations", id, j);
    } else {
        reply_json_take(r, 200, j);
    }
}

/* 409 unless the caller's office has opened its round for year. False when it has replied. */
static bool round_open_or_reply(struct req *r, int64_t year, struct exc_round *x)
{
    enum yh_err err = exc_db_round_of(r->db, r->claims.office, year, false, x);
    if (err == YH_ERR_NOT_FOUND) {
        reply_problem(r, YH_ERR_CONFLICT, "the office has not opened its 两优一先 round for that year", NULL);
        return false;
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return true;
}

/* Inserts nomination x at the caller's level with its first step, audited, into *id. */
/* The nomination's step (at stage, by the caller) and its audit row, after err. */
static enum yh_err step_audited(struct req *r, enum yh_err err, int64_t id, const char *step,
                                const char *stage, const char *reason, const char *audit)
{
    if (err == YH_OK) {
        err = exc_db_step(r->db, id, step, stage, r->claims.office, r->claims.sub, reason);
    }
    return err == YH_OK ? req_audit(r, audit, "excellence_nomination", id) : err;
}

static enum yh_err nom_insert(struct req *r, const struct exc_nom_new *x, int64_t *id)
{
    int rank = eval_caller_rank(r);
    enum yh_err err = rank == 0 || strlen(x->record) > 8000 ? YH_ERR_INTERNAL : db_begin(r->db);
    if (err == YH_OK) {
        err = exc_db_nom_insert(r->db, x, r->claims.sub, id);
    }
    return step_audited(r, err, *id, "nominated", rank ? eval_stages[rank - 1] : NULL, NULL,
                        "excellence.nominate");
}

/* POST /v1/excellence-nominations {year, kind, member_id | branch_id, deeds}. */
void exc_noms_create(struct req *r)
{
    struct nom_body *b = calloc(1, sizeof(*b));
    struct exc_round round = {0};
    cJSON *record = NULL;
    int64_t id = 0;
    if (b == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (!nom_read_or_reply(r, b, &record) || !round_open_or_reply(r, b->year, &round)) {
        cJSON_Delete(record);
        free(b);
        return;
    }
    char *text = cJSON_PrintUnformatted(record);
    struct exc_nom_new x = {.year = b->year,
                            .member_id = b->member_id,
                            .branch_id = b->branch_id,
                            .by_branch_id = req_whole_office(r) ? 0 : r->claims.branch_id,
                            .deeds = b->deeds,
                            .record = text ? text : ""};
    snprintf(x.office, sizeof(x.office), "%s", r->claims.office);
    snprintf(x.kind, sizeof(x.kind), "%s", b->kind);
    snprintf(x.nominated_by, sizeof(x.nominated_by), "%s", req_whole_office(r) ? "office" : "branch");
    enum yh_err err = text ? nom_insert(r, &x, &id) : YH_ERR_INTERNAL;
    cJSON_Delete(record);
    free(text);
    free(b);
    if (!commit_or_reply_conflict(
            r, err, "nomination",
            "the subject is already nominated for that kind and year (one nomination each)")) {
        return;
    }
    nom_reply(r, id, true);
}

/* The record's personal part as shown: masked to the birth year unless reveal. */
static void record_mask(cJSON *record, bool reveal)
{
    cJSON *p = cJSON_GetObjectItemCaseSensitive(record, "personal");
    const cJSON *bd = cJSON_GetObjectItemCaseSensitive(p, "birth_date");
    if (p == NULL || reveal || !cJSON_IsString(bd)) {
        return;
    }
    char year[5];
    snprintf(year, sizeof(year), "%.4s", bd->valuestring);
    cJSON *masked = cJSON_CreateObject();
    cJSON_AddStringToObject(masked, "birth_year", year);
    cJSON_AddBoolToObject(masked, "masked", true);
    cJSON_ReplaceItemInObjectCaseSensitive(record, "personal", masked);
}

/* The objections of nomination id as JSON: texts opened only when reveal. */
static enum yh_err objections_json(struct req *r, int64_t id, bool reveal, cJSON *j)
{
    struct exc_objection *o = NULL;
    size_t n = 0;
    enum yh_err err = exc_db_objections(r->db, id, &o, &n);
    cJSON *a = cJSON_AddArrayToObject(j, "objections");
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        cJSON *x = fm_to_json(exc_objection_map, exc_objection_map_n, &o[i]);
        struct buf text = {0};
        if (reveal && pii_open(&r->app->cfg, o[i].text_enc, o[i].text_enc_len, &text) != 0) {
            err = YH_ERR_INTERNAL;
        }
        if (reveal && err == YH_OK) {
            cJSON_AddStringToObject(x, "text", text.data ? text.data : "");
        } else {
            cJSON_AddNullToObject(x, "text");
        }
        cJSON_AddBoolToObject(x, "text_sealed", !reveal);
        cJSON_AddItemToArray(a, x);
        buf_free(&text);
    }
    free(o);
    return err;
}

/* Adds what lists and the one nomination share: office, subject, notice, record. */
static cJSON *nom_summary(const struct exc_nom *n, bool reveal)
{
    cJSON *j = fm_to_json(exc_nom_map, exc_nom_map_n, n);
    cJSON *o = cJSON_AddObjectToObject(j, "office");
    cJSON_AddStringToObject(o, "code", n->office);
    cJSON_AddStringToObject(o, "name", n->office_name);
    cJSON_AddStringToObject(j, "title", exc_honour_title(n->kind));
    cJSON *notice = cJSON_AddObjectToObject(j, "notice");
    json_add_opt(notice, "from", n->notice_from);
    json_add_opt(notice, "until", n->notice_until);
    char today[11];
    today_cn(today);
    cJSON_AddStringToObject(notice, "state", exc_notice_state(n->notice_from, n->notice_until, today));
    if (n->unit_personal && !reveal) { /* a member's work unit, personal as in the record */
        char masked[sizeof(n->unit) + 8];
        mask_address(n->unit, masked, sizeof(masked));
        cJSON_ReplaceItemInObjectCaseSensitive(j, "unit", cJSON_CreateString(masked));
        cJSON_AddBoolToObject(j, "unit_masked", true);
    }
    cJSON *record = cJSON_Parse(n->record);
    record_mask(record, reveal);
    cJSON_AddItemToObject(j, "record", record ? record : cJSON_CreateNull());
    return j;
}

/* A revealed record is audited in the caller's office and, when a higher office reads
 * it, in the nominee's office too (actor "<office>/<account>"), as hosted members are. */
static enum yh_err record_shown_audit(struct req *r, const struct exc_nom *n)
{
    enum yh_err err = req_audit(r, "excellence.record_shown", "excellence_nomination", n->id);
    return err == YH_OK
               ? req_audit_in(r, n->office, "excellence.record_shown_above", "excellence_nomination", n->id)
               : err;
}

static enum yh_err nom_json(struct req *r, int64_t id, bool reveal, cJSON **out)
{
    struct eval_scope s = eval_scope_of(r);
    struct exc_nom *n = calloc(1, sizeof(*n));
    struct db_rows steps;
    *out = NULL;
    enum yh_err err = n == NULL ? YH_ERR_INTERNAL : exc_db_nom_get(r->db, &s, id, false, n);
    if (err == YH_OK && reveal) {
        err = record_shown_audit(r, n);
    }
    if (err == YH_OK) {
        *out = nom_summary(n, reveal);
        err = objections_json(r, id, reveal, *out);
    }
    if (err == YH_OK) {
        err = exc_db_steps(r->db, id, &steps);
    }
    if (err == YH_OK) {
        cJSON_AddItemToObject(*out, "steps", view_rows(&steps, steps.nrows, &exc_steps_view));
        db_rows_free(&steps);
    }
    if (err != YH_OK) {
        cJSON_Delete(*out);
        *out = NULL;
    }
    free(n);
    return err;
}

/* GET /v1/excellence-nominations/{id}[?reveal=true]. */
void exc_noms_get(struct req *r)
{
    int64_t id = 0;
    bool reveal = false;
    cJSON *j = NULL;
    if (!reveal_id_or_reply(r, &reveal, &id)) {
        return;
    }
    enum yh_err err = nom_json(r, id, reveal, &j);
    if (err != YH_OK) {
        reply_error(r, err, "nomination");
        return;
    }
    reply_json_take(r, 200, j);
}

static cJSON *nom_row_json(const void *row)
{
    return nom_summary(row, false);
}

/* GET /v1/excellence-nominations?year=&kind=&stage=&state=&office=: what the caller
 * sees, newest first (records masked). */
void exc_noms_list(struct req *r)
{
    struct eval_scope s = eval_scope_of(r);
    struct exc_filter f = {0};
    struct exc_nom *rows = NULL;
    struct verrs v = {0};
    size_t n = 0;
    char after[24];
    if (!page_params_or_reply(r, "excellence-nominations", &f.limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "kind", exc_kinds, &f.kind) ||
        !query_enum_or_reply(r, "stage", eval_stages, &f.stage) ||
        !query_enum_or_reply(r, "state", states, &f.state) ||
        !year_or_reply(r, query_get(&r->q, "year"), &f.year)) {
        return;
    }
    f.office = query_get(&r->q, "office");
    if (f.office && gbt2260_level(f.office) == LEVEL_INVALID) {
        verr_add(&v, "office", "must be a six-digit office code");
        reply_problem(r, YH_ERR_BAD_REQUEST, v.e[0].message, &v);
        return;
    }
    f.before = after[0] ? strtoll(after, NULL, 10) : 0;
    enum yh_err err = exc_db_noms_list(r->db, &s, &f, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *page =
        typed_page(r, "excellence-nominations", rows, n, sizeof(*rows), f.limit, nom_row_json, typed_key_id);
    free(rows);
    reply_json_take(r, 200, page);
}

/* The body of POST .../decisions. */
struct decision {
    char action[12], reason[2001];
};
static const struct field decision_fields[] = {
    FIELD_ENUM("action", struct decision, action, actions, FF_REQUIRED),
    FIELD_TEXT("reason", struct decision, reason, 500, FF_NULLABLE),
};

/* Writes the honour of naming n at its stage in the nominee's office. */
static enum yh_err honour_write(struct req *r, const struct exc_nom *n)
{
    struct honour h = {.year = n->year, .member_id = n->member_id, .branch_id = n->branch_id};
    int64_t hid = 0;
    snprintf(h.kind, sizeof(h.kind), "%s", exc_honour_kind(n->kind));
    snprintf(h.title, sizeof(h.title), "%s", exc_honour_title(n->kind));
    snprintf(h.level, sizeof(h.level), "%s", n->stage);
    enum yh_err err = honours_db_insert(r->db, n->office, &h, r->claims.sub, &hid);
    return err == YH_OK ? req_audit(r, "honour.create", "honour", hid) : err;
}

/* The quota checks of naming (the caller's round: named at its level) and of sending up
 * (the higher office's round: what each office below may send). CONFLICT with why. */
static enum yh_err quota_check(struct req *r, const struct exc_nom *n, const char *action, char why[200])
{
    struct eval_scope s = eval_scope_of(r);
    struct exc_round own = {0}, up = {0};
    int rank = eval_stage_rank(n->stage);
    int64_t used = 0;
    bool name = strcmp(action, "name") == 0;
    enum yh_err err = exc_db_round_of(r->db, r->claims.office, n->year, true, &own);
    if (err == YH_ERR_NOT_FOUND) {
        snprintf(why, 200, "the office has not opened its 两优一先 round for %lld", (long long)n->year);
        return YH_ERR_CONFLICT;
    }
    if (err == YH_OK && !name) {
        err = exc_db_parent_round(r->db, r->claims.office, n->year, &up);
        if (err == YH_ERR_NOT_FOUND) {
            snprintf(why, 200, "the higher office has not opened its round for %lld", (long long)n->year);
            return YH_ERR_CONFLICT;
        }
    }
    if (err == YH_OK) {
        err = name ? exc_db_named_count(r->db, s.prefix, n->year, n->kind, rank, &used)
                   : exc_db_sent_count(r->db, s.prefix, n->year, n->kind, rank, &used);
    }
    int64_t quota = name ? exc_round_quota(&own, n->kind, false) : exc_round_quota(&up, n->kind, true);
    if (err == YH_OK && !exc_quota_allows(quota, used)) {
        snprintf(why, 200, "quota: %s may %s at most %lld %s for %lld, and %lld already %s", r->claims.office,
                 name ? "name" : "send up", (long long)quota, n->kind, (long long)n->year, (long long)used,
                 name ? "are named" : "were sent");
        return YH_ERR_CONFLICT;
    }
    return err;
}

/* The checks of decision d on n (locked) at the caller's level: CONFLICT with why when a
 * rule refuses it; *to_stage, *to_state, *named as eval_decide_next sets them. */
static enum yh_err decide_checks(struct req *r, const struct exc_nom *n, const struct decision *d,
                                 char why[200], const char **to_stage, const char **to_state,
                                 const char **named)
{
    char today[11];
    const char *refusal = NULL;
    today_cn(today);
    if (eval_stage_rank(n->stage) != eval_caller_rank(r)) {
        snprintf(why, 200, "the nomination waits for the %s office's decision", n->stage);
        return YH_ERR_CONFLICT;
    }
    if (!eval_decide_next(d->action, n->stage, n->state, to_stage, to_state, named)) {
        snprintf(why, 200, "cannot %s a nomination that is %s at the %s level%s", d->action, n->state,
                 n->stage,
                 strcmp(n->stage, "province") == 0 && strcmp(d->action, "nominate") == 0
                     ? " (the province is the top level)"
                     : "");
        return YH_ERR_CONFLICT;
    }
    struct exc_standing st = {n->subject_status, n->joined_on, n->full_member_on, n->probation_until};
    if (strcmp(d->action, "not_name") != 0) {
        refusal = exc_subject_refusal(n->subject_status);
    }
    if (refusal == NULL && strcmp(d->action, "not_name") != 0 && n->member_id) {
        refusal = exc_standing_refusal(&st, today); /* put under 留党察看 since it was nominated */
    }
    if (refusal == NULL && strcmp(d->action, "name") == 0) {
        refusal = exc_name_refusal(n->state, n->notice_from, n->notice_until, n->open_objections, today);
    }
    if (refusal) {
        snprintf(why, 200, "%s", refusal);
        return YH_ERR_CONFLICT;
    }
    return strcmp(d->action, "not_name") == 0 ? YH_OK : quota_check(r, n, d->action, why);
}

/* Applies decision d to nomination id at version in one unit of work. */
static enum yh_err decide(struct req *r, int64_t id, int64_t version, const struct decision *d, char why[200],
                          char office[7])
{
    struct eval_scope s = eval_scope_of(r);
    struct exc_nom *n = calloc(1, sizeof(*n));
    const char *to_stage = NULL, *to_state = NULL, *named = NULL;
    enum yh_err err = n == NULL ? YH_ERR_INTERNAL : db_begin(r->db);
    if (err == YH_OK) {
        err = exc_db_nom_get(r->db, &s, id, true, n);
    }
    if (err == YH_OK && n->version != version) {
        err = YH_ERR_PRECONDITION;
    }
    if (err == YH_OK) {
        snprintf(office, 7, "%s", n->office);
        err = decide_checks(r, n, d, why, &to_stage, &to_state, &named);
    }
    if (err == YH_OK) {
        err = exc_db_nom_decide(r->db, id, version, to_stage, to_state, named);
    }
    if (err == YH_OK && named) {
        err = honour_write(r, n);
    }
    err = step_audited(r, err, id, d->action, n->stage, d->reason, "excellence.decide");
    free(n);
    return err;
}

/* POST /v1/excellence-nominations/{id}/decisions {action, reason} (If-Match): name
 * (after the notice, within the quota; writes the honour), not_name (with a reason),
 * nominate (a named one to the next level, within what it lets each office send). */
void exc_noms_decide(struct req *r)
{
    struct decision d = {0};
    struct verrs v = {0};
    int64_t id = 0, version = 0;
    char why[200] = "", office[7] = "";
    if (!id_param_or_reply(r, &id) ||
        !body_read_or_reply(r, decision_fields, ARRAY_LEN(decision_fields), &d, true, NULL)) {
        return;
    }
    if (strcmp(d.action, "not_name") == 0 && !d.reason[0]) {
        verr_add(&v, "reason", "is required when not naming");
    }
    if (!verrs_ok_or_reply(r, &v) || !req_if_match_or_reply(r, &version)) {
        return;
    }
    enum yh_err err = decide(r, id, version, &d, why, office);
    if (!commit_or_reply_conflict(r, err, "nomination", why[0] ? why : NULL)) {
        return;
    }
    req_invalidate(r, office); /* the nominee's office's honours */
    nom_reply(r, id, false);
}

/* The body of POST .../objections. */
struct objection_body {
    char received_on[11], text[8001];
};
static const struct field objection_fields[] = {
    FIELD_DATE("received_on", struct objection_body, received_on, 0),
    FIELD_TEXT("text", struct objection_body, text, 2000, FF_REQUIRED),
};

/* Records objection b to nomination id (locked) at the caller's level into *oid. */
static enum yh_err objection_add(struct req *r, int64_t id, const struct objection_body *b, char why[200],
                                 int64_t *oid)
{
    struct eval_scope s = eval_scope_of(r);
    struct exc_nom *n = calloc(1, sizeof(*n));
    struct exc_objection *o = calloc(1, sizeof(*o));
    char today[11];
    today_cn(today);
    enum yh_err err = n == NULL || o == NULL ? YH_ERR_INTERNAL : db_begin(r->db);
    if (err == YH_OK) {
        err = exc_db_nom_get(r->db, &s, id, true, n);
    }
    const char *refusal =
        err != YH_OK ? NULL
        : eval_stage_rank(n->stage) != eval_caller_rank(r)
            ? "objections are recorded by the office holding the notice"
            : exc_objection_refusal(n->state, n->notice_from, n->notice_until, b->received_on, today);
    if (refusal) {
        snprintf(why, 200, "%s", refusal);
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        *o = (struct exc_objection){.nomination_id = id};
        snprintf(o->office, sizeof(o->office), "%s", r->claims.office);
        snprintf(o->stage, sizeof(o->stage), "%s", n->stage);
        snprintf(o->received_on, sizeof(o->received_on), "%s", b->received_on);
        snprintf(o->created_by, sizeof(o->created_by), "%s", r->claims.sub);
        if (pii_seal_into(&r->app->cfg, b->text, o->text_enc, sizeof(o->text_enc), &o->text_enc_len) != 0) {
            err = YH_ERR_INTERNAL;
        }
    }
    if (err == YH_OK) {
        err = exc_db_objection_insert(r->db, o, oid);
    }
    err = step_audited(r, err, id, "objection", n->stage, NULL, "excellence.objection");
    free(n);
    free(o);
    return err;
}

/* POST /v1/excellence-nominations/{id}/objections {received_on, text}: an objection
 * received during the notice, recorded by the office holding it (text sealed). */
void exc_objections_create(struct req *r)
{
    struct objection_body *b = calloc(1, sizeof(*b));
    int64_t id = 0, oid = 0;
    char why[200] = "";
    if (b == NULL) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    if (!id_param_or_reply(r, &id) ||
        !body_read_or_reply(r, objection_fields, ARRAY_LEN(objection_fields), b, true, NULL)) {
        free(b);
        return;
    }
    if (!b->received_on[0]) {
        today_cn(b->received_on);
    }
    enum yh_err err = objection_add(r, id, b, why, &oid);
    free(b);
    if (!commit_or_reply_conflict(r, err, "nomination", why[0] ? why : NULL)) {
        return;
    }
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", oid);
    json_add_id(j, "nomination_id", id);
    cJSON_AddStringToObject(j, "state", "open");
    reply_created_take(r, "/v1/excellence-nominations", id, j);
}

/* The body of POST .../objections/{oid}/resolution. */
struct resolution_body {
    char outcome[12], reason[2001];
};
static const struct field resolution_fields[] = {
    FIELD_ENUM("outcome", struct resolution_body, outcome, outcomes, FF_REQUIRED),
    FIELD_TEXT("reason", struct resolution_body, reason, 500, FF_REQUIRED),
};

/* Resolves objection oid of nomination id: upheld withdraws the nomination. */
static enum yh_err resolve(struct req *r, int64_t id, int64_t oid, const struct resolution_body *b,
                           char why[200])
{
    struct eval_scope s = eval_scope_of(r);
    struct exc_nom *n = calloc(1, sizeof(*n));
    bool upheld = strcmp(b->outcome, "upheld") == 0;
    enum yh_err err = n == NULL ? YH_ERR_INTERNAL : db_begin(r->db);
    if (err == YH_OK) {
        err = exc_db_nom_get(r->db, &s, id, true, n);
    }
    if (err == YH_OK && eval_stage_rank(n->stage) != eval_caller_rank(r)) {
        snprintf(why, 200, "objections are resolved by the office holding the notice (the %s level)",
                 n->stage);
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = exc_db_objection_resolve(r->db, id, oid, b->outcome, b->reason, r->claims.sub);
    }
    if (err == YH_OK && upheld && strcmp(n->state, "pending") == 0) {
        err = exc_db_nom_decide(r->db, id, n->version, n->stage, "withdrawn", NULL);
    }
    err = step_audited(r, err, id, b->outcome, n->stage, b->reason, "excellence.objection_resolve");
    free(n);
    return err;
}

/* POST /v1/excellence-nominations/{id}/objections/{oid}/resolution {outcome, reason}:
 * upheld withdraws the nomination, dismissed lets it go on. 404 for an objection that
 * is not open. */
void exc_objections_resolve(struct req *r)
{
    struct resolution_body b = {0};
    int64_t id = 0, oid = 0;
    char why[200] = "";
    if (!id_param_or_reply(r, &id) || !path_id_or_reply(r, "oid", &oid) ||
        !body_read_or_reply(r, resolution_fields, ARRAY_LEN(resolution_fields), &b, true, NULL)) {
        return;
    }
    enum yh_err err = resolve(r, id, oid, &b, why);
    if (!commit_or_reply_conflict(r, err, "open objection", why[0] ? why : NULL)) {
        return;
    }
    nom_reply(r, id, false);
}
