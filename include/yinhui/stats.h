#ifndef YINHUI_STATS_H
#define YINHUI_STATS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* The stats domain: its part of the route table (service/stats/routes.c) and its handlers. */
extern const struct route stats_routes[];
extern const size_t stats_nroutes;
/* stats.c */
void stats_overview(struct req *r);
void stats_report(struct req *r);
/* stats_sheet.c: replies the overview body (rollup_json's) as an .xlsx workbook: one row
 * per figure (its JSON path), a column for the total and one per child office. */
void stats_reply_xlsx(struct req *r, const cJSON *body);

#endif
