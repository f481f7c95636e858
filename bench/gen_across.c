/* Demo data of the work across branches and offices (issue 15), included by gen.c:
 * transfers each way, members living in Kunming, a guide per branch, a 两优一先 round
 * in progress, associations and partners, two venues with a month of bookings. One
 * static function per part, each called once from demo_across. */

/* ---- venues (h5): two venues with a month of bookings around today ---- */
#include "yinhui/access.h"
#include "yinhui/venues.h"

/* The ids of query's rows (one id column, office as its one parameter), at most max. */
static int demo_venue_ids(struct db *db, const char *sql, const char *office, int64_t *ids, int max)
{
    struct db_rows rows;
    struct db_param p[] = {P_STR(office)};
    int n = 0;
    if (db_exec(db, sql, p, 1, &rows, NULL, NULL) != YH_OK) {
        die("venue bookers", YH_ERR_INTERNAL);
    }
    for (size_t i = 0; i < rows.nrows && n < max; i++) {
        ids[n++] = db_i64(&rows, i, 0);
    }
    db_rows_free(&rows);
    return n;
}

/* A venue of office with its rooms (names and capacities); the room ids into rooms. */
static int64_t demo_venue(struct db *db, const char *office, const struct venue *v, const char *const *names,
                          const int *caps, int n, int64_t *rooms)
{
    int64_t id = 0;
    enum yh_err err = venues_db_insert(db, office, v, &id);
    for (int i = 0; err == YH_OK && i < n; i++) {
        struct room rm = {.venue_id = id, .capacity = caps[i], .active = true};
        snprintf(rm.name, sizeof(rm.name), "%s", names[i]);
        snprintf(rm.facilities, sizeof(rm.facilities), "%s", i == 0 ? "投影仪,音响,话筒" : "桌椅,空调");
        err = rooms_db_insert(db, office, &rm, &rooms[i]);
    }
    if (err != YH_OK) {
        die("venue", err);
    }
    return id;
}

/* Booking c of the month: its booker by turns (branches, a team, an association when the
 * office has any, the office itself). */
static void demo_booker(struct booking *b, int c, const int64_t *branches, int n, const int64_t *teams,
                        int nt, const int64_t *assocs, int na)
{
    int turn = c % 5;
    snprintf(b->booker_kind, sizeof(b->booker_kind), "branch");
    b->booker_id = branches[c % n];
    if (turn == 2 && nt > 0) {
        snprintf(b->booker_kind, sizeof(b->booker_kind), "team");
        b->booker_id = teams[c % nt];
    } else if (turn == 3 && na > 0) {
        snprintf(b->booker_kind, sizeof(b->booker_kind), "association");
        b->booker_id = assocs[c % na];
    } else if (turn == 4) {
        snprintf(b->booker_kind, sizeof(b->booker_kind), "office");
        b->booker_id = 0;
    }
}

/* One booking of room (in venue) on day from..to by turn c: past ones served people,
 * one in seventeen cancelled. */
static void demo_book(struct db *db, const char *office, int64_t venue, int64_t room, int cap,
                      const char *day, const char *slot, int c, const struct booking *who, bool past)
{
    static const char *const purposes[] = {"主题党日活动", "三会一课",   "书画交流",     "合唱排练",
                                           "健康讲座",     "读书分享会", "志愿服务培训", "诗词楹联创作"};
    struct booking b = *who;
    int64_t id = 0;
    b.room_id = room;
    b.venue_id = venue;
    snprintf(b.starts_at, sizeof(b.starts_at), "%.10s %.5s:00", day, slot);
    snprintf(b.ends_at, sizeof(b.ends_at), "%.10s %.5s:00", day, slot + 6);
    snprintf(b.purpose, sizeof(b.purpose), "%s", purposes[c % 8]);
    b.expected_people = cap / 2 + c % 10;
    enum yh_err err = bookings_db_insert(db, office, &b, "seed", &id);
    if (err == YH_OK && c % 17 == 0) {
        err = bookings_db_cancel(db, office, id, "天气原因改期", 1);
    } else if (err == YH_OK && past) {
        err = bookings_db_served(db, office, id, b.expected_people - c % 6, 1);
    }
    if (err != YH_OK) {
        die("booking", err);
    }
}

/* The county's activity centre (seed 003: a 3,000 m² building) with five rooms and its
 * first branch's room (seed 004: 六有, two items still missing), each booked over the
 * fifteen days before and after today by branches, teams, associations and the office. */
static void demo_venues(struct db *db, const char *office, const int64_t *branches, int n)
{
    static const char *const centre_rooms[] = {"多功能厅", "党员活动室", "书画室", "阅览室", "乒乓球室"};
    static const int centre_caps[] = {200, 40, 30, 50, 20};
    static const char *const slots[] = {"09:00-11:00", "14:30-16:30", "19:00-20:30"};
    static const char *const room_name[] = {"活动室"};
    static const int room_cap[] = {30};
    struct venue centre = {
        .kind = "activity_centre", .area_m2 = 3000, .six = {1, 1, 1, 1, 1, 1}, .active = true};
    struct venue room = {.kind = "branch_room", .area_m2 = 60, .six = {1, 1, 1, 1, 0, 0}, .active = true};
    int64_t rooms[6], teams[12], assocs[24];
    snprintf(centre.name, sizeof(centre.name), "老干部活动中心");
    snprintf(centre.address, sizeof(centre.address), "景洪市勐泐大道老干部活动中心");
    snprintf(centre.opening_hours, sizeof(centre.opening_hours), "%s",
             "08:00-21:00,08:00-21:00,08:00-21:00,08:00-21:00,08:00-21:00,08:00-21:00,08:30-18:00");
    snprintf(room.name, sizeof(room.name), "第一党支部活动室");
    snprintf(room.opening_hours, sizeof(room.opening_hours), "%s",
             "09:00-17:00,09:00-17:00,09:00-17:00,09:00-17:00,09:00-17:00,,");
    int64_t cv = demo_venue(db, office, &centre, centre_rooms, centre_caps, 5, rooms);
    int64_t rv = demo_venue(db, office, &room, room_name, room_cap, 1, rooms + 5);
    int nt =
        demo_venue_ids(db, "SELECT id FROM volunteer_teams WHERE office_code = ? AND active = 1 ORDER BY id",
                       office, teams, 12);
    int na = demo_venue_ids(db,
                            "SELECT id FROM organisations WHERE office_code = ? AND kind = 'association' AND "
                            "active = 1 ORDER BY id",
                            office, assocs, 24);
    int c = 0;
    for (int k = -15; k <= 15; k++) {
        char day[20], now[20];
        time_cn(now_s() + (int64_t)k * 86400, day);
        time_cn(now_s(), now);
        day[10] = '\0';
        int wd = venue_weekday(day);
        for (int r = 0; r < 6; r++) {
            for (int s = 0; s < 3; s++) {
                /* the branch room: one booking a weekday, by its own branch; the centre
                 * closes at 18:00 on Sundays; some slots stay free */
                bool open = r < 5 ? !(wd == 6 && s == 2) : (wd < 5 && s == 1);
                if (!open || (r < 5 && (k * 3 + r * 7 + s) % 4 == 0)) {
                    continue;
                }
                struct booking who = {0};
                demo_booker(&who, c, branches, n, teams, nt, assocs, na);
                if (r == 5) {
                    snprintf(who.booker_kind, sizeof(who.booker_kind), "branch");
                    who.booker_id = branches[0];
                }
                demo_book(db, office, r < 5 ? cv : rv, rooms[r], r < 5 ? centre_caps[r] : room_cap[0], day,
                          slots[s], c++, &who, strcmp(day, now) < 0);
            }
        }
    }
}
static void demo_across(const struct config *cfg, struct db *db, const char *office, const int64_t *branches, int n)
{
    (void)cfg;
    demo_venues(db, office, branches, n); /* h5: last, after the organisations it may book for */
}
