/* The Argon2 gate: no more hashes at once than its limit, and a caller that cannot get
 * a turn within the wait is told so instead of queueing forever. */
#include "support.h"

#include <pthread.h>
#include <string.h>

#include "yinhui/auth.h"

#define NTHREADS 6

static char encoded[256];
static int results[NTHREADS];

static void *verify_one(void *arg)
{
    long i = (long)arg;
    results[i] = password_check(encoded, (i % 2) ? "correct horse battery" : "wrong horse battery");
    return NULL;
}

static void *hash_one(void *arg)
{
    long i = (long)arg;
    char out[256];
    results[i] = password_hash("some password 123", out, sizeof(out));
    return NULL;
}

static void gate_bounds_concurrency(void **s)
{
    (void)s;
    pthread_t th[NTHREADS];
    password_gate_init(2, 60000);
    assert_int_equal(password_hash("correct horse battery", encoded, sizeof(encoded)), 0);
    password_gate_init(2, 60000); /* resets the peak */
    for (long i = 0; i < NTHREADS; i++) {
        pthread_create(&th[i], NULL, verify_one, (void *)i);
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(results[i], (i % 2) ? PW_MATCH : PW_MISMATCH);
    }
    /* six callers, every one served, never more than two hashes at once */
    assert_true(password_gate_peak() <= 2);
    assert_true(password_gate_peak() >= 1);
    assert_int_equal(password_check(NULL, "anything at all"), PW_MISMATCH);
}

static void gate_sheds_after_the_wait(void **s)
{
    (void)s;
    pthread_t th[NTHREADS];
    int busy = 0, done = 0;
    /* one turn, a 1 ms wait: an Argon2id hash (19 MiB, 2 passes) takes far longer, so
     * of six simultaneous callers some are turned away */
    password_gate_init(1, 1);
    for (long i = 0; i < NTHREADS; i++) {
        pthread_create(&th[i], NULL, hash_one, (void *)i);
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(th[i], NULL);
        busy += results[i] == PW_BUSY;
        done += results[i] == 0;
    }
    assert_int_equal(busy + done, NTHREADS);
    assert_true(done >= 1);
    assert_true(busy >= 1);
    assert_int_equal(password_gate_peak(), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gate_bounds_concurrency),
        cmocka_unit_test(gate_sheds_after_the_wait),
    };
    return cmocka_run_group_tests_name("unit: password gate", tests, NULL, NULL);
}
