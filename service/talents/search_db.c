/* The store of /v1/talents/search: admitted talents of an office or of the offices
 * under it, by relevance, through the bigram index of their free text. */
#include "yinhui/talents_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/name_search.h"
#include "yinhui/text.h"
#include "yinhui/util.h"

/* Appends the office filter on the talents of alias a: a county by its code, offices
 * under a prefecture or province by the code's prefix, each through the column whose
 * index reads admitted talents newest first (sql/0058); grams by the prefix. */
static size_t office_filter(const struct talent_search *s, const char *a, struct buf *sql, struct db_param *p,
                            size_t np)
{
    size_t len = strlen(s->prefix);
    if (strcmp(a, "t") == 0 && (len == 6 || len == 4 || len == 2)) {
        buf_printf(sql, "t.%s = ?",
                   len == 6   ? "office_code"
                   : len == 4 ? "prefecture_code"
                              : "province_code");
    } else {
        buf_printf(sql, len == 6 ? "%s.office_code = ?" : "%s.office_code LIKE CONCAT(?, '%%')", a);
    }
    p[np++] = P_STR(s->prefix);
    return np;
}

/* Appends the search's filters other than the free text to sql, their parameters to
 * p from np on; returns the new np. */
static size_t search_filters(const struct talent_search *s, struct buf *sql, struct db_param *p, size_t np)
{
    if (s->category) {
        /* a talent's categories are its office's (talents_db_set_links): per talent the
         * category's key (office, code) then the link's; or the categories of the offices
         * searched first, never every office's */
        buf_puts(
            sql,
            " AND EXISTS (SELECT 1 FROM talent_category_links l JOIN talent_categories c ON c.id = "
            "l.category_id WHERE l.talent_id = t.id AND c.office_code = t.office_code AND c.code = ? AND ");
        p[np++] = P_STR(s->category);
        np = office_filter(s, "c", sql, p, np);
        buf_puts(sql, ")");
    }
    for (int i = 0; i < s->nskills; i++) {
        buf_puts(sql, " AND EXISTS (SELECT 1 FROM talent_skills k WHERE k.talent_id = t.id AND k.skill = ?)");
        p[np++] = P_STR(s->skills[i]);
    }
    if (s->area) {
        /* serving the area itself, or its prefecture or province */
        buf_puts(sql, " AND (FIND_IN_SET(?, t.service_area) > 0 OR FIND_IN_SET(CONCAT(LEFT(?, 4), '00'), "
                      "t.service_area) > 0 OR FIND_IN_SET(CONCAT(LEFT(?, 2), '0000'), t.service_area) > 0)");
        p[np++] = P_STR(s->area);
        p[np++] = P_STR(s->area);
        p[np++] = P_STR(s->area);
    }
    if (s->availability) {
        buf_puts(sql, " AND t.availability IN (?, 'anytime')");
        p[np++] = P_STR(s->availability);
    }
    if (s->language) {
        buf_puts(sql, " AND FIND_IN_SET(?, t.languages) > 0");
        p[np++] = P_STR(s->language);
    }
    return np;
}

/* Appends the office filter on talents k through their prefecture (sql/0059's keys): a
 * county's by its prefecture and its code, a prefecture's by its code, a province's by
 * the prefix. */
static size_t prefecture_filter(const struct talent_search *s, struct buf *sql, struct db_param *p, size_t np)
{
    size_t len = strlen(s->prefix);
    buf_puts(sql, len == 6   ? "k.prefecture_code = LEFT(?, 4) AND k.office_code = ?"
                  : len == 4 ? "k.prefecture_code = ?"
                             : "k.prefecture_code LIKE CONCAT(?, '%')");
    p[np++] = P_STR(s->prefix);
    if (len == 6) {
        p[np++] = P_STR(s->prefix);
    }
    return np;
}

/* Appends FROM for a query with letters (pinyin, sql/0059): the candidates, each read
 * through an index of (prefecture_code, key): the keys' range within the prefecture
 * (or the province's prefectures, the key then checked in the index): the name's and the speciality's
 * full pinyin by prefix, for letters only also their initials, and the talents holding
 * the query's first gram as written (Latin in the text; the score confirms). Then each
 * candidate by its key. */
static size_t pinyin_from(const struct talent_search *s, char grams[8][GRAM_MAX], struct buf *sql,
                          struct db_param *p, size_t np)
{
    static const char *const keys[4] = {"name_py", "speciality_py", "name_initials", "speciality_initials"};
    int nkeys = s->pq->mode == PQ_LATIN ? 4 : 2;
    buf_puts(sql, " FROM (");
    for (int i = 0; i < nkeys; i++) {
        buf_printf(sql, "%sSELECT k.id FROM talents k FORCE INDEX (ix_talents_pref_%s) WHERE ",
                   i ? " UNION " : "", keys[i]);
        np = prefecture_filter(s, sql, p, np);
        buf_printf(sql, " AND k.%s LIKE CONCAT(?, '%%')", keys[i]);
        p[np++] = P_STR(s->pq->py);
    }
    if (text_bigrams(s->q, grams, 1) == 1) {
        buf_puts(sql, " UNION SELECT g.talent_id FROM talent_grams g WHERE g.gram = ? AND ");
        p[np++] = P_STR(grams[0]);
        np = office_filter(s, "g", sql, p, np);
    }
    buf_puts(sql, ") c STRAIGHT_JOIN talents t ON t.id = c.id WHERE ");
    return office_filter(s, "t", sql, p, np);
}

/* Appends FROM: with grams, the talents holding every gram of the query, read first
 * through the bigram index (the first gram's range, each other gram by its key) and then
 * each talent by its key. No temporary table; STRAIGHT_JOIN because, left to itself, the
 * optimizer reads every admitted talent of a prefecture, scores and sorts them all, and
 * only then checks the grams. Without grams, the talents alone. The grams are the
 * caller's: the parameters point into them until the statement has run. */
static size_t search_from(const struct talent_search *s, char grams[8][GRAM_MAX], struct buf *sql,
                          struct db_param *p, size_t np)
{
    if (s->q && s->pq->mode != PQ_HAN) {
        return pinyin_from(s, grams, sql, p, np);
    }
    /* a query in Chinese by the grams of its folded form */
    size_t ng = s->q ? text_bigrams(s->pq->simplified, grams, 8) : 0;
    if (ng == 0) {
        buf_puts(sql, " FROM talents t WHERE ");
        return office_filter(s, "t", sql, p, np);
    }
    buf_puts(sql, " FROM talent_grams g0");
    for (size_t i = 1; i < ng; i++) {
        buf_printf(sql,
                   " JOIN talent_grams g%zu ON g%zu.gram = ? AND g%zu.office_code = g0.office_code AND "
                   "g%zu.talent_id = g0.talent_id",
                   i, i, i, i);
        p[np++] = P_STR(grams[i]);
    }
    buf_puts(sql, " STRAIGHT_JOIN talents t ON t.id = g0.talent_id WHERE g0.gram = ? AND ");
    p[np++] = P_STR(grams[0]);
    np = office_filter(s, "g0", sql, p, np);
    buf_puts(sql, " AND ");
    return office_filter(s, "t", sql, p, np);
}

/* Appends the relevance of the free text q: its name 4, title 3, speciality 2, former
 * position 1, bio 1; name and speciality by their keys (name_search.h: folded, pinyin,
 * initials), the others by q as written or folded. */
static size_t score_sql(const struct talent_search *s, struct buf *sql, struct db_param *p, size_t np)
{
    static const char *const cols[3] = {"t.title", "t.former_position", "t.bio"};
    static const char *const weights[3] = {"3 * ", "", ""};
    buf_puts(sql, "4 * ");
    np = name_match_cond(sql, p, np, "t", "name", s->pq);
    buf_puts(sql, " + 2 * (INSTR(t.speciality, ?) > 0 OR ");
    p[np++] = P_STR(s->q);
    np = name_match_cond(sql, p, np, "t", "speciality", s->pq);
    buf_puts(sql, ")");
    for (int i = 0; i < 3; i++) {
        buf_printf(sql, " + %s(INSTR(IFNULL(%s, ''), ?) > 0 OR INSTR(IFNULL(%s, ''), ?) > 0)", weights[i],
                   cols[i], cols[i]);
        p[np++] = P_STR(s->q);
        p[np++] = P_STR(s->pq->simplified);
    }
    buf_puts(sql, " score");
    return np;
}

enum yh_err talents_db_search(struct db *db, const struct talent_search *s, struct db_rows *rows)
{
    struct buf sql = {0};
    struct db_param p[48];
    char grams[8][GRAM_MAX];
    size_t np = 0;
    /* relevance: the free text in the title counts most, then speciality, position, bio */
    /* the categories' names are read for the page only (talents_db_category_names) */
    buf_puts(&sql, "SELECT t.id, t.office_code, t.name, t.speciality, t.title, t.service_area, '' cats, ");
    if (s->q) {
        np = score_sql(s, &sql, p, np);
    } else {
        buf_puts(&sql, "0 score");
    }
    np = search_from(s, grams, &sql, p, np);
    buf_puts(&sql, " AND t.status = 'admitted'");
    np = search_filters(s, &sql, p, np);
    if (s->q) {
        buf_puts(&sql, " HAVING score > 0");
    }
    /* without free text every score is 0: the order of the office's index (sql/0058) */
    buf_puts(&sql, s->q ? " ORDER BY score DESC, t.admitted_on DESC, t.id DESC LIMIT ? OFFSET ?"
                        : " ORDER BY t.admitted_on DESC, t.id DESC LIMIT ? OFFSET ?");
    p[np++] = P_I64(s->limit + 1);
    p[np++] = P_I64(s->offset);
    enum yh_err err = db_exec(db, sql.data, p, np, rows, NULL, NULL);
    buf_free(&sql);
    return err;
}

void talent_hit_at(const struct db_rows *rows, size_t i, struct talent_hit *h)
{
    h->id = db_i64(rows, i, 0);
    h->office = db_str(rows, i, 1);
    h->name = db_str(rows, i, 2);
    h->speciality = db_str(rows, i, 3);
    h->title = db_str(rows, i, 4);
    h->service_area = db_str(rows, i, 5);
    h->score = db_i64(rows, i, 7);
}

enum yh_err talents_db_category_names(struct db *db, const char *prefix, const int64_t *ids, size_t n,
                                      char **names)
{
    struct buf sql = {0};
    struct db_param p[102];
    struct db_rows rows;
    if (n > 101) {
        n = 101;
    }
    buf_puts(&sql, "SELECT l.talent_id, GROUP_CONCAT(c.name ORDER BY c.id) FROM talent_category_links l JOIN "
                   "talent_categories c ON c.id = l.category_id WHERE c.office_code LIKE CONCAT(?, '%') AND "
                   "l.talent_id IN (0");
    p[0] = P_STR(prefix);
    for (size_t i = 0; i < n; i++) {
        buf_puts(&sql, ", ?");
        p[i + 1] = P_I64(ids[i]);
    }
    buf_puts(&sql, ") GROUP BY l.talent_id");
    enum yh_err err = db_exec(db, sql.data, p, n + 1, &rows, NULL, NULL);
    buf_free(&sql);
    for (size_t i = 0; i < n; i++) {
        names[i] = NULL;
        for (size_t k = 0; err == YH_OK && k < rows.nrows; k++) {
            if (db_i64(&rows, k, 0) == ids[i] && names[i] == NULL) {
                names[i] = strdup(db_str(&rows, k, 1) ? db_str(&rows, k, 1) : "");
            }
        }
    }
    if (err == YH_OK) {
        db_rows_free(&rows);
    }
    return err;
}
