/* Demo data of the work across branches and offices (issue 15), included by gen.c:
 * transfers each way, members living in Kunming, a guide per branch, a 两优一先 round
 * in progress, associations and partners, two venues with a month of bookings. One
 * static function per part, each called once from demo_across. */

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

static void demo_across(const struct config *cfg, struct db *db, const char *office, const int64_t *branches, int n)
{
    demo_transfers(cfg, db, office, branches, n); /* h1 */
}
