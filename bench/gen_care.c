/* The demo county's day-to-day care (issue 14): urgent help, hospital stays, deaths and
 * aftercare, political treatment. Included by gen.c; each part adds its own function here
 * and one call in demo_daily_care. */

/* ---- urgent help (急事快办) ---- */
#include "yinhui/help.h"
#include "yinhui/help_db.h"

/* What members asked for, by category (the defaults of sql/0033), and where. */
static const char *const help_codes[] = {"water",        "electricity", "medicine", "bills",
                                         "housekeeping", "escort",      "other"};
static const char *const help_texts[] = {"厨房水管爆裂，地上积水，老人行动不便",
                                         "家里跳闸停电，冰箱里有药品需要冷藏",
                                         "降压药吃完了，子女在外地，请帮忙代购",
                                         "代缴本季度水电费和燃气费",
                                         "老伴住院，需要找一位住家护工",
                                         "下周三去县医院复查，需要人陪同",
                                         "屋顶漏雨，卧室墙面渗水"};
static const char *const help_places[] = {"城关镇幸福小区3栋2单元", "勐海路老干部住宅区", "东风社区干休所",
                                          "景洪大道112号家属院"};

/* Request i's course after filing at filed (seconds): assigned, accepted, resolved (late
 * when late), confirmed with a score, as columns and log rows. */
static void demo_help_course(const struct config *cfg, struct db *db, const char *office, int64_t id,
                             int64_t filed, int64_t resolve_by, int stage, bool late, int score,
                             int64_t liaison, int64_t staff, int64_t team, int i)
{
    static const char *const actions[] = {"assigned", "accepted", "resolved", "confirmed"};
    static const char *const kinds[] = {"liaison", "staff", "team"};
    char at[4][20];
    int k = liaison ? i % 3 : 1 + i % 2;
    k = k == 2 && team == 0 ? 1 : k;
    int64_t t[4] = {filed + 1800, filed + 3600 * 2,
                    late ? resolve_by + 7200 : filed + (resolve_by - filed) / 2, resolve_by + 86400};
    for (int s = 0; s < 4; s++) {
        time_cn(t[s], at[s]);
    }
    struct buf res = {0};
    if (stage >= 3 && pii_seal(cfg, "已上门处理完毕，老人表示满意", &res) != 0) {
        die("help resolution", YH_ERR_INTERNAL);
    }
    struct db_param p[] = {P_STR(actions[stage - 1]),
                           P_STR(kinds[k]),
                           k == 0 ? P_I64(liaison) : P_NULL,
                           k == 1 ? P_I64(staff) : P_NULL,
                           k == 2 ? P_I64(team) : P_NULL,
                           P_STR(at[0]),
                           stage >= 2 ? P_STR(at[1]) : P_NULL,
                           stage >= 3 ? P_STR(at[2]) : P_NULL,
                           stage >= 3 ? P_BLOB(res.data, res.len) : P_NULL,
                           stage >= 4 ? P_STR(at[3]) : P_NULL,
                           stage >= 4 ? P_I64(score) : P_NULL,
                           P_STR(office),
                           P_I64(id)};
    exec_or_die(
        db,
        "UPDATE help_requests SET status = ?, assignee_kind = ?, assignee_member_id = ?, assignee_account_id "
        "= "
        "?, assignee_team_id = ?, assigned_at = ?, accepted_at = ?, resolved_at = ?, resolution_enc = ?, "
        "confirmed_at = ?, satisfaction = ? WHERE office_code = ? AND id = ?",
        p, 13);
    buf_free(&res);
    for (int s = 0; s < stage; s++) {
        struct db_param l[] = {P_STR(office), P_I64(id), P_STR(actions[s]), P_STR("seed"), P_STR(at[s])};
        exec_or_die(db,
                    "INSERT INTO help_request_log (office_code, request_id, action, actor, at) VALUES (?, ?, "
                    "?, ?, ?)",
                    l, 5);
    }
}

/* Files request i of member (sealed texts) at filed by the category's rule; its id. */
static int64_t demo_help_file(const struct config *cfg, struct db *db, const char *office, int64_t member,
                              int64_t filed, int i, int64_t *resolve_by)
{
    struct help_request q = {0};
    struct help_sealed *s = calloc(1, sizeof(*s));
    struct help_category c;
    struct buf d = {0}, l = {0};
    int64_t respond = 0, id = 0;
    int cat = i % 7;
    if (s == NULL || help_categories_db_get(db, office, help_codes[cat], &c) != YH_OK ||
        pii_seal(cfg, help_texts[cat], &d) != 0 || pii_seal(cfg, help_places[i % 4], &l) != 0 ||
        d.len > sizeof(s->description) || l.len > sizeof(s->location)) {
        die("help request", YH_ERR_INTERNAL);
    }
    memcpy(s->description, d.data, d.len);
    s->description_len = d.len;
    memcpy(s->location, l.data, l.len);
    s->location_len = l.len;
    help_deadlines(filed, c.respond_hours, c.resolve_hours, &respond, resolve_by);
    q.member_id = member;
    snprintf(q.category, sizeof(q.category), "%s", help_codes[cat]);
    snprintf(q.urgency, sizeof(q.urgency), "%s", cat < 3 ? "urgent" : "normal");
    snprintf(q.channel, sizeof(q.channel), "%s", i % 4 == 0 ? "phone" : i % 4 == 1 ? "relative" : "app");
    time_cn(filed, q.filed_at);
    time_cn(respond, q.respond_by);
    time_cn(*resolve_by, q.resolve_by);
    enum yh_err err = help_db_insert(db, office, &q, s, i % 4 == 0 ? "account:seed" : "app", &id);
    if (err != YH_OK) {
        die("help request", err);
    }
    buf_free(&d);
    buf_free(&l);
    free(s);
    return id;
}

/* A year of urgent help: about twenty requests a month across the categories, most
 * confirmed with a score, some resolved or cancelled, the last days' open or assigned,
 * a few of them overdue; assigned to liaisons, a staff account and a volunteer team. */
static void demo_urgent_help(const struct config *cfg, struct db *db, const char *office, int64_t branch)
{
    struct db_rows rows;
    struct db_param po[] = {P_STR(office), P_STR(office), P_STR(office)};
    if (db_exec(db,
                "SELECT m.id, IFNULL(m.liaison_id, 0), (SELECT IFNULL(MIN(id), 0) FROM accounts WHERE "
                "office_code = ? "
                "AND role = 'admin'), (SELECT IFNULL(MIN(id), 0) FROM volunteer_teams WHERE office_code = ?) "
                "FROM "
                "members m WHERE m.office_code = ? AND m.status = 'active' AND m.category <> 'in_service' "
                "ORDER BY "
                "m.id LIMIT 240",
                po, 3, &rows, NULL, NULL) != YH_OK) {
        die("help members", YH_ERR_INTERNAL);
    }
    int64_t now = now_s();
    for (size_t i = 0; i < rows.nrows; i++) {
        int days = 1 + (int)((i * 365) / (rows.nrows ? rows.nrows : 1)); /* spread over the year */
        int64_t filed = now - (int64_t)days * 86400 - (int64_t)((i * 53) % 600) * 60, resolve_by = 0;
        if (i + 3 >= rows.nrows) {
            filed = now - (int64_t)(rows.nrows - i) * 3600; /* the last hours': open, not yet due */
            days = 0;
        }
        int64_t id = demo_help_file(cfg, db, office, db_i64(&rows, i, 0), filed, (int)i, &resolve_by);
        int stage = days == 0     ? 0
                    : days <= 3   ? (int)(i % 3)
                    : days <= 12  ? 1 + (int)(i % 2)
                    : i % 10 == 8 ? 3
                                  : 4;
        if (i % 23 == 0 && days > 12) {
            struct db_param c[] = {P_STR(office), P_I64(id)};
            exec_or_die(
                db,
                "UPDATE help_requests SET status = 'cancelled', cancelled_at = filed_at + INTERVAL 1 HOUR, "
                "cancel_reason = '子女已自行处理' WHERE office_code = ? AND id = ?",
                c, 2);
            continue;
        }
        if (stage > 0) {
            demo_help_course(cfg, db, office, id, filed, resolve_by, stage, i % 13 == 0, 3 + (int)(i % 3),
                             db_i64(&rows, i, 1), db_i64(&rows, i, 2), db_i64(&rows, i, 3), (int)i);
        }
    }
    int64_t staff = rows.nrows ? db_i64(&rows, 0, 2) : 0, team = rows.nrows ? db_i64(&rows, 0, 3) : 0;
    db_rows_free(&rows);
    /* the demo member account's own (the last member of the first branch): its "my
     * requests" in the app, one a month */
    struct db_param pm[] = {P_STR(office), P_I64(branch)};
    if (db_exec(db, "SELECT id FROM members WHERE office_code = ? AND branch_id = ? ORDER BY id DESC LIMIT 1",
                pm, 2, &rows, NULL, NULL) != YH_OK) {
        die("help app member", YH_ERR_INTERNAL);
    }
    for (int j = 0; rows.nrows > 0 && j < 12; j++) {
        int64_t resolve_by = 0, filed = now - (int64_t)(j * 30 + 5) * 86400;
        int64_t id = demo_help_file(cfg, db, office, db_i64(&rows, 0, 0), filed, j, &resolve_by);
        demo_help_course(cfg, db, office, id, filed, resolve_by, j == 0 ? 2 : 4, false, 4 + j % 2, 0, staff,
                         team, j);
    }
    db_rows_free(&rows);
}

/* ---- hospital stays (住院登记, part h3) ---- */
#include "yinhui/stays.h"

/* The day (YYYY-MM-DD, China) back days before today into out. */
static void demo_day_back(int back, char out[11])
{
    char t[20];
    time_cn(now_s() - (int64_t)back * 86400, t);
    snprintf(out, 11, "%.10s", t);
}

/* Sets member m's health as the service does (member_seal, members_db_update). */
static void demo_health(const struct config *cfg, struct db *db, struct member *m, const char *health)
{
    struct member_plain p = {.health_set = true};
    snprintf(p.health, sizeof(p.health), "%s", health);
    if (member_seal(cfg, m, &p) != 0 || members_db_update(db, m, m->version) != YH_OK) {
        die("stay health", YH_ERR_INTERNAL);
    }
}

/* A stay of member id from back days ago, length days (-1: in hospital now), at hospital,
 * with a hospital visit on its day visit_after (-1: none yet). */
static void demo_stay(const struct config *cfg, struct db *db, const char *office, int64_t id, int back,
                      int length, const char *hospital, const char *ward, int visit_after)
{
    static struct stay s;
    struct member m;
    char day[11];
    int64_t sid = 0;
    memset(&s, 0, sizeof(s));
    if (members_db_get(db, office, id, &m) != YH_OK ||
        pii_seal_into(cfg, hospital, s.hospital_enc, sizeof(s.hospital_enc), &s.hospital_enc_len) != 0 ||
        pii_seal_into(cfg, ward, s.ward_enc, sizeof(s.ward_enc), &s.ward_enc_len) != 0) {
        die("stay", YH_ERR_INTERNAL);
    }
    s.member_id = id;
    demo_day_back(back, s.admitted_on);
    memcpy(s.health_before_enc, m.health_enc, s.health_before_enc_len = m.health_enc_len);
    if (stays_db_insert(db, office, &s, "seed", &sid) != YH_OK) {
        die("stay", YH_ERR_INTERNAL);
    }
    if (visit_after >= 0) {
        demo_day_back(back - visit_after, day);
        demo_visit(cfg, db, office, id, "hospitalisation", day, "局领导、支部书记", 30000,
                   "住院治疗，病情稳定，转达组织关心", false);
    }
    if (length < 0) {
        demo_health(cfg, db, &m, "hospitalised");
        return;
    }
    demo_day_back(back - length, day);
    if (stays_db_discharge(db, office, sid, day, "seed") != YH_OK) {
        die("discharge", YH_ERR_INTERNAL);
    }
}

/* A dozen stays over the past year, nine discharged (each visited in hospital) and three
 * in hospital now: two visited yesterday, one not yet, so the care due list shows it. */
static void demo_hospital_stays(const struct config *cfg, struct db *db, const char *office)
{
    static const char *const hospitals[] = {"西双版纳州人民医院", "景洪市第一人民医院", "西双版纳州傣医医院",
                                            "昆明医科大学第一附属医院"};
    static const char *const wards[] = {"心内科2病区8床", "呼吸内科15床", "骨科3病区21床", "老年病科6床"};
    struct db_rows rows;
    struct db_param po[] = {P_STR(office)};
    if (db_exec(db,
                "SELECT id FROM members WHERE office_code = ? AND status = 'active' AND category <> "
                "'in_service' AND "
                "id % 37 = 3 ORDER BY id LIMIT 12",
                po, 1, &rows, NULL, NULL) != YH_OK) {
        die("stays", YH_ERR_INTERNAL);
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        int k = (int)i;
        bool open = k < 3;
        int back = open ? 2 + 4 * k : 20 + 30 * (k - 3);
        demo_stay(cfg, db, office, db_i64(&rows, i, 0), back, open ? -1 : 5 + k % 10, hospitals[k % 4],
                  wards[k % 4],
                  k == 0 ? -1
                  : open ? back - 1
                         : 2);
    }
    db_rows_free(&rows);
}

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

/* ---- h4: deaths and aftercare (离世与善后) ---- */
#include "yinhui/aftercare.h"

/* Seals text into b (the demo's sealed fields), or dies. */
static void demo_seal(const struct config *cfg, const char *text, struct buf *b)
{
    b->len = 0;
    if (pii_seal(cfg, text, b) != 0) {
        die("aftercare seal", YH_ERR_INTERNAL);
    }
}

/* Records the death of member (active, in a branch) on died_on as the service does
 * (members_db_close, then the aftercare with the office's checklist), marks the items
 * done[] done a few days after, the survivor's payment paid when paid_fen > 0, and
 * settles the status. */
static void demo_aftercare(const struct config *cfg, struct db *db, const char *office, int64_t member,
                           int64_t branch, const char *died_on, const char *const *done, size_t ndone, int64_t paid_fen)
{
    struct aftercare a = {0};
    struct aftercare_step st;
    int64_t id = 0;
    a.member_id = member;
    a.branch_id = branch;
    snprintf(a.died_on, sizeof(a.died_on), "%s", died_on);
    snprintf(a.recorded_by, sizeof(a.recorded_by), "seed");
    demo_seal(cfg, "病逝", &a.cause);
    demo_seal(cfg, "长子 电话告知支部书记", &a.reported_by);
    enum yh_err err = members_db_close(db, office, member, "deceased", died_on, NULL);
    if (err == YH_OK) {
        err = aftercare_db_open(db, office, &a, &id);
    }
    for (size_t i = 0; err == YH_OK && i < ndone; i++) {
        memset(&st, 0, sizeof(st));
        snprintf(st.code, sizeof(st.code), "%s", done[i]);
        snprintf(st.done_on, sizeof(st.done_on), "%s", died_on); /* the office goes the same day */
        snprintf(st.done_by, sizeof(st.done_by), "seed");
        if (strcmp(done[i], "survivor_payment") == 0) {
            char amount[24];
            snprintf(amount, sizeof(amount), "%lld", (long long)paid_fen);
            snprintf(st.paid_on, sizeof(st.paid_on), "%s", died_on);
            demo_seal(cfg, "配偶 王秀英", &st.recipient);
            demo_seal(cfg, amount, &st.amount);
        } else if (strcmp(done[i], "funeral") == 0) {
            demo_seal(cfg, "支部委员协助家属办理丧事，联系殡仪馆", &st.note);
        }
        err = aftercare_db_step_put(db, office, id, &st);
        buf_free(&st.note);
        buf_free(&st.recipient);
        buf_free(&st.amount);
    }
    if (err == YH_OK && ndone == 5) {
        err = aftercare_db_set_status(db, office, id, "complete", died_on);
    }
    aftercare_free(&a);
    if (err != YH_OK) {
        die("aftercare", err);
    }
}

/* Seed 001: 有老干部去世, 支部委员主动上门慰问家属, 协助办理丧事和其他善后事宜. Three
 * retirees added to regular branches for it (so the county keeps its 2,500 active members)
 * died within the last two months: two aftercares in progress, one complete with the
 * survivor's payment (抚恤金) made. The random sequence is restored. */
static void demo_aftercares(const struct config *cfg, struct db *db, const char *office, const int64_t *branches,
                            int n)
{
    static const char *const first[] = {"condolence", "family_contact"};
    static const char *const most[] = {"condolence", "family_contact", "funeral"};
    static const char *const all[] = {"condolence", "family_contact", "funeral", "memorial", "survivor_payment"};
    static const int days_ago[] = {9, 26, 52};
    unsigned long long saved = rng;
    struct batch *b = calloc(1, sizeof(*b));
    struct db_rows rows;
    struct db_param p[] = {P_STR(office)};
    if (b == NULL || n < 3) {
        die("aftercare members", YH_ERR_INTERNAL);
    }
    b->db = db;
    for (unsigned i = 0; i < 3; i++) {
        add_member(cfg, b, office, 2600 + i, branches[i * 7 % (unsigned)n], i == 0 ? "lixiu" : "retired");
    }
    flush(b);
    buf_free(&b->sql);
    free(b);
    exec_or_die(db,
                "INSERT INTO memberships (office_code, member_id, branch_id, kind, started_on) SELECT office_code, id, "
                "branch_id, 'primary', joined_on FROM members m WHERE office_code = ? AND branch_id IS NOT NULL AND "
                "NOT EXISTS (SELECT 1 FROM memberships x WHERE x.member_id = m.id)",
                p, 1);
    if (db_exec(db, "SELECT id, branch_id FROM members WHERE office_code = ? ORDER BY id DESC LIMIT 3", p, 1, &rows,
                NULL, NULL) != YH_OK) {
        die("aftercare members", YH_ERR_INTERNAL);
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        char at[20], day[11];
        time_cn(now_s() - (int64_t)days_ago[i] * 86400, at);
        snprintf(day, sizeof(day), "%.10s", at);
        const char *const *done = i == 0 ? first : i == 1 ? most : all;
        size_t nd = i == 0 ? ARRAY_LEN(first) : i == 1 ? ARRAY_LEN(most) : ARRAY_LEN(all);
        demo_aftercare(cfg, db, office, db_i64(&rows, i, 0), db_i64(&rows, i, 1), day, done, nd, 12000000);
    }
    db_rows_free(&rows);
    rng = saved;
}

static void demo_daily_care(const struct config *cfg, struct db *db, const char *office, const int64_t *branches,
                            int n)
{
    demo_urgent_help(cfg, db, office, branches[0]);
    demo_hospital_stays(cfg, db, office);
    demo_treatment(cfg, db, office);
    demo_aftercares(cfg, db, office, branches, n);
}
