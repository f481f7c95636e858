/* GET /v1/members/export: the office's members as the CSV spreadsheet offices keep
 * (masked unless ?reveal=true, which is audited). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/csv.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/org.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"

/* Appends m as one CSV line to out, personal values from p, masked unless full. */
static void export_row(struct buf *out, const struct member *m, const struct member_plain *p, bool full)
{
    char masked[900];
    const char *cells[MC_NCOLS];
    cells[MC_NAME] = m->name;
    cells[MC_GENDER] = m->gender;
    /* masked: the birth year only (with the division code the date rebuilds the number) */
    char year[5];
    snprintf(year, sizeof(year), "%.4s", m->birth_date);
    cells[MC_BIRTH] = full ? m->birth_date : year;
    if (full) {
        cells[MC_IDNO] = p->id_number;
    } else {
        static __thread char id[19];
        mask_idno(p->id_number, id);
        cells[MC_IDNO] = id;
    }
    static __thread char phone[32];
    if (!full && p->phone[0]) {
        mask_phone(p->phone, phone, sizeof(phone));
        cells[MC_PHONE] = phone;
    } else {
        cells[MC_PHONE] = p->phone;
    }
    if (!full && p->address[0]) {
        mask_address(p->address, masked, sizeof(masked));
        cells[MC_ADDRESS] = masked;
    } else {
        cells[MC_ADDRESS] = p->address;
    }
    cells[MC_RESIDENCE] = m->residence_code;
    cells[MC_JOINED] = m->joined_on;
    cells[MC_CATEGORY] = m->category;
    cells[MC_WORK_UNIT] = m->work_unit;
    cells[MC_HEALTH] = p->health;
    cells[MC_STATUS] = m->status;
    cells[MC_STATUS_ON] = m->status_on;
    cells[MC_BRANCH] = m->branch_name;
    cells[MC_NOTES] = m->notes;
    cells[MC_FULL_MEMBER] = m->full_member_on;
    cells[MC_FULL_ESTIMATED] = m->full_member_estimated ? "true" : "false";
    cells[MC_PROBATION] = m->party_probation_until;
    cells[MC_MEDAL_INELIGIBLE] = m->medal_ineligible_reason;
    cells[MC_TREATMENT] = m->treatment_level;
    cells[MC_FORMER_POSITION] = m->former_position;
    cells[MC_MANAGED_UNIT] = m->managed_with_unit;
    cells[MC_MANAGED_BRANCH] = m->managed_with_branch;
    for (int i = 0; i < MC_NCOLS; i++) {
        if (i > 0) {
            buf_append(out, ",", 1);
        }
        csv_field(out, cells[i]);
    }
    buf_append(out, "\r\n", 2);
}

/* Appends the header and the rows of every member matching f to out, 500 at a time;
 * *total counts the rows. */
static enum yh_err export_csv(struct req *r, struct member_filter *f, bool full, struct buf *out,
                              size_t *total)
{
    struct member *rows = NULL;
    size_t n = 0;
    enum yh_err err = YH_OK;
    buf_puts(out, "\xEF\xBB\xBF"); /* spreadsheets read UTF-8 by its BOM */
    for (int i = 0; i < MC_NCOLS; i++) {
        buf_printf(out, "%s%s", i ? "," : "", i == MC_BIRTH && !full ? "birth_year" : member_csv_columns[i]);
    }
    buf_append(out, "\r\n", 2);
    f->limit = 500;
    do {
        err = members_db_list(r->db, r->claims.office, f, &rows, &n);
        size_t shown = n > (size_t)f->limit ? (size_t)f->limit : n;
        for (size_t i = 0; err == YH_OK && i < shown; i++) {
            struct member_plain p;
            if (member_open(&r->app->cfg, &rows[i], &p) != 0) {
                err = YH_ERR_INTERNAL;
                break;
            }
            export_row(out, &rows[i], &p, full);
            f->after_id = rows[i].id;
            (*total)++;
        }
        free(rows);
        rows = NULL;
    } while (err == YH_OK && n > (size_t)f->limit);
    return err;
}

/* GET /v1/members/export: the CSV file of ?status= members (of ?branch=). */
void members_export(struct req *r)
{
    static const char *const statuses[] = {"active", "transferred_out", "deceased", "all", NULL};
    struct member_filter f = {0};
    struct buf out = {0};
    size_t total = 0;
    bool ok = true;
    bool full = reveal_requested(r, &ok);

    if (!ok || !query_id_or_reply(r, "branch", &f.branch_id) ||
        !query_enum_or_reply(r, "status", statuses, &f.status)) {
        return;
    }
    f.relocated = -1;
    enum yh_err err = export_csv(r, &f, full, &out, &total);
    if (err == YH_OK && full) {
        err = req_audit(r, "member.export_pii", "members", (int64_t)total);
    }
    if (err != YH_OK) {
        buf_free(&out);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    reply_header(r, "Content-Disposition", "attachment; filename=\"members.csv\"");
    reply_raw(r, 200, "text/csv; charset=utf-8", out.data, out.len);
    buf_free(&out);
}
