#ifndef YINHUI_CARE_H
#define YINHUI_CARE_H

#include <stdbool.h>
#include <stddef.h>

#include "yinhui/err.h"
#include "yinhui/router.h"

struct req;

/* The care domain: its part of the route table (service/care/routes.c) and its handlers. */
extern const struct route care_routes[];
extern const size_t care_nroutes;
/* visit_reasons.c */
void visit_reasons_list(struct req *r);
/* visits.c */
void visits_create(struct req *r);
void visits_get(struct req *r);
void visits_list(struct req *r);
/* holidays.c */
void holidays_get(struct req *r);
void care_days_list(struct req *r);
void care_days_create(struct req *r);
void care_days_get(struct req *r);
void care_days_patch(struct req *r);
void care_days_delete(struct req *r);
/* due.c */
void care_due(struct req *r);
/* honours.c */
void honours_list(struct req *r);
void honours_create(struct req *r);
void honours_delete(struct req *r);
void honours_fifty(struct req *r);
void honours_fifty_award(struct req *r);
/* stays.c */
void stays_admit(struct req *r);
void stays_of_member(struct req *r);
void stays_list(struct req *r);
void stays_get(struct req *r);
void stays_patch(struct req *r);
void stays_discharge(struct req *r);


#endif
