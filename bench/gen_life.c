/* The demo county's year of organisational life, dues, care visits, honours and one
 * evaluation round (issue 6). Included by gen.c; writes through the service's stores
 * where one exists and set-based SQL for the bulk (attendance, dues). */
#include <time.h>

#include "yinhui/access.h"

#include "yinhui/branches_db.h"
#include "yinhui/care_db.h"
#include "yinhui/care_due.h"
#include "yinhui/crypto.h"
#include "yinhui/dues_db.h"
#include "yinhui/dues_rules.h"
#include "yinhui/eval_db.h"
#include "yinhui/lapse.h"
#include "yinhui/lapse_db.h"
#include "yinhui/orglife_db.h"
#include "yinhui/party_groups_db.h"
#include "yinhui/surveys_db.h"
#include "yinhui/terms_db.h"
#include "yinhui/util.h"

/* Today in China (today_cn) as y, m, d. */
static void today_ymd(int *y, int *m, int *d)
{
    char t[11];
    today_cn(t);
    *y = atoi(t);
    *m = atoi(t + 5);
    *d = atoi(t + 8);
}

/* Month m (1..12, may run below 1) of year y, normalised. */
static void month_back(int y, int m, int back, int *oy, int *om)
{
    int k = y * 12 + (m - 1) - back;
    *oy = k / 12;
    *om = k % 12 + 1;
}

static int64_t demo_activity(struct db *db, const char *office, int64_t branch, const char *kind, const char *title,
                             const char *held_at, const char *summary)
{
    static struct activity a;
    int64_t id = 0;
    memset(&a, 0, sizeof(a));
    snprintf(a.kind, sizeof(a.kind), "%s", kind);
    snprintf(a.title, sizeof(a.title), "%s", title);
    snprintf(a.held_at, sizeof(a.held_at), "%s", held_at);
    snprintf(a.place, sizeof(a.place), "党员活动室");
    snprintf(a.host, sizeof(a.host), "支部书记");
    snprintf(a.summary, sizeof(a.summary), "%s", summary);
    enum yh_err err = activities_db_insert(db, office, &a, "seed", &id);
    if (err == YH_OK) {
        err = activities_db_set_branches(db, office, id, &branch, 1);
    }
    if (err != YH_OK) {
        die("activity", err);
    }
    return id;
}

/* Attendance of every expected member (committee members only for a committee meeting):
 * mostly present; leave asked by a relative for members in hospital; some absent; study
 * delivered at home two days later for the homebound. */
static void demo_attendance(struct db *db, const char *office, int64_t activity, int64_t branch, const char *day,
                            bool committee)
{
    static const char sql[] =
        "INSERT INTO org_life_attendance (office_code, activity_id, member_id, branch_id, held_on, status, reason, "
        "asked_by, delivered_by, delivered_on) SELECT ?, ?, ms.member_id, ?, ?, CASE x WHEN 0 THEN 'absent' WHEN 1 "
        "THEN 'leave' WHEN 2 THEN 'leave' WHEN 3 THEN 'delivered' ELSE 'present' END, CASE x WHEN 1 THEN '住院治疗' "
        "WHEN 2 THEN '外出探亲' END, IF(x = 1, '家属代为请假', NULL), IF(x = 3, '支部委员', NULL), IF(x = 3, "
        "DATE_ADD(?, INTERVAL 2 DAY), NULL) FROM (SELECT member_id, (member_id * 7 + ?) % 20 x FROM memberships WHERE "
        "branch_id = ? AND ended_on IS NULL AND (? = 0 OR member_id IN (SELECT member_id FROM branch_committee WHERE "
        "branch_id = ?))) ms";
    struct db_param p[] = {P_STR(office), P_I64(activity), P_I64(branch), P_STR(day),    P_STR(day),
                           P_I64(activity), P_I64(branch), P_I64(committee), P_I64(branch)};
    exec_or_die(db, sql, p, 9);
}

static void demo_orglife(struct db *db, const char *office, const int64_t *branches, int n)
{
    int y, m, d;
    today_ymd(&y, &m, &d);
    rules_db_ensure(db, office);
    for (int back = 11; back >= 0; back--) {
        int yy, mm;
        month_back(y, m, back, &yy, &mm);
        for (int i = 0; i < n; i++) {
            char at[40], day[24], title[128];
            /* committee meeting on the 5th; two branches in seven skip one month a quarter */
            if (!(i % 7 == 3 && mm % 3 == 0) && (back > 0 || d >= 5)) {
                snprintf(at, sizeof(at), "%04d-%02d-05 09:30:00", yy, mm);
                snprintf(day, sizeof(day), "%.10s", at);
                snprintf(title, sizeof(title), "%d月支委会", mm);
                int64_t a = demo_activity(db, office, branches[i], "committee_meeting", title, at, "研究本月组织生活安排和走访慰问");
                demo_attendance(db, office, a, branches[i], day, true);
            }
            /* theme party day on the 10th */
            if (back > 0 || d >= 10) {
                snprintf(at, sizeof(at), "%04d-%02d-10 09:00:00", yy, mm);
                snprintf(day, sizeof(day), "%.10s", at);
                snprintf(title, sizeof(title), "%d月主题党日：学习贯彻会议精神", mm);
                int64_t a = demo_activity(db, office, branches[i], "theme_day", title, at, "集中学习，老党员谈体会");
                demo_attendance(db, office, a, branches[i], day, false);
            }
            /* member meeting and party lecture in each quarter's middle month; a few branches behind */
            if (mm % 3 == 2 && i % 11 != 5 && (back > 0 || d >= 20)) {
                snprintf(at, sizeof(at), "%04d-%02d-15 15:00:00", yy, mm);
                snprintf(day, sizeof(day), "%.10s", at);
                snprintf(title, sizeof(title), "第%d季度支部党员大会", (mm + 2) / 3);
                int64_t a = demo_activity(db, office, branches[i], "member_meeting", title, at, "通报支部工作，收缴党费");
                demo_attendance(db, office, a, branches[i], day, false);
                snprintf(at, sizeof(at), "%04d-%02d-20 09:30:00", yy, mm);
                snprintf(day, sizeof(day), "%.10s", at);
                snprintf(title, sizeof(title), "第%d季度党课：老党员讲党史", (mm + 2) / 3);
                a = demo_activity(db, office, branches[i], "lecture", title, at, "支部书记讲党课，卧床党员送学上门");
                demo_attendance(db, office, a, branches[i], day, false);
            }
        }
    }
}

/* 三会一课 and the branch's year (RULES.md): the secretary gives the lectures (speaker
 * recorded), every regular branch but one in nine holds its yearly items (组织生活会,
 * 民主评议党员, 谈心谈话, the secretary's 七一 lecture) this year and last — that one is
 * behind on them — and one branch's member meeting of last quarter was attended by its
 * committee only: flagged for want of a quorum. The class and team branches (special)
 * hold a study each quarter, by their own rule, but for one that skipped a quarter. Then
 * each meeting and lecture gets what the rule reads of it (voters, present, by the
 * secretary), as the service records with every write. */
static void demo_compliance(struct db *db, const char *office, const int64_t *branches, int n,
                            const int64_t *special, int nspecial)
{
    /* members without a 转正 date get its estimate, as sql/0023 gives old records: without
     * it nobody could vote and every member meeting would lack its quorum */
    static const char full[] = "UPDATE members SET full_member_on = DATE_ADD(joined_on, INTERVAL 1 YEAR), "
                               "full_member_estimated = 1 WHERE office_code = ? AND full_member_on IS NULL AND "
                               "joined_on IS NOT NULL";
    static const char speakers[] =
        "UPDATE activities a JOIN activity_branches ab ON ab.activity_id = a.id JOIN branch_committee c ON "
        "c.branch_id = ab.branch_id AND c.role = 'secretary' SET a.speaker_id = c.member_id WHERE a.office_code = ? "
        "AND a.kind = 'lecture'";
    static const char judged[] = "SELECT id, DATE_FORMAT(held_at, '%Y-%m-%d') FROM activities WHERE office_code = ? "
                                 "AND kind IN ('member_meeting', 'lecture')";
    static const struct {
        const char *kind, *md, *title;
    } yearly[] = {{"heart_talk", "03-12", "谈心谈话：支委与党员逐一谈心"},
                  {"org_life_meeting", "01-16", "年度组织生活会"},
                  {"member_review", "01-18", "民主评议党员"},
                  {"lecture", "06-28", "七一专题党课（支部书记）"}};
    struct db_param p[] = {P_STR(office)};
    struct db_rows rows;
    char today[11];
    int y, m, d;
    today_cn(today);
    today_ymd(&y, &m, &d);
    exec_or_die(db, full, p, 1);
    for (int i = 0; i < n; i++) {
        for (int back = 1; back >= 0 && i % 9 != 4; back--) {
            for (size_t k = 0; k < ARRAY_LEN(yearly); k++) {
                char at[40], day[11], title[128];
                snprintf(at, sizeof(at), "%04d-%s 09:30:00", y - back, yearly[k].md);
                snprintf(day, sizeof(day), "%.10s", at);
                if (strcmp(day, today) < 0) {
                    snprintf(title, sizeof(title), "%d年%s", y - back, yearly[k].title);
                    int64_t a = demo_activity(db, office, branches[i], yearly[k].kind, title, at, "支部委员会组织");
                    demo_attendance(db, office, a, branches[i], day, false);
                }
            }
        }
    }
    for (int i = 0; i < nspecial; i++) {
        for (int back = 11; back >= 0; back--) {
            int yy, mm;
            char at[40], day[11];
            month_back(y, m, back, &yy, &mm);
            snprintf(at, sizeof(at), "%04d-%02d-08 09:30:00", yy, mm);
            snprintf(day, sizeof(day), "%.10s", at);
            if (mm % 3 == 1 && strcmp(day, today) < 0 && !(i == 0 && back >= 6 && back < 9)) {
                /* no attendance: the members without a regular branch stay without organisational
                 * life in the demo (test_members' coverage counts them) */
                demo_activity(db, office, special[i], "study", "季度集中学习", at, "学员党员集中学习");
            }
        }
    }
    exec_or_die(db, speakers, p, 1);
    if (n > 3) {
        int yy, mm;
        char at[40], day[11];
        month_back(y, m, 3, &yy, &mm);
        snprintf(at, sizeof(at), "%04d-%02d-25 15:00:00", yy, mm);
        snprintf(day, sizeof(day), "%.10s", at);
        int64_t a = demo_activity(db, office, branches[3], "member_meeting", "临时党员大会（到会不足半数）", at, "讨论走访安排");
        demo_attendance(db, office, a, branches[3], day, true);
    }
    enum yh_err err = db_exec(db, judged, p, 1, &rows, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < rows.nrows; i++) {
        err = activities_db_judge_facts(db, office, atoll(db_str(&rows, i, 0)), db_str(&rows, i, 1));
    }
    if (err != YH_OK) {
        die("compliance facts", err);
    }
    db_rows_free(&rows);
}

/* Party groups (党小组, RULES.md Party groups): each regular branch's formal members split
 * into two groups, the first member of each (not a committee member when it can) leading
 * it, so the service card prints a group leader; twelve months of group meetings on the
 * 25th, one group in five missing every fourth month (the group's read shows them missed). */
static void demo_party_groups(struct db *db, const char *office, const int64_t *branches, int n)
{
    static const char join[] =
        "INSERT INTO party_group_members (group_id, office_code, branch_id, member_id) SELECT ?, office_code, "
        "branch_id, id FROM members WHERE office_code = ? AND branch_id = ? AND status = 'active' AND id % 2 = ?";
    static const char lead[] =
        "UPDATE party_groups SET leader_id = (SELECT pm.member_id FROM party_group_members pm WHERE pm.group_id = ? "
        "ORDER BY pm.member_id IN (SELECT member_id FROM branch_committee WHERE branch_id = ?), pm.member_id "
        "LIMIT 1) WHERE id = ?";
    static const char *const names[] = {"第一党小组", "第二党小组"};
    int y, m, d;
    today_ymd(&y, &m, &d);
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < 2; k++) {
            struct party_group g = {.branch_id = branches[i]};
            int64_t gid = 0;
            snprintf(g.name, sizeof(g.name), "%s", names[k]);
            snprintf(g.formed_on, sizeof(g.formed_on), "%04u-01-01", (unsigned)(y - 2) % 10000u);
            if (party_groups_db_insert(db, office, &g, &gid) != YH_OK) {
                die("party group", YH_ERR_INTERNAL);
            }
            struct db_param pj[] = {P_I64(gid), P_STR(office), P_I64(branches[i]), P_I64(k)};
            exec_or_die(db, join, pj, 4);
            struct db_param pl[] = {P_I64(gid), P_I64(branches[i]), P_I64(gid)};
            exec_or_die(db, lead, pl, 3);
            for (int back = 11; back >= 0; back--) {
                int yy, mm;
                month_back(y, m, back, &yy, &mm);
                if ((gid % 5 == 2 && mm % 4 == 0) || (back == 0 && d < 25)) {
                    continue;
                }
                static struct activity a;
                int64_t id = 0;
                memset(&a, 0, sizeof(a));
                snprintf(a.kind, sizeof(a.kind), "group_meeting");
                snprintf(a.title, sizeof(a.title), "%d月%s会：学习交流", mm, names[k]);
                snprintf(a.held_at, sizeof(a.held_at), "%04u-%02u-25 15:00:00", (unsigned)yy % 10000u,
                         (unsigned)mm % 100u);
                snprintf(a.host, sizeof(a.host), "党小组组长");
                a.group_id = gid;
                enum yh_err err = activities_db_insert(db, office, &a, "seed", &id);
                if (err == YH_OK) {
                    err = activities_db_set_branches(db, office, id, &branches[i], 1);
                }
                if (err != YH_OK) {
                    die("group meeting", err);
                }
            }
        }
    }
}

/* Twelve months of dues for members with a branch; one member in thirteen owes the last
 * three months, one in six pays through a relative. */
static void demo_dues(struct db *db, const char *office)
{
    int y, m, d;
    char months[1024] = "";
    size_t off = 0;
    today_ymd(&y, &m, &d);
    for (int back = 0; back < 12; back++) {
        int yy, mm;
        month_back(y, m, back, &yy, &mm);
        off += (size_t)snprintf(months + off, sizeof(months) - off, "%sSELECT %d n, DATE('%04d-%02d-01') d",
                                back ? " UNION ALL " : "", back, yy, mm);
    }
    char sql[2048], today[24];
    snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
    snprintf(sql, sizeof(sql),
             "INSERT INTO dues (office_code, member_id, month, amount_fen, paid_on, paid_by, proxy_name, channel, "
             "created_by) SELECT m.office_code, m.id, DATE_FORMAT(mm.d, '%%Y-%%m'), 1000 + (m.id %% 40) * 100, "
             "DATE_ADD(mm.d, INTERVAL 4 + m.id %% 10 DAY), IF(m.id %% 6 = 0, 'proxy', 'self'), IF(m.id %% 6 = 0, "
             "'子女代缴', NULL), ELT(1 + m.id %% 4, 'wechat', 'cash', 'bank', 'alipay'), 'seed' FROM members m JOIN "
             "(%s) mm ON m.joined_on <= mm.d WHERE m.office_code = ? AND m.status = 'active' AND m.branch_id IS NOT "
             "NULL AND NOT (m.id %% 13 = 0 AND mm.n < 3) AND DATE_ADD(mm.d, INTERVAL 4 + m.id %% 10 DAY) <= ?",
             months);
    struct db_param p[] = {P_STR(office), P_STR(today)};
    exec_or_die(db, sql, p, 2);
}

/* This year's dues bases (中组发〔2008〕3号) for twelve retirees who pay at most 25 yuan a
 * month: a base (sealed) whose 0.5% standard is what demo_dues has them pay; the first has
 * a hardship reduction with its branch decision and approval; the last a base 1,000 yuan
 * higher than its payments reflect, so it shows on the shortfall list as underpaying. */
static void demo_dues_standard(const struct config *cfg, struct db *db, const char *office)
{
    static const char sql[] =
        "SELECT id, category, 1000 + (id % 40) * 100 FROM members WHERE office_code = ? AND status = 'active' AND "
        "branch_id IS NOT NULL AND category <> 'in_service' AND id % 40 < 16 AND id % 13 <> 0 ORDER BY id LIMIT 12";
    struct db_param p[] = {P_STR(office)};
    struct db_rows rows;
    int y, m, d;
    today_ymd(&y, &m, &d);
    enum yh_err err = db_exec(db, sql, p, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        die("dues bases", err);
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        static struct dues_base b;
        struct buf sealed = {0};
        char text[24];
        int64_t base = db_i64(&rows, i, 2) * 200 + (i + 1 == rows.nrows ? 100000 : 0);
        memset(&b, 0, sizeof(b));
        b.member_id = db_i64(&rows, i, 0);
        b.year = y;
        snprintf(b.category, sizeof(b.category), "%s", db_str(&rows, i, 1));
        b.standard_fen = dues_standard_fen(b.category, base);
        snprintf(text, sizeof(text), "%lld", (long long)base);
        if (pii_seal(cfg, text, &sealed) != 0 || sealed.len > sizeof(b.base_enc)) {
            die("dues base seal", YH_ERR_INTERNAL);
        }
        memcpy(b.base_enc, sealed.data, sealed.len);
        b.base_enc_len = sealed.len;
        buf_free(&sealed);
        err = dues_db_base_put(db, office, &b, "seed");
        if (err == YH_OK && i == 0) {
            b.reduced_fen = 500;
            snprintf(b.reduction_reason, sizeof(b.reduction_reason), "低保户，老伴长期住院，生活困难");
            snprintf(b.decided_on, sizeof(b.decided_on), "%04d-01-10", y);
            snprintf(b.approval_ref, sizeof(b.approval_ref), "县委老干部局党委〔%04d〕2号", y);
            err = dues_db_reduction_put(db, office, &b, "seed");
        }
        if (err != YH_OK) {
            die("dues base", err);
        }
    }
    db_rows_free(&rows);
}

static void demo_visit(const struct config *cfg, struct db *db, const char *office, int64_t member, const char *reason,
                       const char *day, const char *visitors, int64_t gift_fen, const char *notes, bool follow_up)
{
    static struct visit v;
    struct buf sealed = {0};
    int64_t id;
    memset(&v, 0, sizeof(v));
    snprintf(v.reason, sizeof(v.reason), "%s", reason);
    snprintf(v.visited_on, sizeof(v.visited_on), "%s", day);
    snprintf(v.visitors, sizeof(v.visitors), "%s", visitors);
    v.gift_fen = gift_fen;
    v.follow_up = follow_up;
    if (notes && pii_seal(cfg, notes, &sealed) == 0 && sealed.len <= sizeof(v.notes_enc)) {
        memcpy(v.notes_enc, sealed.data, sealed.len);
        v.notes_enc_len = sealed.len;
    }
    buf_free(&sealed);
    enum yh_err err = visits_db_insert(db, office, &v, &member, 1, "seed", &id);
    if (err != YH_OK) {
        die("visit", err);
    }
}

/* Care visits of the past year: the Spring Festival and Double Ninth rounds to the 离休
 * members, hospital visits, birthday visits to members turning 80 or 90, hardship and
 * bereavement; some members are marked in hardship. */
static void demo_care(const struct config *cfg, struct db *db, const char *office)
{
    int y, m, d;
    char today[24];
    today_ymd(&y, &m, &d);
    snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
    reasons_db_ensure(db, office);
    struct db_param po[] = {P_STR(office)};
    exec_or_die(db, "UPDATE members SET hardship = 1 WHERE office_code = ? AND status = 'active' AND id % 97 = 0", po, 1);
    struct db_rows rows;
    struct holiday hol[HOLIDAYS_MAX];
    size_t nhol = 0;
    for (int yy = y - 1; yy <= y; yy++) {
        if (care_holidays_read(db, office, yy, hol, &nhol) != YH_OK) {
            die("holidays", YH_ERR_INTERNAL);
        }
        for (size_t h = 0; h < nhol; h++) {
            char day[24];
            int hy, hm, hd;
            if (sscanf(hol[h].day, "%d-%d-%d", &hy, &hm, &hd) != 3) {
                continue;
            }
            snprintf(day, sizeof(day), "%04d-%02d-%02d", hy, hm, hd > 3 ? hd - 3 : 1);
            if (strcmp(day, today) > 0 || hy * 12 + hm <= y * 12 + m - 12) {
                continue; /* not yet, or more than a year ago */
            }
            if (db_exec(db, "SELECT id FROM members WHERE office_code = ? AND status = 'active' AND category = 'lixiu'", po,
                        1, &rows, NULL, NULL) != YH_OK) {
                die("lixiu", YH_ERR_INTERNAL);
            }
            for (size_t i = 0; i < rows.nrows; i++) {
                demo_visit(cfg, db, office, db_i64(&rows, i, 0), "holiday", day, "局领导、支部书记", 50000,
                           i % 5 == 0 ? "老人精神很好，提到腿脚不便，希望社区帮助安装扶手" : NULL, i % 5 == 0);
            }
            db_rows_free(&rows);
        }
    }
    /* hospital, hardship and bereavement visits spread over the year */
    if (db_exec(db, "SELECT id FROM members WHERE office_code = ? AND status = 'active' AND category <> 'in_service' AND "
                    "id % 29 = 0 ORDER BY id",
                po, 1, &rows, NULL, NULL) != YH_OK) {
        die("visits", YH_ERR_INTERNAL);
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        int yy, mm;
        char day[24];
        month_back(y, m, (int)(i % 12), &yy, &mm);
        snprintf(day, sizeof(day), "%04d-%02d-%02d", yy, mm, 1 + (int)(i * 7 % 27));
        if (strcmp(day, today) > 0) {
            snprintf(day, sizeof(day), "%s", today);
        }
        const char *reason = i % 9 == 0 ? "hardship" : i % 17 == 0 ? "bereavement" : "hospitalisation";
        const char *notes = i % 9 == 0    ? "老伴长期卧病，医药费负担重，已协调申请临时救助"
                            : i % 17 == 0 ? "配偶病故，协助家属办理后事，转达组织慰问"
                                          : "住院做心脏手术，恢复良好，子女陪护";
        demo_visit(cfg, db, office, db_i64(&rows, i, 0), reason, day, "支部书记、结对联络员", i % 9 == 0 ? 100000 : 30000,
                   notes, i % 9 == 0);
    }
    db_rows_free(&rows);
    /* round-birthday visits (a reason of their own) to those who turned 80 or 90 in the
     * past months */
    char from[24];
    int fy, fm;
    month_back(y, m, 11, &fy, &fm);
    snprintf(from, sizeof(from), "%04d-%02d-01", fy, fm);
    struct db_param pb[] = {P_I64(y), P_STR(office), P_I64(y), P_STR(from), P_STR(today)};
    if (db_exec(db,
                "SELECT id, DATE_FORMAT(MAKEDATE(?, 1) + INTERVAL DAYOFYEAR(birth_date) - 1 DAY, '%Y-%m-%d') bd FROM "
                "members WHERE office_code = ? AND status = 'active' AND ? - YEAR(birth_date) IN (80, 90) HAVING bd "
                "BETWEEN ? AND ? LIMIT 40",
                pb, 5, &rows, NULL, NULL) != YH_OK) {
        die("birthdays", YH_ERR_INTERNAL);
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        demo_visit(cfg, db, office, db_i64(&rows, i, 0), "round_birthday", db_str(&rows, i, 1), "局领导", 20000,
                   "送上生日蛋糕和慰问金，老人很高兴", false);
    }
    db_rows_free(&rows);
}

/* The office's own days of the holiday round (端午 by the lunar calendar every year, the
 * county's seniors' association day by the solar one), and some retirees who keep their
 * lunar birthday: the due list shows both at work (RULES.md, Care). */
static void demo_care_days(struct db *db, const char *office)
{
    static const struct care_day days[] = {
        {.name = "端午节", .calendar = "lunar", .month = 5, .day = 5},
        {.name = "县老年协会成立纪念日", .calendar = "solar", .month = 5, .day = 18},
    };
    int64_t id;
    for (size_t i = 0; i < ARRAY_LEN(days); i++) {
        enum yh_err err = care_days_db_insert(db, office, &days[i], "seed", &id);
        if (err != YH_OK) {
            die("care day", err);
        }
    }
    struct db_param p[] = {P_STR(office)};
    exec_or_die(db,
                "UPDATE members SET lunar_birthday = 1 WHERE office_code = ? AND status = 'active' AND category IN "
                "('lixiu', 'retired') AND id % 13 = 0",
                p, 1);
}

static void demo_honour(struct db *db, const char *office, const char *kind, const char *title, const char *level,
                        int64_t year, int64_t member, int64_t branch)
{
    struct honour h;
    int64_t id;
    memset(&h, 0, sizeof(h));
    snprintf(h.kind, sizeof(h.kind), "%s", kind);
    snprintf(h.title, sizeof(h.title), "%s", title);
    snprintf(h.level, sizeof(h.level), "%s", level);
    h.year = year;
    h.member_id = member;
    h.branch_id = branch;
    enum yh_err err = honours_db_insert(db, office, &h, "seed", &id);
    if (err != YH_OK && err != YH_ERR_CONFLICT) {
        die("honour", err);
    }
}

/* Party standing at work (RULES.md): one member in seven has the recorded 转正 date (some
 * after an extended probation, so later than the estimate the others keep), two in-service
 * members admitted 100 days ago are probationary (their formal affiliation starting then),
 * one member is under 留党察看 for another year (not on a committee: such a member may not
 * be elected), and one otherwise eligible for this year's 50-year medal is marked
 * ineligible with the reason. */
static void demo_standing(struct db *db, const char *office)
{
    char today[11], cutoff[11];
    int y, m, d;
    today_cn(today);
    today_ymd(&y, &m, &d);
    standing_medal_cutoff(y, cutoff);
    struct db_param po[] = {P_STR(office)};
    exec_or_die(db,
                "UPDATE members SET full_member_on = DATE_ADD(joined_on, INTERVAL 12 + id % 4 * 3 MONTH), "
                "full_member_estimated = 0 WHERE office_code = ? AND id % 7 = 0",
                po, 1);
    struct db_param pt[] = {P_STR(today), P_STR(today), P_STR(office)};
    exec_or_die(db,
                "UPDATE members SET joined_on = DATE_SUB(?, INTERVAL 100 DAY), full_member_on = DATE_ADD(DATE_SUB(?, "
                "INTERVAL 100 DAY), INTERVAL 1 YEAR), full_member_estimated = 1 WHERE office_code = ? AND "
                "category = 'in_service' AND status = 'active' AND id NOT IN (SELECT member_id FROM branch_committee) "
                "ORDER BY id DESC LIMIT 2",
                pt, 3);
    exec_or_die(db,
                "UPDATE memberships ms JOIN members m ON m.id = ms.member_id SET ms.started_on = m.joined_on "
                "WHERE m.office_code = ? AND ms.kind = 'primary' AND ms.started_on < m.joined_on",
                po, 1);
    exec_or_die(db,
                "UPDATE members SET party_probation_until = DATE_ADD(?, INTERVAL 1 YEAR) WHERE office_code = ? AND "
                "category = 'retired' AND status = 'active' AND branch_id IS NOT NULL AND id % 97 = 5 AND id NOT IN "
                "(SELECT member_id FROM branch_committee) ORDER BY id LIMIT 1",
                (struct db_param[]){P_STR(today), P_STR(office)}, 2);
    exec_or_die(db,
                "UPDATE members SET medal_ineligible_reason = '2019年受党内严重警告处分，不符合一贯表现良好' "
                "WHERE office_code = ? AND status = 'active' AND full_member_on <= ? ORDER BY id LIMIT 1",
                (struct db_param[]){P_STR(office), P_STR(cutoff)}, 2);
}

/* 两优一先 of last year, and this year's fifty-years medals for half of those eligible. */
static void demo_honours(struct db *db, const char *office, const int64_t *branches, int n)
{
    int y, m, d;
    struct db_rows rows;
    today_ymd(&y, &m, &d);
    struct db_param po[] = {P_STR(office)};
    if (db_exec(db, "SELECT id FROM members WHERE office_code = ? AND status = 'active' AND branch_id IS NOT NULL AND "
                    "id % 101 = 0 LIMIT 13",
                po, 1, &rows, NULL, NULL) != YH_OK) {
        die("honours", YH_ERR_INTERNAL);
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        bool worker = i >= 10;
        demo_honour(db, office, worker ? "excellent_worker" : "excellent_member", worker ? "优秀党务工作者" : "优秀共产党员",
                    "county", y - 1, db_i64(&rows, i, 0), 0);
    }
    db_rows_free(&rows);
    for (int i = 0; i < n && i < 2; i++) {
        demo_honour(db, office, "advanced_organisation", "先进基层党组织", "county", y - 1, 0, branches[i * 5]);
    }
    char cutoff[11], alive_on[24];
    standing_medal_cutoff(y, cutoff);
    snprintf(alive_on, sizeof(alive_on), "%04d-07-01", y);
    if (honours_db_fifty(db, office, cutoff, alive_on, &rows) != YH_OK) {
        die("fifty", YH_ERR_INTERNAL);
    }
    for (size_t i = 0; i < rows.nrows; i += 2) {
        demo_honour(db, office, "fifty_years", "光荣在党50年", "county", y, db_i64(&rows, i, 0), 0);
    }
    db_rows_free(&rows);
}

/* This year's round: the Yunnan sheet's six criteria, eight branches scored, four named
 * county demonstration branches, one of them nominated to the prefecture (pending there),
 * one not named. */
static void demo_evaluation(struct db *db, const char *office, const int64_t *branches, int n)
{
    static const struct eval_criterion six[] = {
        {"leadership", "班子建设", 20, 20}, {"member_management", "党员管理", 15, 15}, {"org_life", "组织生活", 20, 20},
        {"rules", "制度落实", 15, 15},      {"role", "作用发挥", 20, 20},              {"support", "保障有力", 10, 10}};
    static char notes[6][2001];
    struct eval_scope scope = {.office = office, .min_stage = 1, .whole_office = true};
    int y, m, d;
    int64_t sheet = 0;
    snprintf(scope.prefix, sizeof(scope.prefix), "%s", office);
    today_ymd(&y, &m, &d);
    if (sheets_db_insert(db, office, "示范党支部创建评分表（云南六项）", six, 6, "seed", &sheet) != YH_OK) {
        die("sheet", YH_ERR_INTERNAL);
    }
    for (int i = 0; i < 8 && i * 7 < n; i++) {
        struct evaluation e;
        int64_t tenths[6], total = 0, id = 0;
        memset(&e, 0, sizeof(e));
        e.branch_id = branches[i * 7];
        e.year = y;
        e.sheet_id = sheet;
        snprintf(e.stage, sizeof(e.stage), "county");
        for (int k = 0; k < 6; k++) {
            tenths[k] = six[k].max_score * 10 - (int64_t)((i * 3 + k * 5) % 7) * 5; /* 0 to 3 points off */
            total += tenths[k] * 10; /* weight = max score: each point is one point of 100 */
            notes[k][0] = '\0';
        }
        e.total_centi = total;
        snprintf(e.comment, sizeof(e.comment), "%s", i < 4 ? "资料齐全，活动经常" : "部分记录不全");
        enum yh_err err = evals_db_insert(db, office, &e, tenths, notes, 6, "seed", &id);
        if (err == YH_OK) {
            err = evals_db_step(db, id, "scored", "county", office, "seed", NULL);
        }
        if (err == YH_OK && i < 4) {
            err = evals_db_decide(db, &scope, id, 1, "county", "named", "county");
            if (err == YH_OK) {
                err = evals_db_step(db, id, "name", "county", office, "seed", NULL);
            }
            if (err == YH_OK) {
                err = evals_db_sync_branch(db, e.branch_id);
            }
            if (err == YH_OK && i == 0) {
                err = evals_db_decide(db, &scope, id, 2, "prefecture", "pending", NULL);
                if (err == YH_OK) {
                    err = evals_db_step(db, id, "nominate", "county", office, "seed", "推荐参评州级示范党支部");
                }
            }
        } else if (err == YH_OK && i == 7) {
            err = evals_db_decide(db, &scope, id, 1, "county", "not_named", NULL);
            if (err == YH_OK) {
                err = evals_db_step(db, id, "not_name", "county", office, "seed", "组织生活记录不全，明年再评");
            }
        }
        if (err != YH_OK) {
            die("evaluation", err);
        }
    }
}

/* An election per the 2020 条例 (RULES.md, Elections) in branch, held last November: the
 * roster of that day (who may vote) less one bedridden member excluded with the higher
 * committee's approval, nine in ten of the rest present, four candidates for three seats
 * (差额), a first round void (one ballot more returned than issued) and a second with an
 * invalid ballot that elects three. Counted and stored by the service's own functions;
 * the branch's committee becomes the elected. Nothing when the roster is under twelve. */
static void demo_election(struct db *db, const char *office, int64_t branch)
{
    struct roster_row *roster = NULL;
    size_t n = 0;
    int y, mo, d;
    today_ymd(&y, &mo, &d);
    struct term t = {.branch_id = branch, .years = 3, .seats = 3};
    snprintf(t.held_on, sizeof(t.held_on), "%04u-11-20", (unsigned)(y - 1) % 10000u);
    snprintf(t.starts_on, sizeof(t.starts_on), "%04u-11-22", (unsigned)(y - 1) % 10000u);
    if (terms_db_roster(db, office, branch, t.held_on, &roster, &n) != YH_OK || n < 12) {
        free(roster);
        return;
    }
    struct exclusion x = {.member_id = roster[n - 1].member_id};
    snprintf(x.reason, sizeof(x.reason), "frail_bedridden_or_long_ill");
    snprintf(x.approval_ref, sizeof(x.approval_ref), "老干党复〔%d〕17号", y - 1);
    t.roster = (int64_t)n;
    t.excluded = 1;
    t.eligible = t.roster - 1;
    t.present = t.eligible - t.eligible / 10;
    int64_t p = t.present, valid = p - 1;
    struct candidate c[4] = {{.member_id = roster[0].member_id, .role = "secretary"},
                             {.member_id = roster[1].member_id, .role = "organisation"},
                             {.member_id = roster[2].member_id, .role = "propaganda"},
                             {.member_id = roster[3].member_id, .role = "committee_member"}};
    struct election_round rd[2] = {{.issued = p, .returned = p + 1}, {.issued = p, .returned = p, .invalid = 1}};
    int64_t votes[8] = {-1, -1, -1, -1, valid - 1, valid - 2, p / 2 + 1, p / 4};
    bool elected[4];
    size_t at = 0;
    struct committee_seat seats[3];
    size_t ns = 0;
    if (election_run(rd, 2, votes, 4, p, 3, elected, &at) != NULL) {
        die("demo election", YH_ERR_INTERNAL);
    }
    for (size_t i = 0; i < 4; i++) {
        c[i].votes = votes[4 + i];
        c[i].elected = elected[i];
        if (elected[i]) {
            seats[ns] = (struct committee_seat){.member_id = c[i].member_id};
            snprintf(seats[ns].role, sizeof(seats[ns].role), "%s", c[i].role);
            ns++;
        }
    }
    t.votes_cast = rd[1].returned; /* the first valid round's */
    struct election_record e = {&t, c, 4, &x, 1, rd, 2, votes};
    int64_t id = 0;
    enum yh_err err = terms_db_insert(db, office, &e, "seed", &id);
    if (err == YH_OK) {
        err = branches_db_set_committee(db, branch, seats, ns);
    }
    if (err != YH_OK) {
        die("demo election", err);
    }
    free(roster);
}

/* Issue 7's demo data: study records (三个一) with featured reflections, committee terms
 * (some expired, some ending within months), suggestions in each state, and one open
 * satisfaction survey with anonymous answers. */
static void demo_engagement(struct db *db, const char *office, const int64_t *branches, int n)
{
    int y, m, d;
    char today[24];
    today_ymd(&y, &m, &d);
    snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
    /* 三个一: one member in twelve read a book, one in twenty wrote a reflection, one in fifteen did a good deed */
    static const char books[] =
        "INSERT INTO study_records (office_code, member_id, kind, title, body, done_on, created_by) SELECT office_code, id, "
        "'book', ELT(1 + id % 5, '《红岩》', '《平凡的世界》', '《习近平的七年知青岁月》', '《毛泽东选集》', '《闪闪的红星》'), "
        "NULL, ? - INTERVAL id % 300 DAY, 'seed' FROM members WHERE office_code = ? AND status = 'active' AND branch_id IS "
        "NOT NULL AND id % 12 = 0";
    static const char refl[] =
        "INSERT INTO study_records (office_code, member_id, kind, title, body, done_on, featured_branch_id, created_by) "
        "SELECT office_code, id, 'reflection', '学习心得', '重温入党誓词，老党员更要发挥余热，为社区做些实事。', ? - "
        "INTERVAL id % 280 DAY, IF(id % 100 = 0, branch_id, NULL), 'seed' FROM members WHERE office_code = ? AND status = "
        "'active' AND branch_id IS NOT NULL AND id % 20 = 0";
    static const char deeds[] =
        "INSERT INTO study_records (office_code, member_id, kind, title, body, done_on, created_by) SELECT office_code, id, "
        "'deed', ELT(1 + id % 4, '为社区老人义务理发', '调解邻里纠纷', '给小学生讲革命故事', '清理小区环境卫生'), NULL, ? - "
        "INTERVAL id % 250 DAY, 'seed' FROM members WHERE office_code = ? AND status = 'active' AND branch_id IS NOT NULL "
        "AND id % 15 = 0";
    struct db_param pt[] = {P_STR(today), P_STR(office)};
    exec_or_die(db, books, pt, 2);
    exec_or_die(db, refl, pt, 2);
    exec_or_die(db, deeds, pt, 2);
    /* terms: five-year terms (three-year for every fourth branch); the committee members
     * were elected */
    for (int i = 0; i < n; i++) {
        char starts[24];
        int years = i % 4 == 0 ? 3 : 5;
        /* most run until next year or later; every seventh is overdue */
        snprintf(starts, sizeof(starts), "%04d-%02d-15", i % 7 == 0 ? y - years - 1 : i % 4 == 0 ? y - 2 : y - 4,
                 1 + (i * 5) % 12);
        static const char term[] =
            "INSERT INTO branch_terms (office_code, branch_id, starts_on, years, ends_on, roster, eligible, present, "
            "votes_cast, seats, held_on, created_by) SELECT ?, ?, ?, ?, DATE(?) + INTERVAL ? YEAR, c, c, c - c DIV 10, c - "
            "c DIV 10, LEAST(c, 3), DATE(?) - INTERVAL 3 DAY, 'seed' FROM (SELECT COUNT(*) c FROM memberships WHERE branch_id = ? AND kind = 'primary' AND "
            "ended_on IS NULL) x WHERE c > 0";
        struct db_param p[] = {P_STR(office), P_I64(branches[i]), P_STR(starts), P_I64(years), P_STR(starts),
                               P_I64(years),  P_STR(starts),      P_I64(branches[i])};
        exec_or_die(db, term, p, 8);
        static const char cands[] =
            "INSERT INTO term_candidates (term_id, member_id, role, votes, elected) SELECT t.id, c.member_id, c.role, "
            "t.votes_cast - (c.member_id % 3), 1 FROM branch_terms t JOIN branch_committee c ON c.branch_id = t.branch_id "
            "WHERE t.branch_id = ?";
        struct db_param q[] = {P_I64(branches[i])};
        exec_or_die(db, cands, q, 1);
    }
    demo_election(db, office, branches[1]);
    /* suggestions in each state */
    static const char sugg[] =
        "INSERT INTO suggestions (office_code, member_id, topic, body, category, status, department, answer, answered_by, "
        "answered_at, close_note, created_by) SELECT office_code, id, ?, ?, ?, ?, ?, ?, IF(? IS NULL, NULL, 'seed'), IF(? "
        "IS NULL, NULL, NOW(3)), ?, 'seed' FROM members WHERE office_code = ? AND status = 'active' AND branch_id IS NOT "
        "NULL ORDER BY id LIMIT 1 OFFSET ?";
    static const char *const s[][7] = {
        {"关于老旧小区加装电梯", "建议对五层以上老旧小区加装电梯给予补贴，方便高龄党员出行。", "urban_construction", "submitted", NULL, NULL,
         NULL},
        {"茶叶产业品牌建设", "建议统一打造普洱茶区域公共品牌，扶持合作社。", "agriculture", "forwarded", "市农业农村局", NULL, NULL},
        {"增设老年人健康体检点", "建议在社区卫生服务站每季度开展一次免费体检。", "health", "answered", "市卫生健康委", "已纳入明年民生实事项目。",
         NULL},
        {"关心下一代工作", "建议组织老党员进校园讲红色故事。", "education", "closed", "市教育体育局", "已安排每学期两次进校园活动。", "已办结"},
    };
    for (int i = 0; i < 4; i++) {
        struct db_param p[] = {P_STR(s[i][0]),
                               P_STR(s[i][1]),
                               P_STR(s[i][2]),
                               P_STR(s[i][3]),
                               s[i][4] ? P_STR(s[i][4]) : P_NULL,
                               s[i][5] ? P_STR(s[i][5]) : P_NULL,
                               s[i][5] ? P_STR(s[i][5]) : P_NULL,
                               s[i][5] ? P_STR(s[i][5]) : P_NULL,
                               s[i][6] ? P_STR(s[i][6]) : P_NULL,
                               P_STR(office),
                               P_I64(i * 37)};
        exec_or_die(db, sugg, p, 11);
    }
    /* one open satisfaction survey, 120 anonymous answers */
    static const struct survey_question qs[] = {
        {"scale", "对老干部工作的总体满意程度", "", 0},
        {"single", "最希望增加的服务", "送学上门\n健康讲座\n文体活动\n走访慰问", 4},
        {"text", "意见和建议", "", 0},
    };
    int64_t sid = 0;
    if (surveys_db_insert(db, office, "老干部工作满意度测评", qs, 3, "seed", &sid) != YH_OK) {
        die("survey", YH_ERR_INTERNAL);
    }
    struct db_param ps[] = {P_I64(sid)};
    exec_or_die(db, "UPDATE surveys SET status = 'open' WHERE id = ?", ps, 1);
    struct db_param pv[] = {P_I64(sid), P_STR(office)};
    exec_or_die(db,
                "INSERT INTO survey_voters (survey_id, member_id) SELECT ?, id FROM members WHERE office_code = ? AND status "
                "= 'active' AND id % 20 = 3 LIMIT 120",
                pv, 2);
    for (int i = 0; i < 120; i++) {
        unsigned char resp[16];
        if (random_bytes(resp, sizeof(resp)) != 0) {
            die("random", YH_ERR_INTERNAL);
        }
        int scale = i % 50 == 0 ? 3 : i % 4 == 0 ? 4 : 5; /* about 98% satisfied */
        if (surveys_db_answer(db, office, sid, resp, 1, scale, NULL) != YH_OK ||
            surveys_db_answer(db, office, sid, resp, 2, 1 + i % 4, NULL) != YH_OK ||
            (i % 6 == 0 && surveys_db_answer(db, office, sid, resp, 3, 0, "希望多组织送学上门，照顾行动不便的老党员。") != YH_OK)) {
            die("survey answer", YH_ERR_INTERNAL);
        }
    }
}

/* The 自行脱党 early warning at work: about one member in 89 has been absent from every
 * activity of the last five months (five months: the webhook event's level), half of
 * them without dues for those months too; two of them have a proper reason recorded
 * (illness, homebound care), which excuses them. demo_dues already leaves one member in
 * thirteen three months behind with dues (a warning). */
static void demo_lapse(const struct config *cfg, struct db *db, const char *office)
{
    char today[11], cur[8], from_month[8], from_day[11];
    today_cn(today);
    snprintf(cur, sizeof(cur), "%.7s", today);
    lapse_month_text(lapse_month_index(cur) - (LAPSE_EVENT_MONTHS - 1), from_month);
    snprintf(from_day, sizeof(from_day), "%s-01", from_month);
    static const char absent[] =
        "UPDATE org_life_attendance SET status = 'absent', reason = NULL, asked_by = NULL, delivered_by = NULL, "
        "delivered_on = NULL WHERE office_code = ? AND held_on >= ? AND member_id IN (SELECT id FROM members WHERE "
        "office_code = ? AND status = 'active' AND branch_id IS NOT NULL AND id % 89 = 7)";
    struct db_param pa[] = {P_STR(office), P_STR(from_day), P_STR(office)};
    exec_or_die(db, absent, pa, 3);
    static const char unpaid[] = "DELETE FROM dues WHERE office_code = ? AND month >= ? AND member_id IN (SELECT id "
                                 "FROM members WHERE office_code = ? AND id % 89 = 7 AND id % 2 = 0)";
    struct db_param pd[] = {P_STR(office), P_STR(from_month), P_STR(office)};
    exec_or_die(db, unpaid, pd, 3);
    struct db_rows rows;
    struct db_param pm[] = {P_STR(office)};
    if (db_exec(db,
                "SELECT id FROM members WHERE office_code = ? AND status = 'active' AND branch_id IS NOT NULL AND "
                "id % 89 = 7 ORDER BY id LIMIT 2",
                pm, 1, &rows, NULL, NULL) != YH_OK) {
        die("lapse members", YH_ERR_INTERNAL);
    }
    static const char *const kinds[] = {"illness", "homebound_care"};
    static const char *const notes[] = {"脑梗后住院康复，家属已向支部说明", "长期卧床，由子女居家照护"};
    for (size_t i = 0; i < rows.nrows; i++) {
        struct lapse_reason r = {.member_id = db_i64(&rows, i, 0)};
        struct buf sealed = {0};
        char now[20];
        time_cn(now_s(), now);
        snprintf(r.kind, sizeof(r.kind), "%s", kinds[i]);
        snprintf(r.since, sizeof(r.since), "%s", from_month);
        snprintf(r.recorded_by, sizeof(r.recorded_by), "seed");
        snprintf(r.recorded_at, sizeof(r.recorded_at), "%s", now);
        if (pii_seal(cfg, notes[i], &sealed) != 0 || lapse_db_reason_put(db, office, &r, &sealed) != YH_OK) {
            die("lapse reason", YH_ERR_INTERNAL);
        }
        buf_free(&sealed);
    }
    db_rows_free(&rows);
}
