/* The certificate as a PDF: A4 portrait, Noto Sans CJK SC (fonts-noto-cjk) laid out by
 * Pango on a Cairo PDF surface, which embeds the subset of the font the text uses; the
 * verification URL as a QR code (libqrencode) drawn as Cairo rectangles. The only file
 * that uses these libraries (tests/unit/test_layout.c).
 *
 * Threads: Civetweb serves requests on many worker threads (YH_THREADS, 64 or more), and
 * a Pango font map with its font cache must not be used by two threads at once. A font
 * map per thread would be safe but slow: loading the font into a new map costs more than
 * a whole certificate (about 60 ms), and each of the threads would pay it on its first
 * certificate. So the process keeps a few renderer threads (RENDERERS), each with its
 * own map: a request queues its certificate and waits, and a renderer uses its map for
 * the whole render, since layouts, shaping and the glyphs drawn all reach into the map.
 * Contexts, layouts and surfaces are per call; cairo's own caches are thread-safe. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "yinhui/vcert.h"

#define PAGE_W 595.28 /* A4 in points */
#define PAGE_H 841.89
#define MARGIN 56.0 /* about 20 mm */
#define FONT VCERT_FONT
#define QR_SIZE 112.0
#define FOOT_H 150.0 /* the issuing block with the QR code */

/* Certificates render on RENDERERS threads of their own, started on the first one and kept
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
    const struct vcert_doc *d;
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

static void show_page(cairo_t *cr)
{
    pthread_mutex_lock(&subset_mu);
    cairo_show_page(cr);
    pthread_mutex_unlock(&subset_mu);
}

/* Whether FONT is installed: 0 not known yet, 1 yes, -1 no (fontconfig resolves it to
 * another family). Known after the first certificate; a race of two first ones only
 * checks twice. */
static atomic_int font_state;

/* True when map resolves FONT to that very family (not a fallback). */
static bool font_present(PangoFontMap *map)
{
    PangoContext *ctx = pango_font_map_create_context(map);
    PangoFontDescription *want = pango_font_description_from_string(FONT);
    PangoFont *f = pango_font_map_load_font(map, ctx, want);
    bool ok = false;
    if (f != NULL) {
        PangoFontDescription *got = pango_font_describe(f);
        const char *family = pango_font_description_get_family(got);
        ok = family != NULL && g_ascii_strcasecmp(family, FONT) == 0;
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
            fprintf(stderr, "{\"level\":\"error\",\"msg\":\"font " FONT " not installed (fonts-noto-cjk): "
                            "certificates refused with 503\"}\n");
        }
    }
    return st > 0;
}

struct pdf {
    cairo_t *cr;
    PangoContext *ctx;
    const struct vcert_doc *d;
    double y;
    int page;
};

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* A layout of text in size points, wrapped at width points. One weight only: each face
 * a document uses is a font cairo subsets and embeds, and the subsetting reads the whole
 * CFF table of Noto Sans CJK (about 17 MB) each time; a second weight doubled the time
 * to render a certificate. Emphasis is by size and rules instead. */
static PangoLayout *text_layout(struct pdf *p, const char *text, double size, double width)
{
    PangoLayout *l = pango_layout_new(p->ctx);
    PangoFontDescription *fd = pango_font_description_from_string(FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text, -1);
    return l;
}

static double layout_height(PangoLayout *l)
{
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

/* Draws text at (x, y); returns its height. */
static double draw_text(struct pdf *p, double x, double y, const char *text, double size, double width,
                        PangoAlignment align)
{
    PangoLayout *l = text_layout(p, text, size, width);
    pango_layout_set_alignment(l, align);
    double h = layout_height(l);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
    g_object_unref(l);
    return h;
}

/* The page's foot: the certificate number and the page number. */
static void page_foot(struct pdf *p)
{
    char s[128];
    snprintf(s, sizeof(s), "证明编号 %s · 核验码 %s · 第 %d 页", p->d->number, p->d->check_code, p->page);
    draw_text(p, MARGIN, PAGE_H - MARGIN + 16, s, 8, PAGE_W - 2 * MARGIN, PANGO_ALIGN_CENTER);
}

static void next_page(struct pdf *p)
{
    page_foot(p);
    show_page(p->cr);
    p->page++;
    p->y = MARGIN;
}

/* Column x positions and widths of the services table: 序号, 日期, 服务项目, 时长. */
static const double col_x[] = {MARGIN, MARGIN + 34, MARGIN + 120, PAGE_W - MARGIN - 70};
static const double col_w[] = {30, 82, PAGE_W - 2 * MARGIN - 194, 70};
static const char *const col_names[4] = {"序号", "日期", "服务项目", "时长（小时）"};

/* One row of the table (head: the column names, on a grey band); when it does not fit,
 * a new page that starts with the column names again. */
static void table_row(struct pdf *p, const char *const cells[4], bool head)
{
    double h = 0;
    PangoLayout *ls[4];
    for (int i = 0; i < 4; i++) {
        ls[i] = text_layout(p, cells[i], 10.5, col_w[i] - 4);
        double hi = layout_height(ls[i]);
        h = hi > h ? hi : h;
    }
    if (p->y + h + 6 > PAGE_H - MARGIN) {
        next_page(p);
        if (!head) {
            table_row(p, col_names, true);
        }
    }
    if (head) {
        cairo_set_source_rgb(p->cr, 0.9, 0.9, 0.9);
        cairo_rectangle(p->cr, MARGIN, p->y, PAGE_W - 2 * MARGIN, h + 6);
        cairo_fill(p->cr);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
    }
    for (int i = 0; i < 4; i++) {
        cairo_move_to(p->cr, col_x[i], p->y + 3);
        pango_cairo_show_layout(p->cr, ls[i]);
        g_object_unref(ls[i]);
    }
    p->y += h + 6;
    cairo_set_line_width(p->cr, head ? 0.8 : 0.3);
    cairo_move_to(p->cr, MARGIN, p->y);
    cairo_line_to(p->cr, PAGE_W - MARGIN, p->y);
    cairo_stroke(p->cr);
}

static void services_table(struct pdf *p)
{
    table_row(p, col_names, true);
    for (size_t i = 0; i < p->d->nlines; i++) {
        const struct vcert_line *ln = &p->d->lines[i];
        char no[24], hours[24];
        snprintf(no, sizeof(no), "%zu", i + 1);
        vcert_hours_text(ln->minutes, hours, sizeof(hours));
        const char *const cells[4] = {no, ln->served_on, ln->title, hours};
        table_row(p, cells, false);
    }
}

/* The title and the volunteer's particulars (the 办法's fields). */
static void head_block(struct pdf *p)
{
    const struct vcert_doc *d = p->d;
    double w = PAGE_W - 2 * MARGIN;
    char total[24];
    struct buf b = {0};
    vcert_hours_text(d->minutes, total, sizeof(total));
    p->y += draw_text(p, MARGIN, p->y, "志愿服务记录证明", 24, w, PANGO_ALIGN_CENTER) + 6;
    buf_printf(&b, "证明编号：%s　核验码：%s", d->number, d->check_code);
    p->y += draw_text(p, MARGIN, p->y, b.data, 10, w, PANGO_ALIGN_CENTER) + 18;
    b.len = 0;
    buf_printf(&b, "姓名：%s\n", d->name);
    if (d->id_type != NULL) {
        buf_printf(&b, "证件类型：%s\n证件号码：%s\n", d->id_type, d->id_masked);
    } else {
        buf_printf(&b, "证件类型：未登记（本单位未记录该志愿者的证件号码）\n");
    }
    buf_printf(&b, "志愿者编号：%s\n服务期间：%s 至 %s\n累计志愿服务时长：%s 小时（共 %zu 次服务）",
               d->volunteer_no, d->from, d->to, total, d->nlines);
    p->y += draw_text(p, MARGIN, p->y, b.data, 12.5, w, PANGO_ALIGN_LEFT) + 12;
    b.len = 0;
    buf_printf(&b, "兹证明以上志愿者于上述期间参加志愿服务，服务时长经本单位如实记录（谁记录谁证明，"
                   "不含往返路途时间）。服务明细如下：");
    p->y += draw_text(p, MARGIN, p->y, b.data, 11, w, PANGO_ALIGN_LEFT) + 10;
    buf_free(&b);
}

/* The QR code of url, size points wide at (x, y), with its quiet zone. */
static int draw_qr(cairo_t *cr, const char *url, double x, double y, double size)
{
    QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (q == NULL) {
        return -1;
    }
    int n = q->width, quiet = 4;
    double m = size / (n + 2 * quiet);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) {
            if (q->data[r * n + c] & 1) {
                cairo_rectangle(cr, x + (c + quiet) * m, y + (r + quiet) * m, m, m);
            }
        }
    }
    cairo_fill(cr);
    QRcode_free(q);
    return 0;
}

/* The issuing office, its responsible person and contact, the date, and the QR code. */
static int foot_block(struct pdf *p)
{
    const struct vcert_doc *d = p->d;
    struct buf b = {0};
    if (p->y + FOOT_H > PAGE_H - MARGIN) {
        next_page(p);
    }
    p->y += 16;
    buf_printf(&b, "出具单位：%s\n负责人：%s\n联系方式：%s\n出具日期：%.4s年%.2s月%.2s日", d->office_name,
               d->responsible, d->contact, d->issued_on, d->issued_on + 5, d->issued_on + 8);
    double tw = PAGE_W - 2 * MARGIN - QR_SIZE - 12;
    double h = draw_text(p, MARGIN, p->y + 8, b.data, 12, tw, PANGO_ALIGN_LEFT);
    buf_free(&b);
    int rc = draw_qr(p->cr, d->verify_url, PAGE_W - MARGIN - QR_SIZE, p->y, QR_SIZE);
    draw_text(p, PAGE_W - MARGIN - QR_SIZE - 20, p->y + QR_SIZE + 2, "扫码核验真伪", 9, QR_SIZE + 40,
              PANGO_ALIGN_CENTER);
    p->y += (h + 8 > QR_SIZE + 16 ? h + 8 : QR_SIZE + 16);
    draw_text(p, MARGIN, p->y, d->verify_url, 8, PAGE_W - 2 * MARGIN, PANGO_ALIGN_LEFT);
    return rc;
}

static int render(PangoFontMap *map, const struct vcert_doc *d, struct buf *out)
{
    if (!font_ok(map)) {
        return VCERT_NO_FONT;
    }
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "志愿服务记录证明");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "yinhui");
    struct pdf p = {.cr = cairo_create(s), .d = d, .y = MARGIN, .page = 1};
    p.ctx = pango_font_map_create_context(map);
    pango_cairo_update_context(p.cr, p.ctx);
    cairo_set_source_rgb(p.cr, 0, 0, 0);
    head_block(&p);
    services_table(&p);
    int rc = foot_block(&p);
    page_foot(&p);
    show_page(p.cr);
    g_object_unref(p.ctx);
    cairo_destroy(p.cr);
    pthread_mutex_lock(&subset_mu);
    cairo_surface_finish(s); /* writes the fonts' subsets */
    pthread_mutex_unlock(&subset_mu);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        rc = -1;
    }
    cairo_surface_destroy(s);
    return rc;
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
        int rc = render(map, j->d, j->out);
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

int vcert_pdf(const struct vcert_doc *d, struct buf *out)
{
    struct render_job j = {d, out, -1, false, NULL};
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
