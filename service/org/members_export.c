/* GET /v1/members/export: the office's members as the spreadsheet offices keep, CSV or
 * .xlsx (masked unless ?reveal=true, which is audited, in either format). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/org.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"
#include "yinhui/sheet.h"

/* Scratch for the masked values of one row. */
struct masked_cells {
    char year[5], id[19], phone[32], address[900];
};

/* Writes m as one row of sh, personal values from p, masked unless full. */
static void export_row(struct sheet *sh, const struct member *m, const struct member_plain *p, bool full,
                       struct masked_cells *x)
{
    const char *cells[MC_NCOLS];
    cells[MC_NAME] = m->name;
    cells[MC_GENDER] = m->gender;
    /* masked: the birth year only (with the division code the date rebuilds the number) */
    snprintf(x->year, sizeof(x->year), "%.4s", m->birth_date);
    cells[MC_BIRTH] = full ? m->birth_date : x->year;
    cells[MC_IDNO] = p->id_number;
    if (!full) {
        mask_idno(p->id_number, x->id);
        cells[MC_IDNO] = x->id;
    }
    cells[MC_PHONE] = p->phone;
    if (!full && p->phone[0]) {
        mask_phone(p->phone, x->phone, sizeof(x->phone));
        cells[MC_PHONE] = x->phone;
    }
    cells[MC_ADDRESS] = p->address;
    if (!full && p->address[0]) {
        mask_address(p->address, x->address, sizeof(x->address));
        cells[MC_ADDRESS] = x->address;
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
        sheet_text(sh, cells[i]);
    }
    sheet_end_row(sh);
}

/* Writes the header (Chinese when zh) and the rows of every member matching f to sh,
 * 500 at a time; *total counts the rows. */
static enum yh_err export_rows(struct req *r, struct member_filter *f, bool full, bool zh, struct sheet *sh,
                               size_t *total)
{
    struct member *rows = NULL;
    size_t n = 0;
    enum yh_err err = YH_OK;
    struct masked_cells x;
    const char *header[MC_NCOLS];
    for (int i = 0; i < MC_NCOLS; i++) {
        header[i] = member_csv_header(i, zh, !full);
    }
    sheet_header(sh, header, MC_NCOLS);
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
            export_row(sh, &rows[i], &p, full, &x);
            f->after_id = rows[i].id;
            (*total)++;
        }
        free(rows);
        rows = NULL;
    } while (err == YH_OK && n > (size_t)f->limit);
    return err;
}

/* GET /v1/members/export: the file (?format=csv or xlsx, ?headers=en or zh) of ?status=
 * members (of ?branch=). */
void members_export(struct req *r)
{
    static const char *const statuses[] = {"active", "transferred_out", "deceased", "all", NULL};
    static const char *const formats[] = {"csv", "xlsx", NULL};
    struct member_filter f = {0};
    struct sheet sh;
    const char *format = NULL;
    size_t total = 0;
    bool ok = true, zh = false;
    bool full = reveal_requested(r, &ok);

    if (!ok || !query_id_or_reply(r, "branch", &f.branch_id) ||
        !query_enum_or_reply(r, "status", statuses, &f.status) ||
        !sheet_query_or_reply(r, formats, &format, &zh)) {
        return;
    }
    f.relocated = -1;
    if (!sheet_open(&sh, strcmp(format, "xlsx") == 0 ? SHEET_XLSX : SHEET_CSV, "党员名册")) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    enum yh_err err = export_rows(r, &f, full, zh, &sh, &total);
    if (err == YH_OK && full) {
        err = req_audit(r, "member.export_pii", "members", (int64_t)total);
    }
    if (err != YH_OK) {
        sheet_free(&sh);
        reply_problem(r, err, NULL, NULL);
        return;
    }
    sheet_reply(r, &sh, "members", "党员名册");
}
