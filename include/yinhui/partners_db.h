#ifndef YINHUI_PARTNERS_DB_H
#define YINHUI_PARTNERS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/err.h"
#include "yinhui/json_out.h"
#include "yinhui/partners.h"

/* The store of service/partners/: organisations (sql/0040), their pairings with branches
 * and their joint activities (sql/0046). Every query names the office. */

/* ---- organisations_db.c ---- */
struct organisation {
    int64_t id;
    char kind[12], partner_type[16], name[401], contact[241], notes[2001];
    bool active;
    int64_t version;
};
/* An organisation as the API shows it (with open_pairings, its open pairings' count). */
extern const struct view org_view;
/* Organisation id of office as org_view shows it. */
enum yh_err orgs_db_row(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* A page of office's organisations newest first (id < before unless 0), kind and active
 * filters ("" / -1: any), limit + 1 rows. */
enum yh_err orgs_db_list(struct db *db, const char *office, const char *kind, int active, int64_t before,
                         int limit, struct db_rows *rows);
/* Organisation id of office; NOT_FOUND when absent. for_update locks its row. */
enum yh_err orgs_db_get(struct db *db, const char *office, int64_t id, bool for_update,
                        struct organisation *o);
/* The number of office's organisations, locking the office's row (the cap holds under
 * concurrent creates: they wait for one another). */
enum yh_err orgs_db_count_locked(struct db *db, const char *office, int64_t *n);
/* Inserts o for office (CONFLICT: the name is taken). */
enum yh_err orgs_db_insert(struct db *db, const char *office, const struct organisation *o, int64_t *id);
/* Writes o's changeable fields when its version is still version (PRECONDITION otherwise,
 * CONFLICT: the name is taken). */
enum yh_err orgs_db_update(struct db *db, const char *office, const struct organisation *o, int64_t version);
/* The pairings, joint activities and room bookings that refer to organisation id. */
enum yh_err orgs_db_references(struct db *db, const char *office, int64_t id, int64_t *pairings,
                               int64_t *joints, int64_t *bookings);
enum yh_err orgs_db_delete(struct db *db, const char *office, int64_t id);

/* ---- pairings_db.c ---- */
struct pairing {
    int64_t id, organisation_id, branch_id;
    char since[11], until[11];
};
/* A pairing with its organisation's and branch's names. */
extern const struct view pairing_view;
/* state: "open", "ended" or "" (all). */
struct pairing_filter {
    int64_t organisation_id, branch_id; /* 0: any */
    const char *state;
    int64_t before;
    int limit;
};
enum yh_err pairings_db_list(struct db *db, const char *office, const struct pairing_filter *f,
                             struct db_rows *rows);
enum yh_err pairings_db_row(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Pairing id of organisation org of office; NOT_FOUND when absent. */
enum yh_err pairings_db_get(struct db *db, const char *office, int64_t org, int64_t id, struct pairing *p);
/* CONFLICT: the organisation and branch are paired already (an open pairing). */
enum yh_err pairings_db_insert(struct db *db, const char *office, const struct pairing *p, const char *note,
                               const char *by, int64_t *id);
/* Ends open pairing id on until (CONFLICT when it has ended meanwhile). */
enum yh_err pairings_db_end(struct db *db, const char *office, int64_t id, const char *until, const char *by);
/* *ok: branch was paired with org at some time in year. */
enum yh_err pairings_db_in_year(struct db *db, const char *office, int64_t org, int64_t branch, int64_t year,
                                bool *ok);

/* ---- joint_activities_db.c ---- */
struct joint_activity {
    int64_t id, organisation_id;
    struct joint_plan plan;
    struct joint_outcome outcome;
    char title[401], kind[16], notes[2001];
    int64_t activity_id; /* 0: none */
    int64_t version;
    int64_t branch_ids[JOINT_BRANCHES_MAX];
    size_t nbranches;
};
/* A joint activity as the API shows it (overdue is added by the handler). */
extern const struct view joint_view;
/* Joint activity id of office as joint_view shows it. */
enum yh_err joints_db_row(struct db *db, const char *office, int64_t id, struct db_rows *rows);
/* Organisation org's joint activities of year, by planned month. */
enum yh_err joints_db_list(struct db *db, const char *office, int64_t org, int64_t year,
                           struct db_rows *rows);
/* Joint activity id of office, with its branches; NOT_FOUND when absent. */
enum yh_err joints_db_get(struct db *db, const char *office, int64_t id, struct joint_activity *j);
/* The number of org's joint activities of year (the caller holds the organisation's row
 * lock, so the cap holds under concurrent creates). */
enum yh_err joints_db_count(struct db *db, const char *office, int64_t org, int64_t year, int64_t *n);
enum yh_err joints_db_insert(struct db *db, const char *office, const struct joint_activity *j,
                             const char *by, int64_t *id);
/* PRECONDITION when the version is no longer version. */
enum yh_err joints_db_update(struct db *db, const char *office, const struct joint_activity *j,
                             int64_t version);
/* Replaces joint activity id's branches with j's. */
enum yh_err joints_db_set_branches(struct db *db, const char *office, const struct joint_activity *j);

/* ---- overview ---- */
/* One organisation of the overview with its year's tally. */
struct overview_org {
    int64_t id;
    char kind[12], partner_type[16], name[401];
    bool active;
    struct joint_tally t;
};
/* Office's organisations that are active or have joint activities in year, by id, into
 * a new array *out (caller frees) of *n, their tallies judged on today. */
enum yh_err overview_db_orgs(struct db *db, const char *office, int64_t year, const char *today,
                             struct overview_org **out, size_t *n);

#endif
