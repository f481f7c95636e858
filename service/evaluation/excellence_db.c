/* The store of 两优一先: rounds, nominations with their steps and objections, and the
 * facts a nominee's record is made of. */
#include <stdlib.h>
#include <string.h>

#include "yinhui/excellence_db.h"
#include "yinhui/json_out.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define EXC_DATE(c) "IFNULL(DATE_FORMAT(" c ", '%Y-%m-%d'), '')"
#define CN_TIME(c) "IFNULL(DATE_FORMAT(" c ", '%Y-%m-%d %H:%i:%s'), '')"

const struct fm exc_round_map[] = {
    FM(FM_ID, "id", struct exc_round, id),
    FM(FM_STR, "office", struct exc_round, office),
    FM(FM_INT, "year", struct exc_round, year),
    FM(FM_STR, "level", struct exc_round, level),
    FM(FM_INT, NULL, struct exc_round, quota_member),
    FM(FM_INT, NULL, struct exc_round, quota_worker),
    FM(FM_INT, NULL, struct exc_round, quota_org),
    FM(FM_INT, NULL, struct exc_round, send_member),
    FM(FM_INT, NULL, struct exc_round, send_worker),
    FM(FM_INT, NULL, struct exc_round, send_org),
    FM(FM_INT, "notice_days", struct exc_round, notice_days),
    FM(FM_INT, "version", struct exc_round, version),
    FM(FM_STR, "created_by", struct exc_round, created_by),
    FM(FM_TIME, "created_at", struct exc_round, created_at),
};
const size_t exc_round_map_n = ARRAY_LEN(exc_round_map);
#define ROUND_COLS                                                                                           \
    "SELECT id, office_code, year, level, quota_member, quota_worker, quota_org, send_member, send_worker, " \
    "send_org, notice_days, version, created_by, " CN_TIME("created_at") " FROM excellence_rounds "

enum yh_err exc_db_round_insert(struct db *db, const struct exc_round *x, const char *by, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO excellence_rounds (office_code, year, level, quota_member, quota_worker, quota_org, "
        "send_member, send_worker, send_org, notice_days, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?)";
    struct db_param p[] = {P_STR(x->office),
                           P_I64(x->year),
                           P_STR(x->level),
                           P_I64(x->quota_member),
                           P_I64(x->quota_worker),
                           P_I64(x->quota_org),
                           P_I64(x->send_member),
                           P_I64(x->send_worker),
                           P_I64(x->send_org),
                           P_I64(x->notice_days),
                           P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err exc_db_round_get(struct db *db, const char *office, int64_t id, struct exc_round *out)
{
    static const char sql[] = ROUND_COLS "WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, exc_round_map, exc_round_map_n, out);
}

enum yh_err exc_db_round_of(struct db *db, const char *office, int64_t year, bool lock, struct exc_round *out)
{
    /* FOR UPDATE serialises the office's decisions of a year: two namings at once cannot
     * both take the last place of a quota */
    static const char sql[] = ROUND_COLS "WHERE office_code = ? AND year = ?";
    static const char sql_lock[] = ROUND_COLS "WHERE office_code = ? AND year = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(year)};
    return fm_one(db, lock ? sql_lock : sql, p, 2, exc_round_map, exc_round_map_n, out);
}

enum yh_err exc_db_parent_round(struct db *db, const char *office, int64_t year, struct exc_round *out)
{
    static const char sql[] =
        ROUND_COLS "WHERE office_code = (SELECT parent_code FROM offices WHERE code = ?) AND year = ?";
    struct db_param p[] = {P_STR(office), P_I64(year)};
    return fm_one(db, sql, p, 2, exc_round_map, exc_round_map_n, out);
}

enum yh_err exc_db_rounds_list(struct db *db, const char *office, int64_t before, int limit,
                               struct exc_round **out, size_t *n)
{
    static const char sql[] =
        ROUND_COLS "WHERE office_code = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(before), P_I64(before), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, 4, exc_round_map, exc_round_map_n, out, n);
}

const struct fm exc_nom_map[] = {
    FM(FM_ID, "id", struct exc_nom, id),
    FM(FM_STR, NULL, struct exc_nom, office),
    FM(FM_STR, NULL, struct exc_nom, office_name),
    FM(FM_INT, "year", struct exc_nom, year),
    FM(FM_STR, "kind", struct exc_nom, kind),
    FM(FM_ID, "member_id", struct exc_nom, member_id),
    FM(FM_ID, "branch_id", struct exc_nom, branch_id),
    FM(FM_STR, "name", struct exc_nom, subject_name),
    FM(FM_STR, "unit", struct exc_nom, unit),
    FM(FM_STR, "nominated_by", struct exc_nom, nominated_by),
    FM(FM_ID, "by_branch_id", struct exc_nom, by_branch_id),
    FM(FM_STR, "deeds", struct exc_nom, deeds),
    FM(FM_STR, NULL, struct exc_nom, record),
    FM(FM_STR, "stage", struct exc_nom, stage),
    FM(FM_STR, "state", struct exc_nom, state),
    FM(FM_OPT, "named_level", struct exc_nom, named_level),
    FM(FM_OPT, NULL, struct exc_nom, notice_from),
    FM(FM_OPT, NULL, struct exc_nom, notice_until),
    FM(FM_INT, "open_objections", struct exc_nom, open_objections),
    FM(FM_INT, "version", struct exc_nom, version),
    FM(FM_STR, "created_by", struct exc_nom, created_by),
    FM(FM_TIME, "created_at", struct exc_nom, created_at),
    FM(FM_STR, NULL, struct exc_nom, subject_status),
    FM(FM_STR, NULL, struct exc_nom, joined_on),
    FM(FM_STR, NULL, struct exc_nom, full_member_on),
    FM(FM_STR, NULL, struct exc_nom, probation_until),
    FM(FM_BOOL, NULL, struct exc_nom, unit_personal),
};
const size_t exc_nom_map_n = ARRAY_LEN(exc_nom_map);

/* The unit a notice shows: a member's branch (else work unit), a branch's host (else its
 * office). */
#define NOM_SELECT                                                                                           \
    "SELECT n.id, n.office_code, o.name, n.year, n.kind, IFNULL(n.member_id, 0), IFNULL(n.branch_id, 0), "   \
    "IFNULL(m.name, b.name), IFNULL(IFNULL(mb.name, m.work_unit), IFNULL(b.host_name, o.name)), "            \
    "n.nominated_by, IFNULL(n.by_branch_id, 0), n.deeds, n.record, n.stage, n.state, n.named_level, "        \
    "n.notice_from, n.notice_until, (SELECT COUNT(*) FROM excellence_objections x WHERE x.nomination_id = "  \
    "n.id AND x.state = 'open'), n.version, n.created_by, " CN_TIME(                                         \
        "n.created_at") ", IF(n.member_id IS NULL, IF(b.dissolved_on IS NULL, 'active', 'dissolved'), "      \
                        "IFNULL(m.status, '')), " EXC_DATE("m.joined_on") ", " EXC_DATE(                     \
                            "m.full_member_on") ", " EXC_DATE("m.party_probation_until") ", n.member_id IS " \
                                                                                         "NOT NULL AND "     \
                                                                                         "mb.id IS NULL "    \
                                                                                         "AND m.work_unit "  \
                                                                                         "IS NOT NULL"       \
                                                                                         " FROM "            \
                                                                                         "excellence_"       \
                                                                                         "nominations n "    \
                                                                                         "JOIN offices o "   \
                                                                                         "ON o.code = "      \
                                                                                         "n.office_code "    \
                                                                                         "LEFT JOIN "        \
                                                                                         "members m ON "     \
                                                                                         "m.id = "           \
                                                                                         "n.member_id LEFT " \
                                                                                         "JOIN branches mb " \
                                                                                         "ON mb.id = "       \
                                                                                         "m.branch_id LEFT " \
                                                                                         "JOIN branches b "  \
                                                                                         "ON "               \
                                                                                         "b.id = "           \
                                                                                         "n.branch_id "
/* The evaluations' scope over nominations (evals_db.c): the caller's office's own, its
 * descendants' that reached its level; a secretary only what its branch nominated. */
#define NOM_SCOPE                                                                                            \
    "(n.office_code = ? OR (n.office_code LIKE CONCAT(?, '%') AND n.stage + 0 >= ?)) AND "                   \
    "(? OR (n.office_code = ? AND n.by_branch_id = ?))"
#define NOM_SCOPE_PARAMS(s)                                                                                  \
    P_STR((s)->office), P_STR((s)->prefix), P_I64((s)->min_stage), P_I64((s)->whole_office),                 \
        P_STR((s)->office), P_I64((s)->branch_id)

enum yh_err exc_db_nom_insert(struct db *db, const struct exc_nom_new *x, const char *by, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO excellence_nominations (office_code, year, kind, member_id, branch_id, nominated_by, "
        "by_branch_id, deeds, record, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(x->office),
                           P_I64(x->year),
                           P_STR(x->kind),
                           x->member_id ? P_I64(x->member_id) : P_NULL,
                           x->branch_id ? P_I64(x->branch_id) : P_NULL,
                           P_STR(x->nominated_by),
                           x->by_branch_id ? P_I64(x->by_branch_id) : P_NULL,
                           P_STR(x->deeds),
                           P_STR(x->record),
                           P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err exc_db_nom_get(struct db *db, const struct eval_scope *scope, int64_t id, bool lock,
                           struct exc_nom *out)
{
    /* lock: the nomination's own row only (NOM_SCOPE reads n alone), not the office,
     * member and branch rows the view joins: a prefecture's decision must not lock the
     * county's office row. The quota needs no more: it serialises on the deciding office's
     * round (exc_db_round_of, FOR UPDATE). The view is then read without a lock; should the
     * transaction's snapshot predate the lock (a read earlier in it), the locked version
     * tells: PRECONDITION, as a version changed under the caller. */
    static const char sql_lock[] =
        "SELECT n.version FROM excellence_nominations n WHERE n.id = ? AND " NOM_SCOPE " FOR UPDATE";
    static const char sql[] = NOM_SELECT "WHERE n.id = ? AND " NOM_SCOPE;
    struct db_param p[] = {P_I64(id), NOM_SCOPE_PARAMS(scope)};
    int64_t version = 0;
    enum yh_err err = lock ? db_int(db, sql_lock, p, ARRAY_LEN(p), 0, &version) : YH_OK;
    if (err == YH_OK && lock && version == 0) {
        return YH_ERR_NOT_FOUND;
    }
    if (err == YH_OK) {
        err = fm_one(db, sql, p, ARRAY_LEN(p), exc_nom_map, exc_nom_map_n, out);
    }
    return err == YH_OK && lock && out->version != version ? YH_ERR_PRECONDITION : err;
}

enum yh_err exc_db_noms_list(struct db *db, const struct eval_scope *scope, const struct exc_filter *f,
                             struct exc_nom **out, size_t *n)
{
    static const char sql[] = NOM_SELECT
        "WHERE n.year = ? AND " NOM_SCOPE
        " AND (? IS NULL OR n.kind = ?) AND (? IS NULL OR n.stage = ?) AND (? "
        "IS NULL OR n.state = ?) AND (? IS NULL OR n.office_code = ?) AND (? = 0 OR n.id < ?) ORDER BY n.id "
        "DESC LIMIT ?";
    struct db_param p[] = {P_I64(f->year),     NOM_SCOPE_PARAMS(scope), P_OPT(f->kind),   P_OPT(f->kind),
                           P_OPT(f->stage),    P_OPT(f->stage),         P_OPT(f->state),  P_OPT(f->state),
                           P_OPT(f->office),   P_OPT(f->office),        P_I64(f->before), P_I64(f->before),
                           P_I64(f->limit + 1)};
    return FM_ALL(db, sql, p, ARRAY_LEN(p), exc_nom_map, exc_nom_map_n, out, n);
}

enum yh_err exc_db_notice_list(struct db *db, const struct eval_scope *scope, int64_t year, const char *stage,
                               struct exc_nom **out, size_t *n)
{
    static const char sql[] =
        NOM_SELECT "WHERE n.year = ? AND " NOM_SCOPE
                   " AND n.stage = ? AND n.state = 'pending' AND n.notice_from IS NOT NULL "
                   "ORDER BY n.kind, n.id LIMIT 300";
    struct db_param p[] = {P_I64(year), NOM_SCOPE_PARAMS(scope), P_STR(stage)};
    return FM_ALL(db, sql, p, ARRAY_LEN(p), exc_nom_map, exc_nom_map_n, out, n);
}

enum yh_err exc_db_notice_start(struct db *db, const struct eval_scope *scope, int64_t year,
                                const char *stage, const char *from, const char *until, const char *actor,
                                int64_t *started)
{
    /* The rows to publish are locked first (exclusive, in index order): a second publish at
     * once waits, then finds nothing left (0 started: 409), instead of both taking shared
     * locks in INSERT ... SELECT and deadlocking on the UPDATE. The steps are written while
     * the rows are still those without a notice, then the notice is set. */
    static const char lock[] =
        "SELECT n.id FROM excellence_nominations n WHERE n.year = ? AND " NOM_SCOPE
        " AND n.stage = ? AND n.state = 'pending' AND n.notice_from IS NULL FOR UPDATE";
    static const char steps[] =
        "INSERT INTO excellence_steps (nomination_id, action, stage, office_code, actor, reason) SELECT "
        "n.id, "
        "'notice', n.stage, ?, ?, CONCAT(?, ' – ', ?) FROM excellence_nominations n WHERE n.year = ? "
        "AND " NOM_SCOPE " AND n.stage = ? AND n.state = 'pending' AND n.notice_from IS NULL";
    static const char sql[] =
        "UPDATE excellence_nominations n SET n.notice_from = ?, n.notice_until = ?, "
        "n.version = n.version + 1, n.updated_at = NOW(3) WHERE n.year = ? AND " NOM_SCOPE
        " AND n.stage = ? AND n.state = 'pending' AND n.notice_from IS NULL";
    struct db_param ps[] = {P_STR(scope->office),    P_STR(actor), P_STR(from), P_STR(until), P_I64(year),
                            NOM_SCOPE_PARAMS(scope), P_STR(stage)};
    struct db_param p[] = {P_STR(from), P_STR(until), P_I64(year), NOM_SCOPE_PARAMS(scope), P_STR(stage)};
    struct db_rows locked;
    uint64_t affected = 0;
    *started = 0;
    enum yh_err err = db_exec(db, lock, p + 2, ARRAY_LEN(p) - 2, &locked, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    size_t nlocked = locked.nrows;
    db_rows_free(&locked);
    if (nlocked == 0) {
        return YH_OK;
    }
    err = db_exec(db, steps, ps, ARRAY_LEN(ps), NULL, NULL, NULL);
    if (err == YH_OK) {
        err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, &affected, NULL);
    }
    *started = (int64_t)affected;
    return err;
}

enum yh_err exc_db_nom_decide(struct db *db, int64_t id, int64_t version, const char *stage,
                              const char *state, const char *named_level)
{
    /* SET runs left to right: the notice is compared with the stage before it changes */
    static const char sql[] =
        "UPDATE excellence_nominations SET notice_from = IF(stage = ?, notice_from, NULL), notice_until = "
        "IF(stage = ?, notice_until, NULL), stage = ?, state = ?, named_level = IFNULL(?, named_level), "
        "version = version + 1, updated_at = NOW(3) WHERE id = ? AND version = ?";
    struct db_param p[] = {P_STR(stage),       P_STR(stage), P_STR(stage),  P_STR(state),
                           P_OPT(named_level), P_I64(id),    P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, &affected, NULL);
    return err == YH_OK && affected != 1 ? YH_ERR_PRECONDITION : err;
}

enum yh_err exc_db_named_count(struct db *db, const char *prefix, int64_t year, const char *kind, int rank,
                               int64_t *n)
{
    static const char sql[] = "SELECT COUNT(*) FROM excellence_nominations WHERE year = ? AND kind = ? AND "
                              "office_code LIKE CONCAT(?, '%') AND named_level + 0 >= ?";
    struct db_param p[] = {P_I64(year), P_STR(kind), P_STR(prefix), P_I64(rank)};
    return db_int(db, sql, p, 4, 0, n);
}

enum yh_err exc_db_sent_count(struct db *db, const char *prefix, int64_t year, const char *kind, int rank,
                              int64_t *n)
{
    static const char sql[] = "SELECT COUNT(*) FROM excellence_nominations WHERE year = ? AND kind = ? AND "
                              "office_code LIKE CONCAT(?, '%') AND stage + 0 > ? AND state <> 'withdrawn'";
    struct db_param p[] = {P_I64(year), P_STR(kind), P_STR(prefix), P_I64(rank)};
    return db_int(db, sql, p, 4, 0, n);
}

enum yh_err exc_db_step(struct db *db, int64_t id, const char *action, const char *stage, const char *office,
                        const char *actor, const char *reason)
{
    static const char sql[] =
        "INSERT INTO excellence_steps (nomination_id, action, stage, office_code, actor, "
        "reason) VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_I64(id),     P_STR(action), P_STR(stage),
                           P_STR(office), P_STR(actor),  P_OPT(reason)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}

static const struct jcol steps_cols[] = {{"action", JC_STR}, {"stage", JC_STR},  {"office", JC_STR},
                                         {"actor", JC_STR},  {"reason", JC_STR}, {"at", JC_STR}};
const struct view exc_steps_view = VIEW(steps_cols);

enum yh_err exc_db_steps(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT action, stage, office_code, actor, reason, " SQL_TS(
        "at") " FROM excellence_steps WHERE nomination_id = ? ORDER BY id LIMIT 200";
    struct db_param p[] = {P_I64(id)};
    return view_fetch(db, &exc_steps_view, sql, p, 1, false, rows);
}

static const struct fm member_facts_map[] = {
    FM(FM_INT, NULL, struct exc_member_facts, posts),     FM(FM_STR, NULL, struct exc_member_facts, roles),
    FM(FM_INT, NULL, struct exc_member_facts, attended),  FM(FM_INT, NULL, struct exc_member_facts, recorded),
    FM(FM_INT, NULL, struct exc_member_facts, dues_paid),
};

enum yh_err exc_db_member_facts(struct db *db, const char *office, int64_t member, int64_t year,
                                struct exc_member_facts *out)
{
    /* posts: committee seats now, seats won in past elections, party groups led */
    static const char sql[] =
        "SELECT (SELECT COUNT(*) FROM (SELECT role FROM branch_committee WHERE member_id = ? UNION ALL "
        "SELECT "
        "role FROM term_candidates WHERE member_id = ? AND elected = 1 UNION ALL SELECT 'group_leader' FROM "
        "party_groups WHERE office_code = ? AND leader_id = ?) p), (SELECT IFNULL(GROUP_CONCAT(DISTINCT "
        "q.role ORDER BY q.role), '') FROM (SELECT role FROM branch_committee WHERE member_id = ? UNION ALL "
        "SELECT role FROM term_candidates WHERE member_id = ? AND elected = 1 UNION ALL SELECT "
        "'group_leader' FROM party_groups WHERE office_code = ? AND leader_id = ?) q), (SELECT "
        "IFNULL(SUM(status IN ('present', 'delivered')), 0) FROM org_life_attendance WHERE office_code = ? "
        "AND member_id = ? AND held_on BETWEEN MAKEDATE(?, 1) AND MAKEDATE(? + 1, 1) - INTERVAL 1 DAY), "
        "(SELECT COUNT(*) FROM org_life_attendance WHERE office_code = ? AND member_id = ? AND held_on "
        "BETWEEN MAKEDATE(?, 1) AND MAKEDATE(? + 1, 1) - INTERVAL 1 DAY), (SELECT COUNT(*) FROM dues WHERE "
        "member_id = ? AND month LIKE CONCAT(?, '-%'))";
    struct db_param p[] = {P_I64(member), P_I64(member), P_STR(office), P_I64(member), P_I64(member),
                           P_I64(member), P_STR(office), P_I64(member), P_STR(office), P_I64(member),
                           P_I64(year),   P_I64(year),   P_STR(office), P_I64(member), P_I64(year),
                           P_I64(year),   P_I64(member), P_I64(year)};
    return fm_one(db, sql, p, ARRAY_LEN(p), member_facts_map, ARRAY_LEN(member_facts_map), out);
}

static const struct fm branch_facts_map[] = {
    FM(FM_INT, NULL, struct exc_branch_facts, members),
    FM(FM_INT, NULL, struct exc_branch_facts, activities),
};

enum yh_err exc_db_branch_facts(struct db *db, const char *office, int64_t branch, int64_t year,
                                struct exc_branch_facts *out)
{
    static const char sql[] =
        "SELECT (SELECT COUNT(*) FROM memberships WHERE office_code = ? AND branch_id = ? AND ended_on IS "
        "NULL AND kind = 'primary'), (SELECT COUNT(*) FROM activity_branches ab JOIN activities a ON a.id = "
        "ab.activity_id WHERE ab.branch_id = ? AND a.held_at >= MAKEDATE(?, 1) AND a.held_at < MAKEDATE(? + "
        "1, 1) AND a.held_at <= NOW())";
    struct db_param p[] = {P_STR(office), P_I64(branch), P_I64(branch), P_I64(year), P_I64(year)};
    return fm_one(db, sql, p, ARRAY_LEN(p), branch_facts_map, ARRAY_LEN(branch_facts_map), out);
}

static const struct jcol honours_cols[] = {
    {"kind", JC_STR}, {"title", JC_STR}, {"level", JC_STR}, {"year", JC_INT}};
const struct view exc_honours_view = VIEW(honours_cols);

enum yh_err exc_db_honours(struct db *db, const char *office, int64_t member, int64_t branch,
                           struct db_rows *rows)
{
    static const char sql[] = "SELECT kind, title, level, year FROM honours WHERE office_code = ? AND "
                              "(member_id = ? OR branch_id = ?) ORDER BY year DESC, id LIMIT 20";
    struct db_param p[] = {P_STR(office), P_I64(member), P_I64(branch)};
    return view_fetch(db, &exc_honours_view, sql, p, 3, false, rows);
}

enum yh_err exc_db_objection_insert(struct db *db, const struct exc_objection *o, int64_t *id)
{
    static const char sql[] = "INSERT INTO excellence_objections (nomination_id, office_code, stage, "
                              "received_on, text_enc, created_by) VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_I64(o->nomination_id),
                           P_STR(o->office),
                           P_STR(o->stage),
                           P_STR(o->received_on),
                           P_BLOB(o->text_enc, o->text_enc_len),
                           P_STR(o->created_by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 6, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

static const struct fm objection_map[] = {
    FM(FM_ID, "id", struct exc_objection, id),
    FM(FM_ID, NULL, struct exc_objection, nomination_id),
    FM(FM_STR, "office", struct exc_objection, office),
    FM(FM_STR, "stage", struct exc_objection, stage),
    FM(FM_STR, "received_on", struct exc_objection, received_on),
    FM(FM_STR, "state", struct exc_objection, state),
    FM(FM_OPT, "resolution", struct exc_objection, resolution),
    FM(FM_STR, "created_by", struct exc_objection, created_by),
    FM(FM_TIME, "created_at", struct exc_objection, created_at),
    FM(FM_OPT, "resolved_by", struct exc_objection, resolved_by),
    FM(FM_TIME, "resolved_at", struct exc_objection, resolved_at),
};
const struct fm *const exc_objection_map = objection_map;
const size_t exc_objection_map_n = ARRAY_LEN(objection_map);

enum yh_err exc_db_objections(struct db *db, int64_t nomination, struct exc_objection **out, size_t *n)
{
    static const char sql[] = "SELECT id, nomination_id, office_code, stage, received_on, state, resolution, "
                              "created_by, " CN_TIME("created_at") ", resolved_by, " CN_TIME(
                                  "resolved_at") ", text_enc FROM excellence_objections WHERE "
                                                 "nomination_id = ? ORDER BY id LIMIT 100";
    struct db_param p[] = {P_I64(nomination)};
    struct db_rows rows;
    size_t nm = ARRAY_LEN(objection_map);
    *out = NULL;
    *n = 0;
    enum yh_err err = db_exec(db, sql, p, 1, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *out = calloc(rows.nrows ? rows.nrows : 1, sizeof(**out));
    if (*out == NULL || (rows.nrows > 0 && rows.ncols != nm + 1)) {
        free(*out);
        *out = NULL;
        db_rows_free(&rows);
        return YH_ERR_INTERNAL;
    }
    for (size_t i = 0; i < rows.nrows; i++) {
        fm_from_row(&rows, i, objection_map, nm, &(*out)[i]);
        (*out)[i].text_enc_len = db_blob(&rows, i, nm, (*out)[i].text_enc, sizeof((*out)[i].text_enc));
    }
    *n = rows.nrows;
    db_rows_free(&rows);
    return YH_OK;
}

enum yh_err exc_db_objection_resolve(struct db *db, int64_t id, int64_t oid, const char *state,
                                     const char *resolution, const char *by)
{
    static const char sql[] = "UPDATE excellence_objections SET state = ?, resolution = ?, resolved_by = ?, "
                              "resolved_at = NOW(3) WHERE id = ? AND nomination_id = ? AND state = 'open'";
    struct db_param p[] = {P_STR(state), P_OPT(resolution), P_STR(by), P_I64(oid), P_I64(id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, &affected, NULL);
    return err == YH_OK && affected != 1 ? YH_ERR_NOT_FOUND : err;
}
