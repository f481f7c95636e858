/* The PDF renderer's child process (service/platform/render_pdf.c): what the draw function
 * appends comes back; a child that crashes or hangs fails its document (the hung one killed
 * at the deadline) and the next document renders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "yinhui/render_pdf.h"
#include "yinhui/util.h"

static int echo(PangoFontMap *map, const void *arg, struct buf *out)
{
    (void)map;
    buf_puts(out, arg);
    return 0;
}

static int hang(PangoFontMap *map, const void *arg, struct buf *out)
{
    (void)map;
    (void)arg;
    buf_puts(out, "half a document");
    while (pause() != 0) {
    }
    return 0;
}

static int crash(PangoFontMap *map, const void *arg, struct buf *out)
{
    (void)map;
    (void)arg;
    (void)out;
    abort();
}

/* Writes "open" or "closed": whether the descriptor at arg is open where it draws. */
static int probe(PangoFontMap *map, const void *arg, struct buf *out)
{
    (void)map;
    buf_puts(out, fcntl(*(const int *)arg, F_GETFD) == -1 ? "closed" : "open");
    return 0;
}

static void the_child_s_bytes_come_back(void **s)
{
    (void)s;
    struct buf out = {0};
    buf_puts(&out, "kept:");
    assert_int_equal(pdf_render(echo, "文书 🌸", &out), 0);
    assert_string_equal(out.data, "kept:文书 🌸");
    buf_free(&out);
}

/* ASan builds draw in process (render_pdf.c RENDER_FORKS): no child to kill or lose */
#if defined(__SANITIZE_ADDRESS__)
#define CHILD_ONLY() skip()
#else
#define CHILD_ONLY() ((void)0)
#endif

static void a_hung_child_is_killed_at_the_deadline(void **s)
{
    (void)s;
    CHILD_ONLY();
    struct buf out = {0};
    buf_puts(&out, "kept");
    pdf_render_deadline(300);
    double t0 = mono_s();
    assert_int_equal(pdf_render(hang, NULL, &out), -1);
    double took = mono_s() - t0;
    assert_true(took >= 0.29 && took < 5.0);
    assert_string_equal(out.data, "kept"); /* nothing of the failed document */
    pdf_render_deadline(30000);
    assert_int_equal(pdf_render(echo, "next", &out), 0); /* the lock was released */
    assert_string_equal(out.data, "keptnext");
    buf_free(&out);
}

static void a_crashed_child_fails_its_document(void **s)
{
    (void)s;
    CHILD_ONLY();
    struct buf out = {0};
    assert_int_equal(pdf_render(crash, NULL, &out), -1);
    assert_int_equal(out.len, 0);
    assert_int_equal(pdf_render(echo, "again", &out), 0);
    assert_string_equal(out.data, "again");
    buf_free(&out);
}

/* The child holds none of the service's descriptors (its sockets, its files): only its
 * standard streams and the pipe its document goes back by. */
static void the_child_holds_none_of_the_service_s_descriptors(void **s)
{
    (void)s;
    CHILD_ONLY();
    struct buf out = {0};
    int low = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int high = fcntl(low, F_DUPFD_CLOEXEC, 200);
    assert_true(low >= 3 && high >= 200);
    assert_int_equal(pdf_render(probe, &low, &out), 0);
    assert_int_equal(pdf_render(probe, &high, &out), 0);
    assert_string_equal(out.data, "closedclosed");
    assert_int_equal(fcntl(low, F_GETFD) == -1, 0); /* the service's stay open */
    close(low);
    close(high);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_child_s_bytes_come_back),
        cmocka_unit_test(a_hung_child_is_killed_at_the_deadline),
        cmocka_unit_test(a_crashed_child_fails_its_document),
        cmocka_unit_test(the_child_holds_none_of_the_service_s_descriptors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
