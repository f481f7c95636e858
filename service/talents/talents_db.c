/* The silver talent pool's store. */
#include "yinhui/talents_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/text.h"
#include "yinhui/util.h"

/* ---- categories ---- */

enum yh_err tcat_db_ensure(struct db *db, const char *office)
{
    static const char sql[] =
        "INSERT IGNORE INTO talent_categories (office_code, code, name) SELECT ?, c.code, c.name FROM (SELECT "
        "'lecturing' code, '政治理论宣讲' name UNION ALL SELECT 'medicine', '医疗卫生' UNION ALL SELECT 'party_building', "
        "'党建' UNION ALL SELECT 'agriculture', '农业' UNION ALL SELECT 'science_education', '科教' UNION ALL SELECT "
        "'construction', '城乡建设' UNION ALL SELECT 'law', '法律' UNION ALL SELECT 'culture_arts', '文化艺术' UNION ALL "
        "SELECT 'economy', '经济与投资' UNION ALL SELECT 'next_generation', '关心下一代') c WHERE NOT EXISTS "
        "(SELECT 1 FROM talent_categories t WHERE t.office_code = ?)";
    struct db_param p[] = {P_STR(office), P_STR(office)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

#define TCAT_COLS                                                                                          \
    "c.id, c.code, c.name, c.retired, c.version, (SELECT COUNT(*) FROM talent_category_links l JOIN talents t " \
    "ON t.id = l.talent_id WHERE l.category_id = c.id AND t.status = 'admitted')"

enum yh_err tcat_db_list(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] = "SELECT " TCAT_COLS " FROM talent_categories c WHERE c.office_code = ? ORDER BY c.id";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err tcat_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " TCAT_COLS " FROM talent_categories c WHERE c.office_code = ? AND c.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err tcat_db_insert(struct db *db, const char *office, const char *code, const char *name, int64_t *id)
{
    static const char sql[] = "INSERT INTO talent_categories (office_code, code, name) VALUES (?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(code), P_STR(name)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err tcat_db_update(struct db *db, const char *office, int64_t id, int64_t version, const char *name,
                           bool retired)
{
    static const char sql[] = "UPDATE talent_categories SET name = ?, retired = ?, version = version + 1 "
                              "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM talent_categories WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(name), P_I64(retired), P_STR(office), P_I64(id), P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 5, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? YH_OK : db_why_not_updated(db, exists, office, id);
}

/* ---- talents ---- */

#define TALENT_COLS                                                                                        \
    "id, office_code, IFNULL(member_id, 0), name, gender, IFNULL(birth_year, 0), phone_enc, speciality, title, " \
    "former_position, bio, skills, availability, travel, service_area, languages, status, reason, admitted_on, " \
    "review_due_on, rating_sum, rating_count, version, " SQL_TS("created_at") ", " SQL_TS("updated_at")

static enum yh_err talent_one(struct db *db, const char *sql, const struct db_param *p, size_t n, struct talent *t)
{
    struct db_rows r;
    enum yh_err err = db_exec_row(db, sql, p, n, &r);
    if (err != YH_OK) {
        return err;
    }
    memset(t, 0, sizeof(*t));
    t->id = db_i64(&r, 0, 0);
    DB_CP(t->office, db_str(&r, 0, 1));
    t->member_id = db_i64(&r, 0, 2);
    DB_CP(t->name, db_str(&r, 0, 3));
    DB_CP(t->gender, db_str(&r, 0, 4));
    t->birth_year = db_i64(&r, 0, 5);
    if (db_str(&r, 0, 6) && db_len(&r, 0, 6) <= sizeof(t->phone_enc)) {
        t->phone_enc_len = db_len(&r, 0, 6);
        memcpy(t->phone_enc, db_str(&r, 0, 6), t->phone_enc_len);
    }
    DB_CP(t->speciality, db_str(&r, 0, 7));
    DB_CP(t->title, db_str(&r, 0, 8));
    DB_CP(t->former_position, db_str(&r, 0, 9));
    DB_CP(t->bio, db_str(&r, 0, 10));
    DB_CP(t->skills, db_str(&r, 0, 11));
    DB_CP(t->availability, db_str(&r, 0, 12));
    t->travel = db_i64(&r, 0, 13) != 0;
    DB_CP(t->service_area, db_str(&r, 0, 14));
    DB_CP(t->languages, db_str(&r, 0, 15));
    DB_CP(t->status, db_str(&r, 0, 16));
    DB_CP(t->reason, db_str(&r, 0, 17));
    DB_CP(t->admitted_on, db_str(&r, 0, 18));
    DB_CP(t->review_due_on, db_str(&r, 0, 19));
    t->rating_sum = db_i64(&r, 0, 20);
    t->rating_count = db_i64(&r, 0, 21);
    t->version = db_i64(&r, 0, 22);
    DB_CP(t->created_at, db_str(&r, 0, 23));
    DB_CP(t->updated_at, db_str(&r, 0, 24));
    db_rows_free(&r);
    return YH_OK;
}

enum yh_err talents_db_get(struct db *db, const char *office, int64_t id, struct talent *t)
{
    static const char sql[] = "SELECT " TALENT_COLS " FROM talents WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return talent_one(db, sql, p, 2, t);
}

enum yh_err talents_db_get_under(struct db *db, const char *prefix, int64_t id, struct talent *t)
{
    static const char sql[] = "SELECT " TALENT_COLS " FROM talents WHERE id = ? AND office_code LIKE CONCAT(?, '%')";
    struct db_param p[] = {P_I64(id), P_STR(prefix)};
    return talent_one(db, sql, p, 2, t);
}

enum yh_err talents_db_get_for_update(struct db *db, const char *office, int64_t id, struct talent *t)
{
    static const char sql[] = "SELECT " TALENT_COLS " FROM talents WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return talent_one(db, sql, p, 2, t);
}

enum yh_err talents_db_by_member(struct db *db, const char *office, int64_t member_id, struct talent *t)
{
    static const char sql[] = "SELECT " TALENT_COLS " FROM talents WHERE office_code = ? AND member_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id)};
    return talent_one(db, sql, p, 2, t);
}

/* Replaces the bigram index of a talent's free text. */
static enum yh_err index_text(struct db *db, int64_t id, const struct talent *t)
{
    static const char del[] = "DELETE FROM talent_grams WHERE talent_id = ?";
    const char *fields[4] = {t->title, t->speciality, t->former_position, t->bio};
    char (*g)[GRAM_MAX] = calloc(512, GRAM_MAX);
    size_t n = 0;
    enum yh_err err;
    struct db_param p[] = {P_I64(id)};
    if (g == NULL) {
        return YH_ERR_INTERNAL;
    }
    for (int f = 0; f < 4; f++) {
        n += text_bigrams(fields[f], g + n, 512 - n); /* a gram in two fields: INSERT IGNORE */
    }
    err = db_exec(db, del, p, 1, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < n; i += 100) {
        size_t m = n - i < 100 ? n - i : 100;
        struct buf sql = {0};
        struct db_param *q = calloc(m * 3, sizeof(*q));
        if (q == NULL) {
            err = YH_ERR_INTERNAL;
            break;
        }
        buf_puts(&sql, "INSERT IGNORE INTO talent_grams (gram, office_code, talent_id) VALUES ");
        for (size_t k = 0; k < m; k++) {
            buf_puts(&sql, k ? ",(?, ?, ?)" : "(?, ?, ?)");
            q[3 * k] = P_STR(g[i + k]);
            q[3 * k + 1] = P_STR(t->office);
            q[3 * k + 2] = P_I64(id);
        }
        err = db_exec(db, sql.data, q, m * 3, NULL, NULL, NULL);
        buf_free(&sql);
        free(q);
    }
    free(g);
    return err;
}

enum yh_err talents_db_insert(struct db *db, const struct talent *t, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO talents (office_code, member_id, name, gender, birth_year, phone_enc, speciality, title, "
        "former_position, bio, skills, availability, travel, service_area, languages) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(t->office),       t->member_id ? P_I64(t->member_id) : P_NULL,
                           P_STR(t->name),         P_OPT(t->gender),
                           t->birth_year ? P_I64(t->birth_year) : P_NULL,
                           t->phone_enc_len ? P_BLOB(t->phone_enc, t->phone_enc_len) : P_NULL,
                           P_STR(t->speciality),   P_OPT(t->title),
                           P_OPT(t->former_position), P_OPT(t->bio),
                           P_STR(t->skills),       P_STR(t->availability[0] ? t->availability : "by_arrangement"),
                           P_I64(t->travel),       P_STR(t->service_area),
                           P_STR(t->languages)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 15, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err == YH_OK ? index_text(db, *id, t) : err;
}

enum yh_err talents_db_update(struct db *db, const struct talent *t, int64_t version)
{
    static const char sql[] =
        "UPDATE talents SET name = ?, gender = ?, birth_year = ?, phone_enc = ?, speciality = ?, title = ?, "
        "former_position = ?, bio = ?, skills = ?, availability = ?, travel = ?, service_area = ?, languages = ?, "
        "version = version + 1, updated_at = NOW(3) WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM talents WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(t->name),         P_OPT(t->gender),
                           t->birth_year ? P_I64(t->birth_year) : P_NULL,
                           t->phone_enc_len ? P_BLOB(t->phone_enc, t->phone_enc_len) : P_NULL,
                           P_STR(t->speciality),   P_OPT(t->title),
                           P_OPT(t->former_position), P_OPT(t->bio),
                           P_STR(t->skills),       P_STR(t->availability),
                           P_I64(t->travel),       P_STR(t->service_area),
                           P_STR(t->languages),    P_STR(t->office),
                           P_I64(t->id),           P_I64(version)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 16, NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? index_text(db, t->id, t) : db_why_not_updated(db, exists, t->office, t->id);
}

enum yh_err talents_db_set_status(struct db *db, const struct talent *t)
{
    static const char sql[] = "UPDATE talents SET status = ?, reason = ?, admitted_on = ?, review_due_on = ?, "
                              "version = version + 1, updated_at = NOW(3) WHERE id = ?";
    struct db_param p[] = {P_STR(t->status), P_OPT(t->reason), P_OPT(t->admitted_on), P_OPT(t->review_due_on), P_I64(t->id)};
    return db_exec(db, sql, p, 5, NULL, NULL, NULL);
}

enum yh_err talents_db_add_step(struct db *db, int64_t id, const char *from, const char *to, const char *actor,
                                const char *reason)
{
    static const char sql[] = "INSERT INTO talent_steps (talent_id, from_status, to_status, actor, reason) "
                              "VALUES (?, ?, ?, ?, ?)";
    struct db_param p[] = {P_I64(id), P_OPT(from), P_STR(to), P_STR(actor), P_OPT(reason)};
    return db_exec(db, sql, p, 5, NULL, NULL, NULL);
}

enum yh_err talents_db_set_links(struct db *db, int64_t id, const int64_t *categories, size_t ncat,
                                 const char *skills_csv)
{
    static const char delc[] = "DELETE FROM talent_category_links WHERE talent_id = ?";
    static const char insc[] = "INSERT IGNORE INTO talent_category_links (talent_id, category_id) VALUES (?, ?)";
    static const char dels[] = "DELETE FROM talent_skills WHERE talent_id = ?";
    static const char inss[] = "INSERT IGNORE INTO talent_skills (talent_id, skill) VALUES (?, ?)";
    struct db_param p[] = {P_I64(id)};
    enum yh_err err = db_exec(db, delc, p, 1, NULL, NULL, NULL);
    for (size_t i = 0; err == YH_OK && i < ncat; i++) {
        struct db_param q[] = {P_I64(id), P_I64(categories[i])};
        err = db_exec(db, insc, q, 2, NULL, NULL, NULL);
    }
    if (err == YH_OK) {
        err = db_exec(db, dels, p, 1, NULL, NULL, NULL);
    }
    const char *s = skills_csv;
    while (err == YH_OK && *s) {
        char skill[41];
        size_t n = strcspn(s, ",");
        snprintf(skill, sizeof(skill), "%.*s", (int)(n < 40 ? n : 40), s);
        struct db_param q[] = {P_I64(id), P_STR(skill)};
        if (skill[0]) {
            err = db_exec(db, inss, q, 2, NULL, NULL, NULL);
        }
        s += n;
        s += *s == ',';
    }
    return err;
}

enum yh_err talents_db_categories(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT c.id, c.code, c.name FROM talent_category_links l JOIN talent_categories c ON "
                              "c.id = l.category_id WHERE l.talent_id = ? ORDER BY c.id";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err talents_db_steps(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT from_status, to_status, actor, reason, " SQL_TS("at")
                              " FROM talent_steps WHERE talent_id = ? ORDER BY id LIMIT 200";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err talents_db_feedback(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT r.id, r.department, r.rating, r.comment, " SQL_TS("r.updated_at")
                              " FROM talent_assignments a JOIN talent_requests r ON r.id = a.request_id WHERE "
                              "a.talent_id = ? AND a.status = 'accepted' AND r.status = 'closed' ORDER BY r.id DESC LIMIT 50";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

#define LIST_COLS "id, name, status, speciality, title, review_due_on, " SQL_TS("updated_at")

enum yh_err talents_db_list(struct db *db, const char *office, const char *status, int64_t after, int limit,
                            struct db_rows *rows)
{
    static const char sql[] = "SELECT " LIST_COLS " FROM talents WHERE office_code = ? AND (? IS NULL OR status = ?) "
                              "AND id > ? ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_OPT(status), P_OPT(status), P_I64(after), P_I64(limit + 1)};
    return db_exec(db, sql, p, 5, rows, NULL, NULL);
}

enum yh_err talents_db_review_due(struct db *db, const char *office, const char *date, struct db_rows *rows)
{
    static const char sql[] = "SELECT " LIST_COLS " FROM talents WHERE office_code = ? AND status = 'admitted' AND "
                              "review_due_on <= ? ORDER BY review_due_on, id LIMIT 1000";
    struct db_param p[] = {P_STR(office), P_STR(date)};
    return db_exec(db, sql, p, 2, rows, NULL, NULL);
}

enum yh_err offices_db_review_years(struct db *db, const char *office, int64_t *years)
{
    static const char sql[] = "SELECT talent_review_years FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(office)};
    struct db_rows rows;
    enum yh_err err = db_exec_row(db, sql, p, 1, &rows);
    if (err == YH_OK) {
        *years = db_i64(&rows, 0, 0);
        db_rows_free(&rows);
    }
    return err;
}

enum yh_err talents_db_search(struct db *db, const struct talent_search *s, struct db_rows *rows)
{
    struct buf sql = {0};
    struct db_param p[48];
    size_t np = 0;
    /* relevance: the free text in the title counts most, then speciality, position, bio */
    /* the categories' names are read for the page only (talents_db_category_names) */
    buf_puts(&sql, "SELECT t.id, t.office_code, t.name, t.speciality, t.title, t.service_area, '' cats, ");
    if (s->q) {
        buf_puts(&sql, "3 * (INSTR(IFNULL(t.title, ''), ?) > 0) + 2 * (INSTR(t.speciality, ?) > 0) + "
                       "(INSTR(IFNULL(t.former_position, ''), ?) > 0) + (INSTR(IFNULL(t.bio, ''), ?) > 0) score");
        for (int i = 0; i < 4; i++) {
            p[np++] = P_STR(s->q);
        }
    } else {
        buf_puts(&sql, "0 score");
    }
    buf_puts(&sql, " FROM talents t WHERE t.office_code LIKE CONCAT(?, '%') AND t.status = 'admitted'");
    p[np++] = P_STR(s->prefix);
    char grams[8][GRAM_MAX];
    size_t ng = s->q ? text_bigrams(s->q, grams, 8) : 0;
    if (ng > 0) {
        /* candidates through the bigram index: talents holding every gram of the query */
        buf_puts(&sql, " AND t.id IN (SELECT g.talent_id FROM talent_grams g WHERE g.office_code LIKE CONCAT(?, '%') "
                       "AND g.gram IN (");
        p[np++] = P_STR(s->prefix);
        for (size_t i = 0; i < ng; i++) {
            buf_puts(&sql, i ? ", ?" : "?");
            p[np++] = P_STR(grams[i]);
        }
        buf_printf(&sql, ") GROUP BY g.talent_id HAVING COUNT(*) = %zu)", ng);
    }
    if (s->category) {
        buf_puts(&sql, " AND EXISTS (SELECT 1 FROM talent_category_links l JOIN talent_categories c ON c.id = "
                       "l.category_id WHERE l.talent_id = t.id AND c.code = ?)");
        p[np++] = P_STR(s->category);
    }
    for (int i = 0; i < s->nskills; i++) {
        buf_puts(&sql, " AND EXISTS (SELECT 1 FROM talent_skills k WHERE k.talent_id = t.id AND k.skill = ?)");
        p[np++] = P_STR(s->skills[i]);
    }
    if (s->area) {
        /* serving the area itself, or its prefecture or province */
        buf_puts(&sql, " AND (FIND_IN_SET(?, t.service_area) > 0 OR FIND_IN_SET(CONCAT(LEFT(?, 4), '00'), "
                       "t.service_area) > 0 OR FIND_IN_SET(CONCAT(LEFT(?, 2), '0000'), t.service_area) > 0)");
        p[np++] = P_STR(s->area);
        p[np++] = P_STR(s->area);
        p[np++] = P_STR(s->area);
    }
    if (s->availability) {
        buf_puts(&sql, " AND t.availability IN (?, 'anytime')");
        p[np++] = P_STR(s->availability);
    }
    if (s->language) {
        buf_puts(&sql, " AND FIND_IN_SET(?, t.languages) > 0");
        p[np++] = P_STR(s->language);
    }
    if (s->q) {
        buf_puts(&sql, " HAVING score > 0");
    }
    buf_puts(&sql, " ORDER BY score DESC, t.admitted_on DESC, t.id DESC LIMIT ? OFFSET ?");
    p[np++] = P_I64(s->limit + 1);
    p[np++] = P_I64(s->offset);
    enum yh_err err = db_exec(db, sql.data, p, np, rows, NULL, NULL);
    buf_free(&sql);
    return err;
}

/* ---- groups ---- */

enum yh_err tgroups_db_insert(struct db *db, const char *office, const char *name, const char *kind,
                              const char *field, int64_t *id)
{
    static const char sql[] = "INSERT INTO talent_groups (office_code, name, kind, field) VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office), P_STR(name), P_STR(kind), P_OPT(field)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 4, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

#define GROUP_COLS "g.id, g.name, g.kind, g.field, (SELECT COUNT(*) FROM talent_group_members m WHERE m.group_id = g.id)"

enum yh_err tgroups_db_list(struct db *db, const char *office, struct db_rows *rows)
{
    static const char sql[] = "SELECT " GROUP_COLS " FROM talent_groups g WHERE g.office_code = ? ORDER BY g.id LIMIT 1000";
    struct db_param p[] = {P_STR(office)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err tgroups_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " GROUP_COLS " FROM talent_groups g WHERE g.office_code = ? AND g.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err tgroups_db_members(struct db *db, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT m.talent_id, t.name, m.role, t.speciality FROM talent_group_members m JOIN talents t "
                              "ON t.id = m.talent_id WHERE m.group_id = ? ORDER BY m.role = 'head' DESC, t.id LIMIT 1000";
    struct db_param p[] = {P_I64(id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err tgroups_db_set_member(struct db *db, int64_t id, int64_t talent_id, const char *role)
{
    static const char sql[] = "INSERT INTO talent_group_members (group_id, talent_id, role) VALUES (?, ?, ?) "
                              "ON DUPLICATE KEY UPDATE role = VALUES(role)";
    struct db_param p[] = {P_I64(id), P_I64(talent_id), P_STR(role)};
    return db_exec(db, sql, p, 3, NULL, NULL, NULL);
}

enum yh_err tgroups_db_remove_member(struct db *db, int64_t id, int64_t talent_id)
{
    static const char sql[] = "DELETE FROM talent_group_members WHERE group_id = ? AND talent_id = ?";
    struct db_param p[] = {P_I64(id), P_I64(talent_id)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 2, NULL, &affected, NULL);
    return err == YH_OK && affected == 0 ? YH_ERR_NOT_FOUND : err;
}

/* ---- requests ---- */

enum yh_err treq_db_insert(struct db *db, const char *office, const struct talent_request *q, int64_t *id)
{
    static const char sql[] = "INSERT INTO talent_requests (office_code, posted_by, department, category_id, skills, area, "
                              "starts_on, ends_on, description, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),        P_STR(q->posted_by), P_STR(q->department),
                           q->category_id ? P_I64(q->category_id) : P_NULL, P_STR(q->skills),
                           P_OPT(q->area),         P_OPT(q->starts_on),   P_OPT(q->ends_on),
                           P_STR(q->description), P_OPT(q->contact)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 10, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

#define TREQ_COLS                                                                                         \
    "r.id, r.posted_by, r.department, r.category_id, c.code, r.skills, r.area, r.starts_on, r.ends_on, "    \
    "r.description, r.contact, r.status, r.rating, r.comment, r.version, " SQL_TS("r.created_at")
#define TREQ_FROM " FROM talent_requests r LEFT JOIN talent_categories c ON c.id = r.category_id "

enum yh_err treq_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT " TREQ_COLS TREQ_FROM "WHERE r.office_code = ? AND r.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err treq_db_list(struct db *db, const char *office, const char *posted_by, const char *status,
                         int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] = "SELECT " TREQ_COLS TREQ_FROM "WHERE r.office_code = ? AND (? IS NULL OR r.posted_by = ?) "
                              "AND (? IS NULL OR r.status = ?) AND r.id > ? ORDER BY r.id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_OPT(posted_by), P_OPT(posted_by), P_OPT(status), P_OPT(status), P_I64(after),
                           P_I64(limit + 1)};
    return db_exec(db, sql, p, 7, rows, NULL, NULL);
}

enum yh_err treq_db_move(struct db *db, const char *office, int64_t id, int64_t version, const char *from,
                         const char *to, int64_t rating, const char *comment)
{
    static const char sql[] = "UPDATE talent_requests SET status = ?, rating = IF(? = 0, rating, ?), "
                              "comment = IF(? = 0, comment, ?), version = version + 1, updated_at = NOW(3) "
                              "WHERE office_code = ? AND id = ? AND version = ? AND FIND_IN_SET(status, ?) > 0";
    static const char state[] = "SELECT version FROM talent_requests WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(to),   P_I64(rating), P_I64(rating), P_I64(rating), P_OPT(comment),
                           P_STR(office), P_I64(id),   P_I64(version), P_STR(from)};
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, 9, NULL, &affected, NULL);
    if (err != YH_OK || affected == 1) {
        return err;
    }
    struct db_rows r;
    struct db_param q[] = {P_STR(office), P_I64(id)};
    err = db_exec_row(db, state, q, 2, &r);
    if (err == YH_OK) {
        err = db_i64(&r, 0, 0) != version ? YH_ERR_PRECONDITION : YH_ERR_CONFLICT;
        db_rows_free(&r);
    }
    return err;
}

enum yh_err tassign_db_list(struct db *db, int64_t request_id, struct db_rows *rows)
{
    static const char sql[] = "SELECT a.id, a.talent_id, t.name, a.status, " SQL_TS("a.created_at")
                              " FROM talent_assignments a JOIN talents t ON t.id = a.talent_id WHERE a.request_id = ? "
                              "ORDER BY a.id";
    struct db_param p[] = {P_I64(request_id)};
    return db_exec(db, sql, p, 1, rows, NULL, NULL);
}

enum yh_err tassign_db_insert(struct db *db, int64_t request_id, int64_t talent_id, const char *by, int64_t *id)
{
    static const char sql[] = "INSERT INTO talent_assignments (request_id, talent_id, assigned_by) VALUES (?, ?, ?)";
    struct db_param p[] = {P_I64(request_id), P_I64(talent_id), P_STR(by)};
    uint64_t nid = 0;
    enum yh_err err = db_exec(db, sql, p, 3, NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err;
}

enum yh_err tassign_db_get_for_update(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT a.id, a.request_id, a.talent_id, a.status, r.office_code, IFNULL(t.member_id, 0), "
                              "r.status FROM talent_assignments a JOIN talent_requests r ON r.id = a.request_id JOIN "
                              "talents t ON t.id = a.talent_id WHERE a.id = ? AND r.office_code = ? FOR UPDATE";
    struct db_param p[] = {P_I64(id), P_STR(office)};
    return db_exec_row(db, sql, p, 2, rows);
}

enum yh_err tassign_db_decide(struct db *db, int64_t id, const char *status)
{
    static const char sql[] = "UPDATE talent_assignments SET status = ?, decided_at = NOW(3) WHERE id = ?";
    struct db_param p[] = {P_STR(status), P_I64(id)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

enum yh_err talents_db_rate(struct db *db, int64_t request_id, int64_t rating)
{
    static const char sql[] = "UPDATE talents t JOIN talent_assignments a ON a.talent_id = t.id SET t.rating_sum = "
                              "t.rating_sum + ?, t.rating_count = t.rating_count + 1 WHERE a.request_id = ? AND "
                              "a.status = 'accepted'";
    struct db_param p[] = {P_I64(rating), P_I64(request_id)};
    return db_exec(db, sql, p, 2, NULL, NULL, NULL);
}

enum yh_err treq_db_candidates(struct db *db, const char *office, int64_t request_id, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT t.id, t.name, t.speciality, t.title, t.service_area, (SELECT GROUP_CONCAT(c.code) FROM "
        "talent_category_links l JOIN talent_categories c ON c.id = l.category_id WHERE l.talent_id = t.id), t.skills, "
        "t.rating_sum, t.rating_count FROM talents t WHERE t.office_code = ? AND t.status = 'admitted' AND NOT EXISTS "
        "(SELECT 1 FROM talent_assignments a WHERE a.request_id = ? AND a.talent_id = t.id) ORDER BY t.id LIMIT 2000";
    struct db_param p[] = {P_STR(office), P_I64(request_id)};
    return db_exec(db, sql, p, 2, rows, NULL, NULL);
}

enum yh_err talents_db_category_names(struct db *db, const int64_t *ids, size_t n, struct db_rows *rows)
{
    struct buf sql = {0};
    struct db_param p[101];
    if (n > 101) {
        n = 101;
    }
    buf_puts(&sql, "SELECT l.talent_id, GROUP_CONCAT(c.name ORDER BY c.id) FROM talent_category_links l JOIN "
                   "talent_categories c ON c.id = l.category_id WHERE l.talent_id IN (0");
    for (size_t i = 0; i < n; i++) {
        buf_puts(&sql, ", ?");
        p[i] = P_I64(ids[i]);
    }
    buf_puts(&sql, ") GROUP BY l.talent_id");
    enum yh_err err = db_exec(db, sql.data, p, n, rows, NULL, NULL);
    buf_free(&sql);
    return err;
}
