/* GET /v1/stats/overview?format=xlsx: the overview's figures as a workbook — one row per
 * figure, named by its path in the JSON body (members.by_category.retired, org_life.2.
 * activities for the second quarter), a column for the total of the caller's office and
 * one per child office. Figures only, as the JSON: no personal data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/http.h"
#include "yinhui/sheet.h"
#include "yinhui/stats.h"

#define PATH_MAX_LEN 160

/* The item of node at path (dot-separated; a number n picks an array's n-th item, from
 * 1), NULL when absent. */
static const cJSON *at_path(const cJSON *node, const char *path)
{
    char seg[PATH_MAX_LEN];
    while (node != NULL && *path) {
        size_t n = strcspn(path, ".");
        snprintf(seg, sizeof(seg), "%.*s", (int)n, path);
        path += path[n] ? n + 1 : n;
        if (cJSON_IsArray(node)) {
            int k = 0;
            node = sscanf(seg, "%d", &k) == 1 ? cJSON_GetArrayItem(node, k - 1) : NULL;
        } else {
            node = cJSON_GetObjectItemCaseSensitive(node, seg);
        }
    }
    return node;
}

/* A figure as a number cell: whole numbers without, rates with two decimals shown (the
 * cell keeps the exact value); an absent one as an empty cell. */
static void figure_cell(struct sheet *sh, const cJSON *v)
{
    if (!cJSON_IsNumber(v)) {
        sheet_text(sh, NULL);
        return;
    }
    double d = v->valuedouble;
    sheet_number(sh, d, d == (double)(long long)d ? 0 : 2);
}

/* One row per number under node (its path prefix path): the total's value and each
 * child's at the same path. */
static void figure_rows(struct sheet *sh, const cJSON *node, const char *path, const cJSON *children)
{
    char sub[PATH_MAX_LEN];
    const cJSON *it = NULL;
    int k = 0;
    cJSON_ArrayForEach(it, node)
    {
        k++;
        if (cJSON_IsArray(node)) {
            snprintf(sub, sizeof(sub), "%s%s%d", path, *path ? "." : "", k);
        } else {
            snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", it->string);
        }
        if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
            figure_rows(sh, it, sub, children);
            continue;
        }
        if (!cJSON_IsNumber(it)) {
            continue;
        }
        sheet_text(sh, sub);
        figure_cell(sh, it);
        const cJSON *c = NULL;
        cJSON_ArrayForEach(c, children)
        {
            figure_cell(sh, at_path(cJSON_GetObjectItemCaseSensitive(c, "figures"), sub));
        }
        sheet_end_row(sh);
    }
}

/* The header: 指标, 合计, then each child office as "name（code）". */
static void header_row(struct sheet *sh, const cJSON *children)
{
    char(*names)[200] = calloc(SHEET_COLS_MAX, sizeof(*names)); /* a worker's stack is small */
    const char *heads[SHEET_COLS_MAX];
    const cJSON *c = NULL;
    int n = 0;
    heads[n++] = "指标";
    heads[n++] = "合计";
    cJSON_ArrayForEach(c, children)
    {
        if (n >= SHEET_COLS_MAX) {
            break;
        }
        snprintf(names[n], sizeof(names[n]), "%s（%s）",
                 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name")),
                 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "office")));
        heads[n] = names[n];
        n++;
    }
    sheet_header(sh, heads, n);
    free(names);
}

void stats_reply_xlsx(struct req *r, const cJSON *body)
{
    static const char *const meta[] = {"office",     "level",        "year",   "as_of",
                                       "ages_as_of", "medal_cutoff", "offices"};
    const cJSON *children = cJSON_GetObjectItemCaseSensitive(body, "children");
    struct sheet sh;
    if (!sheet_open(&sh, SHEET_XLSX, "统计概览")) {
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    header_row(&sh, children);
    for (size_t i = 0; i < ARRAY_LEN(meta); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, meta[i]);
        sheet_text(&sh, meta[i]);
        if (cJSON_IsString(v)) {
            sheet_text(&sh, v->valuestring);
        } else {
            figure_cell(&sh, v);
        }
        sheet_end_row(&sh);
    }
    figure_rows(&sh, cJSON_GetObjectItemCaseSensitive(body, "total"), "", children);
    sheet_reply(r, &sh, "statistics", "统计概览");
}
