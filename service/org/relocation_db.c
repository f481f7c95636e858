/* Grants to host offices and the host's read of the relocated members living in its area
 * (include/yinhui/relocation.h). The home office's statements filter by its office_code;
 * the host's read starts from the grants made to it. */
#include <stdio.h>
#include <string.h>

#include "yinhui/gbt2260.h"
#include "yinhui/relocation.h"
#include "yinhui/typed_rows.h"
#include "yinhui/util.h"

#define GRANT_COLS                                                                                           \
    "g.id, g.office_code, g.host_office, IFNULL(o.name, ''), g.granted_by, " SQL_TS(                         \
        "g.created_at") ", "                                                                                 \
                        "IFNULL(" SQL_TS("g.revoked_at") ", ''), IFNULL(g.revoked_by, ''), g.version FROM "  \
                                                         "relocation_grants g LEFT JOIN "                    \
                                                         "offices o ON o.code = g.host_office "

static const struct fm grant_map[] = {
    FM(FM_ID, "id", struct relocation_grant, id),
    FM(FM_STR, "office", struct relocation_grant, office),
    FM(FM_STR, "host_office", struct relocation_grant, host_office),
    FM(FM_STR, "host_office_name", struct relocation_grant, host_name),
    FM(FM_STR, "granted_by", struct relocation_grant, granted_by),
    FM(FM_STR, "created_at", struct relocation_grant, created_at),
    FM(FM_OPT, "revoked_at", struct relocation_grant, revoked_at),
    FM(FM_OPT, "revoked_by", struct relocation_grant, revoked_by),
    FM(FM_INT, "version", struct relocation_grant, version),
};

cJSON *relocation_grant_json(const struct relocation_grant *g)
{
    cJSON *j = fm_to_json(grant_map, ARRAY_LEN(grant_map), g);
    cJSON_AddBoolToObject(j, "active", g->revoked_at[0] == '\0');
    return j;
}

enum yh_err relocation_db_grant(struct db *db, const char *office, const char *host, const char *by,
                                int64_t *id)
{
    static const char sql[] = "INSERT INTO relocation_grants (office_code, host_office, granted_by) "
                              "VALUES (?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(host), P_STR(by)};
    return db_insert(db, sql, p, 3, id);
}

enum yh_err relocation_db_grant_open(struct db *db, const char *office, const char *host, bool *open)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM relocation_grants WHERE office_code = ? AND host_office = ? "
        "AND revoked_at IS NULL";
    struct db_param p[] = {P_STR(office), P_STR(host)};
    int64_t n = 0;
    enum yh_err err = db_int(db, sql, p, 2, 0, &n);
    *open = n > 0;
    return err;
}

enum yh_err relocation_db_grant_get(struct db *db, const char *office, int64_t id, struct relocation_grant *g)
{
    static const char sql[] = "SELECT " GRANT_COLS "WHERE g.office_code = ? AND g.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, grant_map, ARRAY_LEN(grant_map), g);
}

enum yh_err relocation_db_revoke(struct db *db, const char *office, int64_t id, int64_t version,
                                 const char *by)
{
    static const char sql[] = "UPDATE relocation_grants SET revoked_at = NOW(3), revoked_by = ?, version = "
                              "version + 1 WHERE office_code = ? AND id = ? AND revoked_at IS NULL AND "
                              "version = ?";
    struct db_param p[] = {P_STR(by), P_STR(office), P_I64(id), P_I64(version)};
    uint64_t changed = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, &changed, NULL);
    /* read open at version just before: it has been revoked or changed since */
    return err == YH_OK && changed == 0 ? YH_ERR_PRECONDITION : err;
}

enum yh_err relocation_db_grants(struct db *db, const char *office, int64_t after_id, int limit,
                                 struct relocation_grant **out, size_t *n)
{
    static const char sql[] =
        "SELECT " GRANT_COLS "WHERE g.office_code = ? AND g.id > ? ORDER BY g.id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_I64(after_id), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, 3, grant_map, ARRAY_LEN(grant_map), out, n);
}

enum yh_err relocation_db_office_exists(struct db *db, const char *code, bool *exists)
{
    static const char sql[] = "SELECT COUNT(*) FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(code)};
    int64_t n = 0;
    enum yh_err err = db_int(db, sql, p, 1, 0, &n);
    *exists = n > 0;
    return err;
}

/* The hosted member's columns (the sealed phone last, read as a blob). */
static const struct fm hosted_map[] = {
    FM(FM_ID, "id", struct hosted_member, id),
    FM(FM_STR, NULL, struct hosted_member, name),
    FM(FM_STR, "gender", struct hosted_member, gender),
    FM(FM_STR, NULL, struct hosted_member, birth_date),
    FM(FM_STR, "home_office", struct hosted_member, office),
    FM(FM_STR, "home_office_name", struct hosted_member, office_name),
    FM(FM_OPT, "home_branch_name", struct hosted_member, branch_name),
    FM(FM_STR, "residence_code", struct hosted_member, residence_code),
    FM(FM_STR, "category", struct hosted_member, category),
};

void hosted_member_add_json(cJSON *j, const struct hosted_member *m)
{
    fm_add_json(j, hosted_map, ARRAY_LEN(hosted_map), m);
}

static void hosted_from_row(const struct db_rows *r, size_t i, void *dst)
{
    struct hosted_member *m = dst;
    memset(m, 0, sizeof(*m));
    fm_from_row(r, i, hosted_map, ARRAY_LEN(hosted_map), m);
    m->phone_enc_len = db_blob(r, i, ARRAY_LEN(hosted_map), m->phone_enc, sizeof(m->phone_enc));
}

enum yh_err relocation_db_hosted(struct db *db, const char *host, const char *from_office, int64_t id,
                                 int64_t after_id, int limit, struct hosted_member **out, size_t *n)
{
    /* the grants made to host, then each granting office's consenting active members
     * living in host's area (ix_members_nearby) */
    static const char sql[] =
        "SELECT m.id, m.name, m.gender, m.birth_date, m.office_code, o.name, b.name, m.residence_code, "
        "m.category, m.phone_enc FROM relocation_grants g JOIN offices o ON o.code = g.office_code "
        "JOIN members m ON m.office_code = g.office_code AND m.nearby_consent = 1 AND m.status = 'active' "
        "AND m.relocated = 1 AND m.residence_code LIKE CONCAT(?, '%') "
        "LEFT JOIN branches b ON b.id = m.branch_id "
        "WHERE g.host_office = ? AND g.revoked_at IS NULL AND (? = '' OR g.office_code = ?) "
        "AND (? = 0 OR m.id = ?) AND m.id > ? ORDER BY m.id LIMIT ?";
    char prefix[7];
    snprintf(prefix, sizeof(prefix), "%.*s", (int)gbt2260_prefix_len(host), host);
    const char *from = from_office ? from_office : "";
    struct db_param p[] = {P_STR(prefix), P_STR(host), P_STR(from),     P_STR(from),
                           P_I64(id),     P_I64(id),   P_I64(after_id), P_I64(limit + 1)};
    return typed_rows_all(db, sql, p, ARRAY_LEN(p), hosted_from_row, sizeof(**out), out, n);
}
