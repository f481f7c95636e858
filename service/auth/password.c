#include <argon2.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "yinhui/auth.h"
#include "yinhui/crypto.h"
#include "yinhui/util.h"

/* OWASP's Argon2id minimum: 19 MiB, 2 passes, 1 lane. */
#define A_T 2
#define A_M 19456
#define A_P 1

/* A counting semaphore around every Argon2 computation: at most `limit` run at once
 * (default: the online cores), so a burst of logins costs limit x 19 MiB and leaves
 * cores to the other routes. A caller waits its turn up to wait_ms, then gets
 * PW_BUSY (the handlers answer 503 with Retry-After): a short queue absorbs bursts,
 * a flood is shed instead of pinning every worker thread in the queue. */
static struct {
    pthread_once_t once;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int limit, busy, peak;
    int64_t wait_ms;
} gate = {.once = PTHREAD_ONCE_INIT, .lock = PTHREAD_MUTEX_INITIALIZER};

static void gate_init_once(void)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&gate.freed, &a);
    pthread_condattr_destroy(&a);
    if (gate.limit <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        gate.limit = n > 0 ? (int)n : 1;
    }
    if (gate.wait_ms <= 0) {
        gate.wait_ms = 2000;
    }
}

void password_gate_init(int64_t limit, int64_t wait_ms)
{
    pthread_mutex_lock(&gate.lock);
    gate.limit = limit > 0 ? (int)limit : 0;
    gate.wait_ms = wait_ms;
    gate.peak = 0;
    pthread_mutex_unlock(&gate.lock);
    pthread_once(&gate.once, gate_init_once);
    pthread_mutex_lock(&gate.lock);
    if (gate.limit <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        gate.limit = n > 0 ? (int)n : 1;
    }
    if (gate.wait_ms <= 0) {
        gate.wait_ms = 2000;
    }
    pthread_mutex_unlock(&gate.lock);
}

int password_gate_peak(void)
{
    pthread_mutex_lock(&gate.lock);
    int p = gate.peak;
    pthread_mutex_unlock(&gate.lock);
    return p;
}

static bool gate_enter(void)
{
    struct timespec until;
    bool ok = true;
    pthread_once(&gate.once, gate_init_once);
    clock_gettime(CLOCK_MONOTONIC, &until);
    pthread_mutex_lock(&gate.lock);
    until.tv_sec += (time_t)(gate.wait_ms / 1000);
    until.tv_nsec += (long)(gate.wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    while (gate.busy >= gate.limit) {
        if (pthread_cond_timedwait(&gate.freed, &gate.lock, &until) == ETIMEDOUT && gate.busy >= gate.limit) {
            ok = false;
            break;
        }
    }
    if (ok) {
        gate.busy++;
        if (gate.busy > gate.peak) {
            gate.peak = gate.busy;
        }
    }
    pthread_mutex_unlock(&gate.lock);
    return ok;
}

static void gate_leave(void)
{
    pthread_mutex_lock(&gate.lock);
    gate.busy--;
    pthread_cond_signal(&gate.freed);
    pthread_mutex_unlock(&gate.lock);
}

int password_hash(const char *password, char *out, size_t outlen)
{
    unsigned char salt[16];
    int rc;
    if (random_bytes(salt, sizeof(salt)) != 0) {
        return -1;
    }
    if (!gate_enter()) {
        return PW_BUSY;
    }
    rc = argon2id_hash_encoded(A_T, A_M, A_P, password, strlen(password), salt, sizeof(salt), 32, out,
                               outlen) == ARGON2_OK
             ? 0
             : -1;
    gate_leave();
    return rc;
}

enum pw_result password_check(const char *encoded, const char *password)
{
    /* a fixed hash of a random string: unknown accounts cost the same as known ones */
    static const char dummy[] =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
        "0Lqsw2C0Ps5OaD5oyDyQmhHXGfOB1a2hFsN0kmD5m6o";
    bool match;
    if (!gate_enter()) {
        return PW_BUSY;
    }
    if (encoded == NULL) {
        argon2id_verify(dummy, password, strlen(password));
        match = false;
    } else {
        match = argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
    }
    gate_leave();
    return match ? PW_MATCH : PW_MISMATCH;
}
