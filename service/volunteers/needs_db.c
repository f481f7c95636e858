/* Needs posted by residents and departments: the store. */
#include "yinhui/volunteers_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

/* ---- needs ---- */

#define NEED_COLS                                                                                            \
    "id, title, description, requester, contact, " SQL_TS("starts_at") ", " SQL_TS(                          \
        "ends_at") ", place, capacity, "                                                                     \
                   "skills, status, team_id, event_id, posted_by, version, " SQL_TS(                         \
                       "created_at") ", member_id"

static const struct jcol needs_cols[] = {
    {"id", JC_ID},        {"title", JC_STR},     {"description", JC_STR}, {"requester", JC_STR},
    {"contact", JC_STR},  {"starts_at", JC_STR}, {"ends_at", JC_STR},     {"place", JC_STR},
    {"capacity", JC_INT}, {"skills", JC_STR},    {"status", JC_STR},      {"team_id", JC_ID},
    {"event_id", JC_ID},  {"posted_by", JC_STR}, {"version", JC_INT},     {"created_at", JC_STR},
    {"member_id", JC_ID},
};
const struct view needs_view = VIEW(needs_cols);

enum yh_err needs_db_get(struct db *db, const char *office, int64_t id, struct need *n, cJSON **json)
{
    static const char sql[] = "SELECT " NEED_COLS " FROM volunteer_needs WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows r;
    enum yh_err err = view_fetch(db, &needs_view, sql, p, 2, true, &r);
    if (err != YH_OK) {
        return err;
    }
    memset(n, 0, sizeof(*n));
    n->id = db_i64(&r, 0, 0);
    DB_CP(n->title, db_str(&r, 0, 1));
    DB_CP(n->description, db_str(&r, 0, 2));
    DB_CP(n->starts_at, db_str(&r, 0, 5));
    DB_CP(n->ends_at, db_str(&r, 0, 6));
    DB_CP(n->place, db_str(&r, 0, 7));
    n->capacity = db_i64(&r, 0, 8);
    DB_CP(n->skills, db_str(&r, 0, 9));
    DB_CP(n->status, db_str(&r, 0, 10));
    n->team_id = db_i64(&r, 0, 11);
    DB_CP(n->posted_by, db_str(&r, 0, 13));
    n->version = db_i64(&r, 0, 14);
    n->member_id = db_i64(&r, 0, 16);
    if (json != NULL) {
        *json = view_row(&r, 0, &needs_view);
    }
    db_rows_free(&r);
    return YH_OK;
}

enum yh_err needs_db_list(struct db *db, const char *office, const char *status, const char *posted_by,
                          int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " NEED_COLS " FROM volunteer_needs WHERE office_code = ? AND (? IS NULL OR status = ?) "
        "AND (? IS NULL OR posted_by = ?) AND id > ? ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office),    P_OPT(status), P_OPT(status),   P_OPT(posted_by),
                           P_OPT(posted_by), P_I64(after),  P_I64(limit + 1)};
    return view_fetch(db, &needs_view, sql, p, 7, false, rows);
}

enum yh_err needs_db_list_member(struct db *db, const char *office, int64_t member_id, const char *status,
                                 int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " NEED_COLS " FROM volunteer_needs WHERE office_code = ? AND member_id = ? "
        "AND (? IS NULL OR status = ?) AND id > ? ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id), P_OPT(status),
                           P_OPT(status), P_I64(after),     P_I64(limit + 1)};
    return view_fetch(db, &needs_view, sql, p, 6, false, rows);
}

enum yh_err needs_db_insert(struct db *db, const char *office, const struct vevent *e, const char *requester,
                            const char *contact, int64_t member_id, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO volunteer_needs (office_code, title, description, requester, contact, starts_at, "
        "ends_at, place, capacity, skills, posted_by, member_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),     P_STR(e->title),     P_OPT(e->description),
                           P_STR(requester),  P_OPT(contact),      P_STR(e->starts_at),
                           P_STR(e->ends_at), P_STR(e->place),     P_I64(e->capacity),
                           P_STR(e->skills),  P_STR(e->posted_by), member_id ? P_I64(member_id) : P_NULL};
    return db_insert(db, sql, p, 12, id);
}

enum yh_err needs_db_move(struct db *db, const char *office, int64_t id, int64_t version, const char *from,
                          const char *to, int64_t team_id, int64_t event_id)
{
    static const char sql[] =
        "UPDATE volunteer_needs SET status = ?, team_id = IF(? = 0, team_id, ?), "
        "event_id = IF(? = 0, event_id, ?), version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ? AND version = ? AND FIND_IN_SET(status, ?) > 0";
    static const char state[] =
        "SELECT version, status FROM volunteer_needs WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(to),     P_I64(team_id), P_I64(team_id), P_I64(event_id), P_I64(event_id),
                           P_STR(office), P_I64(id),      P_I64(version), P_STR(from)};
    return vol_db_move(db, sql, p, 9, state, office, id, version);
}
