#ifndef YINHUI_HANDLERS_H
#define YINHUI_HANDLERS_H

struct req;

/* health.c */
void health_live(struct req *r);
void health_ready(struct req *r);
void health_metrics(struct req *r);
/* offices.c */
void offices_list(struct req *r);
void offices_get(struct req *r);
void offices_create(struct req *r);
void offices_patch(struct req *r);
/* auth.c */
void auth_token(struct req *r);
void auth_revoke(struct req *r);
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
