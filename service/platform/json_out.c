#include "yinhui/json_out.h"

#include <math.h>
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

/* s as cJSON's print_string_ptr writes it, straight into b's room for the worst case (every
 * byte a \u escape): '"', '\\' and the control characters escaped, every other byte as it is. */
static void put_str(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(s);
    buf_grow(b, 6 * n + 2);
    char *o = b->data + b->len;
    *o++ = '"';
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        unsigned char c = *p;
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        const char *esc = strchr("\"\"\\\\\bb\ff\nn\rr\tt", c); /* pairs: a character, its letter */
        *o++ = '\\';
        if (esc != NULL) {
            *o++ = esc[1];
        } else {
            memcpy(o, "u00", 3);
            o[3] = hex[c >> 4];
            o[4] = hex[c & 15];
            o += 5;
        }
    }
    *o++ = '"';
    *o = '\0';
    b->len = (size_t)(o - b->data);
}

void json_buf_str(struct buf *b, const char *s)
{
    if (s == NULL) {
        buf_puts(b, "null");
        return;
    }
    put_str(b, s);
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

/* An item json_print leaves to cJSON (a number with a fraction, from 10^15 up, -0 or not
 * finite; raw text; an invalid item): cJSON's own bytes for it. */
static bool print_by_cjson(const cJSON *item, struct buf *b)
{
    char *s = cJSON_PrintUnformatted(item);
    if (s == NULL) {
        return false;
    }
    buf_puts(b, s);
    free(s);
    return true;
}

/* A whole number under 10^15 (not -0), as cJSON's "%1.15g" writes it: its digits; false
 * for any other. */
static bool print_number(double d, struct buf *b)
{
    if (!(fabs(d) < 1e15) || d != (double)(long long)d || (d == 0 && signbit(d))) {
        return false;
    }
    buf_put_int(b, (long long)d);
    return true;
}

/* An object's or array's children, as print_object and print_array write them. */
static bool print_children(const cJSON *item, bool object, struct buf *b)
{
    buf_append(b, object ? "{" : "[", 1);
    for (const cJSON *c = item->child; c != NULL; c = c->next) {
        if (object) {
            put_str(b, c->string != NULL ? c->string : ""); /* cJSON: a NULL name as "" */
            buf_append(b, ":", 1);
        }
        if (!json_print(c, b)) {
            return false;
        }
        if (c->next != NULL) {
            buf_append(b, ",", 1);
        }
    }
    buf_append(b, object ? "}" : "]", 1);
    return true;
}

bool json_print(const cJSON *item, struct buf *b)
{
    switch (item->type & 0xFF) {
    case cJSON_NULL:
        buf_append(b, "null", 4);
        return true;
    case cJSON_False:
        buf_append(b, "false", 5);
        return true;
    case cJSON_True:
        buf_append(b, "true", 4);
        return true;
    case cJSON_String:
        put_str(b, item->valuestring != NULL ? item->valuestring : ""); /* cJSON: NULL as "" */
        return true;
    case cJSON_Number:
        return print_number(item->valuedouble, b) || print_by_cjson(item, b);
    case cJSON_Array:
    case cJSON_Object:
        return print_children(item, (item->type & 0xFF) == cJSON_Object, b);
    default:
        return print_by_cjson(item, b);
    }
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
