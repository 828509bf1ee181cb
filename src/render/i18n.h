/*
 * render/i18n.h — the widget's language catalogues (templates/i18n/TAG.json,
 * format in docs/widget.md): words by language, plural rules by CLDR
 * category, number, money, percent and date formats.
 *
 * Pure code: the catalogue set is built from bytes (sg_i18n_add) or a
 * directory (sg_i18n_load_dir, called by the template loader so that
 * SIGHUP and `stretchgoal -t` load and check them with the templates), and
 * everything else is a function of its arguments.
 *
 * Return codes are util's: 0 or -1 (with a message in err for the loaders;
 * for the formatters, -1 when dst is too small or a key is unknown).
 *
 * Lookups never build a path from a request: sg_i18n_resolve() compares a
 * wanted tag with the tags of the loaded catalogues, which come from the
 * directory listing.
 */
#ifndef SG_RENDER_I18N_H
#define SG_RENDER_I18N_H

#include <stddef.h>
#include <stdint.h>

struct cJSON;

/* A language tag: "de", "pt-br"; file name templates/i18n/TAG.json. */
#define SG_I18N_TAG_MAX		16	/* bytes, NUL included */
/* Most catalogues one directory may hold. */
#define SG_I18N_LANGS_MAX	64
/* Largest catalogue file. */
#define SG_I18N_FILE_MAX	(256u * 1024u)
/* Longest plural rule, and the longest string of a number format. */
#define SG_I18N_RULE_MAX	256
#define SG_I18N_SEP_MAX		8

/* CLDR plural categories, in the order CLDR tries them. */
enum sg_plural {
	SG_PLURAL_ZERO,
	SG_PLURAL_ONE,
	SG_PLURAL_TWO,
	SG_PLURAL_FEW,
	SG_PLURAL_MANY,
	SG_PLURAL_OTHER,
	SG_PLURAL__MAX
};

struct sg_i18n;
struct sg_i18n_cat;

struct sg_i18n	*sg_i18n_new(void);
void		 sg_i18n_free(struct sg_i18n *);
/*
 * Parse the catalogue text json (len bytes) as language tag and add it.
 * Checks its own shape (docs/widget.md); -1 with err filled when it is not
 * a catalogue, tag is not a language tag or is already present.
 */
int		 sg_i18n_add(struct sg_i18n *, const char *tag, const char *json,
		    size_t len, char *err, size_t errsz);
/*
 * The set as a whole: "en" is present, and every message key of "en" is
 * in every catalogue with the same form (text, or plural forms).
 */
int		 sg_i18n_check(const struct sg_i18n *, char *err, size_t errsz);
/*
 * Add every regular file TAG.json of dir (in name order), then
 * sg_i18n_check().  A missing directory is an error.
 */
int		 sg_i18n_load_dir(struct sg_i18n *, const char *dir, char *err,
		    size_t errsz);
size_t		 sg_i18n_count(const struct sg_i18n *);
const struct sg_i18n_cat *sg_i18n_at(const struct sg_i18n *, size_t i);
/*
 * The catalogue for want (a request's lang=, may be NULL or anything),
 * else for dflt (the store's locale), else "en", else the first: its
 * index.  A tag matches case-insensitively with '_' read as '-', and
 * "de-AT" falls back to "de".  The set must not be empty.
 */
size_t		 sg_i18n_resolve(const struct sg_i18n *, const char *want,
		    const char *dflt);
/* -1 when no catalogue matches tag (as sg_i18n_resolve matches). */
int		 sg_i18n_find(const struct sg_i18n *, const char *tag);

const char	*sg_i18n_tag(const struct sg_i18n_cat *);
/* "ltr" or "rtl". */
const char	*sg_i18n_dir(const struct sg_i18n_cat *);
/* FNV-1a of the catalogue's bytes: changes when the file does. */
uint32_t	 sg_i18n_hash(const struct sg_i18n_cat *);
/* The catalogue's "messages" object (owned by the catalogue). */
const struct cJSON *sg_i18n_messages(const struct sg_i18n_cat *);

/* The plural category of the count n in this catalogue's language. */
enum sg_plural	 sg_i18n_plural(const struct sg_i18n_cat *, uint64_t n);
const char	*sg_plural_name(enum sg_plural);

/*
 * The message key: its text, or for a plural message the form of n's
 * category ("other" when the catalogue has none for it), with every
 * {name} replaced by the value after name in vars (name, value, ...,
 * NULL); {name} not in vars stays as it is.  A count n < 0 reads as 0.
 */
int		 sg_i18n_format(const struct sg_i18n_cat *, const char *key,
		    int64_t n, const char *const *vars, char *dst, size_t size);
/* An integer with the language's grouping: "1,234", "1.234", "1234" (es). */
int		 sg_i18n_number(const struct sg_i18n_cat *, int64_t v,
		    char *dst, size_t size);
/*
 * minor units of a currency with exponent (0..4), its code and its
 * symbol (NULL: none; the catalogue's "symbols" take precedence):
 * "$1,234.56", "1.234,56 €", "¥630", "KWD 1.234".
 */
int		 sg_i18n_money(const struct sg_i18n_cat *, int64_t minor,
		    int exponent, const char *code, const char *symbol,
		    char *dst, size_t size);
/* A whole percentage: "42%", "42 %". */
int		 sg_i18n_percent(const struct sg_i18n_cat *, int64_t pct,
		    char *dst, size_t size);
/* A day (month 1..12): "March 3, 2026", "3. März 2026", "2026年3月3日". */
int		 sg_i18n_date(const struct sg_i18n_cat *, int year, int month,
		    int day, char *dst, size_t size);

/*
 * A CLDR plural condition over integers ("n = 1", "n % 10 = 2..4 and
 * n % 100 != 12..14", "i = 0,1"; samples after '@' are ignored): 0 when
 * it is well formed.  Operands n and i are the count; v, w, f, t, c and e
 * are 0 (counts have no fraction digits).
 */
int		 sg_plural_rule_check(const char *rule);
/* 1 when n satisfies rule, 0 when not, -1 when rule is malformed. */
int		 sg_plural_rule_eval(const char *rule, uint64_t n);

#endif
