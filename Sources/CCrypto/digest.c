#include "ccrypto_digest.h"
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

int ccrypto_sha256(const uint8_t *data, size_t len, uint8_t out[32]) { return SHA256(data, len, out) != NULL; }
int ccrypto_sha512(const uint8_t *data, size_t len, uint8_t out[64]) { return SHA512(data, len, out) != NULL; }

int ccrypto_hmac(const char *algorithm, const uint8_t *key, size_t key_len,
                 const uint8_t *data, size_t data_len, uint8_t *out, size_t *out_len) {
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (!mac) return 0;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    int ok = 0;
    if (ctx) {
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)algorithm, 0),
            OSSL_PARAM_construct_end(),
        };
        size_t n = 0;
        ok = EVP_MAC_init(ctx, key, key_len, params) && EVP_MAC_update(ctx, data, data_len) &&
             EVP_MAC_final(ctx, out, &n, 64);
        if (ok) *out_len = n;
        EVP_MAC_CTX_free(ctx);
    }
    EVP_MAC_free(mac);
    return ok;
}

void *ccrypto_sha256_begin(void) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) { EVP_MD_CTX_free(ctx); return NULL; }
    return ctx;
}

int ccrypto_sha256_update(void *context, const uint8_t *data, size_t len) {
    return EVP_DigestUpdate((EVP_MD_CTX *)context, data, len) == 1;
}

int ccrypto_sha256_end(void *context, uint8_t out[32]) {
    unsigned int n = 0;
    int ok = EVP_DigestFinal_ex((EVP_MD_CTX *)context, out, &n) == 1 && n == 32;
    EVP_MD_CTX_free((EVP_MD_CTX *)context);
    return ok;
}
