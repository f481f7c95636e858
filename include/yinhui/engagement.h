#ifndef YINHUI_ENGAGEMENT_H
#define YINHUI_ENGAGEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "yinhui/err.h"
#include "yinhui/router.h"

struct field;
struct req;

/* The engagement domain: its part of the route table (service/engagement/routes.c) and its handlers. */
extern const struct route engagement_routes[];
extern const size_t engagement_nroutes;
/* commit_or_reply (what: "survey"), except that a CONFLICT — a move the resource's
 * state does not allow — is rolled back and answered 409 with the detail conflict. */
bool engagement_commit_or_reply(struct req *r, enum yh_err err, const char *what, const char *conflict);

/* suggestions.c */
void suggestions_list(struct req *r);
void suggestions_create(struct req *r);
void suggestions_get(struct req *r);
void suggestions_forward(struct req *r);
void suggestions_answer(struct req *r);
void suggestions_close(struct req *r);
/* surveys.c */
void surveys_list(struct req *r);
void surveys_create(struct req *r);
void surveys_get(struct req *r);
void surveys_status(struct req *r);
void surveys_ballot(struct req *r);
void surveys_respond(struct req *r);
void surveys_results(struct req *r);
/* webhooks.c */
void webhooks_list(struct req *r);
void webhooks_create(struct req *r);
void webhooks_get(struct req *r);
void webhooks_patch(struct req *r);
/* webhook_deliveries.c */
void webhooks_deliveries(struct req *r);
void webhooks_redeliver(struct req *r);

#endif
