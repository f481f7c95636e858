/* The API reference page: header, contents, worked examples, one section per tag with its
 * operations, the schemas. Static HTML without scripts; every text from the spec escaped. */
#include <stdio.h>
#include <string.h>

#include "docs_render.h"

static const char *const methods[] = {"get",  "put",     "post",  "patch", "delete",
                                      "head", "options", "trace", NULL};

void html_escape(struct buf *out, const char *s)
{
    for (const char *p = s; p != NULL && *p != '\0'; p++) {
        switch (*p) {
        case '&':
            buf_puts(out, "&amp;");
            break;
        case '<':
            buf_puts(out, "&lt;");
            break;
        case '>':
            buf_puts(out, "&gt;");
            break;
        case '"':
            buf_puts(out, "&quot;");
            break;
        case '\'':
            buf_puts(out, "&#39;");
            break;
        default:
            buf_append(out, p, 1);
        }
    }
}

/* Escaped text where `code` spans become <code>: descriptions are written that way. */
void html_text(struct buf *out, const char *s)
{
    bool in_code = false;
    char piece[2] = {0};
    for (const char *p = s; p != NULL && *p != '\0'; p++) {
        if (*p == '`') {
            buf_puts(out, in_code ? "</code>" : "<code>");
            in_code = !in_code;
            continue;
        }
        piece[0] = *p;
        html_escape(out, piece);
    }
    if (in_code) {
        buf_puts(out, "</code>");
    }
}

/* An id attribute's value: prefix, then name with every byte outside [A-Za-z0-9_.-]
 * as ~XX (unique, and safe in an attribute and a fragment). */
void html_id(struct buf *out, const char *prefix, const char *name)
{
    buf_puts(out, prefix);
    for (const unsigned char *p = (const unsigned char *)name; p != NULL && *p != '\0'; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '.' || *p == '_') {
            buf_append(out, p, 1);
        } else {
            buf_printf(out, "~%02X", *p);
        }
    }
}

const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* "#/components/schemas/Name" in spec, or NULL. */
const cJSON *spec_ref(const cJSON *spec, const char *ref)
{
    char seg[256];
    const cJSON *at = spec;
    if (ref == NULL || strncmp(ref, "#/", 2) != 0) {
        return NULL;
    }
    for (const char *p = ref + 2; at != NULL && *p != '\0';) {
        size_t n = strcspn(p, "/");
        if (n >= sizeof(seg)) {
            return NULL;
        }
        memcpy(seg, p, n);
        seg[n] = '\0';
        at = cJSON_GetObjectItemCaseSensitive(at, seg);
        p += n + (p[n] == '/');
    }
    return at;
}

/* o itself, or what its $ref names (one hop; NULL when it names nothing). */
const cJSON *deref(const struct rctx *c, const cJSON *o)
{
    const char *ref = jstr(o, "$ref");
    return ref != NULL ? spec_ref(c->spec, ref) : o;
}

/* Calls fn for every operation of the spec, in the spec's order. */
void each_operation(const struct rctx *c, op_fn fn, void *ctx)
{
    const cJSON *path;
    cJSON_ArrayForEach(path, cJSON_GetObjectItemCaseSensitive(c->spec, "paths"))
    {
        for (size_t i = 0; methods[i] != NULL; i++) {
            const cJSON *op = cJSON_GetObjectItemCaseSensitive(path, methods[i]);
            if (cJSON_IsObject(op)) {
                fn(c, path->string, methods[i], path, op, ctx);
            }
        }
    }
}

bool op_has_tag(const cJSON *op, const char *tag)
{
    const cJSON *t;
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(op, "tags");
    if (tag == NULL) {
        return cJSON_GetArraySize(tags) == 0;
    }
    cJSON_ArrayForEach(t, tags)
    {
        if (cJSON_IsString(t) && strcmp(t->valuestring, tag) == 0) {
            return true;
        }
    }
    return false;
}

bool op_public(const cJSON *op)
{
    const cJSON *sec = cJSON_GetObjectItemCaseSensitive(op, "security");
    return cJSON_IsArray(sec) && cJSON_GetArraySize(sec) == 0;
}

static void head(struct buf *out, const cJSON *spec)
{
    const cJSON *info = cJSON_GetObjectItemCaseSensitive(spec, "info");
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_escape(out, jstr(info, "title"));
    buf_puts(out, " — API reference</title>\n<link rel=\"stylesheet\" href=\"/docs/style.css\">\n"
                  "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/docs/icon.svg\">\n</head>\n<body>\n"
                  "<header class=\"top\">\n<h1>");
    html_escape(out, jstr(info, "title"));
    buf_puts(out, "</h1>\n<p class=\"meta\">version <b>");
    html_escape(out, jstr(info, "version"));
    buf_puts(out, "</b> · OpenAPI ");
    html_escape(out, jstr(spec, "openapi"));
    buf_puts(out, " · <a href=\"/docs/openapi.yaml\">openapi.yaml</a> · server <code>");
    html_escape(out, jstr(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(spec, "servers"), 0), "url"));
    buf_puts(out, "</code></p>\n<div class=\"desc\">");
    html_text(out, jstr(info, "description"));
    buf_puts(out, "</div>\n</header>\n");
}

void docs_render(const cJSON *spec, struct buf *out)
{
    struct rctx c = {.spec = spec, .out = out};
    struct tag_list tags;
    tags_collect(&c, &tags);
    head(out, spec);
    toc(&c, &tags);
    buf_puts(out, "<main>\n");
    examples_section(&c);
    for (size_t i = 0; i < tags.n; i++) {
        tag_section(&c, &tags, i);
    }
    schemas_section(&c);
    buf_puts(out,
             "</main>\n<footer>Rendered by the service from <a href=\"/docs/openapi.yaml\">"
             "api/openapi.yaml</a> at start-up. No scripts run on this page.</footer>\n</body>\n</html>\n");
}
