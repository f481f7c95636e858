#ifndef YINHUI_VOLUNTEERS_DB_H
#define YINHUI_VOLUNTEERS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/json_out.h"
#include "yinhui/pinyin.h"
#include "yinhui/typed_rows.h"

/* Silver volunteers' store (service/volunteers/<resource>_db.c): teams, volunteers,
 * events, sign-ups, check-in codes, hours, the points ledger, honours, needs and reports.
 * Every function takes the caller's office and filters by it, except the writes to
 * team_members (which has no office column: the caller read the team and the volunteer
 * through its office first). Functions returning db_rows fetch them through the view named next to
 * them (columns and JSON mapping declared together in the store file); the caller frees
 * the rows and never reads a cell by position. */

/* Runs the UPDATE sql, which moves one row from a state to the next when its version
 * matches; when it changed none, reads the row's version through state (office, id):
 * NOT_FOUND when none, PRECONDITION when the version differs, else CONFLICT (the row is
 * not in a state it moves from). Shared with the talents' requests. */
enum yh_err vol_db_move(struct db *db, const char *sql, const struct db_param *p, size_t n, const char *state,
                        const char *office, int64_t id, int64_t version);
/* ---- the office's volunteer settings (settings_db.c; sql/0047) ---- */
struct vsettings {
    char reminder_days[21];                  /* days before an event, "7,1" */
    int64_t checkout_margin_minutes;         /* after the end, before the automatic check-out */
    int64_t points_day_cap, points_year_cap; /* FIELD_INT_NULL (-1): no cap */
    char cert_responsible[201], cert_contact[201]; /* "" when not set */
    int64_t version;                         /* 1 while the office has no row (the defaults) */
};
/* The settings of office (the defaults when it has set none); NOT_FOUND for no office. */
enum yh_err vsettings_db_get(struct db *db, const char *office, struct vsettings *s);
/* The same, locked for an update in the caller's transaction (the defaults' row is
 * created first, so two first updates serialise on it). */
enum yh_err vsettings_db_get_for_update(struct db *db, const char *office, struct vsettings *s);
/* Stores s over the row read for update, one version on. */
enum yh_err vsettings_db_update(struct db *db, const char *office, const struct vsettings *s);

/* ---- teams (teams_db.c) ---- */
struct vteam {
    int64_t id;
    char name[401];
    char speciality[16];
    int64_t leader_id;   /* 0: none */
    char founded_on[11]; /* "" when unknown */
    bool active;
    int64_t version;
};
/* id, name, speciality, leader_id, founded_on, active, version, created_at, updated_at,
 * member_count, service_minutes (confirmed). */
extern const struct view vteams_view;
/* volunteer_id, name, role, joined_on. */
extern const struct view vteam_members_view;
/* One team of office through vteams_view (NOT_FOUND when another office's). */
enum yh_err vteams_db_get(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* The same team as a typed record (for a patch to start from). */
enum yh_err vteams_db_read(struct db *db, const char *office, int64_t id, struct vteam *t);
/* Up to limit + 1 teams after id `after` through vteams_view. */
enum yh_err vteams_db_list(struct db *db, const char *office, int64_t after, int limit, struct db_rows *rows);
/* CONFLICT when the name is taken in the office. */
enum yh_err vteams_db_insert(struct db *db, const char *office, const char *name, const char *speciality,
                             const char *founded_on, int64_t *id);
/* Writes t's mutable columns when version matches (PRECONDITION otherwise). */
enum yh_err vteams_db_update(struct db *db, const char *office, const struct vteam *t, int64_t version);
/* Members of a team through vteam_members_view. */
enum yh_err vteams_db_members(struct db *db, const char *office, int64_t team_id, struct db_rows *rows);
/* Adds volunteer to team with role (or changes its role), joined on joined_on. */
enum yh_err vteams_db_set_member(struct db *db, int64_t team_id, int64_t volunteer_id, const char *role,
                                 const char *joined_on);
/* NOT_FOUND when the volunteer is not in the team. */
enum yh_err vteams_db_remove_member(struct db *db, int64_t team_id, int64_t volunteer_id);
/* True when volunteer leads team. */
enum yh_err vteams_db_is_leader(struct db *db, const char *office, int64_t team_id, int64_t volunteer_id,
                                bool *leader);

/* ---- volunteers (volunteers_db.c) ---- */
struct volunteer {
    int64_t id;
    char office[7];
    char volunteer_no[14]; /* 志愿者编号 (sql/0047): identifies the volunteer outside the office */
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
    int64_t no_shows; /* sign-ups marked no-show (issue 16, h4) */
};
/* A volunteer's columns (all but the phone's blobs) and JSON members (phone, birth_year,
 * skills, availability and pii are added by volunteer_json). */
extern const struct fm volunteer_map[];
extern const size_t volunteer_map_len;
/* The volunteer id of office (NOT_FOUND when another office's). */
enum yh_err volunteers_db_get(struct db *db, const char *office, int64_t id, struct volunteer *v);
/* Locks the row (inside a transaction) and reads it. */
enum yh_err volunteers_db_get_for_update(struct db *db, const char *office, int64_t id, struct volunteer *v);
/* The volunteer registered for member_id in office; NOT_FOUND when none. */
enum yh_err volunteers_db_by_member(struct db *db, const char *office, int64_t member_id,
                                    struct volunteer *v);
/* CONFLICT when the member or phone is registered in the office. */
enum yh_err volunteers_db_insert(struct db *db, const struct volunteer *v, int64_t *id);
/* Writes v's profile when version matches (PRECONDITION otherwise; CONFLICT for a
 * phone registered to another volunteer). */
enum yh_err volunteers_db_update(struct db *db, const struct volunteer *v, int64_t version);
/* Replaces the skill index rows from v->skills. */
enum yh_err volunteers_db_set_skills(struct db *db, const struct volunteer *v);
struct volunteer_filter {
    int64_t team_id;
    const char *skill, *status;
    const struct pinyin_query *name_query; /* the ?name search (name_search.h) */
    int64_t after_id;
    int limit;
};
/* id, member_id, name, gender, birth_year, skills (csv), weekdays, day_parts (bit sets),
 * status, points_balance, service_minutes (confirmed). */
extern const struct view volunteers_list_view;
/* Up to f->limit + 1 volunteers of office through volunteers_list_view. */
enum yh_err volunteers_db_list(struct db *db, const char *office, const struct volunteer_filter *f,
                               struct db_rows *rows);
/* id, name, role. */
extern const struct view volunteer_teams_view;
/* Teams of a volunteer through volunteer_teams_view. */
enum yh_err volunteers_db_teams(struct db *db, const char *office, int64_t volunteer_id,
                                struct db_rows *rows);
/* Confirmed minutes and event count of a volunteer. */
enum yh_err volunteers_db_totals(struct db *db, const char *office, int64_t volunteer_id, int64_t *minutes,
                                 int64_t *events);

/* ---- events (events_db.c) ---- */
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
    int64_t booking_id; /* venues (issue 15): the booked room (0: none), its venue's and its own name */
    char venue_name[401], room_name[241];
    /* safety and fit (issue 16, sql/0050): requirements and accident insurance */
    int64_t min_age, max_age; /* 0: no bound */
    char health_allowed[48];  /* comma-separated levels; "": any */
    char intensity[12];       /* "": not stated */
    bool skills_required, risky, insurance_arranged;
    char insurance_note[801];
};
/* An event's columns and JSON members (skills and spots_left are added by vevent_json). */
extern const struct fm vevent_map[];
extern const size_t vevent_map_len;
/* Event id of office (NOT_FOUND when another office's); _for_update locks the row. */
enum yh_err events_db_get(struct db *db, const char *office, int64_t id, struct vevent *e);
enum yh_err events_db_get_for_update(struct db *db, const char *office, int64_t id, struct vevent *e);
/* Inserts e (of e->office) and gives its id. */
enum yh_err events_db_insert(struct db *db, const struct vevent *e, int64_t *id);
/* Writes the mutable columns when version matches (PRECONDITION otherwise). */
enum yh_err events_db_update(struct db *db, const struct vevent *e, int64_t version);
/* Stores an event's confirmed and waitlisted counts (and bumps its version). */
enum yh_err events_db_set_counts(struct db *db, const char *office, int64_t id, int64_t confirmed,
                                 int64_t waitlisted);
struct event_filter {
    const char *status; /* NULL: any */
    int64_t team_id;
    const char *from, *to; /* "YYYY-MM-DD HH:MM:SS" bounds on starts_at */
    char after_start[20];  /* cursor position (starts_at, id) */
    int64_t after_id;
    int limit;
};
/* id, title, team_id, team_name, starts_at, ends_at, place, capacity, skills (csv),
 * status, confirmed, waitlisted, version (and the list position, not shown). */
extern const struct view events_list_view;
/* Up to f->limit + 1 events through events_list_view, ordered by starts_at, id. */
enum yh_err events_db_list(struct db *db, const char *office, const struct event_filter *f,
                           struct db_rows *rows);
/* The cursor ("starts_at|id") that continues a list after row i of rows. */
void events_db_cursor(const struct db_rows *rows, size_t i, char *out, size_t outlen);

/* ---- safety and fit (events_db.c, issue 16) ---- */
/* A member's birth date ("YYYY-MM-DD") and health blind index (for the fit rule: the
 * health is matched through the index, never opened); NOT_FOUND when none. */
enum yh_err vfit_db_member(struct db *db, const char *office, int64_t member_id, char birth[11],
                           unsigned char health_idx[8]);
/* What the eligible-event list knows of the volunteer (see vfit_who). */
struct vfit_filter {
    int64_t volunteer_id;   /* 0: not registered yet (no skills, no sign-ups) */
    const char *birth_date; /* "": unknown */
    int64_t birth_year;     /* 0: unknown */
    const char *health;     /* "": unknown */
    const char *now;        /* China time: events starting later */
    char after_start[20];   /* cursor position (starts_at, id) */
    int64_t after_id;
    int limit;
};
/* Up to f->limit + 1 open, upcoming events of office the volunteer fits and has not
 * signed up for, through events_list_view in the list's order (the same rule as
 * vfit_check, in SQL, along ix_events_office). */
enum yh_err vfit_db_events(struct db *db, const char *office, const struct vfit_filter *f,
                           struct db_rows *rows);

/* The volunteer ids of event_id's confirmed sign-ups (its capacity at most), in order
 * (*ids, caller frees; *n of them). */
enum yh_err vfit_db_confirmed(struct db *db, const char *office, int64_t event_id, int64_t **ids, size_t *n);

/* volunteer_id, name, skills (csv), matched_skills, service_minutes. */
extern const struct view matches_view;
/* Candidates for event: active volunteers available on weekday_bit and part_bit, not
 * signed up to it and free at its time, ranked by skills in common with the event's,
 * through matches_view. */
enum yh_err matches_db(struct db *db, const char *office, const struct vevent *e, int weekday_bit,
                       int part_bit, int limit, struct db_rows *rows);

/* ---- sign-ups (signups_db.c) ---- */
struct signup {
    int64_t id, event_id, volunteer_id;
    char status[12];
    char checked_in_at[20], checked_out_at[20];
    char attendance_confirmed_at[20], no_show_at[20]; /* issue 16, h4: "" when not */
};
/* A sign-up's columns and JSON members (position is added by vsignup_json). */
extern const struct fm signup_map[];
extern const size_t signup_map_len;
/* Sign-up id of event_id in office; NOT_FOUND when none. */
enum yh_err signups_db_get(struct db *db, const char *office, int64_t event_id, int64_t id, struct signup *s);
/* The open (not cancelled) sign-up of volunteer for event; NOT_FOUND when none. */
enum yh_err signups_db_open(struct db *db, const char *office, int64_t event_id, int64_t volunteer_id,
                            struct signup *s);
/* CONFLICT when an open sign-up exists. */
enum yh_err signups_db_insert(struct db *db, const char *office, int64_t event_id, int64_t volunteer_id,
                              const char *status, int64_t *id);
/* Moves sign-up id to status (confirmed, waitlisted, cancelled). */
enum yh_err signups_db_set_status(struct db *db, const char *office, int64_t id, const char *status);
/* Open sign-ups of volunteer for other events overlapping [starts, ends). */
enum yh_err signups_db_overlaps(struct db *db, const char *office, int64_t volunteer_id, int64_t event_id,
                                const char *starts, const char *ends, int64_t *n);
/* The earliest waitlisted sign-up of event after sign-up id `after` (0: from the first)
 * and its volunteer (*id 0 when none). */
enum yh_err signups_db_next_waitlisted(struct db *db, const char *office, int64_t event_id, int64_t after,
                                       int64_t *id, int64_t *volunteer_id);
/* Position in the waitlist (1-based) of sign-up id. */
enum yh_err signups_db_position(struct db *db, const char *office, int64_t event_id, int64_t id,
                                int64_t *pos);
/* id, volunteer_id, name, status, checked_in_at, checked_out_at, created_at. */
extern const struct view signups_view;
/* Sign-ups of an event through signups_view. */
enum yh_err signups_db_list(struct db *db, const char *office, int64_t event_id, struct db_rows *rows);
/* Records a check-in (in) or check-out of sign-up id at `at` (China time). */
enum yh_err signups_db_check(struct db *db, const char *office, int64_t id, bool in, const char *at);

/* ---- check-in codes (checkin_db.c) ---- */
/* Records that volunteer used the check-in code whose SHA-256 is hash, at `at` (China
 * time, the service's clock); CONFLICT when it did before. */
enum yh_err checkin_code_db_use(struct db *db, const char *office, const unsigned char hash[32],
                                int64_t volunteer_id, int64_t event_id, const char *at);
/* Forgets uses older than a day before `at` (codes live at most an hour); outside any
 * transaction, at most 100 rows a call. */
enum yh_err checkin_code_db_prune(struct db *db, const char *at);

/* ---- hours (hours_db.c) ---- */
struct vhours {
    int64_t id, volunteer_id, event_id, team_id, minutes;
    char source[16], status[12], served_on[11];
    int64_t corrects_id, corrected_by; /* 0: none; corrected_by: the entry correcting it */
    char reason[801], entered_by[80];  /* inserted, not read back */
};
/* The SQL condition under which the hours entry h (that alias) counts: confirmed and not
 * corrected by a later entry (sql/0047). Every sum of service time uses it. */
#define VHOURS_COUNTED                                                                                       \
    "(h.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM volunteer_hours hc WHERE hc.corrects_id = h.id))"

/* CONFLICT when this volunteer already has a time entry (or a claim) for the event, or
 * the entry h->corrects_id is corrected already. A hand-made (entered_by) confirmed entry
 * is decided by whoever made it. */
enum yh_err hours_db_insert(struct db *db, const char *office, const struct vhours *h, const char *note,
                            int64_t *id);
/* Locks and reads hours id of office; NOT_FOUND when none. */
enum yh_err hours_db_get_for_update(struct db *db, const char *office, int64_t id, struct vhours *h);
/* Records the decision (confirmed or rejected) on hours id and who made it. */
enum yh_err hours_db_decide(struct db *db, const char *office, int64_t id, const char *status,
                            const char *by);
/* id, volunteer_id, name, event_id, title, minutes, source, status, note, reason,
 * entered_by, corrects_id, corrected_by, counted, decided_by, served_on, created_at. */
extern const struct view hours_view;
struct vhours_filter {
    const char *status, *source, *entered_by; /* NULL: any */
    int64_t volunteer_id;                     /* 0: any */
    int64_t after;
    int limit;
};
/* Up to f->limit + 1 hours of office after id f->after through hours_view. */
enum yh_err hours_db_list(struct db *db, const char *office, const struct vhours_filter *f,
                          struct db_rows *rows);
/* ---- truthful hours (h1, issue 16) ---- */
/* The id of an entry of volunteer_id for event_id that counts (VHOURS_COUNTED) or is
 * pending (it counts once confirmed) into *id; 0 when none. */
enum yh_err hours_db_event_entry(struct db *db, const char *office, int64_t volunteer_id, int64_t event_id,
                                 int64_t *id);
/* The points of the entry id and of the entries it corrects (their ledger rows): worth,
 * what they earned (delta + capped); credited, what the ledger added (delta). */
struct vhours_points {
    int64_t worth, credited;
};
enum yh_err hours_db_points_held(struct db *db, const char *office, int64_t id, struct vhours_points *pts);
/* entered_by, entries, staff_entries, attendance_entries, corrections, minutes, first_at,
 * last_at. */
extern const struct view entered_view;
/* Hand-made entries of office created in [from, to) per account through entered_view. */
enum yh_err hours_db_entered_by(struct db *db, const char *office, const char *from, const char *to,
                                struct db_rows *rows);
/* A sign-up left checked in after its event's end and the office's margin. */
struct vleft_in {
    int64_t signup_id, volunteer_id, event_id, team_id;
    char office[7], starts_at[20], ends_at[20], checked_in_at[20];
};
/* Up to 100 sign-ups of any office still checked in when their event ended at least the
 * office's checkout_margin_minutes (default 60) before now (China time). */
enum yh_err hours_db_left_in(struct db *db, const char *now, struct vleft_in **out, size_t *count);
/* Checks sign-up id out at `at` if it is still checked in; *done false when another
 * process did first. */
enum yh_err hours_db_check_out_left(struct db *db, int64_t id, const char *at, bool *done);
/* The volunteer number of volunteer id of office into no ("" when none). */
enum yh_err volunteers_db_number(struct db *db, const char *office, int64_t id, char no[14]);

/* ---- the points ledger (points_db.c) ---- */
/* Appends a ledger entry for a locked volunteer whose balance is *balance; refuses
 * (CONFLICT) an entry that would make it negative. Updates *balance. */
enum yh_err ledger_db_append(struct db *db, const char *office, int64_t volunteer_id, int64_t *balance,
                             int64_t delta, const char *kind, int64_t hours_id, const char *note,
                             const char *by, int64_t *id);
/* id, delta, capped, capped_by, kind, earned_on, hours_id, note, balance_after, created_by,
 * created_at. */
extern const struct view ledger_view;
/* Up to limit + 1 entries of a volunteer before id `before`
 * (0: the newest), newest first, through ledger_view. */
enum yh_err ledger_db_list(struct db *db, const char *office, int64_t volunteer_id, int64_t before, int limit,
                           struct db_rows *rows);
/* Points with limits (issue 16): an earning under the office's day and year caps. */
struct ledger_earning {
    int64_t credited;  /* the entry's delta: what the caps let through */
    int64_t capped;    /* what they withheld */
    char capped_by[8]; /* "day", "year", "" */
    char day[11];      /* the day credited (China time), the day the caps count it in */
    char note[200];    /* "" or why points were withheld */
};
/* Appends an earning (kind earn) of hours_id for a locked volunteer; *balance updated. */
enum yh_err ledger_db_earn(struct db *db, const char *office, int64_t volunteer_id, int64_t *balance,
                           int64_t hours_id, const struct ledger_earning *earn, const char *by, int64_t *id);
/* What the volunteer was credited on today and in today's year (the caps' counts, kept on
 * the volunteer's row; the caps are the office's vsettings). lock: a locking read of that
 * row, for a caller holding its lock (it then sees every earning committed before). */
struct ledger_earned {
    int64_t day, year;
};
enum yh_err ledger_db_earned(struct db *db, const char *office, int64_t volunteer_id, const char *today,
                             bool lock, struct ledger_earned *e);
/* The points an hour of confirmed service earns in office. */
enum yh_err offices_db_points_per_hour(struct db *db, const char *office, int64_t *pph);

/* ---- leaderboard and reports (reports_db.c; confirmed hours served in [from, to)) ---- */
/* id, name, minutes, events. */
extern const struct view leaderboard_view;
/* The top limit volunteers or teams (by: "volunteer" or "team") through leaderboard_view. */
enum yh_err leaderboard_db(struct db *db, const char *office, const char *by, const char *from,
                           const char *to, int limit, struct db_rows *rows);
/* key, label, minutes, participants, events. */
extern const struct view report_view;
/* Totals by team, month or event through report_view. */
enum yh_err report_db(struct db *db, const char *office, const char *by, const char *from, const char *to,
                      struct db_rows *rows);

/* ---- honours (honours_db.c) ---- */
enum yh_err vhonours_db_insert(struct db *db, const char *office, int64_t year, const char *title,
                               int64_t volunteer_id, int64_t team_id, const char *citation, int64_t *id);
/* id, year, title, volunteer_id, volunteer_name, team_id, team_name, citation. */
extern const struct view vhonours_view;
/* Honours of office (year 0: every year) through vhonours_view. */
enum yh_err vhonours_db_list(struct db *db, const char *office, int64_t year, struct db_rows *rows);
/* NOT_FOUND when office has no such honour. */
enum yh_err vhonours_db_delete(struct db *db, const char *office, int64_t id);

/* ---- recurring events (issue 16, h5: series_db.c) ---- */
struct vseries {
    int64_t id;
    char office[7];
    char title[401];
    char description[8001];
    int64_t team_id;
    char place[801];
    int64_t capacity;
    char skills[401];
    char start_time[6]; /* HH:MM, China time */
    int64_t duration_minutes;
    char recurrence[8]; /* weekly | monthly */
    int64_t weekday, month_day;
    char from[11], to[11];
    char status[10]; /* active | cancelled */
    char posted_by[80];
    int64_t version;
    char created_at[32], updated_at[32];
};
/* A series' columns and JSON members (skills is added by the handler). */
extern const struct fm vseries_map[];
extern const size_t vseries_map_len;
/* Series id of office (NOT_FOUND when another office's); locked when lock. */
enum yh_err vseries_db_get(struct db *db, const char *office, int64_t id, bool lock, struct vseries *s);
/* Inserts s and gives its id. */
enum yh_err vseries_db_insert(struct db *db, const struct vseries *s, int64_t *id);
/* Writes the mutable columns and the status when version matches (PRECONDITION
 * otherwise). */
enum yh_err vseries_db_update(struct db *db, const struct vseries *s, int64_t version);
/* Marks event_id of office an occurrence of series_id. */
enum yh_err vseries_db_link(struct db *db, const char *office, int64_t event_id, int64_t series_id);
/* The ids (*ids, caller frees; *n of them) of the occurrences of series_id that start
 * after now ("YYYY-MM-DD HH:MM:SS") and are neither done nor cancelled, in time order,
 * locked. */
enum yh_err vseries_db_future(struct db *db, const char *office, int64_t series_id, const char *now,
                              int64_t **ids, size_t *n);
/* id, starts_at, ends_at, status, capacity, confirmed, waitlisted, version. */
extern const struct view vseries_occurrences_view;
/* Every occurrence of series_id (at most VSERIES_MAX) through vseries_occurrences_view. */
enum yh_err vseries_db_occurrences(struct db *db, const char *office, int64_t series_id,
                                   struct db_rows *rows);
/* id, title, recurrence, weekday, month_day, start_time, from, to, status, version. */
extern const struct view vseries_list_view;
/* Up to limit + 1 series of office after id `after` (status NULL: any). */
enum yh_err vseries_db_list(struct db *db, const char *office, const char *status, int64_t after, int limit,
                            struct db_rows *rows);

/* ---- needs (needs_db.c) ---- */
struct need {
    int64_t id;
    char title[401];
    char description[8001];
    char starts_at[32], ends_at[32]; /* RFC 3339 */
    char place[801];
    int64_t capacity;
    char skills[401];
    char status[12];
    int64_t team_id; /* 0: not dispatched */
    char posted_by[80];
    int64_t version;
    int64_t member_id; /* the member who asked from the app (or a relative for it); 0: none */
};
/* id, title, description, requester, contact, starts_at, ends_at, place, capacity,
 * skills (csv), status, team_id, event_id, posted_by, version, created_at, member_id. */
extern const struct view needs_view;
/* One need of office: the typed record in *n and, when json is not NULL, its
 * needs_view object in *json (caller owns). */
enum yh_err needs_db_get(struct db *db, const char *office, int64_t id, struct need *n, cJSON **json);
/* Up to limit + 1 needs of office after id `after` (posted_by NULL: anyone's) through
 * needs_view. */
enum yh_err needs_db_list(struct db *db, const char *office, const char *status, const char *posted_by,
                          int64_t after, int limit, struct db_rows *rows);
/* Up to limit + 1 needs of office asked for member_id (issue 16, h5: from the app). */
enum yh_err needs_db_list_member(struct db *db, const char *office, int64_t member_id, const char *status,
                                 int64_t after, int limit, struct db_rows *rows);
/* Inserts a need of office with e's title, times, place, capacity, skills and poster,
 * for member_id when it is not 0 (a member's or relative's from the app); gives its id. */
enum yh_err needs_db_insert(struct db *db, const char *office, const struct vevent *e, const char *requester,
                            const char *contact, int64_t member_id, int64_t *id);
/* Moves a need from one state to the next (version checked); NOT_FOUND, PRECONDITION,
 * or CONFLICT when it is not in from. team/event 0 leave them. */
enum yh_err needs_db_move(struct db *db, const char *office, int64_t id, int64_t version, const char *from,
                          const char *to, int64_t team_id, int64_t event_id);

/* ---- reminders and attendance (issue 16, h4: signups_db.c, reminders_db.c) ---- */
/* Records volunteer's own confirmation that it will come to sign-up id at `at` (China
 * time); a repeated confirmation keeps the first. */
enum yh_err signups_db_confirm_attendance(struct db *db, const char *office, int64_t id, const char *at);
/* Sign-up alias a's volunteer served the event without checking in: an hours entry of it
 * for that event (a claim, a staff entry) not rejected. Such a sign-up is no no-show
 * (issue 16 review B4), even when the entry comes after the mark. */
#define SIGNUP_SERVED(a)                                                                                     \
    "EXISTS (SELECT 1 FROM volunteer_hours sv WHERE sv.volunteer_id = " a ".volunteer_id "                   \
    "AND sv.event_id = " a ".event_id AND sv.status <> 'rejected')"
/* Marks no-show at `at` the confirmed sign-ups of event (starting at starts) that never
 * checked in, got their place before the start, did not serve otherwise (SIGNUP_SERVED)
 * and were not cleared of a no-show before; *n: how many. */
enum yh_err signups_db_mark_no_shows(struct db *db, const char *office, int64_t event_id, const char *starts,
                                     const char *at, uint64_t *n);
/* Clears sign-up id's no-show, recording when, by whom and why; *changed 0 when it was
 * not marked. */
enum yh_err signups_db_undo_no_show(struct db *db, const char *office, int64_t id, const char *at,
                                    const char *by, const char *reason, uint64_t *changed);
/* A confirmed sign-up the reminder pass looks at: its event (status, start) and the
 * office's reminder offsets. */
struct vreminder_row {
    int64_t signup_id, event_id;
    char office[7];
    char volunteer_no[14];
    char event_status[12];
    char starts_at[20];
    char days[21];
};
/* Up to max confirmed sign-ups (every office) whose look-again day is today or before. */
enum yh_err vreminders_db_due(struct db *db, const char *today, size_t max, struct vreminder_row **rows,
                              size_t *n);
/* Takes a shared lock on event_id, as the request paths lock the event before its
 * sign-ups: the reminder pass takes them in the same order (no deadlock). */
enum yh_err vreminders_db_lock_event(struct db *db, const char *office, int64_t event_id);
/* Has every confirmed sign-up of office's upcoming (after now) open or closed events
 * looked at again by the next pass: the office changed its reminder days. */
enum yh_err vreminders_db_reset(struct db *db, const char *office, const char *now);
/* Claims sign-up id's look for today by moving its look-again day to next ("" never):
 * *won false when another process took it (or it is no longer confirmed). */
enum yh_err vreminders_db_claim(struct db *db, const char *office, int64_t id, const char *today,
                                const char *next, bool *won);
/* Records reminder days_before of sign-up sid (event) sent at `at`; *fresh false when it
 * had been sent already (the unique key). */
enum yh_err vreminders_db_record(struct db *db, const char *office, int64_t event_id, int64_t sid,
                                 int days_before, const char *at, bool *fresh);
/* ---- certificates (certificates_db.c; issue 16, h2) ---- */
struct vcert_line;
/* A recorded certificate (sql/0049). */
struct vcert {
    int64_t id;
    char number[17];
    char office[7];
    int64_t volunteer_id;
    char from[11], to[11]; /* the period, both days included */
    int64_t minutes, entries;
    char responsible[201], contact[201]; /* volunteer_settings' as at issue */
    char issued_on[11];
    char issued_by[80];
};
/* The volunteer's number (志愿者编号, sql/0047). */
enum yh_err vcert_db_volunteer_no(struct db *db, const char *office, int64_t volunteer_id, char out[14]);
/* Up to max hours entries of volunteer_id that count (VHOURS_COUNTED, more than 0
 * minutes) served in [from, to], by day then id, with their events' titles: a new array
 * (*out, caller frees) of *n lines. */
enum yh_err vcert_db_entries(struct db *db, const char *office, int64_t volunteer_id, const char *from,
                             const char *to, size_t max, struct vcert_line **out, size_t *n);
/* The certificate of volunteer_id for [from, to] that counted the entries whose
 * vcert_entries_key is key; NOT_FOUND when none. */
enum yh_err vcert_db_find(struct db *db, const char *office, int64_t volunteer_id, const char *from,
                          const char *to, const unsigned char key[32], struct vcert *c);
/* Records c (its number is the office's next of year, its id and number are set) with
 * the n entries it counted, inside the caller's transaction; CONFLICT when the same
 * certificate was recorded meanwhile. */
enum yh_err vcert_db_insert(struct db *db, struct vcert *c, int year, const unsigned char key[32],
                            const struct vcert_line *lines, size_t n);
/* A certificate as the verification page shows it. */
struct vcert_public {
    char number[17];
    char office[7], office_name[401];
    char name[201]; /* the volunteer's, shown masked */
    char from[11], to[11], issued_on[11];
    int64_t minutes, entries;
    bool corrected; /* an entry it counted has been corrected since */
};
/* Certificate number (any office: the page is public); NOT_FOUND when none. */
enum yh_err vcert_db_public(struct db *db, const char *number, struct vcert_public *c);

#endif
