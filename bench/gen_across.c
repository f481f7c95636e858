/* Demo data of the work across branches and offices (issue 15), included by gen.c:
 * transfers each way, members living in Kunming, a guide per branch, a 两优一先 round
 * in progress, associations and partners, two venues with a month of bookings. One
 * static function per part, each called once from demo_across. */

/* ---- associations and partners (h6) ---- */

#define DEMO_ORGS 12 /* the partners and associations demo_partner_orgs writes */

/* The office's partners and associations (ids in table order) and their pairings. */
static void demo_partner_orgs(struct db *db, const char *office, const int64_t *branches, int64_t *ids)
{
    static const struct {
        const char *kind, *type, *name, *contact;
    } orgs[] = {
        {"partner", "department", "景洪市委组织部", "组织科"},
        {"partner", "party_school", "中共景洪市委党校", "教务处"},
        {"partner", "department", "景洪市直属机关工委", "办公室"},
        {"partner", "department", "景洪市卫生健康局", "老龄健康科"},
        {"partner", "department", "景洪市民政局", "养老服务科"},
        {"partner", "hospital", "景洪市第一人民医院", "医务科"},
        {"partner", "library", "景洪市图书馆", "读者服务部"},
        {"association", NULL, "景洪市老干部协会", "秘书长"},
        {"association", NULL, "景洪市老年人体育协会", NULL},
        {"association", NULL, "景洪市诗词楹联学会", NULL},
        {"association", NULL, "景洪市老年书画研究会", NULL},
        {"association", NULL, "景洪市老年大学校友会", NULL},
    };
    static const char ins_org[] =
        "INSERT INTO organisations (office_code, kind, partner_type, name, contact) VALUES (?, ?, ?, ?, ?)";
    static const char ins_pair[] =
        "INSERT INTO organisation_branches (office_code, organisation_id, branch_id, since, "
        "note, created_by) VALUES (?, ?, ?, ?, ?, 'seed')";
    _Static_assert(ARRAY_LEN(orgs) == DEMO_ORGS, "DEMO_ORGS counts the table");
    for (size_t i = 0; i < ARRAY_LEN(orgs); i++) {
        struct db_param p[] = {P_STR(office), P_STR(orgs[i].kind), P_OPT(orgs[i].type), P_STR(orgs[i].name),
                               P_OPT(orgs[i].contact)};
        if (db_insert(db, ins_org, p, ARRAY_LEN(p), &ids[i]) != YH_OK) {
            die("organisation", YH_ERR_INTERNAL);
        }
    }
    /* 多联一: the first regular branch with the five departments; the hospital with the
     * second and third, the library with the fourth; the 老干部协会 with the first */
    static const int pair_org[] = {0, 1, 2, 3, 4, 5, 5, 6, 7}, pair_branch[] = {0, 0, 0, 0, 0, 1, 2, 3, 0};
    for (size_t i = 0; i < ARRAY_LEN(pair_org); i++) {
        struct db_param p[] = {P_STR(office), P_I64(ids[pair_org[i]]), P_I64(branches[pair_branch[i]]),
                               P_STR(pair_org[i] < 5 ? "2021-03-01" : "2023-06-01"),
                               P_STR(pair_org[i] < 5 ? "多联一结对共建" : "联建结对")};
        exec_or_die(db, ins_pair, p, ARRAY_LEN(p));
    }
}

/* This year's joint activities of the partners ids: months gone by held, one not held,
 * two left unrecorded (overdue); those to come agreed. */
static void demo_joint_activities(struct db *db, const char *office, const int64_t *branches,
                                  const int64_t *ids)
{
    /* org index, branch index, title, kind, month, outcome: 'h' held, 'n' not held, 'o' left unrecorded */
    static const struct {
        int org, branch;
        const char *title, *kind;
        int month;
        char outcome;
    } joints[] = {
        {0, 0, "与市委组织部共同举办学习会", "lecture", 3, 'h'},
        {1, 0, "与市委党校共同开办党务知识培训班", "training", 5, 'n'},
        {2, 0, "年初共同举办党员游园活动", "cultural", 1, 'h'},
        {3, 0, "共同开办保健知识培训班", "health_talk", 9, 'h'},
        {4, 0, "居家养老服务中心生活照料与精神慰藉", "care_service", 6, 'o'},
        {5, 1, "雨林银发健康小屋健康体检", "health_check", 4, 'h'},
        {5, 2, "名院名医名专家义诊", "health_check", 10, 'h'},
        {6, 3, "雨林银发书屋图书漂流", "reading", 4, 'h'},
        {6, 3, "书香晚年读书分享会", "reading", 8, 'o'},
        {7, 0, "老干部协会重阳座谈", "visit", 11, 'h'},
    };
    static const char ins_joint[] =
        "INSERT INTO joint_activities (office_code, organisation_id, year, title, kind, planned_month, "
        "status, "
        "held_on, people_served, reason, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'seed')";
    static const char ins_jb[] =
        "INSERT INTO joint_activity_branches (joint_activity_id, branch_id, office_code) VALUES (?, ?, ?)";
    char today[11], held[11];
    today_cn(today);
    int year = atoi(today), month = atoi(today + 5);
    for (size_t i = 0; i < ARRAY_LEN(joints); i++) {
        bool past = joints[i].month < month;
        char outcome = past ? joints[i].outcome : 'a';
        int64_t jid = 0;
        snprintf(held, sizeof(held), "%04d-%02d-15", year, joints[i].month);
        struct db_param p[] = {P_STR(office),
                               P_I64(ids[joints[i].org]),
                               P_I64(year),
                               P_STR(joints[i].title),
                               P_STR(joints[i].kind),
                               P_I64(joints[i].month),
                               P_STR(outcome == 'h'   ? "held"
                                     : outcome == 'n' ? "not_held"
                                                      : "agreed"),
                               outcome == 'h' ? P_STR(held) : P_NULL,
                               outcome == 'h' ? P_I64(30 + 7 * (int)i) : P_NULL,
                               outcome == 'n' ? P_STR("党校主体班次冲突，改为下半年合并举办") : P_NULL};
        if (db_insert(db, ins_joint, p, ARRAY_LEN(p), &jid) != YH_OK) {
            die("joint activity", YH_ERR_INTERNAL);
        }
        struct db_param b[] = {P_I64(jid), P_I64(branches[joints[i].branch]), P_STR(office)};
        exec_or_die(db, ins_jb, b, ARRAY_LEN(b));
    }
}

/* The seed's partners and associations of the demo county: 多联一 (seed 001: the
 * organisation department, the party school, the 直属机关工委, the health and
 * civil-affairs bureaus, each paired with the first regular branch and a joint activity a
 * year), the hospital and the library (seed 002: 雨林银发健康小屋, 雨林银发书屋 and the
 * book drift) paired with other branches, and associations of the centre. This year's
 * joint activities: those of months gone by held, one not held, two left unrecorded
 * (overdue); those to come agreed. */
static void demo_partners(struct db *db, const char *office, const int64_t *branches, int n)
{
    int64_t ids[DEMO_ORGS];
    if (n < 4) {
        return;
    }
    demo_partner_orgs(db, office, branches, ids);
    demo_joint_activities(db, office, branches, ids);
}

/* ---- 两优一先 (h4) ---- */
#include "yinhui/excellence.h"
#include "yinhui/excellence_db.h"

/* A round of office for year at level with quotas {member, worker, org} and send_up. */
static void exc_demo_round(struct db *db, const char *office, int year, const char *level, const int64_t q[3],
                           const int64_t up[3])
{
    struct exc_round x = {.year = year, .notice_days = 5};
    int64_t id = 0;
    snprintf(x.office, sizeof(x.office), "%s", office);
    snprintf(x.level, sizeof(x.level), "%s", level);
    x.quota_member = q[0], x.quota_worker = q[1], x.quota_org = q[2];
    x.send_member = up[0], x.send_worker = up[1], x.send_org = up[2];
    enum yh_err err = exc_db_round_insert(db, &x, "seed", &id);
    if (err != YH_OK) {
        die("excellence round", err);
    }
}

/* A nomination of a member (or branch) of office as it stood when nominated: the facts
 * the service records (posts, organisational life and dues of the year before). */
static int64_t exc_demo_nominate(struct db *db, const char *office, int year, const char *kind,
                                 int64_t member, int64_t branch, const char *deeds)
{
    struct exc_member_facts f = {0};
    char today[11];
    int64_t id = 0;
    today_cn(today);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "as_of", today);
    if (member && exc_db_member_facts(db, office, member, year - 1, &f) == YH_OK) {
        cJSON *posts = cJSON_AddObjectToObject(j, "posts");
        cJSON_AddNumberToObject(posts, "count", (double)f.posts);
        cJSON_AddStringToObject(posts, "roles", f.roles);
        cJSON *life = cJSON_AddObjectToObject(j, "org_life");
        cJSON_AddNumberToObject(life, "year", year - 1);
        cJSON_AddNumberToObject(life, "attended", (double)f.attended);
        cJSON_AddNumberToObject(life, "recorded", (double)f.recorded);
        cJSON *dues = cJSON_AddObjectToObject(j, "dues");
        cJSON_AddNumberToObject(dues, "year", year - 1);
        cJSON_AddNumberToObject(dues, "months_paid", (double)f.dues_paid);
    }
    char *record = cJSON_PrintUnformatted(j);
    struct exc_nom_new x = {.year = year,
                            .member_id = member,
                            .branch_id = branch,
                            .deeds = deeds,
                            .record = record ? record : "{}"};
    snprintf(x.office, sizeof(x.office), "%s", office);
    snprintf(x.kind, sizeof(x.kind), "%s", kind);
    snprintf(x.nominated_by, sizeof(x.nominated_by), "office");
    enum yh_err err = exc_db_nom_insert(db, &x, "seed", &id);
    if (err == YH_OK) {
        err = exc_db_step(db, id, "nominated", "county", office, "seed", NULL);
    }
    cJSON_Delete(j);
    free(record);
    if (err != YH_OK) {
        die("excellence nomination", err);
    }
    return id;
}

/* Sets nomination id's notice to from..until (calendar days from today: the notice
 * counts working days from there) and, when named is set, names it at stage with the
 * honour in office (prefecture and province honours too are the nominee's office's). */
static void exc_demo_notice(struct db *db, const char *office, int64_t id, const char *from,
                            const char *stage)
{
    char first[11], last[11];
    exc_notice_first(from, first);
    exc_notice_last(first, 5, last);
    struct db_param p[] = {P_STR(first), P_STR(last), P_I64(id)};
    exec_or_die(db, "UPDATE excellence_nominations SET notice_from = ?, notice_until = ? WHERE id = ?", p, 3);
    if (exc_db_step(db, id, "notice", stage, office, "seed", NULL) != YH_OK) {
        die("excellence notice", YH_ERR_INTERNAL);
    }
}

/* The nomination's version now (the service's decisions are compare-and-set on it). */
static int64_t exc_demo_version(struct db *db, int64_t id)
{
    int64_t v = 0;
    struct db_param p[] = {P_I64(id)};
    if (db_int(db, "SELECT version FROM excellence_nominations WHERE id = ?", p, 1, 0, &v) != YH_OK) {
        die("excellence version", YH_ERR_INTERNAL);
    }
    return v;
}

/* Names nomination id at stage without writing an honour (last year's honours are
 * demo_honours' rows). */
static void exc_demo_nom_named(struct db *db, const char *office, int64_t id, const char *stage)
{
    enum yh_err err = exc_db_nom_decide(db, id, exc_demo_version(db, id), stage, "named", stage);
    if (err == YH_OK) {
        err = exc_db_step(db, id, "name", stage, office, "seed", NULL);
    }
    if (err != YH_OK) {
        die("excellence naming", err);
    }
}

/* Names nomination id at stage by decider, writing the honour in the nominee's office. */
static void exc_demo_name(struct db *db, const char *office, const char *decider, int64_t id, int year,
                          const char *kind, int64_t member, int64_t branch, const char *stage)
{
    struct honour h = {.year = year, .member_id = member, .branch_id = branch};
    int64_t hid = 0;
    snprintf(h.kind, sizeof(h.kind), "%s", exc_honour_kind(kind));
    snprintf(h.title, sizeof(h.title), "%s", exc_honour_title(kind));
    snprintf(h.level, sizeof(h.level), "%s", stage);
    enum yh_err err = exc_db_nom_decide(db, id, exc_demo_version(db, id), stage, "named", stage);
    if (err == YH_OK) {
        err = exc_db_step(db, id, "name", stage, decider, "seed", NULL);
    }
    if (err == YH_OK) {
        err = honours_db_insert(db, office, &h, "seed", &hid);
    }
    if (err != YH_OK) {
        die("excellence naming", err);
    }
}

/* Sends nomination id (named at stage) up to the next stage. */
static void exc_demo_send_up(struct db *db, const char *office, int64_t id, const char *stage,
                             const char *next)
{
    enum yh_err err = exc_db_nom_decide(db, id, exc_demo_version(db, id), next, "pending", NULL);
    if (err == YH_OK) {
        err = exc_db_step(db, id, "nominate", stage, office, "seed", "推荐参评上一级两优一先");
    }
    if (err != YH_OK) {
        die("excellence send up", err);
    }
}

/* Members of office picked by id % 101 = rem (active, with a branch, neither probationary
 * nor under 留党察看: excellence_rules.c's rule), up to n, into ids. */
static int exc_demo_members(struct db *db, const char *office, int rem, int64_t *ids, int n)
{
    struct db_rows rows;
    char today[11];
    today_cn(today);
    struct db_param p[] = {P_STR(office), P_STR(today), P_STR(today), P_I64(rem), P_I64(n)};
    if (db_exec(db,
                "SELECT id FROM members WHERE office_code = ? AND status = 'active' AND branch_id IS NOT "
                "NULL AND category <> 'in_service' AND " STANDING_SQL_MAY_VOTE(
                    "members") " AND id % 101 = ? ORDER BY id LIMIT ?",
                p, 5, &rows, NULL, NULL) != YH_OK) {
        die("excellence members", YH_ERR_INTERNAL);
    }
    int got = (int)rows.nrows;
    for (int i = 0; i < got; i++) {
        ids[i] = db_i64(&rows, (size_t)i, 0);
    }
    db_rows_free(&rows);
    return got;
}

/* Last year's finished round: the county named the members and branches demo_honours
 * honoured (their honours are those rows), one member went on to be named by 532800. */
static void exc_demo_last_year(struct db *db, const char *office, const int64_t *branches, int n, int y)
{
    int64_t ids[13], q[3] = {10, 3, 2}, up[3] = {2, 1, 1}, qp[3] = {6, 2, 2};
    char from[11];
    snprintf(from, sizeof(from), "%04u-06-01", (unsigned)y % 10000u);
    exc_demo_round(db, office, y, "county", q, (const int64_t[3]){0, 0, 0});
    exc_demo_round(db, "532800", y, "prefecture", qp, up);
    int got = exc_demo_members(db, office, 0, ids, 13);
    for (int i = 0; i < got; i++) {
        const char *kind = i >= 10 ? "excellent_worker" : "excellent_member";
        int64_t id =
            exc_demo_nominate(db, office, y, kind, ids[i], 0, "长期坚持参加组织生活，热心为群众办实事");
        exc_demo_notice(db, office, id, from, "county");
        exc_demo_nom_named(db, office, id, "county");
        if (i == 0) {
            char pfrom[11];
            snprintf(pfrom, sizeof(pfrom), "%04u-06-15", (unsigned)y % 10000u);
            exc_demo_send_up(db, office, id, "county", "prefecture");
            exc_demo_notice(db, "532800", id, pfrom, "prefecture");
            exc_demo_name(db, office, "532800", id, y, kind, ids[i], 0, "prefecture");
        }
    }
    for (int i = 0; i < n && i < 2; i++) {
        int64_t id = exc_demo_nominate(db, office, y, "advanced_org", 0, branches[i * 5],
                                       "阵地建设六有，组织生活规范");
        exc_demo_notice(db, office, id, from, "county");
        exc_demo_nom_named(db, office, id, "county");
    }
}

/* An objection (sealed) to county nomination id received on. */
static void exc_demo_objection(const struct config *cfg, struct db *db, const char *office, int64_t id,
                               const char *on)
{
    struct exc_objection o = {.nomination_id = id};
    snprintf(o.office, sizeof(o.office), "%s", office);
    snprintf(o.stage, sizeof(o.stage), "county");
    snprintf(o.received_on, sizeof(o.received_on), "%s", on);
    snprintf(o.created_by, sizeof(o.created_by), "seed");
    int64_t oid = 0;
    if (pii_seal_into(cfg, "群众来电反映该同志曾在小区停车纠纷中言语过激，请核实", o.text_enc,
                      sizeof(o.text_enc), &o.text_enc_len) != 0 ||
        exc_db_objection_insert(db, &o, &oid) != YH_OK ||
        exc_db_step(db, id, "objection", "county", office, "seed", NULL) != YH_OK) {
        die("excellence objection", YH_ERR_INTERNAL);
    }
}

/* This year's round in progress: 532801 named two members and a branch at county level
 * and sent the members up to 532800 (pending there, its notice to come); one member is
 * in notice with an objection open (sealed); a branch secretary waits for the notice. */
static void exc_demo_this_year(const struct config *cfg, struct db *db, const char *office,
                               const int64_t *branches, int n, int y)
{
    int64_t ids[3], q[3] = {8, 3, 2}, up[3] = {3, 1, 1}, qp[3] = {5, 2, 2}, id;
    char today[11], past[11], from[11];
    today_cn(today);
    exc_demo_round(db, office, y, "county", q, (const int64_t[3]){0, 0, 0});
    exc_demo_round(db, "532800", y, "prefecture", qp, up);
    /* the county's notice ran three weeks ago; the current one started two days ago */
    struct db_rows rows;
    if (db_exec(db,
                "SELECT DATE_FORMAT(DATE(?) - INTERVAL 21 DAY, '%Y-%m-%d'), DATE_FORMAT(DATE(?) - INTERVAL 2 "
                "DAY, "
                "'%Y-%m-%d')",
                (struct db_param[]){P_STR(today), P_STR(today)}, 2, &rows, NULL, NULL) != YH_OK) {
        die("excellence dates", YH_ERR_INTERNAL);
    }
    snprintf(past, sizeof(past), "%s", db_str(&rows, 0, 0));
    snprintf(from, sizeof(from), "%s", db_str(&rows, 0, 1));
    db_rows_free(&rows);
    int got = exc_demo_members(db, office, 50, ids, 3);
    for (int i = 0; i < got; i++) {
        id = exc_demo_nominate(db, office, y, "excellent_member", ids[i], 0,
                               i < 2 ? "坚持送学上门十余年，带动支部党员结对帮扶" : "热心社区志愿服务");
        exc_demo_notice(db, office, id, i < 2 ? past : from, "county");
        if (i < 2) {
            exc_demo_name(db, office, office, id, y, "excellent_member", ids[i], 0, "county");
            exc_demo_send_up(db, office, id, "county", "prefecture");
            continue;
        }
        exc_demo_objection(cfg, db, office, id, from);
    }
    if (n > 3) {
        id = exc_demo_nominate(db, office, y, "advanced_org", 0, branches[3], "三会一课规范，结对帮扶全覆盖");
        exc_demo_notice(db, office, id, past, "county");
        exc_demo_name(db, office, office, id, y, "advanced_org", 0, branches[3], "county");
    }
    struct db_param po[] = {P_STR(office), P_STR(today), P_STR(today)};
    if (db_exec(
            db,
            "SELECT c.member_id FROM branch_committee c JOIN members m ON m.id = c.member_id WHERE "
            "m.office_code = ? AND m.status = 'active' AND c.role = 'secretary' AND " STANDING_SQL_MAY_VOTE(
                "m") " ORDER BY c.member_id LIMIT 1",
            po, 3, &rows, NULL, NULL) == YH_OK &&
        rows.nrows == 1) {
        exc_demo_nominate(db, office, y, "excellent_worker", db_i64(&rows, 0, 0), 0,
                          "担任支部书记八年，支部连续被评为示范党支部");
    }
    db_rows_free(&rows);
}

/* 两优一先 in the demo county: last year's finished round and this year's in progress. */
static void demo_excellence(const struct config *cfg, struct db *db, const char *office,
                            const int64_t *branches, int n)
{
    int y = year_cn();
    exc_demo_last_year(db, office, branches, n, y - 1);
    exc_demo_this_year(cfg, db, office, branches, n, y);
}

/* ---- venues (h5): two venues with a month of bookings around today ---- */
#include "yinhui/access.h"
#include "yinhui/venues.h"

/* The ids of query's rows (one id column, office as its one parameter), at most max. */
static int demo_venue_ids(struct db *db, const char *sql, const char *office, int64_t *ids, int max)
{
    struct db_rows rows;
    struct db_param p[] = {P_STR(office)};
    int n = 0;
    if (db_exec(db, sql, p, 1, &rows, NULL, NULL) != YH_OK) {
        die("venue bookers", YH_ERR_INTERNAL);
    }
    for (size_t i = 0; i < rows.nrows && n < max; i++) {
        ids[n++] = db_i64(&rows, i, 0);
    }
    db_rows_free(&rows);
    return n;
}

/* A venue of office with its rooms (names and capacities); the room ids into rooms. */
static int64_t demo_venue(struct db *db, const char *office, const struct venue *v, const char *const *names,
                          const int *caps, int n, int64_t *rooms)
{
    int64_t id = 0;
    enum yh_err err = venues_db_insert(db, office, v, &id);
    for (int i = 0; err == YH_OK && i < n; i++) {
        struct room rm = {.venue_id = id, .capacity = caps[i], .active = true};
        snprintf(rm.name, sizeof(rm.name), "%s", names[i]);
        snprintf(rm.facilities, sizeof(rm.facilities), "%s", i == 0 ? "投影仪,音响,话筒" : "桌椅,空调");
        err = rooms_db_insert(db, office, &rm, &rooms[i]);
    }
    if (err != YH_OK) {
        die("venue", err);
    }
    return id;
}

/* Booking c of the month: its booker by turns (branches, a team, an association when the
 * office has any, the office itself). */
static void demo_booker(struct booking *b, int c, const int64_t *branches, int n, const int64_t *teams,
                        int nt, const int64_t *assocs, int na)
{
    int turn = c % 5;
    snprintf(b->booker_kind, sizeof(b->booker_kind), "branch");
    b->booker_id = branches[c % n];
    if (turn == 2 && nt > 0) {
        snprintf(b->booker_kind, sizeof(b->booker_kind), "team");
        b->booker_id = teams[c % nt];
    } else if (turn == 3 && na > 0) {
        snprintf(b->booker_kind, sizeof(b->booker_kind), "association");
        b->booker_id = assocs[c % na];
    } else if (turn == 4) {
        snprintf(b->booker_kind, sizeof(b->booker_kind), "office");
        b->booker_id = 0;
    }
}

/* One booking of room (in venue) on day from..to by turn c: past ones served people,
 * one in seventeen cancelled. */
static void demo_book(struct db *db, const char *office, int64_t venue, int64_t room, int cap,
                      const char *day, const char *slot, int c, const struct booking *who, bool past)
{
    static const char *const purposes[] = {"主题党日活动", "三会一课",   "书画交流",     "合唱排练",
                                           "健康讲座",     "读书分享会", "志愿服务培训", "诗词楹联创作"};
    struct booking b = *who;
    int64_t id = 0;
    b.room_id = room;
    b.venue_id = venue;
    snprintf(b.starts_at, sizeof(b.starts_at), "%.10s %.5s:00", day, slot);
    snprintf(b.ends_at, sizeof(b.ends_at), "%.10s %.5s:00", day, slot + 6);
    snprintf(b.purpose, sizeof(b.purpose), "%s", purposes[c % 8]);
    b.expected_people = cap / 2 + c % 10;
    enum yh_err err = bookings_db_insert(db, office, &b, "seed", &id);
    if (err == YH_OK && c % 17 == 0) {
        err = bookings_db_cancel(db, office, id, "天气原因改期", 1);
    } else if (err == YH_OK && past) {
        err = bookings_db_served(db, office, id, b.expected_people - c % 6, 1);
    }
    if (err != YH_OK) {
        die("booking", err);
    }
}

/* The county's activity centre (seed 003: a 3,000 m² building) with five rooms and its
 * first branch's room (seed 004: 六有, two items still missing), each booked over the
 * fifteen days before and after today by branches, teams, associations and the office. */
static void demo_venues(struct db *db, const char *office, const int64_t *branches, int n)
{
    static const char *const centre_rooms[] = {"多功能厅", "党员活动室", "书画室", "阅览室", "乒乓球室"};
    static const int centre_caps[] = {200, 40, 30, 50, 20};
    static const char *const slots[] = {"09:00-11:00", "14:30-16:30", "19:00-20:30"};
    static const char *const room_name[] = {"活动室"};
    static const int room_cap[] = {30};
    struct venue centre = {
        .kind = "activity_centre", .area_m2 = 3000, .six = {1, 1, 1, 1, 1, 1}, .active = true};
    struct venue room = {.kind = "branch_room", .area_m2 = 60, .six = {1, 1, 1, 1, 0, 0}, .active = true};
    int64_t rooms[6], teams[12], assocs[24];
    snprintf(centre.name, sizeof(centre.name), "老干部活动中心");
    snprintf(centre.address, sizeof(centre.address), "景洪市勐泐大道老干部活动中心");
    snprintf(centre.opening_hours, sizeof(centre.opening_hours), "%s",
             "08:00-21:00,08:00-21:00,08:00-21:00,08:00-21:00,08:00-21:00,08:00-21:00,08:30-18:00");
    snprintf(room.name, sizeof(room.name), "第一党支部活动室");
    snprintf(room.opening_hours, sizeof(room.opening_hours), "%s",
             "09:00-17:00,09:00-17:00,09:00-17:00,09:00-17:00,09:00-17:00,,");
    int64_t cv = demo_venue(db, office, &centre, centre_rooms, centre_caps, 5, rooms);
    int64_t rv = demo_venue(db, office, &room, room_name, room_cap, 1, rooms + 5);
    int nt =
        demo_venue_ids(db, "SELECT id FROM volunteer_teams WHERE office_code = ? AND active = 1 ORDER BY id",
                       office, teams, 12);
    int na = demo_venue_ids(db,
                            "SELECT id FROM organisations WHERE office_code = ? AND kind = 'association' AND "
                            "active = 1 ORDER BY id",
                            office, assocs, 24);
    int c = 0;
    for (int k = -15; k <= 15; k++) {
        char day[20], now[20];
        time_cn(now_s() + (int64_t)k * 86400, day);
        time_cn(now_s(), now);
        day[10] = '\0';
        int wd = venue_weekday(day);
        for (int r = 0; r < 6; r++) {
            for (int s = 0; s < 3; s++) {
                /* the branch room: one booking a weekday, by its own branch; the centre
                 * closes at 18:00 on Sundays; some slots stay free */
                bool open = r < 5 ? !(wd == 6 && s == 2) : (wd < 5 && s == 1);
                if (!open || (r < 5 && (k * 3 + r * 7 + s) % 4 == 0)) {
                    continue;
                }
                struct booking who = {0};
                demo_booker(&who, c, branches, n, teams, nt, assocs, na);
                if (r == 5) {
                    snprintf(who.booker_kind, sizeof(who.booker_kind), "branch");
                    who.booker_id = branches[0];
                }
                demo_book(db, office, r < 5 ? cv : rv, rooms[r], r < 5 ? centre_caps[r] : room_cap[0], day,
                          slots[s], c++, &who, strcmp(day, now) < 0);
            }
        }
    }
}
/* ---- h2: members living in Kunming, the branch run there, the grant, 混编 ---- */

/* The relocated retirees living in Kunming (generated in 530102; not the others, such as
 * the one demo_transfers brings back from 勐海) take part in a branch the county runs in
 * Kunming (seed 004: 党(工)委 in Kunming for the members living there; their
 * 组织关系 stays in their branches at home, so it is a functional branch founded today,
 * held to no period yet); two in three consented to the Kunming office (四就近), which
 * the county granted; 18 of the 30 retirees without a branch here are managed with an
 * in-service unit's branch (混编, seed 002). */
static void demo_relocated(struct db *db, const char *office)
{
    char today[11];
    int64_t parent = 0; /* under the county's committee, as the other functional branches */
    struct db_param top[] = {P_STR(office)};
    if (db_int(db,
               "SELECT id FROM branches WHERE office_code = ? AND level = 'committee' ORDER BY id LIMIT 1",
               top, 1, 0, &parent) != YH_OK) {
        die("committee", YH_ERR_INTERNAL);
    }
    today_cn(today);
    int64_t km = insert_branch(db, office, "景洪市驻昆明离退休干部党支部", "branch", "functional",
                               "community", "昆明市五华区", parent, NULL, 0);
    struct db_param loc[] = {P_STR(today), P_I64(km)};
    exec_or_die(db, "UPDATE branches SET location_code = '530102', founded_on = ? WHERE id = ?", loc, 2);
    struct db_param part[] = {P_I64(km), P_STR(today), P_STR(office)};
    exec_or_die(
        db,
        "INSERT INTO memberships (office_code, member_id, branch_id, kind, started_on) SELECT office_code, "
        "id, "
        "?, 'participating', ? FROM members WHERE office_code = ? AND relocated = 1 AND status = 'active' "
        "AND category <> 'in_service' AND residence_code LIKE '5301%'",
        part, 3);
    struct db_param consent[] = {P_STR(today), P_STR(office)};
    exec_or_die(db,
                "UPDATE members SET nearby_consent = 1, nearby_consent_on = ? WHERE office_code = ? AND "
                "relocated = 1 "
                "AND residence_code LIKE '5301%' AND status = 'active' AND id % 3 <> 0",
                consent, 2);
    struct db_param grant[] = {P_STR(office)};
    exec_or_die(
        db,
        "INSERT INTO relocation_grants (office_code, host_office, granted_by) VALUES (?, '530100', 'seed')",
        grant, 1);
    struct db_param mixed[] = {P_STR(office)};
    exec_or_die(
        db,
        "UPDATE members m JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) rn FROM members WHERE office_code "
        "= ? "
        "AND branch_id IS NULL AND status = 'active' AND category <> 'in_service') x ON x.id = m.id SET "
        "m.managed_with_unit = ELT(1 + x.rn % 4, '景洪市人民医院', '景洪市供电局', '西双版纳州农垦局', "
        "'景洪市第一中学'), m.managed_with_branch = ELT(1 + x.rn % 4, '医院离退休党支部', "
        "'供电局机关第二党支部', '农垦局离退休干部党支部', '一中退休教师党支部') WHERE x.rn <= 18",
        mixed, 1);
}

/* ---- h3: guides and contact points (党建指导员, 联系点) ---- */
#include "yinhui/guides.h"

/* A staff account of office for a demo guide; its id. The demo guides sign in with the
 * admin's demo password (its hash copied: one Argon2 hash less per seed). */
static int64_t demo_guide_account(struct db *db, const char *office, const char *user, const char *name)
{
    static const char sql[] =
        "INSERT INTO accounts (office_code, username, display_name, role, password_hash) "
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
    static const char sql[] =
        "INSERT INTO guide_contacts (office_code, branch_id, account_id, kind, contact_on, "
        "summary_enc, problem_enc, problem_state, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "CONCAT('account:', ?))";
    struct buf s = {0}, pr = {0};
    if (pii_seal(cfg, summary, &s) != 0 || (problem && pii_seal(cfg, problem, &pr) != 0)) {
        die("guide contact seal", YH_ERR_INTERNAL);
    }
    struct db_param p[] = {P_STR(office),
                           P_I64(branch),
                           P_I64(guide),
                           P_STR(kind),
                           P_STR(on),
                           P_BLOB(s.data, s.len),
                           problem ? P_BLOB(pr.data, pr.len) : P_NULL,
                           P_STR(problem ? "open" : "none"),
                           P_I64(guide)};
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
    static const char *const texts[] = {
        "参加支部主题党日，了解组织生活开展情况。", "列席支委会，指导换届准备工作。",
        "电话了解支部近况，提醒按时交纳党费。", "为支部讲党课：学习党的二十大精神。",
        "走访支部，看望两位行动不便的老党员。"};
    static const char touch[] =
        "UPDATE branch_guides SET last_contact_on = ? WHERE office_code = ? AND branch_id = ? "
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
static void demo_guide_link(struct db *db, const char *office, int64_t branch, int64_t guide,
                            const char *role, long start)
{
    static const char sql[] =
        "INSERT INTO branch_guides (office_code, branch_id, account_id, role, started_on, "
        "created_by) VALUES (?, ?, ?, ?, ?, 'demo')";
    char today[11], on[11];
    today_cn(today);
    guide_overdue_cutoff(today, start, on);
    struct db_param p[] = {P_STR(office), P_I64(branch), P_I64(guide), P_STR(role), P_STR(on)};
    exec_or_die(db, sql, p, 5);
}

/* The leaders each take two demonstration branches (of rows: id, is demonstration) as
 * contact points, with four months of contacts. */
static void demo_guide_leaders(const struct config *cfg, struct db *db, const char *office,
                               const struct db_rows *rows)
{
    int64_t lead[2];
    lead[0] = demo_guide_account(db, office, "leader1", "杨光（局长）");
    lead[1] = demo_guide_account(db, office, "leader2", "陈静（副局长）");
    for (size_t i = 0, taken = 0; i < rows->nrows && taken < 4; i++) {
        if (db_i64(rows, i, 1)) {
            demo_guide_link(db, office, db_i64(rows, i, 0), lead[taken / 2], "contact_point", 120);
            demo_guide_contacts(cfg, db, office, db_i64(rows, i, 0), lead[taken / 2], (int)taken, 120);
            taken++;
        }
    }
}

/* Eight guides linked to 6-10 branches each (the last a 书记工作室), the last three
 * branches left without a guide. */
static void demo_guide_staff(const struct config *cfg, struct db *db, const char *office,
                             const struct db_rows *rows)
{
    static const char *const names[] = {"李明华", "张丽",   "王建国", "刀玉香",
                                        "岩温",   "赵志强", "杨晓梅", "普建华"};
    static const int sizes[] = {10, 9, 8, 10, 9, 8, 7, 6};
    char user[32];
    size_t b = 0;
    for (int g = 0; g < 8 && b + 3 < rows->nrows; g++) {
        snprintf(user, sizeof(user), "guide%d", g + 1);
        int64_t id = demo_guide_account(db, office, user, names[g]);
        for (int k = 0; k < sizes[g] && b + 3 < rows->nrows; k++, b++) {
            long start = 100 + (long)(b % 30);
            demo_guide_link(db, office, db_i64(rows, b, 0), id, g == 7 ? "studio" : "guide", start);
            demo_guide_contacts(cfg, db, office, db_i64(rows, b, 0), id, (int)b, start);
        }
    }
}

/* A guide of branch who found three problems: two open, one followed up and resolved. */
static void demo_guide_problems(const struct config *cfg, struct db *db, const char *office, int64_t branch)
{
    static const char resolve[] =
        "UPDATE guide_contacts SET problem_state = 'resolved', resolved_on = ?, version = version + 1 WHERE "
        "office_code = ? AND account_id = ? AND kind = 'visit' AND problem_state = 'open' ORDER BY id DESC "
        "LIMIT 1";
    static const char follow[] =
        "INSERT INTO guide_follow_ups (office_code, contact_id, note_enc, resolved, followed_on, created_by) "
        "SELECT "
        "office_code, id, ?, 1, ?, 'demo' FROM guide_contacts WHERE office_code = ? AND account_id = ? AND "
        "problem_state = 'resolved'";
    static const char touch[] =
        "UPDATE branch_guides SET last_contact_on = ? WHERE office_code = ? AND account_id = ?";
    char today[11], on[11];
    today_cn(today);
    guide_overdue_cutoff(today, 2, on);
    int64_t g1 = demo_guide_account(db, office, "guide9", "罗文");
    demo_guide_link(db, office, branch, g1, "guide", 60);
    demo_guide_contact(cfg, db, office, branch, g1, "visit", on, "走访支部活动室。",
                       "活动室屋顶漏雨，雨季无法开展活动，需协调维修。");
    demo_guide_contact(cfg, db, office, branch, g1, "call", today, "电话联系支部书记。",
                       "支部书记年事已高，换届人选尚未物色。");
    demo_guide_contact(cfg, db, office, branch, g1, "visit", on, "看望支部老党员。",
                       "一位老党员独居，子女在外地，需要结对帮扶。");
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
}

/* Seed 000: staff each linked to 5-10 branches, the leaders each taking two demonstration
 * branches as contact points; four months of contacts, some pairs overdue, the last three
 * branches without a guide, two open problems and one followed up and resolved. */
static void demo_guides(const struct config *cfg, struct db *db, const char *office)
{
    struct db_rows rows;
    struct db_param p[] = {P_STR(office)};
    if (db_exec(
            db,
            "SELECT id, demo_level IS NOT NULL FROM branches WHERE office_code = ? AND level = 'branch' AND "
            "dissolved_on IS NULL ORDER BY id",
            p, 1, &rows, NULL, NULL) != YH_OK) {
        die("guide branches", YH_ERR_INTERNAL);
    }
    demo_guide_leaders(cfg, db, office, &rows);
    demo_guide_staff(cfg, db, office, &rows);
    demo_guide_problems(cfg, db, office, db_i64(&rows, 0, 0));
    db_rows_free(&rows);
}

/* ---- h1: transfers (组织关系转接) ---- */

#include "yinhui/access.h"
#include "yinhui/transfers.h"

/* The China date days ago into out. */
static void demo_day(int days, char out[11])
{
    char at[20];
    time_cn(now_s() - (int64_t)days * 86400, at);
    snprintf(out, 11, "%.10s", at);
}

/* A retired member of office (with a 532822-born ID number of sequence seq) in branch,
 * sealed as the service seals it; its id. */
static int64_t demo_transfer_member(const struct config *cfg, struct db *db, const char *office,
                                    int64_t branch, unsigned seq, const char *name)
{
    struct member *m = calloc(1, sizeof(*m));
    struct member_plain p = {.id_set = true, .phone_set = true, .address_set = true, .health_set = true};
    char ymd[9];
    int64_t id = 0, ms = 0;
    if (m == NULL) {
        die("alloc", YH_ERR_INTERNAL);
    }
    snprintf(ymd, sizeof(ymd), "19%02u%02u%02u", 36 + seq, 3 + seq, 10 + seq);
    idno(p.id_number, "532822", ymd, 700 + seq, seq % 2 == 1);
    snprintf(m->office, sizeof(m->office), "%s", office);
    snprintf(m->name, sizeof(m->name), "%s", name);
    snprintf(m->gender, sizeof(m->gender), "%s", seq % 2 == 1 ? "female" : "male");
    snprintf(m->birth_date, sizeof(m->birth_date), "%.4s-%.2s-%.2s", ymd, ymd + 4, ymd + 6);
    snprintf(p.phone, sizeof(p.phone), "1398822%04u", 100 + seq);
    snprintf(p.address, sizeof(p.address), "勐海县象山镇佛双路%u号", 10 + seq);
    snprintf(p.health, sizeof(p.health), "able");
    snprintf(m->residence_code, sizeof(m->residence_code), "532822");
    snprintf(m->joined_on, sizeof(m->joined_on), "19%02u-07-01", 60 + seq);
    standing_full_member_estimate(m->joined_on, m->full_member_on);
    m->full_member_estimated = true;
    snprintf(m->category, sizeof(m->category), "retired");
    snprintf(m->work_unit, sizeof(m->work_unit), "勐海县茶厂");
    if (member_seal(cfg, m, &p) != 0) {
        die("seal", YH_ERR_INTERNAL);
    }
    enum yh_err err = members_db_insert(db, m, &id);
    if (err == YH_OK) {
        err = memberships_db_move_primary(db, office, id, branch, m->joined_on, &ms);
    }
    free(m);
    if (err != YH_OK) {
        die("transfer demo member", err);
    }
    return id;
}

/* Starts the transfer of member mid from office from to office to (to_branch: within an
 * office) started_ago days ago and, when accept_into is a branch, accepts it there
 * accepted_ago days ago, moving the record as the API does (transfer_accept_move). */
static void demo_transfer(const struct config *cfg, struct db *db, const char *from, const char *to,
                          int64_t mid, int64_t to_branch, const char *reason, const char *letter,
                          int started_ago, int64_t accept_into, int accepted_ago)
{
    struct transfer *t = calloc(1, sizeof(*t));
    struct member *m = calloc(1, sizeof(*m));
    char on[11], by[96], msg[240] = "";
    int64_t new_id = 0;
    if (t == NULL || m == NULL) {
        die("alloc", YH_ERR_INTERNAL);
    }
    enum yh_err err = members_db_get(db, from, mid, m);
    snprintf(t->from_office, sizeof(t->from_office), "%s", from);
    snprintf(t->to_office, sizeof(t->to_office), "%s", to);
    t->member_id = mid;
    t->from_branch_id = m->branch_id;
    t->to_branch_id = to_branch;
    snprintf(t->reason, sizeof(t->reason), "%s", reason);
    snprintf(t->letter_no, sizeof(t->letter_no), "%s", letter);
    snprintf(t->started_by, sizeof(t->started_by), "%s/account:admin", from);
    demo_day(started_ago, t->started_on);
    err = err == YH_OK ? transfers_db_insert(db, t, 0, &t->id) : err;
    if (err == YH_OK && accept_into != 0) {
        demo_day(accepted_ago, on);
        snprintf(by, sizeof(by), "%s/account:admin", to);
        err = transfers_db_office_name(db, to, t->to_office_name, sizeof(t->to_office_name));
        err =
            err == YH_OK ? transfer_accept_move(db, cfg, t, accept_into, on, &new_id, msg, sizeof(msg)) : err;
        err = err == YH_OK ? transfers_db_decide(db, t->id, 1, "accepted", by, on, new_id, accept_into, NULL)
                           : err;
    }
    free(t);
    free(m);
    if (err != YH_OK) {
        fprintf(stderr, "%s\n", msg);
        die("transfer demo", err);
    }
}

/* Active retired members of office with a primary branch, in neither of the branches skip
 * (the demo accounts' branch, the within-office transfer's target) nor on a committee: the
 * first n ids into ids. */
static void demo_transfer_candidates(struct db *db, const char *office, const int64_t skip[2], int64_t *ids,
                                     int n)
{
    static const char sql[] =
        "SELECT id FROM members m WHERE office_code = ? AND status = 'active' AND category = 'retired' AND "
        "branch_id IS NOT NULL AND branch_id NOT IN (?, ?) AND NOT EXISTS (SELECT 1 FROM branch_committee c "
        "WHERE "
        "c.member_id = m.id) ORDER BY id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(skip[0]), P_I64(skip[1]), P_I64(n)};
    struct db_rows rows;
    if (db_exec(db, sql, p, 4, &rows, NULL, NULL) != YH_OK || rows.nrows < (size_t)n) {
        die("transfer candidates", YH_ERR_INTERNAL);
    }
    for (int i = 0; i < n; i++) {
        ids[i] = db_i64(&rows, (size_t)i, 0);
    }
    db_rows_free(&rows);
}

/* 景洪 (the demo county) and 勐海: one transfer 景洪 → 勐海 pending and one accepted, one
 * 勐海 → 景洪 accepted (勐海 gets a branch and two members first), and one accepted between
 * two of 景洪's regular branches. */
static void demo_transfers(const struct config *cfg, struct db *db, const char *office,
                           const int64_t *branches, int n)
{
    static const char mh[] = "532822";
    int64_t ids[3];
    if (n < 4) {
        return;
    }
    int64_t mh_branch = insert_branch(db, mh, "勐海县老干部局离退休干部党支部", "branch", "regular",
                                      "community", "勐海县老干部活动中心", 0, NULL, 0);
    int64_t back = demo_transfer_member(cfg, db, mh, mh_branch, 1, "玉罕叫");
    demo_transfer_member(cfg, db, mh, mh_branch, 2, "岩温扁");
    const int64_t skip[2] = {branches[0], branches[3]};
    demo_transfer_candidates(db, office, skip, ids, 3);
    demo_transfer(cfg, db, office, mh, ids[0], 0, "随子女迁居勐海县", "景老干转字〔2026〕12号", 3, 0, 0);
    demo_transfer(cfg, db, office, mh, ids[1], 0, "回原籍勐海县定居", "景老干转字〔2026〕9号", 20, mh_branch,
                  12);
    demo_transfer(cfg, db, mh, office, back, 0, "到景洪市随女儿生活", "勐老干转字〔2026〕4号", 15,
                  branches[1], 8);
    demo_transfer(cfg, db, office, office, ids[2], branches[3], "搬迁至新小区，就近参加组织生活", "", 30,
                  branches[3], 28);
}

static void demo_across(const struct config *cfg, struct db *db, const char *office, const int64_t *branches,
                        int n)
{
    demo_transfers(cfg, db, office, branches, n);  /* transfers each way and within (h1) */
    demo_relocated(db, office);                    /* members living elsewhere, 混编 (h2) */
    demo_guides(cfg, db, office);                  /* guides and contact points (h3) */
    demo_partners(db, office, branches, n);        /* associations and partners (h6) */
    demo_excellence(cfg, db, office, branches, n); /* 两优一先 (h4) */
    demo_venues(db, office, branches, n); /* venues (h5): last, after the organisations it may book for */
}
