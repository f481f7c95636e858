/* The renderer's parts (service/docs/render*.c), shared among them only. */
#ifndef YINHUI_DOCS_RENDER_H
#define YINHUI_DOCS_RENDER_H

#include <stdbool.h>

#include "yinhui/docs.h"

struct rctx {
    const cJSON *spec;
    struct buf *out;
};

#define TAGS_MAX 64
/* The sections: the spec's tags in its order, then tags operations use that it does not
 * declare, then (name NULL) the operations without a tag, when there are any. */
struct tag_list {
    size_t n;
    const char *name[TAGS_MAX];
    const char *desc[TAGS_MAX];
    size_t count[TAGS_MAX]; /* operations in each */
};

typedef void (*op_fn)(const struct rctx *c, const char *path, const char *method, const cJSON *item,
                      const cJSON *op, void *ctx);

/* render.c */
void html_text(struct buf *out, const char *s);
void html_id(struct buf *out, const char *prefix, const char *name);
const char *jstr(const cJSON *o, const char *key);
const cJSON *spec_ref(const cJSON *spec, const char *ref);
const cJSON *deref(const struct rctx *c, const cJSON *o);
void each_operation(const struct rctx *c, op_fn fn, void *ctx);
bool op_has_tag(const cJSON *op, const char *tag); /* tag NULL: has none */
bool op_public(const cJSON *op);

/* render_ops.c */
void tags_collect(const struct rctx *c, struct tag_list *t);
void toc(const struct rctx *c, const struct tag_list *t);
void tag_section(const struct rctx *c, const struct tag_list *t, size_t i);
void method_badge(struct buf *out, const char *method);

/* render_schema.c */
void type_text(const struct rctx *c, const cJSON *schema, int depth);
void schema_view(const struct rctx *c, const cJSON *schema);
void schemas_section(const struct rctx *c);

/* render_examples.c */
void examples_section(const struct rctx *c);

#endif
