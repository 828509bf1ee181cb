/* crypto.c — see crypto.h. */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "util/crypto.h"

/* OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
#define SG_PWHASH_OPSLIMIT	2
#define SG_PWHASH_MEMLIMIT	(19u * 1024u * 1024u)

int
sg_crypto_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void
sg_hash(const void *data, size_t len, unsigned char *out)
{
	crypto_generichash(out, SG_HASH_LEN, data, len, NULL, 0);
}

void
sg_random_hex(char *out, size_t nbytes)
{
	unsigned char	 raw[64];
	size_t		 done = 0, n;

	while (done < nbytes) {
		n = nbytes - done > sizeof(raw) ? sizeof(raw) : nbytes - done;
		randombytes_buf(raw, n);
		sodium_bin2hex(out + 2 * done, 2 * n + 1, raw, n);
		done += n;
	}
	out[2 * nbytes] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

void
sg_random_password(char *out, size_t len)
{
	static const char alphabet[] =
	    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t	 i;

	for (i = 0; i < len; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[len] = '\0';
}

int
sg_token_new(char *token, char *id, unsigned char *hash)
{
	unsigned char	 secret[32];
	char		 b64[64];

	sg_random_hex(id, SG_TOKEN_ID_LEN / 2);
	randombytes_buf(secret, sizeof(secret));
	sodium_bin2base64(b64, sizeof(b64), secret, sizeof(secret),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(secret, sizeof(secret));
	if (strlen(b64) != SG_TOKEN_SECRET_LEN)
		return -1;
	memcpy(token, "sg_", 3);
	memcpy(token + 3, id, SG_TOKEN_ID_LEN);
	token[3 + SG_TOKEN_ID_LEN] = '_';
	memcpy(token + 4 + SG_TOKEN_ID_LEN, b64, SG_TOKEN_SECRET_LEN + 1);
	sg_hash(b64, SG_TOKEN_SECRET_LEN, hash);
	sodium_memzero(b64, sizeof(b64));
	return 0;
}

int
sg_token_parse(const char *token, char *id, unsigned char *hash)
{
	size_t		 i;
	const char	*secret;
	char		 c;

	if (strlen(token) != SG_TOKEN_LEN || strncmp(token, "sg_", 3) != 0 ||
	    token[3 + SG_TOKEN_ID_LEN] != '_')
		return -1;
	for (i = 0; i < SG_TOKEN_ID_LEN; i++) {
		c = token[3 + i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -1;
		id[i] = c;
	}
	id[SG_TOKEN_ID_LEN] = '\0';
	secret = token + 4 + SG_TOKEN_ID_LEN;
	for (i = 0; i < SG_TOKEN_SECRET_LEN; i++) {
		c = secret[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '-' || c == '_'))
			return -1;
	}
	sg_hash(secret, SG_TOKEN_SECRET_LEN, hash);
	return 0;
}

int
sg_hash_equal(const unsigned char *a, const unsigned char *b)
{
	return sodium_memcmp(a, b, SG_HASH_LEN) == 0;
}

int
sg_password_hash(const char *password, char *out)
{
	size_t	 len = strlen(password);

	if (len > SG_PASSWORD_MAX)
		return -1;
	return crypto_pwhash_str_alg(out, password, len, SG_PWHASH_OPSLIMIT,
	    SG_PWHASH_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

int
sg_password_verify(const char *stored, const char *password)
{
	size_t	 len = strlen(password);

	if (len > SG_PASSWORD_MAX)
		return 0;
	return crypto_pwhash_str_verify(stored, password, len) == 0 ? 1 : 0;
}
