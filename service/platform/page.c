#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/json_in.h"
#include "yinhui/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/cursor.h"
#include "yinhui/db.h"
#include "yinhui/json_out.h"
#include "yinhui/http.h"

bool page_params_or_reply(struct req *r, const char *tag, int *limit, char *after, size_t afterlen)
{
    const char *l = query_get(&r->q, "limit");
    const char *c = query_get(&r->q, "cursor");
    *limit = PAGE_DEFAULT;
    after[0] = '\0';
    if (l != NULL) {
        char *end = NULL;
        long v = strtol(l, &end, 10);
        if (end == l || *end != '\0' || v < 1 || v > PAGE_MAX) {
            struct verrs e = {0};
            verr_add(&e, "limit", "must be an integer from 1 to 100");
            reply_problem(r, YH_ERR_BAD_REQUEST, "limit must be an integer from 1 to 100", &e);
            return false;
        }
        *limit = (int)v;
    }
    if (c != NULL && !cursor_decode(r->app->cfg.master_key, tag, c, after, afterlen)) {
        struct verrs e = {0};
        verr_add(&e, "cursor", "is not a cursor of this list");
        reply_problem(r, YH_ERR_BAD_REQUEST, "cursor is invalid", &e);
        return false;
    }
    return true;
}

cJSON *page_body(struct req *r, const char *tag, cJSON *items, const char *last)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "items", items);
    if (last != NULL) {
        char cur[400];
        struct buf link = {0};
        cursor_encode(r->app->cfg.master_key, tag, last, cur, sizeof(cur));
        cJSON_AddStringToObject(o, "next_cursor", cur);
        buf_printf(&link, "<%s?cursor=%s", r->path, cur);
        /* keep the filters; values are re-encoded only as far as a Link needs */
        for (int i = 0; i < r->q.n; i++) {
            if (strcmp(r->q.name[i], "cursor") != 0 && strcspn(r->q.value[i], "&<> ") == strlen(r->q.value[i])) {
                buf_printf(&link, "&%s=%s", r->q.name[i], r->q.value[i]);
            }
        }
        buf_puts(&link, ">; rel=\"next\"");
        reply_header(r, "Link", link.data);
        buf_free(&link);
    } else {
        cJSON_AddNullToObject(o, "next_cursor");
    }
    return o;
}


cJSON *page_of_view(struct req *r, const char *tag, struct db_rows *rows, int limit, const struct view *v)
{
    char last[24];
    size_t shown = rows->nrows > (size_t)limit ? (size_t)limit : rows->nrows;
    snprintf(last, sizeof(last), "%s", shown ? db_str(rows, shown - 1, 0) : "0");
    cJSON *items = view_rows(rows, shown, v);
    bool more = rows->nrows > shown;
    db_rows_free(rows);
    return page_body(r, tag, items, more ? last : NULL);
}
