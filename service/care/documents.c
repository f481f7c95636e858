/* /v1/documents: documents circulated for reading (阅文, seed 003: 保证阅读文件、听报告),
 * their readers picked by the invitation rule of events, who has read each and who still
 * must; homebound readers get it delivered (recorded like 送学上门). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/audience.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/treatment.h"
#include "yinhui/treatment_db.h"
#include "yinhui/util.h"

static cJSON *document_json(const void *row)
{
    const struct document *d = row;
    struct audience a;
    cJSON *j = fm_to_json(document_map, document_map_n, d);
    audience_parse(d->audience, &a);
    cJSON_AddItemToObject(j, "audience", audience_json(&a));
    return j;
}

static void document_key(const void *row, char *out, size_t len)
{
    snprintf(out, len, "%lld", (long long)((const struct document *)row)->id);
}

/* Replies status with document id (201: created). */
static void reply_document(struct req *r, int status, int64_t id)
{
    struct document d;
    enum yh_err err = audience_visible(r, AUDIENCE_READERS, id);
    if (err == YH_OK) {
        err = documents_db_get(r->db, r->claims.office, id, &d);
    }
    if (err != YH_OK) {
        reply_error(r, err, "document");
    } else if (status == 201) {
        reply_created_take(r, "/v1/documents", id, document_json(&d));
    } else {
        reply_json_take(r, status, document_json(&d));
    }
}

static const struct field document_fields[] = {
    FIELD_TEXT("title", struct document, title, 200, FF_REQUIRED),
    FIELD_ENUM("level", struct document, level, document_levels, FF_REQUIRED),
    FIELD_DATE("issued_on", struct document, issued_on, FF_REQUIRED),
    FIELD_OTHER("audience", 0),
};

/* Adds a reader the rule picks (ctx: the document's id); the homebound are delivered to. */
static enum yh_err add_reader(struct req *r, const struct audience_row *row, bool homebound, void *ctx)
{
    return readers_db_add(r->db, r->claims.office, *(const int64_t *)ctx, row->id, homebound);
}

/* Reads and checks the body of a new document into d and a; false when it has replied. */
static bool document_body_or_reply(struct req *r, struct document *d, struct audience *a)
{
    struct verrs v = {0};
    char today[11];
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, document_fields, ARRAY_LEN(document_fields), d, true, NULL, &v);
    today_cn(today);
    if (d->issued_on[0] && strcmp(d->issued_on, today) > 0) {
        verr_add(&v, "issued_on", "is in the future");
    }
    enum yh_err err = audience_from_body(r, a, d->audience, &v);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return false;
    }
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/documents {title, level, issued_on, audience?}: its readers are the active
 * members the rule picks, the homebound among them to be delivered to. */
void documents_create(struct req *r)
{
    struct document d = {0};
    struct audience a;
    int64_t id = 0;
    if (!document_body_or_reply(r, &d, &a)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = documents_db_insert(r->db, r->claims.office, &d, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = audience_each(r, &a, add_reader, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "document.create", "document", id);
    }
    if (commit_or_reply(r, err, "document")) {
        reply_document(r, 201, id);
    }
}

/* GET /v1/documents/{id}: with how many read it and how many still wait for a delivery. */
void documents_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_document(r, 200, id);
    }
}

/* GET /v1/documents: newest first; a member sees those it is a reader of. */
void documents_list(struct req *r)
{
    struct document *rows = NULL;
    size_t n = 0;
    int limit;
    char after[24];
    if (!page_params_or_reply(r, "documents", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err = documents_db_list(r->db, r->claims.office, req_acting_member(r),
                                        after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = typed_page(r, "documents", rows, n, sizeof(*rows), limit, document_json, document_key);
    free(rows);
    reply_json_take(r, 200, body);
}

/* GET /v1/documents/{id}/readers?status=read|unread: by member; a member sees its own row. */
void document_readers_list(struct req *r)
{
    static const char *const statuses[] = {"read", "unread", NULL};
    struct document d;
    struct db_rows rows;
    const char *status = NULL;
    int64_t id = 0;
    int limit;
    char after[24];
    if (!id_param_or_reply(r, &id) || !page_params_or_reply(r, "readers", &limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &status)) {
        return;
    }
    if (req_is_secretary(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "office staff list the readers", NULL);
        return;
    }
    enum yh_err err = documents_db_get(r->db, r->claims.office, id, &d);
    if (err == YH_OK) {
        err = readers_db_list(r->db, r->claims.office, id, status, req_acting_member(r),
                              after[0] ? strtoll(after, NULL, 10) : 0, limit, &rows);
    }
    if (err != YH_OK) {
        reply_error(r, err, "document");
        return;
    }
    reply_json_take(r, 200, page_of_view(r, "readers", &rows, limit, &readers_view));
}

struct read_body {
    int64_t member_id;
    char how[10], on[11];
};
static const char *const hows[] = {"read", "delivered", NULL};
static const struct field read_fields[] = {
    FIELD_ID("member_id", struct read_body, member_id, FF_REQUIRED),
    FIELD_ENUM("how", struct read_body, how, hows, 0),
    FIELD_DATE("on", struct read_body, on, 0),
};

/* Reads the body of a read of document d into b (on: today when not given); false when
 * it has replied. */
static bool read_body_or_reply(struct req *r, const struct document *d, struct read_body *b)
{
    struct verrs v = {0};
    char today[11];
    const char *why;
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    body_read(r, read_fields, ARRAY_LEN(read_fields), b, true, NULL, &v);
    today_cn(today);
    if (!b->on[0]) {
        memcpy(b->on, today, sizeof(b->on));
    }
    if (v.n == 0 && (why = document_read_refusal(d->issued_on, b->on, today)) != NULL) {
        verr_add(&v, "on", why);
    }
    if (req_acting_member(r) != 0 && strcmp(b->how, "delivered") == 0) {
        verr_add(&v, "how", "a member records its own reading; staff record deliveries");
    }
    return verrs_ok_or_reply(r, &v);
}

/* POST /v1/documents/{id}/reads {member_id, how?: read|delivered, on?}: staff record a
 * reading or a delivery home; a member in the app records its own reading; nobody else
 * (403). */
void document_reads_record(struct req *r)
{
    struct document d;
    struct read_body b = {.how = "read"};
    int64_t id = 0;
    if (!id_param_or_reply(r, &id) || !body_known_or_reply(r, read_fields, ARRAY_LEN(read_fields))) {
        return;
    }
    enum yh_err err = documents_db_get(r->db, r->claims.office, id, &d);
    if (err != YH_OK) {
        reply_error(r, err, "document");
        return;
    }
    if (!read_body_or_reply(r, &d, &b) || !audience_answerer_or_reply(r, b.member_id)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = readers_db_read(r->db, r->claims.office, id, b.member_id, b.how, b.on, r->claims.sub);
    }
    if (err == YH_OK) {
        err = req_audit(r, "document.read", "member", b.member_id);
    }
    if (!commit_or_reply(r, err, "reader")) {
        return;
    }
    struct db_rows rows;
    err = readers_db_list(r->db, r->claims.office, id, NULL, b.member_id, 0, 1, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, rows.nrows ? view_row(&rows, 0, &readers_view) : cJSON_CreateObject());
    db_rows_free(&rows);
}
