// Digests and MACs from the system's OpenSSL libcrypto. Each call returns 1 on success, 0 on failure.
#pragma once
#include <stddef.h>
#include <stdint.h>

int ccrypto_sha256(const uint8_t *data, size_t len, uint8_t out[32]);
int ccrypto_sha512(const uint8_t *data, size_t len, uint8_t out[64]);

/// One-shot HMAC. `algorithm` is "SHA256" or "SHA512"; `out` must hold 64 bytes; `*out_len` receives the MAC length.
int ccrypto_hmac(const char *algorithm, const uint8_t *key, size_t key_len,
                 const uint8_t *data, size_t data_len, uint8_t *out, size_t *out_len);

/// Incremental SHA-256 (for hashing files while streaming them). NULL when out of memory.
void *ccrypto_sha256_begin(void);
int ccrypto_sha256_update(void *context, const uint8_t *data, size_t len);
/// Writes the digest and frees the context.
int ccrypto_sha256_end(void *context, uint8_t out[32]);
