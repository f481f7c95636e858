/* Demo data of issue 16 (volunteers to the national standard), included by gen.c: one
 * static function per part, each called once from demo_volstd, after demo_volunteers
 * and demo_across (the teams, volunteers, events and venues exist). */
#include "yinhui/access.h"
#include "yinhui/util.h"
#include "yinhui/volunteers.h"
#include "yinhui/volunteers_db.h"

/* ---- h6: points with limits ---- */
/* The county caps points at 30 a day and 600 a year. The demo's earnings count on the
 * day served; one volunteer's claim of five hours (50 points) confirmed today was cut to
 * the day's 30, and the points page shows the 20 withheld. */
static void demo_points_caps(struct db *db, const char *office)
{
    static const char *const stmts[] = {
        "INSERT INTO volunteer_settings (office_code, points_day_cap, points_year_cap) VALUES (?, 30, 600) "
        "ON DUPLICATE KEY UPDATE points_day_cap = 30, points_year_cap = 600",
        "UPDATE points_ledger l JOIN volunteer_hours h ON h.id = l.hours_id SET l.earned_on = h.served_on "
        "WHERE l.office_code = ? AND l.kind = 'earn' AND l.earned_on IS NULL",
        /* the volunteer with the most points, and a past event it did not sign up for */
        "SET @h6_vol = (SELECT id FROM volunteers WHERE office_code = ? "
        "ORDER BY points_balance DESC, id LIMIT 1)",
        "SET @h6_event = (SELECT MAX(e.id) FROM volunteer_events e WHERE e.office_code = ? "
        "AND e.status = 'done' AND NOT EXISTS (SELECT 1 FROM volunteer_signups s "
        "WHERE s.event_id = e.id AND s.volunteer_id = @h6_vol))",
        "INSERT INTO volunteer_signups (office_code, event_id, volunteer_id, status) "
        "VALUES (?, @h6_event, @h6_vol, 'confirmed')",
        "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, team_id, minutes, source, "
        "status, note, served_on, decided_by, decided_at) SELECT office_code, @h6_vol, id, team_id, "
        "300, 'claim', 'confirmed', '布置场地、搀扶老人上下车', DATE(starts_at), 'account:demo', NOW() "
        "FROM volunteer_events WHERE id = @h6_event AND office_code = ?",
        "INSERT INTO points_ledger (office_code, volunteer_id, delta, capped, capped_by, kind, earned_on, "
        "hours_id, note, balance_after, created_by) SELECT v.office_code, v.id, 30, 20, 'day', 'earn', "
        "CURDATE(), LAST_INSERT_ID(), '超出每日积分上限30分，少计20分', v.points_balance + 30, "
        "'account:demo' FROM volunteers v WHERE v.id = @h6_vol AND v.office_code = ?",
        "UPDATE volunteers SET points_balance = points_balance + 30 WHERE id = @h6_vol AND office_code = ?",
        /* (the demo's past events are full: the organiser took one more) */
        "UPDATE volunteer_events SET capacity = GREATEST(capacity, confirmed + 1), "
        "confirmed = confirmed + 1 WHERE id = @h6_event AND office_code = ?",
    };
    struct db_param p[] = {P_STR(office)};
    for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
        exec_or_die(db, stmts[i], p, 1);
    }
}

/* ---- reminders and attendance (h4) ---- */

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
    /* at any hour the seed runs (the service waits for YH_REMINDER_HOUR) */
    struct config at_any_hour = *cfg;
    at_any_hour.reminder_hour = 0;
    for (int i = 0; i < 5; i++) {
        vreminders_publish_due(db, &at_any_hour);
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

/* ---- truthful hours (h1) ---- */

/* A corrected entry (the office's first check-in entry, 120 → 90 minutes, its points
 * adjusted), a staff entry with its reason, and a volunteer left checked in at an event
 * that ended yesterday: checked out automatically, awaiting review (not credited). */
static void demo_truthful_hours(struct db *db, const char *office)
{
#define VH_BY                                                                                                \
    "IFNULL((SELECT CONCAT('account:', id) FROM accounts WHERE office_code = ? AND username = 'admin'), "    \
    "'account:demo')"
    static const char *const stmts[] = {
        "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, team_id, minutes, source, "
        "corrects_id, status, reason, entered_by, served_on, decided_by, decided_at) SELECT office_code, "
        "volunteer_id, event_id, team_id, 90, 'correction', id, 'confirmed', "
        "'核对签到表：提前半小时离场', " VH_BY ", served_on, " VH_BY
        ", NOW(3) FROM volunteer_hours WHERE id = (SELECT MIN(id) FROM volunteer_hours WHERE office_code = ? "
        "AND source = 'checkin')",
        /* 120 minutes held 20 points, 90 earn 15 */
        "INSERT INTO points_ledger (office_code, volunteer_id, delta, kind, hours_id, balance_after, "
        "created_by) SELECT h.office_code, h.volunteer_id, -5, 'adjust', h.id, v.points_balance - 5, "
        "h.entered_by FROM volunteer_hours h JOIN volunteers v ON v.id = h.volunteer_id WHERE h.office_code "
        "= ? AND h.source = 'correction' AND v.points_balance >= 5",
        "UPDATE volunteers v JOIN points_ledger l ON l.volunteer_id = v.id AND l.kind = 'adjust' SET "
        "v.points_balance = l.balance_after WHERE v.office_code = ?",
        /* a staff entry: the volunteer came without a phone; the sign-in sheet is the proof */
        "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, team_id, minutes, source, status, "
        "reason, entered_by, served_on, decided_by, decided_at) SELECT e.office_code, (SELECT MAX(id) FROM "
        "volunteers WHERE office_code = e.office_code), e.id, e.team_id, 120, 'staff', 'confirmed', "
        "'老人不会用手机签到，按现场纸质签到表补录', " VH_BY ", DATE(e.starts_at), " VH_BY
        ", NOW(3) FROM volunteer_events e WHERE e.id = (SELECT MAX(id) FROM volunteer_events WHERE "
        "office_code = ? AND status = 'done')",
        "INSERT INTO points_ledger (office_code, volunteer_id, delta, kind, hours_id, balance_after, "
        "created_by) SELECT h.office_code, h.volunteer_id, 20, 'earn', h.id, v.points_balance + 20, "
        "h.entered_by FROM volunteer_hours h JOIN volunteers v ON v.id = h.volunteer_id WHERE h.office_code "
        "= ? AND h.source = 'staff'",
        "UPDATE volunteers v JOIN points_ledger l ON l.volunteer_id = v.id JOIN volunteer_hours h ON h.id = "
        "l.hours_id AND h.source = 'staff' SET v.points_balance = l.balance_after WHERE v.office_code = ?",
        /* yesterday's event: one volunteer never checked out */
        "INSERT INTO volunteer_events (office_code, title, description, team_id, starts_at, ends_at, place, "
        "capacity, status, posted_by, confirmed) SELECT office_code, '曼听公园健步走护航', '银发先锋在行动', "
        "MIN(id), "
        "DATE(NOW()) - INTERVAL 1 DAY + INTERVAL 8 HOUR, DATE(NOW()) - INTERVAL 1 DAY + INTERVAL 10 HOUR, "
        "'曼听公园', 10, 'closed', 'account:demo', 1 FROM volunteer_teams WHERE office_code = ? GROUP BY "
        "office_code",
        "INSERT INTO volunteer_signups (office_code, event_id, volunteer_id, status, checked_in_at, "
        "checked_out_at) SELECT e.office_code, e.id, (SELECT MIN(id) FROM volunteers WHERE office_code = "
        "e.office_code), 'confirmed', e.starts_at + INTERVAL 10 MINUTE, e.ends_at FROM volunteer_events e "
        "WHERE e.office_code = ? AND e.title = '曼听公园健步走护航'",
        "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, team_id, minutes, source, status, "
        "note, served_on) SELECT s.office_code, s.volunteer_id, s.event_id, e.team_id, 110, 'auto_checkout', "
        "'pending', 'left checked in: checked out at the event''s end, for review', DATE(e.starts_at) FROM "
        "volunteer_signups s JOIN volunteer_events e ON e.id = s.event_id WHERE s.office_code = ? AND "
        "e.title = '曼听公园健步走护航'",
    };
#undef VH_BY
    for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
        struct db_param p[] = {P_STR(office), P_STR(office), P_STR(office), P_STR(office)};
        size_t n = 0;
        for (const char *q = strchr(stmts[i], '?'); q; q = strchr(q + 1, '?')) {
            n++;
        }
        exec_or_die(db, stmts[i], p, n);
    }
}

/* ---- safety and fit (h3, sql/0050) ---- */

/* Upcoming events with requirements (ages, health levels, intensity, required skills), a
 * risky one open with accident insurance arranged and a risky draft still without. */
static void demo_volstd_fit(struct db *db, const char *office)
{
#define FIT_EVENT(title, desc, day, place, cap, skills, status, min, max, health, intensity, req, risky,     \
                  insured, note)                                                                             \
    "INSERT INTO volunteer_events (office_code, title, description, starts_at, ends_at, place, capacity, "   \
    "skills, status, posted_by, min_age, max_age, health_allowed, intensity, skills_required, risky, "       \
    "insurance_arranged, insurance_note) VALUES (?, '" title "', '" desc "', DATE(NOW()) + INTERVAL " day    \
    " DAY + INTERVAL 9 HOUR, DATE(NOW()) + INTERVAL " day " DAY + INTERVAL 11 HOUR, '" place "', " cap       \
    ", '" skills "', '" status "', 'account:demo', " min ", " max ", '" health "', " intensity ", " req      \
    ", " risky ", " insured ", " note ")"
    static const char *const stmts[] = {
        FIT_EVENT("社区义诊（需医护技能）", "为行动不便的老人量血压、讲健康常识", "10", "曼听社区", "8",
                  "义诊,量血压", "open", "NULL", "80", "able,frail", "'light'", "1", "0", "0", "NULL"),
        FIT_EVENT("读报陪伴（居家也可）", "电话或视频为独居老人读报聊天", "12", "线上", "20", "", "open",
                  "NULL", "NULL", "able,frail,homebound", "'light'", "0", "0", "0", "NULL"),
        FIT_EVENT("平安巡逻（夜间）", "小区夜间巡逻，两人一组", "14", "嘎兰中路社区", "10", "治安巡逻",
                  "open", "55", "75", "able", "'moderate'", "0", "0", "0", "NULL"),
        FIT_EVENT("澜沧江护岸植树", "江边坡地植树，需体力", "16", "澜沧江东岸", "15", "", "open", "55", "70",
                  "able", "'vigorous'", "0", "1", "1", "'中国人寿团体意外险 JH-2026-018，每人保额二十万元'"),
        FIT_EVENT("基诺山护林巡查", "山地步行巡查，待办理意外险后开放报名", "30", "基诺山", "10", "", "draft",
                  "55", "68", "able", "'vigorous'", "0", "1", "0", "NULL"),
    };
#undef FIT_EVENT
    struct db_param p[] = {P_STR(office)};
    for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
        exec_or_die(db, stmts[i], p, 1);
    }
}

/* ---- h5: a weekly series and a member's requests ---- */

/* A weekly series on Wednesdays from three weeks ago for eight weeks: its past
 * occurrences done, the coming ones open with sign-ups; and two needs the demo member
 * (member / demo-<office>-member: the newest member of the first regular branch) posted
 * from the app, one dispatched to a team, one still requested. */
static void demo_series_and_member_needs(struct db *db, const char *office)
{
    static const char *const stmts[] = {
        "INSERT INTO volunteer_event_series (office_code, title, description, team_id, place, capacity, skills, "
        "start_time, duration_minutes, recurrence, weekday, from_date, to_date, posted_by) SELECT code, "
        "'健康讲座进社区（每周三）', '量血压、讲养生，银发先锋医疗队每周三上午', (SELECT MIN(id) FROM volunteer_teams "
        "WHERE office_code = code), '曼听社区活动室', 10, '义诊,量血压', '09:30', 120, 'weekly', 3, "
        "DATE(NOW()) - INTERVAL (WEEKDAY(NOW()) - 2) DAY - INTERVAL 3 WEEK, "
        "DATE(NOW()) - INTERVAL (WEEKDAY(NOW()) - 2) DAY + INTERVAL 4 WEEK, 'account:demo' FROM offices WHERE code = ?",
        "INSERT INTO volunteer_events (office_code, title, description, team_id, starts_at, ends_at, place, capacity, "
        "skills, status, posted_by, series_id) SELECT s.office_code, s.title, s.description, s.team_id, "
        "s.from_date + INTERVAL q.seq WEEK + INTERVAL 570 MINUTE, s.from_date + INTERVAL q.seq WEEK + INTERVAL 690 MINUTE, "
        "s.place, s.capacity, s.skills, IF(s.from_date + INTERVAL q.seq WEEK < DATE(NOW()), 'done', 'open'), s.posted_by, "
        "s.id FROM volunteer_event_series s JOIN seq_0_to_7 q WHERE s.office_code = ?",
        "INSERT INTO volunteer_signups (office_code, event_id, volunteer_id, status) SELECT e.office_code, e.id, v.id, "
        "'confirmed' FROM volunteer_events e JOIN volunteers v ON v.office_code = e.office_code AND (v.id + e.id) % 60 = 0 "
        "WHERE e.office_code = ? AND e.series_id IS NOT NULL AND e.status = 'open'",
        "UPDATE volunteer_events e JOIN (SELECT event_id, COUNT(*) n FROM volunteer_signups GROUP BY event_id) c ON "
        "c.event_id = e.id SET e.confirmed = LEAST(c.n, e.capacity) WHERE e.office_code = ? AND e.series_id IS NOT NULL",
        "INSERT INTO volunteer_needs (office_code, title, description, requester, starts_at, ends_at, place, capacity, "
        "skills, status, team_id, posted_by, member_id) SELECT m.office_code, ELT(q.seq + 1, '陪同到州医院复查', "
        "'帮忙更换智能手机'), ELT(q.seq + 1, '腿脚不便，需要有人陪同挂号取药', '想学用手机视频通话'), 'member (app)', "
        "DATE(NOW()) + INTERVAL (q.seq + 3) DAY + INTERVAL 9 HOUR, DATE(NOW()) + INTERVAL (q.seq + 3) DAY + "
        "INTERVAL 11 HOUR, '景洪市嘎兰中路', 1, ELT(q.seq + 1, '陪诊', '手机教学'), ELT(q.seq + 1, 'dispatched', "
        "'requested'), IF(q.seq = 0, (SELECT MIN(id) FROM volunteer_teams WHERE office_code = m.office_code), NULL), "
        "'account:demo', m.id FROM members m JOIN seq_0_to_1 q WHERE m.id = (SELECT MAX(id) FROM members WHERE "
        "office_code = ? AND branch_id = (SELECT MIN(id) FROM branches WHERE office_code = members.office_code AND "
        "level = 'branch' AND nature = 'regular'))",
    };
    for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
        struct db_param p[] = {P_STR(office)};
        exec_or_die(db, stmts[i], p, 1);
    }
}

/* ---- h2: certificates (志愿服务记录证明) ---- */

/* A year of weekly meal deliveries (52 events, one hours entry each) for the office's
 * first volunteer: the bench's 12-month certificate. Points as the demo's others earn them. */
static void demo_cert_year_of_service(struct db *db, const char *office, const char *today)
{
    static const char *const stmts[] = {
        "INSERT INTO volunteer_events (office_code, title, description, team_id, starts_at, ends_at, place, capacity, "
        "skills, status, confirmed, posted_by) SELECT ?, CONCAT('银发助餐送餐服务 第', s.seq + 1, '周'), '为独居老人送午餐', "
        "(SELECT MIN(id) FROM volunteer_teams WHERE office_code = ?), DATE(?) - INTERVAL (52 - s.seq) WEEK + INTERVAL 10 HOUR, "
        "DATE(?) - INTERVAL (52 - s.seq) WEEK + INTERVAL 12 HOUR, '曼听社区', 8, '', 'done', 1, 'account:demo' "
        "FROM seq_0_to_51 s",
        "INSERT INTO volunteer_signups (office_code, event_id, volunteer_id, status, checked_in_at, checked_out_at) "
        "SELECT e.office_code, e.id, (SELECT MIN(id) FROM volunteers WHERE office_code = ?), 'confirmed', e.starts_at, "
        "e.ends_at FROM volunteer_events e WHERE e.office_code = ? AND e.title LIKE '银发助餐送餐服务%' AND ? <> ''",
        "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, team_id, minutes, source, status, served_on, "
        "decided_by, decided_at) SELECT e.office_code, s.volunteer_id, e.id, e.team_id, 90 + e.id % 4 * 15, 'checkin', "
        "'confirmed', DATE(e.starts_at), 'account:demo', e.ends_at FROM volunteer_signups s JOIN volunteer_events e ON "
        "e.id = s.event_id WHERE s.office_code = ? AND e.title LIKE '银发助餐送餐服务%' AND ? <> ''",
        "INSERT INTO points_ledger (office_code, volunteer_id, delta, kind, hours_id, balance_after, created_by) "
        "SELECT h.office_code, h.volunteer_id, h.minutes * 10 DIV 60, 'earn', h.id, v.points_balance + SUM(h.minutes * "
        "10 DIV 60) OVER (ORDER BY h.id), 'account:demo' FROM volunteer_hours h JOIN volunteers v ON v.id = "
        "h.volunteer_id JOIN volunteer_events e ON e.id = h.event_id WHERE h.office_code = ? AND e.title LIKE "
        "'银发助餐送餐服务%' AND ? <> ''",
        "UPDATE volunteers v SET v.points_balance = (SELECT l.balance_after FROM points_ledger l WHERE l.volunteer_id = "
        "v.id ORDER BY l.id DESC LIMIT 1) WHERE v.office_code = ? AND v.id = (SELECT MIN(id) FROM volunteers WHERE "
        "office_code = ?)",
    };
    for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
        struct db_param p[] = {P_STR(office), P_STR(office), P_STR(today), P_STR(today)};
        exec_or_die(db, stmts[i], p, i == 0 ? 4 : i == 1 ? 3 : 2);
    }
}

/* The office's responsible person and contact for certificates, and two certificates
 * recorded as GET /v1/volunteers/{id}/certificate records them: the first volunteer's
 * last 12 months (the year of meal deliveries) and the last six months of the next one
 * who served in them,
 * both issued today, with the entries they counted (asking again for the same period
 * gives the same certificate while those entries stand). */
static void demo_certificates(struct db *db, const char *office)
{
    static const char settings[] =
        "INSERT INTO volunteer_settings (office_code, cert_responsible, cert_contact) VALUES (?, '刀玉香', "
        "'0691-2121234') ON DUPLICATE KEY UPDATE cert_responsible = VALUES(cert_responsible), "
        "cert_contact = VALUES(cert_contact)";
    static const char cert[] =
        "INSERT INTO volunteer_certificates (cert_no, office_code, volunteer_id, period_from, period_to, minutes, "
        "entries, entries_key, responsible, contact, issued_on, issued_by) SELECT CONCAT(?, ?, ?), h.office_code, "
        "h.volunteer_id, DATE(?) - INTERVAL ? MONTH + INTERVAL 1 DAY, DATE(?), SUM(h.minutes), COUNT(*), "
        "UNHEX(SHA2(GROUP_CONCAT(h.id ORDER BY h.id SEPARATOR ','), 256)), '刀玉香', '0691-2121234', DATE(?), "
        "'account:demo' FROM volunteer_hours h WHERE h.office_code = ? AND h.volunteer_id = (SELECT MIN(x.volunteer_id) "
        "FROM volunteer_hours x WHERE x.office_code = h.office_code AND x.status = 'confirmed' AND x.volunteer_id > ? * "
        "(SELECT MIN(id) FROM volunteers WHERE office_code = h.office_code) AND x.served_on > DATE(?) - INTERVAL 6 MONTH) "
        "AND h.served_on BETWEEN DATE(?) - INTERVAL ? MONTH + INTERVAL 1 DAY AND DATE(?) AND h.minutes > 0 AND "
        VHOURS_COUNTED " GROUP BY h.office_code, h.volunteer_id";
    static const char entries[] =
        "INSERT INTO volunteer_certificate_entries (certificate_id, hours_id) SELECT c.id, h.id FROM "
        "volunteer_certificates c JOIN volunteer_hours h ON h.volunteer_id = c.volunteer_id AND h.served_on BETWEEN "
        "c.period_from AND c.period_to AND h.minutes > 0 AND " VHOURS_COUNTED " WHERE c.office_code = ?";
    static const char numbers[] = "INSERT INTO volunteer_cert_numbers (office_code, year, last) VALUES (?, ?, 2)";
    char today[11], year[8];
    today_cn(today);
    snprintf(year, sizeof(year), "%d", year_cn());
    demo_cert_year_of_service(db, office, today);
    struct db_param ps[] = {P_STR(office)};
    exec_or_die(db, settings, ps, 1);
    static const char *const seq[] = {"000001", "000002"};
    static const int months[] = {12, 6};
    for (int i = 0; i < 2; i++) {
        /* the first volunteer with counted hours in the last six months, then the next */
        struct db_param p[] = {P_STR(office), P_STR(year),  P_STR(seq[i]), P_STR(today),     P_I64(months[i]),
                               P_STR(today),  P_STR(today), P_STR(office), P_I64(i),         P_STR(today),
                               P_STR(today),  P_I64(months[i]), P_STR(today)};
        exec_or_die(db, cert, p, 13);
    }
    exec_or_die(db, entries, ps, 1);
    struct db_param pn[] = {P_STR(office), P_I64(year_cn())};
    exec_or_die(db, numbers, pn, 2);
}

/* ---- fa: the caps' counters (sql/0054) of the earnings the demo wrote straight into the
 * ledger: each volunteer's last day credited and that day's year, as the migration does ---- */
static void demo_points_counters(struct db *db, const char *office)
{
    struct db_param p[] = {P_STR(office)};
    exec_or_die(db,
                "UPDATE volunteers v JOIN (SELECT volunteer_id, MAX(earned_on) d FROM points_ledger "
                "WHERE office_code = ? AND earned_on IS NOT NULL GROUP BY volunteer_id) m ON m.volunteer_id = "
                "v.id SET v.earned_day_on = m.d, v.earned_day = (SELECT IFNULL(SUM(l.delta), 0) FROM "
                "points_ledger l WHERE l.volunteer_id = v.id AND l.earned_on = m.d), v.earned_year = YEAR(m.d), "
                "v.earned_year_points = (SELECT IFNULL(SUM(l.delta), 0) FROM points_ledger l "
                "WHERE l.volunteer_id = v.id AND l.earned_on BETWEEN MAKEDATE(YEAR(m.d), 1) AND m.d)",
                p, 1);
}

static void demo_volstd(const struct config *cfg, struct db *db, const char *office)
{
    demo_truthful_hours(db, office);
    demo_points_caps(db, office);
    demo_reminders(cfg, db, office);
    demo_volstd_fit(db, office);
    demo_certificates(db, office);
    demo_series_and_member_needs(db, office);
    demo_points_counters(db, office);
}
