/*
 * crypto.h — tokens, secrets and passwords, all through libsodium.
 *
 * API tokens look like "sg_<id>_<secret>": <id> is 16 lower-case hex digits
 * used to find the token row, <secret> is 43 base64url characters (256 random
 * bits).  Only a BLAKE2b hash of the secret is stored; verification compares
 * hashes in constant time.  Passwords are hashed with Argon2id at OWASP's
 * minimum cost or above (t=2, m=19 MiB).
 *
 * Call sg_crypto_init() once before anything else (it returns -1 when
 * libsodium cannot initialise).  Functions return 0 on success, -1 on error.
 * All output goes into caller-provided buffers of the stated sizes.
 */
#ifndef SG_UTIL_CRYPTO_H
#define SG_UTIL_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define SG_TOKEN_ID_LEN		16	/* hex digits */
#define SG_TOKEN_SECRET_LEN	43	/* base64url characters */
#define SG_TOKEN_LEN		(3 + SG_TOKEN_ID_LEN + 1 + SG_TOKEN_SECRET_LEN)
#define SG_HASH_LEN		32
#define SG_PWHASH_LEN		128	/* crypto_pwhash_STRBYTES */
#define SG_PASSWORD_MAX		1024	/* longest password accepted, bytes */
#define SG_PASSWORD_MIN		10	/* shortest password accepted, bytes */

int	sg_crypto_init(void);

/*
 * Make a new API token: writes the whole token (NUL-terminated) into
 * token[SG_TOKEN_LEN + 1], its id into id[SG_TOKEN_ID_LEN + 1] and the hash to
 * store into hash[SG_HASH_LEN].
 */
int	sg_token_new(char *token, char *id, unsigned char *hash);
/*
 * Split a presented token into id and the hash of its secret.  Returns -1
 * when it does not have the token's shape (then it cannot be valid).
 */
int	sg_token_parse(const char *token, char *id, unsigned char *hash);
/* Constant-time comparison of two SG_HASH_LEN hashes: 1 equal, 0 not. */
int	sg_hash_equal(const unsigned char *a, const unsigned char *b);
/* BLAKE2b-256 of data into out[SG_HASH_LEN]. */
void	sg_hash(const void *data, size_t len, unsigned char *out);

/* n random bytes as 2n lower-case hex digits plus NUL into out. */
void	sg_random_hex(char *out, size_t nbytes);
/* A random password of len characters from an unambiguous alphabet. */
void	sg_random_password(char *out, size_t len);

/* Argon2id hash of password into out[SG_PWHASH_LEN]. */
int	sg_password_hash(const char *password, char *out);
/* 1 when password matches stored, 0 when not, -1 on error. */
int	sg_password_verify(const char *stored, const char *password);

#endif
