#ifndef YINHUI_MEMBER_JSON_H
#define YINHUI_MEMBER_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "yinhui/json_in.h"
#include "yinhui/members_db.h"

struct req;
struct config;

/* Plain personal values of a member before sealing. *_set tells that the body gave the
 * field (phone/address may be cleared with null: set and empty). */
struct member_plain {
    char id_number[19];
    char phone[24];
    char address[801];
    char health[16];
    bool id_set, phone_set, address_set, health_set;
};

/* Applies obj (a JSON body or a CSV row turned into one) to m and p, validating every
 * field: ID number per GB 11643 agreeing with birth date and gender, phone, dates,
 * residence code; health never hospitalised (an admission sets that). Errors go to v.
 * today is YYYY-MM-DD. */
void member_apply(const cJSON *obj, const char *office, const char *today, struct member *m,
                  struct member_plain *p, struct verrs *v);
/* Checks required fields of a new member. */
void member_require(const cJSON *obj, const struct member *m, const struct member_plain *p, struct verrs *v);
/* Seals the personal values that were set and recomputes the ID hash and health index. */
int member_seal(const struct config *cfg, struct member *m, const struct member_plain *p);
/* Opens the sealed values of m into p. 0 or -1. */
int member_open(const struct config *cfg, const struct member *m, struct member_plain *p);
/* Adds m's primary branch {id, name}, or null, as member name of j. */
void member_json_add_branch(cJSON *j, const char *name, const struct member *m);
/* The member as JSON, masked unless full. NULL when a sealed value cannot be opened. */
cJSON *member_json(const struct config *cfg, const struct member *m, bool full, const char *today);

/* CSV columns of export and import, in order (member_csv_columns names them). The
 * standing columns come last, so older files (without them) still import. */
enum member_csv_column {
    MC_NAME,
    MC_GENDER,
    MC_BIRTH,
    MC_IDNO,
    MC_PHONE,
    MC_ADDRESS,
    MC_RESIDENCE,
    MC_JOINED,
    MC_CATEGORY,
    MC_WORK_UNIT,
    MC_HEALTH,
    MC_STATUS,
    MC_STATUS_ON,
    MC_BRANCH,
    MC_NOTES,
    MC_FULL_MEMBER,    /* 转正; import: optional, estimated from joined_on when absent */
    MC_FULL_ESTIMATED, /* true: full_member_on is the estimate (import re-estimates it) */
    MC_PROBATION,      /* party_probation_until */
    MC_MEDAL_INELIGIBLE,
    MC_TREATMENT, /* treatment_level (optional on import), then former_position */
    MC_FORMER_POSITION,
    MC_MANAGED_UNIT, /* 混编 (h2): managed_with_unit and managed_with_branch, optional on import */
    MC_MANAGED_BRANCH,
    MC_NCOLS
};
extern const char *const member_csv_columns[];
/* The header of column c (MC_*) in a file: English (member_csv_columns) or Chinese; the
 * masked export's MC_BIRTH holds the birth year only and says so. */
const char *member_csv_header(int c, bool zh, bool masked);
/* The column a header cell names, in English or in Chinese (the export's name or another
 * one Chinese spreadsheets use, e.g. 身份证号码); -1 when none. */
int member_csv_column(const char *header);

#endif
