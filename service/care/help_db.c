/* The store of /v1/help-requests: urgent help requests (sealed texts), their log, the
 * lists (the office's, a member's, an assignee's) and the statistics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "yinhui/help.h"
#include "yinhui/help_db.h"
#include "yinhui/json_out.h"
#include "yinhui/util.h"

#define CN_TIME(c) "IFNULL(DATE_FORMAT(" c ", '%Y-%m-%d %H:%i:%s'), '')"

/* The mapped columns (help_request_map), then the sealed texts (read by help_db_get). */
/* clang-format off */
#define HELP_COLS                                                                                   \
    "h.id, h.member_id, m.name, IFNULL(m.branch_id, 0), h.category, h.urgency, h.channel, h.status, " \
    "h.filed_by, " CN_TIME("h.filed_at") ", " CN_TIME("h.respond_by") ", " CN_TIME("h.resolve_by") ", " \
    "IFNULL(h.assignee_kind, ''), IFNULL(h.assignee_member_id, 0), IFNULL(h.assignee_account_id, 0), " \
    "IFNULL(h.assignee_team_id, 0), IFNULL(h.need_id, 0), " CN_TIME("h.assigned_at") ", "             \
    CN_TIME("h.accepted_at") ", " CN_TIME("h.resolved_at") ", " CN_TIME("h.confirmed_at") ", "         \
    "IFNULL(h.confirmed_via, ''), " CN_TIME("h.cancelled_at") ", IFNULL(h.satisfaction, 0), "          \
    "IFNULL(h.cancel_reason, ''), h.version"
/* clang-format on */

const struct fm help_request_map[] = {
    FM(FM_ID, "id", struct help_request, id),
    FM(FM_ID, "member_id", struct help_request, member_id),
    FM(FM_STR, "member_name", struct help_request, member_name),
    FM(FM_ID, NULL, struct help_request, branch_id),
    FM(FM_STR, "category", struct help_request, category),
    FM(FM_STR, "urgency", struct help_request, urgency),
    FM(FM_STR, "channel", struct help_request, channel),
    FM(FM_STR, "status", struct help_request, status),
    FM(FM_STR, "filed_by", struct help_request, filed_by),
    FM(FM_TIME, "filed_at", struct help_request, filed_at),
    FM(FM_TIME, "respond_by", struct help_request, respond_by),
    FM(FM_TIME, "resolve_by", struct help_request, resolve_by),
    FM(FM_OPT, "assignee_kind", struct help_request, assignee_kind),
    FM(FM_ID, "assignee_member_id", struct help_request, assignee_member_id),
    FM(FM_ID, "assignee_account_id", struct help_request, assignee_account_id),
    FM(FM_ID, "assignee_team_id", struct help_request, assignee_team_id),
    FM(FM_ID, "need_id", struct help_request, need_id),
    FM(FM_TIME, "assigned_at", struct help_request, assigned_at),
    FM(FM_TIME, "accepted_at", struct help_request, accepted_at),
    FM(FM_TIME, "resolved_at", struct help_request, resolved_at),
    FM(FM_TIME, "confirmed_at", struct help_request, confirmed_at),
    FM(FM_OPT, "confirmed_via", struct help_request, confirmed_via),
    FM(FM_TIME, "cancelled_at", struct help_request, cancelled_at),
    FM(FM_INT, NULL, struct help_request, satisfaction),
    FM(FM_OPT, "cancel_reason", struct help_request, cancel_reason),
    FM(FM_INT, "version", struct help_request, version),
};
const size_t help_request_map_n = ARRAY_LEN(help_request_map);

cJSON *help_request_json(const struct help_request *q)
{
    cJSON *j = fm_to_json(help_request_map, help_request_map_n, q);
    if (q->satisfaction > 0) {
        cJSON_AddNumberToObject(j, "satisfaction", (double)q->satisfaction);
    } else {
        cJSON_AddNullToObject(j, "satisfaction");
    }
    return j;
}

enum yh_err help_db_insert(struct db *db, const char *office, const struct help_request *q,
                           const struct help_sealed *s, const char *by, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO help_requests (office_code, member_id, category, urgency, channel, description_enc, "
        "location_enc, filed_by, filed_at, respond_by, resolve_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static const char log[] = "INSERT INTO help_request_log (office_code, request_id, action, actor, at) "
                              "VALUES (?, ?, 'filed', ?, ?)";
    struct db_param p[] = {P_STR(office),
                           P_I64(q->member_id),
                           P_STR(q->category),
                           P_STR(q->urgency),
                           P_STR(q->channel),
                           P_BLOB(s->description, s->description_len),
                           s->location_len ? P_BLOB(s->location, s->location_len) : P_NULL,
                           P_STR(by),
                           P_STR(q->filed_at),
                           P_STR(q->respond_by),
                           P_STR(q->resolve_by)};
    enum yh_err err = db_insert(db, sql, p, ARRAY_LEN(p), id);
    if (err == YH_OK) {
        struct db_param l[] = {P_STR(office), P_I64(*id), P_STR(by), P_STR(q->filed_at)};
        err = db_exec(db, log, l, 4, NULL, NULL, NULL);
    }
    return err;
}

enum yh_err help_db_get(struct db *db, const char *office, int64_t id, struct help_request *q,
                        struct help_sealed *s)
{
    static const char sql[] =
        "SELECT " HELP_COLS ", h.description_enc, h.location_enc, h.resolution_enc FROM help_requests h JOIN "
        "members m ON m.id = h.member_id WHERE h.office_code = ? AND h.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = fm_one_extra(db, sql, p, 2, help_request_map, help_request_map_n, 3, q, &rows);
    if (err != YH_OK) {
        return err;
    }
    if (s != NULL) {
        size_t c = help_request_map_n;
        s->description_len = db_blob(&rows, 0, c, s->description, sizeof(s->description));
        s->location_len = db_blob(&rows, 0, c + 1, s->location, sizeof(s->location));
        s->resolution_len = db_blob(&rows, 0, c + 2, s->resolution, sizeof(s->resolution));
    }
    db_rows_free(&rows);
    return YH_OK;
}

static const struct jcol log_cols[] = {{"action", JC_STR}, {"actor", JC_STR}, {"at", JC_STR}};
const struct view help_log_view = VIEW(log_cols);

enum yh_err help_db_log(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT action, actor, " SQL_TS("at") " FROM help_request_log WHERE office_code "
                                              "= ? AND request_id = ? ORDER BY id";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return view_fetch(db, &help_log_view, sql, p, 2, false, rows);
}

enum yh_err help_db_list(struct db *db, const char *office, const struct help_filter *f,
                         struct help_request **out, size_t *n)
{
    /* the open ones by ix_help_status; a branch's members through their primary branch */
    static const char sql[] =
        "SELECT " HELP_COLS
        " FROM help_requests h JOIN members m ON m.id = h.member_id WHERE h.office_code = "
        "? AND (? = 0 OR h.status IN ('open', 'assigned', 'accepted')) AND (? IS NULL OR h.status = ?) "
        "AND (? IS NULL OR h.category = ?) AND (? = 0 OR h.member_id = ?) AND (? = 0 OR IFNULL(m.branch_id, "
        "0) = ?) AND (? = 0 OR h.id < ?) ORDER BY h.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office),       P_I64(f->open_only), P_OPT(f->status),    P_OPT(f->status),
                           P_OPT(f->category),  P_OPT(f->category),  P_I64(f->member_id), P_I64(f->member_id),
                           P_I64(f->branch_id), P_I64(f->branch_id), P_I64(f->before),    P_I64(f->before),
                           P_I64(f->limit + 1)};
    return FM_ALL(db, sql, p, ARRAY_LEN(p), help_request_map, help_request_map_n, out, n);
}

enum yh_err help_db_assigned(struct db *db, const char *office, int64_t member, int64_t account,
                             int64_t before, int limit, struct help_request **out, size_t *n)
{
    /* The ids assigned to the member, to the account, or to a team the member leads (the
     * team's leader_id or a leader among its team_members), each through its assignee key
     * (sql/0033), then those requests newest first: one condition ORed over the three
     * read the office's requests newest first until a page of them matched. */
    static const char sql[] =
        "SELECT " HELP_COLS
        " FROM (SELECT id FROM help_requests WHERE ? <> 0 AND office_code = ? AND assignee_member_id = ? "
        "UNION SELECT id FROM help_requests WHERE ? <> 0 AND office_code = ? AND assignee_account_id = ? "
        "UNION SELECT r.id FROM volunteers v JOIN volunteer_teams t ON t.office_code = v.office_code LEFT JOIN "
        "team_members tm ON tm.team_id = t.id AND tm.volunteer_id = v.id AND tm.role = 'leader' JOIN "
        "help_requests r ON r.office_code = t.office_code AND r.assignee_team_id = t.id WHERE ? <> 0 AND "
        "v.office_code = ? AND v.member_id = ? AND (t.leader_id = v.id OR tm.team_id IS NOT NULL)) a JOIN "
        "help_requests h ON h.id = a.id JOIN members m ON m.id = h.member_id WHERE (? = 0 OR h.id < ?) ORDER "
        "BY h.id DESC LIMIT ?";
    struct db_param p[] = {P_I64(member),  P_STR(office), P_I64(member), P_I64(account),
                           P_STR(office),  P_I64(account), P_I64(member), P_STR(office),
                           P_I64(member),  P_I64(before), P_I64(before), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, ARRAY_LEN(p), help_request_map, help_request_map_n, out, n);
}

/* Requests filed on China dates from..to of the office (by ix_help_span, sql/0039). */
#define HELP_SPAN "h.office_code = ? AND h.filed_at >= ? AND h.filed_at < DATE_ADD(?, INTERVAL 1 DAY)"

/* Offices per totals query: a province's reads stay a few statements, and each (office,
 * span) stays its own range of ix_help_span, which covers the columns counted. */
enum { TOTALS_BATCH = 64 };

static const struct fm totals_map[] = {
    FM(FM_STR, NULL, struct help_totals, office),   FM(FM_INT, NULL, struct help_totals, filed),
    FM(FM_INT, NULL, struct help_totals, resolved), FM(FM_INT, NULL, struct help_totals, within),
    FM(FM_INT, NULL, struct help_totals, rated),    FM(FM_INT, NULL, struct help_totals, satisfaction_sum),
};
static const struct fm overdue_map[] = {
    FM(FM_STR, NULL, struct help_totals, office),
    FM(FM_INT, NULL, struct help_totals, overdue),
};

/* One batch of a per-office count: head (ending "office_code IN (?") with its two
 * parameters a and b, then codes[0..TOTALS_BATCH) (repeats allowed), grouped by office;
 * rows by map (nmap columns) appended to *out of *nout. */
static enum yh_err per_office_batch(struct db *db, const char *head, const char *a, const char *b,
                                    const struct fm *map, size_t nmap, const char *const *codes,
                                    struct help_totals **out, size_t *nout)
{
    static const char tail[] = ") GROUP BY h.office_code";
    char sql[640 + 3 * TOTALS_BATCH];
    struct db_param p[2 + TOTALS_BATCH];
    size_t len = (size_t)snprintf(sql, sizeof(sql), "%s", head);
    for (int i = 1; i < TOTALS_BATCH; i++) {
        len += (size_t)snprintf(sql + len, sizeof(sql) - len, ", ?");
    }
    snprintf(sql + len, sizeof(sql) - len, "%s", tail);
    p[0] = P_STR(a);
    p[1] = P_STR(b);
    for (size_t i = 0; i < TOTALS_BATCH; i++) {
        p[2 + i] = P_STR(codes[i]);
    }
    void *got = NULL;
    size_t n = 0;
    enum yh_err err = fm_all(db, sql, p, ARRAY_LEN(p), map, nmap, sizeof(**out), &got, &n);
    if (err == YH_OK && n > 0) {
        struct help_totals *grown = realloc(*out, (*nout + n) * sizeof(*grown));
        if (grown == NULL) {
            err = YH_ERR_INTERNAL;
        } else {
            memcpy(grown + *nout, got, n * sizeof(*grown));
            *out = grown;
            *nout += n;
        }
    }
    free(got);
    return err;
}

/* The count of head (see per_office_batch) for the n offices codes, TOTALS_BATCH at a
 * time; on a problem *out is freed and empty. */
static enum yh_err per_office(struct db *db, const char *head, const char *a, const char *b,
                              const struct fm *map, size_t nmap, const char *const *codes, size_t n,
                              struct help_totals **out, size_t *nout)
{
    enum yh_err err = YH_OK;
    *out = NULL;
    *nout = 0;
    for (size_t at = 0; err == YH_OK && at < n; at += TOTALS_BATCH) {
        const char *batch[TOTALS_BATCH];
        for (size_t i = 0; i < TOTALS_BATCH; i++) {
            /* a short last batch repeats its first office: IN ignores the repeats */
            batch[i] = codes[at + (at + i < n ? i : 0)];
        }
        err = per_office_batch(db, head, a, b, map, nmap, batch, out, nout);
    }
    if (err != YH_OK) {
        free(*out);
        *out = NULL;
        *nout = 0;
    }
    return err;
}

enum yh_err help_db_totals_offices(struct db *db, const char *const *codes, size_t n, const char *from,
                                   const char *to, struct help_totals **out, size_t *nout)
{
    static const char head[] =
        "SELECT h.office_code, COUNT(*), IFNULL(SUM(h.status IN ('resolved', 'confirmed')), 0), "
        "IFNULL(SUM(h.status IN ('resolved', 'confirmed') AND h.resolved_at <= h.resolve_by), 0), "
        "COUNT(h.satisfaction), IFNULL(SUM(h.satisfaction), 0) FROM help_requests h WHERE h.filed_at >= ? "
        "AND h.filed_at < DATE_ADD(?, INTERVAL 1 DAY) AND h.office_code IN (?";
    return per_office(db, head, from, to, totals_map, ARRAY_LEN(totals_map), codes, n, out, nout);
}

enum yh_err help_db_overdue_offices(struct db *db, const char *const *codes, size_t n, const char *now,
                                    struct help_totals **out, size_t *nout)
{
    /* by ix_help_respond_by: only the open requests past their response deadline are read */
    static const char head[] = "SELECT h.office_code, COUNT(*) FROM help_requests h WHERE " HELP_SQL_OVERDUE
                               " AND h.office_code IN (?";
    return per_office(db, head, now, now, overdue_map, ARRAY_LEN(overdue_map), codes, n, out, nout);
}

enum yh_err help_db_totals(struct db *db, const char *office, const char *from, const char *to,
                           struct help_totals *t)
{
    struct help_totals *rows = NULL;
    size_t n = 0;
    enum yh_err err = help_db_totals_offices(db, &office, 1, from, to, &rows, &n);
    memset(t, 0, sizeof(*t));
    snprintf(t->office, sizeof(t->office), "%s", office);
    if (err == YH_OK && n == 1) {
        *t = rows[0];
    }
    free(rows);
    return err;
}

/* Adds name: x, or null when x < 0 (nothing to divide). */
static void add_ratio(cJSON *j, const char *name, double x)
{
    if (x < 0) {
        cJSON_AddNullToObject(j, name);
    } else {
        cJSON_AddNumberToObject(j, name, x);
    }
}

void help_totals_json(cJSON *j, const struct help_totals *t)
{
    cJSON_AddNumberToObject(j, "filed", (double)t->filed);
    cJSON_AddNumberToObject(j, "resolved", (double)t->resolved);
    cJSON_AddNumberToObject(j, "resolved_within_deadline", (double)t->within);
    add_ratio(j, "share_within_deadline", help_share(t->within, t->resolved));
    cJSON_AddNumberToObject(j, "rated", (double)t->rated);
    add_ratio(j, "satisfaction_average", help_average(t->satisfaction_sum, t->rated));
}

static const struct jcol count_cols[] = {{"key", JC_STR}, {"count", JC_INT}};
const struct view help_count_view = VIEW(count_cols);

enum yh_err help_db_by_category(struct db *db, const char *office, const char *from, const char *to,
                                struct db_rows *rows)
{
    static const char sql[] =
        "SELECT h.category, COUNT(*) FROM help_requests h WHERE " HELP_SPAN " GROUP BY h.category ORDER BY "
        "h.category";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    return view_fetch(db, &help_count_view, sql, p, 3, false, rows);
}

enum yh_err help_db_by_status(struct db *db, const char *office, const char *from, const char *to,
                              struct db_rows *rows)
{
    static const char sql[] = "SELECT CAST(h.status AS CHAR), COUNT(*) FROM help_requests h WHERE " HELP_SPAN
                              " GROUP BY h.status ORDER BY h.status";
    struct db_param p[] = {P_STR(office), P_STR(from), P_STR(to)};
    return view_fetch(db, &help_count_view, sql, p, 3, false, rows);
}
