/* GET /docs and its files: the API reference rendered once at start-up from the spec file
 * (YH_OPENAPI_PATH) and kept in memory; each answer static, cacheable and under a strict
 * Content-Security-Policy (no scripts, styles and images from this origin only). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/app.h"
#include "yinhui/docs.h"
#include "yinhui/http.h"

#define SPEC_MAX (16 * 1024 * 1024)
#define DOCS_CSP                                                                                             \
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "            \
    "frame-ancestors 'none'"
#define DOCS_CACHE "public, max-age=300"

struct docs_file {
    char *data;
    size_t len;
    char etag[19];
};

struct docs {
    struct docs_file page, spec, css, svg;
};

static void file_set(struct docs_file *f, char *data, size_t len)
{
    f->data = data;
    f->len = len;
    etag_of(data, len, f->etag);
}

/* The whole file at path (NUL-terminated), or NULL with a message. */
static char *slurp(const char *path, size_t *len, char *msg, size_t msglen)
{
    FILE *f = fopen(path, "rb");
    struct buf b = {0};
    char chunk[65536];
    size_t n;
    if (f == NULL) {
        snprintf(msg, msglen, "cannot open %s (YH_OPENAPI_PATH)", path);
        return NULL;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len <= SPEC_MAX) {
        buf_append(&b, chunk, n);
    }
    fclose(f);
    if (b.len == 0 || b.len > SPEC_MAX) {
        snprintf(msg, msglen, "%s is empty or larger than %d bytes", path, SPEC_MAX);
        buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

/* The spec parsed, or NULL with a message: YAML, an OpenAPI 3 document with paths. */
static cJSON *spec_parse(const char *path, const char *text, size_t len, char *msg, size_t msglen)
{
    char why[200] = "";
    cJSON *spec = spec_from_yaml(text, len, why, sizeof(why));
    const char *version =
        spec ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(spec, "openapi")) : NULL;
    if (spec == NULL) {
        snprintf(msg, msglen, "%s: %s", path, why);
    } else if (version == NULL || strncmp(version, "3.", 2) != 0 ||
               !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(spec, "paths"))) {
        snprintf(msg, msglen, "%s is not an OpenAPI 3 document with paths", path);
        cJSON_Delete(spec);
        spec = NULL;
    }
    return spec;
}

struct docs *docs_load(const char *path, char *msg, size_t msglen)
{
    size_t len = 0;
    char *text = slurp(path, &len, msg, msglen);
    cJSON *spec = text ? spec_parse(path, text, len, msg, msglen) : NULL;
    struct docs *d = spec ? calloc(1, sizeof(*d)) : NULL;
    struct buf html = {0};
    if (d == NULL) {
        free(text);
        cJSON_Delete(spec);
        return NULL;
    }
    docs_render(spec, &html);
    cJSON_Delete(spec);
    file_set(&d->page, html.data, html.len);
    file_set(&d->spec, text, len);
    file_set(&d->css, (char *)docs_css, strlen(docs_css));
    file_set(&d->svg, (char *)docs_svg, strlen(docs_svg));
    return d;
}

void docs_free(struct docs *d)
{
    if (d != NULL) {
        free(d->page.data);
        free(d->spec.data);
        free(d);
    }
}

static void docs_send(struct req *r, const struct docs_file *(*pick)(const struct docs *), const char *ctype)
{
    const struct docs *d = r->app->docs;
    if (d == NULL) {
        reply_problem(r, YH_ERR_UNAVAILABLE,
                      "the API reference did not load at start-up (see the log and YH_OPENAPI_PATH)", NULL);
        return;
    }
    const struct docs_file *f = pick(d);
    reply_header(r, "Content-Security-Policy", DOCS_CSP);
    reply_header(r, "X-Content-Type-Options", "nosniff");
    reply_header(r, "Cache-Control", DOCS_CACHE);
    reply_raw_etag(r, 200, ctype, f->data, f->len, f->etag);
}

static const struct docs_file *pick_page(const struct docs *d)
{
    return &d->page;
}
static const struct docs_file *pick_css(const struct docs *d)
{
    return &d->css;
}
static const struct docs_file *pick_svg(const struct docs *d)
{
    return &d->svg;
}
static const struct docs_file *pick_spec(const struct docs *d)
{
    return &d->spec;
}

/* GET /docs */
void docs_page(struct req *r)
{
    docs_send(r, pick_page, "text/html; charset=utf-8");
}

/* GET /docs/style.css */
void docs_style(struct req *r)
{
    docs_send(r, pick_css, "text/css; charset=utf-8");
}

/* GET /docs/icon.svg */
void docs_icon(struct req *r)
{
    docs_send(r, pick_svg, "image/svg+xml");
}

/* GET /docs/openapi.yaml */
void docs_spec(struct req *r)
{
    docs_send(r, pick_spec, "application/yaml; charset=utf-8");
}
