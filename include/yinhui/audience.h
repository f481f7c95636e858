#ifndef YINHUI_AUDIENCE_H
#define YINHUI_AUDIENCE_H

#include <stdbool.h>

#include "yinhui/err.h"
#include "yinhui/treatment.h"
#include "yinhui/treatment_db.h"

struct req;
struct verrs;

/* The invitation rule in a request (service/care/audience.c), shared by events and
 * documents: one reading of the body's rule and one walk over the members it picks. */

/* Reads the body's "audience" into a, checked against the office's treatment levels,
 * and its stored form into text; bad values go to v. A db error otherwise. */
enum yh_err audience_from_body(struct req *r, struct audience *a, char text[1001], struct verrs *v);
/* Calls fn(r, row, homebound, ctx) for every active member of the office that a picks,
 * by id (homebound: its health is homebound, by the blind index); stops at fn's error. */
typedef enum yh_err (*audience_fn)(struct req *r, const struct audience_row *row, bool homebound, void *ctx);
enum yh_err audience_each(struct req *r, const struct audience *a, audience_fn fn, void *ctx);

#endif
