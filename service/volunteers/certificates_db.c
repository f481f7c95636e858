/* Certificates (志愿服务记录证明): the store (sql/0049). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/vcert.h"
#include "yinhui/volunteers_db.h"

enum yh_err vcert_db_volunteer_no(struct db *db, const char *office, int64_t volunteer_id, char out[14])
{
    static const char sql[] = "SELECT volunteer_no FROM volunteers WHERE id = ? AND office_code = ?";
    struct db_param p[] = {P_I64(volunteer_id), P_STR(office)};
    struct vcert_no {
        char no[14];
    } v;
    static const struct fm map[] = {FM(FM_STR, NULL, struct vcert_no, no)};
    enum yh_err err = fm_one(db, sql, p, 2, map, 1, &v);
    if (err == YH_OK) {
        memcpy(out, v.no, sizeof(v.no));
    }
    return err;
}

static const struct fm line_map[] = {
    FM(FM_ID, NULL, struct vcert_line, id),
    FM(FM_STR, NULL, struct vcert_line, served_on),
    FM(FM_STR, NULL, struct vcert_line, title),
    FM(FM_INT, NULL, struct vcert_line, minutes),
};

enum yh_err vcert_db_entries(struct db *db, const char *office, int64_t volunteer_id, const char *from,
                             const char *to, size_t max, struct vcert_line **out, size_t *n)
{
    /* ix_hours_volunteer_day (volunteer_id, status, served_on) finds them in order (sql/0063);
     * office_code keeps tenancy. Forced: MariaDB 10.11 otherwise built a rowid filter from
     * the office's hours (ix_hours_entered), reading every volunteer's of the office. */
    static const char sql[] =
        "SELECT h.id, h.served_on, e.title, h.minutes FROM volunteer_hours h FORCE INDEX "
        "(ix_hours_volunteer_day) "
        "JOIN volunteer_events e ON e.id = h.event_id "
        "WHERE h.volunteer_id = ? AND h.office_code = ? AND h.served_on BETWEEN ? AND ? "
        "AND h.minutes > 0 AND " VHOURS_COUNTED " ORDER BY h.served_on, h.id LIMIT ?";
    struct db_param p[] = {P_I64(volunteer_id), P_STR(office), P_STR(from), P_STR(to), P_I64((int64_t)max)};
    return FM_ALL(db, sql, p, 5, line_map, ARRAY_LEN(line_map), out, n);
}

static const struct fm vcert_map[] = {
    FM(FM_ID, NULL, struct vcert, id),           FM(FM_STR, NULL, struct vcert, number),
    FM(FM_STR, NULL, struct vcert, office),      FM(FM_ID, NULL, struct vcert, volunteer_id),
    FM(FM_STR, NULL, struct vcert, from),        FM(FM_STR, NULL, struct vcert, to),
    FM(FM_INT, NULL, struct vcert, minutes),     FM(FM_INT, NULL, struct vcert, entries),
    FM(FM_STR, NULL, struct vcert, responsible), FM(FM_STR, NULL, struct vcert, contact),
    FM(FM_STR, NULL, struct vcert, issued_on),   FM(FM_STR, NULL, struct vcert, issued_by),
};

enum yh_err vcert_db_find(struct db *db, const char *office, int64_t volunteer_id, const char *from,
                          const char *to, const unsigned char key[32], struct vcert *c)
{
    static const char sql[] =
        "SELECT id, cert_no, office_code, volunteer_id, period_from, period_to, minutes, "
        "entries, responsible, contact, issued_on, issued_by FROM volunteer_certificates "
        "WHERE volunteer_id = ? AND period_from = ? AND period_to = ? AND entries_key = ? "
        "AND office_code = ?";
    struct db_param p[] = {P_I64(volunteer_id), P_STR(from), P_STR(to), P_BLOB(key, 32), P_STR(office)};
    return fm_one(db, sql, p, 5, vcert_map, ARRAY_LEN(vcert_map), c);
}

/* The office's next certificate sequence of year; the row stays locked until the
 * caller's transaction ends, so two certificates never share a number. */
static enum yh_err next_seq(struct db *db, const char *office, int year, int64_t *seq)
{
    static const char up[] = "INSERT INTO volunteer_cert_numbers (office_code, year, last) VALUES (?, ?, 1) "
                             "ON DUPLICATE KEY UPDATE last = last + 1";
    static const char get[] = "SELECT last FROM volunteer_cert_numbers WHERE office_code = ? AND year = ?";
    struct db_param p[] = {P_STR(office), P_I64(year)};
    enum yh_err err = db_exec(db, up, p, 2, NULL, NULL, NULL);
    return err == YH_OK ? db_int_row(db, get, p, 2, seq) : err;
}

enum yh_err vcert_db_insert(struct db *db, struct vcert *c, int year, const unsigned char key[32],
                            const struct vcert_line *lines, size_t n)
{
    static const char ins[] = "INSERT INTO volunteer_certificates (cert_no, office_code, volunteer_id, "
                              "period_from, period_to, minutes, "
                              "entries, entries_key, responsible, contact, issued_on, issued_by) VALUES (?, "
                              "?, ?, ?, ?, ?, ?, ?, ?, ?, "
                              "?, ?)";
    static const char entry[] =
        "INSERT INTO volunteer_certificate_entries (certificate_id, hours_id) VALUES (?, ?)";
    int64_t seq = 0;
    enum yh_err err = next_seq(db, c->office, year, &seq);
    if (err == YH_OK) {
        vcert_no_make(c->office, year, seq, c->number);
        struct db_param p[] = {P_STR(c->number),  P_STR(c->office),    P_I64(c->volunteer_id),
                               P_STR(c->from),    P_STR(c->to),        P_I64(c->minutes),
                               P_I64(c->entries), P_BLOB(key, 32),     P_STR(c->responsible),
                               P_STR(c->contact), P_STR(c->issued_on), P_STR(c->issued_by)};
        err = db_insert(db, ins, p, ARRAY_LEN(p), &c->id);
    }
    for (size_t i = 0; err == YH_OK && i < n; i++) {
        struct db_param p[] = {P_I64(c->id), P_I64(lines[i].id)};
        err = db_exec(db, entry, p, 2, NULL, NULL, NULL);
    }
    return err;
}

static const struct fm public_map[] = {
    FM(FM_STR, NULL, struct vcert_public, number),      FM(FM_STR, NULL, struct vcert_public, office),
    FM(FM_STR, NULL, struct vcert_public, office_name), FM(FM_STR, NULL, struct vcert_public, name),
    FM(FM_STR, NULL, struct vcert_public, from),        FM(FM_STR, NULL, struct vcert_public, to),
    FM(FM_STR, NULL, struct vcert_public, issued_on),   FM(FM_INT, NULL, struct vcert_public, minutes),
    FM(FM_INT, NULL, struct vcert_public, entries),     FM(FM_BOOL, NULL, struct vcert_public, corrected),
};

enum yh_err vcert_db_public(struct db *db, const char *number, struct vcert_public *c)
{
    static const char sql[] =
        "SELECT c.cert_no, c.office_code, o.name, v.name, c.period_from, c.period_to, c.issued_on, "
        "c.minutes, "
        "c.entries, EXISTS (SELECT 1 FROM volunteer_certificate_entries ce JOIN volunteer_hours hc "
        "ON hc.corrects_id = ce.hours_id WHERE ce.certificate_id = c.id) "
        "FROM volunteer_certificates c JOIN offices o ON o.code = c.office_code "
        "JOIN volunteers v ON v.id = c.volunteer_id WHERE c.cert_no = ?";
    struct db_param p[] = {P_STR(number)};
    return fm_one(db, sql, p, 1, public_map, ARRAY_LEN(public_map), c);
}
