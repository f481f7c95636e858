#ifndef YINHUI_ORGLIFE_H
#define YINHUI_ORGLIFE_H

#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* The orglife domain: its part of the route table (service/orglife/routes.c) and its handlers. */
extern const struct route orglife_routes[];
extern const size_t orglife_nroutes;
/* orglife.c */
void activities_create(struct req *r);
void activities_get(struct req *r);
void activities_patch(struct req *r);
void activities_list(struct req *r);
void activities_attendance(struct req *r);
void orglife_rules_get(struct req *r);
void orglife_rules_put(struct req *r);
void orglife_compliance(struct req *r);
void dues_record(struct req *r);
void dues_arrears(struct req *r);
void dues_export(struct req *r);
/* terms.c */
void terms_list(struct req *r);
void terms_create(struct req *r);
void terms_due(struct req *r);
/* study.c */
void study_list(struct req *r);
void study_create(struct req *r);
void study_rules_get(struct req *r);
void study_rules_put(struct req *r);
void study_summary(struct req *r);
void study_feature(struct req *r);
void study_special_issue(struct req *r);

#endif
