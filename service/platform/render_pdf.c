/* The PDF renderer every document shares (include/yinhui/render_pdf.h): Noto Sans CJK SC
 * (fonts-noto-cjk) laid out by Pango on a Cairo PDF surface, which embeds the subset of
 * the font the text uses. Moved here from the certificates when the yearly report
 * became the second document; the documents' own drawing stays in their *_pdf.c.
 *
 * Memory: a document is drawn in a child process forked for it, which sends the PDF back
 * through a pipe and exits, so that what rendering takes stays out of the service's
 * resident memory: the font file's pages (cairo's copy of the font's CFF table reads 16 MB
 * of it), cairo 1.16's two anonymous copies of that 15 MB table per render, and the
 * glyphs and layouts Pango caches. Rendered in the service, they kept its RSS 20-35 MB
 * higher for the process's life after the first certificate. The child starts from a copy
 * of the service (the document's data included: the job is the same pointers) and from
 * the one font map the service makes, on its first document, and never draws with
 * (fontconfig's setup and the font's face, about 2 MB of the file's pages): a map made in
 * each child cost 50 ms of CPU a document. What a document costs now besides the drawing
 * is the fork, a few ms.
 *
 * Threads: the requesting worker makes the map and forks holding render_mu, so that one
 * document renders at a time (cairo 1.16 copies the font's whole CFF table, 15 MB, twice a
 * render, and those two steps are 96 % of a render's CPU: a second render beside it would
 * hold a second copy and gain little), and no other thread is in Pango, fontconfig or
 * GLib when it forks. The fork is made by the thread whose stack holds the job and the
 * document's data: in the child glibc counts every other thread's stack as free, and the
 * threads started there may reuse or unmap them. In the child the document is drawn on a
 * thread of its own with a stack of RENDER_STACK (FreeType's CFF glyph loading runs deep; a
 * Civetweb worker's stack is not ours to size, and under ASan it overflowed). Besides the
 * font libraries the child uses nothing the other threads lock but malloc and stdio,
 * which glibc's fork makes safe in the child, and cairo's dates (localtime_r, gmtime_r)
 * take glibc's time zone lock, which no thread of the service ever takes: its own dates go
 * through calendar.c (cal_seconds, cal_time_string), not gmtime_r or timegm. Should a child
 * hang all the same, it is killed at the deadline. It leaves by _exit: it never touches the
 * service's buffered output, and it closes its copies of the service's descriptors before
 * it draws (render_child). */
#include "yinhui/render_pdf.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RENDER_STACK (16u << 20)
static pthread_mutex_t render_mu = PTHREAD_MUTEX_INITIALIZER;

struct render_job {
    PangoFontMap *map;
    pdf_draw_fn fn;
    const void *arg;
    struct buf *out;
    int rc;
};

void pdf_show_page(struct pdf_doc *d)
{
    cairo_show_page(d->cr);
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

/* Checks the font the first time: when the service makes its map (pdf_render), so that
 * every child inherits the answer; a child's own answer comes back too (render_read). */
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
    cairo_surface_finish(d->surface); /* writes the fonts' subsets */
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

static bool write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return false;
        }
        c += w;
        n -= (size_t)w;
    }
    return true;
}

/* What a child sends before the document's bytes. */
struct render_head {
    int rc;         /* the draw function's answer */
    int font_state; /* what the child learnt of the font (font_state) */
    size_t len;     /* the document's bytes that follow */
};

/* On a thread of RENDER_STACK (in the child, or in process: render_here): draws the job
 * with the service's map. */
static void *render_thread(void *arg)
{
    struct render_job *j = arg;
    j->rc = j->fn(j->map, j->arg, j->out);
    return NULL;
}

/* Draws j on a thread of RENDER_STACK; false when the thread could not be started. */
static bool render_on_thread(struct render_job *j)
{
    pthread_attr_t attr;
    pthread_t t;
    if (pthread_attr_init(&attr) != 0) {
        return false;
    }
    bool ok = pthread_attr_setstacksize(&attr, RENDER_STACK) == 0 &&
              pthread_create(&t, &attr, render_thread, j) == 0 && pthread_join(t, NULL) == 0;
    pthread_attr_destroy(&attr);
    return ok;
}

/* In the child: closes every descriptor but the standard streams and keep; one by one up
 * to the descriptor limit where close_range is refused (a kernel before 5.9, a seccomp
 * filter). */
static void close_inherited(int keep)
{
    bool ranged = (keep <= 3 || close_range(3, (unsigned)keep - 1, 0) == 0) &&
                  close_range((unsigned)keep + 1, ~0U, 0) == 0;
    if (!ranged) {
        long max = sysconf(_SC_OPEN_MAX);
        for (int fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++) {
            if (fd != keep) {
                close(fd);
            }
        }
    }
}

/* In the child: draws j, writes the head and the bytes the document appended to j->out
 * to fd, and exits. */
static _Noreturn void render_child(struct render_job *j, int fd)
{
    signal(SIGTERM, SIG_DFL); /* the service's handlers are for the service */
    signal(SIGINT, SIG_DFL);
    /* The service's descriptors are the service's: a child that held the listening
     * socket, the clients' connections and MariaDB's and Redis's sockets would keep them
     * open after the service closed them (a connection's end not seen by its peer) for as
     * long as it draws, up to the deadline. The drawing needs none of them: the font map
     * is in memory, and fontconfig and FreeType open what they read afresh. */
    close_inherited(fd);
    size_t start = j->out->len;
    if (!render_on_thread(j)) {
        _exit(1);
    }
    struct render_head h = {j->rc, atomic_load(&font_state), j->out->len - start};
    bool ok = write_all(fd, &h, sizeof(h)) && write_all(fd, j->out->data + start, j->out->len - start);
    _exit(ok ? 0 : 1);
}

/* How long a child may take: a certificate draws in well under a second, the yearly report
 * in a few. A child that hangs (a lock another thread held when the service forked, which
 * the child then waits for forever) is killed after this, and its request fails, instead
 * of holding render_mu, and with it every later document, for good. */
static atomic_int render_deadline_ms = 30000;

void pdf_render_deadline(int ms)
{
    atomic_store(&render_deadline_ms, ms);
}

/* Waits until fd has bytes or is closed; false when the deadline passed first. */
static bool readable_by(int fd, double deadline)
{
    for (;;) {
        int left = (int)((deadline - mono_s()) * 1000.0);
        if (left <= 0) {
            return false;
        }
        struct pollfd p = {fd, POLLIN, 0};
        int n = poll(&p, 1, left);
        if (n > 0) {
            return true;
        }
        if (n < 0 && errno != EINTR) {
            return false;
        }
    }
}

/* In the parent: reads the child's head and document into j->out until the pipe closes;
 * the draw function's answer, or -1 when the child sent no head or missed the deadline
 * (*late set: the caller kills it). */
static int render_read(int fd, const struct render_job *j, bool *late)
{
    struct render_head h;
    size_t got = 0;
    char chunk[16384];
    double deadline = mono_s() + atomic_load(&render_deadline_ms) / 1000.0;
    for (;;) {
        if (!readable_by(fd, deadline)) {
            *late = true;
            return -1;
        }
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        size_t head = got < sizeof(h) ? sizeof(h) - got : 0;
        head = head < (size_t)n ? head : (size_t)n;
        memcpy((char *)&h + got, chunk, head);
        got += (size_t)n;
        buf_append(j->out, chunk + head, (size_t)n - head);
    }
    if (got < sizeof(h) || got - sizeof(h) != h.len) {
        return -1; /* no head, or a document cut short */
    }
    if (h.font_state != 0) {
        atomic_store(&font_state, h.font_state); /* the next children skip the check */
    }
    return h.rc;
}

/* Draws j in a child process: its answer, or -1 when the fork failed or the child did not
 * finish (j->out then keeps what it had). */
static int render_forked(struct render_job *j)
{
    int fds[2], status = 0;
    size_t start = j->out->len;
    if (pipe2(fds, O_CLOEXEC) != 0) {
        return -1;
    }
    pid_t pid = fork();
    int fork_errno = errno;
    if (pid == 0) {
        close(fds[0]);
        render_child(j, fds[1]);
    }
    close(fds[1]);
    bool late = false;
    int rc = pid > 0 ? render_read(fds[0], j, &late) : -1;
    close(fds[0]);
    if (late) {
        kill(pid, SIGKILL);
        fprintf(stderr, "{\"level\":\"error\",\"msg\":\"PDF renderer process killed after %d ms\"}\n",
                atomic_load(&render_deadline_ms));
    }
    pid_t waited = -1;
    while (pid > 0 && (waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    if (pid > 0 && (waited != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
        fprintf(stderr, "{\"level\":\"error\",\"msg\":\"PDF renderer process failed\",\"status\":%d}\n",
                status);
        rc = -1;
    } else if (pid < 0) {
        fprintf(stderr, "{\"level\":\"error\",\"msg\":\"PDF renderer process not started\",\"errno\":%d}\n",
                fork_errno);
    }
    if (rc == -1) {
        j->out->len = start;
    }
    return rc;
}

/* GCC 12's AddressSanitizer runtime takes none of its allocator's locks around fork(): a
 * child forked while another thread held one waits for it for ever (make asan,
 * test_certificates: gdb showed the hung child in the allocator's GetFromAllocator under
 * fontconfig's malloc). glibc's own malloc, the only one outside ASan builds, is made safe
 * by fork. So an ASan build draws in process, on a thread of RENDER_STACK: its run checks
 * the drawing's memory, the normal build's tests the child (tests/unit/test_render_pdf
 * skips its hung and crashed children under ASan). */
#if defined(__SANITIZE_ADDRESS__)
#define RENDER_FORKS false
#else
#define RENDER_FORKS true
#endif

/* Draws j in this process (RENDER_FORKS): its answer, or -1 when the thread did not start. */
static int render_here(struct render_job *j)
{
    size_t start = j->out->len;
    if (!render_on_thread(j)) {
        j->out->len = start;
        return -1;
    }
    return j->rc;
}

int pdf_render(pdf_draw_fn fn, const void *arg, struct buf *out)
{
    static PangoFontMap *warm;
    pthread_mutex_lock(&render_mu);
    if (warm == NULL) {
        warm = pango_cairo_font_map_new();
        font_ok(warm);
    }
    struct render_job j = {warm, fn, arg, out, -1};
    int rc = RENDER_FORKS ? render_forked(&j) : render_here(&j);
    pthread_mutex_unlock(&render_mu);
    return rc;
}
