#ifndef YINHUI_ORGLIFE_H
#define YINHUI_ORGLIFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "yinhui/err.h"
#include "yinhui/router.h"

struct req;
struct activity;
struct verrs;
struct field;
struct fm;

/* The orglife domain: its part of the route table (service/orglife/routes.c) and its handlers. */
extern const struct route orglife_routes[];
extern const size_t orglife_nroutes;
/* activities.c: /v1/branches/{id}/activities, /v1/activities/{id} */
void activities_create(struct req *r);
void activities_get(struct req *r);
void activities_patch(struct req *r);
void activities_list(struct req *r);
/* Reads activity id into a when the caller may see it (office-wide, or the secretary of
 * one of its branches); NOT_FOUND otherwise, as for another office's. */
enum yh_err activity_reach(struct req *r, int64_t id, struct activity *a);
/* Replies with activity id, its branches and attendance (200, or 201 with Location). */
void activity_reply(struct req *r, int status, int64_t id);
/* bodies.c: adds item k's faults e to v as "list[k].field" ("list[k]" for the item as a
 * whole). */
void items_errors(struct verrs *v, const char *list, size_t k, const struct verrs *e);
/* bodies.c: the structs a[0..n) of size bytes through map (nmap entries) as a JSON array.
 * Caller owns the result. */
cJSON *orglife_rows_json(const struct fm *map, size_t nmap, const void *a, size_t n, size_t size);
/* attendance.c: /v1/activities/{id}/attendance */
void activities_attendance(struct req *r);
/* org_life.c: /v1/org-life/rules, /v1/org-life/compliance, /v1/org-life/compliance/report,
 * /v1/branches/{id}/compliance */
void orglife_rules_get(struct req *r);
void orglife_rules_put(struct req *r);
void orglife_compliance(struct req *r);
void orglife_compliance_report(struct req *r);
/* The body of GET /v1/org-life/compliance/report for the caller's office and year into *out
 * (caller deletes; also the yearly report's, stats/stats.c). */
enum yh_err orglife_compliance_report_body(struct req *r, int year, cJSON **out);
void orglife_branch_compliance(struct req *r);
/* dues.c: /v1/dues */
void dues_record(struct req *r);
void dues_arrears(struct req *r);
void dues_export(struct req *r);
/* dues_standard.c: the dues standard (bases, reductions, branch consent, shortfall) */
void dues_base_get(struct req *r);
void dues_base_put(struct req *r);
void dues_reduction_put(struct req *r);
void dues_reduction_delete(struct req *r);
void dues_setting_get(struct req *r);
void dues_setting_put(struct req *r);
void dues_shortfall(struct req *r);
/* terms.c: /v1/branches/{id}/terms, /v1/branches/{id}/terms/roster, /v1/branches/terms-due */
void terms_list(struct req *r);
void terms_roster(struct req *r);
void terms_create(struct req *r);
void terms_due(struct req *r);
/* study.c: /v1/study */
void study_list(struct req *r);
void study_create(struct req *r);
void study_rules_get(struct req *r);
void study_rules_put(struct req *r);
void study_summary(struct req *r);
void study_feature(struct req *r);
/* Reads ?year= (default this year) as [from, to) dates and the year. False after a 400. */
bool study_year_or_reply(struct req *r, char from[16], char to[16], int *year);
/* special_issue.c: /v1/branches/{id}/special-issue */
void study_special_issue(struct req *r);

#endif
