/* The webhook worker's timing rules (see delivery_retry.h). */
#include "yinhui/delivery_retry.h"

#define BACKOFF_MAX_MS 3600000

int64_t delivery_backoff_ms(int64_t base_ms, int64_t failures)
{
    int64_t d = base_ms;
    for (int64_t i = 1; i < failures && d < BACKOFF_MAX_MS; i++) {
        d *= 2;
    }
    return d < BACKOFF_MAX_MS ? d : BACKOFF_MAX_MS;
}

int64_t delivery_lease_s(int64_t timeout_ms)
{
    return (timeout_ms + 999) / 1000 + 30;
}

bool delivery_succeeded(int status)
{
    return status >= 200 && status < 300;
}
