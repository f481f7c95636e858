/* Schemas on the page: a type in one line ($ref as an in-page link, arrays, formats, enums,
 * bounds), an object's properties as a table (one level: nested objects are named, not
 * unfolded), and the components' schemas section. */
#include <string.h>

#include "docs_render.h"

#define SCHEMA_PREFIX "#/components/schemas/"

static void ref_link(const struct rctx *c, const char *ref)
{
    if (strncmp(ref, SCHEMA_PREFIX, strlen(SCHEMA_PREFIX)) != 0) {
        buf_puts(c->out, "<code>");
        html_escape(c->out, ref);
        buf_puts(c->out, "</code>");
        return;
    }
    buf_puts(c->out, "<a class=\"ref\" href=\"#");
    html_id(c->out, "schema-", ref + strlen(SCHEMA_PREFIX));
    buf_puts(c->out, "\">");
    html_escape(c->out, ref + strlen(SCHEMA_PREFIX));
    buf_puts(c->out, "</a>");
}

/* oneOf / anyOf / allOf as "A | B"; false when s has none of them. */
static bool combo(const struct rctx *c, const cJSON *s, int depth)
{
    static const char *const kinds[] = {"oneOf", "anyOf", "allOf"};
    static const char *const seps[] = {" | ", " | ", " &amp; "};
    for (size_t k = 0; k < 3; k++) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(s, kinds[k]), *e;
        if (!cJSON_IsArray(list)) {
            continue;
        }
        bool first = true;
        cJSON_ArrayForEach(e, list)
        {
            buf_puts(c->out, first ? "" : seps[k]);
            type_text(c, e, depth + 1);
            first = false;
        }
        return true;
    }
    return false;
}

/* A JSON value in a <code>, escaped. */
static void value_code(struct buf *out, const cJSON *v)
{
    char *s = cJSON_PrintUnformatted(v);
    buf_puts(out, "<code>");
    html_escape(out, s);
    buf_puts(out, "</code>");
    cJSON_free(s);
}

static void bound(struct buf *out, const cJSON *s, const char *lo, const char *hi, const char *unit)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(s, lo), *b = cJSON_GetObjectItemCaseSensitive(s, hi);
    if (!cJSON_IsNumber(a) && !cJSON_IsNumber(b)) {
        return;
    }
    buf_puts(out, " <span class=\"bound\">");
    if (cJSON_IsNumber(a)) {
        buf_printf(out, "%g", a->valuedouble);
    }
    buf_puts(out, "..");
    if (cJSON_IsNumber(b)) {
        buf_printf(out, "%g", b->valuedouble);
    }
    buf_puts(out, unit);
    buf_puts(out, "</span>");
}

static void constraints(const struct rctx *c, const cJSON *s)
{
    struct buf *out = c->out;
    const cJSON *e, *v;
    if (jstr(s, "format") != NULL) {
        buf_puts(out, " <span class=\"fmt\">");
        html_escape(out, jstr(s, "format"));
        buf_puts(out, "</span>");
    }
    bound(out, s, "minLength", "maxLength", " chars");
    bound(out, s, "minimum", "maximum", "");
    bound(out, s, "minItems", "maxItems", " items");
    if ((e = cJSON_GetObjectItemCaseSensitive(s, "enum")) != NULL) {
        buf_puts(out, " <span class=\"enum\">one of");
        cJSON_ArrayForEach(v, e)
        {
            buf_puts(out, " ");
            value_code(out, v);
        }
        buf_puts(out, "</span>");
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(s, "const")) != NULL) {
        buf_puts(out, " = ");
        value_code(out, v);
    }
    if (jstr(s, "pattern") != NULL) {
        buf_puts(out, " <span class=\"pat\">pattern <code>");
        html_escape(out, jstr(s, "pattern"));
        buf_puts(out, "</code></span>");
    }
}

static void one_type(const struct rctx *c, const cJSON *s, const char *t, int depth)
{
    buf_puts(c->out, "<span class=\"t\">");
    html_escape(c->out, t);
    buf_puts(c->out, "</span>");
    if (strcmp(t, "array") == 0 && cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(s, "items"))) {
        buf_puts(c->out, " of ");
        type_text(c, cJSON_GetObjectItemCaseSensitive(s, "items"), depth + 1);
    }
}

void type_text(const struct rctx *c, const cJSON *s, int depth)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(s, "type"), *t;
    bool nullable = false, any = false;
    if (!cJSON_IsObject(s) || depth > 8) {
        buf_puts(c->out, "<span class=\"t\">any</span>");
        return;
    }
    if (jstr(s, "$ref") != NULL) {
        ref_link(c, jstr(s, "$ref"));
        return;
    }
    if (!combo(c, s, depth)) {
        if (cJSON_IsString(type)) {
            one_type(c, s, type->valuestring, depth);
        } else if (cJSON_IsArray(type)) {
            cJSON_ArrayForEach(t, type)
            {
                if (cJSON_IsString(t) && strcmp(t->valuestring, "null") == 0) {
                    nullable = true;
                } else if (cJSON_IsString(t)) {
                    buf_puts(c->out, any ? " | " : "");
                    one_type(c, s, t->valuestring, depth);
                    any = true;
                }
            }
        } else {
            buf_puts(c->out, cJSON_GetObjectItemCaseSensitive(s, "properties")
                                 ? "<span class=\"t\">object</span>"
                                 : "<span class=\"t\">any</span>");
        }
    }
    constraints(c, s);
    if (nullable) {
        buf_puts(c->out, " <span class=\"null\">or null</span>");
    }
}

static bool is_required(const cJSON *s, const char *name)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(s, "required"))
    {
        if (cJSON_IsString(r) && strcmp(r->valuestring, name) == 0) {
            return true;
        }
    }
    return false;
}

static void props_table(const struct rctx *c, const cJSON *s)
{
    struct buf *out = c->out;
    const cJSON *p, *def;
    buf_puts(out,
             "<table class=\"props\"><thead><tr><th>field</th><th>type</th><th>description</th></tr></thead>"
             "<tbody>\n");
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(s, "properties"))
    {
        buf_puts(out, "<tr><td><code>");
        html_escape(out, p->string);
        buf_puts(out, is_required(s, p->string) ? "</code> <span class=\"req\">required</span></td><td>"
                                                : "</code></td><td>");
        type_text(c, p, 1);
        buf_puts(out, "</td><td>");
        html_text(out, jstr(p, "description"));
        if ((def = cJSON_GetObjectItemCaseSensitive(p, "default")) != NULL) {
            buf_puts(out, " <span class=\"def\">default ");
            value_code(out, def);
            buf_puts(out, "</span>");
        }
        buf_puts(out, "</td></tr>\n");
    }
    buf_puts(out, "</tbody></table>\n");
}

void schema_view(const struct rctx *c, const cJSON *s)
{
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(s, "items");
    if (!cJSON_IsObject(s)) {
        return;
    }
    if (jstr(s, "$ref") == NULL && cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(s, "properties"))) {
        buf_puts(c->out, "<span class=\"t\">object</span>\n");
        props_table(c, s);
    } else if (jstr(s, "$ref") == NULL &&
               cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(items, "properties"))) {
        buf_puts(c->out, "<span class=\"t\">array</span> of <span class=\"t\">object</span>\n");
        props_table(c, items);
    } else {
        type_text(c, s, 0);
    }
}

void schemas_section(const struct rctx *c)
{
    struct buf *out = c->out;
    const cJSON *s;
    buf_puts(out,
             "<section class=\"schemas\" id=\"schemas\">\n<h2>Schemas</h2>\n<div class=\"schemalist\">\n");
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(
                              cJSON_GetObjectItemCaseSensitive(c->spec, "components"), "schemas"))
    {
        buf_puts(out, "<details class=\"schema\" id=\"");
        html_id(out, "schema-", s->string);
        buf_puts(out, "\"><summary><code>");
        html_escape(out, s->string);
        buf_puts(out, "</code></summary>\n<div class=\"opbody\">\n");
        if (jstr(s, "description") != NULL) {
            buf_puts(out, "<p class=\"desc\">");
            html_text(out, jstr(s, "description"));
            buf_puts(out, "</p>\n");
        }
        schema_view(c, s);
        buf_puts(out, "</div>\n</details>\n");
    }
    buf_puts(out, "</div>\n</section>\n");
}
