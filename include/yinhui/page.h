#ifndef YINHUI_PAGE_H
#define YINHUI_PAGE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

struct req;

#define PAGE_DEFAULT 20
#define PAGE_MAX 100

/* Reads ?limit= (1..100, default 20) and ?cursor= for list tag. after gets the
 * position to continue from ("" for the first page). False when it has replied 400. */
bool page_params_or_reply(struct req *r, const char *tag, int *limit, char *after, size_t afterlen);
/* Wraps items as {"items": [...], "next_cursor": ...} and adds the Link header when
 * last (the position of the last item shown) is not NULL. Takes items. */
cJSON *page_body(struct req *r, const char *tag, cJSON *items, const char *last);

struct db_rows;

struct view;
/* A page of rows fetched through view v with limit + 1 and ordered by the id in column 0
 * (descending): the first limit rows, with a cursor when there were more. Frees rows. */
cJSON *page_of_view(struct req *r, const char *tag, struct db_rows *rows, int limit, const struct view *v);

#endif
