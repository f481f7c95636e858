/* Demo data of issue 16 (volunteers to the national standard), included by gen.c: one
 * static function per part, each called once from demo_volstd, after demo_volunteers
 * and demo_across (the teams, volunteers, events and venues exist). */

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

static void demo_volstd(const struct config *cfg, struct db *db, const char *office)
{
    (void)cfg;
    demo_volstd_fit(db, office);
}
