/* Guides and contact points: links of staff accounts to the branches they guide, their
 * contacts and the follow-ups of problems found. Every statement filters by office_code. */
#include "yinhui/guides_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/guides.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

/* A link with its branch's and guide's names and the open problems the guide found there. */
#define LINK_COLS                                                                                            \
    "g.id, g.branch_id, g.account_id, (SELECT COUNT(*) FROM guide_contacts c WHERE c.office_code = "         \
    "g.office_code AND c.branch_id = g.branch_id AND c.account_id = g.account_id AND c.problem_state = "     \
    "'open'), g.version, g.role, DATE_FORMAT(g.started_on, '%Y-%m-%d'), IFNULL(DATE_FORMAT(g.ended_on, "     \
    "'%Y-%m-%d'), ''), IFNULL(DATE_FORMAT(g.last_contact_on, '%Y-%m-%d'), ''), DATE_FORMAT(g.since_on, "     \
    "'%Y-%m-%d'), b.name, a.display_name FROM branch_guides g JOIN branches b ON b.id = g.branch_id JOIN "   \
    "accounts a ON a.id = g.account_id "

static const struct fm link_map[] = {
    FM(FM_ID, "id", struct guide_link, id),
    FM(FM_ID, "branch_id", struct guide_link, branch_id),
    FM(FM_ID, "account_id", struct guide_link, account_id),
    FM(FM_INT, "open_problems", struct guide_link, open_problems),
    FM(FM_INT, "version", struct guide_link, version),
    FM(FM_STR, "role", struct guide_link, role),
    FM(FM_STR, "started_on", struct guide_link, started_on),
    FM(FM_OPT, "ended_on", struct guide_link, ended_on),
    FM(FM_OPT, "last_contact_on", struct guide_link, last_contact_on),
    FM(FM_STR, NULL, struct guide_link, since_on),
    FM(FM_STR, "branch_name", struct guide_link, branch_name),
    FM(FM_STR, "guide_name", struct guide_link, guide_name),
};

cJSON *guide_link_json(const struct guide_link *l)
{
    return fm_to_json(link_map, ARRAY_LEN(link_map), l);
}

static enum yh_err links_all(struct db *db, const char *sql, const struct db_param *p, size_t np,
                             struct guide_link **out, size_t *n)
{
    return FM_ALL(db, sql, p, np, link_map, ARRAY_LEN(link_map), out, n);
}

struct account_row {
    char role[16];
    bool disabled;
};

enum yh_err guides_db_account(struct db *db, const char *office, int64_t id, char role[16], bool *disabled)
{
    static const struct fm map[] = {
        FM(FM_STR, NULL, struct account_row, role),
        FM(FM_BOOL, NULL, struct account_row, disabled),
    };
    static const char sql[] = "SELECT role, disabled FROM accounts WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct account_row a;
    enum yh_err err = fm_one(db, sql, p, 2, map, ARRAY_LEN(map), &a);
    if (err == YH_OK) {
        snprintf(role, 16, "%s", a.role);
        *disabled = a.disabled;
    }
    return err;
}

enum yh_err guides_db_link_insert(struct db *db, const char *office, int64_t branch_id, int64_t account_id,
                                  const char *role, const char *started_on, const char *by, int64_t *id)
{
    /* ux_guides_open makes a second open link of the pair a CONFLICT */
    static const char sql[] =
        "INSERT INTO branch_guides (office_code, branch_id, account_id, role, started_on, "
        "created_by) VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_I64(branch_id),  P_I64(account_id),
                           P_STR(role),   P_STR(started_on), P_STR(by)};
    return db_insert(db, sql, p, 6, id);
}

enum yh_err guides_db_link_get(struct db *db, const char *office, int64_t branch_id, int64_t id,
                               struct guide_link *l)
{
    static const char sql[] = "SELECT " LINK_COLS "WHERE g.office_code = ? AND g.branch_id = ? AND g.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(id)};
    return fm_one(db, sql, p, 3, link_map, ARRAY_LEN(link_map), l);
}

enum yh_err guides_db_links_of_branch(struct db *db, const char *office, int64_t branch_id,
                                      struct guide_link **out, size_t *n)
{
    static const char sql[] = "SELECT " LINK_COLS "WHERE g.office_code = ? AND g.branch_id = ? "
                              "ORDER BY g.ended_on IS NOT NULL, g.ended_on DESC, g.id LIMIT 200";
    struct db_param p[] = {P_STR(office), P_I64(branch_id)};
    return links_all(db, sql, p, 2, out, n);
}

enum yh_err guides_db_links_of_account(struct db *db, const char *office, int64_t account_id,
                                       struct guide_link **out, size_t *n)
{
    static const char sql[] = "SELECT " LINK_COLS "WHERE g.office_code = ? AND g.account_id = ? AND "
                              "g.ended_on IS NULL AND b.dissolved_on IS NULL ORDER BY g.branch_id LIMIT 200";
    struct db_param p[] = {P_STR(office), P_I64(account_id)};
    return links_all(db, sql, p, 2, out, n);
}

enum yh_err guides_db_open_link(struct db *db, const char *office, int64_t branch_id, int64_t account_id,
                                struct guide_link *l)
{
    static const char sql[] = "SELECT " LINK_COLS "WHERE g.office_code = ? AND g.branch_id = ? AND "
                              "g.account_id = ? AND g.ended_on IS NULL";
    struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(account_id)};
    return fm_one(db, sql, p, 3, link_map, ARRAY_LEN(link_map), l);
}

enum yh_err guides_db_link_end(struct db *db, const char *office, int64_t id, int64_t version,
                               const char *ended_on)
{
    static const char sql[] = "UPDATE branch_guides SET ended_on = ?, version = version + 1, updated_at = "
                              "NOW(3) WHERE office_code = ? AND id = ? AND version = ? AND ended_on IS NULL";
    static const char exists[] = "SELECT 1 FROM branch_guides WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(ended_on), P_STR(office), P_I64(id), P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &affected, NULL);
    if (err != YH_OK || affected == 1) {
        return err;
    }
    /* it exists (so it changed or ended since the caller read it) or it does not */
    return db_why_not_updated(db, exists, office, id);
}

enum yh_err guides_db_touch(struct db *db, const char *office, int64_t branch_id, int64_t account_id,
                            const char *on)
{
    static const char sql[] =
        "UPDATE branch_guides SET last_contact_on = ? WHERE office_code = ? AND branch_id = ? AND "
        "account_id = ? AND ended_on IS NULL AND (last_contact_on IS NULL OR last_contact_on < ?)";
    struct db_param p[] = {P_STR(on), P_STR(office), P_I64(branch_id), P_I64(account_id), P_STR(on)};
    return db_exec(db, sql, p, 5, NULL, NULL, NULL);
}

enum yh_err guides_db_contact_days(struct db *db, const char *office, int64_t *days)
{
    static const char sql[] = "SELECT guide_contact_days FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_int(db, sql, p, 1, GUIDE_CONTACT_DAYS_DEFAULT, days);
}

enum yh_err guides_db_overdue(struct db *db, const char *office, const char *cutoff, const char *after_since,
                              int64_t after_id, int limit, struct guide_link **out, size_t *n)
{
    /* ix_guides_due: office, open links, since_on range from the cursor to the cutoff */
    static const char sql[] =
        "SELECT " LINK_COLS "WHERE g.office_code = ? AND g.ended_on IS NULL AND g.since_on < ? AND "
        "g.since_on >= ? AND (g.since_on > ? OR g.id > ?) AND b.dissolved_on IS NULL AND a.disabled = 0 "
        "ORDER BY g.since_on, g.id LIMIT ?";
    const char *from = after_since[0] ? after_since : "1000-01-01";
    struct db_param p[] = {P_STR(office), P_STR(cutoff),   P_STR(from),
                           P_STR(from),   P_I64(after_id), P_I64(limit + 1)};
    if (!after_since[0]) {
        /* the first page: every since_on, the id condition always true */
        p[3] = P_STR("0999-12-31");
    }
    return links_all(db, sql, p, 6, out, n);
}

static const struct fm branch_map[] = {
    FM(FM_ID, "id", struct guide_branch, id),
    FM(FM_STR, "name", struct guide_branch, name),
    FM(FM_STR, "nature", struct guide_branch, nature),
    FM(FM_STR, "host_type", struct guide_branch, host_type),
    FM(FM_OPT, "demo_level", struct guide_branch, demo_level),
};

cJSON *guide_branch_json(const void *row)
{
    return fm_to_json(branch_map, ARRAY_LEN(branch_map), row);
}

enum yh_err guides_db_without(struct db *db, const char *office, const char *nature, int64_t after_id,
                              int limit, struct guide_branch **out, size_t *n)
{
    static const char sql[] =
        "SELECT b.id, b.name, b.nature, b.host_type, IFNULL(b.demo_level, '') FROM branches b WHERE "
        "b.office_code = ? AND b.id > ? AND b.level = 'branch' AND b.dissolved_on IS NULL AND (? = '' OR "
        "b.nature = ?) AND NOT EXISTS (SELECT 1 FROM branch_guides g JOIN accounts a ON a.id = g.account_id "
        "AND a.disabled = 0 WHERE g.office_code = ? AND g.branch_id = b.id AND g.ended_on IS NULL) ORDER BY "
        "b.id LIMIT ?";
    const char *nat = nature ? nature : "";
    /* the office given again inside: a materialised subquery reads this office's open links
     * (ix_guides_branch), never the country's */
    struct db_param p[] = {P_STR(office), P_I64(after_id), P_STR(nat),
                           P_STR(nat),    P_STR(office),   P_I64(limit + 1)};
    return FM_ALL(db, sql, p, 6, branch_map, ARRAY_LEN(branch_map), out, n);
}

enum yh_err guides_db_accounts(struct db *db, const char *office, int64_t after_id, int limit,
                               struct guide_account **out, size_t *n)
{
    static const struct fm map[] = {
        FM(FM_ID, NULL, struct guide_account, id),
        FM(FM_STR, NULL, struct guide_account, name),
    };
    static const char sql[] =
        "SELECT a.id, a.display_name FROM accounts a WHERE a.office_code = ? AND a.id > ? AND EXISTS "
        "(SELECT 1 FROM branch_guides g WHERE g.office_code = a.office_code AND g.account_id = a.id AND "
        "g.ended_on IS NULL) ORDER BY a.id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after_id), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, 3, map, ARRAY_LEN(map), out, n);
}

#define CONTACT_COLS                                                                                         \
    "c.id, c.branch_id, c.account_id, c.version, c.problem_enc IS NOT NULL, c.kind, DATE_FORMAT("            \
    "c.contact_on, '%Y-%m-%d'), c.problem_state, IFNULL(DATE_FORMAT(c.resolved_on, '%Y-%m-%d'), ''), "       \
    "c.recorded_by, " SQL_TS(                                                                                \
        "c.created_at") ", b.name, a.display_name FROM guide_contacts c JOIN branches "                      \
                        "b ON b.id = c.branch_id JOIN accounts a ON a.id = c.account_id "

static const struct fm contact_map[] = {
    FM(FM_ID, "id", struct guide_contact, id),
    FM(FM_ID, "branch_id", struct guide_contact, branch_id),
    FM(FM_ID, "account_id", struct guide_contact, account_id),
    FM(FM_INT, "version", struct guide_contact, version),
    FM(FM_BOOL, "problem_found", struct guide_contact, has_problem),
    FM(FM_STR, "kind", struct guide_contact, kind),
    FM(FM_STR, "on", struct guide_contact, on),
    FM(FM_STR, "problem_state", struct guide_contact, problem_state),
    FM(FM_OPT, "resolved_on", struct guide_contact, resolved_on),
    FM(FM_STR, "recorded_by", struct guide_contact, recorded_by),
    FM(FM_STR, "created_at", struct guide_contact, created_at),
    FM(FM_STR, "branch_name", struct guide_contact, branch_name),
    FM(FM_STR, "guide_name", struct guide_contact, guide_name),
};

cJSON *guide_contact_json(const void *row)
{
    return fm_to_json(contact_map, ARRAY_LEN(contact_map), row);
}

enum yh_err guides_db_contact_insert(struct db *db, const char *office, const struct guide_contact *c,
                                     const struct guide_contact_texts *t, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO guide_contacts (office_code, branch_id, account_id, kind, contact_on, summary_enc, "
        "problem_enc, problem_state, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),
                           P_I64(c->branch_id),
                           P_I64(c->account_id),
                           P_STR(c->kind),
                           P_STR(c->on),
                           P_BLOB(t->summary, t->summary_len),
                           t->problem_len ? P_BLOB(t->problem, t->problem_len) : P_NULL,
                           P_STR(t->problem_len ? "open" : "none"),
                           P_STR(c->recorded_by)};
    return db_insert(db, sql, p, 9, id);
}

enum yh_err guides_db_contact_get(struct db *db, const char *office, int64_t id, struct guide_contact *c)
{
    static const char sql[] = "SELECT " CONTACT_COLS "WHERE c.office_code = ? AND c.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, contact_map, ARRAY_LEN(contact_map), c);
}

enum yh_err guides_db_contact_texts(struct db *db, const char *office, int64_t id,
                                    struct guide_contact_texts *t)
{
    static const char sql[] =
        "SELECT summary_enc, problem_enc FROM guide_contacts WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    if (rows.nrows == 0) {
        err = YH_ERR_NOT_FOUND;
    } else {
        t->summary_len = db_blob(&rows, 0, 0, t->summary, sizeof(t->summary));
        t->problem_len = db_str(&rows, 0, 1) ? db_blob(&rows, 0, 1, t->problem, sizeof(t->problem)) : 0;
    }
    db_rows_free(&rows);
    return err;
}

enum yh_err guides_db_contacts(struct db *db, const char *office, int64_t branch_id, int64_t account_id,
                               bool open_only, int64_t after_id, int limit, struct guide_contact **out,
                               size_t *n)
{
    /* one statement per index: the branch's, the guide's and the open problems' */
    static const char by_branch[] = "SELECT " CONTACT_COLS "WHERE c.office_code = ? AND c.branch_id = ? AND "
                                    "c.id < ? ORDER BY c.id DESC LIMIT ?";
    static const char by_account[] =
        "SELECT " CONTACT_COLS "WHERE c.office_code = ? AND c.account_id = ? AND "
        "c.id < ? ORDER BY c.id DESC LIMIT ?";
    static const char open[] = "SELECT " CONTACT_COLS "WHERE c.office_code = ? AND c.problem_state = 'open' "
                               "AND (? = 0 OR c.branch_id = ?) AND c.id < ? ORDER BY c.id DESC LIMIT ?";
    int64_t before = after_id ? after_id : INT64_MAX;
    enum yh_err err;
    if (open_only) {
        struct db_param p[] = {P_STR(office), P_I64(branch_id), P_I64(branch_id), P_I64(before),
                               P_I64(limit + 1)};
        err = FM_ALL(db, open, p, 5, contact_map, ARRAY_LEN(contact_map), out, n);
    } else {
        struct db_param p[] = {P_STR(office), P_I64(branch_id ? branch_id : account_id), P_I64(before),
                               P_I64(limit + 1)};
        err =
            FM_ALL(db, branch_id ? by_branch : by_account, p, 4, contact_map, ARRAY_LEN(contact_map), out, n);
    }
    return err;
}

enum yh_err guides_db_contact_state(struct db *db, const char *office, int64_t id, int64_t version,
                                    const char *state, const char *resolved_on)
{
    static const char sql[] =
        "UPDATE guide_contacts SET problem_state = ?, resolved_on = ?, version = version + "
        "1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM guide_contacts WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(state), P_OPT(resolved_on), P_STR(office), P_I64(id), P_I64(version)};
    return db_update_one(db, sql, p, 5, exists, office, id);
}

enum yh_err guides_db_follow_up_insert(struct db *db, const char *office, int64_t contact_id,
                                       const struct guide_follow_up *f)
{
    static const char sql[] = "INSERT INTO guide_follow_ups (office_code, contact_id, note_enc, resolved, "
                              "followed_on, created_by) VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {
        P_STR(office),         P_I64(contact_id),   P_BLOB(f->note, f->note_len), P_I64(f->resolved ? 1 : 0),
        P_STR(f->followed_on), P_STR(f->created_by)};
    int64_t id = 0;
    return db_insert(db, sql, p, 6, &id);
}

enum yh_err guides_db_follow_ups(struct db *db, const char *office, int64_t contact_id,
                                 struct guide_follow_up **out, size_t *n)
{
    static const char sql[] =
        "SELECT id, resolved, DATE_FORMAT(followed_on, '%Y-%m-%d'), created_by, " SQL_TS(
            "created_at") ", "
                          "note_enc FROM guide_follow_ups WHERE office_code = ? AND contact_id = ? ORDER BY "
                          "id LIMIT 100";
    struct db_param p[] = {P_STR(office), P_I64(contact_id)};
    struct db_rows rows;
    enum yh_err err = db_exec(db, sql, p, 2, &rows, NULL, NULL);
    *out = NULL;
    *n = 0;
    if (err != YH_OK) {
        return err;
    }
    *out = calloc(rows.nrows ? rows.nrows : 1, sizeof(**out));
    for (size_t i = 0; *out != NULL && i < rows.nrows; i++) {
        struct guide_follow_up *f = &(*out)[i];
        f->id = db_i64(&rows, i, 0);
        f->resolved = db_i64(&rows, i, 1) != 0;
        snprintf(f->followed_on, sizeof(f->followed_on), "%s", db_str(&rows, i, 2));
        snprintf(f->created_by, sizeof(f->created_by), "%s", db_str(&rows, i, 3));
        snprintf(f->created_at, sizeof(f->created_at), "%s", db_str(&rows, i, 4));
        f->note_len = db_blob(&rows, i, 5, f->note, sizeof(f->note));
    }
    *n = *out ? rows.nrows : 0;
    err = *out ? YH_OK : YH_ERR_INTERNAL;
    db_rows_free(&rows);
    return err;
}
