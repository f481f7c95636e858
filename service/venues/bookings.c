/* /v1/rooms/{id}/bookings and /v1/bookings/{id}: bookings of a room by the office, a
 * branch, an association or partner organisation, or a volunteer team; cancelled with a
 * reason, the people served recorded afterwards. A room's bookings never overlap: the
 * room row lock orders the bookings of one room, the overlap found under it is named in
 * the 409, and room_booking_slots' primary key is the database's own refusal. */
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

static const struct field booking_fields[] = {
    FIELD_ENUM("booker_kind", struct booking, booker_kind, venue_booker_kinds, FF_REQUIRED),
    FIELD_ID("booker_id", struct booking, booker_id, 0),
    FIELD_DATETIME("starts_at", struct booking, starts_at, FF_REQUIRED),
    FIELD_DATETIME("ends_at", struct booking, ends_at, FF_REQUIRED),
    FIELD_TEXT("purpose", struct booking, purpose, 200, FF_REQUIRED),
    FIELD_INT("expected_people", struct booking, expected_people, 1, 5000, FF_REQUIRED),
};
struct cancel_body {
    char reason[801];
};
static const struct field cancel_fields[] = {
    FIELD_TEXT("reason", struct cancel_body, reason, 200, FF_REQUIRED),
};
struct served_body {
    int64_t people_served;
};
static const struct field served_fields[] = {
    FIELD_INT("people_served", struct served_body, people_served, 0, 5000, FF_REQUIRED),
};

cJSON *venue_booking_json(const struct booking *b)
{
    char t[26];
    cJSON *j = cJSON_CreateObject(), *by = cJSON_CreateObject();
    json_add_id(j, "id", b->id);
    json_add_id(j, "room_id", b->room_id);
    cJSON_AddStringToObject(j, "room_name", b->room_name);
    json_add_id(j, "venue_id", b->venue_id);
    cJSON_AddStringToObject(j, "venue_name", b->venue_name);
    cJSON_AddStringToObject(by, "kind", b->booker_kind);
    json_add_id(by, "id", b->booker_id);
    json_add_opt(by, "name", b->booker_name);
    cJSON_AddItemToObject(j, "booker", by);
    time_cn_rfc3339(b->starts_at, t);
    cJSON_AddStringToObject(j, "starts_at", t);
    time_cn_rfc3339(b->ends_at, t);
    cJSON_AddStringToObject(j, "ends_at", t);
    cJSON_AddStringToObject(j, "purpose", b->purpose);
    cJSON_AddNumberToObject(j, "expected_people", (double)b->expected_people);
    if (b->people_served >= 0) {
        cJSON_AddNumberToObject(j, "people_served", (double)b->people_served);
    } else {
        cJSON_AddNullToObject(j, "people_served");
    }
    cJSON_AddStringToObject(j, "status", b->status);
    json_add_opt(j, "cancel_reason", b->cancel_reason);
    json_add_opt(j, "cancelled_at", b->cancelled_at);
    cJSON_AddStringToObject(j, "created_by", b->created_by);
    cJSON_AddNumberToObject(j, "version", (double)b->version);
    cJSON_AddStringToObject(j, "created_at", b->created_at);
    cJSON_AddStringToObject(j, "updated_at", b->updated_at);
    return j;
}

static void reply_booking(struct req *r, int status, int64_t id)
{
    struct booking b;
    enum yh_err err = bookings_db_get(r->db, r->claims.office, id, false, &b);
    if (err != YH_OK) {
        reply_error(r, err, "booking");
    } else if (status == 201) {
        reply_created_take(r, "/v1/bookings", id, venue_booking_json(&b));
    } else {
        reply_json_take(r, status, venue_booking_json(&b));
    }
}

/* The booker of b: the office itself (no id), or a branch, organisation or team of the
 * caller's office; a secretary books for its own branch only. Adds to e. */
static enum yh_err booker_check(struct req *r, struct booking *b, struct verrs *e)
{
    bool office = strcmp(b->booker_kind, "office") == 0;
    if (req_is_secretary(r) &&
        (strcmp(b->booker_kind, "branch") != 0 || b->booker_id != r->claims.branch_id)) {
        verr_add(e, "booker_id", "a secretary books for its own branch only");
        return YH_OK;
    }
    if (office != (b->booker_id == 0)) {
        verr_add(e, "booker_id", office ? "must be absent for the office's own booking" : "is required");
        return YH_OK;
    }
    enum yh_err err = office ? YH_OK
                             : bookings_db_booker(r->db, r->claims.office, b->booker_kind, b->booker_id,
                                                  false, b->booker_name, sizeof(b->booker_name));
    if (err == YH_ERR_NOT_FOUND) {
        verr_add(e, "booker_id",
                 "is no open branch, active organisation of that kind or active team of the office");
        err = YH_OK;
    }
    return err;
}

/* The time of b in room rm: within the venue's hours in whole half hours, not in the
 * past, and the expected people within the capacity. Adds to e. */
static void booking_time_check(const struct room *rm, const struct booking *b, struct verrs *e)
{
    struct venue_hours h;
    const char *field = NULL, *why = NULL;
    char now[20], msg[96];
    time_cn(now_s(), now);
    if (!venue_hours_parse(rm->opening_hours, &h)) {
        verr_add(e, "room_id", "the venue's opening hours are not readable");
    } else if ((why = venue_booking_refusal(b->starts_at, b->ends_at, &h, &field)) != NULL) {
        verr_add(e, field, why);
    } else if (strcmp(b->starts_at, now) < 0) {
        verr_add(e, "starts_at", "is in the past");
    }
    if (b->expected_people > rm->capacity) {
        snprintf(msg, sizeof(msg), "exceeds the room's capacity of %lld", (long long)rm->capacity);
        verr_add(e, "expected_people", msg);
    }
}

/* Under the room's lock: CONFLICT with msg naming the live booking b would overlap. */
static enum yh_err overlap_named(struct req *r, const struct booking *b, char *msg, size_t len)
{
    struct booking other;
    int64_t id = 0;
    enum yh_err err = bookings_db_overlapping(r->db, b->room_id, b->starts_at, b->ends_at, &id);
    if (err != YH_OK || id == 0) {
        return err;
    }
    /* a locking read: the colliding booking may have committed after this transaction's
     * snapshot (an Idempotency-Key's own reads come first) */
    err = bookings_db_get(r->db, r->claims.office, id, true, &other);
    if (err == YH_OK) {
        snprintf(
            msg, len,
            "the room is booked from %s to %s by booking %lld (%s%s%s): bookings of a room never overlap",
            other.starts_at, other.ends_at, (long long)id, other.booker_kind, other.booker_name[0] ? " " : "",
            other.booker_name);
        err = YH_ERR_CONFLICT;
    }
    return err;
}

/* Locks room b->room_id and checks it takes b. NOT_FOUND (replied as the room's 404) or
 * CONFLICT with msg; rm gets the room. False with a 422 already replied. */
static enum yh_err room_takes(struct req *r, struct booking *b, struct room *rm, char *msg, size_t len)
{
    enum yh_err err = rooms_db_get(r->db, r->claims.office, b->room_id, true, rm);
    if (err == YH_OK && !(rm->active && rm->venue_active)) {
        snprintf(msg, len, "the room or its venue is inactive: it takes no new booking");
        return YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        b->venue_id = rm->venue_id;
        err = overlap_named(r, b, msg, len);
    }
    return err;
}

/* In the booking's transaction: b's booker is still open or active, under a shared lock,
 * so an organisation's DELETE (which counts its bookings) or a branch's dissolution
 * either waits for this booking or is seen by it. CONFLICT with msg otherwise. */
static enum yh_err booker_still_there(struct req *r, struct booking *b, char *msg, size_t len)
{
    enum yh_err err = strcmp(b->booker_kind, "office") == 0
                          ? YH_OK
                          : bookings_db_booker(r->db, r->claims.office, b->booker_kind, b->booker_id, true,
                                               b->booker_name, sizeof(b->booker_name));
    if (err == YH_ERR_NOT_FOUND) {
        snprintf(msg, len, "the booker (%s %lld) was closed, retired or deleted meanwhile: it books no room",
                 b->booker_kind, (long long)b->booker_id);
        err = YH_ERR_CONFLICT;
    }
    return err;
}

/* Reads and checks a new booking of room_id. False when it has replied. */
static bool new_booking_or_reply(struct req *r, int64_t room_id, struct booking *b)
{
    struct verrs e = {0};
    struct room rm;
    b->room_id = room_id;
    enum yh_err err = rooms_db_get(r->db, r->claims.office, room_id, false, &rm);
    if (err != YH_OK) {
        reply_error(r, err, "room");
        return false;
    }
    if (!body_read_or_reply(r, booking_fields, ARRAY_LEN(booking_fields), b, true, NULL)) {
        return false;
    }
    booking_time_check(&rm, b, &e);
    err = e.n == 0 ? booker_check(r, b, &e) : YH_OK;
    return checks_ok_or_reply(r, err, &e);
}

/* POST /v1/rooms/{id}/bookings */
void bookings_create(struct req *r)
{
    struct booking b = {0};
    struct room rm;
    int64_t room_id = 0, id = 0;
    char msg[640] = "another booking took that time: bookings of a room never overlap";
    if (!id_param_or_reply(r, &room_id) || !new_booking_or_reply(r, room_id, &b)) {
        return;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = room_takes(r, &b, &rm, msg, sizeof(msg));
    }
    if (err == YH_OK) {
        err = booker_still_there(r, &b, msg, sizeof(msg));
    }
    if (err == YH_OK) {
        err = bookings_db_insert(r->db, r->claims.office, &b, r->claims.sub, &id);
    }
    if (err == YH_OK) {
        err = req_audit(r, "booking.create", "booking", id);
    }
    if (commit_or_reply_conflict(r, err, "room", msg)) {
        reply_booking(r, 201, id);
    }
}

/* Booking {id} of the path, locked, when the caller may change it (a secretary: its
 * branch's); b without the names. Every booking writer locks the room first (as a new
 * booking does), then the booking: one order, no deadlock. False when it has rolled back
 * and replied. */
static bool booking_for_change_or_reply(struct req *r, int64_t *id, struct booking *b)
{
    struct room rm;
    int64_t room_id = 0;
    if (!id_param_or_reply(r, id)) {
        return false;
    }
    enum yh_err err = db_begin(r->db);
    if (err == YH_OK) {
        err = bookings_db_room(r->db, r->claims.office, *id, &room_id);
    }
    if (err == YH_OK) {
        err = rooms_db_get(r->db, r->claims.office, room_id, true, &rm);
    }
    if (err == YH_OK) {
        err = bookings_db_lock(r->db, r->claims.office, *id, b);
    }
    if (err == YH_OK && req_is_secretary(r) &&
        (strcmp(b->booker_kind, "branch") != 0 || b->booker_id != r->claims.branch_id)) {
        err = YH_ERR_NOT_FOUND;
    }
    if (err != YH_OK) {
        db_rollback(r->db);
        reply_error(r, err, "booking");
        return false;
    }
    return true;
}

/* CONFLICT with msg when an activity or a live volunteer event names booking id: its
 * organiser clears booking_id first, so nothing is left holding a freed room. */
static enum yh_err booking_unused(struct req *r, int64_t id, char *msg, size_t len)
{
    int64_t activity = 0, event = 0;
    enum yh_err err = bookings_db_users(r->db, r->claims.office, id, &activity, &event);
    if (err == YH_OK && (activity != 0 || event != 0)) {
        snprintf(msg, len, "%s %lld names this booking: clear its booking_id first, then cancel",
                 activity ? "activity" : "volunteer event", (long long)(activity ? activity : event));
        err = YH_ERR_CONFLICT;
    }
    return err;
}

/* POST /v1/bookings/{id}/cancel {reason}: frees the time; not once it has ended. */
void bookings_cancel(struct req *r)
{
    struct cancel_body c = {0};
    struct booking b;
    int64_t id = 0;
    char now[20], msg[160] = "";
    if (!body_read_or_reply(r, cancel_fields, ARRAY_LEN(cancel_fields), &c, true, NULL) ||
        !booking_for_change_or_reply(r, &id, &b)) {
        return;
    }
    time_cn(now_s(), now);
    enum yh_err err = YH_OK;
    if (strcmp(b.status, "booked") != 0) {
        snprintf(msg, sizeof(msg), "the booking was cancelled at %s: a booking is cancelled once",
                 b.cancelled_at);
        err = YH_ERR_CONFLICT;
    } else if (strcmp(b.ends_at, now) <= 0) {
        snprintf(msg, sizeof(msg), "the booking ended at %s: record the people served instead", b.ends_at);
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = booking_unused(r, id, msg, sizeof(msg));
    }
    if (err == YH_OK) {
        err = bookings_db_cancel(r->db, r->claims.office, id, c.reason, b.version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "booking.cancel", "booking", id);
    }
    if (commit_or_reply_conflict(r, err, "booking", msg)) {
        reply_booking(r, 200, id);
    }
}

/* PUT /v1/bookings/{id}/attendance {people_served} (If-Match): once the booking has
 * begun (and corrected later); a cancelled booking served no one. */
void bookings_attendance(struct req *r)
{
    struct served_body s = {0};
    struct booking b;
    int64_t id = 0, version = 0;
    char now[20], msg[160] = "";
    if (!req_if_match_or_reply(r, &version) ||
        !body_read_or_reply(r, served_fields, ARRAY_LEN(served_fields), &s, true, NULL) ||
        !booking_for_change_or_reply(r, &id, &b)) {
        return;
    }
    time_cn(now_s(), now);
    enum yh_err err = YH_OK;
    if (strcmp(b.status, "booked") != 0) {
        snprintf(msg, sizeof(msg), "the booking was cancelled: no one was served");
        err = YH_ERR_CONFLICT;
    } else if (strcmp(b.starts_at, now) > 0) {
        snprintf(msg, sizeof(msg), "the booking begins at %s: the people served are recorded afterwards",
                 b.starts_at);
        err = YH_ERR_CONFLICT;
    }
    if (err == YH_OK) {
        err = bookings_db_served(r->db, r->claims.office, id, s.people_served, version);
    }
    if (err == YH_OK) {
        err = req_audit(r, "booking.attendance", "booking", id);
    }
    if (commit_or_reply_conflict(r, err, "booking", msg)) {
        reply_booking(r, 200, id);
    }
}

/* GET /v1/bookings/{id} */
void bookings_get(struct req *r)
{
    int64_t id = 0;
    if (id_param_or_reply(r, &id)) {
        reply_booking(r, 200, id);
    }
}

static cJSON *booking_row_json(const void *row)
{
    return venue_booking_json(row);
}

static void booking_key(const void *row, char *out, size_t len)
{
    const struct booking *b = row;
    snprintf(out, len, "%s|%lld", b->starts_at, (long long)b->id);
}

/* The list's filter from ?from=&to= (dates, default today on), ?status=, the cursor. */
static bool booking_filter_or_reply(struct req *r, struct booking_filter *f, char from[20], char to[20])
{
    static const char *const statuses[] = {"booked", "cancelled", NULL};
    const char *qf = query_get(&r->q, "from"), *qt = query_get(&r->q, "to");
    char after[48], day[11];
    int64_t days = 0;
    struct verrs e = {0};
    if (!page_params_or_reply(r, "bookings", &f->limit, after, sizeof(after)) ||
        !query_enum_or_reply(r, "status", statuses, &f->status)) {
        return false;
    }
    today_cn(day);
    snprintf(from, 20, "%s 00:00:00", qf ? qf : day);
    snprintf(to, 20, "%s", "9999-12-31 00:00:00");
    bool from_ok = qf == NULL || (strlen(qf) == 10 && venue_days(qf, &days));
    bool to_ok = qt == NULL || (strlen(qt) == 10 && venue_days(qt, &days));
    if (qt != NULL && to_ok) {
        venue_next_day(qt, day);
        snprintf(to, 20, "%s 00:00:00", day);
    }
    if (!from_ok) {
        verr_add(&e, "from", "must be a date YYYY-MM-DD");
    }
    if (!to_ok) {
        verr_add(&e, "to", "must be a date YYYY-MM-DD");
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, "from and to are dates", &e);
        return false;
    }
    f->from = from;
    f->to = to;
    if (after[0] && sscanf(after, "%19[^|]|%lld", f->after_start, (long long *)&f->after_id) != 2) {
        f->after_start[0] = '\0';
    }
    return true;
}

/* GET /v1/rooms/{id}/bookings?from=&to=&status=: by start (a secretary sees its
 * branch's). */
void bookings_list(struct req *r)
{
    struct booking_filter f = {0};
    struct booking *rows = NULL;
    struct room rm;
    size_t n = 0;
    char from[20], to[20];
    if (!id_param_or_reply(r, &f.room_id) || !booking_filter_or_reply(r, &f, from, to)) {
        return;
    }
    f.branch_id = req_is_secretary(r) ? (r->claims.branch_id ? r->claims.branch_id : -1) : 0;
    enum yh_err err = rooms_db_get(r->db, r->claims.office, f.room_id, false, &rm);
    if (err == YH_OK) {
        err = bookings_db_list(r->db, r->claims.office, &f, &rows, &n);
    }
    if (err != YH_OK) {
        reply_error(r, err, "room");
        return;
    }
    cJSON *body = typed_page(r, "bookings", rows, n, sizeof(*rows), f.limit, booking_row_json, booking_key);
    free(rows);
    reply_json_take(r, 200, body);
}

enum yh_err venue_booking_check(struct req *r, int64_t booking_id, const char *starts, const char *ends,
                                const char *kind, const int64_t *ids, size_t n, const char *field,
                                struct verrs *v)
{
    struct booking b;
    /* shared lock: a cancel committed meanwhile is seen and, when the caller checks inside
     * the transaction that writes booking_id, a cancel to come waits for its commit */
    enum yh_err err = bookings_db_get(r->db, r->claims.office, booking_id, true, &b);
    if (err == YH_ERR_NOT_FOUND) {
        verr_add(v, field, "is no booking of the office");
        return YH_OK;
    }
    if (err != YH_OK) {
        return err;
    }
    bool booker = strcmp(b.booker_kind, "office") == 0;
    for (size_t i = 0; i < n; i++) {
        booker = booker || (strcmp(b.booker_kind, kind) == 0 && b.booker_id == ids[i]);
    }
    if (strcmp(b.status, "booked") != 0) {
        verr_add(v, field, "is a cancelled booking");
    } else if (strcmp(starts, b.starts_at) < 0 || strcmp(ends[0] ? ends : starts, b.ends_at) > 0 ||
               (!ends[0] && strcmp(starts, b.ends_at) == 0)) {
        verr_add(v, field, "does not cover the time: the booking must hold it from start to end");
    } else if (!booker) {
        verr_add(v, field, "is booked by someone else: name a booking of the office or of the organiser");
    }
    return YH_OK;
}
