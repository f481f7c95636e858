/* The yearly report as a PDF (GET /v1/stats/report): A4 portrait on the shared renderer
 * (platform/render_pdf.c: Noto Sans CJK SC by Pango on Cairo, one renderer thread). A
 * title block with the office, the year and the key figures, then one section per
 * figure — a bar chart with each bar's number over it and a small table under it (an
 * empty series says 无数据 instead of an empty axis) — and for a prefecture or province
 * a table of its child offices. Every number is read from the overview body of the same
 * office and year (GET /v1/stats/overview): nothing is counted here. */
#include <stdio.h>
#include <string.h>

#include "yinhui/render_pdf.h"
#include "yinhui/stats_report.h"

#define MARGIN 48.0
#define CONTENT_W (PDF_PAGE_W - 2 * MARGIN)
#define PLOT_H 100.0 /* the bars' area */
#define AXIS_W 40.0  /* the tick labels left of it */
#define LABEL_H 24.0 /* the category labels under it */
#define ROW_H 14.0   /* a table row */
#define MAX_BARS 13

_Static_assert(STATS_REPORT_NO_FONT == PDF_NO_FONT, "one answer for a missing font");

/* One section: n categories with a value each (grouped: a second value, v2, drawn beside
 * it); div 60 shows minutes as hours. */
struct series {
    const char *title, *note;
    size_t n;
    const char *label[MAX_BARS];
    int64_t v[MAX_BARS], v2[MAX_BARS];
    const char *legend[2]; /* grouped series only */
    bool grouped, percent;
    int div;
};

struct rpt {
    struct pdf_doc doc;
    cairo_t *cr;
    const struct stats_report_doc *d;
    double y;
    int page;
    char qlabel[2][4][64]; /* the quarters' labels: compliance, attendance */
};

/* A value's text: a count, or hours from minutes (div 60). */
static void value_text(const struct series *s, int64_t v, char *out, size_t size)
{
    if (s->div == 60) {
        chart_hours_text(v, out, size);
    } else {
        snprintf(out, size, "%lld", (long long)v);
    }
}

/* Text centred in slot [x, x + w) at y, shrunk to fit (chart_label_size). */
static void text_fit(struct rpt *p, double x, double y, double w, const char *text, double max)
{
    PangoLayout *l = pdf_layout(&p->doc, text, 10, -1);
    double size = chart_label_size(pdf_layout_width(l), w - 2, 6, max);
    g_object_unref(l);
    pdf_text(&p->doc, x, y, text, size, w, PANGO_ALIGN_CENTER);
}

static void rgb(struct rpt *p, unsigned hex)
{
    cairo_set_source_rgb(p->cr, ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0, (hex & 255) / 255.0);
}

/* The page's foot: the office, the year and the page number. */
static void page_foot(struct rpt *p)
{
    char s[600];
    rgb(p, 0x666666);
    snprintf(s, sizeof(s), "%s · %d 年度统计报告 · 第 %d 页", p->d->office_name, p->d->year, p->page);
    pdf_text(&p->doc, MARGIN, PDF_PAGE_H - MARGIN + 14, s, 8, CONTENT_W, PANGO_ALIGN_CENTER);
    rgb(p, 0);
}

/* Starts a new page when h more points do not fit on this one. */
static void need(struct rpt *p, double h)
{
    if (p->y + h <= PDF_PAGE_H - MARGIN) {
        return;
    }
    page_foot(p);
    pdf_show_page(&p->doc);
    p->page++;
    p->y = MARGIN;
}

/* The value axis at (x, y) (the plot's top left), w by PLOT_H: grid lines and ticks. */
static void draw_axis(struct rpt *p, double x, double y, double w, const struct chart_axis *a, int div)
{
    cairo_set_line_width(p->cr, 0.4);
    for (int t = 0; t <= a->ticks; t++) {
        double ty = y + PLOT_H - PLOT_H * t / a->ticks;
        char s[32];
        rgb(p, t == 0 ? 0x333333 : 0xdddddd);
        cairo_move_to(p->cr, x, ty);
        cairo_line_to(p->cr, x + w, ty);
        cairo_stroke(p->cr);
        rgb(p, 0x666666);
        snprintf(s, sizeof(s), "%lld", (long long)(a->step * t));
        pdf_text(&p->doc, x - AXIS_W, ty - 5, s, 7, AXIS_W - 4, PANGO_ALIGN_RIGHT);
    }
    if (div == 60) {
        pdf_text(&p->doc, x - AXIS_W, y - 14, "小时", 7, AXIS_W - 4, PANGO_ALIGN_RIGHT);
    }
    rgb(p, 0);
}

/* One bar of value v in [x, x + w) over the plot's base at base, its number above it. */
static void draw_bar(struct rpt *p, const struct series *s, const struct chart_axis *a, double x, double w,
                     double base, int64_t v, unsigned colour)
{
    struct chart_axis scaled = *a;
    char t[32];
    scaled.max = a->max * s->div;
    double h = chart_bar_height(&scaled, v, PLOT_H);
    rgb(p, colour);
    cairo_rectangle(p->cr, x, base - h, w, h);
    cairo_fill(p->cr);
    rgb(p, 0x222222);
    value_text(s, v, t, sizeof(t));
    text_fit(p, x - 4, base - h - 11, w + 8, t, 7.5);
    rgb(p, 0);
}

/* The bars of s on axis a in the plot at (x, y), w wide, and their labels under it. */
static void draw_bars(struct rpt *p, const struct series *s, const struct chart_axis *a, double x, double y,
                      double w)
{
    double slot = w / (double)s->n, base = y + PLOT_H;
    double bw = slot * (s->grouped ? 0.36 : 0.6);
    for (size_t i = 0; i < s->n; i++) {
        double bx = x + slot * (double)i + (slot - (s->grouped ? 2 * bw : bw)) / 2;
        draw_bar(p, s, a, bx, bw, base, s->v[i], 0x4472c4);
        if (s->grouped) {
            draw_bar(p, s, a, bx + bw, bw, base, s->v2[i], 0xed7d31);
        }
        text_fit(p, x + slot * (double)i, base + 3, slot, s->label[i], 8.5);
    }
}

/* The legend of a grouped series at (x, y). */
static void draw_legend(struct rpt *p, const struct series *s, double x, double y)
{
    static const unsigned colours[2] = {0x4472c4, 0xed7d31};
    for (int k = 0; k < 2; k++) {
        rgb(p, colours[k]);
        cairo_rectangle(p->cr, x + k * 110.0, y + 2, 8, 8);
        cairo_fill(p->cr);
        rgb(p, 0);
        pdf_text(&p->doc, x + k * 110.0 + 11, y, s->legend[k], 8, 96, PANGO_ALIGN_LEFT);
    }
}

/* One table row: its head cell and the n cells, in columns of width cw after the head. */
static void table_row(struct rpt *p, const char *head, const char *const *cells, size_t n, double cw,
                      bool band)
{
    double x = MARGIN + 64;
    if (band) {
        rgb(p, 0xeeeeee);
        cairo_rectangle(p->cr, MARGIN, p->y, CONTENT_W, ROW_H);
        cairo_fill(p->cr);
        rgb(p, 0);
    }
    pdf_text(&p->doc, MARGIN + 2, p->y + 2, head, 7.5, 62, PANGO_ALIGN_LEFT);
    for (size_t i = 0; i < n; i++) {
        text_fit(p, x + cw * (double)i, p->y + 2, cw, cells[i], 7.5);
    }
    p->y += ROW_H;
}

/* The table under a chart: the categories, the values (and second values) and shares. */
static void draw_table(struct rpt *p, const struct series *s)
{
    char num[2][MAX_BARS][32], share[MAX_BARS][32];
    const char *row[3][MAX_BARS];
    int64_t whole = 0;
    double cw = (CONTENT_W - 64) / (double)s->n;
    for (size_t i = 0; i < s->n; i++) {
        whole += s->v[i];
    }
    for (size_t i = 0; i < s->n; i++) {
        value_text(s, s->v[i], num[0][i], sizeof(num[0][i]));
        value_text(s, s->v2[i], num[1][i], sizeof(num[1][i]));
        chart_percent_text(s->grouped ? s->v2[i] : s->v[i], s->grouped ? s->v[i] : whole, share[i],
                           sizeof(share[i]));
        strcat(share[i], "%");
        row[0][i] = num[0][i];
        row[1][i] = num[1][i];
        row[2][i] = share[i];
    }
    table_row(p, "项目", s->label, s->n, cw, true);
    table_row(p, s->grouped ? s->legend[0] : s->div == 60 ? "小时" : "数量", row[0], s->n, cw, false);
    if (s->grouped) {
        table_row(p, s->legend[1], row[1], s->n, cw, false);
    }
    table_row(p, s->grouped ? "比率" : "占比", row[2], s->n, cw, false);
}

/* Whether every value of s is 0. */
static bool series_empty(const struct series *s)
{
    return chart_top(s->v, s->n) == 0 && (!s->grouped || chart_top(s->v2, s->n) == 0);
}

/* One section: its title and note, then the chart with its table, or 无数据. */
static void draw_section(struct rpt *p, const struct series *s)
{
    bool empty = series_empty(s);
    need(p, empty ? 70 : 58 + PLOT_H + LABEL_H + (s->grouped ? 4 : 3) * ROW_H + 16);
    p->y += pdf_text(&p->doc, MARGIN, p->y, s->title, 13, CONTENT_W, PANGO_ALIGN_LEFT);
    if (s->note != NULL) {
        rgb(p, 0x555555);
        p->y += pdf_text(&p->doc, MARGIN, p->y, s->note, 8, CONTENT_W, PANGO_ALIGN_LEFT);
        rgb(p, 0);
    }
    if (empty) {
        rgb(p, 0x999999);
        cairo_rectangle(p->cr, MARGIN, p->y + 4, CONTENT_W, 32);
        cairo_stroke(p->cr);
        pdf_text(&p->doc, MARGIN, p->y + 12, "无数据", 11, CONTENT_W, PANGO_ALIGN_CENTER);
        rgb(p, 0);
        p->y += 54;
        return;
    }
    int64_t top = chart_top(s->v, s->n), top2 = s->grouped ? chart_top(s->v2, s->n) : 0;
    struct chart_axis a = chart_axis_for(((top > top2 ? top : top2) + s->div - 1) / s->div, 5);
    if (s->grouped) { /* above the tallest bar's number */
        draw_legend(p, s, MARGIN + AXIS_W, p->y + 2);
    }
    p->y += s->grouped ? 26 : 16;
    draw_axis(p, MARGIN + AXIS_W, p->y, CONTENT_W - AXIS_W, &a, s->div);
    draw_bars(p, s, &a, MARGIN + AXIS_W, p->y, CONTENT_W - AXIS_W);
    p->y += PLOT_H + LABEL_H;
    draw_table(p, s);
    p->y += 16;
}

/* The number at o[a][b] (b NULL: o[a]); 0 when absent. */
static int64_t num(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b != NULL) {
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    }
    return cJSON_IsNumber(x) ? (int64_t)x->valuedouble : 0;
}

/* s's categories from obj: keys[i] shown as labels[i], and "other" (其他) when present. */
static void series_named(struct series *s, const cJSON *obj, const char *const *keys,
                         const char *const *labels, size_t n)
{
    for (size_t i = 0; i < n && s->n < MAX_BARS; i++) {
        s->label[s->n] = labels[i];
        s->v[s->n++] = num(obj, keys[i], NULL);
    }
    if (cJSON_GetObjectItemCaseSensitive(obj, "other") != NULL && s->n < MAX_BARS) {
        s->label[s->n] = "其他";
        s->v[s->n++] = num(obj, "other", NULL);
    }
}

/* The members' sections: by category, by age band, and coverage. */
static void members_sections(struct rpt *p, const cJSON *f, char *note, size_t size)
{
    static const char *const cat_k[] = {"lixiu", "retired", "in_service"}, *const cat_l[] = {"离休", "退休",
                                                                                             "在职"};
    static const char *const age_k[] = {"under_70", "70_79", "80_89", "90_plus"};
    static const char *const age_l[] = {"70岁以下", "70–79岁", "80–89岁", "90岁及以上"};
    static const char *const cov_k[] = {"with_primary_branch", "managed_with_unit", "without_primary_branch",
                                        "not_known"};
    static const char *const cov_l[] = {"有基层党组织", "混编管理", "无党组织", "隶属不详"};
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(f, "members");
    const cJSON *cov = cJSON_GetObjectItemCaseSensitive(f, "coverage");
    struct series s = {.title = "一、党员按类别", .div = 1};
    snprintf(note, size, "党员总数 %lld 人，计至 %s（正式隶属本单位，每人计一次）",
             (long long)num(m, "active", NULL), p->d->as_of);
    s.note = note;
    series_named(&s, cJSON_GetObjectItemCaseSensitive(m, "by_category"), cat_k, cat_l, 3);
    draw_section(p, &s);
    s = (struct series){.title = "二、党员按年龄段", .div = 1, .note = "年龄按当年 12 月 31 日所满周岁计"};
    series_named(&s, cJSON_GetObjectItemCaseSensitive(m, "by_age"), age_k, age_l, 4);
    draw_section(p, &s);
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(cov, "rate");
    snprintf(note, size, "组织覆盖率 %.1f%%（有基层党组织与混编管理，占隶属已知的党员）",
             cJSON_IsNumber(rate) ? rate->valuedouble * 100 : 0.0);
    s = (struct series){.title = "三、组织覆盖", .div = 1, .note = note};
    series_named(&s, cov, cov_k, cov_l, 4);
    draw_section(p, &s);
}

/* 三会一课 compliance by quarter (the compliance report's quarters): the branches judged and
 * those that missed a period ending in the quarter, the periods missed in the labels. */
static void compliance_section(struct rpt *p, const cJSON *c)
{
    static const char *const qs[] = {"一季度", "二季度", "三季度", "四季度"};
    struct series s = {
        .title = "四、三会一课落实（按季度）",
        .note = "按各单位的组织生活规定逐期判定（支委会、主题党日按月，党员大会按季，党课等按年）；"
                "括号内为缺期数；比率 = 未落实支部 / 支部",
        .grouped = true,
        .legend = {"支部", "未落实支部"},
        .div = 1,
        .n = 4};
    const cJSON *quarters = cJSON_GetObjectItemCaseSensitive(c, "quarters");
    for (int i = 0; i < 4; i++) {
        const cJSON *q = cJSON_GetArrayItem(quarters, i);
        if (q != NULL) {
            snprintf(p->qlabel[0][i], sizeof(p->qlabel[0][i]), "%s（缺%lld期）", qs[i],
                     (long long)num(q, "missing", NULL));
        } else {
            snprintf(p->qlabel[0][i], sizeof(p->qlabel[0][i]), "%s（未到）", qs[i]);
        }
        s.label[i] = p->qlabel[0][i];
        s.v[i] = num(q, "branches", NULL);
        s.v2[i] = num(q, "behind", NULL);
    }
    draw_section(p, &s);
}

/* 三会一课 by quarter: attendance expected and present, the activities held in the labels. */
static void org_life_section(struct rpt *p, const cJSON *f)
{
    static const char *const qs[] = {"一季度", "二季度", "三季度", "四季度"};
    struct series s = {.title = "五、组织生活出席（按季度）",
                       .note = "括号内为开展活动次数；实到含送学上门；比率 = 实到 / 应到",
                       .grouped = true,
                       .legend = {"应到人次", "实到人次"},
                       .div = 1};
    const cJSON *q = NULL;
    cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(f, "org_life"))
    {
        size_t i = s.n;
        if (i >= 4) {
            break;
        }
        snprintf(p->qlabel[1][i], sizeof(p->qlabel[1][i]), "%s（%lld次）", qs[i],
                 (long long)num(q, "activities", NULL));
        s.label[i] = p->qlabel[1][i];
        s.v[i] = num(q, "attendance_records", NULL);
        s.v2[i] = num(q, "attended", NULL);
        s.n++;
    }
    draw_section(p, &s);
}

/* Care in 人次 by reason, volunteer hours by month, talents by category. */
static void service_sections(struct rpt *p, const cJSON *f, char *note, size_t size)
{
    static const char *const rk[] = {"holiday",      "hospitalisation", "birthday", "round_birthday",
                                     "hardship",     "worry",           "dispute",  "accident",
                                     "home_service", "bereavement"};
    static const char *const rl[] = {"重大节日", "住院",     "生日",     "整寿",     "家庭困难",
                                     "思想包袱", "家庭矛盾", "意外事故", "居家服务", "善后慰问"};
    static const char *const tk[] = {
        "lecturing",    "medicine", "party_building", "agriculture", "science_education",
        "construction", "law",      "culture_arts",   "economy",     "next_generation"};
    static const char *const tl[] = {"理论宣讲", "医疗卫生", "党建",     "农业",     "科教",
                                     "城乡建设", "法律",     "文化艺术", "经济投资", "关心下一代"};
    static const char *const months[] = {"1月", "2月", "3月", "4月",  "5月",  "6月",
                                         "7月", "8月", "9月", "10月", "11月", "12月"};
    const cJSON *care = cJSON_GetObjectItemCaseSensitive(f, "care");
    char hours[32];
    snprintf(
        note, size, "共 %lld 人次（每次走访每位党员计一人次）；住院登记 %lld 人次，住院期间探望 %lld 人次",
        (long long)num(care, "member_visits", NULL), (long long)num(care, "hospital_stays", "admissions"),
        (long long)num(care, "hospital_stays", "visits"));
    struct series s = {.title = "六、走访慰问人次（按事由）", .note = note, .div = 1};
    series_named(&s, cJSON_GetObjectItemCaseSensitive(care, "by_reason"), rk, rl, 10);
    draw_section(p, &s);
    chart_hours_text(num(f, "volunteer_minutes", NULL), hours, sizeof(hours));
    snprintf(note, size, "全年志愿服务 %s 小时（已确认的服务时长，按服务日期计）", hours);
    s = (struct series){.title = "七、志愿服务时长（按月）", .note = note, .div = 60, .n = 12};
    const cJSON *vm = cJSON_GetObjectItemCaseSensitive(f, "volunteer_minutes_by_month");
    for (int i = 0; i < 12; i++) {
        const cJSON *x = cJSON_GetArrayItem(vm, i);
        s.label[i] = months[i];
        s.v[i] = cJSON_IsNumber(x) ? (int64_t)x->valuedouble : 0;
    }
    draw_section(p, &s);
    s = (struct series){
        .title = "八、银发人才（按类别）", .note = "已入库人才，一人可属多个类别，按类别计", .div = 1};
    series_named(&s, cJSON_GetObjectItemCaseSensitive(f, "talents_by_category"), tk, tl, 10);
    draw_section(p, &s);
}

/* The widths of the child offices' table's columns. */
static const double child_w[7] = {155, 55, 55, 70, 55, 60, 49};

/* One line of the child offices' table (band: on grey). */
static void cells_row(struct rpt *p, const char *const c[7], bool band)
{
    need(p, ROW_H + 2);
    if (band) {
        rgb(p, 0xeeeeee);
        cairo_rectangle(p->cr, MARGIN, p->y, CONTENT_W, ROW_H + 2);
        cairo_fill(p->cr);
        rgb(p, 0);
    }
    double x = MARGIN;
    for (int i = 0; i < 7; i++) {
        text_fit(p, x, p->y + 2, child_w[i], c[i], 8);
        x += child_w[i];
    }
    p->y += ROW_H + 2;
}

/* One line of the child offices' table: name and figures (NULL name: 合计). */
static void child_row(struct rpt *p, const char *name, const cJSON *f, bool band)
{
    char c[7][420], h[32];
    int64_t acts = 0;
    const cJSON *q = NULL;
    cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(f, "org_life"))
    {
        acts += num(q, "activities", NULL);
    }
    const cJSON *rate =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(f, "coverage"), "rate");
    chart_hours_text(num(f, "volunteer_minutes", NULL), h, sizeof(h));
    snprintf(c[0], sizeof(c[0]), "%s", name);
    snprintf(c[1], sizeof(c[1]), "%lld",
             (long long)num(cJSON_GetObjectItemCaseSensitive(f, "members"), "active", NULL));
    snprintf(c[2], sizeof(c[2]), "%.1f%%", cJSON_IsNumber(rate) ? rate->valuedouble * 100 : 0.0);
    snprintf(c[3], sizeof(c[3]), "%lld", (long long)acts);
    snprintf(c[4], sizeof(c[4]), "%lld",
             (long long)num(cJSON_GetObjectItemCaseSensitive(f, "care"), "member_visits", NULL));
    snprintf(c[5], sizeof(c[5]), "%s", h);
    int64_t talents = 0;
    const cJSON *t = NULL;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(f, "talents_by_category"))
    {
        talents += cJSON_IsNumber(t) ? (int64_t)t->valuedouble : 0;
    }
    snprintf(c[6], sizeof(c[6]), "%lld", (long long)talents);
    const char *const cells[7] = {c[0], c[1], c[2], c[3], c[4], c[5], c[6]};
    cells_row(p, cells, band);
}

/* The child offices' table: a line per child office and the total's (合计). */
static void children_table(struct rpt *p, const cJSON *body)
{
    static const char *const head[7] = {"单位",     "党员",     "覆盖率", "组织生活活动",
                                        "慰问人次", "志愿小时", "人才"};
    const cJSON *children = cJSON_GetObjectItemCaseSensitive(body, "children"), *c = NULL;
    if (cJSON_GetArraySize(children) == 0) {
        return;
    }
    need(p, 60 + 3 * (ROW_H + 2));
    p->y += pdf_text(&p->doc, MARGIN, p->y, "九、所辖单位汇总", 13, CONTENT_W, PANGO_ALIGN_LEFT);
    rgb(p, 0x555555);
    p->y += pdf_text(&p->doc, MARGIN, p->y, "各下级单位的同口径数字；合计即本报告各节所用的汇总数", 8,
                     CONTENT_W, PANGO_ALIGN_LEFT) +
            4;
    rgb(p, 0);
    cells_row(p, head, true);
    cJSON_ArrayForEach(c, children)
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
        child_row(p, cJSON_IsString(name) && name->valuestring[0] ? name->valuestring : "—",
                  cJSON_GetObjectItemCaseSensitive(c, "figures"), false);
    }
    child_row(p, "合计", cJSON_GetObjectItemCaseSensitive(body, "total"), true);
}

/* The title block: the office, the year, what the figures are, the key figures. */
static void title_block(struct rpt *p, const cJSON *body, char *note, size_t size)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(body, "total");
    const cJSON *rate =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(f, "coverage"), "rate");
    char hours[32];
    int64_t offices = num(body, "offices", NULL);
    p->y += pdf_text(&p->doc, MARGIN, p->y, p->d->office_name, 22, CONTENT_W, PANGO_ALIGN_CENTER) + 4;
    snprintf(note, size, "%d 年度老干部工作统计报告", p->d->year);
    p->y += pdf_text(&p->doc, MARGIN, p->y, note, 16, CONTENT_W, PANGO_ALIGN_CENTER) + 6;
    snprintf(note, size, "%s；党员计至 %s；数字与 GET /v1/stats/overview?year=%d 相同",
             offices > 1 ? "本单位及所辖单位汇总" : "本单位", p->d->as_of, p->d->year);
    rgb(p, 0x555555);
    p->y += pdf_text(&p->doc, MARGIN, p->y, note, 8.5, CONTENT_W, PANGO_ALIGN_CENTER) + 8;
    rgb(p, 0);
    chart_hours_text(num(f, "volunteer_minutes", NULL), hours, sizeof(hours));
    snprintf(note, size,
             "党员总数 %lld 人　组织覆盖率 %.1f%%　走访慰问 %lld 人次　志愿服务 %s 小时　统计单位 %lld 个",
             (long long)num(cJSON_GetObjectItemCaseSensitive(f, "members"), "active", NULL),
             cJSON_IsNumber(rate) ? rate->valuedouble * 100 : 0.0,
             (long long)num(cJSON_GetObjectItemCaseSensitive(f, "care"), "member_visits", NULL), hours,
             (long long)offices);
    rgb(p, 0xf2f5fb);
    cairo_rectangle(p->cr, MARGIN, p->y, CONTENT_W, 24);
    cairo_fill(p->cr);
    rgb(p, 0);
    pdf_text(&p->doc, MARGIN, p->y + 6, note, 9.5, CONTENT_W, PANGO_ALIGN_CENTER);
    p->y += 36;
}

static int render(PangoFontMap *map, const void *arg, struct buf *out)
{
    const struct stats_report_doc *d = arg;
    struct rpt p = {.d = d, .y = MARGIN, .page = 1};
    char title[480], note[800];
    snprintf(title, sizeof(title), "%s %d 年度统计报告", d->office_name, d->year);
    int rc = pdf_open(&p.doc, map, out, title, d->as_of);
    if (rc != 0) {
        return rc;
    }
    p.cr = p.doc.cr;
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(d->overview, "total");
    title_block(&p, d->overview, note, sizeof(note));
    members_sections(&p, f, note, sizeof(note));
    compliance_section(&p, d->compliance);
    org_life_section(&p, f);
    service_sections(&p, f, note, sizeof(note));
    children_table(&p, d->overview);
    page_foot(&p);
    pdf_show_page(&p.doc);
    return pdf_close(&p.doc);
}

int stats_report_pdf(const struct stats_report_doc *d, struct buf *out)
{
    return pdf_render(render, d, out);
}
