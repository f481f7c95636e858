/* Demo data of issue 16 (volunteers to the national standard), included by gen.c: one
 * static function per part, each called once from demo_volstd, after demo_volunteers
 * and demo_across (the teams, volunteers, events and venues exist). */

/* ---- reminders and attendance (h4) ---- */
#include "yinhui/access.h"
#include "yinhui/util.h"
#include "yinhui/volunteers.h"

/* A past event of office closed as done with two confirmed volunteers who never checked
 * in: one marked no-show, the other's mark cleared by staff (excused beforehand). */
static void demo_no_show(struct db *db, const char *office)
{
    struct db_param p[] = {P_STR(office)};
    exec_or_die(
        db,
        "INSERT INTO volunteer_events (office_code, title, description, team_id, starts_at, ends_at, place, "
        "capacity, skills, status, posted_by, confirmed) SELECT code, '敬老院探访（上周）', "
        "'银发先锋在行动', "
        "(SELECT MIN(id) FROM volunteer_teams WHERE office_code = code), DATE(NOW()) - INTERVAL 5 DAY + "
        "INTERVAL 15 HOUR, DATE(NOW()) - INTERVAL 5 DAY + INTERVAL 17 HOUR, '景洪市社会福利院', 2, '', "
        "'done', 'account:demo', 2 FROM offices WHERE code = ?",
        p, 1);
    exec_or_die(
        db,
        "INSERT INTO volunteer_signups (office_code, event_id, volunteer_id, status, remind_on, no_show_at, "
        "no_show_undone_at, no_show_undone_by, no_show_undo_reason) SELECT v.office_code, e.id, v.id, "
        "'confirmed', NULL, IF(v.k = 0, e.ends_at, NULL), IF(v.k = 1, e.ends_at + INTERVAL 1 DAY, NULL), "
        "IF(v.k = 1, 'account:demo', NULL), IF(v.k = 1, '事先已向队长请假，误标未到', NULL) FROM "
        "(SELECT id, office_code, ROW_NUMBER() OVER (ORDER BY id DESC) - 1 k FROM volunteers WHERE "
        "office_code = ? ORDER BY id DESC LIMIT 2) v JOIN volunteer_events e ON e.office_code = "
        "v.office_code "
        "AND e.title = '敬老院探访（上周）'",
        p, 1);
}

/* Reminders and attendance: a no-show (demo_no_show); the reminders due now: the reminder pass as the outbox
 * worker runs it (200 sign-ups a pass, until every demo sign-up has been looked at), then one volunteer of
 * the next event confirms it will come. */
static void demo_reminders(const struct config *cfg, struct db *db, const char *office)
{
    char now[20];
    demo_no_show(db, office);
    for (int i = 0; i < 5; i++) {
        vreminders_publish_due(db, cfg);
    }
    time_cn(now_s(), now);
    struct db_param p[] = {P_STR(now), P_STR(office)};
    exec_or_die(
        db,
        "UPDATE volunteer_signups SET attendance_confirmed_at = ? WHERE id = (SELECT id FROM (SELECT s.id "
        "FROM volunteer_signups s JOIN volunteer_reminders r ON r.signup_id = s.id WHERE s.office_code = ? "
        "ORDER BY r.id LIMIT 1) x)",
        p, 2);
}

static void demo_volstd(const struct config *cfg, struct db *db, const char *office)
{
    demo_reminders(cfg, db, office);
}
