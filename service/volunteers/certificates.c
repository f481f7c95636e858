/* Volunteer service certificates (志愿服务记录证明, 2020 办法): the PDF of a volunteer's
 * counted hours in a period (GET /v1/volunteers/{id}/certificate), each one recorded
 * with the entries it counted, and its public verification (GET /v1/certificates/{n}). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/members_db.h"
#include "yinhui/offices_db.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/relocation.h"
#include "yinhui/vcert.h"
#include "yinhui/volunteer_req.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* What one certificate shows, gathered before it is rendered. */
struct cert_job {
    struct volunteer v;
    struct vcert c;
    struct office office;
    struct vcert_line *lines;
    size_t n;
    char volunteer_no[14];
    const char *id_type; /* vcert_id_shown's; NULL: none on record */
    char id_masked[19];
};

/* ?from=&to= (both days included); false when it has replied 400 or 422 naming one. */
static bool period_or_reply(struct req *r, struct vcert *c)
{
    const char *from = query_get(&r->q, "from"), *to = query_get(&r->q, "to"), *field = NULL;
    char today[11];
    bool bad = false;
    today_cn(today);
    const char *why = vcert_period_refusal(from, to, today, &field, &bad);
    if (why != NULL) {
        struct verrs e = {0};
        verr_add(&e, field, why);
        reply_problem(r, bad ? YH_ERR_BAD_REQUEST : YH_ERR_VALIDATION, why, &e);
        return false;
    }
    snprintf(c->from, sizeof(c->from), "%s", from);
    snprintf(c->to, sizeof(c->to), "%s", to);
    return true;
}

/* The office's name, responsible person and contact (409 naming the setting when one is
 * not set) and the counted entries of the period (409 when none, 422 when too many). */
static bool office_and_entries_or_reply(struct req *r, struct cert_job *j)
{
    struct verrs e = {0};
    struct vsettings set;
    enum yh_err err = offices_db_get(r->db, r->claims.office, r->claims.office, &j->office);
    if (err == YH_OK) {
        err = vsettings_db_get(r->db, r->claims.office, &set);
    }
    if (err == YH_OK) {
        snprintf(j->c.responsible, sizeof(j->c.responsible), "%s", set.cert_responsible);
        snprintf(j->c.contact, sizeof(j->c.contact), "%s", set.cert_contact);
    }
    if (err == YH_OK && (!j->c.responsible[0] || !j->c.contact[0])) {
        verr_add(&e, j->c.responsible[0] ? "cert_contact" : "cert_responsible", "is not set");
        reply_problem(r, YH_ERR_CONFLICT,
                      "a certificate names the issuing office's responsible person and contact: set "
                      "cert_responsible and cert_contact with PATCH /v1/volunteer-settings first",
                      &e);
        return false;
    }
    if (err == YH_OK) {
        err = vcert_db_entries(r->db, r->claims.office, j->v.id, j->c.from, j->c.to, VCERT_MAX_ENTRIES + 1,
                               &j->lines, &j->n);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
    } else if (j->n == 0) {
        reply_problem(r, YH_ERR_CONFLICT, "no counted service hours in this period: nothing to certify",
                      NULL);
    } else if (j->n > VCERT_MAX_ENTRIES) {
        verr_add(&e, "from", "the period holds more than 500 services: ask for a shorter one");
        reply_problem(r, YH_ERR_VALIDATION, e.e[0].message, &e);
    } else {
        return true;
    }
    return false;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The total minutes of the lines and the identity of what they count (key). */
static enum yh_err cert_key(struct cert_job *j, unsigned char key[32])
{
    int64_t *ids = calloc(j->n, sizeof(*ids));
    if (ids == NULL) {
        return YH_ERR_INTERNAL;
    }
    j->c.minutes = 0;
    for (size_t i = 0; i < j->n; i++) {
        ids[i] = j->lines[i].id;
        j->c.minutes += j->lines[i].minutes;
    }
    /* the lines come by day then id: the key wants the ids ascending */
    qsort(ids, j->n, sizeof(*ids), cmp_id);
    vcert_entries_key(ids, j->n, key);
    free(ids);
    return YH_OK;
}

/* Inside the caller's transaction: the certificate recorded before for the same
 * volunteer, period and entries, else a new one (409 when a concurrent request's insert
 * won: the caller starts again and finds it). */
static enum yh_err cert_record(struct req *r, struct cert_job *j, const unsigned char key[32])
{
    enum yh_err err = vcert_db_find(r->db, r->claims.office, j->v.id, j->c.from, j->c.to, key, &j->c);
    if (err != YH_ERR_NOT_FOUND) {
        return err;
    }
    snprintf(j->c.office, sizeof(j->c.office), "%s", r->claims.office);
    snprintf(j->c.issued_by, sizeof(j->c.issued_by), "%s", r->claims.sub);
    j->c.volunteer_id = j->v.id;
    j->c.entries = (int64_t)j->n;
    today_cn(j->c.issued_on);
    return vcert_db_insert(r->db, &j->c, atoi(j->c.issued_on), key, j->lines, j->n);
}

/* The volunteer's ID number from the member record, opened and masked (none for a
 * volunteer who is not a member, or a member without one). */
static enum yh_err cert_idno(struct req *r, struct cert_job *j)
{
    struct member m;
    char id[64];
    if (j->v.member_id == 0) {
        return YH_OK;
    }
    enum yh_err err = members_db_get(r->db, r->claims.office, j->v.member_id, &m);
    if (err != YH_OK || m.id_enc_len == 0) {
        return err == YH_ERR_NOT_FOUND ? YH_OK : err;
    }
    if (pii_open_into(&r->app->cfg, m.id_enc, m.id_enc_len, id, sizeof(id)) != 0) {
        return YH_ERR_INTERNAL;
    }
    j->id_type = vcert_id_shown(id, j->id_masked);
    explicit_bzero(id, sizeof(id));
    return YH_OK;
}

/* The PDF of the certificate into pdf; YH_ERR_UNAVAILABLE when the font is missing,
 * YH_ERR_INTERNAL when it could not be rendered. */
static enum yh_err cert_render(struct req *r, const struct cert_job *j, struct buf *pdf)
{
    char url[320], code[VCERT_CODE_LEN + 1];
    vcert_check_code(r->app->cfg.master_key, j->c.number, code);
    snprintf(url, sizeof(url), "%s/v1/certificates/%s?c=%s", r->app->cfg.public_base_url, j->c.number, code);
    struct vcert_doc d = {
        .number = j->c.number,
        .check_code = code,
        .name = j->v.name,
        .volunteer_no = j->volunteer_no,
        .id_type = j->id_type,
        .id_masked = j->id_masked,
        .from = j->c.from,
        .to = j->c.to,
        .issued_on = j->c.issued_on,
        .office_name = j->office.name,
        .responsible = j->c.responsible,
        .contact = j->c.contact,
        .verify_url = url,
        .minutes = j->c.minutes,
        .lines = j->lines,
        .nlines = j->n,
    };
    int rc = vcert_pdf(&d, pdf);
    return rc == 0 ? YH_OK : rc == VCERT_NO_FONT ? YH_ERR_UNAVAILABLE : YH_ERR_INTERNAL;
}

/* Records the certificate, renders it and audits its showing in one transaction:
 * nothing is committed (no number used, no entries recorded) unless the PDF was
 * produced. The office's number row stays locked while it renders (tens of ms): two new
 * certificates of one office are issued one after the other. */
static enum yh_err cert_issue(struct req *r, struct cert_job *j, struct buf *pdf, enum yh_err *render_err)
{
    unsigned char key[32];
    enum yh_err err = cert_key(j, key);
    /* a second round when a concurrent request recorded the same certificate first: a
     * new transaction sees it (this one's snapshot would not) */
    for (int round = 0; round < 2 && err == YH_OK; round++) {
        pdf->len = 0;
        err = db_begin(r->db);
        if (err == YH_OK) {
            err = cert_record(r, j, key);
            if (err == YH_OK) {
                err = cert_render(r, j, pdf);
                *render_err = err;
            }
            if (err == YH_OK) { /* the name and masked ID number are shown */
                err = req_audit(r, "volunteer.certificate", "volunteer", j->v.id);
            }
            err = db_finish(r->db, err);
        }
        if (err != YH_ERR_CONFLICT || round == 1) {
            break;
        }
        err = YH_OK;
    }
    return err;
}

static void reply_pdf(struct req *r, const struct cert_job *j, const struct buf *pdf)
{
    char disp[80];
    snprintf(disp, sizeof(disp), "inline; filename=\"certificate-%s.pdf\"", j->c.number);
    reply_header(r, "Content-Disposition", disp);
    reply_header(r, "Cache-Control", "private, no-store");
    reply_raw(r, 200, "application/pdf", pdf->data, pdf->len);
}

/* GET /v1/volunteers/{id}/certificate */
void vcert_get(struct req *r)
{
    struct cert_job j = {0};
    int64_t id = 0;
    if (!volunteer_of_path_or_reply(r, &id, &j.v) || !period_or_reply(r, &j.c) ||
        !office_and_entries_or_reply(r, &j)) {
        free(j.lines);
        return;
    }
    struct buf pdf = {0};
    enum yh_err render_err = YH_OK;
    enum yh_err err = vcert_db_volunteer_no(r->db, r->claims.office, j.v.id, j.volunteer_no);
    if (err == YH_OK) {
        err = cert_idno(r, &j);
    }
    if (err == YH_OK) {
        err = cert_issue(r, &j, &pdf, &render_err);
    }
    if (render_err == YH_ERR_UNAVAILABLE) {
        reply_problem(r, render_err,
                      "the font " VCERT_FONT " is not installed (package fonts-noto-cjk): certificates "
                      "cannot be issued until it is installed and the service restarted",
                      NULL);
    } else if (render_err != YH_OK) {
        reply_problem(r, YH_ERR_INTERNAL, "the certificate could not be rendered", NULL);
    } else if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
    } else {
        reply_pdf(r, &j, &pdf);
    }
    buf_free(&pdf);
    free(j.lines);
}

/* GET /v1/certificates/{number}?c={code}: public (the QR code's page), the masked name
 * only. A wrong or missing check code is answered as an unknown number (404). */
void vcert_verify(struct req *r)
{
    const char *number = path_param(&r->pp, "number");
    struct vcert_public c;
    char name[4 + 3 * 200], hours[24];
    if (number == NULL || !vcert_no_valid(number)) {
        struct verrs e = {0};
        verr_add(&e, "number", "must be a certificate number of 16 digits");
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return;
    }
    enum yh_err err = vcert_check_code_ok(r->app->cfg.master_key, number, query_get(&r->q, "c"))
                          ? vcert_db_public(r->db, number, &c)
                          : YH_ERR_NOT_FOUND;
    if (err != YH_OK) {
        reply_error(r, err, "certificate");
        return;
    }
    relocation_mask_name(c.name, name, sizeof(name));
    vcert_hours_text(c.minutes, hours, sizeof(hours));
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "number", c.number);
    cJSON_AddBoolToObject(o, "genuine", true);
    cJSON_AddStringToObject(o, "name", name);
    cJSON_AddStringToObject(o, "from", c.from);
    cJSON_AddStringToObject(o, "to", c.to);
    cJSON_AddNumberToObject(o, "minutes", (double)c.minutes);
    cJSON_AddStringToObject(o, "hours", hours);
    cJSON_AddNumberToObject(o, "services", (double)c.entries);
    cJSON *office = cJSON_AddObjectToObject(o, "issuing_office");
    cJSON_AddStringToObject(office, "code", c.office);
    cJSON_AddStringToObject(office, "name", c.office_name);
    cJSON_AddStringToObject(o, "issued_on", c.issued_on);
    cJSON_AddBoolToObject(o, "corrected", c.corrected);
    reply_json_take(r, 200, o);
}
