/* Worked examples: every operation whose request body or success response carries an
 * `example` or `examples` in the spec, as a curl command and the JSON it answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs_render.h"

typedef void (*example_fn)(const struct rctx *c, const char *summary, const char *desc, const cJSON *value,
                           void *ctx);

/* Calls fn for each example of a media type object (example, then examples' values). */
static size_t each_example(const struct rctx *c, const cJSON *media, example_fn fn, void *ctx)
{
    const cJSON *one = cJSON_GetObjectItemCaseSensitive(media, "example"), *e;
    size_t n = 0;
    if (one != NULL) {
        if (fn != NULL) {
            fn(c, NULL, NULL, one, ctx);
        }
        n++;
    }
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(media, "examples"))
    {
        const cJSON *x = deref(c, e);
        if (x != NULL && cJSON_GetObjectItemCaseSensitive(x, "value") != NULL) {
            if (fn != NULL) {
                fn(c, jstr(x, "summary"), jstr(x, "description"),
                   cJSON_GetObjectItemCaseSensitive(x, "value"), ctx);
            }
            n++;
        }
    }
    return n;
}

static const cJSON *json_media(const cJSON *content)
{
    return cJSON_GetObjectItemCaseSensitive(content, "application/json");
}

/* The first 2xx response with a JSON example, or NULL; its status in *status. */
static const cJSON *success_media(const struct rctx *c, const cJSON *op, const char **status)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(op, "responses"))
    {
        const cJSON *media = json_media(cJSON_GetObjectItemCaseSensitive(deref(c, r), "content"));
        if (r->string[0] == '2' && media != NULL && each_example(c, media, NULL, NULL) > 0) {
            *status = r->string;
            return media;
        }
    }
    return NULL;
}

static const cJSON *request_media(const struct rctx *c, const cJSON *op)
{
    const cJSON *rb = deref(c, cJSON_GetObjectItemCaseSensitive(op, "requestBody"));
    return json_media(cJSON_GetObjectItemCaseSensitive(rb, "content"));
}

/* Text for a shell single-quoted word: ' becomes '\''. */
static void shell_quoted(struct buf *b, const char *s)
{
    buf_puts(b, "'");
    for (const char *p = s; *p != '\0'; p++) {
        buf_puts(b, *p == '\'' ? "'\\''" : (char[2]){*p, 0});
    }
    buf_puts(b, "'");
}

/* Percent-encoding of a query value (everything outside RFC 3986's unreserved set). */
static void url_encoded(struct buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p)) {
            buf_append(b, p, 1);
        } else {
            buf_printf(b, "%%%02X", *p);
        }
    }
}

/* A parameter's example as text (strings as they are, other values as JSON), or NULL. */
static char *param_example(const struct rctx *c, const cJSON *p)
{
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(deref(c, p), "example");
    if (ex == NULL) {
        return NULL;
    }
    return cJSON_IsString(ex) ? strdup(ex->valuestring) : cJSON_PrintUnformatted(ex);
}

struct url_parts {
    const struct rctx *c;
    struct buf path, query, headers;
};

static void url_param(struct url_parts *u, const cJSON *p)
{
    const cJSON *d = deref(u->c, p);
    const char *in = jstr(d, "in"), *name = jstr(d, "name");
    char *ex = param_example(u->c, p);
    if (ex == NULL || in == NULL || name == NULL) {
        free(ex);
        return;
    }
    if (strcmp(in, "query") == 0) {
        buf_puts(&u->query, u->query.len ? "&" : "?");
        url_encoded(&u->query, name);
        buf_puts(&u->query, "=");
        url_encoded(&u->query, ex);
    } else if (strcmp(in, "header") == 0) {
        struct buf h = {0};
        buf_printf(&h, "%s: %s", name, ex);
        buf_puts(&u->headers, " \\\n  -H ");
        shell_quoted(&u->headers, h.data);
        buf_free(&h);
    } else if (strcmp(in, "path") == 0) {
        char want[140];
        snprintf(want, sizeof(want), "{%s}", name);
        char *at = strstr(u->path.data, want);
        if (at != NULL) {
            struct buf b = {0};
            buf_append(&b, u->path.data, (size_t)(at - u->path.data));
            url_encoded(&b, ex);
            buf_puts(&b, at + strlen(want));
            buf_free(&u->path);
            u->path = b;
        }
    }
    free(ex);
}

/* The URL and the header options of op's parameter examples into u. */
static void url_of(struct url_parts *u, const char *path, const cJSON *item, const cJSON *op)
{
    const cJSON *lists[2] = {cJSON_GetObjectItemCaseSensitive(item, "parameters"),
                             cJSON_GetObjectItemCaseSensitive(op, "parameters")};
    const cJSON *p;
    const char *server =
        jstr(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(u->c->spec, "servers"), 0), "url");
    buf_puts(&u->path, server != NULL ? server : "");
    buf_puts(&u->path, path);
    for (size_t i = 0; i < 2; i++) {
        cJSON_ArrayForEach(p, lists[i])
        {
            url_param(u, p);
        }
    }
}

struct op_at {
    const char *path, *method;
    const cJSON *item, *op;
};

/* The curl command of the operation with body (NULL: none), escaped into a <pre>. */
static void curl_command(const struct rctx *c, const struct op_at *at, const cJSON *body)
{
    struct url_parts u = {.c = c};
    struct buf cmd = {0};
    url_of(&u, at->path, at->item, at->op);
    buf_puts(&cmd, "curl -sS");
    if (strcmp(at->method, "get") != 0) {
        buf_puts(&cmd, " -X ");
        for (const char *m = at->method; *m != '\0'; m++) {
            buf_printf(&cmd, "%c", *m - 'a' + 'A');
        }
    }
    buf_puts(&cmd, " ");
    buf_puts(&u.path, u.query.data ? u.query.data : "");
    shell_quoted(&cmd, u.path.data);
    if (!op_public(at->op)) {
        buf_puts(&cmd, " \\\n  -H \"Authorization: Bearer $TOKEN\"");
    }
    buf_puts(&cmd, u.headers.data ? u.headers.data : "");
    if (body != NULL) {
        char *s = cJSON_PrintUnformatted(body);
        buf_puts(&cmd, " \\\n  -H 'Content-Type: application/json' \\\n  -d ");
        shell_quoted(&cmd, s ? s : "");
        cJSON_free(s);
    }
    buf_puts(c->out, "<pre class=\"curl\">");
    html_escape(c->out, cmd.data);
    buf_puts(c->out, "</pre>\n");
    buf_free(&cmd);
    buf_free(&u.path);
    buf_free(&u.query);
    buf_free(&u.headers);
}

static void caption(const struct rctx *c, const char *summary, const char *desc)
{
    if (summary == NULL && desc == NULL) {
        return;
    }
    buf_puts(c->out, "<p class=\"cap\">");
    if (summary != NULL) {
        buf_puts(c->out, "<b>");
        html_text(c->out, summary);
        buf_puts(c->out, desc ? "</b> — " : "</b>");
    }
    html_text(c->out, desc);
    buf_puts(c->out, "</p>\n");
}

static void request_example(const struct rctx *c, const char *summary, const char *desc, const cJSON *value,
                            void *ctx)
{
    caption(c, summary, desc);
    curl_command(c, ctx, value);
}

static void response_example(const struct rctx *c, const char *summary, const char *desc, const cJSON *value,
                             void *ctx)
{
    char *s = cJSON_Print(value);
    struct buf b = {0};
    (void)ctx;
    caption(c, summary, desc);
    /* cJSON indents with tabs and puts one after each colon: two spaces and one space
     * (a string's own tabs are escaped, so every tab is layout) */
    for (const char *p = s ? s : ""; *p != '\0'; p++) {
        buf_puts(&b, *p != '\t' ? (char[2]){*p, 0} : p > s && p[-1] == ':' ? " " : "  ");
    }
    buf_puts(c->out, "<pre class=\"json\">");
    html_escape(c->out, b.data);
    buf_free(&b);
    buf_puts(c->out, "</pre>\n");
    cJSON_free(s);
}

static void example_op(const struct rctx *c, const char *path, const char *method, const cJSON *item,
                       const cJSON *op, void *ctx)
{
    struct op_at at = {path, method, item, op};
    const char *status = NULL;
    const cJSON *req = request_media(c, op), *res = success_media(c, op, &status);
    size_t nreq = req != NULL ? each_example(c, req, NULL, NULL) : 0;
    (void)ctx;
    if (nreq == 0 && res == NULL) {
        return;
    }
    buf_puts(c->out, "<article class=\"example\">\n<h3>");
    method_badge(c->out, method);
    buf_puts(c->out, " <code class=\"path\">");
    html_escape(c->out, path);
    buf_puts(c->out, "</code> ");
    html_text(c->out, jstr(op, "summary"));
    if (jstr(op, "operationId") != NULL) {
        buf_puts(c->out, " <a class=\"opref\" href=\"#");
        html_id(c->out, "op-", jstr(op, "operationId"));
        buf_puts(c->out, "\">reference</a>");
    }
    buf_puts(c->out, "</h3>\n<h4>Request</h4>\n");
    if (nreq > 0) {
        each_example(c, req, request_example, &at);
    } else {
        curl_command(c, &at, NULL);
    }
    if (res != NULL) {
        buf_puts(c->out, "<h4>Response ");
        html_escape(c->out, status);
        buf_puts(c->out, "</h4>\n");
        each_example(c, res, response_example, NULL);
    }
    buf_puts(c->out, "</article>\n");
}

void examples_section(const struct rctx *c)
{
    buf_puts(c->out,
             "<section class=\"examples\" id=\"examples\">\n<h2>Worked examples</h2>\n"
             "<p class=\"desc\">From the examples in the spec. Log in first, keep the access token "
             "(<code>export TOKEN=…</code>) and send it as <code>Authorization: Bearer $TOKEN</code>. "
             "<code>make run</code> prints the demo accounts.</p>\n");
    each_operation(c, example_op, NULL);
    buf_puts(c->out, "</section>\n");
}
