/* Demo data of issue 16 (volunteers to the national standard), included by gen.c: one
 * static function per part, each called once from demo_volstd, after demo_volunteers
 * and demo_across (the teams, volunteers, events and venues exist). */

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

static void demo_volstd(const struct config *cfg, struct db *db, const char *office)
{
    (void)cfg;
    demo_truthful_hours(db, office);
}
