/* Demo data of the work across branches and offices (issue 15), included by gen.c:
 * transfers each way, members living in Kunming, a guide per branch, a 两优一先 round
 * in progress, associations and partners, two venues with a month of bookings. One
 * static function per part, each called once from demo_across. */

/* ---- associations and partners (h6) ---- */

/* The seed's partners and associations of the demo county: 多联一 (seed 001: the
 * organisation department, the party school, the 直属机关工委, the health and
 * civil-affairs bureaus, each paired with the first regular branch and a joint activity a
 * year), the hospital and the library (seed 002: 雨林银发健康小屋, 雨林银发书屋 and the
 * book drift) paired with other branches, and associations of the centre. This year's
 * joint activities: those of months gone by held, one not held, two left unrecorded
 * (overdue); those to come agreed. */
static void demo_partners(struct db *db, const char *office, const int64_t *branches, int n)
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
    static const char ins_org[] =
        "INSERT INTO organisations (office_code, kind, partner_type, name, contact) VALUES (?, ?, ?, ?, ?)";
    static const char ins_pair[] =
        "INSERT INTO organisation_branches (office_code, organisation_id, branch_id, since, "
        "note, created_by) VALUES (?, ?, ?, ?, ?, 'seed')";
    static const char ins_joint[] =
        "INSERT INTO joint_activities (office_code, organisation_id, year, title, kind, planned_month, "
        "status, "
        "held_on, people_served, reason, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'seed')";
    static const char ins_jb[] =
        "INSERT INTO joint_activity_branches (joint_activity_id, branch_id, office_code) VALUES (?, ?, ?)";
    int64_t ids[ARRAY_LEN(orgs)];
    char today[11], held[11];
    today_cn(today);
    int year = atoi(today), month = atoi(today + 5);
    if (n < 4) {
        return;
    }
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

static void demo_across(const struct config *cfg, struct db *db, const char *office, const int64_t *branches,
                        int n)
{
    (void)cfg;
    demo_partners(db, office, branches, n);
}
