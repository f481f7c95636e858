#ifndef YINHUI_OFFICES_H
#define YINHUI_OFFICES_H

#include <stddef.h>

#include "yinhui/router.h"

struct req;

/* The offices domain: its part of the route table (service/offices/routes.c) and its handlers. */
extern const struct route offices_routes[];
extern const size_t offices_nroutes;
/* offices.c */
void offices_list(struct req *r);
void offices_get(struct req *r);
void offices_create(struct req *r);
void offices_patch(struct req *r);
/* tokens.c: POST /v1/auth/token, POST /v1/auth/revoke */
void auth_token(struct req *r);
void auth_revoke(struct req *r);
/* jwks.c: GET /v1/auth/jwks */
void auth_jwks(struct req *r);
/* accounts.c */
void accounts_list(struct req *r);
void accounts_get(struct req *r);
void accounts_create(struct req *r);
void accounts_patch(struct req *r);
/* clients.c */
void clients_list(struct req *r);
void clients_get(struct req *r);
void clients_create(struct req *r);
void clients_delete(struct req *r);

#endif
