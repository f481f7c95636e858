/* JWT verification against every bad-token case. Tokens are minted here with raw
 * OpenSSL (a different library path from libjwt, which the service signs with). */
#include "support.h"

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/auth.h"
#include "yinhui/util.h"

static char *priv_pem, *pub_pem, *other_priv, *other_pub;
static struct keyring *ring;
static struct config cfg;
static const int64_t NOW = 1795000000;

static int setup(void **s)
{
    (void)s;
    memset(&cfg, 0, sizeof(cfg));
    snprintf(cfg.jwt_aud, sizeof(cfg.jwt_aud), "yinhui");
    cfg.clock_skew_s = 30;
    assert_int_equal(key_generate_es256(&priv_pem, &pub_pem), 0);
    assert_int_equal(key_generate_es256(&other_priv, &other_pub), 0);
    const char *kid[] = {"k1", "k2"};
    const char *office[] = {"532801", "532822"};
    const char *alg[] = {"ES256", "ES256"};
    const char *pem[] = {pub_pem, other_pub};
    ring = keyring_new();
    keyring_replace(ring, 2, kid, office, alg, pem);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    keyring_free(ring);
    free(priv_pem);
    free(pub_pem);
    free(other_priv);
    free(other_pub);
    return 0;
}

static void b64(const char *s, char *out)
{
    b64url_encode((const unsigned char *)s, strlen(s), out);
}

/* ES256 signature in JOSE form (R||S) with OpenSSL directly. */
static void sign_es256(const char *pem, const char *input, char *out)
{
    BIO *b = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *pk = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char der[128], rs[64];
    size_t dlen = sizeof(der);
    EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pk);
    EVP_DigestSign(md, der, &dlen, (const unsigned char *)input, strlen(input));
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)dlen);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), rs, 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), rs + 32, 32);
    b64url_encode(rs, 64, out);
    ECDSA_SIG_free(sig);
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(pk);
    BIO_free(b);
}

/* header and payload JSON → signed token (ES256 with pem, HS256 with secret, or none). */
static char *mint(const char *header, const char *payload, const char *pem, const char *hs_secret)
{
    char h64[1024], p64[2048], sig[256] = "";
    static char tok[4096];
    char input[3072];
    b64(header, h64);
    b64(payload, p64);
    snprintf(input, sizeof(input), "%s.%s", h64, p64);
    if (pem != NULL) {
        sign_es256(pem, input, sig);
    } else if (hs_secret != NULL) {
        unsigned char mac[32];
        unsigned int len = 32;
        HMAC(EVP_sha256(), hs_secret, (int)strlen(hs_secret), (const unsigned char *)input, strlen(input), mac, &len);
        b64url_encode(mac, 32, sig);
    }
    snprintf(tok, sizeof(tok), "%s.%s", input, sig);
    return tok;
}

static char *payload(const char *iss, const char *aud, int64_t iat, int64_t nbf, int64_t exp)
{
    static char p[1024];
    snprintf(p, sizeof(p),
             "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"account:1\",\"role\":\"admin\",\"scope\":\"offices:read\","
             "\"jti\":\"j1\",\"iat\":%lld,\"nbf\":%lld,\"exp\":%lld}",
             iss, aud, (long long)iat, (long long)nbf, (long long)exp);
    return p;
}

#define HDR_K1 "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k1\"}"

static enum tok_result verify(const char *t)
{
    struct claims c;
    return token_verify(&cfg, ring, NULL, t, NOW, &c);
}

static void valid_token_verifies(void **s)
{
    (void)s;
    struct claims c;
    char *t = mint(HDR_K1, payload("532801", "yinhui", NOW, NOW, NOW + 600), priv_pem, NULL);
    assert_int_equal(token_verify(&cfg, ring, NULL, t, NOW, &c), TOK_OK);
    assert_string_equal(c.office, "532801");
    assert_string_equal(c.role, "admin");
    assert_int_equal(c.scopes, SC_OFFICES_READ);
}

static void libjwt_signed_token_verifies(void **s)
{
    (void)s;
    struct claims c = {0}, out;
    snprintf(c.office, sizeof(c.office), "532801");
    snprintf(c.sub, sizeof(c.sub), "account:7");
    snprintf(c.role, sizeof(c.role), "member");
    snprintf(c.jti, sizeof(c.jti), "abc");
    c.scopes = SC_OFFICES_READ;
    c.iat = NOW;
    c.exp = NOW + 300;
    char *t = token_sign(&c, "yinhui", "k1", priv_pem);
    assert_non_null(t);
    assert_int_equal(token_verify(&cfg, ring, NULL, t, NOW, &out), TOK_OK);
    assert_string_equal(out.sub, "account:7");
    free(t);
}

static void alg_none_and_confusion_refused(void **s)
{
    (void)s;
    const char *p = payload("532801", "yinhui", NOW, NOW, NOW + 600);
    assert_int_equal(verify(mint("{\"alg\":\"none\",\"kid\":\"k1\"}", p, NULL, NULL)), TOK_INVALID);
    /* HS256 MACed with the public PEM: libjwt alone would accept it */
    assert_int_equal(verify(mint("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}", p, NULL, pub_pem)), TOK_INVALID);
    assert_int_equal(verify(mint("{\"alg\":\"RS256\",\"kid\":\"k1\"}", p, priv_pem, NULL)), TOK_INVALID);
    assert_int_equal(verify(mint("{\"alg\":\"ES256\",\"typ\":\"JWS\",\"kid\":\"k1\"}", p, priv_pem, NULL)), TOK_INVALID);
    assert_int_equal(verify(mint("{\"alg\":\"ES256\",\"kid\":\"k1\",\"crit\":[\"x\"]}", p, priv_pem, NULL)), TOK_INVALID);
}

static void unknown_kid_and_wrong_key(void **s)
{
    (void)s;
    const char *p = payload("532801", "yinhui", NOW, NOW, NOW + 600);
    assert_int_equal(verify(mint("{\"alg\":\"ES256\",\"kid\":\"nope\"}", p, priv_pem, NULL)), TOK_UNKNOWN_KID);
    assert_int_equal(verify(mint("{\"alg\":\"ES256\"}", p, priv_pem, NULL)), TOK_INVALID);
    /* signed by office 532822's key but claiming kid k1 */
    assert_int_equal(verify(mint(HDR_K1, p, other_priv, NULL)), TOK_INVALID);
    /* iss must be the key's office: k2 belongs to 532822 */
    assert_int_equal(verify(mint("{\"alg\":\"ES256\",\"kid\":\"k2\"}", p, other_priv, NULL)), TOK_INVALID);
}

static void tampered_refused(void **s)
{
    (void)s;
    char t[4096];
    snprintf(t, sizeof(t), "%s", mint(HDR_K1, payload("532801", "yinhui", NOW, NOW, NOW + 600), priv_pem, NULL));
    char *dot = strchr(t, '.');
    dot[3] = dot[3] == 'A' ? 'B' : 'A';
    assert_int_equal(verify(t), TOK_INVALID);
    assert_int_equal(verify("a.b"), TOK_INVALID);
    assert_int_equal(verify("a.b.c.d"), TOK_INVALID);
    assert_int_equal(verify(""), TOK_INVALID);
}

static void time_audience_issuer_checked(void **s)
{
    (void)s;
    assert_int_equal(verify(mint(HDR_K1, payload("532801", "yinhui", NOW - 700, NOW - 700, NOW - 100), priv_pem, NULL)), TOK_INVALID);
    /* within the skew */
    assert_int_equal(verify(mint(HDR_K1, payload("532801", "yinhui", NOW - 600, NOW - 600, NOW - 10), priv_pem, NULL)), TOK_OK);
    assert_int_equal(verify(mint(HDR_K1, payload("532801", "yinhui", NOW, NOW + 120, NOW + 600), priv_pem, NULL)), TOK_INVALID);
    assert_int_equal(verify(mint(HDR_K1, payload("532801", "yinhui", NOW + 120, NOW, NOW + 600), priv_pem, NULL)), TOK_INVALID);
    assert_int_equal(verify(mint(HDR_K1, payload("532801", "other", NOW, NOW, NOW + 600), priv_pem, NULL)), TOK_INVALID);
    assert_int_equal(verify(mint(HDR_K1, payload("532822", "yinhui", NOW, NOW, NOW + 600), priv_pem, NULL)), TOK_INVALID);
    /* a day-long token is refused even if signed */
    assert_int_equal(verify(mint(HDR_K1, payload("532801", "yinhui", NOW, NOW, NOW + 86400), priv_pem, NULL)), TOK_INVALID);
}

static void claim_types_checked(void **s)
{
    (void)s;
    char p[1024];
    snprintf(p, sizeof(p), "{\"iss\":\"532801\",\"aud\":\"yinhui\",\"sub\":\"account:1\",\"role\":\"admin\","
                           "\"scope\":\"offices:read\",\"jti\":\"j\",\"iat\":%lld,\"nbf\":%lld,\"exp\":\"%lld\"}",
             (long long)NOW, (long long)NOW, (long long)NOW + 600);
    assert_int_equal(verify(mint(HDR_K1, p, priv_pem, NULL)), TOK_INVALID);
    snprintf(p, sizeof(p), "{\"iss\":\"532801\",\"aud\":\"yinhui\",\"sub\":\"account:1\",\"role\":\"admin\","
                           "\"scope\":\"offices:read\",\"iat\":%lld,\"nbf\":%lld,\"exp\":%lld}",
             (long long)NOW, (long long)NOW, (long long)NOW + 600);
    assert_int_equal(verify(mint(HDR_K1, p, priv_pem, NULL)), TOK_INVALID); /* no jti */
    snprintf(p, sizeof(p), "{\"iss\":\"532801\",\"aud\":\"yinhui\",\"sub\":\"account:1\",\"role\":\"admin\","
                           "\"scope\":\"root:all\",\"jti\":\"j\",\"iat\":%lld,\"nbf\":%lld,\"exp\":%lld}",
             (long long)NOW, (long long)NOW, (long long)NOW + 600);
    assert_int_equal(verify(mint(HDR_K1, p, priv_pem, NULL)), TOK_INVALID); /* unknown scope */
}

static void cache_honours_expiry(void **s)
{
    (void)s;
    struct token_cache *tc = token_cache_new(64);
    struct claims c;
    char *t = mint(HDR_K1, payload("532801", "yinhui", NOW, NOW, NOW + 100), priv_pem, NULL);
    assert_int_equal(token_verify(&cfg, ring, tc, t, NOW, &c), TOK_OK);
    assert_int_equal(token_verify(&cfg, ring, tc, t, NOW + 50, &c), TOK_OK);
    assert_int_equal(token_verify(&cfg, ring, tc, t, NOW + 200, &c), TOK_INVALID);
    token_cache_free(tc);
}

static void scope_strings(void **s)
{
    (void)s;
    unsigned bits;
    char bad[48], out[256];
    assert_int_equal(scopes_parse("offices:read  pii:read", &bits, bad, sizeof(bad)), 0);
    assert_int_equal(bits, SC_OFFICES_READ | SC_PII_READ);
    scopes_format(bits, out, sizeof(out));
    assert_string_equal(out, "offices:read pii:read");
    assert_int_equal(scopes_parse("offices:read offices:readx", &bits, bad, sizeof(bad)), -1);
    assert_string_equal(bad, "offices:readx");
    assert_true(role_scopes("admin") & SC_PII_READ);
    assert_false(role_scopes("member") & SC_PII_READ);
    assert_int_equal(role_scopes("root"), 0);
    /* a relative files and follows its member's urgent help requests, nothing else */
    assert_int_equal(role_scopes("relative"), SC_CARE_REQUEST);
    assert_true(role_scopes("member") & SC_CARE_REQUEST);
    assert_true(client_grantable_scopes() & SC_CARE_REQUEST);
    assert_int_equal(scopes_parse("care:request", &bits, bad, sizeof(bad)), 0);
    assert_int_equal(bits, SC_CARE_REQUEST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_token_verifies),       cmocka_unit_test(libjwt_signed_token_verifies),
        cmocka_unit_test(alg_none_and_confusion_refused), cmocka_unit_test(unknown_kid_and_wrong_key),
        cmocka_unit_test(tampered_refused),           cmocka_unit_test(time_audience_issuer_checked),
        cmocka_unit_test(claim_types_checked),        cmocka_unit_test(cache_honours_expiry),
        cmocka_unit_test(scope_strings),
    };
    return cmocka_run_group_tests_name("unit: jwt", tests, setup, teardown);
}
