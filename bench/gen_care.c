/* The demo county's day-to-day care (issue 14): urgent help, hospital stays, deaths and
 * aftercare, political treatment. Included by gen.c; each part adds its own function here
 * and one call in demo_daily_care. */

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

static void demo_daily_care(const struct config *cfg, struct db *db, const char *office,
                            const int64_t *branches, int n)
{
    demo_hospital_stays(cfg, db, office);
    (void)branches;
    (void)n;
}
