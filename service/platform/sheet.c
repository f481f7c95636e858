/* Spreadsheet exports as CSV or .xlsx: the only file that includes xlsxwriter.h. */
#include "yinhui/sheet.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "yinhui/access.h"
#include "yinhui/csv.h"
#include "yinhui/http.h"

#define WIDTH_MAX 60 /* a long address wraps in the cell rather than widening the sheet */

/* The code point at *p (valid UTF-8), advancing p. */
static unsigned next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned c = s[0];
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    c = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : extra == 1 ? c & 0x1F : c;
    for (int i = 1; i <= extra && s[i]; i++) {
        c = (c << 6) | (s[i] & 0x3F);
        *p = s + i;
    }
    (*p)++;
    return c;
}

int sheet_text_width(const char *text)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    int w = 0;
    while (*p) {
        unsigned c = next_cp(&p);
        /* Hangul jamo, CJK, Hangul syllables, compatibility ideographs, full-width forms */
        bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
        w += wide ? 2 : 1;
    }
    return w;
}

struct closing {
    lxw_workbook *wb;
    lxw_error e;
};

static void *close_workbook(void *arg)
{
    struct closing *c = arg;
    c->e = workbook_close(c->wb);
    return NULL;
}

/* Writes and frees the workbook wb. Its zip writer (minizip's zipOpen3) keeps a 64 KiB
 * buffer on the stack, more than a Civetweb worker's (about 100 KiB) has left: it runs
 * on a thread of its own with a 1 MiB stack, which this one waits for. */
static lxw_error close_on_big_stack(lxw_workbook *wb)
{
    struct closing c = {wb, LXW_ERROR_MEMORY_MALLOC_FAILED};
    pthread_attr_t attr;
    pthread_t t;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 1u << 20);
    int rc = pthread_create(&t, &attr, close_workbook, &c);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        return LXW_ERROR_MEMORY_MALLOC_FAILED; /* wb is leaked rather than overflow the stack */
    }
    pthread_join(t, NULL);
    return c.e;
}

/* Makes the workbook of s, written to a memory file. libxlsxwriter 1.1.4 (Debian's) also
 * writes each part (the sheet's cells, personal data among them) to an unlinked temporary
 * file before zipping: in /dev/shm (memory) where it can, so no part of an export reaches
 * a disk; else in the library's default (tmpfile(3): /tmp, mode 0600, unlinked). */
static bool xlsx_open(struct sheet *s, const char *title)
{
    static char shm[] = "/dev/shm";
    lxw_workbook_options opt = {.tmpdir = access(shm, W_OK | X_OK) == 0 ? shm : NULL};
    char path[40];
    s->fd = memfd_create("yh-xlsx", MFD_CLOEXEC);
    if (s->fd < 0) {
        return false;
    }
    snprintf(path, sizeof(path), "/proc/self/fd/%d", s->fd);
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (wb == NULL) {
        close(s->fd);
        s->fd = -1;
        return false;
    }
    s->wb = wb;
    s->ws = workbook_add_worksheet(wb, title);
    s->bold = workbook_add_format(wb);
    format_set_bold(s->bold);
    static const char *const numfmt[] = {"0", "0.0", "0.00"};
    for (int i = 0; i < 3; i++) {
        s->fixed[i] = workbook_add_format(wb);
        format_set_num_format(s->fixed[i], numfmt[i]);
    }
    return s->ws != NULL;
}

bool sheet_open(struct sheet *s, enum sheet_format f, const char *title)
{
    memset(s, 0, sizeof(*s));
    s->format = f;
    s->fd = -1;
    if (f == SHEET_CSV) {
        buf_puts(&s->csv, "\xEF\xBB\xBF"); /* spreadsheets read UTF-8 by its BOM */
        return true;
    }
    if (!xlsx_open(s, title)) {
        sheet_free(s);
        return false;
    }
    return true;
}

/* Counts text's width for the current column and moves to the next one. */
static void next_cell(struct sheet *s, int width)
{
    if (s->col < SHEET_COLS_MAX && width > s->width[s->col]) {
        s->width[s->col] = width;
    }
    s->col++;
}

void sheet_header(struct sheet *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        if (s->format == SHEET_CSV) {
            buf_puts(&s->csv, i ? "," : "");
            csv_field(&s->csv, names[i]);
        } else {
            worksheet_write_string(s->ws, 0, (lxw_col_t)i, names[i], s->bold);
        }
        next_cell(s, sheet_text_width(names[i]));
    }
    sheet_end_row(s);
}

void sheet_text(struct sheet *s, const char *v)
{
    v = v ? v : "";
    if (s->format == SHEET_CSV) {
        buf_puts(&s->csv, s->col ? "," : "");
        csv_field(&s->csv, v);
    } else if (v[0]) {
        worksheet_write_string(s->ws, (lxw_row_t)s->row, (lxw_col_t)s->col, v, NULL);
    }
    next_cell(s, sheet_text_width(v));
}

void sheet_number(struct sheet *s, double v, int decimals)
{
    char text[48];
    decimals = decimals < 0 ? 0 : decimals > 2 ? 2 : decimals;
    snprintf(text, sizeof(text), "%.*f", decimals, v);
    if (s->format == SHEET_CSV) {
        buf_puts(&s->csv, s->col ? "," : "");
        buf_puts(&s->csv, text);
    } else {
        worksheet_write_number(s->ws, (lxw_row_t)s->row, (lxw_col_t)s->col, v, s->fixed[decimals]);
    }
    next_cell(s, (int)strlen(text));
}

void sheet_end_row(struct sheet *s)
{
    if (s->format == SHEET_CSV) {
        buf_append(&s->csv, "\r\n", 2);
    }
    s->row++;
    s->col = 0;
}

void sheet_free(struct sheet *s)
{
    buf_free(&s->csv);
    if (s->wb != NULL) {
        lxw_workbook_free(s->wb); /* never written: an error came first */
        s->wb = NULL;
    }
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
}

/* Finishes the workbook: widths, the frozen header row, then its bytes into out. */
static bool xlsx_finish(struct sheet *s, struct buf *out)
{
    struct stat st;
    for (int c = 0; c < SHEET_COLS_MAX; c++) {
        if (s->width[c] > 0) {
            int w = s->width[c] + 2;
            worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w > WIDTH_MAX ? WIDTH_MAX : w, NULL);
        }
    }
    worksheet_freeze_panes(s->ws, 1, 0);
    lxw_error e = close_on_big_stack(s->wb);
    s->wb = NULL;
    if (e != LXW_NO_ERROR || fstat(s->fd, &st) != 0 || st.st_size <= 0) {
        return false;
    }
    buf_grow(out, (size_t)st.st_size);
    ssize_t n = pread(s->fd, out->data, (size_t)st.st_size, 0);
    if (n != (ssize_t)st.st_size) {
        return false;
    }
    out->len = (size_t)n;
    return true;
}

bool sheet_finish(struct sheet *s, struct buf *out)
{
    if (s->format == SHEET_XLSX) {
        return xlsx_finish(s, out);
    }
    *out = s->csv;
    memset(&s->csv, 0, sizeof(s->csv));
    return true;
}

/* Appends the percent-encoding of s (RFC 5987 attr-char kept) to out. */
static void pct_encode(struct buf *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("!#$&+-.^_`|~", *p) != NULL) {
            buf_append(out, p, 1);
        } else {
            buf_printf(out, "%%%02X", *p);
        }
    }
}

void sheet_reply(struct req *r, struct sheet *s, const char *stem, const char *zh_stem)
{
    struct buf file = {0}, cd = {0};
    bool xlsx = s->format == SHEET_XLSX;
    const char *ext = xlsx ? ".xlsx" : ".csv";
    bool ok = sheet_finish(s, &file);
    sheet_free(s);
    if (!ok) {
        buf_free(&file);
        reply_problem(r, YH_ERR_INTERNAL, NULL, NULL);
        return;
    }
    buf_printf(&cd, "attachment; filename=\"%s%s\"; filename*=UTF-8''", stem, ext);
    pct_encode(&cd, zh_stem);
    buf_puts(&cd, ext);
    reply_header(r, "Content-Disposition", cd.data);
    buf_free(&cd);
    reply_raw(r, 200,
              xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                   : "text/csv; charset=utf-8",
              file.data, file.len);
    buf_free(&file);
}

bool sheet_query_or_reply(struct req *r, const char *const *formats, const char **format, bool *zh)
{
    static const char *const langs[] = {"en", "zh", NULL};
    const char *lang = NULL;
    *format = NULL;
    if (!query_enum_or_reply(r, "format", formats, format) ||
        !query_enum_or_reply(r, "headers", langs, &lang)) {
        return false;
    }
    *format = *format ? *format : formats[0];
    *zh = lang ? strcmp(lang, "zh") == 0 : strcmp(*format, "xlsx") == 0;
    return true;
}
