/* Demo data of issue 16 (volunteers to the national standard), included by gen.c: one
 * static function per part, each called once from demo_volstd, after demo_volunteers
 * and demo_across (the teams, volunteers, events and venues exist). */

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

static void demo_volstd(const struct config *cfg, struct db *db, const char *office)
{
    (void)cfg;
    demo_series_and_member_needs(db, office);
}
