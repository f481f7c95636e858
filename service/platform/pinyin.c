/* Search keys by ICU transliterators (see pinyin.h). ICU's UTransliterator objects are
 * not safe for concurrent use: the three are opened once (pthread_once, ~0.4 s) and each
 * thread transliterates with its own clones (utrans_clone, ~0.07 ms, once per thread),
 * closed when the thread ends. */
#include "yinhui/pinyin.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "yinhui/util.h"

enum { T_SIMP, T_NAME, T_TEXT, T_N };
#define IN_UNITS 256   /* UTF-16 units of input transliterated */
#define OUT_UNITS 4096 /* room for the Latin (a Han character becomes up to 7 units) */

static const char *const ids[T_N] = {"Traditional-Simplified",
                                     "Traditional-Simplified; Han-Latin/Names; Latin-ASCII",
                                     "Traditional-Simplified; Han-Latin; Latin-ASCII"};
static UTransliterator *masters[T_N];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t clones_key;

static void clones_free(void *p)
{
    UTransliterator **c = p;
    for (int i = 0; i < T_N; i++) {
        if (c[i]) {
            utrans_close(c[i]);
        }
    }
    free(c);
}

static void masters_open(void)
{
    if (pthread_key_create(&clones_key, clones_free) != 0) {
        return;
    }
    for (int i = 0; i < T_N; i++) {
        UErrorCode st = U_ZERO_ERROR;
        UChar id[96];
        u_uastrcpy(id, ids[i]);
        masters[i] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
        if (U_FAILURE(st)) {
            masters[i] = NULL;
        }
    }
}

/* This thread's clone of transliterator which, NULL when ICU failed. */
static UTransliterator *clone_of(int which)
{
    pthread_once(&once, masters_open);
    if (masters[which] == NULL) {
        return NULL;
    }
    UTransliterator **c = pthread_getspecific(clones_key);
    if (c == NULL) {
        c = calloc(T_N, sizeof(*c));
        if (c == NULL || pthread_setspecific(clones_key, c) != 0) {
            free(c);
            return NULL;
        }
    }
    if (c[which] == NULL) {
        UErrorCode st = U_ZERO_ERROR;
        c[which] = utrans_clone(masters[which], &st);
        if (U_FAILURE(st)) {
            c[which] = NULL;
        }
    }
    return c[which];
}

/* Transliterates UTF-8 in by transliterator which into UTF-8 out (outlen bytes). The
 * input is cut at IN_UNITS UTF-16 units (never inside a surrogate pair). */
static bool translit(int which, const char *in, char *out, size_t outlen)
{
    UTransliterator *t = clone_of(which);
    UChar *buf = t ? malloc(OUT_UNITS * sizeof(UChar)) : NULL;
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = 0, lim, olen = 0;
    if (buf == NULL) {
        return false;
    }
    u_strFromUTF8(buf, IN_UNITS, &len, in, -1, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING) {
        st = U_ZERO_ERROR;
        len = IN_UNITS - (U16_IS_LEAD(buf[IN_UNITS - 1]) ? 1 : 0);
    }
    lim = len;
    if (U_SUCCESS(st)) {
        utrans_transUChars(t, buf, &len, OUT_UNITS, 0, &lim, &st);
    }
    if (U_SUCCESS(st)) {
        u_strToUTF8(out, (int32_t)outlen - 1, &olen, buf, len, &st);
    }
    free(buf);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) {
        out[0] = '\0';
        return false;
    }
    out[olen] = '\0';
    return true;
}

/* The letters of Latin text lower-cased into py, the first letter of each run of
 * letters into ini (either may be NULL); truncated to their sizes. */
static void letters_of(const char *latin, char *py, size_t pylen, char *ini, size_t inilen)
{
    size_t np = 0, ni = 0;
    bool in_word = false;
    for (const char *s = latin; *s; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (c < 'a' || c > 'z') {
            in_word = false;
            continue;
        }
        if (py && np + 1 < pylen) {
            py[np++] = c;
        }
        if (!in_word && ini && ni + 1 < inilen) {
            ini[ni++] = c;
        }
        in_word = true;
    }
    if (py) {
        py[np] = '\0';
    }
    if (ini) {
        ini[ni] = '\0';
    }
}

bool name_keys_of(const char *text, bool is_name, struct name_keys *k)
{
    char *latin = malloc(OUT_UNITS * 3);
    bool ok = latin && utf8_valid(text, strlen(text)) &&
              translit(T_SIMP, text, k->simplified, sizeof(k->simplified)) &&
              translit(is_name ? T_NAME : T_TEXT, text, latin, OUT_UNITS * 3);
    if (ok) {
        letters_of(latin, k->py, sizeof(k->py), k->initials, sizeof(k->initials));
    } else {
        memset(k, 0, sizeof(*k));
    }
    free(latin);
    return ok;
}

bool text_simplified(const char *text, char *out, size_t outlen)
{
    out[0] = '\0';
    return utf8_valid(text, strlen(text)) && translit(T_SIMP, text, out, outlen);
}

bool pinyin_query_of(const char *q, struct pinyin_query *pq)
{
    bool ascii_letter = false, other = false;
    for (const unsigned char *s = (const unsigned char *)q; *s; s++) {
        bool letter = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z');
        ascii_letter |= letter;
        other |= *s >= 0x80;
    }
    pq->mode = !ascii_letter ? PQ_HAN : other ? PQ_MIXED : PQ_LATIN;
    pq->py[0] = '\0';
    pq->han[0] = '\0';
    if (!translit(T_SIMP, q, pq->simplified, sizeof(pq->simplified))) {
        return false;
    }
    if (pq->mode == PQ_LATIN) {
        letters_of(q, pq->py, sizeof(pq->py), NULL, 0);
    } else if (pq->mode == PQ_MIXED) {
        struct name_keys k;
        if (!name_keys_of(q, true, &k)) {
            return false;
        }
        memcpy(pq->py, k.py, sizeof(pq->py));
        const char *h = pq->simplified;
        while (*h && (unsigned char)*h < 0x80) {
            h++;
        }
        size_t n = 0;
        while (h[n] && (unsigned char)h[n] >= 0x80) {
            n++;
        }
        snprintf(pq->han, sizeof(pq->han), "%.*s", (int)n, h);
    }
    return true;
}

bool search_text_ok(const char *q)
{
    size_t n = strlen(q);
    if (n == 0 || !utf8_valid(q, n) || utf8_len(q) > PY_QUERY_CHARS) {
        return false;
    }
    for (const unsigned char *s = (const unsigned char *)q; *s; s++) {
        if (*s < 0x20 || *s == 0x7f || (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)) {
            return false; /* C0, DEL, C1 */
        }
    }
    return true;
}
