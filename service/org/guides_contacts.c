/* The guides' contact log (issue 15): a guide's visits, calls, lectures and meetings with a
 * branch it guides (/v1/branches/{id}/guide-contacts), per guide (/v1/guides/{id}/contacts),
 * one contact with its texts and follow-ups (/v1/guide-contacts/{id}), open problems
 * (/v1/guide-contacts/problems) and their follow-up. Summary, problem and follow-up notes
 * may name members, so they are sealed at rest and shown like visit notes: only with
 * ?reveal=true and pii:read, audited as guide_contact.read_texts; lists never show them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/branches_db.h"
#include "yinhui/guides.h"
#include "yinhui/guides_db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/org.h"
#include "yinhui/org_body.h"
#include "yinhui/page.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define CONTACTS_TAG "guide-contacts"
#define PROBLEMS_TAG "guide-problems"
#define TEXT_BYTES 4001 /* GUIDE_TEXT_MAX characters of up to 4 bytes */

static const char *const contact_kinds[] = {"visit", "call", "lecture", "meeting", "other", NULL};

static const struct field contact_fields[] = {
    FIELD_ID("account_id", struct guide_contact, account_id, 0),
    FIELD_ENUM("kind", struct guide_contact, kind, contact_kinds, FF_REQUIRED),
    FIELD_DATE("on", struct guide_contact, on, FF_REQUIRED),
    FIELD_OTHER("summary", FF_REQUIRED),
    FIELD_OTHER("problem", FF_NULLABLE),
};

struct follow_body {
    bool resolved;
};
static const struct field follow_fields[] = {
    FIELD_OTHER("note", FF_REQUIRED),
    FIELD_BOOL("resolved", struct follow_body, resolved, FF_REQUIRED),
};

/* Reads free text name (multi-line, 1..1000 characters) into out[TEXT_BYTES]; "" when absent
 * or null and not required. Adds to v when refused (an absent required field is named by
 * the body's declaration already). */
static void text_take(const struct req *r, const char *name, bool required, char *out, struct verrs *v)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(r->json, name);
    const char *why = NULL;
    out[0] = '\0';
    if (t == NULL) {
        return;
    }
    if (cJSON_IsNull(t)) {
        why = required ? "must not be null" : NULL;
    } else if (!cJSON_IsString(t) || strlen(t->valuestring) >= TEXT_BYTES) {
        why = "must be text of at most 1000 characters";
    } else if ((why = guide_text_refusal(t->valuestring)) == NULL) {
        snprintf(out, TEXT_BYTES, "%s", t->valuestring);
    }
    if (why != NULL) {
        verr_add(v, name, why);
    }
}

/* The account id of the caller (0 for an integration client). */
static int64_t caller_account(const struct req *r)
{
    int64_t id = 0;
    return strncmp(r->claims.sub, "account:", 8) == 0 && id_parse(r->claims.sub + 8, &id) ? id : 0;
}

/* Checks contact c of branch bid: the guide (default the caller) has an open link to the
 * branch started on or before c->on, which is not in the future. Returns a db error only. */
static enum yh_err contact_check(struct req *r, int64_t bid, struct guide_contact *c, struct verrs *v)
{
    struct guide_link l;
    char today[11];
    const char *why = NULL;
    if (c->account_id == 0) {
        c->account_id = caller_account(r);
    }
    enum yh_err err = guides_db_open_link(r->db, r->claims.office, bid, c->account_id, &l);
    if (err == YH_ERR_NOT_FOUND) {
        verr_add(v, "account_id", "must be a guide of this branch (an open link); the caller when not given");
        return YH_OK;
    }
    today_cn(today);
    if (err == YH_OK && (why = guide_contact_on_refusal(c->on, l.started_on, today)) != NULL) {
        verr_add(v, "on", why);
    }
    return err;
}

/* Seals text into dst (cap bytes, *len). False when it has replied 500. */
static bool seal_or_reply(struct req *r, const char *text, unsigned char *dst, size_t cap, size_t *len)
{
    if (pii_seal_into(&r->app->cfg, text, dst, cap, len) != 0) {
        reply_problem(r, YH_ERR_INTERNAL, "the text could not be sealed", NULL);
        return false;
    }
    return true;
}

/* Reads and checks the body of a new contact of branch bid into c and its sealed texts t.
 * False when it has replied. */
static bool contact_take_or_reply(struct req *r, int64_t bid, struct guide_contact *c,
                                  struct guide_contact_texts *t)
{
    struct verrs v = {0};
    char summary[TEXT_BYTES], problem[TEXT_BYTES];
    enum yh_err err = YH_OK;
    if (!org_body_read_or_reply(r, contact_fields, ARRAY_LEN(contact_fields), c, true, &v)) {
        return false;
    }
    text_take(r, "summary", true, summary, &v);
    text_take(r, "problem", false, problem, &v);
    if (v.n == 0) {
        err = contact_check(r, bid, c, &v);
    }
    return checks_ok_or_reply(r, err, &v) &&
           seal_or_reply(r, summary, t->summary, sizeof(t->summary), &t->summary_len) &&
           seal_or_reply(r, problem, t->problem, sizeof(t->problem), &t->problem_len);
}

/* POST /v1/branches/{id}/guide-contacts {account_id?, kind, on, summary, problem?}
 * (Idempotency-Key): the guide's contact; the pair's last contact moves. 201. */
void guide_contacts_create(struct req *r)
{
    struct branch b;
    struct guide_contact c = {0};
    struct guide_contact_texts *t = calloc(1, sizeof(*t));
    int64_t bid = 0, id = 0;
    char coll[64];
    if (t == NULL || !guide_branch_or_reply(r, &bid, &b) ||
        !body_known_or_reply(r, contact_fields, ARRAY_LEN(contact_fields)) ||
        !contact_take_or_reply(r, bid, &c, t)) {
        if (t == NULL) {
            reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        }
        free(t);
        return;
    }
    c.branch_id = bid;
    snprintf(c.recorded_by, sizeof(c.recorded_by), "%s", r->claims.sub);
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = guides_db_contact_insert(r->db, r->claims.office, &c, t, &id);
    }
    free(t);
    if (err == YH_OK) {
        err = guides_db_touch(r->db, r->claims.office, bid, c.account_id, c.on);
    }
    if (err == YH_OK) {
        err = req_audit(r, "guide_contact.create", "guide_contact", id);
    }
    if (err == YH_OK) {
        err = guides_db_contact_get(r->db, r->claims.office, id, &c);
    }
    if (commit_or_reply(r, err, "guide contact")) {
        snprintf(coll, sizeof(coll), "/v1/branches/%lld/guide-contacts", (long long)bid);
        reply_created_take(r, coll, id, guide_contact_json(&c));
    }
}

/* Replies a page of contacts (branch bid, account aid or open problems when open_only). */
static void contacts_reply(struct req *r, const char *tag, int64_t bid, int64_t aid, bool open_only)
{
    struct guide_contact *rows = NULL;
    char after[32];
    int64_t after_id = 0;
    int limit = PAGE_DEFAULT;
    size_t n = 0;
    if (!page_params_or_reply(r, tag, &limit, after, sizeof(after))) {
        return;
    }
    if (after[0] && !id_parse(after, &after_id)) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "cursor is not one of this list's", NULL);
        return;
    }
    enum yh_err err =
        guides_db_contacts(r->db, r->claims.office, bid, aid, open_only, after_id, limit, &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200,
                    typed_page(r, tag, rows, n, sizeof(*rows), limit, guide_contact_json, typed_key_id));
    free(rows);
}

/* GET /v1/branches/{id}/guide-contacts: the branch's contacts, newest first; a secretary
 * reads its own branch's. */
void guide_contacts_branch(struct req *r)
{
    struct branch b;
    int64_t bid = 0;
    if (guide_branch_or_reply(r, &bid, &b)) {
        contacts_reply(r, CONTACTS_TAG, bid, 0, false);
    }
}

/* GET /v1/guides/{id}/contacts: one guide's contacts with every branch, newest first. */
void guide_contacts_of_guide(struct req *r)
{
    int64_t aid = 0;
    char role[16];
    bool disabled = false;
    if (!id_param_or_reply(r, &aid)) {
        return;
    }
    enum yh_err err = guides_db_account(r->db, r->claims.office, aid, role, &disabled);
    if (err != YH_OK) {
        reply_error(r, err, "guide");
        return;
    }
    contacts_reply(r, CONTACTS_TAG, 0, aid, false);
}

/* GET /v1/guide-contacts/problems: open problems, newest first (a secretary: its branch's). */
void guide_contacts_problems(struct req *r)
{
    int64_t bid = 0;
    if (branch_scope_or_reply(r, &bid)) {
        contacts_reply(r, PROBLEMS_TAG, bid, 0, true);
    }
}

/* The contact {id} of the path the caller may see into *c. False when it has replied 404. */
static bool contact_of_path_or_reply(struct req *r, struct guide_contact *c)
{
    int64_t id = 0;
    if (!id_param_or_reply(r, &id)) {
        return false;
    }
    enum yh_err err = guides_db_contact_get(r->db, r->claims.office, id, c);
    if (err != YH_OK) {
        reply_error(r, err, "guide contact");
        return false;
    }
    return branch_reachable_or_reply(r, c->branch_id);
}

/* Adds name: the opened text of sealed[0..n) (null when n is 0). Returns -1 when it would
 * not open. */
static int add_opened(struct req *r, cJSON *j, const char *name, const unsigned char *sealed, size_t n)
{
    char text[TEXT_BYTES];
    if (n == 0) {
        cJSON_AddNullToObject(j, name);
        return 0;
    }
    if (pii_open_into(&r->app->cfg, sealed, n, text, sizeof(text)) != 0) {
        return -1;
    }
    cJSON_AddStringToObject(j, name, text);
    return 0;
}

/* The follow-ups of contact id as an array, notes opened when reveal. */
static enum yh_err follow_ups_json(struct req *r, int64_t id, bool reveal, cJSON *j)
{
    struct guide_follow_up *f = NULL;
    size_t n = 0;
    enum yh_err err = guides_db_follow_ups(r->db, r->claims.office, id, &f, &n);
    cJSON *a = cJSON_AddArrayToObject(j, "follow_ups");
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        cJSON *it = cJSON_CreateObject();
        cJSON_AddItemToArray(a, it);
        cJSON_AddBoolToObject(it, "resolved", f[i].resolved);
        cJSON_AddStringToObject(it, "followed_on", f[i].followed_on);
        cJSON_AddStringToObject(it, "created_by", f[i].created_by);
        cJSON_AddStringToObject(it, "created_at", f[i].created_at);
        if (!reveal) {
            cJSON_AddNullToObject(it, "note");
        } else if (add_opened(r, it, "note", f[i].note, f[i].note_len) != 0) {
            err = YH_ERR_INTERNAL;
        }
    }
    free(f);
    return err;
}

/* Adds the texts of contact c to j: opened when reveal (the read audited), else null with
 * texts_sealed true. */
static enum yh_err contact_texts_json(struct req *r, const struct guide_contact *c, bool reveal, cJSON *j)
{
    struct guide_contact_texts *t = calloc(1, sizeof(*t));
    enum yh_err err = t ? guides_db_contact_texts(r->db, r->claims.office, c->id, t) : YH_ERR_INTERNAL;
    if (err == YH_OK && reveal) {
        err = req_audit(r, "guide_contact.read_texts", "guide_contact", c->id);
    }
    if (err == YH_OK && reveal &&
        (add_opened(r, j, "summary", t->summary, t->summary_len) != 0 ||
         add_opened(r, j, "problem", t->problem, t->problem_len) != 0)) {
        err = YH_ERR_INTERNAL;
    }
    if (err == YH_OK && !reveal) {
        cJSON_AddNullToObject(j, "summary");
        cJSON_AddNullToObject(j, "problem");
    }
    cJSON_AddBoolToObject(j, "texts_sealed", !reveal);
    free(t);
    return err == YH_OK ? follow_ups_json(r, c->id, reveal, j) : err;
}

/* GET /v1/guide-contacts/{id}?reveal=: the contact with its follow-ups; the texts opened
 * only with reveal=true and pii:read (audited). A secretary reads its branch's. */
void guide_contacts_get(struct req *r)
{
    struct guide_contact c;
    bool ok = true, reveal = reveal_requested(r, &ok);
    if (!ok || !contact_of_path_or_reply(r, &c)) {
        return;
    }
    cJSON *j = guide_contact_json(&c);
    enum yh_err err = contact_texts_json(r, &c, reveal, j);
    if (err != YH_OK) {
        cJSON_Delete(j);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_json_take(r, 200, j);
}

/* POST /v1/guide-contacts/{id}/follow-up {note, resolved} (If-Match): a follow-up of the
 * problem found; resolved closes it (resolved_on today). 409 when the contact found no
 * problem or it is resolved already. */
void guide_contacts_follow_up(struct req *r)
{
    struct guide_contact c;
    struct follow_body fb = {0};
    struct guide_follow_up *f = calloc(1, sizeof(*f));
    struct verrs v = {0};
    char note[TEXT_BYTES];
    int64_t version = 0;
    if (f == NULL || !body_known_or_reply(r, follow_fields, ARRAY_LEN(follow_fields)) ||
        !contact_of_path_or_reply(r, &c) || !req_if_match_or_reply(r, &version) ||
        !org_body_read_or_reply(r, follow_fields, ARRAY_LEN(follow_fields), &fb, true, &v)) {
        free(f);
        return;
    }
    text_take(r, "note", true, note, &v);
    if (!verrs_ok_or_reply(r, &v)) {
        free(f);
        return;
    }
    if (strcmp(c.problem_state, "open") != 0) {
        reply_problem(r, YH_ERR_CONFLICT,
                      c.has_problem ? "the problem is resolved; a new problem is a new contact"
                                    : "the contact found no problem to follow up",
                      NULL);
        free(f);
        return;
    }
    f->resolved = fb.resolved;
    today_cn(f->followed_on);
    snprintf(f->created_by, sizeof(f->created_by), "%s", r->claims.sub);
    if (!seal_or_reply(r, note, f->note, sizeof(f->note), &f->note_len)) {
        free(f);
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = guides_db_contact_state(r->db, r->claims.office, c.id, version,
                                      fb.resolved ? "resolved" : "open", fb.resolved ? f->followed_on : "");
    }
    if (err == YH_OK) {
        err = guides_db_follow_up_insert(r->db, r->claims.office, c.id, f);
    }
    if (err == YH_OK) {
        err = req_audit(r, "guide_contact.follow_up", "guide_contact", c.id);
    }
    if (err == YH_OK) {
        err = guides_db_contact_get(r->db, r->claims.office, c.id, &c);
    }
    free(f);
    if (commit_or_reply(r, err, "guide contact")) {
        reply_json_take(r, 200, guide_contact_json(&c));
    }
}
