#include "yinhui/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

void json_add_id(cJSON *obj, const char *name, int64_t id)
{
    char s[24];
    if (id == 0) {
        cJSON_AddNullToObject(obj, name);
        return;
    }
    snprintf(s, sizeof(s), "%lld", (long long)id);
    cJSON_AddStringToObject(obj, name, s);
}

void json_buf_str(struct buf *b, const char *s)
{
    if (s == NULL) {
        buf_puts(b, "null");
        return;
    }
    buf_grow(b, strlen(s) + 2);
    buf_append(b, "\"", 1);
    for (const char *p = s;;) {
        size_t n = 0; /* the run that needs no escape */
        while ((unsigned char)p[n] >= 0x20 && p[n] != '"' && p[n] != '\\') {
            n++;
        }
        buf_append(b, p, n);
        p += n;
        if (*p == '\0') {
            break;
        }
        char u[8] = {'\\', *p};
        const char *esc = strchr("\"\"\\\\\bb\ff\nn\rr\tt", *p); /* pairs: a character, its letter */
        if (esc != NULL) {
            u[1] = esc[1];
            buf_append(b, u, 2);
        } else {
            snprintf(u, sizeof(u), "\\u%04x", (unsigned)(unsigned char)*p);
            buf_append(b, u, 6);
        }
        p++;
    }
    buf_append(b, "\"", 1);
}

void json_buf_id(struct buf *b, int64_t id)
{
    if (id == 0) {
        buf_puts(b, "null");
        return;
    }
    buf_append(b, "\"", 1);
    buf_put_int(b, (long long)id);
    buf_append(b, "\"", 1);
}

void json_add_opt(cJSON *obj, const char *name, const char *s)
{
    if (s && s[0]) {
        cJSON_AddStringToObject(obj, name, s);
    } else {
        cJSON_AddNullToObject(obj, name);
    }
}

cJSON *json_split(const char *s, char sep, size_t max)
{
    cJSON *a = cJSON_CreateArray();
    const char seps[2] = {sep, '\0'};
    char t[512];
    size_t cap = max < sizeof(t) - 1 ? max : sizeof(t) - 1;
    for (const char *p = s ? s : ""; *p;) {
        size_t n = strcspn(p, seps);
        snprintf(t, sizeof(t), "%.*s", (int)(n < cap ? n : cap), p);
        cJSON_AddItemToArray(a, cJSON_CreateString(t));
        p += n;
        p += *p == sep;
    }
    return a;
}

/* Row i of rows as an object, one member per column (cols has rows->ncols entries: the
 * callers check). */
static cJSON *json_row(const struct db_rows *rows, size_t i, const struct jcol *cols)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t c = 0; c < rows->ncols; c++) {
        const char *v = db_str(rows, i, c);
        switch (cols[c].kind) {
        case JC_STR:
            if (v) {
                cJSON_AddStringToObject(o, cols[c].name, v);
            } else {
                cJSON_AddNullToObject(o, cols[c].name);
            }
            break;
        case JC_INT:
            cJSON_AddNumberToObject(o, cols[c].name, v ? (double)strtoll(v, NULL, 10) : 0);
            break;
        case JC_ID:
            json_add_id(o, cols[c].name, v ? strtoll(v, NULL, 10) : 0);
            break;
        case JC_BOOL:
            cJSON_AddBoolToObject(o, cols[c].name, v && v[0] == '1');
            break;
        case JC_SKIP:
            break;
        }
    }
    return o;
}


enum yh_err view_fetch(struct db *db, const struct view *v, const char *sql, const struct db_param *p, size_t n,
                       bool one, struct db_rows *rows)
{
    enum yh_err err = one ? db_exec_row(db, sql, p, n, rows) : db_exec(db, sql, p, n, rows, NULL, NULL);
    if (err != YH_OK || rows->ncols == v->n) {
        return err;
    }
    fprintf(stderr, "{\"level\":\"error\",\"msg\":\"view out of step with its SELECT\",\"view\":%zu,\"select\":%zu}\n",
            v->n, rows->ncols);
    db_rows_free(rows);
    return YH_ERR_INTERNAL;
}

cJSON *view_row(const struct db_rows *rows, size_t i, const struct view *v)
{
    return rows->ncols == v->n ? json_row(rows, i, v->cols) : cJSON_CreateNull();
}

cJSON *view_rows(const struct db_rows *rows, size_t n, const struct view *v)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n && i < rows->nrows; i++) {
        cJSON_AddItemToArray(a, view_row(rows, i, v));
    }
    return a;
}
