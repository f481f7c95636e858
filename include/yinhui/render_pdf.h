/* The PDF renderer every document shares (service/platform/render_pdf.c): the one
 * child process forked per document, the font check, the A4 Cairo PDF surface and
 * the text helpers. Included only by the files named *_pdf.c (compiled with the Pango
 * and Cairo flags; tests/unit/test_layout.c). */
#ifndef YINHUI_RENDER_PDF_H
#define YINHUI_RENDER_PDF_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "yinhui/util.h"

/* The one font documents are set in (fonts-noto-cjk), and every document's answer when
 * fontconfig does not resolve it to that family: a fallback would print boxes. */
#define PDF_FONT "Noto Sans CJK SC"
#define PDF_NO_FONT (-2)
#define PDF_PAGE_W 595.28 /* A4 in points */
#define PDF_PAGE_H 841.89

/* An open document: its surface, drawing context and Pango context (the child's map). */
struct pdf_doc {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoContext *ctx;
};

/* Draws one document with map into out (0, PDF_NO_FONT or -1); runs in the child process
 * (render_pdf.c), which sends out back. */
typedef int (*pdf_draw_fn)(PangoFontMap *map, const void *arg, struct buf *out);

/* Draws fn(arg) in a child process forked for it, one document at a time, and waits for
 * it: its answer, or -1 when the child could not be started or failed. */
int pdf_render(pdf_draw_fn fn, const void *arg, struct buf *out);
/* How long a child may draw before it is killed and pdf_render answers -1 (30 s; tests
 * shorten it). */
void pdf_render_deadline(int ms);

/* Opens an A4 document writing into out, titled title and dated date (YYYY-MM-DD, or NULL
 * for now): 0, or PDF_NO_FONT when the font is missing (nothing opened). */
int pdf_open(struct pdf_doc *d, PangoFontMap *map, struct buf *out, const char *title, const char *date);
/* Ends the page. */
void pdf_show_page(struct pdf_doc *d);
/* Finishes and frees d: 0, or -1 when cairo failed. */
int pdf_close(struct pdf_doc *d);

/* A layout of text in size points, wrapped at width points (caller unrefs it). */
PangoLayout *pdf_layout(struct pdf_doc *d, const char *text, double size, double width);
double pdf_layout_height(PangoLayout *l);
double pdf_layout_width(PangoLayout *l);
/* Draws text at (x, y) in the current colour; returns its height. */
double pdf_text(struct pdf_doc *d, double x, double y, const char *text, double size, double width,
                PangoAlignment align);

#endif
