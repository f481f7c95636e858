/* Demo data of issue 16 (volunteers to the national standard), included by gen.c: one
 * static function per part, each called once from demo_volstd, after demo_volunteers
 * and demo_across (the teams, volunteers, events and venues exist). */

static void demo_certificates(struct db *db, const char *office);

static void demo_volstd(const struct config *cfg, struct db *db, const char *office)
{
    (void)cfg;
    demo_certificates(db, office); /* h2 */
}

/* ---- h2: certificates (志愿服务记录证明) ---- */
#include "yinhui/volunteers_db.h" /* VHOURS_COUNTED */

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
