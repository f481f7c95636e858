#ifndef YINHUI_SIGNED_CODE_H
#define YINHUI_SIGNED_CODE_H

#include <stdbool.h>
#include <stdint.h>

/* Short-lived signed codes (the event check-in code an organiser's app shows as a QR):
 * base64url(event id, expiry, HMAC-SHA256 truncated to 12 bytes) — 32 characters.
 * The MAC covers purpose, office, id and expiry, so a code of another office, event or
 * purpose, an altered expiry or a forged MAC is refused. */
#define SIGNED_CODE_LEN 32
void signed_code_make(const unsigned char key[32], const char *purpose, const char *office, int64_t id,
                      int64_t expires, char out[SIGNED_CODE_LEN + 1]);
enum code_check { CODE_OK, CODE_BAD, CODE_EXPIRED };
/* Checks code at time now; on CODE_OK (and CODE_EXPIRED) *id is the id it names. */
enum code_check signed_code_check(const unsigned char key[32], const char *purpose, const char *office,
                                  const char *code, int64_t now, int64_t *id);

#endif
