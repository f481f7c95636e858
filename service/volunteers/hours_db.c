/* Volunteer hours (claimed or from check-in/out): the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

/* ---- hours and the ledger ---- */

enum yh_err hours_db_insert(struct db *db, const char *office, const struct vhours *h, const char *note,
                            int64_t *id)
{
    static const char sql[] =
        "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, team_id, minutes, source, "
        "status, note, served_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),      P_I64(h->volunteer_id),
                           P_I64(h->event_id), h->team_id ? P_I64(h->team_id) : P_NULL,
                           P_I64(h->minutes),  P_STR(h->source),
                           P_STR(h->status),   P_OPT(note),
                           P_STR(h->served_on)};
    return db_insert(db, sql, p, 9, id);
}

/* Hours as the decision reads them (not shown: hours_view shows them). */
static const struct fm hours_map[] = {
    FM(FM_ID, NULL, struct vhours, id),       FM(FM_ID, NULL, struct vhours, volunteer_id),
    FM(FM_ID, NULL, struct vhours, event_id), FM(FM_ID, NULL, struct vhours, team_id),
    FM(FM_INT, NULL, struct vhours, minutes), FM(FM_STR, NULL, struct vhours, source),
    FM(FM_STR, NULL, struct vhours, status),  FM(FM_STR, NULL, struct vhours, served_on),
};

enum yh_err hours_db_get_for_update(struct db *db, const char *office, int64_t id, struct vhours *h)
{
    static const char sql[] =
        "SELECT id, volunteer_id, event_id, IFNULL(team_id, 0), minutes, source, status, served_on "
        "FROM volunteer_hours WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, hours_map, ARRAY_LEN(hours_map), h);
}

enum yh_err hours_db_decide(struct db *db, const char *office, int64_t id, const char *status, const char *by)
{
    static const char sql[] = "UPDATE volunteer_hours SET status = ?, decided_by = ?, decided_at = NOW(3) "
                              "WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(status), P_STR(by), P_STR(office), P_I64(id)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

static const struct jcol hours_cols[] = {
    {"id", JC_ID},     {"volunteer_id", JC_ID}, {"name", JC_STR},       {"event_id", JC_ID},
    {"title", JC_STR}, {"minutes", JC_INT},     {"source", JC_STR},     {"status", JC_STR},
    {"note", JC_STR},  {"served_on", JC_STR},   {"created_at", JC_STR},
};
const struct view hours_view = VIEW(hours_cols);

enum yh_err hours_db_list(struct db *db, const char *office, const char *status, int64_t volunteer_id,
                          int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT h.id, h.volunteer_id, v.name, h.event_id, e.title, h.minutes, h.source, h.status, h.note, "
        "h.served_on, " SQL_TS("h.created_at") " FROM volunteer_hours h JOIN volunteers v ON v.id = "
                                               "h.volunteer_id JOIN volunteer_events e "
                                               "ON e.id = h.event_id WHERE h.office_code = ? AND (? IS NULL "
                                               "OR h.status = ?) AND (? = 0 OR h.volunteer_id = ?) "
                                               "AND h.id > ? ORDER BY h.id LIMIT ?";
    struct db_param p[] = {P_STR(office),       P_OPT(status), P_OPT(status),   P_I64(volunteer_id),
                           P_I64(volunteer_id), P_I64(after),  P_I64(limit + 1)};
    return view_fetch(db, &hours_view, sql, p, 7, false, rows);
}
