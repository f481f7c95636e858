/* No non-reentrant libc call comes back into the service: every request runs on one of
 * many threads, and the outbox has its own, so calls that keep hidden static state
 * (strtok, localtime, gmtime, rand, strerror, ...) can corrupt each other. This reads
 * every .c and .h under service/ and include/ (make test runs from the checkout) and
 * fails naming file:line for each call of a banned function, matched as a whole word
 * followed by "(" so strtok_r, gmtime_r and strerror_r stay allowed. */
#include "support.h"

#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BANNED                                                                                               \
    "strtok|localtime|gmtime|asctime|ctime|rand|srand|random|srandom|drand48|erand48|lrand48|nrand48|"       \
    "mrand48|"                                                                                               \
    "jrand48|strerror|strsignal|inet_ntoa|gethostbyname|gethostbyaddr|getservbyname|getpwnam|getpwuid|"      \
    "getgrnam|"                                                                                              \
    "getgrgid|getlogin|ttyname|tmpnam|tempnam|crypt|ecvt|fcvt|gcvt|l64a|setenv|putenv|unsetenv|mblen|"       \
    "wctomb|mbtowc|ptsname|hcreate|hsearch|hdestroy|setlocale|getdate"

static regex_t re;

static int setup(void **s)
{
    (void)s;
    /* a call: not preceded by an identifier character, '.', or '>' (a member), the
     * name, optional blanks, then '(' */
    return regcomp(&re, "(^|[^A-Za-z0-9_.>])(" BANNED ")[[:space:]]*\\(", REG_EXTENDED | REG_NEWLINE);
}

static int teardown(void **s)
{
    (void)s;
    regfree(&re);
    return 0;
}

static bool banned(const char *line)
{
    return regexec(&re, line, 0, NULL, 0) == 0;
}

/* The check itself: it catches what it is meant to and lets the _r forms through. */
static void the_pattern_matches_calls_only(void **s)
{
    (void)s;
    assert_true(banned("for (char *t = strtok(s, \",\"); t; t = strtok(NULL, \",\")) {"));
    assert_true(banned("struct tm *tm = localtime(&t);"));
    assert_true(banned("    gmtime (&now);"));
    assert_true(banned("x = rand() % 6;"));
    assert_true(banned("snprintf(e, n, \"%s\", strerror(errno));"));
    assert_true(banned("char *s = ctime(&t);"));
    assert_false(banned("char *t = strtok_r(s, \",\", &save);"));
    assert_false(banned("gmtime_r(&now, &tm);"));
    assert_false(banned("localtime_r(&now, &tm);"));
    assert_false(banned("strerror_r(errno, b, sizeof(b));"));
    assert_false(banned("random_bytes(rnd, sizeof(rnd));"));
    assert_false(banned("#include <openssl/rand.h>"));
    assert_false(banned("/* a fixed hash of a random string */"));
    assert_false(banned("o->rand(x); p.gmtime(y);"));
}

/* Reports every banned call in the file at path; returns how many. Comments are
 * skipped (a line's text after // and the inside of block comments). */
static int scan_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return 0;
    }
    char line[4096];
    int found = 0, no = 0;
    bool in_comment = false;
    while (fgets(line, sizeof(line), f) != NULL) {
        no++;
        char code[4096];
        size_t o = 0;
        for (size_t i = 0; line[i] != '\0'; i++) {
            if (in_comment) {
                if (line[i] == '*' && line[i + 1] == '/') {
                    in_comment = false;
                    i++;
                }
                continue;
            }
            if (line[i] == '/' && line[i + 1] == '*') {
                in_comment = true;
                i++;
                code[o++] = ' ';
                continue;
            }
            if (line[i] == '/' && line[i + 1] == '/') {
                break;
            }
            code[o++] = line[i];
        }
        code[o] = '\0';
        if (banned(code)) {
            print_error("%s:%d: non-reentrant call: %s", path, no, line);
            found++;
        }
    }
    fclose(f);
    return found;
}

static int scan_dir(const char *dir, int *files)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort), found = 0;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        char path[1024];
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        if (name[0] != '.' && stat(path, &st) == 0) {
            size_t l = strlen(name);
            if (S_ISDIR(st.st_mode)) {
                found += scan_dir(path, files);
            } else if (l > 2 && (strcmp(name + l - 2, ".c") == 0 || strcmp(name + l - 2, ".h") == 0)) {
                (*files)++;
                found += scan_file(path);
            }
        }
        free(names[i]);
    }
    free(names);
    return found;
}

static void service_has_no_non_reentrant_calls(void **s)
{
    (void)s;
    int files = 0;
    int found = scan_dir("service", &files) + scan_dir("include", &files);
    assert_true(files > 50); /* it ran from the checkout and read the sources */
    assert_int_equal(found, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_pattern_matches_calls_only),
        cmocka_unit_test(service_has_no_non_reentrant_calls),
    };
    return cmocka_run_group_tests_name("reentrant", tests, setup, teardown);
}
