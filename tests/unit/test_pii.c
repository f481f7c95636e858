/* Pure logic of personal data and member input: GB 11643 numbers, phones, masking,
 * sealing with key rotation, CSV reading and writing, merge-patch readers. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <pthread.h>

#include "yinhui/crypto.h"

#include "yinhui/csv.h"
#include "yinhui/json_in.h"
#include "yinhui/pii.h"
#include "yinhui/signed_code.h"
#include "yinhui/text.h"

static void idno_rules(void **s)
{
    (void)s;
    char norm[19], birth[11];
    bool female = true;
    /* 11010519491231002X: the standard's example (Beijing Chaoyang, 1949-12-31, female) */
    assert_int_equal(idno_check("11010519491231002X", norm, birth, &female), IDNO_OK);
    assert_string_equal(birth, "1949-12-31");
    assert_true(female);
    assert_int_equal(idno_check("11010519491231002x", norm, birth, &female), IDNO_OK);
    assert_string_equal(norm, "11010519491231002X"); /* normalised upper-case */
    assert_int_equal(idno_check("110105194912310021", norm, birth, &female), IDNO_CHECKSUM);
    assert_int_equal(idno_check("1101051949123100", norm, birth, &female), IDNO_FORMAT);
    assert_int_equal(idno_check("11010519491231002XX", norm, birth, &female), IDNO_FORMAT);
    assert_int_equal(idno_check("11010519491231A02X", norm, birth, &female), IDNO_FORMAT);
    assert_int_equal(idno_check("990105194912310020", norm, birth, &female), IDNO_PREFIX);
    assert_int_equal(idno_check("110105194902300028", norm, birth, &female), IDNO_DATE); /* 30 February */
    assert_int_equal(idno_check("110105299901010020", norm, birth, &female), IDNO_DATE); /* future */
    assert_int_equal(idno_check("", norm, birth, &female), IDNO_FORMAT);
    /* a male number: odd 17th digit */
    assert_int_equal(idno_check("532801193601020015", norm, birth, &female), IDNO_OK);
    assert_false(female);
    assert_string_equal(birth, "1936-01-02");
}

static void phones_and_masks(void **s)
{
    (void)s;
    char out[64], id[19];
    assert_true(phone_valid("13812345678"));
    assert_true(phone_valid("+8613812345678"));
    assert_true(phone_valid("0691-2123456"));
    assert_true(phone_valid("02087654321"));
    assert_false(phone_valid("12812345678"));
    assert_false(phone_valid("1381234567"));
    assert_false(phone_valid("138-1234-5678"));
    assert_false(phone_valid("0691-21"));
    assert_false(phone_valid(""));
    mask_idno("530102194501011234", id);
    assert_string_equal(id, "530102************");
    mask_phone("13812345678", out, sizeof(out));
    assert_string_equal(out, "138****5678");
    mask_address("云南省景洪市宣慰大道100号", out, sizeof(out));
    assert_string_equal(out, "云南省景洪市****");
    mask_address("勐海县", out, sizeof(out));
    assert_string_equal(out, "勐****");
}

static const char K1[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
static const char K2[] = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
static const char *env[8][2];
static const char *get(const char *name)
{
    for (int i = 0; i < 8 && env[i][0]; i++) {
        if (strcmp(env[i][0], name) == 0) {
            return env[i][1];
        }
    }
    return strcmp(name, "YH_REDIS_PASSWORD") == 0 ? "unit-test-redis-password" : NULL;
}

static void sealing_rotates(void **s)
{
    (void)s;
    struct config a, b;
    char err[256];
    struct buf sealed = {0}, plain = {0};
    unsigned char h1[32], h2[32], i1[8], i2[8];
    memset(env, 0, sizeof(env));
    env[0][0] = "YH_MASTER_KEY", env[0][1] = K1;
    env[1][0] = "YH_DATA_KEY", env[1][1] = K1;
    env[2][0] = "YH_PII_HMAC_KEY", env[2][1] = K1;
    assert_int_equal(config_load(&a, get, err, sizeof(err)), 0);
    assert_int_equal(pii_seal(&a, "13812345678", &sealed), 0);
    assert_int_equal(pii_key_id(sealed.data, sealed.len), 1);
    assert_null(memmem(sealed.data, sealed.len, "13812345678", 11)); /* no plaintext */
    assert_int_equal(pii_open(&a, sealed.data, sealed.len, &plain), 0);
    assert_string_equal(plain.data, "13812345678");
    /* a new key 2 with the old one kept for reading */
    env[1][1] = K2;
    env[3][0] = "YH_DATA_KEY_ID", env[3][1] = "2";
    env[4][0] = "YH_DATA_KEY_OLD", env[4][1] = K1;
    env[5][0] = "YH_DATA_KEY_OLD_ID", env[5][1] = "1";
    assert_int_equal(config_load(&b, get, err, sizeof(err)), 0);
    plain.len = 0;
    assert_int_equal(pii_open(&b, sealed.data, sealed.len, &plain), 0);
    assert_string_equal(plain.data, "13812345678");
    /* without the old key the value does not open; a flipped byte never opens */
    env[4][0] = NULL;
    memset(env[5], 0, sizeof(env[5]));
    assert_int_equal(config_load(&b, get, err, sizeof(err)), 0);
    assert_int_equal(pii_open(&b, sealed.data, sealed.len, &plain), -1);
    sealed.data[sealed.len - 1] ^= 1;
    assert_int_equal(pii_open(&a, sealed.data, sealed.len, &plain), -1);
    /* lookup hashes depend on the HMAC key only; blind indexes differ per office */
    pii_idno_hmac(&a, "11010519491231002X", h1);
    pii_idno_hmac(&b, "11010519491231002X", h2);
    assert_memory_equal(h1, h2, 32);
    pii_blind_idx(&a, "health", "532801", "homebound", i1);
    pii_blind_idx(&a, "health", "532822", "homebound", i2);
    assert_memory_not_equal(i1, i2, 8);
    buf_free(&sealed);
    buf_free(&plain);
}

/* What crypto_open_aad must agree with: a fresh OpenSSL context per value, as before
 * the per-thread contexts (Y 1 kid | IV 12 | tag 16 | ciphertext, header + aad
 * authenticated). */
static int ref_open(const unsigned char key[32], const char *aad, const struct buf *sealed, char *out)
{
    const unsigned char *v = (const unsigned char *)sealed->data;
    int n = (int)sealed->len - 31, len = 0, ok;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    ok = EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, v + 3) == 1 &&
         EVP_DecryptUpdate(c, NULL, &len, v, 3) == 1 &&
         EVP_DecryptUpdate(c, NULL, &len, (const unsigned char *)aad, (int)strlen(aad)) == 1 &&
         EVP_DecryptUpdate(c, (unsigned char *)out, &len, v + 31, n) == 1 &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, (void *)(v + 15)) == 1 &&
         EVP_DecryptFinal_ex(c, NULL, &len) == 1;
    EVP_CIPHER_CTX_free(c);
    out[n > 0 ? n : 0] = '\0';
    return ok ? 0 : -1;
}

static const unsigned char KA[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char KB[32] = "fedcba9876543210fedcba9876543210";

static void *seal_in_thread(void *p)
{
    struct buf *b = p;
    return (void *)(intptr_t)crypto_seal_aad(KA, 1, "yh:c:532801:3:o:1@1:2", 21, "from a thread", 13, b);
}

/* The thread's cipher contexts are reused from call to call and key to key: every value
 * opens as a fresh context opens it, a wrong binding or key still fails, and a failure
 * leaves nothing behind for the next call. */
static void bound_sealing_reuses_contexts(void **s)
{
    (void)s;
    const char *ctx = "yh:c:532801:3:o:1@1:2";
    char msg[64], ref[128];
    for (int i = 0; i < 20; i++) {
        const unsigned char *key = i % 3 == 2 ? KB : KA;
        struct buf sealed = {0}, plain = {0};
        int n = snprintf(msg, sizeof(msg), "value %d", i);
        assert_int_equal(crypto_seal_aad(key, 1, ctx, strlen(ctx), msg, (size_t)n, &sealed), 0);
        assert_int_equal(ref_open(key, ctx, &sealed, ref), 0);
        assert_string_equal(ref, msg);
        assert_int_equal(
            crypto_open_aad(key, 1, "yh:c:532801:3:o:1@1:3", strlen(ctx), sealed.data, sealed.len, &plain),
            -1);
        assert_int_equal(plain.len, 0);
        assert_int_equal(
            crypto_open_aad(key == KA ? KB : KA, 1, ctx, strlen(ctx), sealed.data, sealed.len, &plain), -1);
        assert_int_equal(crypto_open_aad(key, 1, ctx, strlen(ctx), sealed.data, sealed.len, &plain), 0);
        assert_string_equal(plain.data, msg);
        buf_free(&sealed);
        buf_free(&plain);
    }
    /* sealed on another thread (its own contexts), opened on this one */
    struct buf b = {0}, plain = {0};
    pthread_t t;
    void *rc = NULL;
    assert_int_equal(pthread_create(&t, NULL, seal_in_thread, &b), 0);
    assert_int_equal(pthread_join(t, &rc), 0);
    assert_int_equal((intptr_t)rc, 0);
    assert_int_equal(crypto_open_aad(KA, 1, ctx, strlen(ctx), b.data, b.len, &plain), 0);
    assert_string_equal(plain.data, "from a thread");
    buf_free(&b);
    buf_free(&plain);
    /* a context too long to go in with the header in one update opens the same way */
    char lng[400];
    memset(lng, 'k', sizeof(lng) - 1);
    lng[sizeof(lng) - 1] = '\0';
    for (size_t cut = 250; cut <= sizeof(lng) - 1; cut += 149) {
        lng[cut] = '\0';
        assert_int_equal(crypto_seal_aad(KA, 1, lng, cut, "long", 4, &b), 0);
        assert_int_equal(ref_open(KA, lng, &b, ref), 0);
        assert_string_equal(ref, "long");
        assert_int_equal(crypto_open_aad(KA, 1, lng, cut, b.data, b.len, &plain), 0);
        assert_string_equal(plain.data, "long");
        assert_int_equal(crypto_open_aad(KA, 1, lng, cut - 1, b.data, b.len, &plain), -1);
        buf_free(&b);
        buf_free(&plain);
        lng[cut] = 'k';
    }
}

static void *digest_in_thread(void *p)
{
    sha256("abc", 3, p);
    return NULL;
}

/* sha256 (a digest context kept per thread): the FIPS 180-2 answers, on this thread and
 * on another, and again after a long input. */
static void sha256_known_answers(void **s)
{
    (void)s;
    unsigned char h[32], t[32];
    char hex[65];
    static const char abc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    sha256("", 0, h);
    hex_encode(h, 32, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    char big[5000];
    memset(big, 'a', sizeof(big));
    sha256(big, sizeof(big), h);
    sha256("abc", 3, h);
    hex_encode(h, 32, hex);
    assert_string_equal(hex, abc);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, digest_in_thread, t), 0);
    assert_int_equal(pthread_join(th, NULL), 0);
    hex_encode(t, 32, hex);
    assert_string_equal(hex, abc);
}

static void csv_reader_writer(void **s)
{
    (void)s;
    struct csv c;
    struct buf scratch = {0}, out = {0};
    const char *f[CSV_FIELDS_MAX];
    const char text[] =
        "\xEF\xBB\xBFname,notes\r\n\"王, 五\",\"say \"\"hi\"\"\nsecond line\"\n\nlast,\r\nbad\"quote,x\n";
    csv_init(&c, text, sizeof(text) - 1);
    assert_int_equal(csv_row(&c, &scratch, f, CSV_FIELDS_MAX), 2);
    assert_string_equal(f[0], "name"); /* BOM skipped */
    assert_int_equal(csv_row(&c, &scratch, f, CSV_FIELDS_MAX), 2);
    assert_string_equal(f[0], "王, 五");
    assert_string_equal(f[1], "say \"hi\"\nsecond line");
    assert_int_equal(csv_row(&c, &scratch, f, CSV_FIELDS_MAX), 2); /* blank line skipped */
    assert_string_equal(f[0], "last");
    assert_string_equal(f[1], "");
    assert_int_equal(csv_row(&c, &scratch, f, CSV_FIELDS_MAX), -1);
    csv_init(&c, "\"open", 5);
    assert_int_equal(csv_row(&c, &scratch, f, CSV_FIELDS_MAX), -1);
    csv_init(&c, "a,b,c\n", 6);
    assert_int_equal(csv_row(&c, &scratch, f, 2), -1); /* too many fields */
    csv_field(&out, "plain");
    buf_puts(&out, "|");
    csv_field(&out, "a,\"b\"");
    buf_puts(&out, "|");
    csv_field(&out, "=1+1");
    assert_string_equal(out.data, "plain|\"a,\"\"b\"\"\"|\"'=1+1\"");
    buf_free(&scratch);
    buf_free(&out);
}

static void merge_patch_readers(void **s)
{
    (void)s;
    struct verrs v = {0};
    char text[16] = "keep", day[11] = "", e[16] = "";
    int64_t id = 7;
    static const char *const allowed[] = {"a", "b", NULL};
    cJSON *o = cJSON_Parse(
        "{\"t\":null,\"d\":\"2024-02-30\",\"i\":\"012\",\"e\":\"c\",\"sp\":\" x\",\"ok\":\"2024-02-29\"}");
    assert_true(json_take_text(o, "absent", true, 10, text, sizeof(text), &v));
    assert_string_equal(text, "keep");
    assert_true(json_take_text(o, "t", true, 10, text, sizeof(text), &v));
    assert_string_equal(text, ""); /* null clears */
    assert_false(json_take_text(o, "t", false, 10, text, sizeof(text), &v));
    assert_false(json_take_date(o, "d", true, day, &v));
    assert_true(json_take_date(o, "ok", true, day, &v));
    assert_string_equal(day, "2024-02-29");
    assert_false(json_take_id(o, "i", true, &id, &v));
    assert_false(json_take_enum(o, "e", true, allowed, e, sizeof(e), &v));
    assert_false(json_take_text(o, "sp", true, 10, text, sizeof(text), &v));
    assert_int_equal(v.n, 5);
    assert_string_equal(v.e[4].field, "sp");
    cJSON_Delete(o);
    assert_false(date_valid("1900-02-29"));
    assert_true(date_valid("2000-02-29"));
    assert_false(id_parse("-1", &id));
    assert_true(id_parse("42", &id) && id == 42);
}

static void signed_codes(void **s)
{
    (void)s;
    static const unsigned char key[32] = {1, 2, 3};
    static const unsigned char other[32] = {3, 2, 1};
    char code[SIGNED_CODE_LEN + 1], bad[SIGNED_CODE_LEN + 1];
    int64_t id = 0;
    signed_code_make(key, "event-checkin", "532801", 42, 1000, code);
    assert_int_equal(strlen(code), SIGNED_CODE_LEN);
    assert_int_equal(signed_code_check(key, "event-checkin", "532801", code, 999, &id), CODE_OK);
    assert_int_equal(id, 42);
    assert_int_equal(signed_code_check(key, "event-checkin", "532801", code, 1001, &id), CODE_EXPIRED);
    assert_int_equal(signed_code_check(key, "event-checkin", "532822", code, 999, &id), CODE_BAD);
    assert_int_equal(signed_code_check(key, "other-purpose", "532801", code, 999, &id), CODE_BAD);
    assert_int_equal(signed_code_check(other, "event-checkin", "532801", code, 999, &id), CODE_BAD);
    for (int i = 0; i < SIGNED_CODE_LEN; i++) { /* any altered character is refused */
        memcpy(bad, code, sizeof(bad));
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        assert_int_not_equal(signed_code_check(key, "event-checkin", "532801", bad, 999, &id), CODE_OK);
    }
    assert_int_equal(signed_code_check(key, "event-checkin", "532801", "short", 999, &id), CODE_BAD);
    assert_int_equal(signed_code_check(key, "event-checkin", "532801", NULL, 999, &id), CODE_BAD);
}

static void rfc3339_times(void **s)
{
    (void)s;
    char out[20];
    assert_true(datetime_parse("2026-12-01T09:00:00+08:00", out));
    assert_string_equal(out, "2026-12-01 09:00:00");
    assert_true(datetime_parse("2026-12-01T01:00:00Z", out));
    assert_string_equal(out, "2026-12-01 09:00:00");
    assert_true(datetime_parse("2026-11-30T20:30:00-05:00", out));
    assert_string_equal(out, "2026-12-01 09:30:00");
    assert_false(datetime_parse("2026-12-01T09:00:00", out)); /* no offset */
    assert_false(datetime_parse("2026-02-30T09:00:00+08:00", out));
    assert_false(datetime_parse("2026-12-01T24:00:00+08:00", out));
    assert_false(datetime_parse("2026-12-01 09:00:00+08:00", out));
}

static void search_bigrams(void **s)
{
    (void)s;
    char g[16][GRAM_MAX];
    size_t n = text_bigrams("心血管内科", g, 16);
    assert_int_equal(n, 4);
    assert_string_equal(g[0], "心血");
    assert_string_equal(g[3], "内科");
    n = text_bigrams("AB c-d 傣语", g, 16); /* ASCII lower-cased; no gram across a space or '-' */
    assert_int_equal(n, 2);
    assert_string_equal(g[0], "ab");
    assert_string_equal(g[1], "傣语");
    assert_int_equal(text_bigrams("党", g, 16), 0);
    assert_int_equal(text_bigrams("党党党", g, 16), 1); /* distinct */
    assert_int_equal(text_bigrams(NULL, g, 16), 0);
    assert_int_equal(text_bigrams("一二三四五", g, 2), 2); /* bounded */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(idno_rules),        cmocka_unit_test(phones_and_masks),
        cmocka_unit_test(sealing_rotates),   cmocka_unit_test(bound_sealing_reuses_contexts),
        cmocka_unit_test(csv_reader_writer), cmocka_unit_test(merge_patch_readers),
        cmocka_unit_test(signed_codes),      cmocka_unit_test(rfc3339_times),
        cmocka_unit_test(search_bigrams),    cmocka_unit_test(sha256_known_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
