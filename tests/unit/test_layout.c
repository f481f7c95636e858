/* The shape of service/ that ARCHITECTURE.md promises, checked on the sources:
 * - two hops: every route line in service/<domain>/routes.c names a handler defined in
 *   that same folder;
 * - one library behind one file: only platform/db.c includes mysql.h, only platform/cache.c
 *   hiredis.h, only platform/server.c civetweb.h, only auth/ jwt.h; OpenSSL stays in
 *   auth/, pii/ and the outbound HTTP file (platform/net.c); ICU only care/lunar.c (the
 *   calendar) and platform/pinyin.c (the transliterators of the name search); Pango
 *   and Cairo only the PDF files (the shared renderer platform/render_pdf.c, the
 *   certificate and the yearly report), libqrencode only volunteers/certificates_pdf.c;
 *   libyaml only docs/spec.c; libxlsxwriter only platform/sheet.c;
 * - SQL and result cells only in store files: outside *_db.c (and the platform's db layer)
 *   no file runs a statement or reads a cell by position. */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/util.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct buf b = {0};
    char chunk[8192];
    size_t n;
    if (f == NULL) {
        return NULL;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        buf_append(&b, chunk, n);
    }
    fclose(f);
    return b.data ? b.data : strdup("");
}

/* Calls fn(dir, name, text, ctx) for every .c file in service/<dir>. */
static void each_c_file(const char *dir, void (*fn)(const char *, const char *, const char *, void *),
                        void *ctx)
{
    char path[512];
    snprintf(path, sizeof(path), "service/%s", dir);
    DIR *d = opendir(path);
    assert_non_null(d);
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0) {
            continue;
        }
        snprintf(path, sizeof(path), "service/%s/%s", dir, e->d_name);
        char *text = slurp(path);
        assert_non_null(text);
        fn(dir, e->d_name, text, ctx);
        free(text);
    }
    closedir(d);
}

/* The folders of service/ (platform, auth, pii and the domains). */
static size_t service_dirs(char dirs[][64], size_t max)
{
    size_t n = 0;
    DIR *d = opendir("service");
    assert_non_null(d);
    for (struct dirent *e = readdir(d); e != NULL && n < max; e = readdir(d)) {
        if (e->d_type == DT_DIR && e->d_name[0] != '.') {
            snprintf(dirs[n++], 64, "%.63s", e->d_name);
        }
    }
    closedir(d);
    return n;
}

struct defined {
    struct buf all; /* every file's text of one folder */
};

static void collect(const char *dir, const char *name, const char *text, void *ctx)
{
    (void)dir;
    (void)name;
    buf_puts(&((struct defined *)ctx)->all, text);
}

static void every_route_handler_is_in_its_folder(void **s)
{
    (void)s;
    char dirs[32][64];
    size_t nd = service_dirs(dirs, 32), routes = 0;
    for (size_t i = 0; i < nd; i++) {
        char path[256];
        snprintf(path, sizeof(path), "service/%s/routes.c", dirs[i]);
        char *table = slurp(path);
        if (table == NULL || strcmp(dirs[i], "platform") == 0) {
            free(table);
            continue;
        }
        struct defined def = {0};
        each_c_file(dirs[i], collect, &def);
        /* a route line: {"GET", "/v1/...", handler, */
        for (const char *p = strstr(table, "{\""); p != NULL; p = strstr(p + 1, "{\"")) {
            char method[8], pattern[128], handler[64], want[96];
            if (sscanf(p, "{\"%7[A-Z]\", \"%127[^\"]\", %63[a-z0-9_]", method, pattern, handler) != 3) {
                continue;
            }
            snprintf(want, sizeof(want), "\nvoid %s(struct req *r)\n", handler);
            if (strstr(def.all.data, want) == NULL) {
                fail_msg("%s %s: handler %s is not defined in service/%s/", method, pattern, handler,
                         dirs[i]);
            }
            routes++;
        }
        buf_free(&def.all);
        free(table);
    }
    assert_true(routes > 100);
}

struct lib_rule {
    const char *include;
    const char *const *allowed; /* "dir/" prefixes or "dir/file.c", NULL-terminated */
};

static bool allowed_in(const char *const *allowed, const char *dir, const char *name)
{
    char path[160];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    for (size_t i = 0; allowed[i] != NULL; i++) {
        size_t len = strlen(allowed[i]);
        if (allowed[i][len - 1] == '/' ? strncmp(path, allowed[i], len) == 0
                                       : strcmp(path, allowed[i]) == 0) {
            return true;
        }
    }
    return false;
}

static const char *const only_db[] = {"platform/db.c", NULL};
static const char *const only_cache[] = {"platform/cache.c", NULL};
static const char *const only_server[] = {"platform/server.c", NULL};
static const char *const only_auth[] = {"auth/", NULL};
static const char *const ssl_places[] = {"auth/", "pii/", "platform/net.c", NULL};
static const char *const icu_places[] = {"care/lunar.c", "platform/pinyin.c", NULL};
static const char *const only_cert_pdf[] = {"volunteers/certificates_pdf.c", NULL};
static const char *const only_spec[] = {"docs/spec.c", NULL};
static const char *const only_sheet[] = {"platform/sheet.c", NULL};
static const char *const only_gzip[] = {"platform/gzip.c", NULL};
static const char *const pdf_files[] = {"platform/render_pdf.c", "volunteers/certificates_pdf.c",
                                        "stats/report_pdf.c", NULL};
static const struct lib_rule lib_rules[] = {
    {"<mysql.h>", only_db},          {"<hiredis.h>", only_cache}, {"<hiredis/hiredis.h>", only_cache},
    {"<civetweb.h>", only_server},   {"<jwt.h>", only_auth},      {"<openssl/", ssl_places},
    {"<unicode/", icu_places},       {"<pango/", pdf_files},      {"<cairo", pdf_files},
    {"<qrencode.h>", only_cert_pdf}, {"<yaml.h>", only_spec},     {"<xlsxwriter.h>", only_sheet},
    {"<zlib.h>", only_gzip},
};

static void check_includes(const char *dir, const char *name, const char *text, void *ctx)
{
    (void)ctx;
    for (size_t i = 0; i < sizeof(lib_rules) / sizeof(lib_rules[0]); i++) {
        char want[64];
        snprintf(want, sizeof(want), "#include %s", lib_rules[i].include);
        if (strstr(text, want) != NULL && !allowed_in(lib_rules[i].allowed, dir, name)) {
            fail_msg("service/%s/%s includes %s", dir, name, lib_rules[i].include);
        }
    }
}

static void each_library_sits_behind_one_file(void **s)
{
    (void)s;
    char dirs[32][64];
    size_t nd = service_dirs(dirs, 32);
    for (size_t i = 0; i < nd; i++) {
        each_c_file(dirs[i], check_includes, NULL);
    }
    char *h = slurp("include/yinhui/http.h");
    assert_non_null(h);
    assert_null(strstr(h, "civetweb"));
    free(h);
}

/* The platform files that are the db layer itself (they turn rows into views, pages and
 * structs for everyone else). */
static const char *const db_layer[] = {"platform/db.c",         "platform/json_out.c", "platform/page.c",
                                       "platform/typed_rows.c", "platform/migrate.c",  NULL};

static void check_cells(const char *dir, const char *name, const char *text, void *ctx)
{
    static const char *const reads[] = {"db_str(",      "db_i64(",   "db_len(",    "db_exec(",
                                        "db_exec_row(", "json_row(", "json_rows(", NULL};
    size_t len = strlen(name);
    (void)ctx;
    if ((len > 5 && strcmp(name + len - 5, "_db.c") == 0) || allowed_in(db_layer, dir, name)) {
        return;
    }
    for (size_t i = 0; reads[i] != NULL; i++) {
        for (const char *p = strstr(text, reads[i]); p != NULL; p = strstr(p + 1, reads[i])) {
            /* a call, not part of a longer name (view_fetch's db_exec is in a string) */
            if (p == text || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') || p[-1] == '"')) {
                fail_msg("service/%s/%s calls %s outside a store file", dir, name, reads[i]);
            }
        }
    }
}

static void sql_and_cells_stay_in_store_files(void **s)
{
    (void)s;
    char dirs[32][64];
    size_t nd = service_dirs(dirs, 32);
    for (size_t i = 0; i < nd; i++) {
        each_c_file(dirs[i], check_cells, NULL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_route_handler_is_in_its_folder),
                                       cmocka_unit_test(each_library_sits_behind_one_file),
                                       cmocka_unit_test(sql_and_cells_stay_in_store_files)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
