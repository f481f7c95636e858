/* POST /v1/members/import: members from the CSV spreadsheet offices keep (English or
 * Chinese headers; UTF-8, or GB18030/GBK as Excel on Chinese Windows saves it), all or
 * nothing unless ?partial=true. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/branches_db.h"
#include "yinhui/csv.h"
#include "yinhui/db.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/member_json.h"
#include "yinhui/members_db.h"
#include "yinhui/org.h"
#include "yinhui/org_rules.h"
#include "yinhui/reach.h"
#include "yinhui/relocation.h"
#include "yinhui/treatment.h"
#include "yinhui/treatment_db.h"

#define IMPORT_ROWS_MAX 5000 /* about 10 KiB of working memory per row */

struct import_row {
    int line;
    struct member m;
    struct member_plain p;
    int64_t branch_id;
    struct verrs v;
    const char *result; /* created | exists | invalid */
    int64_t id;
};

/* Maps the header (English or Chinese names, member_csv_column) to column indexes; -1
 * for absent columns. False with msg on an unknown or repeated column or a missing
 * required one. */
static bool header_map(const char **fields, int n, int map[MC_NCOLS], char *msg, size_t msglen)
{
    for (int c = 0; c < MC_NCOLS; c++) {
        map[c] = -1;
    }
    for (int i = 0; i < n; i++) {
        int found = member_csv_column(fields[i]);
        if (found < 0 || map[found] >= 0) {
            snprintf(msg, msglen, "column %d \"%.40s\" is %s", i + 1, fields[i],
                     found < 0 ? "not a member column" : "repeated");
            return false;
        }
        map[found] = i;
    }
    if (map[MC_NAME] < 0 || map[MC_IDNO] < 0 || map[MC_CATEGORY] < 0) {
        snprintf(
            msg, msglen,
            "the header needs at least the columns name, id_number and category (姓名, 身份证号, 人员类别)");
        return false;
    }
    return true;
}

/* A cell with the spreadsheet-formula guard of the export undone. */
static const char *cell(const char **fields, int nf, const int map[MC_NCOLS], int c)
{
    const char *s = map[c] >= 0 && map[c] < nf ? fields[map[c]] : "";
    if (s[0] == '\'' && s[1] != '\0' && strchr("=+-@\t\r", s[1]) != NULL) {
        return s + 1;
    }
    return s;
}

/* Finds an open branch by exact name among the office's (NULL when none). */
static const struct branch *branch_by_name(const struct branch *b, size_t n, const char *name, int *matches)
{
    const struct branch *found = NULL;
    *matches = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(b[i].name, name) == 0) {
            found = &b[i];
            (*matches)++;
        }
    }
    return found;
}

/* Adds the row's standing cells to o as member_apply reads them: a full_member_on that the
 * file marks estimated (an export's round trip) is left out, so it is estimated again from
 * joined_on and stays flagged. */
static void standing_cells(const char **fields, int nf, const int map[MC_NCOLS], cJSON *o, struct verrs *v)
{
    const char *estimated = cell(fields, nf, map, MC_FULL_ESTIMATED);
    bool is_estimate = strcmp(estimated, "true") == 0;
    if (estimated[0] && !is_estimate && strcmp(estimated, "false") != 0) {
        verr_add(v, "full_member_estimated", "must be true or false");
    }
    const char *full = cell(fields, nf, map, MC_FULL_MEMBER);
    if (full[0] && !is_estimate) {
        cJSON_AddStringToObject(o, "full_member_on", full);
    }
    const char *until = cell(fields, nf, map, MC_PROBATION);
    if (until[0]) {
        cJSON_AddStringToObject(o, "party_probation_until", until);
    }
    const char *reason = cell(fields, nf, map, MC_MEDAL_INELIGIBLE);
    if (reason[0]) {
        cJSON_AddStringToObject(o, "medal_ineligible_reason", reason);
    }
}

/* The row's status and its date (a closed member needs the day it closed). */
static void status_cells(const char *status, const char *status_on, struct import_row *row)
{
    if (!status[0] || strcmp(status, "active") == 0) {
        snprintf(row->m.status, sizeof(row->m.status), "active");
    } else if (strcmp(status, "transferred_out") == 0 || strcmp(status, "deceased") == 0) {
        snprintf(row->m.status, sizeof(row->m.status), "%s", status);
        if (!date_valid(status_on)) {
            verr_add(&row->v, "status_on", "is required as YYYY-MM-DD when status is not active");
        } else {
            snprintf(row->m.status_on, sizeof(row->m.status_on), "%s", status_on);
        }
    } else {
        verr_add(&row->v, "status", "must be one of active, transferred_out, deceased");
    }
}

/* The row's branch by name among the office's open branches (one, and one it may join). */
static void branch_cell(const char *branch, const struct branch *branches, size_t nbranches,
                        struct import_row *row)
{
    if (branch[0]) {
        int matches = 0;
        const struct branch *b = branch_by_name(branches, nbranches, branch, &matches);
        struct member none = {0};
        const char *refusal = matches == 1 ? membership_target_refusal(b, &none, "primary") : NULL;
        row->branch_id = b != NULL ? b->id : 0;
        if (matches != 1) {
            verr_add(&row->v, "branch",
                     matches ? "names several open branches of this office"
                             : "no open branch of this office has this name");
        } else if (refusal != NULL) {
            verr_add(&row->v, "branch", refusal);
        } else if (strcmp(row->m.status, "active") != 0) {
            row->branch_id = 0; /* closed members keep no affiliation */
        }
    }
}

/* Reads one CSV row (fields by the header's map) into row: the member, its branch
 * among the office's open branches, and its errors. */
static void parse_row(struct req *r, const char **fields, int nf, const int map[MC_NCOLS], const char *today,
                      const struct branch *branches, size_t nbranches, struct import_row *row)
{
    static const char *const names[] = {"name",     "gender",    "birth_date",     "id_number",
                                        "phone",    "address",   "residence_code", "joined_on",
                                        "category", "work_unit", "health"};
    cJSON *o = cJSON_CreateObject();
    for (int c = 0; c <= MC_HEALTH; c++) {
        const char *s = cell(fields, nf, map, c);
        if (s[0]) {
            cJSON_AddStringToObject(o, names[c], s);
        }
    }
    standing_cells(fields, nf, map, o, &row->v);
    for (int c = MC_TREATMENT; c < MC_NCOLS; c++) { /* then 混编's two (h2) */
        const char *s = cell(fields, nf, map, c);
        if (s[0]) {
            cJSON_AddStringToObject(o, member_csv_columns[c], s);
        }
    }
    snprintf(row->m.office, sizeof(row->m.office), "%s", r->claims.office);
    member_apply(o, r->claims.office, today, &row->m, &row->p, &row->v);
    member_require(o, &row->m, &row->p, &row->v);
    cJSON_Delete(o);

    status_cells(cell(fields, nf, map, MC_STATUS), cell(fields, nf, map, MC_STATUS_ON), row);
    branch_cell(cell(fields, nf, map, MC_BRANCH), branches, nbranches, row);
    const char *why = relocation_managed_with_refusal(row->m.category, row->branch_id,
                                                      row->m.managed_with_unit, row->m.managed_with_branch);
    if (why != NULL) {
        verr_add(&row->v, "managed_with_unit", why);
    }
    const char *notes = cell(fields, nf, map, MC_NOTES);
    if (notes[0]) {
        if (utf8_len(notes) > 500) {
            verr_add(&row->v, "notes", "must be at most 500 characters");
        } else {
            snprintf(row->m.notes, sizeof(row->m.notes), "%s", notes);
        }
    }
}

/* Loads the open branches of the office (caller frees). */
static enum yh_err open_branches(struct req *r, struct branch **out, size_t *n)
{
    struct branch_filter f = {0};
    f.limit = 100000;
    return branches_db_list(r->db, r->claims.office, &f, out, n);
}

/* The checks of the last of rows[0, n) against the office and the file: a treatment
 * level of the office's, an ID number not on an earlier line. */
static void file_checks(struct import_row *rows, long n, const struct treatment_level *levels, size_t nlevels)
{
    struct import_row *row = &rows[n - 1];
    char msg[64];
    if (row->m.treatment_level[0] && !treatment_level_usable(levels, nlevels, row->m.treatment_level)) {
        verr_add(&row->v, "treatment_level", "is not one of the office's treatment levels");
    }
    for (long k = 0; k < n - 1 && row->p.id_set; k++) {
        if (rows[k].p.id_set && strcmp(rows[k].p.id_number, row->p.id_number) == 0) {
            snprintf(msg, sizeof(msg), "the same ID number is on line %d", rows[k].line);
            verr_add(&row->v, "id_number", msg);
            break;
        }
    }
}

/* Reads the header row of the file's text into map. False when it has replied 400
 * (scratch then freed). */
static bool header_or_reply(struct req *r, const struct buf *text, struct csv *c, struct buf *scratch,
                            const char **fields, int map[MC_NCOLS])
{
    char msg[200];
    csv_init(c, text->data, text->len);
    int nf = csv_row(c, scratch, fields, CSV_FIELDS_MAX);
    if (nf <= 0 || !header_map(fields, nf, map, msg, sizeof(msg))) {
        buf_free(scratch);
        reply_problem(r, YH_ERR_BAD_REQUEST, nf <= 0 ? "the file has no header row" : msg, NULL);
        return false;
    }
    return true;
}

/* Parses the whole file into rows. Returns the count, or -1 after replying 400. */
static long parse_file(struct req *r, const struct buf *text, struct import_row **out,
                       const struct branch *branches, size_t nbranches)
{
    struct csv c;
    struct buf scratch = {0};
    const char *fields[CSV_FIELDS_MAX];
    int map[MC_NCOLS];
    char msg[160], today[11];
    long n = 0, cap = 0;
    struct import_row *rows = NULL;
    struct treatment_level *levels = NULL;
    size_t nlevels = 0;

    *out = NULL;
    int nf = 0;
    if (!header_or_reply(r, text, &c, &scratch, fields, map)) {
        return -1;
    }
    today_cn(today);
    enum yh_err err = treatment_levels_db_all(r->db, r->claims.office, &levels, &nlevels);
    if (err != YH_OK) {
        buf_free(&scratch);
        reply_problem(r, err, NULL, NULL);
        return -1;
    }
    while ((nf = csv_row(&c, &scratch, fields, CSV_FIELDS_MAX)) != 0) {
        if (n >= IMPORT_ROWS_MAX) {
            snprintf(msg, sizeof(msg), "the file has more than %d rows; split it", IMPORT_ROWS_MAX);
            free(rows);
            free(levels);
            buf_free(&scratch);
            reply_problem(r, YH_ERR_TOO_LARGE, msg, NULL);
            return -1;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            rows = realloc(rows, (size_t)cap * sizeof(*rows));
        }
        struct import_row *row = &rows[n++];
        memset(row, 0, sizeof(*row));
        row->line = c.line;
        if (nf < 0) {
            verr_add(&row->v, "", "malformed CSV row (quotes or too many fields)");
            /* resynchronise at the next line */
            while (c.p < c.end && *c.p != '\n') {
                c.p++;
            }
            continue;
        }
        parse_row(r, fields, nf, map, today, branches, nbranches, row);
        file_checks(rows, n, levels, nlevels);
    }
    buf_free(&scratch);
    free(levels);
    *out = rows;
    return n;
}

/* Writes the valid rows in one unit of work begun here (the caller ends it); a row whose
 * ID number exists is left as it is. */
static enum yh_err import_rows(struct req *r, struct import_row *rows, long n)
{
    enum yh_err err = db_begin(r->db);
    for (long i = 0; err == YH_OK && i < n; i++) {
        struct import_row *row = &rows[i];
        struct member existing;
        int64_t ms_id = 0;
        if (row->v.n > 0) {
            continue;
        }
        if (member_seal(&r->app->cfg, &row->m, &row->p) != 0) {
            err = YH_ERR_INTERNAL;
            break;
        }
        err = members_db_by_hmac(r->db, r->claims.office, row->m.id_hmac, &existing);
        if (err == YH_OK) {
            row->result = "exists";
            row->id = existing.id;
            continue;
        }
        if (err != YH_ERR_NOT_FOUND) {
            break;
        }
        err = members_db_insert(r->db, &row->m, &row->id);
        if (err == YH_ERR_CONFLICT) { /* a concurrent import took it first */
            /* its row may be invisible to this transaction's snapshot: the id is then unknown */
            err = members_db_by_hmac(r->db, r->claims.office, row->m.id_hmac, &existing);
            row->id = err == YH_OK ? existing.id : 0;
            row->result = "exists";
            err = err == YH_ERR_NOT_FOUND ? YH_OK : err;
            continue;
        }
        if (err == YH_OK && row->branch_id) {
            err = memberships_db_move_primary(r->db, r->claims.office, row->id, row->branch_id,
                                              row->m.joined_on[0] ? row->m.joined_on : "1949-10-01", &ms_id);
        }
        if (err == YH_OK) {
            err = req_audit(r, "member.import", "member", row->id);
        }
        row->result = "created";
    }
    return err;
}

/* The per-row report of the n rows: applied tells whether they were written; encoding
 * names how the file was read. */
static cJSON *import_report(const struct import_row *rows, long n, bool applied, const char *encoding)
{
    long created = 0, existing = 0, invalid = 0;
    cJSON *j = cJSON_CreateObject();
    cJSON *items = cJSON_CreateArray();
    for (long i = 0; i < n; i++) {
        const struct import_row *row = &rows[i];
        cJSON *it = cJSON_CreateObject();
        cJSON_AddNumberToObject(it, "line", row->line);
        if (row->v.n > 0) {
            invalid++;
            cJSON_AddStringToObject(it, "result", "invalid");
            cJSON *errs = cJSON_AddArrayToObject(it, "errors");
            for (int k = 0; k < row->v.n; k++) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddStringToObject(e, "field", row->v.e[k].field);
                cJSON_AddStringToObject(e, "message", row->v.e[k].message);
                cJSON_AddItemToArray(errs, e);
            }
        } else if (!applied) {
            cJSON_AddStringToObject(it, "result", "valid");
        } else {
            char id[24];
            snprintf(id, sizeof(id), "%lld", (long long)row->id);
            created += strcmp(row->result, "created") == 0;
            existing += strcmp(row->result, "exists") == 0;
            cJSON_AddStringToObject(it, "result", row->result);
            cJSON_AddStringToObject(it, "id", id);
        }
        cJSON_AddItemToArray(items, it);
    }
    cJSON_AddBoolToObject(j, "applied", applied);
    cJSON_AddStringToObject(j, "encoding", encoding);
    cJSON_AddNumberToObject(j, "rows", (double)n);
    cJSON_AddNumberToObject(j, "created", (double)created);
    cJSON_AddNumberToObject(j, "existing", (double)existing);
    cJSON_AddNumberToObject(j, "invalid", (double)invalid);
    cJSON_AddItemToObject(j, "results", items);
    return j;
}

/* Replies 422 with the report of the n rows, invalid of them invalid, none written:
 * a problem whose members are the report's. */
static void reply_import_invalid(struct req *r, const struct import_row *rows, long n, long invalid,
                                 const char *encoding)
{
    char detail[160];
    cJSON *report = import_report(rows, n, false, encoding);
    snprintf(detail, sizeof(detail),
             "%ld of %ld rows are invalid; nothing was imported (?partial=true imports the valid ones)",
             invalid, n);
    cJSON_AddStringToObject(report, "type", "/problems/validation");
    cJSON_AddStringToObject(report, "title", "Invalid field values");
    cJSON_AddNumberToObject(report, "status", 422);
    cJSON_AddStringToObject(report, "detail", detail);
    cJSON_AddStringToObject(report, "request_id", r->request_id);
    char *s = cJSON_PrintUnformatted(report);
    cJSON_Delete(report);
    reply_raw(r, 422, "application/problem+json", s, strlen(s));
    free(s);
}

/* Parses the file's text against the office's open branches; the row count, or -1 when
 * it has replied. */
static long import_parse_or_reply(struct req *r, const struct buf *text, struct import_row **rows)
{
    struct branch *branches = NULL;
    size_t nbranches = 0;
    enum yh_err err = open_branches(r, &branches, &nbranches);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return -1;
    }
    long n = parse_file(r, text, rows, branches, nbranches);
    free(branches);
    return n;
}

/* The body as UTF-8 text into text (borrowed from the body, or converted from GB18030
 * into conv, which the caller frees) and *encoding its name. False when it has replied
 * 422: the file is neither. */
static bool text_or_reply(struct req *r, struct buf *text, struct buf *conv, const char **encoding)
{
    char msg[200];
    size_t bad = 0;
    struct verrs e = {0};
    enum csv_encoding enc = csv_decode(r->body, r->body_len, conv, &bad);
    *encoding = csv_encoding_name(enc);
    if (enc == CSV_UTF8 || enc == CSV_GB18030) {
        text->data = enc == CSV_UTF8 ? r->body : conv->data;
        text->len = enc == CSV_UTF8 ? r->body_len : conv->len;
        return true;
    }
    if (enc == CSV_UTF16) {
        snprintf(msg, sizeof(msg), "the file is UTF-16 text; save it as CSV (UTF-8 or GB18030/GBK)");
    } else {
        snprintf(msg, sizeof(msg), "the file is neither UTF-8 nor GB18030/GBK text (byte %zu cannot be read)",
                 bad + 1);
    }
    verr_add(&e, "file", msg);
    reply_problem(r, YH_ERR_VALIDATION, msg, &e);
    return false;
}

/* POST /v1/members/import: creates the rows' members, all or nothing unless
 * ?partial=true; 200 with a report of every row. */
void members_import(struct req *r)
{
    static const char *const bools[] = {"true", "false", NULL};
    const char *partial_s = NULL;
    struct import_row *rows = NULL;
    struct buf text = {0}, conv = {0};
    const char *encoding = NULL;
    long n, invalid = 0;

    if (!query_enum_or_reply(r, "partial", bools, &partial_s)) {
        return;
    }
    bool partial = partial_s != NULL && strcmp(partial_s, "true") == 0;
    if (!text_or_reply(r, &text, &conv, &encoding)) {
        buf_free(&conv);
        return;
    }
    n = import_parse_or_reply(r, &text, &rows);
    buf_free(&conv);
    if (n < 0) {
        return;
    }
    for (long i = 0; i < n; i++) {
        invalid += rows[i].v.n > 0;
    }
    if (invalid > 0 && !partial) {
        /* all or nothing: report every row, write none */
        reply_import_invalid(r, rows, n, invalid, encoding);
    } else if (commit_or_reply(r, import_rows(r, rows, n), "member")) {
        reply_json_take(r, 200, import_report(rows, n, true, encoding));
    }
    free(rows);
}
