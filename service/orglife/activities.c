/* Organisational-life activities: /v1/branches/{id}/activities and /v1/activities/{id}.
 * An activity is held by one branch or jointly by several; a secretary sees those its
 * branch holds, office staff all of the office's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/http.h"
#include "yinhui/json_out.h"
#include "yinhui/json_in.h"
#include "yinhui/orglife.h"
#include "yinhui/orglife_db.h"
#include "yinhui/outbox.h"
#include "yinhui/page.h"
#include "yinhui/party_groups_db.h"
#include "yinhui/reach.h"
#include "yinhui/typed_rows.h"
#include "yinhui/venues.h"

#define JOINT_MAX 10
#define ATTACH_MAX 10

/* org_life_meeting (组织生活会), member_review (民主评议党员) and heart_talk (谈心谈话): the
 * yearly items of RULES.md */
static const char *const kinds[] = {
    "member_meeting", "committee_meeting", "group_meeting", "lecture",    "theme_day", "study",
    "other",          "org_life_meeting",  "member_review", "heart_talk", NULL};

/* The activity body; summary (multi-line), attachments and joint_branch_ids are read by
 * summary_read, attachments_read and joint_read. joint_branch_ids comes last: a patch
 * declares all but it. */
static const struct field activity_fields[] = {
    FIELD_ENUM("kind", struct activity, kind, kinds, FF_REQUIRED),
    FIELD_TEXT("title", struct activity, title, 100, FF_REQUIRED),
    FIELD_DATETIME("held_at", struct activity, held_at, FF_REQUIRED),
    FIELD_TEXT("place", struct activity, place, 200, FF_NULLABLE),
    FIELD_TEXT("host", struct activity, host, 100, FF_NULLABLE),
    FIELD_ID("speaker_id", struct activity, speaker_id, FF_NULLABLE),
    FIELD_OTHER("summary", FF_NULLABLE),
    FIELD_OTHER("attachments", 0),
    FIELD_ID("group_id", struct activity, group_id, FF_NULLABLE),
    FIELD_ID("booking_id", struct activity, booking_id, FF_NULLABLE), /* venues (issue 15) */
    FIELD_OTHER("joint_branch_ids", 0),
};
#define ACTIVITY_NFIELDS ARRAY_LEN(activity_fields)

/* An activity as the API shows it (its stored attachment lines as an array). */
static cJSON *activity_row_json(const void *row)
{
    const struct activity_row *a = row;
    cJSON *j = fm_to_json(activity_map, activity_map_n, a);
    cJSON_AddItemToObject(j, "attachments", json_split(a->attachments, '\n', 511));
    return j;
}

/* The cursor key of an activity: its id. */
static void activity_key(const void *row, char *out, size_t len)
{
    snprintf(out, len, "%lld", (long long)((const struct activity_row *)row)->id);
}

/* Whether the caller sees an activity held by branches b[0..n): office-wide callers
 * always, a secretary when its branch is among them. */
static bool activity_mine(const struct req *r, const struct activity_branch *b, size_t n)
{
    bool mine = req_whole_office(r);
    for (size_t i = 0; i < n && !mine; i++) {
        mine = req_is_secretary(r) && b[i].id == r->claims.branch_id;
    }
    return mine;
}

/* See orglife.h: the activity as written, when the caller may see it. */
enum yh_err activity_reach(struct req *r, int64_t id, struct activity *a)
{
    struct activity_branch *b = NULL;
    size_t nb = 0;
    enum yh_err err = activities_db_read(r->db, r->claims.office, id, a);
    if (err == YH_OK) {
        err = activities_db_branches(r->db, r->claims.office, id, &b, &nb);
    }
    if (err == YH_OK && !activity_mine(r, b, nb)) {
        err = YH_ERR_NOT_FOUND;
    }
    free(b);
    return err;
}

/* The activity with its branches and attendance into *out (caller owns); NOT_FOUND for
 * a secretary whose branch is not among them. */
static enum yh_err activity_json(struct req *r, int64_t id, cJSON **out)
{
    struct activity_row *a = calloc(1, sizeof(*a));
    struct activity_branch *b = NULL;
    struct attendance_row *att = NULL;
    size_t nb = 0, natt = 0;
    enum yh_err err = a != NULL ? activities_db_get(r->db, r->claims.office, id, a) : YH_ERR_INTERNAL;
    if (err == YH_OK) {
        err = activities_db_branches(r->db, r->claims.office, id, &b, &nb);
    }
    if (err == YH_OK) {
        err = activity_mine(r, b, nb) ? attendance_db_list(r->db, r->claims.office, id, &att, &natt)
                                      : YH_ERR_NOT_FOUND;
    }
    if (err == YH_OK) {
        *out = activity_row_json(a);
        cJSON_AddItemToObject(
            *out, "branches",
            orglife_rows_json(activity_branch_map, activity_branch_map_n, b, nb, sizeof(*b)));
        cJSON_AddItemToObject(*out, "attendance",
                              orglife_rows_json(attendance_map, attendance_map_n, att, natt, sizeof(*att)));
    }
    free(a);
    free(b);
    free(att);
    return err;
}

/* See orglife.h: status 200, or 201 with Location. */
void activity_reply(struct req *r, int status, int64_t id)
{
    cJSON *j = NULL;
    enum yh_err err = activity_json(r, id, &j);
    if (err != YH_OK) {
        reply_error(r, err, "activity");
    } else if (status == 201) {
        reply_created_take(r, "/v1/activities", id, j);
    } else {
        reply_json_take(r, status, j);
    }
}

/* Reads the multi-line summary (null clears it) into a; adds to v when bad. */
static void summary_read(const cJSON *body, struct activity *a, struct verrs *v)
{
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(body, "summary");
    if (sum == NULL) {
        return;
    }
    if (cJSON_IsNull(sum)) {
        a->summary[0] = '\0';
    } else if (!cJSON_IsString(sum) || utf8_len(sum->valuestring) > 4000 ||
               strlen(sum->valuestring) >= sizeof(a->summary)) {
        verr_add(v, "summary", "must be text of at most 4000 characters");
    } else {
        snprintf(a->summary, sizeof(a->summary), "%s", sum->valuestring);
    }
}

/* Reads the attachments (an array of references, stored one per line) into a; adds to v
 * when bad. */
static void attachments_read(const cJSON *body, struct activity *a, struct verrs *v)
{
    const cJSON *att = cJSON_GetObjectItemCaseSensitive(body, "attachments"), *it = NULL;
    struct buf b = {0};
    int n = 0;
    if (att == NULL) {
        return;
    }
    if (!cJSON_IsArray(att) || cJSON_GetArraySize(att) > ATTACH_MAX) {
        verr_add(v, "attachments", "must be an array of at most 10 references (URLs or file ids)");
        return;
    }
    cJSON_ArrayForEach(it, att)
    {
        if (!cJSON_IsString(it) || it->valuestring[0] == '\0' || strlen(it->valuestring) > 180 ||
            strpbrk(it->valuestring, "\r\n\t ")) {
            verr_add(v, "attachments", "each reference is 1-180 characters without spaces");
            break;
        }
        buf_printf(&b, "%s%s", n++ ? "\n" : "", it->valuestring);
    }
    snprintf(a->attachments, sizeof(a->attachments), "%s", b.data ? b.data : "");
    buf_free(&b);
}

/* Reads joint_branch_ids (open branches of this office) into joint, *njoint of them;
 * adds to v when bad. Returns an error only when the store fails. */
static enum yh_err joint_read(struct req *r, int64_t *joint, int *njoint, struct verrs *v)
{
    const cJSON *jb = cJSON_GetObjectItemCaseSensitive(r->json, "joint_branch_ids"), *it = NULL;
    *njoint = 0;
    if (jb == NULL) {
        return YH_OK;
    }
    if (!cJSON_IsArray(jb) || cJSON_GetArraySize(jb) > JOINT_MAX) {
        verr_add(v, "joint_branch_ids", "must be an array of at most 10 branch ids");
        return YH_OK;
    }
    cJSON_ArrayForEach(it, jb)
    {
        int64_t id = 0;
        struct branch b;
        if (!cJSON_IsString(it) || !id_parse(it->valuestring, &id)) {
            verr_add(v, "joint_branch_ids", "holds a value that is not an id");
            return YH_OK;
        }
        enum yh_err err = branches_db_get(r->db, r->claims.office, id, &b);
        if (err == YH_ERR_NOT_FOUND || (err == YH_OK && b.dissolved_on[0])) {
            verr_add(v, "joint_branch_ids", "holds no open branch of this office");
            return YH_OK;
        }
        if (err != YH_OK) {
            return err;
        }
        joint[(*njoint)++] = id;
    }
    return YH_OK;
}

/* Reads the body onto a (the defaults on create, the stored record on a patch) and, on
 * create, the joint branches. False when it has replied. */
static bool activity_read_or_reply(struct req *r, bool create, struct activity *a, int64_t *joint,
                                   int *njoint)
{
    struct verrs v = {0};
    size_t nfields = create ? ACTIVITY_NFIELDS : ACTIVITY_NFIELDS - 1;
    enum yh_err err = YH_OK;
    *njoint = 0;
    body_read(r, activity_fields, nfields, a, create, NULL, &v);
    summary_read(r->json, a, &v);
    attachments_read(r->json, a, &v);
    if (create) {
        err = joint_read(r, joint, njoint, &v);
    }
    if (err == YH_OK && v.n == 0 && a->speaker_id != 0) {
        bool ok = false;
        err = activities_db_member_of(r->db, r->claims.office, a->speaker_id, &ok);
        if (err == YH_OK && !ok) {
            verr_add(&v, "speaker_id", "is not a member of this office");
        }
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    if (v.n == 0 && *njoint > 0 && req_is_secretary(r)) {
        verr_add(&v, "joint_branch_ids", "joint activities are recorded by office staff");
    }
    return verrs_ok_or_reply(r, &v);
}

/* Checks a's group_id against the branches held_by[0..n) that hold it: a party group of
 * one of them, and only for a group_meeting; on create, a group meeting of a branch that
 * has groups names its group (RULES.md, Party groups: group meetings are judged per
 * group). And its booking_id: a live booking of the office or of one of those branches
 * holding held_at (venues, issue 15). False when it has replied. */
static bool group_check_or_reply(struct req *r, const struct activity *a, const int64_t *held_by, size_t n,
                                 bool create)
{
    struct verrs v = {0};
    int64_t gb = 0, groups = 0;
    bool meeting = strcmp(a->kind, "group_meeting") == 0, ours = false;
    enum yh_err err = YH_OK;
    if (a->group_id != 0 && !meeting) {
        verr_add(&v, "group_id", "only a group_meeting is held by a party group");
    } else if (a->group_id != 0) {
        err = party_groups_db_branch(r->db, r->claims.office, a->group_id, &gb);
        for (size_t i = 0; err == YH_OK && i < n; i++) {
            ours = ours || held_by[i] == gb;
        }
        if (err == YH_ERR_NOT_FOUND || (err == YH_OK && !ours)) {
            err = YH_OK;
            verr_add(&v, "group_id", "must be a party group of a branch holding the activity");
        }
    } else if (meeting && create) {
        err = party_groups_db_count(r->db, r->claims.office, held_by[0], &groups);
        if (err == YH_OK && groups > 0) {
            verr_add(&v, "group_id",
                     "is required: the branch has party groups, and each holds its own meetings");
        }
    }
    if (err == YH_OK && a->booking_id != 0) {
        err = venue_booking_check(r, a->booking_id, a->held_at, "", "branch", held_by, n, "booking_id", &v);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return verrs_ok_or_reply(r, &v);
}

/* activity.scheduled: ids, kind and time only (titles can name people). */
static enum yh_err publish_scheduled(struct req *r, int64_t id, const struct activity *a,
                                     const int64_t *branches, size_t n)
{
    char held[26], data[512];
    time_cn_rfc3339(a->held_at, held);
    int used = snprintf(data, sizeof(data),
                        "{\"activity_id\":\"%lld\",\"kind\":\"%s\",\"held_at\":\"%s\",\"branch_ids\":[",
                        (long long)id, a->kind, held);
    for (size_t i = 0; i < n && used < (int)sizeof(data) - 32; i++) {
        used += snprintf(data + used, sizeof(data) - (size_t)used, "%s\"%lld\"", i ? "," : "",
                         (long long)branches[i]);
    }
    snprintf(data + used, sizeof(data) - (size_t)used, "]}");
    return outbox_publish(r->db, &r->app->cfg, r->claims.office, "activity.scheduled", data);
}

/* The day a was held (its China time's date) in day; returns day. */
static const char *held_on(const struct activity *a, char day[11])
{
    snprintf(day, 11, "%.10s", a->held_at);
    return day;
}

/* Whether branch bid of the caller's office is open; replies 404 or 409 when not. */
static bool branch_open_or_reply(struct req *r, int64_t bid)
{
    struct branch b;
    enum yh_err err = branches_db_get(r->db, r->claims.office, bid, &b);
    if (err == YH_OK && !b.dissolved_on[0]) {
        return true;
    }
    reply_problem(r, err == YH_OK ? YH_ERR_CONFLICT : err,
                  err == YH_ERR_NOT_FOUND ? "no such branch" : "the branch is dissolved", NULL);
    return false;
}

/* POST /v1/branches/{id}/activities: the branch (first) and any joint branches hold it. */
void activities_create(struct req *r)
{
    struct activity a;
    char day[11];
    int64_t bid = 0, id = 0, branches[JOINT_MAX + 1];
    int n = 0;
    if (!id_param_or_reply(r, &bid) || !branch_reachable_or_reply(r, bid) ||
        !body_known_or_reply(r, activity_fields, ACTIVITY_NFIELDS) || !branch_open_or_reply(r, bid)) {
        return;
    }
    memset(&a, 0, sizeof(a));
    if (!activity_read_or_reply(r, true, &a, branches + 1, &n)) {
        return;
    }
    branches[0] = bid;
    /* the checks run in the write's transaction: the booking's shared lock (venues) then
     * holds until the activity naming it commits, so a cancel cannot slip in between */
    enum yh_err err = db_begin(r->db);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!group_check_or_reply(r, &a, branches, (size_t)n + 1, true)) {
        db_rollback(r->db);
        return;
    }
    if (err == YH_OK) {
        err = activities_db_insert(r->db, r->claims.office, &a, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = activities_db_set_branches(r->db, r->claims.office, id, branches, (size_t)n + 1);
    }
    if (err == YH_OK) {
        err = activities_db_judge_facts(r->db, r->claims.office, id, held_on(&a, day));
    }
    if (err == YH_OK) {
        err = req_audit(r, "activity.create", "activity", id);
    }
    if (err == YH_OK) {
        err = publish_scheduled(r, id, &a, branches, (size_t)n + 1);
    }
    if (commit_or_reply(r, err, "activity")) {
        activity_reply(r, 201, id);
    }
}

/* GET /v1/activities/{id}. */
void activities_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        activity_reply(r, 200, id);
    }
}

/* group_check_or_reply for patched activity id against the branches holding it. */
static bool group_patch_check_or_reply(struct req *r, int64_t id, const struct activity *a)
{
    struct activity_branch *b = NULL;
    int64_t held_by[JOINT_MAX + 1];
    size_t nb = 0, n = 0;
    enum yh_err err = activities_db_branches(r->db, r->claims.office, id, &b, &nb);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    for (size_t i = 0; i < nb && n < ARRAY_LEN(held_by); i++) {
        held_by[n++] = b[i].id;
    }
    free(b);
    return group_check_or_reply(r, a, held_by, n, false);
}

/* PATCH /v1/activities/{id} (merge-patch, If-Match). */
void activities_patch(struct req *r)
{
    struct activity a;
    char day[11];
    int64_t id = 0, version = 0, unused[JOINT_MAX];
    int n = 0;
    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, activity_fields, ACTIVITY_NFIELDS - 1) ||
        !req_if_match_or_reply(r, &version)) {
        return;
    }
    memset(&a, 0, sizeof(a));
    enum yh_err err = activity_reach(r, id, &a);
    if (err != YH_OK) {
        reply_error(r, err, "activity");
        return;
    }
    if (!activity_read_or_reply(r, false, &a, unused, &n)) {
        return;
    }
    err = db_begin(r->db); /* the checks in the write's transaction, as on create */
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    if (!group_patch_check_or_reply(r, id, &a)) {
        db_rollback(r->db);
        return;
    }
    if (err == YH_OK) {
        err = activities_db_update(r->db, r->claims.office, id, version, &a);
    }
    if (err == YH_OK) {
        err = activities_db_judge_facts(r->db, r->claims.office, id, held_on(&a, day));
    }
    if (err == YH_OK) {
        err = req_audit(r, "activity.update", "activity", id);
    }
    if (commit_or_reply(r, err, "activity")) {
        activity_reply(r, 200, id);
    }
}

/* Reads ?from= and ?to= (RFC 3339) into China times, keeping the defaults when absent.
 * False after a 400. */
static bool time_range_or_reply(struct req *r, char from[20], char to[20])
{
    const char *fs = query_get(&r->q, "from"), *ts = query_get(&r->q, "to");
    struct verrs v = {0};
    if (fs && !datetime_parse(fs, from)) {
        verr_add(&v, "from", "must be a time like 2026-01-01T00:00:00+08:00");
    }
    if (ts && !datetime_parse(ts, to)) {
        verr_add(&v, "to", "must be a time like 2027-01-01T00:00:00+08:00");
    }
    if (v.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, v.e[0].message, &v);
        return false;
    }
    return true;
}

/* GET /v1/branches/{id}/activities?from&to: newest first, a page at a time. */
void activities_list(struct req *r)
{
    struct activity_row *rows = NULL;
    size_t n = 0;
    struct branch b;
    int64_t bid = 0;
    int limit;
    char after[24], from[20] = "1990-01-01 00:00:00", to[20] = "2100-01-01 00:00:00";
    if (!id_param_or_reply(r, &bid) || !branch_reachable_or_reply(r, bid) ||
        !page_params_or_reply(r, "activities", &limit, after, sizeof(after)) ||
        !time_range_or_reply(r, from, to)) {
        return;
    }
    enum yh_err err = branches_db_get(r->db, r->claims.office, bid, &b);
    if (err == YH_OK) {
        err = activities_db_list(r->db, r->claims.office, bid, from, to,
                                 after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows, &n);
    }
    if (err != YH_OK) {
        reply_error(r, err, "branch");
        return;
    }
    cJSON *body = typed_page(r, "activities", rows, n, sizeof(*rows), limit, activity_row_json, activity_key);
    free(rows);
    reply_json_take(r, 200, body);
}
