#ifndef YINHUI_AUDIENCE_H
#define YINHUI_AUDIENCE_H

#include <stdbool.h>
#include <stdint.h>

#include "yinhui/err.h"
#include "yinhui/treatment.h"
#include "yinhui/treatment_db.h"

struct req;
struct verrs;

/* The invitation rule in a request (service/care/audience.c), shared by events and
 * documents: one reading of the body's rule, one walk over the members it picks, and who
 * sees and answers for what is on the lists. */

/* Reads the body's "audience" into a, checked against the office's treatment levels,
 * and its stored form into text; bad values go to v. A db error otherwise. */
enum yh_err audience_from_body(struct req *r, struct audience *a, char text[1001], struct verrs *v);
/* Calls fn(r, row, homebound, ctx) for every active member of the office that a picks,
 * by id (homebound: its health is homebound, by the blind index); stops at fn's error. */
typedef enum yh_err (*audience_fn)(struct req *r, const struct audience_row *row, bool homebound, void *ctx);
enum yh_err audience_each(struct req *r, const struct audience *a, audience_fn fn, void *ctx);

/* The list a member is on: an event's invitations or a document's readers. */
enum audience_list { AUDIENCE_INVITATIONS, AUDIENCE_READERS };
/* Whether the caller sees event or document id (list says which): a member (or its
 * relative) those whose list it is on (NOT_FOUND otherwise), any other caller every one
 * of the office (the store says NOT_FOUND for another office's). */
enum yh_err audience_visible(struct req *r, enum audience_list list, int64_t id);
/* Replies and returns false unless the caller may answer for member mid on a list (reply to
 * an invitation, record a reading): the member itself (its account, or a relative's when
 * the route's scope lets relatives in) or office staff. 404 when mid is out of the
 * caller's reach, 403 for anyone else within it (integrations, the branch's secretary). */
bool audience_answerer_or_reply(struct req *r, int64_t mid);

#endif
