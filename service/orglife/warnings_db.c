/* The 自行脱党 early warning's store (warnings.c): members with their last month of
 * organisational life and of dues, the proper reasons, and the event markers. */
#include "yinhui/lapse_db.h"

#include <stdio.h>
#include <string.h>

#include "yinhui/lapse.h"

const struct fm lapse_member_map[] = {
    FM(FM_ID, "member_id", struct lapse_member, member_id),
    FM(FM_STR, "name", struct lapse_member, name),
    FM(FM_ID, "branch_id", struct lapse_member, branch_id),
    FM(FM_STR, "branch_name", struct lapse_member, branch_name),
    FM(FM_STR, "office", struct lapse_member, office),
    FM(FM_STR, NULL, struct lapse_member, start),
    FM(FM_BOOL, NULL, struct lapse_member, pays_dues),
    FM(FM_OPT, "last_org_life", struct lapse_member, last_life),
    FM(FM_OPT, "last_dues", struct lapse_member, last_dues),
    FM(FM_STR, NULL, struct lapse_member, reason_kind),
    FM(FM_STR, NULL, struct lapse_member, reason_since),
    FM(FM_STR, NULL, struct lapse_member, reason_until),
    FM(FM_STR, NULL, struct lapse_member, reason_by),
};
const size_t lapse_member_map_n = ARRAY_LEN(lapse_member_map);

/* The month an attendance row counts for: the day 送学上门 delivered it (once that day
 * has come), else the activity's day. */
#define LIFE_DAY "IF(a.status = 'delivered' AND a.delivered_on <= ?, a.delivered_on, a.held_on)"

/* Dues are recorded here for a member not in service (they pay at work) and not exempt by
 * the branch's decision (dues_bases.reduced_fen 0, 中组发〔2008〕3号: hardship) in a year
 * of the window (binds its first and last month): an exempt member pays nothing, so no
 * month without dues is a lapse. */
#define PAYS_DUES                                                                                            \
    "(m.category <> 'in_service' AND (SELECT 1 FROM dues_bases e WHERE e.member_id = m.id AND "              \
    "e.reduced_fen = 0 AND e.year BETWEEN LEFT(?, 4) AND LEFT(?, 4) LIMIT 1) IS NULL)"

/* One pass over the members in id order (ix_members_status: office, status, id). A run
 * of T months up to current means: nothing in the window of the last T months (from
 * month current - T + 1) and joined by its first month. The filter reads only the
 * window: a short range of ix_attendance_life (member, status, day; the activity by
 * primary key to know it took place) and of ux_dues_month (member, month). The last
 * months shown are read for the rows of the page alone (select-list subqueries), so a
 * page stops after limit + 1 members found. The window checks are scalar subqueries, not
 * NOT EXISTS, which the optimizer may turn into an anti-join materialising every
 * attendance row of the window across all offices. */
#define LAPSE_MEMBERS_SQL(offices)                                                                           \
    "SELECT m.id, m.name, m.branch_id, IFNULL(b.name, ''), m.office_code, "                                  \
    "DATE_FORMAT(COALESCE(m.joined_on, m.created_at), '%Y-%m'), " PAYS_DUES ", "                             \
    "IFNULL((SELECT DATE_FORMAT(MAX(" LIFE_DAY                                                               \
    "), '%Y-%m') FROM org_life_attendance a LEFT JOIN activities x "                                         \
    "ON x.id = a.activity_id WHERE a.member_id = m.id AND a.status IN ('present', 'delivered') AND "         \
    "IFNULL(x.held_at, a.held_on) <= ?), ''), "                                                              \
    "IFNULL((SELECT MAX(d.month) FROM dues d WHERE d.member_id = m.id AND d.month <= ?), ''), "              \
    "IFNULL(r.kind, ''), IFNULL(r.since, ''), IFNULL(r.until, ''), IFNULL(r.recorded_by, "                   \
    "'') " LAPSE_FROM_WHERE(offices) " ORDER BY m.id LIMIT ?"

/* The members of offices whose run reaches the threshold (the binds after the select
 * list's: the offices', branch twice, after, first month, with_excused, current twice,
 * kind, first day, day, first day, now, kind, first, current, first, current). */
#define LAPSE_FROM_WHERE(offices)                                                                            \
    "FROM members m LEFT JOIN branches b ON b.id = m.branch_id "                                             \
    "LEFT JOIN lapse_reasons r ON r.member_id = m.id "                                                       \
    "WHERE " offices " AND m.status = 'active' AND m.branch_id IS NOT NULL "                                 \
    "AND (? = 0 OR m.branch_id = ?) AND m.id > ? "                                                           \
    "AND DATE_FORMAT(COALESCE(m.joined_on, m.created_at), '%Y-%m') <= ? "                                    \
    "AND (? = 1 OR r.kind IS NULL OR r.since > ? OR r.until < ?) "                                           \
    "AND ((? <> 'dues' AND (SELECT 1 FROM org_life_attendance a "                                            \
    "LEFT JOIN activities x ON x.id = a.activity_id WHERE a.member_id = m.id "                               \
    "AND a.status IN ('present', 'delivered') AND a.held_on >= "                                             \
    "DATE_SUB(?, INTERVAL 1 MONTH) AND " LIFE_DAY                                                            \
    " >= ? AND IFNULL(x.held_at, a.held_on) <= ? LIMIT 1) IS NULL) "                                         \
    "OR (? <> 'org_life' AND " PAYS_DUES " AND (SELECT 1 FROM dues d WHERE "                                 \
    "d.member_id = m.id AND d.month BETWEEN ? AND ? LIMIT 1) IS NULL)) "

/* An office reads its own members by equality (ix_members_status in id order: a page
 * stops early). Names never leave their office: a prefecture or province counts the
 * offices under it (lapse_db_counts). */
static const char by_office[] = LAPSE_MEMBERS_SQL("m.office_code = ?");
static const char by_prefix[] = "SELECT m.office_code, COUNT(*) " LAPSE_FROM_WHERE(
    "m.office_code LIKE CONCAT(?, '%') AND m.office_code <> ?") " GROUP BY m.office_code";

/* The window a run of q->threshold months up to q->current reads: today (day), its first
 * month and that month's first day. */
struct window {
    char day[11], first[8], first_day[11];
};
static void window_of(const struct lapse_query *q, struct window *w)
{
    snprintf(w->day, sizeof(w->day), "%.10s", q->now);
    lapse_month_text(lapse_month_index(q->current) - q->threshold + 1, w->first);
    snprintf(w->first_day, sizeof(w->first_day), "%s-01", w->first);
}

enum yh_err lapse_db_members(struct db *db, const struct lapse_query *q, struct lapse_member **out, size_t *n)
{
    struct window w;
    window_of(q, &w);
    const char *day = w.day, *first = w.first, *first_day = w.first_day, *kind = q->kind ? q->kind : "";
    struct db_param p[] = {P_STR(first),      P_STR(q->current),      P_STR(day),
                           P_STR(q->now),     P_STR(q->current),      P_STR(q->prefix),
                           P_I64(q->branch),  P_I64(q->branch),       P_I64(q->after),
                           P_STR(first),      P_I64(q->with_excused), P_STR(q->current),
                           P_STR(first), /* a reason that reached into the window breaks the run */
                           P_STR(kind),       P_STR(first_day),       P_STR(day),
                           P_STR(first_day),  P_STR(q->now),          P_STR(kind),
                           P_STR(first),      P_STR(q->current),      P_STR(first),
                           P_STR(q->current), P_I64(q->limit)};
    return FM_ALL(db, by_office, p, ARRAY_LEN(p), lapse_member_map, lapse_member_map_n, out, n);
}

static const struct fm lapse_count_map[] = {
    FM(FM_STR, "office_code", struct lapse_count, office),
    FM(FM_INT, "members", struct lapse_count, members),
};

enum yh_err lapse_db_counts(struct db *db, const struct lapse_query *q, const char *own,
                            struct lapse_count **out, size_t *n)
{
    struct window w;
    window_of(q, &w);
    const char *day = w.day, *first = w.first, *first_day = w.first_day, *kind = q->kind ? q->kind : "";
    struct db_param p[] = {P_STR(q->prefix),
                           P_STR(own),
                           P_I64(0),
                           P_I64(0),
                           P_I64(0),
                           P_STR(first),
                           P_I64(q->with_excused),
                           P_STR(q->current),
                           P_STR(first),
                           P_STR(kind),
                           P_STR(first_day),
                           P_STR(day),
                           P_STR(first_day),
                           P_STR(q->now),
                           P_STR(kind),
                           P_STR(first),
                           P_STR(q->current),
                           P_STR(first),
                           P_STR(q->current)};
    return FM_ALL(db, by_prefix, p, ARRAY_LEN(p), lapse_count_map, ARRAY_LEN(lapse_count_map), out, n);
}

enum yh_err lapse_db_branch_office(struct db *db, int64_t branch, char office[7])
{
    static const char sql[] = "SELECT office_code FROM branches WHERE id = ?";
    struct db_param p[] = {P_I64(branch)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    err = rows.nrows == 1 ? YH_OK : YH_ERR_NOT_FOUND;
    snprintf(office, 7, "%s", err == YH_OK ? db_str(&rows, 0, 0) : "");
    db_rows_free(&rows);
    return err;
}

const struct fm lapse_reason_map[] = {
    FM(FM_ID, "member_id", struct lapse_reason, member_id),
    FM(FM_STR, "kind", struct lapse_reason, kind),
    FM(FM_STR, "since", struct lapse_reason, since),
    FM(FM_OPT, "until", struct lapse_reason, until),
    FM(FM_STR, "recorded_by", struct lapse_reason, recorded_by),
    FM(FM_TIME, "recorded_at", struct lapse_reason, recorded_at),
};
const size_t lapse_reason_map_n = ARRAY_LEN(lapse_reason_map);

enum yh_err lapse_db_reason_put(struct db *db, const char *office, const struct lapse_reason *r,
                                const struct buf *note_enc)
{
    static const char sql[] =
        "INSERT INTO lapse_reasons (member_id, office_code, kind, note_enc, since, until, recorded_by, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE kind = VALUES(kind), note_enc "
        "= "
        "VALUES(note_enc), since = VALUES(since), until = VALUES(until), recorded_by = VALUES(recorded_by), "
        "recorded_at = VALUES(recorded_at)";
    struct db_param p[] = {
        P_I64(r->member_id),   P_STR(office),
        P_STR(r->kind),        note_enc->len ? P_BLOB(note_enc->data, note_enc->len) : P_NULL,
        P_STR(r->since),       P_OPT(r->until),
        P_STR(r->recorded_by), P_STR(r->recorded_at)};
    return db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, NULL);
}

enum yh_err lapse_db_reason_get(struct db *db, const char *office, int64_t member, struct lapse_reason *r,
                                struct buf *note_enc)
{
    static const char sql[] = "SELECT member_id, kind, since, IFNULL(until, ''), recorded_by, "
                              "DATE_FORMAT(recorded_at, '%Y-%m-%d %H:%i:%s'), note_enc "
                              "FROM lapse_reasons WHERE office_code = ? AND member_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(member)};
    struct db_rows rows;
    enum yh_err err = fm_one_extra(db, sql, p, 2, lapse_reason_map, lapse_reason_map_n, 1, r, &rows);
    if (err != YH_OK) {
        return err;
    }
    if (db_len(&rows, 0, lapse_reason_map_n) > 0) {
        buf_append(note_enc, db_str(&rows, 0, lapse_reason_map_n), db_len(&rows, 0, lapse_reason_map_n));
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err lapse_db_due_offices(struct db *db, const char *day, char (*offices)[7], size_t max, size_t *n)
{
    static const char sql[] =
        "SELECT DISTINCT w.office_code FROM webhooks w LEFT JOIN outbox_daily d ON d.office_code "
        "= w.office_code AND d.kind = 'member.lapse_warning' AND d.day = ? WHERE w.active = 1 AND "
        "FIND_IN_SET('member.lapse_warning', w.events) AND d.office_code IS NULL LIMIT 100";
    struct db_param p[] = {P_STR(day)};
    struct db_rows rows;
    *n = 0;
    enum yh_err err = db_exec(db, sql, p, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    for (size_t i = 0; i < rows.nrows && *n < max; i++) {
        snprintf(offices[(*n)++], 7, "%s", db_str(&rows, i, 0));
    }
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err lapse_db_mark_day(struct db *db, const char *office, const char *day, uint64_t *won)
{
    static const char sql[] =
        "INSERT IGNORE INTO outbox_daily (office_code, kind, day) VALUES (?, 'member.lapse_warning', ?)";
    struct db_param p[] = {P_STR(office), P_STR(day)};
    return db_exec(db, sql, p, 2, NULL, won, NULL);
}

enum yh_err lapse_db_mark_event(struct db *db, const char *office, int64_t member, const char *kind,
                                const char *since, uint64_t *won)
{
    static const char sql[] =
        "INSERT IGNORE INTO lapse_events (member_id, kind, since, office_code) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_I64(member), P_STR(kind), P_STR(since), P_STR(office)};
    return db_exec(db, sql, p, 4, NULL, won, NULL);
}
