/* JWT verification against every bad-token case. Tokens are minted here with raw
 * OpenSSL, and the service's own tokens are checked against libjwt (which made them
 * before) in both directions. */
#include "support.h"

#include <jwt.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/auth.h"
#include "yinhui/crypto.h"
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
    const struct key_row rows[] = {{"k1", "532801", "ES256", pub_pem, NULL, 0},
                                   {"k2", "532822", "ES256", other_pub, NULL, 0}};
    ring = keyring_new();
    keyring_replace(ring, 2, rows);
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

#define P256_N "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"

/* The JOSE r||s of a DER ECDSA signature; s is made low (n - s) when low is set, left
 * as it came otherwise. */
static void der_to_rs(const unsigned char *der, size_t dlen, bool low, unsigned char rs[64])
{
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)dlen);
    BIGNUM *n = NULL, *half = BN_new(), *s = BN_dup(ECDSA_SIG_get0_s(sig));
    BN_hex2bn(&n, P256_N);
    BN_rshift1(half, n);
    if (low && BN_cmp(s, half) > 0) {
        BN_sub(s, n, s);
    }
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), rs, 32);
    BN_bn2binpad(s, rs + 32, 32);
    BN_free(n);
    BN_free(half);
    BN_free(s);
    ECDSA_SIG_free(sig);
}

/* ES256 signature in JOSE form (R||S, S low) with OpenSSL directly. */
static void sign_es256(const char *pem, const char *input, char *out)
{
    BIO *b = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *pk = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char der[128], rs[64];
    size_t dlen = sizeof(der);
    EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pk);
    EVP_DigestSign(md, der, &dlen, (const unsigned char *)input, strlen(input));
    der_to_rs(der, dlen, true, rs);
    b64url_encode(rs, 64, out);
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
#define HDR_K2 "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k2\"}"

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

static void signed_token_verifies(void **s)
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

/* The cache answers only for the very token it verified (each slot holds it whole), and
 * forgets it on request: the ring below has no key, so a hit is the only way to TOK_OK. */
static void cache_matches_whole_tokens(void **s)
{
    (void)s;
    struct token_cache *tc = token_cache_new(16); /* 16 slots, 40 tokens: collisions */
    struct keyring *empty = keyring_new();
    char *t[40];
    struct claims c;
    for (int i = 0; i < 40; i++) {
        t[i] = strdup(mint(HDR_K1, payload("532801", "yinhui", NOW, NOW, NOW + 100 + i), priv_pem, NULL));
        assert_int_equal(token_verify(&cfg, ring, tc, t[i], NOW, &c), TOK_OK);
        assert_int_equal(token_verify(&cfg, empty, tc, t[i], NOW, &c), TOK_OK);
        assert_int_equal(c.exp, NOW + 100 + i); /* its own claims, never a neighbour's */
    }
    int hits = 0;
    for (int i = 0; i < 40; i++) {
        if (token_verify(&cfg, empty, tc, t[i], NOW, &c) == TOK_OK) {
            assert_int_equal(c.exp, NOW + 100 + i);
            hits++;
        }
    }
    assert_true(hits > 0 && hits <= 16);
    /* the same length, one byte apart: not the cached token (and it does not verify) */
    char *last = strdup(t[39]);
    last[strlen(last) / 2] ^= 1;
    assert_int_not_equal(token_verify(&cfg, empty, tc, last, NOW, &c), TOK_OK);
    assert_int_equal(token_verify(&cfg, empty, tc, t[39], NOW, &c), TOK_OK);
    token_cache_forget(tc, t[39]);
    assert_int_equal(token_verify(&cfg, empty, tc, t[39], NOW, &c), TOK_UNKNOWN_KID);
    free(last);
    for (int i = 0; i < 40; i++) {
        free(t[i]);
    }
    keyring_free(empty);
    token_cache_free(tc);
}

/* A reload that drops a key (retired: past its not_after) ends the cached verifications
 * of its tokens; the tokens of the keys kept verify as before. */
static void cache_forgets_retired_keys(void **s)
{
    (void)s;
    struct token_cache *tc = token_cache_new(64);
    struct keyring *kr = keyring_new();
    struct claims c;
    struct key_row rows[] = {{"k1", "532801", "ES256", pub_pem, NULL, 0},
                             {"k2", "532822", "ES256", other_pub, NULL, 0}};
    char *t1 = strdup(mint(HDR_K1, payload("532801", "yinhui", NOW, NOW, NOW + 100), priv_pem, NULL));
    char *t2 = strdup(mint(HDR_K2, payload("532822", "yinhui", NOW, NOW, NOW + 100), other_priv, NULL));
    keyring_replace(kr, 2, rows);
    assert_int_equal(token_verify(&cfg, kr, tc, t1, NOW, &c), TOK_OK);
    assert_int_equal(token_verify(&cfg, kr, tc, t2, NOW, &c), TOK_OK);
    keyring_replace(kr, 2, rows); /* the same keys again: nothing changes */
    assert_int_equal(token_verify(&cfg, kr, tc, t1, NOW, &c), TOK_OK);
    keyring_replace(kr, 1, &rows[1]); /* k1 retired */
    assert_int_equal(token_verify(&cfg, kr, tc, t1, NOW, &c), TOK_UNKNOWN_KID);
    assert_int_equal(token_verify(&cfg, kr, tc, t2, NOW, &c), TOK_OK);
    free(t1);
    free(t2);
    keyring_free(kr);
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

static struct claims sample_claims(void)
{
    struct claims c = {0};
    snprintf(c.office, sizeof(c.office), "532801");
    snprintf(c.sub, sizeof(c.sub), "client:cl_x/y");
    snprintf(c.role, sizeof(c.role), "secretary");
    snprintf(c.jti, sizeof(c.jti), "Zm9vYmFy-_");
    c.scopes = SC_OFFICES_READ | SC_PII_READ;
    c.iat = NOW;
    c.exp = NOW + 600;
    c.branch_id = 12;
    c.member_id = 123456789012;
    return c;
}

/* The token libjwt 1.10 makes of c (as the service did before it signed itself). */
static char *libjwt_token(const struct claims *c, const char *kid, const char *pem)
{
    jwt_t *j = NULL;
    char scope[512];
    scopes_format(c->scopes, scope, sizeof(scope));
    assert_int_equal(jwt_new(&j), 0);
    jwt_add_header(j, "kid", kid);
    jwt_add_grant(j, "iss", c->office);
    jwt_add_grant(j, "aud", "yinhui");
    jwt_add_grant(j, "sub", c->sub);
    jwt_add_grant(j, "role", c->role);
    jwt_add_grant(j, "scope", scope);
    jwt_add_grant(j, "jti", c->jti);
    jwt_add_grant_int(j, "iat", (long)c->iat);
    jwt_add_grant_int(j, "nbf", (long)c->iat);
    jwt_add_grant_int(j, "exp", (long)c->exp);
    jwt_add_grant_int(j, "branch", (long)c->branch_id);
    jwt_add_grant_int(j, "member", (long)c->member_id);
    assert_int_equal(jwt_set_alg(j, JWT_ALG_ES256, (const unsigned char *)pem, (int)strlen(pem)), 0);
    char *t = jwt_encode_str(j);
    jwt_free(j);
    assert_non_null(t);
    return t;
}

/* Our tokens are libjwt's byte for byte up to the signature, and libjwt verifies them. */
static void our_tokens_verify_with_libjwt(void **s)
{
    (void)s;
    struct claims c = sample_claims();
    for (int i = 0; i < 4; i++) {
        char *ours = token_sign(&c, "yinhui", "k1", priv_pem);
        char *theirs = libjwt_token(&c, "k1", priv_pem);
        size_t upto = (size_t)(strrchr(ours, '.') - ours);
        assert_int_equal(upto, (size_t)(strrchr(theirs, '.') - theirs));
        assert_memory_equal(ours, theirs, upto);
        jwt_t *d = NULL;
        assert_int_equal(jwt_decode(&d, ours, (const unsigned char *)pub_pem, (int)strlen(pub_pem)), 0);
        assert_string_equal(jwt_get_grant(d, "sub"), "client:cl_x/y");
        assert_int_equal(jwt_get_grant_int(d, "member"), 123456789012);
        jwt_free(d);
        d = NULL;
        assert_int_not_equal(jwt_decode(&d, ours, (const unsigned char *)other_pub, (int)strlen(other_pub)),
                             0);
        jwt_free(d);
        free(ours);
        free(theirs);
    }
}

/* tok with its signature's s spelled low (high false) or high: out. */
static void respell(const char *tok, bool high, char *out, size_t outlen)
{
    const char *sig = strrchr(tok, '.') + 1;
    unsigned char rs[64];
    char enc[100];
    BIGNUM *n = NULL, *v = NULL;
    assert_int_equal(b64url_decode(sig, strlen(sig), rs, sizeof(rs)), 64);
    BN_hex2bn(&n, P256_N);
    v = BN_bin2bn(rs + 32, 32, NULL);
    BIGNUM *other = BN_new();
    BN_sub(other, n, v);
    /* of s and n - s, the smaller is the low spelling */
    bool v_low = BN_cmp(v, other) < 0;
    BN_bn2binpad(v_low != high ? v : other, rs + 32, 32);
    b64url_encode(rs, 64, enc);
    snprintf(out, outlen, "%.*s%s", (int)(sig - tok), tok, enc);
    BN_free(n);
    BN_free(v);
    BN_free(other);
}

/* libjwt's tokens verify here in both spellings of their signature (libjwt's own comes
 * out either way: tokens issued before an upgrade stay valid); a signature with s = 0 or
 * s >= n is refused (negative_signatures). */
static void libjwt_tokens_verify_here(void **s)
{
    (void)s;
    struct claims c = sample_claims(), out;
    char low[4096], high[4096];
    for (int i = 0; i < 8; i++) {
        char *t = libjwt_token(&c, "k1", priv_pem);
        respell(t, false, low, sizeof(low));
        respell(t, true, high, sizeof(high));
        assert_int_equal(token_verify(&cfg, ring, NULL, low, NOW, &out), TOK_OK);
        assert_int_equal(out.member_id, 123456789012);
        assert_int_equal(out.scopes, SC_OFFICES_READ | SC_PII_READ);
        assert_int_equal(verify(high), TOK_OK);
        assert_int_equal(verify(t), TOK_OK);
        free(t);
    }
    /* and our own always come out low */
    for (int i = 0; i < 8; i++) {
        char *t = token_sign(&c, "yinhui", "k1", priv_pem);
        respell(t, false, low, sizeof(low));
        assert_string_equal(t, low);
        free(t);
    }
}

/* tok with its signature replaced by sig (base64url text). */
static const char *with_sig(const char *tok, const char *sig)
{
    static char t[4096];
    snprintf(t, sizeof(t), "%.*s%s", (int)(strrchr(tok, '.') + 1 - tok), tok, sig);
    return t;
}

static void signature_shape_checked(void **s)
{
    (void)s;
    char good[4096], sig[100], bad[128];
    unsigned char rs[64];
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    snprintf(good, sizeof(good), "%s",
             mint(HDR_K1, payload("532801", "yinhui", NOW, NOW, NOW + 600), priv_pem, NULL));
    snprintf(sig, sizeof(sig), "%s", strrchr(good, '.') + 1);
    assert_int_equal(verify(good), TOK_OK);
    snprintf(bad, sizeof(bad), "%.85s", sig); /* 63 bytes and a half */
    assert_int_equal(verify(with_sig(good, bad)), TOK_INVALID);
    snprintf(bad, sizeof(bad), "%.86sAA", sig); /* 65 bytes */
    assert_int_equal(verify(with_sig(good, bad)), TOK_INVALID);
    snprintf(bad, sizeof(bad), "%.84s", sig); /* 63 bytes */
    assert_int_equal(verify(with_sig(good, bad)), TOK_INVALID);
    /* the same 64 bytes with the last character's unused bits set */
    snprintf(bad, sizeof(bad), "%s", sig);
    bad[85] = alphabet[(strchr(alphabet, sig[85]) - alphabet) | 1];
    assert_int_equal(verify(with_sig(good, bad)), TOK_INVALID);
    /* r = 0, s = 0, r = n, s = n */
    assert_int_equal(b64url_decode(sig, 86, rs, sizeof(rs)), 64);
    unsigned char z[64];
    memcpy(z, rs, 64);
    memset(z, 0, 32);
    b64url_encode(z, 64, bad);
    assert_int_equal(verify(with_sig(good, bad)), TOK_INVALID);
    memcpy(z, rs, 64);
    memset(z + 32, 0, 32);
    b64url_encode(z, 64, bad);
    assert_int_equal(verify(with_sig(good, bad)), TOK_INVALID);
    BIGNUM *n = NULL;
    BN_hex2bn(&n, P256_N);
    memcpy(z, rs, 64);
    BN_bn2binpad(n, z, 32);
    b64url_encode(z, 64, bad);
    assert_int_equal(verify(with_sig(good, bad)), TOK_INVALID);
    memcpy(z, rs, 64);
    BN_bn2binpad(n, z + 32, 32);
    BN_free(n);
    b64url_encode(z, 64, bad);
    assert_int_equal(verify(with_sig(good, bad)), TOK_INVALID);
    /* no signature, alg none's shape */
    assert_int_equal(verify(with_sig(good, "")), TOK_INVALID);
}

/* keyring_sign signs with the office's held key, parsed once: a reload that keeps the
 * kid keeps the parsed key (its sealed copy is not opened again). */
static void held_signing_keys(void **s)
{
    (void)s;
    unsigned char mk[32], wrong[32];
    struct buf sealed = {0};
    struct claims c = sample_claims(), out;
    bool no_key = false;
    memset(mk, 7, sizeof(mk));
    memset(wrong, 8, sizeof(wrong));
    assert_int_equal(crypto_seal(mk, KEY_SEAL_ID, priv_pem, strlen(priv_pem), &sealed), 0);
    struct key_row rows[] = {{"k1", "532801", "ES256", pub_pem, sealed.data, sealed.len},
                             {"k2", "532822", "ES256", other_pub, NULL, 0}};
    struct keyring *kr = keyring_new();
    keyring_replace(kr, 2, rows);
    char *t = keyring_sign(kr, mk, &c, "yinhui", &no_key);
    assert_non_null(t);
    assert_false(no_key);
    assert_int_equal(token_verify(&cfg, kr, NULL, t, NOW, &out), TOK_OK);
    assert_int_equal(token_verify(&cfg, ring, NULL, t, NOW, &out), TOK_OK);
    free(t);
    snprintf(c.office, sizeof(c.office), "532822"); /* verifies only: no signing key */
    assert_null(keyring_sign(kr, mk, &c, "yinhui", &no_key));
    assert_true(no_key);
    snprintf(c.office, sizeof(c.office), "532801");
    /* the same kid again: the parsed key is carried over, the (now useless) sealed copy unused */
    rows[0].sealed = "garbage";
    rows[0].sealed_len = 7;
    keyring_replace(kr, 2, rows);
    t = keyring_sign(kr, wrong, &c, "yinhui", &no_key);
    assert_non_null(t);
    assert_int_equal(token_verify(&cfg, kr, NULL, t, NOW, &out), TOK_OK);
    free(t);
    /* a table that is new to the key opens it, and only with the right master key */
    struct keyring *fresh = keyring_new();
    rows[0].sealed = sealed.data;
    rows[0].sealed_len = sealed.len;
    keyring_replace(fresh, 2, rows);
    assert_null(keyring_sign(fresh, wrong, &c, "yinhui", &no_key));
    assert_false(no_key);
    t = keyring_sign(fresh, mk, &c, "yinhui", &no_key);
    assert_non_null(t);
    free(t);
    keyring_free(fresh);
    keyring_free(kr);
    buf_free(&sealed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_token_verifies),
        cmocka_unit_test(signed_token_verifies),
        cmocka_unit_test(alg_none_and_confusion_refused),
        cmocka_unit_test(unknown_kid_and_wrong_key),
        cmocka_unit_test(tampered_refused),
        cmocka_unit_test(time_audience_issuer_checked),
        cmocka_unit_test(claim_types_checked),
        cmocka_unit_test(cache_honours_expiry),
        cmocka_unit_test(cache_matches_whole_tokens),
        cmocka_unit_test(cache_forgets_retired_keys),
        cmocka_unit_test(scope_strings),
        cmocka_unit_test(our_tokens_verify_with_libjwt),
        cmocka_unit_test(libjwt_tokens_verify_here),
        cmocka_unit_test(signature_shape_checked),
        cmocka_unit_test(held_signing_keys),
    };
    return cmocka_run_group_tests_name("unit: jwt", tests, setup, teardown);
}
