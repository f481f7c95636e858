#ifndef YINHUI_PINYIN_H
#define YINHUI_PINYIN_H

/* Search keys of names and short texts, the way members type them (pinyin.c): the
 * folded simplified form (ICU "Traditional-Simplified"), the full pinyin without tones or
 * spaces and the initials (ICU "Han-Latin/Names" for names, "Han-Latin" for other text,
 * then "Latin-ASCII"). Computed when a record is written and stored in indexed columns
 * (sql/0059); a query is normalised the same way (pinyin_query_of). Thread-safe: the
 * transliterators are opened once and cloned per thread. */

#include <stdbool.h>
#include <stddef.h>

#define PY_SIMP_MAX 801 /* bytes of the simplified form (200 characters of 4 bytes) + NUL */
#define PY_FULL_MAX 256 /* letters of the full pinyin kept (its column's width) + NUL */
#define PY_INI_MAX 101  /* initials kept + NUL */
#define PY_QUERY_CHARS 50

struct name_keys {
    char simplified[PY_SIMP_MAX]; /* 張三 -> 张三 */
    char py[PY_FULL_MAX];         /* zhangsan (a-z only, lower case) */
    char initials[PY_INI_MAX];    /* zs */
};

/* How a query matches: HAN (no ASCII letters) by the simplified form it contains; LATIN
 * (ASCII letters, perhaps spaces or apostrophes) by the full pinyin's or the initials'
 * prefix, or the simplified form it contains; MIXED (Han and letters, 张s) by the prefix
 * of the full pinyin of its Han characters followed by its letters (zhangs), the Han
 * characters themselves also in the name (张s finds 张三, not its homophone 章三). */
enum pinyin_mode { PQ_HAN, PQ_LATIN, PQ_MIXED };

struct pinyin_query {
    enum pinyin_mode mode;
    char simplified[PY_SIMP_MAX]; /* the query folded to simplified characters */
    char py[PY_FULL_MAX];         /* LATIN, MIXED: the pinyin prefix; else "" */
    char han[PY_SIMP_MAX];        /* MIXED: its first run of Chinese (non-ASCII), folded */
};

/* The keys of text (a name when is_name: surname readings such as 单 shan, 曾 zeng).
 * False when ICU cannot be opened or text is not valid UTF-8 (k is then emptied). Text
 * longer than 200 characters is keyed by its first 200. */
bool name_keys_of(const char *text, bool is_name, struct name_keys *k);

/* Text folded to simplified characters into out (outlen bytes; the first 256 UTF-16
 * units of text). False on ICU failure or text not UTF-8. */
bool text_simplified(const char *text, char *out, size_t outlen);

/* Normalises a search query (valid UTF-8, checked by search_text_ok). False on ICU
 * failure. */
bool pinyin_query_of(const char *q, struct pinyin_query *pq);

/* A search parameter's text: valid UTF-8 of 1 to PY_QUERY_CHARS characters, no control
 * characters. */
bool search_text_ok(const char *q);

#endif
