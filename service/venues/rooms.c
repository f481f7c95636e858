/* /v1/venues/{id}/rooms and /v1/rooms/{id}: the rooms of a venue (capacity, facilities).
 * A room of an inactive venue, or an inactive room, takes no new booking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/body.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/json_out.h"
#include "yinhui/page.h"
#include "yinhui/reach.h"
#include "yinhui/typed_rows.h"
#include "yinhui/venues.h"
#include "yinhui/volunteer_json.h"

/* facilities is a list of tags, read by tags_take. */
static const struct field room_fields[] = {
    FIELD_TEXT("name", struct room, name, 60, FF_REQUIRED),
    FIELD_INT("capacity", struct room, capacity, 1, 5000, FF_REQUIRED),
    FIELD_OTHER("facilities", 0),
    FIELD_BOOL("active", struct room, active, 0),
};

static cJSON *room_json(const void *row)
{
    const struct room *rm = row;
    cJSON *j = cJSON_CreateObject();
    json_add_id(j, "id", rm->id);
    json_add_id(j, "venue_id", rm->venue_id);
    cJSON_AddStringToObject(j, "venue_name", rm->venue_name);
    cJSON_AddStringToObject(j, "name", rm->name);
    cJSON_AddNumberToObject(j, "capacity", (double)rm->capacity);
    cJSON_AddItemToObject(j, "facilities", json_split(rm->facilities, ',', 127));
    cJSON_AddBoolToObject(j, "active", rm->active);
    cJSON_AddBoolToObject(j, "bookable", rm->active && rm->venue_active);
    cJSON_AddNumberToObject(j, "version", (double)rm->version);
    cJSON_AddStringToObject(j, "created_at", rm->created_at);
    cJSON_AddStringToObject(j, "updated_at", rm->updated_at);
    return j;
}

/* Reads the body over rm. False when it has replied. */
static bool room_read_or_reply(struct req *r, struct room *rm, bool create)
{
    static const struct tags_rule facilities = {
        .max = 30,
        .item_max = 30,
        .bad = ",\r\n\t",
        .too_many = "must be an array of at most 30 facilities",
        .bad_item = "each facility is 1-30 characters without commas",
        .too_long = "are too long together",
    };
    struct verrs e = {0};
    if (r->json == NULL) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "a JSON body is required", NULL);
        return false;
    }
    if (body_read(r, room_fields, ARRAY_LEN(room_fields), rm, create, NULL, &e)) {
        tags_take(r->json, "facilities", &facilities, rm->facilities, sizeof(rm->facilities), &e);
    }
    return verrs_ok_or_reply(r, &e);
}

static void reply_room(struct req *r, int status, int64_t id)
{
    struct room rm;
    enum yh_err err = rooms_db_get(r->db, r->claims.office, id, false, &rm);
    if (err != YH_OK) {
        reply_error(r, err, "room");
    } else if (status == 201) {
        reply_created_take(r, "/v1/rooms", id, room_json(&rm));
    } else {
        reply_json_take(r, status, room_json(&rm));
    }
}

/* POST /v1/venues/{id}/rooms (staff) */
void rooms_create(struct req *r)
{
    struct room rm = {.active = true};
    struct venue v;
    int64_t id = 0;
    if (!id_param_or_reply(r, &rm.venue_id)) {
        return;
    }
    enum yh_err err = venues_db_get(r->db, r->claims.office, rm.venue_id, &v);
    if (err != YH_OK) {
        reply_error(r, err, "venue");
        return;
    }
    if (!room_read_or_reply(r, &rm, true)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = rooms_db_insert(r->db, r->claims.office, &rm, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "room.create", "room", id);
    }
    if (commit_or_reply_conflict(r, err, "room", "the venue has a room of that name")) {
        reply_room(r, 201, id);
    }
}

/* GET /v1/rooms/{id} */
void rooms_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_room(r, 200, id);
    }
}

/* PATCH /v1/rooms/{id} (staff, If-Match) */
void rooms_patch(struct req *r)
{
    struct room rm;
    int64_t id = 0, version = 0;
    if (!body_known_or_reply(r, room_fields, ARRAY_LEN(room_fields)) || !id_param_or_reply(r, &id)) {
        return;
    }
    enum yh_err err = rooms_db_get(r->db, r->claims.office, id, false, &rm);
    if (err != YH_OK) {
        reply_error(r, err, "room");
        return;
    }
    if (!req_if_match_or_reply(r, &version) || !room_read_or_reply(r, &rm, false)) {
        return;
    }
    err = db_begin(r->db);
    if (err == YH_OK) {
        err = rooms_db_update(r->db, r->claims.office, &rm, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "room.update", "room", id);
    }
    if (commit_or_reply_conflict(r, err, "room", "the venue has a room of that name")) {
        reply_room(r, 200, id);
    }
}

/* GET /v1/venues/{id}/rooms: by id, with a cursor. */
void rooms_list(struct req *r)
{
    struct venue v;
    struct room *rows = NULL;
    size_t n = 0;
    int64_t venue_id = 0;
    int limit = 0;
    char after[24];
    if (!id_param_or_reply(r, &venue_id) || !page_params_or_reply(r, "rooms", &limit, after, sizeof(after))) {
        return;
    }
    enum yh_err err = venues_db_get(r->db, r->claims.office, venue_id, &v);
    if (err != YH_OK) {
        reply_error(r, err, "venue");
        return;
    }
    err = rooms_db_list(r->db, r->claims.office, venue_id, after[0] ? strtoll(after, NULL, 10) : 0, limit,
                        &rows, &n);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    cJSON *body = typed_page(r, "rooms", rows, n, sizeof(*rows), limit, room_json, typed_key_id);
    free(rows);
    reply_json_take(r, 200, body);
}
