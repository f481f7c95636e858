#ifndef YINHUI_TEXT_H
#define YINHUI_TEXT_H

#include <stddef.h>

/* Bigrams of text for the talent search index: every pair of adjacent code points,
 * ASCII letters lower-cased, none across a space or punctuation boundary of ASCII
 * (Chinese text has no spaces, so every adjacent pair of characters counts).
 * Writes up to max distinct grams (each NUL-terminated, at most 8 bytes) to out and
 * returns how many. */
#define GRAM_MAX 9
size_t text_bigrams(const char *text, char (*out)[GRAM_MAX], size_t max);

#endif
