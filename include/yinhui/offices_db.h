#ifndef YINHUI_OFFICES_DB_H
#define YINHUI_OFFICES_DB_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/err.h"

/* Store of offices (service/offices/offices_db.c). */

struct office {
    char code[7];
    char parent[7];
    char name[401];
    char level[16];
    int64_t version;
    int64_t liaison_cap;          /* retirees one in-service liaison may look after (结对) */
    int64_t points_per_hour;      /* volunteer points per confirmed hour (红色存折) */
    int64_t talent_review_years;  /* admitted talents are reviewed again after this */
    int64_t survey_min_responses; /* survey results below this many responses are suppressed */
    int64_t hospital_visit_days;  /* a member in hospital is due a visit within this (住院必访) */
    int64_t guide_contact_days;   /* a guide contacts each branch it guides within this (issue 15) */
    char created_at[32];
    char updated_at[32];
};
/* The office as the API shows it. Caller owns the result. */
cJSON *office_json(const struct office *o);

/* Visibility: scope is the caller's office; it sees itself and its descendants, i.e.
 * codes starting with its significant prefix (the PK range makes that an index scan). */

/* NOT_FOUND when absent or not visible. */
enum yh_err offices_db_get(struct db *db, const char *scope, const char *code, struct office *o);
/* Visible offices with code > after, optional parent/level filters (NULL: any), at most
 * limit+1 rows (the extra one tells there is a next page). Caller frees *out. */
enum yh_err offices_db_list(struct db *db, const char *scope, const char *parent, const char *level,
                            const char *after, int limit, struct office **out, size_t *n);
/* Creates office code under parent (the caller's office: a new office always sits
 * directly under its creator; NULL or "" for a province). CONFLICT when the code exists. */
enum yh_err offices_db_create(struct db *db, const char *code, const char *parent, const char *name,
                              const char *level);
/* Sets name (NULL: unchanged), liaison_cap, points_per_hour, talent_review_years,
 * survey_min_responses and hospital_visit_days (negative: unchanged) of a visible office
 * when version matches: NOT_FOUND / PRECONDITION. */
enum yh_err offices_db_update(struct db *db, const char *scope, const char *code, int64_t version,
                              const char *name, int64_t liaison_cap, int64_t points_per_hour,
                              int64_t review_years, int64_t survey_min, int64_t hospital_days,
                              int64_t guide_days);

#endif
