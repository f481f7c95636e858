/* The PDF renderer every document shares (include/yinhui/render_pdf.h): Noto Sans CJK SC
 * (fonts-noto-cjk) laid out by Pango on a Cairo PDF surface, which embeds the subset of
 * the font the text uses. Moved here from the certificates when the yearly report
 * became the second document; the documents' own drawing stays in their *_pdf.c.
 *
 * Threads: Civetweb serves requests on many worker threads (YH_THREADS, 64 or more), and
 * a Pango font map with its font cache must not be used by two threads at once. A font
 * map per thread would be safe but slow: loading the font into a new map costs more than
 * a whole certificate (about 60 ms), and each of the threads would pay it on its first
 * document. So the process keeps a few renderer threads (RENDERERS), each with its own
 * map: a request queues its document and waits, and a renderer uses its map for the
 * whole render, since layouts, shaping and the glyphs drawn all reach into the map.
 * Contexts, layouts and surfaces are per call; cairo's own caches are thread-safe. */
#include "yinhui/render_pdf.h"

#include <cairo-pdf.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Documents render on RENDERERS threads of their own, started on the first one and kept
 * for the process's life, each with its font map (not thread-safe) and a stack of
 * RENDER_STACK: FreeType's CFF glyph loading runs deep, and a Civetweb worker's stack is
 * not ours to size (under ASan it overflowed). Long-lived, so that a render's garbage stays
 * in those threads' malloc arenas: a thread per render landed each render in the next of
 * glibc's up to 16 arenas, and every arena kept some. One: cairo (1.16) copies the font's
 * whole CFF table (15 MB of anonymous memory) twice a render, when the first page is
 * emitted and when the subset is written, and those two steps are 96 % of a render's CPU
 * (thread CPU time, 14 renders); a second renderer held a second copy at the same time
 * (largest RSS under 4 connections 75 MB instead of 59) and overlapped only the remaining
 * 4 %, besides what the cores' other work left it. */
#define RENDERERS 1
#define RENDER_STACK (16u << 20)
struct render_job {
    pdf_draw_fn fn;
    const void *arg;
    struct buf *out;
    int rc;
    bool done;
    struct render_job *next;
};
static struct {
    pthread_mutex_t mu;
    pthread_cond_t queued;   /* a job for the renderers */
    pthread_cond_t rendered; /* a job done */
    struct render_job *head, *tail;
    int threads;
} rq = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0};

/* Held while a page is emitted and while the surface is finished: cairo (1.16) copies the
 * font's whole CFF table (15 MB for Noto Sans CJK) into memory of its own twice a render,
 * when the first page's glyphs are mapped to the font subset and when the subset is
 * written; the renderers lay out and draw side by side, and take turns for the copies, so
 * that one copy is resident at a time instead of one per renderer. */
static pthread_mutex_t subset_mu = PTHREAD_MUTEX_INITIALIZER;

void pdf_show_page(struct pdf_doc *d)
{
    pthread_mutex_lock(&subset_mu);
    cairo_show_page(d->cr);
    pthread_mutex_unlock(&subset_mu);
}

/* Whether PDF_FONT is installed: 0 not known yet, 1 yes, -1 no (fontconfig resolves it to
 * another family). Known after the first document; a race of two first ones only
 * checks twice. */
static atomic_int font_state;

/* True when map resolves PDF_FONT to that very family (not a fallback). */
static bool font_present(PangoFontMap *map)
{
    PangoContext *ctx = pango_font_map_create_context(map);
    PangoFontDescription *want = pango_font_description_from_string(PDF_FONT);
    PangoFont *f = pango_font_map_load_font(map, ctx, want);
    bool ok = false;
    if (f != NULL) {
        PangoFontDescription *got = pango_font_describe(f);
        const char *family = pango_font_description_get_family(got);
        ok = family != NULL && g_ascii_strcasecmp(family, PDF_FONT) == 0;
        pango_font_description_free(got);
        g_object_unref(f);
    }
    pango_font_description_free(want);
    g_object_unref(ctx);
    return ok;
}

/* On a renderer (its own map): checks the font the first time. */
static bool font_ok(PangoFontMap *map)
{
    int st = atomic_load(&font_state);
    if (st == 0) {
        st = font_present(map) ? 1 : -1;
        atomic_store(&font_state, st);
        if (st < 0) {
            fprintf(stderr,
                    "{\"level\":\"error\",\"msg\":\"font " PDF_FONT " not installed (fonts-noto-cjk): "
                    "PDF documents refused with 503\"}\n");
        }
    }
    return st > 0;
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

int pdf_open(struct pdf_doc *d, PangoFontMap *map, struct buf *out, const char *title, const char *date)
{
    if (!font_ok(map)) {
        return PDF_NO_FONT;
    }
    d->surface = cairo_pdf_surface_create_for_stream(write_buf, out, PDF_PAGE_W, PDF_PAGE_H);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "yinhui");
    if (date != NULL) { /* the same figures give the same bytes (and ETag) */
        char iso[32];
        snprintf(iso, sizeof(iso), "%.10sT00:00:00+08:00", date);
        cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
    }
    d->cr = cairo_create(d->surface);
    d->ctx = pango_font_map_create_context(map);
    pango_cairo_update_context(d->cr, d->ctx);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    return 0;
}

int pdf_close(struct pdf_doc *d)
{
    int rc = 0;
    g_object_unref(d->ctx);
    cairo_destroy(d->cr);
    pthread_mutex_lock(&subset_mu);
    cairo_surface_finish(d->surface); /* writes the fonts' subsets */
    pthread_mutex_unlock(&subset_mu);
    if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
        rc = -1;
    }
    cairo_surface_destroy(d->surface);
    return rc;
}

/* One weight only: each face a document uses is a font cairo subsets and embeds, and the
 * subsetting reads the whole CFF table of Noto Sans CJK (about 17 MB) each time; a second
 * weight doubled the time to render a certificate. Emphasis is by size and rules instead. */
PangoLayout *pdf_layout(struct pdf_doc *d, const char *text, double size, double width)
{
    PangoLayout *l = pango_layout_new(d->ctx);
    PangoFontDescription *fd = pango_font_description_from_string(PDF_FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text, -1);
    return l;
}

double pdf_layout_height(PangoLayout *l)
{
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

double pdf_layout_width(PangoLayout *l)
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(l, &ink, &logical);
    return (double)logical.width / PANGO_SCALE;
}

double pdf_text(struct pdf_doc *d, double x, double y, const char *text, double size, double width,
                PangoAlignment align)
{
    PangoLayout *l = pdf_layout(d, text, size, width);
    pango_layout_set_alignment(l, align);
    double h = pdf_layout_height(l);
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, l);
    g_object_unref(l);
    return h;
}

/* A renderer: takes the queue's jobs one at a time, for the process's life. */
static void *renderer_main(void *arg)
{
    (void)arg;
    PangoFontMap *map = pango_cairo_font_map_new();
    pthread_mutex_lock(&rq.mu);
    for (;;) {
        while (rq.head == NULL) {
            pthread_cond_wait(&rq.queued, &rq.mu);
        }
        struct render_job *j = rq.head;
        rq.head = j->next;
        if (rq.head == NULL) {
            rq.tail = NULL;
        }
        pthread_mutex_unlock(&rq.mu);
        int rc = j->fn(map, j->arg, j->out);
        pthread_mutex_lock(&rq.mu);
        j->rc = rc;
        j->done = true;
        pthread_cond_broadcast(&rq.rendered);
    }
    return NULL;
}

/* Under rq.mu: starts the renderers not running yet; false when none runs. */
static bool renderers_started(void)
{
    pthread_attr_t attr;
    if (rq.threads < RENDERERS && pthread_attr_init(&attr) == 0) {
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        while (rq.threads < RENDERERS && pthread_attr_setstacksize(&attr, RENDER_STACK) == 0) {
            pthread_t t;
            if (pthread_create(&t, &attr, renderer_main, NULL) != 0) {
                break;
            }
            rq.threads++;
        }
        pthread_attr_destroy(&attr);
    }
    return rq.threads > 0;
}

int pdf_render(pdf_draw_fn fn, const void *arg, struct buf *out)
{
    struct render_job j = {fn, arg, out, -1, false, NULL};
    pthread_mutex_lock(&rq.mu);
    if (!renderers_started()) {
        pthread_mutex_unlock(&rq.mu);
        return -1;
    }
    if (rq.tail != NULL) {
        rq.tail->next = &j;
    } else {
        rq.head = &j;
    }
    rq.tail = &j;
    pthread_cond_signal(&rq.queued);
    while (!j.done) {
        pthread_cond_wait(&rq.rendered, &rq.mu);
    }
    pthread_mutex_unlock(&rq.mu);
    return j.rc;
}
