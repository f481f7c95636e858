/* The store of /v1/venues and /v1/rooms: an office's venues and their rooms. */
#include <stdio.h>
#include <string.h>

#include "yinhui/typed_rows.h"
#include "yinhui/util.h"
#include "yinhui/venues.h"

#define VENUE_COLS                                                                                           \
    "v.id, v.name, v.address, v.kind, IFNULL(v.area_m2, 0), v.has_place, v.has_flag_sign, v.has_rules, "     \
    "v.has_furniture, v.has_reading, v.has_av, v.opening_hours, v.active, (SELECT COUNT(*) FROM rooms r "    \
    "WHERE r.venue_id = v.id), v.version, " SQL_TS("v.created_at") ", " SQL_TS("v.updated_at")

static const struct fm venue_map[] = {
    FM(FM_ID, NULL, struct venue, id),          FM(FM_STR, NULL, struct venue, name),
    FM(FM_STR, NULL, struct venue, address),    FM(FM_STR, NULL, struct venue, kind),
    FM(FM_INT, NULL, struct venue, area_m2),    FM(FM_BOOL, NULL, struct venue, six[0]),
    FM(FM_BOOL, NULL, struct venue, six[1]),    FM(FM_BOOL, NULL, struct venue, six[2]),
    FM(FM_BOOL, NULL, struct venue, six[3]),    FM(FM_BOOL, NULL, struct venue, six[4]),
    FM(FM_BOOL, NULL, struct venue, six[5]),    FM(FM_STR, NULL, struct venue, opening_hours),
    FM(FM_BOOL, NULL, struct venue, active),    FM(FM_INT, NULL, struct venue, rooms),
    FM(FM_INT, NULL, struct venue, version),    FM(FM_STR, NULL, struct venue, created_at),
    FM(FM_STR, NULL, struct venue, updated_at),
};

enum yh_err venues_db_insert(struct db *db, const char *office, const struct venue *v, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO venues (office_code, name, address, kind, area_m2, has_place, has_flag_sign, has_rules, "
        "has_furniture, has_reading, has_av, opening_hours, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, "
        "?)";
    struct db_param p[] = {P_STR(office),
                           P_STR(v->name),
                           P_OPT(v->address),
                           P_STR(v->kind),
                           v->area_m2 ? P_I64(v->area_m2) : P_NULL,
                           P_I64(v->six[0]),
                           P_I64(v->six[1]),
                           P_I64(v->six[2]),
                           P_I64(v->six[3]),
                           P_I64(v->six[4]),
                           P_I64(v->six[5]),
                           P_STR(v->opening_hours),
                           P_I64(v->active)};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err venues_db_get(struct db *db, const char *office, int64_t id, struct venue *v)
{
    static const char sql[] = "SELECT " VENUE_COLS " FROM venues v WHERE v.office_code = ? AND v.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, venue_map, ARRAY_LEN(venue_map), v);
}

enum yh_err venues_db_update(struct db *db, const char *office, const struct venue *v, int64_t version)
{
    static const char sql[] =
        "UPDATE venues SET name = ?, address = ?, kind = ?, area_m2 = ?, has_place = ?, has_flag_sign = ?, "
        "has_rules = ?, has_furniture = ?, has_reading = ?, has_av = ?, opening_hours = ?, active = ?, "
        "version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM venues WHERE office_code = ? AND id = ?";
    struct db_param p[] = {
        P_STR(v->name),   P_OPT(v->address), P_STR(v->kind),          v->area_m2 ? P_I64(v->area_m2) : P_NULL,
        P_I64(v->six[0]), P_I64(v->six[1]),  P_I64(v->six[2]),        P_I64(v->six[3]),
        P_I64(v->six[4]), P_I64(v->six[5]),  P_STR(v->opening_hours), P_I64(v->active),
        P_STR(office),    P_I64(v->id),      P_I64(version)};
    return db_update_one(db, sql, p, ARRAY_LEN(p), exists, office, v->id);
}

enum yh_err venues_db_list(struct db *db, const char *office, int64_t before, int limit, struct venue **out,
                           size_t *n)
{
    static const char sql[] =
        "SELECT " VENUE_COLS " FROM venues v WHERE v.office_code = ? AND (? = 0 OR v.id < "
        "?) ORDER BY v.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(before), P_I64(before), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, ARRAY_LEN(p), venue_map, ARRAY_LEN(venue_map), out, n);
}

/* ---- rooms ---- */

#define ROOM_COLS                                                                                            \
    "r.id, r.venue_id, v.name, r.name, r.capacity, r.facilities, r.active, v.active, v.opening_hours, "      \
    "r.version, " SQL_TS("r.created_at") ", " SQL_TS("r.updated_at")
#define ROOM_FROM " FROM rooms r JOIN venues v ON v.id = r.venue_id "

static const struct fm room_map[] = {
    FM(FM_ID, NULL, struct room, id),
    FM(FM_ID, NULL, struct room, venue_id),
    FM(FM_STR, NULL, struct room, venue_name),
    FM(FM_STR, NULL, struct room, name),
    FM(FM_INT, NULL, struct room, capacity),
    FM(FM_STR, NULL, struct room, facilities),
    FM(FM_BOOL, NULL, struct room, active),
    FM(FM_BOOL, NULL, struct room, venue_active),
    FM(FM_STR, NULL, struct room, opening_hours),
    FM(FM_INT, NULL, struct room, version),
    FM(FM_STR, NULL, struct room, created_at),
    FM(FM_STR, NULL, struct room, updated_at),
};

enum yh_err rooms_db_insert(struct db *db, const char *office, const struct room *rm, int64_t *id)
{
    static const char sql[] = "INSERT INTO rooms (office_code, venue_id, name, capacity, facilities, active) "
                              "VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),       P_I64(rm->venue_id),   P_STR(rm->name),
                           P_I64(rm->capacity), P_STR(rm->facilities), P_I64(rm->active)};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err rooms_db_get(struct db *db, const char *office, int64_t id, bool lock, struct room *rm)
{
    static const char sql[] = "SELECT " ROOM_COLS ROOM_FROM "WHERE r.office_code = ? AND r.id = ?";
    static const char locked[] =
        "SELECT " ROOM_COLS ROOM_FROM "WHERE r.office_code = ? AND r.id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, lock ? locked : sql, p, 2, room_map, ARRAY_LEN(room_map), rm);
}

enum yh_err rooms_db_update(struct db *db, const char *office, const struct room *rm, int64_t version)
{
    static const char sql[] =
        "UPDATE rooms SET name = ?, capacity = ?, facilities = ?, active = ?, version = version + 1, "
        "updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM rooms WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(rm->name), P_I64(rm->capacity), P_STR(rm->facilities), P_I64(rm->active),
                           P_STR(office),   P_I64(rm->id),       P_I64(version)};
    return db_update_one(db, sql, p, ARRAY_LEN(p), exists, office, rm->id);
}

enum yh_err rooms_db_list(struct db *db, const char *office, int64_t venue_id, int64_t after, int limit,
                          struct room **out, size_t *n)
{
    static const char sql[] = "SELECT " ROOM_COLS ROOM_FROM
                              "WHERE r.office_code = ? AND r.venue_id = ? AND r.id > ? ORDER BY r.id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(venue_id), P_I64(after), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, ARRAY_LEN(p), room_map, ARRAY_LEN(room_map), out, n);
}
