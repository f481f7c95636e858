#ifndef YINHUI_SHEET_H
#define YINHUI_SHEET_H

#include <stdbool.h>

#include "yinhui/util.h"

struct req;

/* A spreadsheet export, written as CSV (UTF-8 with a BOM, CRLF, the formula guard of
 * csv_field) or as an .xlsx workbook (libxlsxwriter: one worksheet, bold header row
 * frozen below it, each column as wide as its widest cell with CJK characters counting
 * double). One writer for both formats, so an export lists its columns and cells once.
 * Texts (dates included, YYYY-MM-DD) are text cells in both; numbers are numbers. */
enum sheet_format { SHEET_CSV, SHEET_XLSX };
#define SHEET_COLS_MAX 64

struct sheet {
    enum sheet_format format;
    struct buf csv;            /* SHEET_CSV: the text so far */
    void *wb, *ws;             /* SHEET_XLSX: lxw_workbook, lxw_worksheet */
    void *bold, *fixed[3];     /* formats: the header, numbers with 0..2 decimals */
    int fd;                    /* SHEET_XLSX: the memory file the workbook is written to */
    int row, col;              /* the next cell */
    int width[SHEET_COLS_MAX]; /* widest cell per column, in half-width characters */
};

/* Starts a sheet named title (the worksheet's name). False when the workbook could not
 * be created (nothing to free). */
bool sheet_open(struct sheet *s, enum sheet_format f, const char *title);
/* Writes the header row: names[0..n). */
void sheet_header(struct sheet *s, const char *const *names, int n);
/* The next cell of the row: a text (NULL: empty), a number shown with decimals (0..2). */
void sheet_text(struct sheet *s, const char *v);
void sheet_number(struct sheet *s, double v, int decimals);
/* Ends the row. */
void sheet_end_row(struct sheet *s);
/* The finished file into out (empty before; the caller frees it). False when the
 * workbook could not be written. Free the sheet afterwards. */
bool sheet_finish(struct sheet *s, struct buf *out);
/* Frees everything sheet_open made (the reply calls it). Accepts a closed sheet. */
void sheet_free(struct sheet *s);
/* Replies 200 with the file, attached as stem.csv or stem.xlsx with its Chinese name
 * zh_stem (RFC 5987 filename*), and frees s; replies 500 when the workbook fails. */
void sheet_reply(struct req *r, struct sheet *s, const char *stem, const char *zh_stem);
/* Half-width characters text takes in a spreadsheet cell: CJK and other wide characters
 * count two. */
int sheet_text_width(const char *text);
/* Reads ?format= among formats (a NULL-terminated list; the first is the default) and
 * ?headers= (en or zh; default zh for xlsx, en otherwise). False when it has replied 400. */
bool sheet_query_or_reply(struct req *r, const char *const *formats, const char **format, bool *zh);

#endif
