/* yinhui-gen: realistic party organisations and members, written straight to MariaDB
 * through the service's own sealing code (so the data are encrypted exactly as the
 * service writes them). Multi-row inserts keep a million members to minutes.
 *
 *   yinhui-gen demo OFFICE            ~80 organisations, ~2,500 members, participations,
 *                                     pairings, relocated members, demo accounts, a year
 *                                     of org life with attendance, dues, visits, honours
 *                                     and one evaluation round
 *   yinhui-gen bulk FIRST COUNT N     offices FIRST..FIRST+COUNT-1 of a generated
 *                                     province (created when missing), N members each
 *   yinhui-gen talents FIRST COUNT N  N talents in each of those offices
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/auth.h"
#include "yinhui/accounts_db.h"
#include "yinhui/auth_db.h"
#include "yinhui/config.h"
#include "yinhui/db.h"
#include "yinhui/name_search.h"
#include "yinhui/keys.h"
#include "yinhui/member_json.h"
#include "yinhui/offices_db.h"
#include "yinhui/pii.h"
#include "yinhui/standing.h"
#include "yinhui/talents_db.h"

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
                                       "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
                                       "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "岩", "玉", "刀", "段"};
static const char *const given[] = {"建国", "秀英", "玉兰", "国华", "志强", "桂英", "德明", "淑珍", "文华", "光明",
                                    "春梅", "卫东", "学军", "红", "英", "华", "军", "平", "明", "丽", "福", "昆",
                                    "海燕", "永红", "金凤", "家林", "正清", "兰芬", "应祥", "绍光", "罕", "香"};
static const char *const units[] = {"州委组织部", "市人民医院", "州农业局", "市第一中学", "州税务局", "市供销社",
                                    "州水利局", "市公安局", "州财政局", "市文化馆", "农垦分局", "市邮政局"};
static const char *const streets[] = {"宣慰大道", "勐泐大道", "嘎兰中路", "曼听路", "民航路", "景德路", "勐海路"};

static void name_of(char *out, size_t n)
{
    snprintf(out, n, "%s%s", surnames[rnd(sizeof(surnames) / sizeof(*surnames))],
             given[rnd(sizeof(given) / sizeof(*given))]);
}

/* A valid GB 11643 number for prefix, birth date (YYYYMMDD) and a sequence. */
static void idno(char out[19], const char *prefix, const char *ymd, unsigned seq, bool female)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[] = "10X98765432";
    unsigned s = (seq % 500) * 2 + (female ? 0 : 1);
    int sum = 0;
    snprintf(out, 19, "%.6s%.8s%03u", prefix, ymd, s);
    for (int i = 0; i < 17; i++) {
        sum += (out[i] - '0') * w[i];
    }
    out[17] = map[sum % 11];
    out[18] = '\0';
}

static void die(const char *what, enum yh_err err)
{
    fprintf(stderr, "yinhui-gen: %s failed (%d)\n", what, (int)err);
    exit(1);
}

static int64_t insert_branch(struct db *db, const char *office, const char *name, const char *level,
                             const char *nature, const char *host, const char *host_name, int64_t parent,
                             const char *demo, int demo_year)
{
    static const char sql[] = "INSERT INTO branches (office_code, name, level, nature, host_type, host_name, parent_id, "
                              "founded_on, demo_level, demo_year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    char founded[11];
    snprintf(founded, sizeof(founded), "%d-%02u-01", 1985 + (int)rnd(35), 1 + rnd(12));
    struct db_param p[] = {P_STR(office),  P_STR(name), P_STR(level), P_STR(nature), P_STR(host),
                           P_STR(host_name), parent ? P_I64(parent) : P_NULL, P_STR(founded),
                           demo ? P_STR(demo) : P_NULL, demo ? P_I64(demo_year) : P_NULL};
    uint64_t id = 0;
    enum yh_err err = db_exec(db, sql, p, 10, NULL, NULL, &id);
    if (err != YH_OK) {
        die("branch insert", err);
    }
    return (int64_t)id;
}

#define BATCH 100
#define COLS 18

/* Inserts members in batches: each row sealed like the service does. */
struct batch {
    struct db *db;
    struct buf sql;
    struct db_param p[BATCH * COLS];
    struct member m[BATCH];
    int n;
};

static void flush(struct batch *b)
{
    if (b->n == 0) {
        return;
    }
    b->sql.len = 0;
    buf_puts(&b->sql, "INSERT INTO members (office_code, name, gender, birth_date, id_hmac, id_enc, phone_enc, "
                      "address_enc, health_enc, health_idx, residence_code, relocated, joined_on, category, "
                      "work_unit, branch_id, full_member_on, full_member_estimated) VALUES ");
    for (int i = 0; i < b->n; i++) {
        buf_puts(&b->sql, i ? ",(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        struct member *m = &b->m[i];
        struct db_param *p = &b->p[i * COLS];
        p[0] = P_STR(m->office);
        p[1] = P_STR(m->name);
        p[2] = P_STR(m->gender);
        p[3] = P_STR(m->birth_date);
        p[4] = P_BLOB(m->id_hmac, 32);
        p[5] = P_BLOB(m->id_enc, m->id_enc_len);
        p[6] = P_BLOB(m->phone_enc, m->phone_enc_len);
        p[7] = P_BLOB(m->address_enc, m->address_enc_len);
        p[8] = P_BLOB(m->health_enc, m->health_enc_len);
        p[9] = P_BLOB(m->health_idx, 8);
        p[10] = m->residence_code[0] ? P_STR(m->residence_code) : P_NULL;
        p[11] = P_I64(m->relocated);
        p[12] = P_STR(m->joined_on);
        p[13] = P_STR(m->category);
        p[14] = P_STR(m->work_unit);
        p[15] = m->branch_id ? P_I64(m->branch_id) : P_NULL;
        p[16] = P_STR(m->full_member_on);
        p[17] = P_I64(m->full_member_estimated);
    }
    enum yh_err err = db_exec(b->db, b->sql.data, b->p, (size_t)b->n * COLS, NULL, NULL, NULL);
    if (err != YH_OK) {
        die("member insert", err);
    }
    b->n = 0;
}

/* Adds one generated member of office to the batch. */
static void add_member(const struct config *cfg, struct batch *b, const char *office, unsigned seq, int64_t branch,
                       const char *category)
{
    struct member *m = &b->m[b->n];
    struct member_plain p;
    char ymd[16];
    bool female = rnd(100) < 45;
    bool relocated = rnd(100) < 6;
    int year = strcmp(category, "in_service") == 0 ? 1968 + (int)rnd(22)
               : strcmp(category, "lixiu") == 0   ? 1926 + (int)rnd(4)
                                                  : 1931 + (int)rnd(32);
    memset(m, 0, sizeof(*m));
    memset(&p, 0, sizeof(p));
    /* the sequence makes the number unique within the office: day of year x 500 */
    unsigned day = seq % 336, block = seq / 336;
    snprintf(ymd, sizeof(ymd), "%04d%02u%02u", year % 10000, 1 + day / 28, 1 + day % 28);
    snprintf(m->office, sizeof(m->office), "%s", office);
    name_of(m->name, sizeof(m->name));
    snprintf(m->gender, sizeof(m->gender), "%s", female ? "female" : "male");
    snprintf(m->birth_date, sizeof(m->birth_date), "%.4s-%.2s-%.2s", ymd, ymd + 4, ymd + 6);
    idno(p.id_number, relocated ? "530102" : office, ymd, block, female);
    p.id_set = p.phone_set = p.address_set = p.health_set = true;
    snprintf(p.phone, sizeof(p.phone), "1%u%u%08u", 3 + rnd(7), rnd(10), rnd(100000000));
    snprintf(p.address, sizeof(p.address), "%s%u号%u栋%u室", streets[rnd(7)], 1 + rnd(300), 1 + rnd(20),
             101 + rnd(600));
    unsigned h = rnd(100);
    snprintf(p.health, sizeof(p.health), "%s", h < 60 ? "able" : h < 90 ? "frail" : "homebound"); /* hospitalised: by a stay (gen_care.c) */
    if (relocated) {
        snprintf(m->residence_code, sizeof(m->residence_code), "530102");
        m->relocated = true;
    } else {
        snprintf(m->residence_code, sizeof(m->residence_code), "%s", office);
    }
    snprintf(m->joined_on, sizeof(m->joined_on), "%d-%02u-%02u", year + 20 + (int)rnd(15), 1 + rnd(12), 1 + rnd(28));
    /* old files keep no 转正 date: the estimate, flagged (demo_standing records some) */
    standing_full_member_estimate(m->joined_on, m->full_member_on);
    m->full_member_estimated = true;
    snprintf(m->category, sizeof(m->category), "%s", category);
    snprintf(m->work_unit, sizeof(m->work_unit), "%s", units[rnd(12)]);
    m->branch_id = branch;
    if (member_seal(cfg, m, &p) != 0) {
        die("seal", YH_ERR_INTERNAL);
    }
    if (++b->n == BATCH) {
        flush(b);
    }
}

static void exec_or_die(struct db *db, const char *sql, const struct db_param *p, size_t n)
{
    enum yh_err err = db_exec(db, sql, p, n, NULL, NULL, NULL);
    if (err != YH_OK) {
        fprintf(stderr, "%s\n", sql);
        die("statement", err);
    }
}

#include "gen_life.c"
#include "gen_care.c"
#include "gen_across.c"
#include "gen_volstd.c"

/* Primary memberships mirror members.branch_id. */
static void primary_memberships(struct db *db, const char *office)
{
    static const char sql[] = "INSERT INTO memberships (office_code, member_id, branch_id, kind, started_on) "
                              "SELECT office_code, id, branch_id, 'primary', joined_on FROM members "
                              "WHERE office_code = ? AND branch_id IS NOT NULL";
    struct db_param p[] = {P_STR(office)};
    exec_or_die(db, sql, p, 1);
}

static bool office_has_members(struct db *db, const char *office)
{
    struct db_rows rows;
    struct db_param p[] = {P_STR(office)};
    if (db_exec(db, "SELECT COUNT(*) FROM members WHERE office_code = ?", p, 1, &rows, NULL, NULL) != YH_OK) {
        die("count", YH_ERR_INTERNAL);
    }
    bool has = db_i64(&rows, 0, 0) > 0;
    db_rows_free(&rows);
    return has;
}

static void ensure_office(const struct config *cfg, struct db *db, const char *code, const char *parent,
                          const char *name, const char *level)
{
    char kid[40];
    enum yh_err err = offices_db_create(db, code, parent, name, level);
    if (err == YH_OK) {
        err = keys_rotate(cfg, db, code, kid);
    }
    if (err != YH_OK && err != YH_ERR_CONFLICT) {
        die("office", err);
    }
}

static void account(struct db *db, const char *office, const char *user, const char *role, const char *name,
                    const char *pw, int64_t branch, int64_t member)
{
    char hash[256];
    int64_t id;
    if (password_hash(pw, hash, sizeof(hash)) != 0) {
        die("hash", YH_ERR_INTERNAL);
    }
    enum yh_err err = accounts_db_create(db, office, user, name, role, hash, branch, member, &id);
    if (err != YH_OK && err != YH_ERR_CONFLICT) {
        die("account", err);
    }
}

/* Volunteers of the demo county: 12 teams, 300 volunteers from the members, 20 past
 * events with attendance, hours and points, 11 upcoming open ones with sign-ups, needs
 * in each state and honours. */
static void demo_volunteers(struct db *db, const char *office)
{
    static const char *const teams[][2] = {
        {"银发先锋医疗服务队", "medical"}, {"五老政策宣讲队", "lecturing"}, {"老干部艺术团志愿队", "culture"},
        {"平安巡逻志愿队", "civic_order"},  {"法律咨询志愿队", "legal"},     {"绿色家园志愿队", "environment"},
        {"邻里关爱志愿队", "care"},         {"书画进社区志愿队", "culture"}, {"关心下一代志愿队", "lecturing"},
        {"民族团结宣讲队", "lecturing"},    {"健康养生志愿队", "medical"},   {"银发先锋综合队", "other"}};
    static const char *const stmts[] = {
        "INSERT INTO volunteers (office_code, member_id, name, gender, birth_year, skills, weekdays, day_parts) "
        "SELECT office_code, id, name, gender, YEAR(birth_date), ELT(id % 6 + 1, '义诊,量血压', '书法,绘画', "
        "'政策宣讲,党史', '文艺演出,合唱', '治安巡逻,调解', '法律咨询,调解'), IF(id % 3 = 0, 31, 127), IF(id % 2 = 0, 3, 7) "
        "FROM members WHERE office_code = ? AND category <> 'in_service' AND branch_id IS NOT NULL ORDER BY id LIMIT 300",
        "INSERT IGNORE INTO volunteer_skills (volunteer_id, office_code, skill) SELECT id, office_code, "
        "SUBSTRING_INDEX(skills, ',', 1) FROM volunteers WHERE office_code = ?",
        "INSERT IGNORE INTO volunteer_skills (volunteer_id, office_code, skill) SELECT id, office_code, "
        "SUBSTRING_INDEX(skills, ',', -1) FROM volunteers WHERE office_code = ?",
        "INSERT INTO team_members (team_id, volunteer_id, role, joined_on) SELECT t.id, v.id, 'member', '2023-03-05' "
        "FROM volunteers v JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 k FROM volunteer_teams WHERE office_code = ?) t "
        "ON t.k = v.id % 12 WHERE v.office_code = t.k * 0 + v.office_code",
        "UPDATE team_members m JOIN (SELECT team_id, MIN(volunteer_id) v FROM team_members GROUP BY team_id) f ON "
        "f.team_id = m.team_id AND f.v = m.volunteer_id JOIN volunteer_teams t ON t.id = m.team_id SET m.role = 'leader', "
        "t.leader_id = m.volunteer_id WHERE t.office_code = ?",
        /* 20 past events (done) and 11 upcoming (open), one a week */
        "INSERT INTO volunteer_events (office_code, title, description, team_id, starts_at, ends_at, place, capacity, skills, "
        "status, posted_by) SELECT t.office_code, CONCAT(ELT(s.seq % 5 + 1, '社区义诊', '政策宣讲进村寨', '文艺慰问演出', "
        "'平安巡逻', '法律咨询进社区'), ' 第', s.seq + 1, '期'), '银发先锋在行动', t.id, "
        "DATE(NOW()) - INTERVAL (20 - CAST(s.seq AS SIGNED)) WEEK + INTERVAL 9 HOUR, DATE(NOW()) - INTERVAL (20 - CAST(s.seq AS SIGNED)) WEEK + INTERVAL 11 HOUR, "
        "ELT(s.seq % 4 + 1, '曼听社区', '嘎兰中路社区', '曼景兰村', '市老年大学'), 12, '', IF(s.seq < 20, 'done', 'open'), "
        "'account:demo' FROM seq_0_to_30 s JOIN (SELECT id, office_code, ROW_NUMBER() OVER (ORDER BY id) - 1 k FROM "
        "volunteer_teams WHERE office_code = ?) t ON t.k = s.seq % 12",
        /* sign-ups: ten volunteers of the team's range for each event; past ones attended */
        "INSERT INTO volunteer_signups (office_code, event_id, volunteer_id, status, checked_in_at, checked_out_at) "
        "SELECT e.office_code, e.id, v.id, 'confirmed', IF(e.status = 'done', e.starts_at, NULL), "
        "IF(e.status = 'done', e.ends_at, NULL) FROM volunteer_events e JOIN volunteers v ON v.office_code = e.office_code "
        "AND (v.id + e.id) % 25 = 0 WHERE e.office_code = ?",
        "UPDATE volunteer_events e JOIN (SELECT event_id, COUNT(*) n FROM volunteer_signups GROUP BY event_id) c ON "
        "c.event_id = e.id SET e.confirmed = LEAST(c.n, e.capacity) WHERE e.office_code = ?",
        "INSERT INTO volunteer_hours (office_code, volunteer_id, event_id, team_id, minutes, source, status, served_on, "
        "decided_by, decided_at) SELECT s.office_code, s.volunteer_id, s.event_id, e.team_id, 120, 'checkin', 'confirmed', "
        "DATE(e.starts_at), 'account:demo', e.ends_at FROM volunteer_signups s JOIN volunteer_events e ON e.id = s.event_id "
        "WHERE s.office_code = ? AND s.checked_out_at IS NOT NULL",
        "INSERT INTO points_ledger (office_code, volunteer_id, delta, kind, hours_id, balance_after, created_by) "
        "SELECT office_code, volunteer_id, minutes * 10 DIV 60, 'earn', id, SUM(minutes * 10 DIV 60) OVER "
        "(PARTITION BY volunteer_id ORDER BY id), 'account:demo' FROM volunteer_hours WHERE office_code = ?",
        "UPDATE volunteers v JOIN (SELECT volunteer_id, SUM(delta) b FROM points_ledger GROUP BY volunteer_id) l ON "
        "l.volunteer_id = v.id SET v.points_balance = l.b WHERE v.office_code = ?",
        "INSERT INTO volunteer_needs (office_code, title, requester, contact, starts_at, ends_at, place, capacity, status, "
        "team_id, posted_by) SELECT code, ELT(seq + 1, '独居老人陪诊', '社区禁毒宣传', '小学党史故事会', '村寨义诊'), "
        "ELT(seq + 1, '曼听社区居委会', '市禁毒办', '景洪市第三小学', '嘎洒镇卫生院'), '0691-2120000', "
        "DATE(NOW()) + INTERVAL (seq + 2) WEEK + INTERVAL 9 HOUR, DATE(NOW()) + INTERVAL (seq + 2) WEEK + INTERVAL 11 HOUR, "
        "'景洪市', 4, ELT(seq + 1, 'requested', 'dispatched', 'requested', 'cancelled'), IF(seq = 1, "
        "(SELECT MIN(id) FROM volunteer_teams WHERE office_code = ?), NULL), 'account:demo' FROM offices JOIN seq_0_to_3 "
        "WHERE code = ?",
        "INSERT INTO volunteer_honours (office_code, year, title, volunteer_id, citation) SELECT office_code, 2025, "
        "'most_beautiful_volunteer', MIN(id), '常年坚持送医下乡' FROM volunteers WHERE office_code = ? GROUP BY office_code",
        "INSERT INTO volunteer_honours (office_code, year, title, team_id, citation) SELECT office_code, 2025, "
        "'most_beautiful_team', MIN(id), '服务群众千余人次' FROM volunteer_teams WHERE office_code = ? GROUP BY office_code",
    };
    for (size_t i = 0; i < sizeof(teams) / sizeof(teams[0]); i++) {
        struct db_param p[] = {P_STR(office), P_STR(teams[i][0]), P_STR(teams[i][1])};
        exec_or_die(db, "INSERT INTO volunteer_teams (office_code, name, speciality, founded_on) VALUES (?, ?, ?, '2019-05-04')",
                    p, 3);
    }
    for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
        struct db_param p[] = {P_STR(office), P_STR(office)};
        exec_or_die(db, stmts[i], p, strstr(stmts[i], "WHERE code = ?") ? 2 : 1);
    }
}

/* Talents of an office: n entries whose speciality, title and bio come from ten fields
 * (so Chinese free text such as 心血管 or 党史 finds some); members when from_members. */
static void talents_for(struct db *db, const char *office, int n, bool from_members)
{
    static const char *const stmts[] = {
        /* entries: 75% admitted (a tenth of those due for review), the rest along the workflow */
        "INSERT INTO talents (office_code, member_id, name, gender, birth_year, speciality, title, former_position, bio, "
        "skills, availability, travel, service_area, languages, status, reason, admitted_on, review_due_on) "
        "SELECT ?, m.id, IFNULL(m.name, CONCAT(ELT(s.seq % 8 + 1, '王', '李', '张', '刀', '岩', '玉', '陈', '杨'), "
        "ELT(s.seq % 7 + 1, '建华', '国强', '秀兰', '光明', '罕', '志远', '丽萍'))), m.gender, YEAR(m.birth_date), "
        "ELT(s.seq % 10 + 1, '心血管内科', '党史与党的理论', '基层党建', '热带作物栽培', '中学数学教育', '乡村规划与建筑', "
        "'民事审判', '傣族民间音乐', '招商引资', '青少年思想教育'), "
        "ELT(s.seq % 5 + 1, '主任医师', '教授', '高级农艺师', '高级工程师', '副研究员'), "
        "ELT(s.seq % 6 + 1, '州人民医院原副院长', '市委党校原副校长', '县农业局原局长', '市中学原校长', '法院原庭长', "
        "'文化馆原馆长'), CONCAT('从事', ELT(s.seq % 10 + 1, '心血管疾病防治', '党史研究与宣讲', '党建工作', "
        "'橡胶和茶叶种植', '数学教学', '村镇规划', '民事调解', '民族音乐传承', '经济工作', '关心下一代工作'), '"
        "30余年，退休后热心公益。'), ELT(s.seq % 4 + 1, '义诊,健康讲座', '宣讲,党课', '技术指导,培训', '调解,普法'), "
        "ELT(s.seq % 4 + 1, 'anytime', 'weekdays', 'weekends', 'by_arrangement'), s.seq % 2, "
        "IF(s.seq % 3 = 0, CONCAT(LEFT(?, 4), '00'), ?), IF(s.seq % 5 = 0, '汉语,傣语', '汉语'), "
        "ELT(IF(s.seq % 20 < 15, 1, s.seq % 20 - 13), 'admitted', 'applied', 'under_review', 'rejected', 'withdrawn', "
        "'retired', 'applied'), IF(s.seq % 20 IN (17, 18, 19), '见评审意见', NULL), "
        "IF(s.seq % 20 < 15, CURDATE() - INTERVAL (s.seq % 30) MONTH, NULL), "
        "IF(s.seq % 20 < 15, CURDATE() - INTERVAL (s.seq % 30) MONTH + INTERVAL 2 YEAR, NULL) "
        "FROM seq_0_to_9999 s LEFT JOIN (SELECT id, name, gender, birth_date, ROW_NUMBER() OVER (ORDER BY id) - 1 k FROM "
        "members WHERE office_code = ? AND ? AND category <> 'in_service' AND status = 'active') m ON m.k = s.seq * 7 "
        "WHERE s.seq < ?",
        "INSERT IGNORE INTO talent_category_links (talent_id, category_id) SELECT t.id, c.id FROM talents t JOIN "
        "(SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 k FROM talent_categories WHERE office_code = ?) c ON c.k = "
        "(CASE LEFT(t.speciality, 2) WHEN '心血' THEN 1 WHEN '党史' THEN 0 WHEN '基层' THEN 2 WHEN '热带' THEN 3 WHEN '中学' "
        "THEN 4 WHEN '乡村' THEN 5 WHEN '民事' THEN 6 WHEN '傣族' THEN 7 WHEN '招商' THEN 8 ELSE 9 END) WHERE t.office_code = ?",
        "INSERT IGNORE INTO talent_skills (talent_id, skill) SELECT id, SUBSTRING_INDEX(skills, ',', 1) FROM talents WHERE "
        "office_code = ?",
        "INSERT IGNORE INTO talent_skills (talent_id, skill) SELECT id, SUBSTRING_INDEX(skills, ',', -1) FROM talents WHERE "
        "office_code = ?",
        "INSERT INTO talent_steps (talent_id, from_status, to_status, actor) SELECT id, NULL, 'applied', 'account:demo' "
        "FROM talents WHERE office_code = ?",
        "INSERT INTO talent_steps (talent_id, from_status, to_status, actor, reason) SELECT id, 'under_review', status, "
        "'account:demo', reason FROM talents WHERE office_code = ? AND status IN ('admitted', 'rejected', 'retired')",
        /* the bigram index the service keeps (service/text.c): adjacent pairs of characters
         * of each field, none with ASCII space or punctuation, ASCII lower-cased */
        "INSERT IGNORE INTO talent_grams (gram, office_code, talent_id) SELECT LOWER(SUBSTRING(x.txt, s.seq + 1, 2)), "
        "x.office_code, x.id FROM (SELECT id, office_code, CONCAT_WS(' ', title, speciality, former_position, bio) txt "
        "FROM talents WHERE office_code = ?) x JOIN seq_0_to_999 s ON s.seq + 1 < CHAR_LENGTH(x.txt) WHERE "
        "SUBSTRING(x.txt, s.seq + 1, 2) NOT REGEXP '[^[:alnum:][:^ascii:]]'",
    };
    if (tcat_db_ensure(db, office) != YH_OK) {
        die("categories", YH_ERR_INTERNAL);
    }
    for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
        struct db_param p[] = {P_STR(office), P_STR(office), P_STR(office), P_STR(office), P_I64(from_members), P_I64(n)};
        if (i == 0) {
            exec_or_die(db, stmts[i], p, 6);
        } else {
            exec_or_die(db, stmts[i], p, strstr(stmts[i], "office_code = ?) c") ? 2 : 1);
        }
    }
}

/* Requests of the demo county in each state, with assignments and feedback. */
static void demo_requests(struct db *db, const char *office)
{
    static const char *const stmts[] = {
        "INSERT INTO talent_requests (office_code, posted_by, department, category_id, skills, area, starts_on, "
        "description, contact, status, rating, comment) SELECT ?, 'client:demo-health', ELT(s.seq + 1, '市卫健局', "
        "'市委宣传部', '市中级人民法院', '市农业农村局'), (SELECT MIN(id) + s.seq FROM talent_categories WHERE "
        "office_code = ?), ELT(s.seq + 1, '义诊', '宣讲', '调解', '技术指导'), ?, CURDATE() + INTERVAL 20 DAY, "
        "ELT(s.seq + 1, '重阳节社区义诊需心血管专家2名', '党史学习教育宣讲需讲师3名', '人民陪审员推荐', "
        "'橡胶割胶技术培训'), '0691-2120000', ELT(s.seq + 1, 'open', 'assigned', 'closed', 'cancelled'), "
        "IF(s.seq = 2, 5, NULL), IF(s.seq = 2, '讲得很好，群众欢迎', NULL) FROM seq_0_to_3 s",
        "INSERT INTO talent_assignments (request_id, talent_id, status, assigned_by) SELECT r.id, "
        "(SELECT MIN(t.id) FROM talents t WHERE t.office_code = r.office_code AND t.status = 'admitted'), "
        "IF(r.status = 'closed', 'accepted', 'assigned'), 'account:demo' FROM talent_requests r WHERE r.office_code = ? "
        "AND r.status IN ('assigned', 'closed')",
        "UPDATE talents t JOIN talent_assignments a ON a.talent_id = t.id JOIN talent_requests r ON r.id = a.request_id "
        "SET t.rating_sum = t.rating_sum + r.rating, t.rating_count = t.rating_count + 1 WHERE r.office_code = ? AND "
        "r.status = 'closed' AND a.status = 'accepted'",
    };
    for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
        struct db_param p[] = {P_STR(office), P_STR(office), P_STR(office)};
        exec_or_die(db, stmts[i], p, i == 0 ? 3 : 1);
    }
}

/* Statistics by year (RULES.md, Statistics): 转正 dates for the demo's members (estimated
 * as the migration does: joined + 1 year, flagged) so party years and the 50-year medal
 * show; and 20 members no longer on the roll — 12 died on the first of this month, 8
 * were transferred out last September — so last year's figures hold 12 more members
 * than today's and the year before's 20 more. The random
 * sequence is restored, so the rest of the demo stays as it was. */
static void demo_stats_history(const struct config *cfg, struct batch *b, const char *office)
{
    unsigned long long saved = rng;
    int y, m, d;
    char died[16], moved[16];
    today_ymd(&y, &m, &d);
    snprintf(died, sizeof(died), "%04d-%02d-01", y % 10000, m % 100);
    snprintf(moved, sizeof(moved), "%04d-09-30", (y - 1) % 10000);
    for (unsigned i = 0; i < 20; i++) {
        add_member(cfg, b, office, 2500 + i, 0, i % 4 == 0 ? "lixiu" : "retired");
    }
    flush(b);
    struct db_param p[] = {P_STR(died), P_STR(office)}, q[] = {P_STR(moved), P_STR(office)}, o[] = {P_STR(office)};
    exec_or_die(b->db,
                "UPDATE members SET status = 'deceased', status_on = ? WHERE office_code = ? AND branch_id IS NULL "
                "AND status = 'active' ORDER BY id DESC LIMIT 12",
                p, 2);
    exec_or_die(b->db,
                "UPDATE members SET status = 'transferred_out', status_on = ?, transferred_to = '昆明市五华区' WHERE "
                "office_code = ? AND branch_id IS NULL AND status = 'active' ORDER BY id DESC LIMIT 8",
                q, 2);
    exec_or_die(b->db,
                "UPDATE members SET full_member_on = DATE_ADD(joined_on, INTERVAL 1 YEAR), full_member_estimated = 1 "
                "WHERE office_code = ? AND full_member_on IS NULL AND joined_on IS NOT NULL",
                o, 1);
    rng = saved;
}

/* The demo county: a committee, general branches, regular branches under them,
 * functional (senior university) and temporary (classes, teams) branches. */
static int demo(const struct config *cfg, struct db *db, const char *office)
{
    struct batch *b = calloc(1, sizeof(*b));
    int64_t regular[60], special[20];
    int nreg = 0, nspec = 0;
    char name[128];
    b->db = db;
    if (office_has_members(db, office)) {
        printf("demo data for %s exist\n", office);
        free(b);
        return 0;
    }
    db_begin(db);
    int64_t top = insert_branch(db, office, "市委老干部局离退休干部党委", "committee", "regular", "work_unit",
                                "市委老干部局", 0, "province", 2017);
    const char *hosts[] = {"州级机关", "市级机关", "农垦系统", "教育系统", "卫生系统", "干休所"};
    for (int g = 0; g < 6; g++) {
        snprintf(name, sizeof(name), "%s离退休干部党总支", hosts[g]);
        int64_t gb = insert_branch(db, office, name, "general_branch", "regular", g == 5 ? "retirement_home" : "work_unit",
                                   hosts[g], top, g == 0 ? "prefecture" : NULL, 2019);
        for (int k = 0; k < 9; k++) {
            snprintf(name, sizeof(name), "%s第%d离退休党支部", hosts[g], k + 1);
            regular[nreg++] = insert_branch(db, office, name, "branch", "regular", k % 3 == 2 ? "community" : "work_unit",
                                            hosts[g], gb, k == 0 ? "county" : NULL, 2021);
        }
    }
    for (int k = 0; k < 4; k++) {
        snprintf(name, sizeof(name), "社区离退休党员第%d党支部", k + 1);
        regular[nreg++] = insert_branch(db, office, name, "branch", "regular", "community", "社区", top, NULL, 0);
    }
    int64_t uni = insert_branch(db, office, "老年大学功能型党总支", "general_branch", "functional", "university_class",
                                "市老年大学", top, NULL, 0);
    const char *classes[] = {"书法班", "太极拳班", "合唱班", "摄影班", "国画班", "电脑班", "葫芦丝班", "养生班"};
    for (int k = 0; k < 8; k++) {
        snprintf(name, sizeof(name), "老年大学%s临时党支部", classes[k]);
        special[nspec++] = insert_branch(db, office, name, "branch", "temporary", "university_class", classes[k], uni, NULL, 0);
    }
    const char *teams[] = {"银发先锋志愿服务队", "老干部艺术团", "门球队", "五老宣讲团"};
    for (int k = 0; k < 4; k++) {
        snprintf(name, sizeof(name), "%s功能型党支部", teams[k]);
        special[nspec++] = insert_branch(db, office, name, "branch", "functional", "activity_team", teams[k], top, NULL, 0);
    }
    snprintf(name, sizeof(name), "老干部协会党支部");
    special[nspec++] = insert_branch(db, office, name, "branch", "functional", "association", "老干部协会", top, NULL, 0);
    /* 2,500 members: most retired, some 离休, some in service (liaisons); 30 without a branch */
    for (unsigned i = 0; i < 2500; i++) {
        const char *cat = i % 40 == 0 ? "lixiu" : i % 9 == 0 ? "in_service" : "retired";
        add_member(cfg, b, office, i, i < 30 ? 0 : regular[rnd((unsigned)nreg)], cat);
    }
    flush(b);
    primary_memberships(db, office);
    demo_stats_history(cfg, b, office);
    {
        /* participations: one in five takes part in a class or team branch */
        static const char sql[] =
            "INSERT INTO memberships (office_code, member_id, branch_id, kind, started_on) SELECT office_code, id, ?, "
            "'participating', '2022-03-01' FROM members WHERE office_code = ? AND id % ? = ? AND category <> 'in_service'";
        for (int k = 0; k < nspec; k++) {
            struct db_param p[] = {P_I64(special[k]), P_STR(office), P_I64(nspec * 5), P_I64(k)};
            exec_or_die(db, sql, p, 4);
        }
        /* committees: the first three members of each branch, the first as secretary */
        static const char seats[] =
            "INSERT INTO branch_committee (branch_id, member_id, role) SELECT branch_id, id, ELT(rn, 'secretary', "
            "'deputy_secretary', 'organisation') FROM (SELECT branch_id, id, ROW_NUMBER() OVER (PARTITION BY branch_id "
            "ORDER BY id) rn FROM members WHERE office_code = ? AND branch_id IS NOT NULL) t WHERE rn <= 3";
        struct db_param p[] = {P_STR(office)};
        exec_or_die(db, seats, p, 1);
        /* pairing: each in-service member looks after up to 25 retired members; ~10% stay unpaired */
        static const char pair[] =
            "UPDATE members m JOIN (SELECT r.id rid, l.id lid FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) rn FROM "
            "members WHERE office_code = ? AND category <> 'in_service') r JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY "
            "id) rn FROM members WHERE office_code = ? AND category = 'in_service') l ON l.rn = (r.rn - 1) DIV 25 + 1 "
            "WHERE r.rn % 10 <> 0) x ON x.rid = m.id SET m.liaison_id = x.lid";
        struct db_param q[] = {P_STR(office), P_STR(office)};
        exec_or_die(db, pair, q, 2);
    }
    demo_volunteers(db, office);
    talents_for(db, office, 60, true);
    demo_requests(db, office);
    demo_orglife(db, office, regular, nreg);
    demo_compliance(db, office, regular, nreg, special, nspec);
    demo_party_groups(db, office, regular, nreg);
    demo_dues(db, office);
    demo_dues_standard(cfg, db, office);
    demo_care(cfg, db, office);
    demo_care_days(db, office);
    demo_standing(db, office);
    demo_honours(db, office, regular, nreg);
    demo_evaluation(db, office, regular, nreg);
    demo_engagement(db, office, regular, nreg);
    demo_lapse(cfg, db, office);
    demo_daily_care(cfg, db, office, regular, nreg);
    demo_across(cfg, db, office, regular, nreg);
    demo_volstd(cfg, db, office);
    enum yh_err err = db_commit(db);
    if (err != YH_OK) {
        die("commit", err);
    }
    /* demo accounts: a secretary of the first regular branch and a member */
    struct db_rows rows;
    struct db_param p[] = {P_I64(regular[0])};
    if (db_exec(db, "SELECT member_id FROM branch_committee WHERE secretary_of = ?", p, 1, &rows, NULL, NULL) == YH_OK &&
        rows.nrows > 0) {
        char pw[64];
        snprintf(pw, sizeof(pw), "demo-%s-sec", office);
        account(db, office, "secretary", "secretary", "支部书记", pw, regular[0], db_i64(&rows, 0, 0));
        db_rows_free(&rows);
    }
    struct db_param q[] = {P_STR(office), P_I64(regular[0])};
    if (db_exec(db, "SELECT id FROM members WHERE office_code = ? AND branch_id = ? ORDER BY id DESC LIMIT 1", q, 2,
                &rows, NULL, NULL) == YH_OK &&
        rows.nrows > 0) {
        char pw[64];
        snprintf(pw, sizeof(pw), "demo-%s-member", office);
        account(db, office, "member", "member", "党员", pw, 0, db_i64(&rows, 0, 0));
        db_rows_free(&rows);
    }
    printf("demo data for %s: %d organisations, 2500 members\n", office, 1 + 6 + nreg + 1 + nspec);
    buf_free(&b->sql);
    free(b);
    return 0;
}

/* Bench offices 65YYZZ under 650000: COUNT offices from index FIRST, N members each in
 * 25 regular branches. */
static int bulk(const struct config *cfg, struct db *db, int first, int count, int per_office)
{
    struct batch *b = calloc(1, sizeof(*b));
    b->db = db;
    ensure_office(cfg, db, "650000", NULL, "新疆维吾尔自治区委老干部局（压测）", "province");
    for (int o = first; o < first + count; o++) {
        char code[16], parent[16], name[96];
        int64_t br[25];
        snprintf(parent, sizeof(parent), "65%02d00", 1 + o / 20);
        snprintf(code, sizeof(code), "65%02d%02d", 1 + o / 20, 1 + o % 20);
        snprintf(name, sizeof(name), "压测地区 %s", parent);
        ensure_office(cfg, db, parent, "650000", name, "prefecture");
        snprintf(name, sizeof(name), "压测县 %s", code);
        ensure_office(cfg, db, code, parent, name, "county");
        if (o == 0) {
            account(db, code, "admin", "admin", "压测管理员", "bench-admin-pass", 0, 0);
            account(db, parent, "admin", "admin", "压测地区管理员", "bench-admin-pass", 0, 0);
        }
        if (office_has_members(db, code)) {
            continue;
        }
        db_begin(db);
        int64_t top = insert_branch(db, code, "离退休干部党委", "committee", "regular", "work_unit", "老干部局", 0, NULL, 0);
        for (int k = 0; k < 25; k++) {
            snprintf(name, sizeof(name), "第%d离退休干部党支部", k + 1);
            br[k] = insert_branch(db, code, name, "branch", "regular", "work_unit", "机关", top, NULL, 0);
        }
        for (int i = 0; i < per_office; i++) {
            add_member(cfg, b, code, (unsigned)i, br[i % 25], i % 9 == 0 ? "in_service" : "retired");
        }
        flush(b);
        primary_memberships(db, code);
        if (db_commit(db) != YH_OK) {
            die("commit", YH_ERR_INTERNAL);
        }
        if ((o - first + 1) % 20 == 0) {
            fprintf(stderr, "  %d offices\n", o - first + 1);
        }
    }
    buf_free(&b->sql);
    free(b);
    return 0;
}

/* Bench offices FIRST..: n admitted-or-not talents each (non-members). */
static int bulk_talents(struct db *db, int first, int count, int n)
{
    for (int o = first; o < first + count; o++) {
        char code[16];
        struct db_rows rows;
        snprintf(code, sizeof(code), "65%02d%02d", 1 + o / 20, 1 + o % 20);
        struct db_param p[] = {P_STR(code)};
        if (db_exec(db, "SELECT COUNT(*) FROM talents WHERE office_code = ?", p, 1, &rows, NULL, NULL) != YH_OK) {
            die("count", YH_ERR_INTERNAL);
        }
        bool has = db_i64(&rows, 0, 0) > 0;
        db_rows_free(&rows);
        if (has) {
            continue;
        }
        db_begin(db);
        talents_for(db, code, n, false);
        if (db_commit(db) != YH_OK) {
            die("commit", YH_ERR_INTERNAL);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct config cfg;
    char err[256];
    enum yh_err e;
    if (config_load(&cfg, NULL, err, sizeof(err)) != 0) {
        fprintf(stderr, "yinhui-gen: configuration: %s\n", err);
        return 1;
    }
    if (cfg.test_clock[0] != '\0') {
        clock_pin(cfg.test_clock_at); /* demo dates follow the pinned clock of the tests */
    }
    struct db *db = db_open(&cfg, &e);
    if (db == NULL) {
        fprintf(stderr, "yinhui-gen: cannot connect to MariaDB\n");
        return 1;
    }
    if (clock_pinned()) {
        /* the bulk SQL's NOW() and CURDATE() read the same pinned clock */
        struct db_param p[] = {P_I64(now_s())};
        exec_or_die(db, "SET timestamp = ?", p, 1);
    }
    int rc = 2;
    if (argc == 3 && strcmp(argv[1], "demo") == 0) {
        rc = demo(&cfg, db, argv[2]);
    } else if (argc == 5 && strcmp(argv[1], "talents") == 0) {
        rc = bulk_talents(db, atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    } else if (argc == 5 && strcmp(argv[1], "bulk") == 0) {
        rc = bulk(&cfg, db, atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    } else {
        rc = 2;
        fprintf(stderr, "usage: yinhui-gen demo OFFICE | bulk FIRST COUNT MEMBERS_PER_OFFICE | talents FIRST COUNT N\n");
    }
    long keyed = 0; /* the rows written here by SQL get their name search keys (sql/0059) */
    if (rc == 0 && names_reindex(db, &keyed) != YH_OK) {
        fprintf(stderr, "yinhui-gen: the search keys of names could not be filled\n");
        rc = 1;
    }
    db_close(db);
    return rc;
}
