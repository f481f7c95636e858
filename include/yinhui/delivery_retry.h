#ifndef YINHUI_DELIVERY_RETRY_H
#define YINHUI_DELIVERY_RETRY_H

#include <stdbool.h>
#include <stdint.h>

/* The webhook worker's timing rules (service/engagement/delivery_retry.c): plain
 * functions, testable without a database or a receiver. */

/* Delay before the attempt after failures (>= 1) failed ones: base_ms × 2^(failures-1),
 * at most an hour. */
int64_t delivery_backoff_ms(int64_t base_ms, int64_t failures);
/* Seconds a claim is leased for: the attempt's deadline (timeout_ms, rounded up) plus a
 * margin for the address lookup and the database writes around it. */
int64_t delivery_lease_s(int64_t timeout_ms);
/* Whether an attempt's HTTP status (-1: no response) delivered the event: any 2xx. */
bool delivery_succeeded(int status);

#endif
