#ifndef YINHUI_CURSOR_H
#define YINHUI_CURSOR_H

#include <stdbool.h>
#include <stddef.h>

/* Opaque, tamper-evident list cursors: base64url("<tag>|<value>") "." base64url(HMAC
 * truncated to 16 bytes). The tag names the list so a cursor of one list is refused
 * by another. */
void cursor_encode(const unsigned char key[32], const char *tag, const char *value, char *out,
                   size_t outlen);
/* Returns true and the value when cursor is one of ours for tag. */
bool cursor_decode(const unsigned char key[32], const char *tag, const char *cursor, char *value,
                   size_t valuelen);

#endif
