/* The demo county's day-to-day care (issue 14): urgent help, hospital stays, deaths and
 * aftercare, political treatment. Included by gen.c; each part adds its own function here
 * and one call in demo_daily_care. */

/* ---- h5 political treatment (政治待遇) ---- */

/* A demo event of kind held at (China time) for the active retirees of levels (an SQL
 * list) in health able or frail, as its audience says; replies, and attendance when it
 * was held before today. Its id. */
static int64_t demo_briefing(const struct config *cfg, struct db *db, const char *office, const char *kind,
                             const char *title, const char *at, const char *audience, const char *levels,
                             const char *today)
{
    static const char ins[] =
        "INSERT INTO briefings (office_code, kind, title, held_at, place, audience, created_by) "
        "VALUES (?, ?, ?, ?, '县委党校报告厅', ?, 'seed')";
    static const char invite[] = "INSERT INTO briefing_invitations (briefing_id, member_id, office_code, "
                                 "added) SELECT ?, id, office_code, "
                                 "'rule' FROM members WHERE office_code = ? AND status = 'active' AND "
                                 "category IN ('lixiu', 'retired') AND "
                                 "FIND_IN_SET(treatment_level, ?) > 0 AND health_idx IN (?, ?)";
    static const char replies[] = "UPDATE briefing_invitations SET reply = IF(CRC32(member_id) % 9 = 0, "
                                  "'declined', 'accepted'), reply_reason = "
                                  "IF(CRC32(member_id) % 9 = 0, '身体不适', NULL), replied_at = ? - INTERVAL "
                                  "3 DAY WHERE briefing_id = ?";
    static const char attend[] = "UPDATE briefing_invitations SET attendance = IF(reply = 'declined', "
                                 "'leave', IF(CRC32(member_id) % 13 = 0, "
                                 "'absent', 'present')) WHERE briefing_id = ?";
    unsigned char able[8], frail[8];
    int64_t id = 0;
    pii_blind_idx(cfg, "health", office, "able", able);
    pii_blind_idx(cfg, "health", office, "frail", frail);
    struct db_param pb[] = {P_STR(office), P_STR(kind), P_STR(title), P_STR(at), P_STR(audience)};
    enum yh_err err = db_insert(db, ins, pb, 5, &id);
    if (err != YH_OK) {
        die("briefing", err);
    }
    struct db_param pi[] = {P_I64(id), P_STR(office), P_STR(levels), P_BLOB(able, 8), P_BLOB(frail, 8)};
    exec_or_die(db, invite, pi, 5);
    struct db_param pr[] = {P_STR(at), P_I64(id)};
    exec_or_die(db, replies, pr, 2);
    if (strncmp(at, today, 10) < 0) {
        struct db_param pa[] = {P_I64(id)};
        exec_or_die(db, attend, pa, 1);
    }
    return id;
}

/* A demo document issued on (before today) for the active 离休 members, the homebound to be delivered
 * to; about two thirds have read it, half the homebound had it delivered. */
static void demo_document(const struct config *cfg, struct db *db, const char *office, const char *title,
                          const char *level, const char *on, const char *today)
{
    static const char ins[] =
        "INSERT INTO documents (office_code, title, level, issued_on, audience, created_by) "
        "VALUES (?, ?, ?, ?, '{\"categories\":[\"lixiu\"],\"treatment_levels\":[],"
        "\"and_above\":false,\"healths\":[]}', 'seed')";
    static const char readers[] =
        "INSERT INTO document_readers (document_id, member_id, office_code, deliver) SELECT ?, id, "
        "office_code, "
        "health_idx = ? FROM members WHERE office_code = ? AND status = 'active' AND category = 'lixiu'";
    static const char reads[] = "UPDATE document_readers SET read_on = LEAST(?, ? + INTERVAL (member_id % "
                                "20) DAY), how = IF(deliver, "
                                "'delivered', 'read'), recorded_by = 'seed' WHERE document_id = ? AND "
                                "CRC32(member_id) % IF(deliver, 2, 3) <> 0";
    unsigned char home[8];
    int64_t id = 0;
    pii_blind_idx(cfg, "health", office, "homebound", home);
    struct db_param pd[] = {P_STR(office), P_STR(title), P_STR(level), P_STR(on)};
    enum yh_err err = db_insert(db, ins, pd, 4, &id);
    if (err != YH_OK) {
        die("document", err);
    }
    struct db_param pr[] = {P_I64(id), P_BLOB(home, 8), P_STR(office)};
    exec_or_die(db, readers, pr, 3);
    struct db_param pu[] = {P_STR(today), P_STR(on), P_I64(id)};
    exec_or_die(db, reads, pu, 3);
}

/* Treatment levels and former positions of the retirees; this year's 迎新春座谈会 (副厅级
 * and above) and a 形势通报会 in each half (正处级 and above, seed 001), a suggestion
 * raised at one; two documents circulated for reading (seed 003). */
static void demo_treatment(const struct config *cfg, struct db *db, const char *office)
{
    static const char levels[] = "UPDATE members SET treatment_level = IF(category = 'lixiu', ELT(1 + "
                                 "CRC32(id) % 4, 'bureau', 'vice_bureau', "
                                 "'division', 'vice_division'), ELT(1 + CRC32(id) % 4, 'division', "
                                 "'vice_division', 'section', 'other')), "
                                 "former_position = ELT(1 + CRC32(id) % 6, '原县委副书记', "
                                 "'原县人大常委会副主任', '原县人民政府副县长', "
                                 "'原县政协副主席', '原县教育局局长', '原乡党委书记') WHERE office_code = ? "
                                 "AND category IN ('lixiu', 'retired')";
    static const char sugg[] =
        "INSERT INTO suggestions (office_code, member_id, topic, body, category, created_by, briefing_id) "
        "SELECT "
        "office_code, member_id, '关于城区停车难问题', "
        "'建议在老城区新建立体停车场，并向老干部开放优惠时段。', "
        "'urban_construction', 'seed', briefing_id FROM briefing_invitations WHERE briefing_id = ? AND "
        "attendance = 'present' ORDER BY member_id LIMIT 1";
    int y, m, d;
    char today[24], at[3][32], on[2][24];
    today_ymd(&y, &m, &d);
    snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
    snprintf(at[0], sizeof(at[0]), "%04d-01-25 09:30:00", y);
    snprintf(at[1], sizeof(at[1]), "%04d-05-20 09:00:00", y);
    snprintf(at[2], sizeof(at[2]), "%04d-11-18 09:00:00", y);
    snprintf(on[0], sizeof(on[0]), "%04d-02-10", y);
    snprintf(on[1], sizeof(on[1]), "%04d-06-05", y);
    struct db_param po[] = {P_STR(office)};
    exec_or_die(db, levels, po, 1);
    demo_briefing(
        cfg, db, office, "forum", "迎新春座谈会", at[0],
        "{\"categories\":[\"lixiu\",\"retired\"],\"treatment_levels\":[\"vice_bureau\"],\"and_above\":true,"
        "\"healths\":[\"able\",\"frail\"]}",
        "minister,vice_minister,bureau,vice_bureau", today);
    const char *rule =
        "{\"categories\":[\"lixiu\",\"retired\"],\"treatment_levels\":[\"division\"],\"and_above\":"
        "true,\"healths\":[\"able\",\"frail\"]}";
    const char *ranks = "minister,vice_minister,bureau,vice_bureau,division";
    int64_t first =
        demo_briefing(cfg, db, office, "situation_briefing", "上半年形势通报会", at[1], rule, ranks, today);
    demo_briefing(cfg, db, office, "situation_briefing", "下半年形势通报会", at[2], rule, ranks, today);
    struct db_param ps[] = {P_I64(first)};
    exec_or_die(db, sugg, ps, 1);
    demo_document(cfg, db, office, "关于进一步加强新时代离退休干部党的建设工作的意见", "central", on[0],
                  today);
    demo_document(cfg, db, office, "省委关于做好离退休干部政治待遇落实工作的通知", "province", on[1], today);
}

static void demo_daily_care(const struct config *cfg, struct db *db, const char *office, const int64_t *branches,
                            int n)
{
    (void)cfg;
    (void)db;
    (void)office;
    (void)branches;
    (void)n;
    demo_treatment(cfg, db, office); /* h5 political treatment */
}
