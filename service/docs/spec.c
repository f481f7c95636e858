/* YAML to cJSON for the API reference: the only file that includes yaml.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yinhui/docs.h"

#define SPEC_DEPTH_MAX 64

/* A plain scalar that YAML 1.2's core schema reads as a number (decimal only). */
static bool core_number(const char *s, double *out)
{
    char *end = NULL;
    if (s[0] == '\0' || strpbrk(s, "xXoOiInN_ ") != NULL) {
        return false;
    }
    if (!(s[0] == '-' || s[0] == '+' || s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) {
        return false;
    }
    *out = strtod(s, &end);
    return end != s && *end == '\0';
}

static cJSON *scalar_json(const yaml_node_t *n)
{
    const char *s = (const char *)n->data.scalar.value;
    double num;
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        return cJSON_CreateString(s);
    }
    if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0) {
        return cJSON_CreateTrue();
    }
    if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0) {
        return cJSON_CreateFalse();
    }
    if (s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
        strcmp(s, "NULL") == 0) {
        return cJSON_CreateNull();
    }
    if (core_number(s, &num)) {
        return cJSON_CreateNumber(num);
    }
    return cJSON_CreateString(s);
}

static cJSON *node_json(yaml_document_t *doc, yaml_node_t *n, int depth);

static cJSON *mapping_json(yaml_document_t *doc, yaml_node_t *n, int depth)
{
    cJSON *o = cJSON_CreateObject();
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; o != NULL && p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        cJSON *v = node_json(doc, yaml_document_get_node(doc, p->value), depth + 1);
        if (k == NULL || k->type != YAML_SCALAR_NODE || v == NULL) {
            cJSON_Delete(v);
            cJSON_Delete(o);
            return NULL;
        }
        cJSON_AddItemToObject(o, (const char *)k->data.scalar.value, v);
    }
    return o;
}

static cJSON *node_json(yaml_document_t *doc, yaml_node_t *n, int depth)
{
    if (n == NULL || depth > SPEC_DEPTH_MAX) {
        return NULL;
    }
    if (n->type == YAML_SCALAR_NODE) {
        return scalar_json(n);
    }
    if (n->type == YAML_MAPPING_NODE) {
        return mapping_json(doc, n, depth);
    }
    cJSON *a = cJSON_CreateArray();
    for (yaml_node_item_t *i = n->data.sequence.items.start; a != NULL && i < n->data.sequence.items.top;
         i++) {
        cJSON *v = node_json(doc, yaml_document_get_node(doc, *i), depth + 1);
        if (v == NULL) {
            cJSON_Delete(a);
            return NULL;
        }
        cJSON_AddItemToArray(a, v);
    }
    return a;
}

cJSON *spec_from_yaml(const char *text, size_t len, char *msg, size_t msglen)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    cJSON *out = NULL;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(msg, msglen, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(msg, msglen, "YAML error at line %zu column %zu: %s", parser.problem_mark.line + 1,
                 parser.problem_mark.column + 1, parser.problem ? parser.problem : "unknown");
        yaml_parser_delete(&parser);
        return NULL;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root == NULL || root->type != YAML_MAPPING_NODE) {
        snprintf(msg, msglen, "the document is not a mapping");
    } else if ((out = node_json(&doc, root, 0)) == NULL) {
        snprintf(msg, msglen, "a mapping key that is not a scalar, or nesting deeper than %d",
                 SPEC_DEPTH_MAX);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return out;
}
