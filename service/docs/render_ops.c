/* The page's contents and its tag sections: each operation with its parameters, request
 * body and responses. */
#include <string.h>

#include "docs_render.h"

static size_t tag_index(const struct tag_list *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++) {
        if ((name == NULL && t->name[i] == NULL) ||
            (name != NULL && t->name[i] != NULL && strcmp(t->name[i], name) == 0)) {
            return i;
        }
    }
    return t->n;
}

static void tag_add(struct tag_list *t, const char *name, const char *desc)
{
    size_t i = tag_index(t, name);
    if (i == t->n && t->n < TAGS_MAX) {
        t->name[t->n] = name;
        t->desc[t->n] = desc;
        t->count[t->n++] = 0;
    }
}

/* One more operation under tag name (none when the table was full and it is not in it). */
static void tag_count(struct tag_list *t, const char *name)
{
    size_t i = tag_index(t, name);
    if (i < t->n) {
        t->count[i]++;
    }
}

/* Counts op under each of its tags (adding the tags the spec does not declare). */
static void count_op(const struct rctx *c, const char *path, const char *method, const cJSON *item,
                     const cJSON *op, void *ctx)
{
    struct tag_list *t = ctx;
    const cJSON *tag;
    (void)c, (void)path, (void)method, (void)item;
    if (op_has_tag(op, NULL)) {
        tag_add(t, NULL, NULL);
        tag_count(t, NULL);
        return;
    }
    cJSON_ArrayForEach(tag, cJSON_GetObjectItemCaseSensitive(op, "tags"))
    {
        if (cJSON_IsString(tag)) {
            tag_add(t, tag->valuestring, NULL);
            tag_count(t, tag->valuestring);
        }
    }
}

void tags_collect(const struct rctx *c, struct tag_list *t)
{
    const cJSON *tag;
    t->n = 0;
    cJSON_ArrayForEach(tag, cJSON_GetObjectItemCaseSensitive(c->spec, "tags"))
    {
        if (jstr(tag, "name") != NULL) {
            tag_add(t, jstr(tag, "name"), jstr(tag, "description"));
        }
    }
    each_operation(c, count_op, t);
    /* the untagged operations' section goes last */
    size_t u = tag_index(t, NULL);
    if (u < t->n) {
        size_t n = t->count[u];
        memmove(&t->name[u], &t->name[u + 1], (t->n - u - 1) * sizeof(t->name[0]));
        memmove(&t->desc[u], &t->desc[u + 1], (t->n - u - 1) * sizeof(t->desc[0]));
        memmove(&t->count[u], &t->count[u + 1], (t->n - u - 1) * sizeof(t->count[0]));
        t->name[t->n - 1] = NULL;
        t->desc[t->n - 1] = NULL;
        t->count[t->n - 1] = n;
    }
}

void toc(const struct rctx *c, const struct tag_list *t)
{
    struct buf *out = c->out;
    buf_puts(out, "<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n"
                  "<li><a href=\"#examples\">Worked examples</a></li>\n");
    for (size_t i = 0; i < t->n; i++) {
        buf_puts(out, "<li><a href=\"#");
        html_id(out, t->name[i] ? "tag-" : "untagged", t->name[i] ? t->name[i] : "");
        buf_puts(out, "\">");
        html_escape(out, t->name[i] ? t->name[i] : "Other operations");
        buf_printf(out, "</a> <span class=\"n\">%zu</span>", t->count[i]);
        if (t->desc[i] != NULL) {
            buf_puts(out, "<span class=\"tagdesc\">");
            html_text(out, t->desc[i]);
            buf_puts(out, "</span>");
        }
        buf_puts(out, "</li>\n");
    }
    buf_puts(out, "<li><a href=\"#schemas\">Schemas</a></li>\n</ol>\n</nav>\n");
}

void method_badge(struct buf *out, const char *method)
{
    buf_printf(out, "<span class=\"m m-%s\">", method);
    for (const char *p = method; *p != '\0'; p++) {
        buf_printf(out, "%c", *p - 'a' + 'A');
    }
    buf_puts(out, "</span>");
}

static void param_row(const struct rctx *c, const cJSON *p)
{
    struct buf *out = c->out;
    p = deref(c, p);
    if (p == NULL) {
        return;
    }
    buf_puts(out, "<tr><td><code>");
    html_escape(out, jstr(p, "name"));
    buf_puts(out, "</code></td><td>");
    html_escape(out, jstr(p, "in"));
    buf_puts(out, "</td><td>");
    type_text(c, cJSON_GetObjectItemCaseSensitive(p, "schema"), 0);
    buf_puts(out,
             cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "required")) ? "</td><td>yes" : "</td><td>");
    buf_puts(out, "</td><td>");
    html_text(out, jstr(p, "description"));
    buf_puts(out, "</td></tr>\n");
}

static void params(const struct rctx *c, const cJSON *item, const cJSON *op)
{
    const cJSON *lists[2] = {cJSON_GetObjectItemCaseSensitive(item, "parameters"),
                             cJSON_GetObjectItemCaseSensitive(op, "parameters")};
    const cJSON *p;
    if (cJSON_GetArraySize(lists[0]) + cJSON_GetArraySize(lists[1]) == 0) {
        return;
    }
    buf_puts(c->out, "<h4>Parameters</h4>\n<table class=\"params\"><thead><tr><th>name</th><th>in</th>"
                     "<th>type</th><th>required</th><th>description</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < 2; i++) {
        cJSON_ArrayForEach(p, lists[i])
        {
            param_row(c, p);
        }
    }
    buf_puts(c->out, "</tbody></table>\n");
}

/* Each media type of content with its schema. */
static void contents(const struct rctx *c, const cJSON *content)
{
    const cJSON *mt;
    cJSON_ArrayForEach(mt, content)
    {
        buf_puts(c->out, "<div class=\"media\"><code class=\"mt\">");
        html_escape(c->out, mt->string);
        buf_puts(c->out, "</code> ");
        schema_view(c, cJSON_GetObjectItemCaseSensitive(mt, "schema"));
        buf_puts(c->out, "</div>\n");
    }
}

static void request_body(const struct rctx *c, const cJSON *op)
{
    const cJSON *rb = deref(c, cJSON_GetObjectItemCaseSensitive(op, "requestBody"));
    if (rb == NULL) {
        return;
    }
    buf_puts(c->out, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rb, "required"))
                         ? "<h4>Request body <span class=\"req\">required</span></h4>\n"
                         : "<h4>Request body <span class=\"opt\">optional</span></h4>\n");
    if (jstr(rb, "description") != NULL) {
        buf_puts(c->out, "<p class=\"desc\">");
        html_text(c->out, jstr(rb, "description"));
        buf_puts(c->out, "</p>\n");
    }
    contents(c, cJSON_GetObjectItemCaseSensitive(rb, "content"));
}

static void response_row(const struct rctx *c, const cJSON *r)
{
    struct buf *out = c->out;
    const cJSON *res = deref(c, r), *h;
    const char *ref = jstr(r, "$ref");
    buf_puts(out, "<tr><td class=\"st\">");
    html_escape(out, r->string);
    buf_puts(out, "</td><td>");
    html_text(out, jstr(res, "description"));
    if (ref != NULL && strrchr(ref, '/') != NULL) {
        buf_puts(out, " <span class=\"refname\">(");
        html_escape(out, strrchr(ref, '/') + 1);
        buf_puts(out, ")</span>");
    }
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(res, "headers"))
    {
        buf_puts(out, " <span class=\"hdr\">");
        html_escape(out, h->string);
        buf_puts(out, "</span>");
    }
    buf_puts(out, "</td><td>");
    contents(c, cJSON_GetObjectItemCaseSensitive(res, "content"));
    buf_puts(out, "</td></tr>\n");
}

static void responses(const struct rctx *c, const cJSON *op)
{
    const cJSON *r;
    buf_puts(c->out,
             "<h4>Responses</h4>\n<table class=\"responses\"><thead><tr><th>status</th><th>description</th>"
             "<th>body</th></tr></thead><tbody>\n");
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(op, "responses"))
    {
        response_row(c, r);
    }
    buf_puts(c->out, "</tbody></table>\n");
}

struct in_tag {
    const struct tag_list *t;
    size_t i;
};

static void operation(const struct rctx *c, const char *path, const char *method, const cJSON *item,
                      const cJSON *op, void *ctx)
{
    const struct in_tag *it = ctx;
    struct buf *out = c->out;
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(op, "tags"), 0);
    if (!op_has_tag(op, it->t->name[it->i])) {
        return;
    }
    buf_puts(out, "<details class=\"op\"");
    /* the id once: in the section of the operation's first tag */
    if (jstr(op, "operationId") != NULL &&
        (first == NULL || (cJSON_IsString(first) && it->t->name[it->i] != NULL &&
                           strcmp(first->valuestring, it->t->name[it->i]) == 0))) {
        buf_puts(out, " id=\"");
        html_id(out, "op-", jstr(op, "operationId"));
        buf_puts(out, "\"");
    }
    buf_puts(out, "><summary>");
    method_badge(out, method);
    buf_puts(out, " <code class=\"path\">");
    html_escape(out, path);
    buf_puts(out, "</code> <span class=\"sum\">");
    html_text(out, jstr(op, "summary"));
    buf_puts(out, op_public(op)
                      ? "</span> <span class=\"pub\">public</span></summary>\n<div class=\"opbody\">\n"
                      : "</span></summary>\n<div class=\"opbody\">\n");
    if (jstr(op, "description") != NULL) {
        buf_puts(out, "<p class=\"desc\">");
        html_text(out, jstr(op, "description"));
        buf_puts(out, "</p>\n");
    }
    params(c, item, op);
    request_body(c, op);
    responses(c, op);
    buf_puts(out, "</div>\n</details>\n");
}

void tag_section(const struct rctx *c, const struct tag_list *t, size_t i)
{
    struct buf *out = c->out;
    struct in_tag it = {t, i};
    buf_puts(out, "<section class=\"tag\" id=\"");
    html_id(out, t->name[i] ? "tag-" : "untagged", t->name[i] ? t->name[i] : "");
    buf_puts(out, "\">\n<h2>");
    html_escape(out, t->name[i] ? t->name[i] : "Other operations");
    buf_puts(out, "</h2>\n");
    if (t->desc[i] != NULL) {
        buf_puts(out, "<p class=\"desc\">");
        html_text(out, t->desc[i]);
        buf_puts(out, "</p>\n");
    }
    each_operation(c, operation, &it);
    buf_puts(out, "</section>\n");
}
