/* The store of /v1/documents: documents circulated for reading (阅文) and their readers. */
#include <stdio.h>
#include <string.h>

#include "yinhui/json_out.h"
#include "yinhui/treatment_db.h"
#include "yinhui/util.h"

/* The mapped columns of document_map; the counts are of its readers. */
#define DOCUMENT_COLS                                                                                        \
    "d.id, d.title, d.level, DATE_FORMAT(d.issued_on, '%Y-%m-%d'), d.audience, "                             \
    "(SELECT COUNT(*) FROM document_readers x WHERE x.document_id = d.id), "                                 \
    "(SELECT COUNT(*) FROM document_readers x WHERE x.document_id = d.id AND x.read_on IS NOT NULL), "       \
    "(SELECT COUNT(*) FROM document_readers x WHERE x.document_id = d.id AND x.deliver = 1 AND x.read_on "   \
    "IS "                                                                                                    \
    "NULL), d.created_by, " SQL_TS("d.created_at")

/* audience is shown as JSON by the handler (audience_json). */
const struct fm document_map[] = {
    FM(FM_ID, "id", struct document, id),
    FM(FM_STR, "title", struct document, title),
    FM(FM_STR, "level", struct document, level),
    FM(FM_STR, "issued_on", struct document, issued_on),
    FM(FM_STR, NULL, struct document, audience),
    FM(FM_INT, "readers", struct document, readers),
    FM(FM_INT, "read", struct document, read),
    FM(FM_INT, "to_deliver", struct document, to_deliver),
    FM(FM_STR, "created_by", struct document, created_by),
    FM(FM_STR, "created_at", struct document, created_at),
};
const size_t document_map_n = ARRAY_LEN(document_map);

enum yh_err documents_db_insert(struct db *db, const char *office, const struct document *d, const char *by,
                                int64_t *id)
{
    static const char sql[] =
        "INSERT INTO documents (office_code, title, level, issued_on, audience, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?)";
    struct db_param p[] = {P_STR(office),       P_STR(d->title),    P_STR(d->level),
                           P_STR(d->issued_on), P_STR(d->audience), P_STR(by)};
    return db_insert(db, sql, p, ARRAY_LEN(p), id);
}

enum yh_err documents_db_get(struct db *db, const char *office, int64_t id, struct document *d)
{
    static const char sql[] =
        "SELECT " DOCUMENT_COLS " FROM documents d WHERE d.office_code = ? AND d.id = ?";
    struct db_param p[] = {P_STR(office), P_I64(id)};
    return fm_one(db, sql, p, 2, document_map, document_map_n, d);
}

enum yh_err documents_db_list(struct db *db, const char *office, int64_t member_id, int64_t before, int limit,
                              struct document **out, size_t *n)
{
    static const char sql[] =
        "SELECT " DOCUMENT_COLS " FROM documents d WHERE d.office_code = ? AND (? = 0 OR "
        "d.id < ?) AND (? = 0 OR EXISTS (SELECT 1 FROM document_readers r WHERE "
        "r.document_id = d.id AND r.member_id = ?)) ORDER BY d.id DESC LIMIT ?";
    struct db_param p[] = {P_STR(office),    P_I64(before),    P_I64(before),
                           P_I64(member_id), P_I64(member_id), P_I64(limit + 1)};
    return FM_ALL(db, sql, p, ARRAY_LEN(p), document_map, document_map_n, out, n);
}

enum yh_err readers_db_add(struct db *db, const char *office, int64_t doc, int64_t member_id, bool deliver)
{
    static const char sql[] =
        "INSERT IGNORE INTO document_readers (document_id, member_id, office_code, deliver) "
        "VALUES (?, ?, ?, ?)";
    struct db_param p[] = {P_I64(doc), P_I64(member_id), P_STR(office), P_I64(deliver)};
    return db_exec(db, sql, p, 4, NULL, NULL, NULL);
}

enum yh_err readers_db_read(struct db *db, const char *office, int64_t doc, int64_t member_id,
                            const char *how, const char *on, const char *by)
{
    static const char sql[] = "UPDATE document_readers SET read_on = ?, how = ?, recorded_by = ? WHERE "
                              "office_code = ? AND document_id = ? AND member_id = ?";
    static const char exists[] =
        "SELECT 1 FROM document_readers WHERE office_code = ? AND document_id = ? AND member_id = ?";
    struct db_param p[] = {P_STR(on), P_STR(how), P_STR(by), P_STR(office), P_I64(doc), P_I64(member_id)};
    int64_t found = 0;
    enum yh_err err = db_exec(db, sql, p, ARRAY_LEN(p), NULL, NULL, NULL);
    if (err == YH_OK) {
        err = db_int(db, exists, p + 3, 3, 0, &found);
    }
    return err == YH_OK && !found ? YH_ERR_NOT_FOUND : err;
}

static const struct jcol readers_cols[] = {{"member_id", JC_ID}, {"name", JC_STR},    {"branch_id", JC_ID},
                                           {"deliver", JC_BOOL}, {"read_on", JC_STR}, {"how", JC_STR}};
const struct view readers_view = VIEW(readers_cols);

enum yh_err readers_db_list(struct db *db, const char *office, int64_t doc, const char *status,
                            int64_t member_id, int64_t after, int limit, struct db_rows *rows)
{
    static const char sql[] = "SELECT r.member_id, m.name, IFNULL(m.branch_id, 0), r.deliver, "
                              "DATE_FORMAT(r.read_on, '%Y-%m-%d'), r.how "
                              "FROM document_readers r JOIN members m ON m.id = r.member_id WHERE "
                              "r.office_code = ? AND r.document_id = ? "
                              "AND (? = 0 OR r.member_id = ?) AND (? = '' OR (? = 'read') = (r.read_on IS "
                              "NOT NULL)) AND r.member_id > ? "
                              "ORDER BY r.member_id LIMIT ?";
    const char *st = status ? status : "";
    struct db_param p[] = {P_STR(office), P_I64(doc), P_I64(member_id), P_I64(member_id),
                           P_STR(st),     P_STR(st),  P_I64(after),     P_I64(limit + 1)};
    return view_fetch(db, &readers_view, sql, p, ARRAY_LEN(p), false, rows);
}
