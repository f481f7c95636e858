/* Demo data of the work across branches and offices (issue 15), included by gen.c:
 * transfers each way, members living in Kunming, a guide per branch, a 两优一先 round
 * in progress, associations and partners, two venues with a month of bookings. One
 * static function per part, each called once from demo_across. */

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

/* Members of office picked by id % 101 = rem (active, with a branch), up to n, into ids. */
static int exc_demo_members(struct db *db, const char *office, int rem, int64_t *ids, int n)
{
    struct db_rows rows;
    struct db_param p[] = {P_STR(office), P_I64(rem), P_I64(n)};
    if (db_exec(db,
                "SELECT id FROM members WHERE office_code = ? AND status = 'active' AND branch_id IS NOT "
                "NULL AND "
                "category <> 'in_service' AND id % 101 = ? ORDER BY id LIMIT ?",
                p, 3, &rows, NULL, NULL) != YH_OK) {
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
        struct exc_objection o = {.nomination_id = id};
        snprintf(o.office, sizeof(o.office), "%s", office);
        snprintf(o.stage, sizeof(o.stage), "county");
        snprintf(o.received_on, sizeof(o.received_on), "%s", from);
        snprintf(o.created_by, sizeof(o.created_by), "seed");
        int64_t oid = 0;
        if (pii_seal_into(cfg, "群众来电反映该同志曾在小区停车纠纷中言语过激，请核实", o.text_enc,
                          sizeof(o.text_enc), &o.text_enc_len) != 0 ||
            exc_db_objection_insert(db, &o, &oid) != YH_OK ||
            exc_db_step(db, id, "objection", "county", office, "seed", NULL) != YH_OK) {
            die("excellence objection", YH_ERR_INTERNAL);
        }
    }
    if (n > 3) {
        id = exc_demo_nominate(db, office, y, "advanced_org", 0, branches[3], "三会一课规范，结对帮扶全覆盖");
        exc_demo_notice(db, office, id, past, "county");
        exc_demo_name(db, office, office, id, y, "advanced_org", 0, branches[3], "county");
    }
    struct db_param po[] = {P_STR(office)};
    if (db_exec(
            db,
            "SELECT c.member_id FROM branch_committee c JOIN members m ON m.id = c.member_id WHERE "
            "m.office_code = ? AND m.status = 'active' AND c.role = 'secretary' ORDER BY c.member_id LIMIT 1",
            po, 1, &rows, NULL, NULL) == YH_OK &&
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

static void demo_across(const struct config *cfg, struct db *db, const char *office, const int64_t *branches,
                        int n)
{
    demo_excellence(cfg, db, office, branches, n); /* 两优一先 (h4) */
}
