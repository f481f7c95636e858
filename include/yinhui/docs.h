#ifndef YINHUI_DOCS_H
#define YINHUI_DOCS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "yinhui/router.h"
#include "yinhui/util.h"

struct req;

/* The API reference at /docs (service/docs/): api/openapi.yaml (YH_OPENAPI_PATH), read and
 * rendered once at start-up into one static HTML page, kept in memory with its stylesheet,
 * icon and the raw spec. Read-only after docs_load. */
struct docs;

/* Reads and renders the spec at path. NULL (a message in msg) when the file is missing or
 * not a valid spec: the service still starts and /docs answers 503. */
struct docs *docs_load(const char *path, char *msg, size_t msglen);
void docs_free(struct docs *d);

/* GET /docs, /docs/style.css, /docs/icon.svg, /docs/openapi.yaml (public, no database). */
void docs_page(struct req *r);
void docs_style(struct req *r);
void docs_icon(struct req *r);
void docs_spec(struct req *r);

extern const struct route docs_routes[];
extern const size_t docs_nroutes;

/* YAML text to a cJSON tree (service/docs/spec.c, the only yaml.h file): mappings become
 * objects in their order, plain scalars that read as YAML 1.2 core numbers, booleans or
 * null become those, everything else a string. NULL with a message (line and column) on a
 * syntax error, an alias or a document that is not a mapping. */
cJSON *spec_from_yaml(const char *text, size_t len, char *msg, size_t msglen);

/* The HTML page of spec (an OpenAPI 3 document) appended to out (service/docs/render*.c).
 * Every text from the spec is HTML-escaped. */
void docs_render(const cJSON *spec, struct buf *out);

/* The stylesheet and the icon (service/docs/style.c). */
extern const char docs_css[];
extern const char docs_svg[];

/* Appends s HTML-escaped (& < > " ') to out; NULL appends nothing. */
void html_escape(struct buf *out, const char *s);

#endif
