/* Demo data of the work across branches and offices (issue 15), included by gen.c:
 * transfers each way, members living in Kunming, a guide per branch, a 两优一先 round
 * in progress, associations and partners, two venues with a month of bookings. One
 * static function per part, each called once from demo_across. */

/* ---- h3: guides and contact points (党建指导员, 联系点) ---- */
#include "yinhui/guides.h"

/* A staff account of office for a demo guide; its id. The demo guides sign in with the
 * admin's demo password (its hash copied: one Argon2 hash less per seed). */
static int64_t demo_guide_account(struct db *db, const char *office, const char *user, const char *name)
{
    static const char sql[] = "INSERT INTO accounts (office_code, username, display_name, role, password_hash) "
                              "SELECT office_code, ?, ?, 'admin', password_hash FROM accounts WHERE office_code = ? "
                              "AND username = 'admin'";
    struct db_param p[] = {P_STR(user), P_STR(name), P_STR(office)};
    int64_t id = 0;
    enum yh_err err = db_insert(db, sql, p, 3, &id);
    if (err != YH_OK) {
        die("guide account", err);
    }
    return id;
}

/* One contact of guide with branch on `on`, the summary and problem (NULL: none) sealed. */
static void demo_guide_contact(const struct config *cfg, struct db *db, const char *office, int64_t branch,
                               int64_t guide, const char *kind, const char *on, const char *summary,
                               const char *problem)
{
    static const char sql[] = "INSERT INTO guide_contacts (office_code, branch_id, account_id, kind, contact_on, "
                              "summary_enc, problem_enc, problem_state, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                              "CONCAT('account:', ?))";
    struct buf s = {0}, pr = {0};
    if (pii_seal(cfg, summary, &s) != 0 || (problem && pii_seal(cfg, problem, &pr) != 0)) {
        die("guide contact seal", YH_ERR_INTERNAL);
    }
    struct db_param p[] = {P_STR(office), P_I64(branch), P_I64(guide), P_STR(kind), P_STR(on),
                           P_BLOB(s.data, s.len), problem ? P_BLOB(pr.data, pr.len) : P_NULL,
                           P_STR(problem ? "open" : "none"), P_I64(guide)};
    exec_or_die(db, sql, p, 9);
    buf_free(&s);
    buf_free(&pr);
}

/* The contacts of link k (guide with branch since `start` days ago): every 18 to 33 days,
 * the last one 0 to 25 days ago, or 35 to 60 days ago for every sixth link (overdue under
 * the default 30 days); the link's last contact follows. */
static void demo_guide_contacts(const struct config *cfg, struct db *db, const char *office, int64_t branch,
                                int64_t guide, int k, long start)
{
    static const char *const kinds[] = {"visit", "meeting", "call", "lecture", "visit"};
    static const char *const texts[] = {"参加支部主题党日，了解组织生活开展情况。", "列席支委会，指导换届准备工作。",
                                        "电话了解支部近况，提醒按时交纳党费。", "为支部讲党课：学习党的二十大精神。",
                                        "走访支部，看望两位行动不便的老党员。"};
    static const char touch[] = "UPDATE branch_guides SET last_contact_on = ? WHERE office_code = ? AND branch_id = ? "
                                "AND account_id = ? AND ended_on IS NULL";
    char today[11], on[11], newest[11];
    long last = k % 6 == 5 ? 35 + k % 26 : k % 26, step = 18 + k % 16;
    today_cn(today);
    guide_overdue_cutoff(today, last, newest);
    for (long d = last; d <= start - 3; d += step) {
        guide_overdue_cutoff(today, d, on);
        demo_guide_contact(cfg, db, office, branch, guide, kinds[(k + d) % 5], on, texts[(k + d) % 5], NULL);
    }
    struct db_param p[] = {P_STR(newest), P_STR(office), P_I64(branch), P_I64(guide)};
    exec_or_die(db, touch, p, 4);
}

/* Links guide to branch with role since `start` days ago. */
static void demo_guide_link(struct db *db, const char *office, int64_t branch, int64_t guide, const char *role,
                            long start)
{
    static const char sql[] = "INSERT INTO branch_guides (office_code, branch_id, account_id, role, started_on, "
                              "created_by) VALUES (?, ?, ?, ?, ?, 'demo')";
    char today[11], on[11];
    today_cn(today);
    guide_overdue_cutoff(today, start, on);
    struct db_param p[] = {P_STR(office), P_I64(branch), P_I64(guide), P_STR(role), P_STR(on)};
    exec_or_die(db, sql, p, 5);
}

/* Seed 000: staff each linked to 5-10 branches, the leaders each taking two demonstration
 * branches as contact points; four months of contacts, some pairs overdue, the last three
 * branches without a guide, two open problems and one followed up and resolved. */
static void demo_guides(const struct config *cfg, struct db *db, const char *office)
{
    static const char *const names[] = {"李明华", "张丽", "王建国", "刀玉香", "岩温", "赵志强", "杨晓梅", "普建华"};
    static const int sizes[] = {10, 9, 8, 10, 9, 8, 7, 6};
    struct db_rows rows;
    struct db_param p[] = {P_STR(office)};
    char user[32];
    int64_t lead[2];
    if (db_exec(db, "SELECT id, demo_level IS NOT NULL FROM branches WHERE office_code = ? AND level = 'branch' AND "
                "dissolved_on IS NULL ORDER BY id", p, 1, &rows, NULL, NULL) != YH_OK) {
        die("guide branches", YH_ERR_INTERNAL);
    }
    lead[0] = demo_guide_account(db, office, "leader1", "杨光（局长）");
    lead[1] = demo_guide_account(db, office, "leader2", "陈静（副局长）");
    for (size_t i = 0, taken = 0; i < rows.nrows && taken < 4; i++) {
        if (db_i64(&rows, i, 1)) {
            demo_guide_link(db, office, db_i64(&rows, i, 0), lead[taken / 2], "contact_point", 120);
            demo_guide_contacts(cfg, db, office, db_i64(&rows, i, 0), lead[taken / 2], (int)taken, 120);
            taken++;
        }
    }
    size_t b = 0;
    for (int g = 0; g < 8 && b + 3 < rows.nrows; g++) {
        snprintf(user, sizeof(user), "guide%d", g + 1);
        int64_t id = demo_guide_account(db, office, user, names[g]);
        for (int k = 0; k < sizes[g] && b + 3 < rows.nrows; k++, b++) {
            long start = 100 + (long)(b % 30);
            demo_guide_link(db, office, db_i64(&rows, b, 0), id, g == 7 ? "studio" : "guide", start);
            demo_guide_contacts(cfg, db, office, db_i64(&rows, b, 0), id, (int)b, start);
        }
    }
    /* problems found: two open, one followed up and resolved */
    char today[11], on[11];
    today_cn(today);
    guide_overdue_cutoff(today, 2, on);
    int64_t g1 = demo_guide_account(db, office, "guide9", "罗文");
    demo_guide_link(db, office, db_i64(&rows, 0, 0), g1, "guide", 60);
    demo_guide_contact(cfg, db, office, db_i64(&rows, 0, 0), g1, "visit", on, "走访支部活动室。",
                       "活动室屋顶漏雨，雨季无法开展活动，需协调维修。");
    demo_guide_contact(cfg, db, office, db_i64(&rows, 0, 0), g1, "call", today, "电话联系支部书记。",
                       "支部书记年事已高，换届人选尚未物色。");
    demo_guide_contact(cfg, db, office, db_i64(&rows, 0, 0), g1, "visit", on, "看望支部老党员。",
                       "一位老党员独居，子女在外地，需要结对帮扶。");
    static const char resolve[] =
        "UPDATE guide_contacts SET problem_state = 'resolved', resolved_on = ?, version = version + 1 WHERE "
        "office_code = ? AND account_id = ? AND kind = 'visit' AND problem_state = 'open' ORDER BY id DESC LIMIT 1";
    static const char follow[] =
        "INSERT INTO guide_follow_ups (office_code, contact_id, note_enc, resolved, followed_on, created_by) SELECT "
        "office_code, id, ?, 1, ?, 'demo' FROM guide_contacts WHERE office_code = ? AND account_id = ? AND "
        "problem_state = 'resolved'";
    static const char touch[] = "UPDATE branch_guides SET last_contact_on = ? WHERE office_code = ? AND account_id = ?";
    struct buf note = {0};
    if (pii_seal(cfg, "已与社区结对，志愿者每周上门两次。", &note) != 0) {
        die("guide follow-up seal", YH_ERR_INTERNAL);
    }
    struct db_param r[] = {P_STR(today), P_STR(office), P_I64(g1)};
    exec_or_die(db, resolve, r, 3);
    struct db_param f[] = {P_BLOB(note.data, note.len), P_STR(today), P_STR(office), P_I64(g1)};
    exec_or_die(db, follow, f, 4);
    exec_or_die(db, touch, r, 3);
    buf_free(&note);
    db_rows_free(&rows);
}

static void demo_across(const struct config *cfg, struct db *db, const char *office, const int64_t *branches, int n)
{
    (void)branches;
    (void)n;
    demo_guides(cfg, db, office);
}
