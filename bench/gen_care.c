/* The demo county's day-to-day care (issue 14): urgent help, hospital stays, deaths and
 * aftercare, political treatment. Included by gen.c; each part adds its own function here
 * and one call in demo_daily_care. */

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
    demo_aftercares(cfg, db, office, branches, n); /* h4 */
}
