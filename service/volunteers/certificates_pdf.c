/* The certificate as a PDF: A4 portrait on the shared renderer (platform/render_pdf.c:
 * Noto Sans CJK SC laid out by Pango on a Cairo PDF surface, on the one renderer thread
 * with its font map); the verification URL as a QR code (libqrencode) drawn as Cairo
 * rectangles. The only file that uses libqrencode (tests/unit/test_layout.c). */
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "yinhui/render_pdf.h"
#include "yinhui/vcert.h"

_Static_assert(VCERT_NO_FONT == PDF_NO_FONT, "one answer for a missing font");

#define PAGE_W PDF_PAGE_W
#define PAGE_H PDF_PAGE_H
#define MARGIN 56.0 /* about 20 mm */
#define QR_SIZE 112.0
#define FOOT_H 150.0 /* the issuing block with the QR code */

struct pdf {
    struct pdf_doc doc;
    cairo_t *cr;
    const struct vcert_doc *d;
    double y;
    int page;
};

/* Draws text at (x, y); returns its height. */
static double draw_text(struct pdf *p, double x, double y, const char *text, double size, double width,
                        PangoAlignment align)
{
    return pdf_text(&p->doc, x, y, text, size, width, align);
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
    pdf_show_page(&p->doc);
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
        ls[i] = pdf_layout(&p->doc, cells[i], 10.5, col_w[i] - 4);
        double hi = pdf_layout_height(ls[i]);
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

static int render(PangoFontMap *map, const void *arg, struct buf *out)
{
    struct pdf p = {.d = arg, .y = MARGIN, .page = 1};
    int rc = pdf_open(&p.doc, map, out, "志愿服务记录证明", NULL);
    if (rc != 0) {
        return rc;
    }
    p.cr = p.doc.cr;
    head_block(&p);
    services_table(&p);
    rc = foot_block(&p);
    page_foot(&p);
    pdf_show_page(&p.doc);
    return pdf_close(&p.doc) != 0 ? -1 : rc;
}

int vcert_pdf(const struct vcert_doc *d, struct buf *out)
{
    return pdf_render(render, d, out);
}
