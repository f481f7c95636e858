#include "yinhui/text.h"

#include <string.h>

/* Length in bytes of the code point at s (1 for ASCII or a stray byte). */
static size_t cp_len(const unsigned char *s)
{
    if (s[0] < 0x80) {
        return 1;
    }
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 1;
        }
    }
    return n;
}

/* A code point that takes part in grams: not ASCII space, punctuation or control. */
static int word_cp(const unsigned char *s, size_t n)
{
    if (n > 1) {
        return 1;
    }
    unsigned char c = s[0];
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t text_bigrams(const char *text, char (*out)[GRAM_MAX], size_t max)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    size_t count = 0;
    while (*p) {
        size_t a = cp_len(p);
        const unsigned char *q = p + a;
        if (!*q) {
            break;
        }
        size_t b = cp_len(q);
        if (word_cp(p, a) && word_cp(q, b) && count < max) {
            char g[GRAM_MAX];
            memcpy(g, p, a);
            memcpy(g + a, q, b);
            g[a + b] = '\0';
            for (size_t i = 0; i < a + b; i++) {
                if (g[i] >= 'A' && g[i] <= 'Z') {
                    g[i] = (char)(g[i] - 'A' + 'a');
                }
            }
            int seen = 0;
            for (size_t k = 0; k < count && !seen; k++) {
                seen = strcmp(out[k], g) == 0;
            }
            if (!seen) {
                memcpy(out[count++], g, a + b + 1);
            }
        }
        p = q;
    }
    return count;
}
