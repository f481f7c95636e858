#ifndef YINHUI_VOLUNTEERS_DB_H
#define YINHUI_VOLUNTEERS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"

/* Silver volunteers: teams, volunteers, events, sign-ups, hours, the points ledger,
 * honours, needs and reports. Every statement filters by office_code (or by a row id
 * the caller read through its office first). Functions returning db_rows name their
 * columns; the caller frees the rows. */

/* ---- teams ---- */
/* Rows: id, name, speciality, leader_id, founded_on, active, version, created_at,
 * updated_at, members, minutes (confirmed service). */
enum yh_err vteams_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
enum yh_err vteams_db_list(struct db *db, const char *office, int64_t after, int limit, struct db_rows *rows);
/* CONFLICT when the name is taken in the office. */
enum yh_err vteams_db_insert(struct db *db, const char *office, const char *name, const char *speciality,
                             const char *founded_on, int64_t *id);
enum yh_err vteams_db_update(struct db *db, const char *office, int64_t id, int64_t version, const char *name,
                             const char *speciality, const char *founded_on, bool active, int64_t leader_id);
/* Rows: volunteer_id, name, role, joined_on. */
enum yh_err vteams_db_members(struct db *db, int64_t team_id, struct db_rows *rows);
enum yh_err vteams_db_set_member(struct db *db, int64_t team_id, int64_t volunteer_id, const char *role,
                                 const char *joined_on);
/* NOT_FOUND when the volunteer is not in the team. */
enum yh_err vteams_db_remove_member(struct db *db, int64_t team_id, int64_t volunteer_id);
/* True when volunteer leads team. */
enum yh_err vteams_db_is_leader(struct db *db, int64_t team_id, int64_t volunteer_id, bool *leader);

/* ---- volunteers ---- */
struct volunteer {
    int64_t id;
    char office[7];
    int64_t member_id;
    char name[201];
    unsigned char phone_enc[128];
    size_t phone_enc_len;
    unsigned char phone_hmac[32];
    bool has_phone_hmac;
    char gender[8];
    int64_t birth_year;
    char skills[401]; /* comma-separated */
    int64_t weekdays, day_parts;
    char status[10];
    int64_t points_balance;
    int64_t version;
    char created_at[32], updated_at[32];
};
enum yh_err volunteers_db_get(struct db *db, const char *office, int64_t id, struct volunteer *v);
/* Locks the row (inside a transaction) and reads it. */
enum yh_err volunteers_db_get_for_update(struct db *db, const char *office, int64_t id, struct volunteer *v);
enum yh_err volunteers_db_by_member(struct db *db, const char *office, int64_t member_id, struct volunteer *v);
/* CONFLICT when the member or phone is registered in the office. */
enum yh_err volunteers_db_insert(struct db *db, const struct volunteer *v, int64_t *id);
enum yh_err volunteers_db_update(struct db *db, const struct volunteer *v, int64_t version);
/* Replaces the skill index rows from v->skills. */
enum yh_err volunteers_db_set_skills(struct db *db, const struct volunteer *v);
struct volunteer_filter {
    int64_t team_id;
    const char *skill, *status, *name_contains;
    int64_t after_id;
    int limit;
};
/* Rows: id, member_id, name, gender, birth_year, skills, weekdays, day_parts, status,
 * points_balance, minutes (confirmed). */
enum yh_err volunteers_db_list(struct db *db, const char *office, const struct volunteer_filter *f,
                               struct db_rows *rows);
/* Teams of a volunteer. Rows: team_id, name, role. */
enum yh_err volunteers_db_teams(struct db *db, int64_t volunteer_id, struct db_rows *rows);
/* Confirmed minutes and event count of a volunteer. */
enum yh_err volunteers_db_totals(struct db *db, int64_t volunteer_id, int64_t *minutes, int64_t *events);

/* ---- events ---- */
struct vevent {
    int64_t id;
    char office[7];
    char title[401];
    char description[8001];
    int64_t team_id;
    int64_t need_id;
    char starts_at[20], ends_at[20]; /* "YYYY-MM-DD HH:MM:SS", China time */
    char place[801];
    int64_t capacity;
    char skills[401];
    char status[12];
    char posted_by[80];
    int64_t confirmed, waitlisted;
    int64_t version;
    char created_at[32], updated_at[32];
};
enum yh_err events_db_get(struct db *db, const char *office, int64_t id, struct vevent *e);
enum yh_err events_db_get_for_update(struct db *db, const char *office, int64_t id, struct vevent *e);
enum yh_err events_db_insert(struct db *db, const struct vevent *e, int64_t *id);
/* Writes the mutable columns when version matches (PRECONDITION otherwise). */
enum yh_err events_db_update(struct db *db, const struct vevent *e, int64_t version);
enum yh_err events_db_set_counts(struct db *db, int64_t id, int64_t confirmed, int64_t waitlisted);
struct event_filter {
    const char *status; /* NULL: any */
    int64_t team_id;
    const char *from, *to; /* "YYYY-MM-DD HH:MM:SS" bounds on starts_at */
    char after_start[20];  /* cursor position (starts_at, id) */
    int64_t after_id;
    int limit;
};
/* Rows: id, title, team_id, team_name, starts_at, ends_at, place, capacity, skills,
 * status, confirmed, waitlisted, version. Ordered by starts_at, id. */
enum yh_err events_db_list(struct db *db, const char *office, const struct event_filter *f, struct db_rows *rows);

/* Candidates for event: active volunteers available on weekday_bit and part_bit, not
 * signed up to it and free at its time, ranked by skills in common with skills_csv.
 * Rows: id, name, skills, matched (count of common skills), minutes served. */
enum yh_err matches_db(struct db *db, const char *office, const struct vevent *e, int weekday_bit, int part_bit,
                       int limit, struct db_rows *rows);

/* ---- sign-ups ---- */
struct signup {
    int64_t id, event_id, volunteer_id;
    char status[12];
    char checked_in_at[20], checked_out_at[20];
};
enum yh_err signups_db_get(struct db *db, const char *office, int64_t event_id, int64_t id, struct signup *s);
/* The open (not cancelled) sign-up of volunteer for event; NOT_FOUND when none. */
enum yh_err signups_db_open(struct db *db, int64_t event_id, int64_t volunteer_id, struct signup *s);
/* CONFLICT when an open sign-up exists. */
enum yh_err signups_db_insert(struct db *db, const char *office, int64_t event_id, int64_t volunteer_id,
                              const char *status, int64_t *id);
enum yh_err signups_db_set_status(struct db *db, int64_t id, const char *status);
/* Open sign-ups of volunteer for other events overlapping [starts, ends). */
enum yh_err signups_db_overlaps(struct db *db, int64_t volunteer_id, int64_t event_id, const char *starts,
                                const char *ends, int64_t *n);
/* The earliest waitlisted sign-up of event (0 when none). */
enum yh_err signups_db_first_waitlisted(struct db *db, int64_t event_id, int64_t *id);
/* Position in the waitlist (1-based) of sign-up id. */
enum yh_err signups_db_position(struct db *db, int64_t event_id, int64_t id, int64_t *pos);
/* Rows: id, volunteer_id, name, status, checked_in_at, checked_out_at, created_at. */
enum yh_err signups_db_list(struct db *db, int64_t event_id, struct db_rows *rows);
enum yh_err signups_db_check(struct db *db, int64_t id, bool in, const char *at);
/* Records that volunteer used the check-in code whose SHA-256 is hash, at `at` (China
 * time, the service's clock); CONFLICT when it did before. */
enum yh_err checkin_code_db_use(struct db *db, const char *office, const unsigned char hash[32],
                                int64_t volunteer_id, int64_t event_id, const char *at);
/* Forgets uses older than a day before `at` (codes live at most an hour); outside any
 * transaction, at most 100 rows a call. */
enum yh_err checkin_code_db_prune(struct db *db, const char *at);

/* ---- hours and the ledger ---- */
struct vhours {
    int64_t id, volunteer_id, event_id, team_id, minutes;
    char source[8], status[12], served_on[11];
};
/* CONFLICT when this volunteer already has hours of that source for the event. */
enum yh_err hours_db_insert(struct db *db, const char *office, const struct vhours *h, const char *note, int64_t *id);
enum yh_err hours_db_get_for_update(struct db *db, const char *office, int64_t id, struct vhours *h);
enum yh_err hours_db_decide(struct db *db, int64_t id, const char *status, const char *by);
/* Rows: id, volunteer_id, name, event_id, title, minutes, source, status, note,
 * served_on, created_at. */
enum yh_err hours_db_list(struct db *db, const char *office, const char *status, int64_t volunteer_id,
                          int64_t after, int limit, struct db_rows *rows);
/* Appends a ledger entry for a locked volunteer whose balance is *balance; refuses
 * (CONFLICT) an entry that would make it negative. Updates *balance. */
enum yh_err ledger_db_append(struct db *db, const char *office, int64_t volunteer_id, int64_t *balance,
                             int64_t delta, const char *kind, int64_t hours_id, const char *note, const char *by,
                             int64_t *id);
/* Rows: id, delta, kind, hours_id, note, balance_after, created_by, created_at; newest first. */
enum yh_err ledger_db_list(struct db *db, int64_t volunteer_id, int64_t before, int limit, struct db_rows *rows);
enum yh_err offices_db_points_per_hour(struct db *db, const char *office, int64_t *pph);

/* ---- leaderboard and reports (confirmed hours served in [from, to)) ---- */
/* Rows: id, name, minutes, events. by: "volunteer" or "team". */
enum yh_err leaderboard_db(struct db *db, const char *office, const char *by, const char *from, const char *to,
                           int limit, struct db_rows *rows);
/* Rows: key, label, minutes, participants, events. by: team, month or event. */
enum yh_err report_db(struct db *db, const char *office, const char *by, const char *from, const char *to,
                      struct db_rows *rows);

/* ---- honours ---- */
enum yh_err vhonours_db_insert(struct db *db, const char *office, int64_t year, const char *title,
                               int64_t volunteer_id, int64_t team_id, const char *citation, int64_t *id);
/* Rows: id, year, title, volunteer_id, volunteer_name, team_id, team_name, citation. */
enum yh_err vhonours_db_list(struct db *db, const char *office, int64_t year, struct db_rows *rows);
enum yh_err vhonours_db_delete(struct db *db, const char *office, int64_t id);

/* ---- needs ---- */
/* Rows: id, title, description, requester, contact, starts_at, ends_at, place, capacity,
 * skills, status, team_id, event_id, posted_by, version, created_at. */
enum yh_err needs_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
enum yh_err needs_db_list(struct db *db, const char *office, const char *status, const char *posted_by,
                          int64_t after, int limit, struct db_rows *rows);
enum yh_err needs_db_insert(struct db *db, const char *office, const struct vevent *e, const char *requester,
                            const char *contact, int64_t *id);
/* Moves a need from one state to the next (version checked); NOT_FOUND, PRECONDITION,
 * or CONFLICT when it is not in from. team/event 0 leave them. */
enum yh_err needs_db_move(struct db *db, const char *office, int64_t id, int64_t version, const char *from,
                          const char *to, int64_t team_id, int64_t event_id);

#endif
