#ifndef YINHUI_VCERT_H
#define YINHUI_VCERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/util.h"

/* Volunteer service certificates (志愿服务记录证明, 《志愿服务记录与证明出具办法（试行）》,
 * 2020): the rules (service/volunteers/certificates_rules.c) and the PDF renderer
 * (service/volunteers/certificates_pdf.c, the one file that uses Pango, Cairo and
 * libqrencode). */

/* A certificate number: the office code, the year of issue and a 6-digit sequence of
 * that office and year, 16 digits ("5328012026000001"), unique in the country. */
#define VCERT_NO_LEN 16
/* The most services one certificate lists (a longer period: ask for a shorter one). */
#define VCERT_MAX_ENTRIES 500

/* True when s is a well-formed certificate number (16 digits). */
bool vcert_no_valid(const char *s);
/* The number of the seq-th certificate of office in year. */
void vcert_no_make(const char *office, int year, int64_t seq, char out[VCERT_NO_LEN + 1]);
/* Minutes as hours for people: "2", "1.5", "0.33" (two decimals at most, no trailing
 * zeros). */
void vcert_hours_text(int64_t minutes, char *out, size_t len);
/* Why the period [from, to] (both days included; each "YYYY-MM-DD" or NULL when absent)
 * cannot be certified on today: NULL when it can; else the message, *field naming the
 * parameter and *bad_request true for a missing or malformed value (400) rather than an
 * impossible period (422: from after to, to after today). */
const char *vcert_period_refusal(const char *from, const char *to, const char *today, const char **field,
                                 bool *bad_request);
/* The check code printed next to a certificate's number and carried by its QR URL
 * (?c=): the first 10 hex digits of HMAC-SHA256(master key, "vcert|" number). Numbers
 * are sequential and guessable; without the code the public verification answers 404,
 * so it cannot be used to walk an office's certificates. */
#define VCERT_CODE_LEN 10
void vcert_check_code(const unsigned char key[32], const char *number, char out[VCERT_CODE_LEN + 1]);
/* True when code (NULL when absent) is number's check code; compared in constant time. */
bool vcert_check_code_ok(const unsigned char key[32], const char *number, const char *code);
/* The ID type a certificate prints for the ID number on record, and the number as
 * shown in masked: a valid GB 11643 number (idno_check) is a 居民身份证 masked to its
 * division code (mask_idno); anything else (a passport, a 港澳台 or foreign permit, an
 * old 15-digit number) is 其他证件, masked whole, since its layout is not known. */
const char *vcert_id_shown(const char *id, char masked[19]);
/* SHA-256 of the ids (ascending) as "id,id,...": the identity of what a certificate
 * counted. */
void vcert_entries_key(const int64_t *ids, size_t n, unsigned char out[32]);

/* ---- the document (certificates_pdf.c) ---- */
struct vcert_line {
    int64_t id;
    char served_on[11];
    char title[401];
    int64_t minutes;
};
struct vcert_doc {
    const char *number, *check_code, *name, *volunteer_no;
    const char *id_type;               /* vcert_id_shown's, or NULL when no ID number is on record */
    const char *id_masked;             /* vcert_id_shown's */
    const char *from, *to, *issued_on; /* YYYY-MM-DD */
    const char *office_name, *responsible, *contact;
    const char *verify_url; /* with the check code: .../v1/certificates/{number}?c={code} */
    int64_t minutes;
    const struct vcert_line *lines;
    size_t nlines;
};
/* The one font a certificate is set in (fonts-noto-cjk). */
#define VCERT_FONT "Noto Sans CJK SC"
/* vcert_pdf's answer when fontconfig does not resolve VCERT_FONT to that family: a
 * fallback font would print boxes or another face on an official document. Checked on
 * the first certificate and kept for the process's life (install the font, restart). */
#define VCERT_NO_FONT (-2)
/* Renders d as an A4 PDF (VCERT_FONT embedded as a subset; a QR code of verify_url)
 * appended to out. 0, VCERT_NO_FONT, or -1 when rendering failed. */
int vcert_pdf(const struct vcert_doc *d, struct buf *out);

#endif
