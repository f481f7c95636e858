/* The store of /v1/talents: entries, their category links and skill index, the free-text
 * bigram index, steps, feedback, lists and the review-due list. */
#include "yinhui/talents_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/name_search.h"
#include "yinhui/text.h"
#include "yinhui/util.h"
#include "yinhui/volunteers_db.h"

/* The mapped columns, then the phone's blob. */
#define TALENT_COLS                                                                                          \
    "id, office_code, IFNULL(member_id, 0), name, gender, IFNULL(birth_year, 0), speciality, title, "        \
    "former_position, bio, skills, availability, travel, service_area, languages, status, reason, "          \
    "admitted_on, review_due_on, rating_sum, rating_count, version, " SQL_TS("created_at") ", " SQL_TS(      \
        "updated_at") ", phone_enc"

const struct fm talent_map[] = {
    FM(FM_ID, "id", struct talent, id),
    FM(FM_STR, "office", struct talent, office),
    FM(FM_ID, "member_id", struct talent, member_id),
    FM(FM_STR, "name", struct talent, name),
    FM(FM_OPT, "gender", struct talent, gender),
    FM(FM_INT, NULL, struct talent, birth_year),
    FM(FM_STR, "speciality", struct talent, speciality),
    FM(FM_OPT, "title", struct talent, title),
    FM(FM_OPT, "former_position", struct talent, former_position),
    FM(FM_OPT, "bio", struct talent, bio),
    FM(FM_STR, NULL, struct talent, skills),
    FM(FM_STR, "availability", struct talent, availability),
    FM(FM_BOOL, "travel", struct talent, travel),
    FM(FM_STR, NULL, struct talent, service_area),
    FM(FM_STR, NULL, struct talent, languages),
    FM(FM_STR, "status", struct talent, status),
    FM(FM_OPT, "reason", struct talent, reason),
    FM(FM_OPT, "admitted_on", struct talent, admitted_on),
    FM(FM_OPT, "review_due_on", struct talent, review_due_on),
    FM(FM_INT, NULL, struct talent, rating_sum),
    FM(FM_INT, NULL, struct talent, rating_count),
    FM(FM_INT, "version", struct talent, version),
    FM(FM_STR, "created_at", struct talent, created_at),
    FM(FM_STR, "updated_at", struct talent, updated_at),
};
const size_t talent_map_len = ARRAY_LEN(talent_map);

/* The talent of a one-row SELECT of TALENT_COLS into *t. */
static enum yh_err talent_one(struct db *db, const char *sql, const struct db_param *p, size_t n,
                              struct talent *t)
{
    struct db_rows r;
    memset(t, 0, sizeof(*t));
    enum yh_err err = fm_one_extra(db, sql, p, n, talent_map, talent_map_len, 1, t, &r);
    if (err == YH_OK) {
        t->phone_enc_len = db_blob(&r, 0, talent_map_len, t->phone_enc, sizeof(t->phone_enc));
        db_rows_free(&r);
    }
    return err;
}

enum yh_err talents_db_get(struct db *db, const char *office, int64_t id, struct talent *t)
{
    static const char sql[] =
        "SELECT " TALENT_COLS " FROM talents " SQL_BY_ID " WHERE office_code = ? AND id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return talent_one(db, sql, p, 2, t);
}

enum yh_err talents_db_get_under(struct db *db, const char *prefix, int64_t id, struct talent *t)
{
    static const char sql[] =
        "SELECT " TALENT_COLS " FROM talents WHERE id = ? AND office_code LIKE CONCAT(?, '%')";
    struct db_param p[] = {P_I64(id), P_STR(prefix)};
    return talent_one(db, sql, p, 2, t);
}

enum yh_err talents_db_get_for_update(struct db *db, const char *office, int64_t id, struct talent *t)
{
    static const char sql[] =
        "SELECT " TALENT_COLS " FROM talents " SQL_BY_ID " WHERE office_code = ? AND id = ? FOR UPDATE";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return talent_one(db, sql, p, 2, t);
}

enum yh_err talents_db_by_member(struct db *db, const char *office, int64_t member_id, struct talent *t)
{
    static const char sql[] = "SELECT " TALENT_COLS " FROM talents WHERE office_code = ? AND member_id = ?";
    struct db_param p[] = {P_STR(office), P_I64(member_id)};
    return talent_one(db, sql, p, 2, t);
}

#define GRAMS_MAX 1024

/* Appends the grams of the folded (simplified) forms of texts (NULL: none) to g from n,
 * so that a query folded the same way finds traditional text; returns the new n. */
static size_t folded_grams(const char *const *texts, int nt, char (*g)[GRAM_MAX], size_t n)
{
    char *simp = malloc(PY_SIMP_MAX);
    for (int i = 0; simp && i < nt; i++) {
        if (texts[i] && text_simplified(texts[i], simp, PY_SIMP_MAX)) {
            n += text_bigrams(simp, g + n, GRAMS_MAX - n);
        }
    }
    free(simp);
    return n;
}

/* Inserts grams g[0..n) of talent id of office (a gram twice: INSERT IGNORE). */
static enum yh_err grams_insert(struct db *db, int64_t id, const char *office, char (*g)[GRAM_MAX], size_t n)
{
    enum yh_err err = YH_OK;
    for (size_t i = 0; err == YH_OK && i < n; i += 100) {
        size_t m = n - i < 100 ? n - i : 100;
        struct buf sql = {0};
        struct db_param *q = calloc(m * 3, sizeof(*q));
        if (q == NULL) {
            return YH_ERR_INTERNAL;
        }
        buf_puts(&sql, "INSERT IGNORE INTO talent_grams (gram, office_code, talent_id) VALUES ");
        for (size_t k = 0; k < m; k++) {
            buf_puts(&sql, k ? ",(?, ?, ?)" : "(?, ?, ?)");
            q[3 * k] = P_STR(g[i + k]);
            q[3 * k + 1] = P_STR(office);
            q[3 * k + 2] = P_I64(id);
        }
        err = db_exec(db, sql.data, q, m * 3, NULL, NULL, NULL);
        buf_free(&sql);
        free(q);
    }
    return err;
}

/* Replaces the bigram index of a talent's free text: the text as written and its folded
 * form, with the folded name (sql/0059: 張三 is found by 张三). */
static enum yh_err index_text(struct db *db, int64_t id, const struct talent *t)
{
    static const char del[] = "DELETE FROM talent_grams WHERE talent_id = ?";
    const char *fields[4] = {t->title, t->speciality, t->former_position, t->bio};
    const char *folded[5] = {t->name, t->speciality, t->title, t->former_position, t->bio};
    char(*g)[GRAM_MAX] = calloc(GRAMS_MAX, GRAM_MAX);
    size_t n = 0;
    struct db_param p[] = {P_I64(id)};
    if (g == NULL) {
        return YH_ERR_INTERNAL;
    }
    for (int f = 0; f < 4; f++) {
        n += text_bigrams(fields[f], g + n, GRAMS_MAX - n);
    }
    n = folded_grams(folded, 5, g, n);
    enum yh_err err = db_exec(db, del, p, 1, NULL, NULL, NULL);
    if (err == YH_OK) {
        err = grams_insert(db, id, t->office, g, n);
    }
    free(g);
    return err;
}

/* names_reindex's step after keying talent id: adds the grams of its folded text (the
 * grams of the text as written are there already). */
static enum yh_err fold_grams_of(struct db *db, int64_t id)
{
    static const char sql[] =
        "SELECT office_code, name, speciality, title, former_position, bio FROM talents WHERE id = ?";
    struct db_param p[] = {P_I64(id)};
    struct db_rows rows;
    enum yh_err err = db_exec_row(db, sql, p, 1, &rows);
    if (err != YH_OK) {
        return err == YH_ERR_NOT_FOUND ? YH_OK : err;
    }
    char(*g)[GRAM_MAX] = calloc(GRAMS_MAX, GRAM_MAX);
    const char *texts[5];
    for (int i = 0; i < 5; i++) {
        texts[i] = db_str(&rows, 0, (size_t)i + 1);
    }
    err = g ? grams_insert(db, id, db_str(&rows, 0, 0), g, folded_grams(texts, 5, g, 0)) : YH_ERR_INTERNAL;
    db_rows_free(&rows);
    free(g);
    return err;
}

const struct keyed_table keyed_talents = {"talents", 2, {"name", "speciality"}, {true, false}, fold_grams_of};

/* The search keys (sql/0059) and the bigram index of talent id. */
static enum yh_err index_talent(struct db *db, int64_t id, const struct talent *t)
{
    const char *texts[] = {t->name, t->speciality};
    enum yh_err err = search_keys_write(db, &keyed_talents, t->office, id, texts);
    return err == YH_OK ? index_text(db, id, t) : err;
}

#define PROFILE_PARAMS 13
/* The profile columns of t in the order the INSERT and UPDATE name them (name ...
 * languages) into p[0..PROFILE_PARAMS), with availability in its place. */
static void profile_params(const struct talent *t, const char *availability, struct db_param *p)
{
    const struct db_param v[PROFILE_PARAMS] = {
        P_STR(t->name),
        P_OPT(t->gender),
        t->birth_year ? P_I64(t->birth_year) : P_NULL,
        t->phone_enc_len ? P_BLOB(t->phone_enc, t->phone_enc_len) : P_NULL,
        P_STR(t->speciality),
        P_OPT(t->title),
        P_OPT(t->former_position),
        P_OPT(t->bio),
        P_STR(t->skills),
        P_STR(availability),
        P_I64(t->travel),
        P_STR(t->service_area),
        P_STR(t->languages),
    };
    memcpy(p, v, sizeof(v));
}

enum yh_err talents_db_insert(struct db *db, const struct talent *t, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO talents (office_code, member_id, name, gender, birth_year, phone_enc, "
        "speciality, title, former_position, bio, skills, availability, travel, "
        "service_area, languages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_param p[2 + PROFILE_PARAMS] = {P_STR(t->office), t->member_id ? P_I64(t->member_id) : P_NULL};
    uint64_t nid = 0;
    profile_params(t, t->availability[0] ? t->availability : "by_arrangement", p + 2);
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, &nid);
    *id = (int64_t)nid;
    return err == YH_OK ? index_talent(db, *id, t) : err;
}

enum yh_err talents_db_update(struct db *db, const struct talent *t, int64_t version)
{
    static const char sql[] =
        "UPDATE talents SET name = ?, gender = ?, birth_year = ?, phone_enc = ?, speciality = ?, title = ?, "
        "former_position = ?, bio = ?, skills = ?, availability = ?, travel = ?, service_area = ?, "
        "languages = ?, version = version + 1, updated_at = NOW(3) "
        "WHERE office_code = ? AND id = ? AND version = ?";
    static const char exists[] = "SELECT 1 FROM talents WHERE office_code = ? AND id = ?";
    struct db_param p[PROFILE_PARAMS + 3];
    profile_params(t, t->availability, p);
    p[PROFILE_PARAMS] = P_STR(t->office);
    p[PROFILE_PARAMS + 1] = P_I64(t->id);
    p[PROFILE_PARAMS + 2] = P_I64(version);
    uint64_t affected = 0;
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, &affected, NULL);
    if (err != YH_OK) {
        return err;
    }
    return affected == 1 ? index_talent(db, t->id, t) : db_why_not_updated(db, exists, t->office, t->id);
}

enum yh_err talents_db_set_status(struct db *db, const struct talent *t)
{
    static const char sql[] =
        "UPDATE talents SET status = ?, reason = ?, admitted_on = ?, review_due_on = ?, "
        "version = version + 1, updated_at = NOW(3) WHERE id = ? AND office_code = ?";
    struct db_param p[] = {P_STR(t->status),        P_OPT(t->reason), P_OPT(t->admitted_on),
                           P_OPT(t->review_due_on), P_I64(t->id),     P_STR(t->office)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}

enum yh_err talents_db_add_step(struct db *db, const char *office, int64_t id, const char *from,
                                const char *to, const char *actor, const char *reason)
{
    static const char sql[] = "INSERT INTO talent_steps (talent_id, from_status, to_status, actor, reason) "
                              "SELECT id, ?, ?, ?, ? FROM talents WHERE id = ? AND office_code = ?";
    struct db_param p[] = {P_OPT(from), P_STR(to), P_STR(actor), P_OPT(reason), P_I64(id), P_STR(office)};
    return db_exec(db, sql, p, 6, NULL, NULL, NULL);
}

enum yh_err talents_db_set_links(struct db *db, const char *office, int64_t id, const int64_t *categories,
                                 size_t ncat, const char *skills_csv)
{
    /* the categories were read under office already; the talent is checked here */
    static const char own[] = "SELECT 1 FROM talents WHERE id = ? AND office_code = ?";
    static const char delc[] = "DELETE FROM talent_category_links WHERE talent_id = ?";
    static const char insc[] =
        "INSERT IGNORE INTO talent_category_links (talent_id, category_id) VALUES (?, ?)";
    static const char dels[] = "DELETE FROM talent_skills WHERE talent_id = ?";
    static const char inss[] = "INSERT IGNORE INTO talent_skills (talent_id, skill) VALUES (?, ?)";
    struct db_param p[] = {P_I64(id)};
    struct db_param o[] = {P_I64(id), P_STR(office)};
    struct db_rows r;
    enum yh_err err = db_exec_row(db, own, o, 2, &r);
    if (err != YH_OK) {
        return err;
    }
    db_rows_free(&r);
    err = db_exec(db, delc, p, 1, NULL, NULL, NULL);
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

static const struct jcol cat_cols[] = {{"id", JC_ID}, {"code", JC_STR}, {"name", JC_STR}};
const struct view talent_cats_view = VIEW(cat_cols);
static const struct jcol step_cols[] = {
    {"from", JC_STR}, {"to", JC_STR}, {"by", JC_STR}, {"reason", JC_STR}, {"at", JC_STR}};
const struct view talent_steps_view = VIEW(step_cols);
static const struct jcol fb_cols[] = {{"request_id", JC_ID},
                                      {"department", JC_STR},
                                      {"rating", JC_INT},
                                      {"comment", JC_STR},
                                      {"closed_at", JC_STR}};
const struct view talent_feedback_view = VIEW(fb_cols);
static const struct jcol list_cols[] = {{"id", JC_ID},          {"name", JC_STR},  {"status", JC_STR},
                                        {"speciality", JC_STR}, {"title", JC_STR}, {"review_due_on", JC_STR},
                                        {"updated_at", JC_STR}};
const struct view talent_list_view = VIEW(list_cols);

/* The categories of a talent of the office, by category id. */
#define TALENT_CATS_SQL(cols)                                                                                \
    "SELECT " cols                                                                                           \
    " FROM talent_category_links l JOIN talent_categories c ON c.id = l.category_id JOIN talents t "         \
    "ON t.id = l.talent_id WHERE l.talent_id = ? AND t.office_code = ? ORDER BY c.id"

enum yh_err talents_db_categories(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = TALENT_CATS_SQL("c.id, c.code, c.name");
    struct db_param p[] = {P_I64(id), P_STR(office)};
    return view_fetch(db, &talent_cats_view, sql, p, 2, false, rows);
}

enum yh_err talents_db_category_ids(struct db *db, const char *office, int64_t id, int64_t *ids, size_t max,
                                    size_t *n)
{
    static const char sql[] = TALENT_CATS_SQL("c.id");
    struct db_param p[] = {P_I64(id), P_STR(office)};
    struct db_rows r;
    enum yh_err err = db_exec(db, sql, p, 2, &r, NULL, NULL);
    if (err != YH_OK) {
        return err;
    }
    *n = r.nrows < max ? r.nrows : max;
    for (size_t i = 0; i < *n; i++) {
        ids[i] = db_i64(&r, i, 0);
    }
    db_rows_free(&r);
    return YH_OK;
}

enum yh_err talents_db_steps(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT s.from_status, s.to_status, s.actor, s.reason, " SQL_TS(
        "s.at") " FROM talent_steps s JOIN talents t ON t.id = s.talent_id "
                "WHERE s.talent_id = ? AND t.office_code = ? ORDER BY s.id LIMIT 200";
    struct db_param p[] = {P_I64(id), P_STR(office)};
    return view_fetch(db, &talent_steps_view, sql, p, 2, false, rows);
}

enum yh_err talents_db_feedback(struct db *db, const char *office, int64_t id, struct db_rows *rows)
{
    static const char sql[] = "SELECT r.id, r.department, r.rating, r.comment, " SQL_TS(
        "r.updated_at") " FROM talent_assignments a JOIN talent_requests r ON r.id = a.request_id WHERE "
                        "a.talent_id = ? AND "
                        "r.office_code = ? AND a.status = 'accepted' AND r.status = 'closed' ORDER BY r.id "
                        "DESC LIMIT 50";
    struct db_param p[] = {P_I64(id), P_STR(office)};
    return view_fetch(db, &talent_feedback_view, sql, p, 2, false, rows);
}

#define LIST_COLS "id, name, status, speciality, title, review_due_on, " SQL_TS("updated_at")

enum yh_err talents_db_list(struct db *db, const char *office, const char *status, int64_t after, int limit,
                            struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " LIST_COLS " FROM talents WHERE office_code = ? AND (? IS NULL OR status = ?) "
        "AND id > ? ORDER BY id LIMIT ?";
    struct db_param p[] = {P_STR(office), P_OPT(status), P_OPT(status), P_I64(after), P_I64(limit + 1)};
    return view_fetch(db, &talent_list_view, sql, p, 5, false, rows);
}

enum yh_err talents_db_review_due(struct db *db, const char *office, const char *date, struct db_rows *rows)
{
    static const char sql[] =
        "SELECT " LIST_COLS " FROM talents WHERE office_code = ? AND status = 'admitted' AND "
        "review_due_on <= ? ORDER BY review_due_on, id LIMIT 1000";
    struct db_param p[] = {P_STR(office), P_STR(date)};
    return view_fetch(db, &talent_list_view, sql, p, 2, false, rows);
}

enum yh_err offices_db_review_years(struct db *db, const char *office, int64_t *years)
{
    static const char sql[] = "SELECT talent_review_years FROM offices WHERE code = ?";
    struct db_param p[] = {P_STR(office)};
    return db_int_row(db, sql, p, 1, years);
}
