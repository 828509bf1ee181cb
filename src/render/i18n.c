/* render/i18n.c — the widget's language catalogues; see render/i18n.h. */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "render/i18n.h"

struct sg_i18n_cat {
	char		 tag[SG_I18N_TAG_MAX];
	cJSON		*root;
	const cJSON	*messages;
	const char	*rules[SG_PLURAL__MAX];	/* NULL: the language has none */
	const char	*decimal, *group;
	int		 min_grouping;
	const char	*money_symbol, *money_code;
	const cJSON	*symbols;
	const char	*percent;
	const char	*date;
	const char	*months[12];
	int		 rtl;
	uint32_t	 hash;
};

struct sg_i18n {
	struct sg_i18n_cat	*cats;
	size_t			 n;
};

static const char *const plural_names[SG_PLURAL__MAX] = {
	"zero", "one", "two", "few", "many", "other"
};

static int
seterr(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	if (err != NULL && errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

const char *
sg_plural_name(enum sg_plural p)
{
	return p >= 0 && p < SG_PLURAL__MAX ? plural_names[p] : "other";
}

static int
plural_parse_name(const char *s)
{
	int	 i;

	for (i = 0; i < SG_PLURAL__MAX; i++)
		if (strcmp(s, plural_names[i]) == 0)
			return i;
	return -1;
}

/* --- plural rules (CLDR syntax, integer operands) ------------------------ */

struct rule_lex {
	const char	*p;
	const char	*end;	/* '@' (samples) or the NUL */
	uint64_t	 n;
	int		 bad;
};

static void
rule_ws(struct rule_lex *l)
{
	while (l->p < l->end && (*l->p == ' ' || *l->p == '\t'))
		l->p++;
}

static int
rule_word(struct rule_lex *l, const char *w)
{
	size_t	 n = strlen(w);

	rule_ws(l);
	if ((size_t)(l->end - l->p) >= n && strncmp(l->p, w, n) == 0 &&
	    (l->p + n == l->end || !isalnum((unsigned char)l->p[n]))) {
		l->p += n;
		return 1;
	}
	return 0;
}

static int
rule_sym(struct rule_lex *l, const char *s)
{
	size_t	 n = strlen(s);

	rule_ws(l);
	if ((size_t)(l->end - l->p) >= n && strncmp(l->p, s, n) == 0) {
		l->p += n;
		return 1;
	}
	return 0;
}

static uint64_t
rule_value(struct rule_lex *l)
{
	uint64_t	 v = 0;
	int		 any = 0;

	rule_ws(l);
	while (l->p < l->end && isdigit((unsigned char)*l->p)) {
		if (v > UINT64_MAX / 10 - 10)
			l->bad = 1;
		v = v * 10 + (uint64_t)(*l->p - '0');
		l->p++;
		any = 1;
	}
	if (!any)
		l->bad = 1;
	return v;
}

/* expr = operand ['%' value] */
static uint64_t
rule_expr(struct rule_lex *l)
{
	uint64_t	 v, m;

	rule_ws(l);
	if (l->p < l->end && (*l->p == 'n' || *l->p == 'i'))
		v = l->n;
	else if (l->p < l->end && strchr("vwftce", *l->p) != NULL)
		v = 0;
	else {
		l->bad = 1;
		return 0;
	}
	l->p++;
	if (rule_sym(l, "%") || rule_word(l, "mod")) {
		m = rule_value(l);
		if (m == 0)
			l->bad = 1;
		else
			v %= m;
	}
	return v;
}

/* relation = expr ('=' | '!=') range_list */
static int
rule_relation(struct rule_lex *l)
{
	uint64_t	 v, lo, hi;
	int		 neg, in = 0;

	v = rule_expr(l);
	if (rule_sym(l, "!="))
		neg = 1;
	else if (rule_sym(l, "="))
		neg = 0;
	else {
		l->bad = 1;
		return 0;
	}
	do {
		lo = hi = rule_value(l);
		if (rule_sym(l, ".."))
			hi = rule_value(l);
		if (hi < lo)
			l->bad = 1;
		if (v >= lo && v <= hi)
			in = 1;
	} while (!l->bad && rule_sym(l, ","));
	return neg ? !in : in;
}

static int
rule_condition(struct rule_lex *l)
{
	int	 any = 0, all;

	do {
		all = rule_relation(l);
		while (!l->bad && rule_word(l, "and"))
			all = rule_relation(l) && all;
		any = any || all;
	} while (!l->bad && rule_word(l, "or"));
	return any;
}

int
sg_plural_rule_eval(const char *rule, uint64_t n)
{
	struct rule_lex	 l;
	int		 r;

	if (rule == NULL || strlen(rule) >= SG_I18N_RULE_MAX)
		return -1;
	l.p = rule;
	l.end = rule + strcspn(rule, "@");
	l.n = n;
	l.bad = 0;
	r = rule_condition(&l);
	rule_ws(&l);
	if (l.bad || l.p != l.end)
		return -1;
	return r;
}

int
sg_plural_rule_check(const char *rule)
{
	return sg_plural_rule_eval(rule, 0) == -1 ? -1 : 0;
}

enum sg_plural
sg_i18n_plural(const struct sg_i18n_cat *c, uint64_t n)
{
	int	 i;

	for (i = 0; i < SG_PLURAL_OTHER; i++)
		if (c->rules[i] != NULL && sg_plural_rule_eval(c->rules[i], n) == 1)
			return (enum sg_plural)i;
	return SG_PLURAL_OTHER;
}

/* --- loading ------------------------------------------------------------- */

/* "de", "pt-br", "zh-hant": 2-3 letters, then -subtags of 1-8 alnum. */
static int
tag_check(const char *t)
{
	size_t	 n, len = strlen(t), i;

	if (len == 0 || len >= SG_I18N_TAG_MAX)
		return -1;
	n = strspn(t, "abcdefghijklmnopqrstuvwxyz");
	if (n < 2 || n > 3)
		return -1;
	for (i = n; t[i] != '\0'; i += n) {
		if (t[i] != '-')
			return -1;
		i++;
		n = strspn(t + i, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (n < 1 || n > 8)
			return -1;
	}
	return 0;
}

static const char *
obj_str(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A message: a string, or plural forms the language has (with "other"). */
static int
cat_message_check(const struct sg_i18n_cat *c, const cJSON *m, char *err,
    size_t errsz)
{
	const cJSON	*f;
	int		 k, other = 0;

	if (cJSON_IsString(m))
		return 0;
	if (!cJSON_IsObject(m) || m->child == NULL)
		return seterr(err, errsz, "%s: message \"%s\" is neither a text "
		    "nor plural forms", c->tag, m->string);
	for (f = m->child; f != NULL; f = f->next) {
		if ((k = plural_parse_name(f->string)) == -1)
			return seterr(err, errsz, "%s: message \"%s\": \"%s\" is "
			    "not a plural category (zero, one, two, few, many, "
			    "other)", c->tag, m->string, f->string);
		if (!cJSON_IsString(f))
			return seterr(err, errsz, "%s: message \"%s\": form \"%s\" "
			    "is not a text", c->tag, m->string, f->string);
		if (k == SG_PLURAL_OTHER)
			other = 1;
		else if (c->rules[k] == NULL)
			return seterr(err, errsz, "%s: message \"%s\": the "
			    "language has no plural category \"%s\" (see "
			    "\"plurals\")", c->tag, m->string, f->string);
	}
	if (!other)
		return seterr(err, errsz, "%s: message \"%s\" has no \"other\" "
		    "form", c->tag, m->string);
	return 0;
}

static int
cat_parse(struct sg_i18n_cat *c, char *err, size_t errsz)
{
	const cJSON	*o, *v, *num, *money, *date, *months;
	const char	*dir;
	int		 k, i;

	if (!cJSON_IsObject(c->root))
		return seterr(err, errsz, "%s: not a JSON object", c->tag);
	dir = obj_str(c->root, "dir");
	if (dir != NULL && strcmp(dir, "rtl") != 0 && strcmp(dir, "ltr") != 0)
		return seterr(err, errsz, "%s: \"dir\" is \"ltr\" or \"rtl\"",
		    c->tag);
	c->rtl = dir != NULL && strcmp(dir, "rtl") == 0;
	if ((o = cJSON_GetObjectItemCaseSensitive(c->root, "plurals")) != NULL) {
		if (!cJSON_IsObject(o))
			return seterr(err, errsz, "%s: \"plurals\" is an object",
			    c->tag);
		for (v = o->child; v != NULL; v = v->next) {
			k = plural_parse_name(v->string);
			if (k == -1 || k == SG_PLURAL_OTHER)
				return seterr(err, errsz, "%s: plurals: \"%s\" is "
				    "not zero, one, two, few or many (\"other\" "
				    "is what is left)", c->tag, v->string);
			if (!cJSON_IsString(v) ||
			    sg_plural_rule_check(v->valuestring) == -1)
				return seterr(err, errsz, "%s: plurals: the rule "
				    "for \"%s\" is not a CLDR integer condition",
				    c->tag, v->string);
			c->rules[k] = v->valuestring;
		}
	}
	num = cJSON_GetObjectItemCaseSensitive(c->root, "number");
	c->decimal = obj_str(num, "decimal");
	c->group = obj_str(num, "group");
	v = cJSON_GetObjectItemCaseSensitive(num, "min_grouping");
	c->min_grouping = cJSON_IsNumber(v) ? (int)v->valuedouble : 1;
	if (c->decimal == NULL || c->group == NULL ||
	    strlen(c->decimal) >= SG_I18N_SEP_MAX ||
	    strlen(c->group) >= SG_I18N_SEP_MAX || *c->decimal == '\0' ||
	    c->min_grouping < 1 || c->min_grouping > 4)
		return seterr(err, errsz, "%s: \"number\" needs \"decimal\" and "
		    "\"group\" (1 to %d bytes; group may be \"\") and "
		    "\"min_grouping\" 1..4", c->tag, SG_I18N_SEP_MAX - 1);
	money = cJSON_GetObjectItemCaseSensitive(c->root, "money");
	c->money_symbol = obj_str(money, "symbol");
	c->money_code = obj_str(money, "code");
	if (c->money_symbol == NULL || c->money_code == NULL ||
	    strstr(c->money_symbol, "{amount}") == NULL ||
	    strstr(c->money_symbol, "{symbol}") == NULL ||
	    strstr(c->money_code, "{amount}") == NULL ||
	    strstr(c->money_code, "{code}") == NULL)
		return seterr(err, errsz, "%s: \"money\" needs \"symbol\" (with "
		    "{amount} and {symbol}) and \"code\" (with {amount} and "
		    "{code})", c->tag);
	c->symbols = cJSON_GetObjectItemCaseSensitive(c->root, "symbols");
	if (c->symbols != NULL) {
		if (!cJSON_IsObject(c->symbols))
			return seterr(err, errsz, "%s: \"symbols\" is an object",
			    c->tag);
		for (v = c->symbols->child; v != NULL; v = v->next)
			if (!cJSON_IsString(v) || strlen(v->string) != 3 ||
			    strlen(v->valuestring) >= 16)
				return seterr(err, errsz, "%s: symbols: \"%s\" is "
				    "not a currency code with a short text",
				    c->tag, v->string);
	}
	if ((c->percent = obj_str(c->root, "percent")) == NULL ||
	    strstr(c->percent, "{n}") == NULL)
		return seterr(err, errsz, "%s: \"percent\" is a text with {n}",
		    c->tag);
	date = cJSON_GetObjectItemCaseSensitive(c->root, "date");
	months = cJSON_GetObjectItemCaseSensitive(date, "months");
	if ((c->date = obj_str(date, "pattern")) == NULL ||
	    cJSON_GetArraySize(months) != 12)
		return seterr(err, errsz, "%s: \"date\" needs \"pattern\" and "
		    "12 \"months\"", c->tag);
	for (i = 0, v = months->child; v != NULL; v = v->next, i++) {
		if (!cJSON_IsString(v))
			return seterr(err, errsz, "%s: date: a month is not a "
			    "text", c->tag);
		c->months[i] = v->valuestring;
	}
	c->messages = cJSON_GetObjectItemCaseSensitive(c->root, "messages");
	if (!cJSON_IsObject(c->messages))
		return seterr(err, errsz, "%s: \"messages\" is an object", c->tag);
	for (v = c->messages->child; v != NULL; v = v->next)
		if (cat_message_check(c, v, err, errsz) == -1)
			return -1;
	return 0;
}

struct sg_i18n *
sg_i18n_new(void)
{
	return calloc(1, sizeof(struct sg_i18n));
}

void
sg_i18n_free(struct sg_i18n *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		cJSON_Delete(s->cats[i].root);
	free(s->cats);
	free(s);
}

int
sg_i18n_add(struct sg_i18n *s, const char *tag, const char *json, size_t len,
    char *err, size_t errsz)
{
	struct sg_i18n_cat	*c, *grown;
	uint32_t		 h = 2166136261u;
	size_t			 i;

	if (tag_check(tag) == -1)
		return seterr(err, errsz, "%s: not a language tag (\"de\", "
		    "\"pt-br\": lower case)", tag);
	for (i = 0; i < s->n; i++)
		if (strcmp(s->cats[i].tag, tag) == 0)
			return seterr(err, errsz, "%s: loaded twice", tag);
	if (s->n == SG_I18N_LANGS_MAX)
		return seterr(err, errsz, "more than %d catalogues",
		    SG_I18N_LANGS_MAX);
	if (len > SG_I18N_FILE_MAX)
		return seterr(err, errsz, "%s: larger than %u bytes", tag,
		    SG_I18N_FILE_MAX);
	if ((grown = realloc(s->cats, (s->n + 1) * sizeof(*s->cats))) == NULL)
		return seterr(err, errsz, "out of memory");
	s->cats = grown;
	c = &s->cats[s->n];
	memset(c, 0, sizeof(*c));
	snprintf(c->tag, sizeof(c->tag), "%s", tag);
	if ((c->root = cJSON_ParseWithLength(json, len)) == NULL)
		return seterr(err, errsz, "%s: not valid JSON", tag);
	if (cat_parse(c, err, errsz) == -1) {
		cJSON_Delete(c->root);
		return -1;
	}
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)json[i]) * 16777619u;
	c->hash = h;
	s->n++;
	return 0;
}

int
sg_i18n_check(const struct sg_i18n *s, char *err, size_t errsz)
{
	const struct sg_i18n_cat	*en = NULL;
	const cJSON			*k, *m;
	size_t				 i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->cats[i].tag, "en") == 0)
			en = &s->cats[i];
	if (en == NULL)
		return seterr(err, errsz, "no \"en\" catalogue (en.json): it "
		    "names the keys every language has");
	for (i = 0; i < s->n; i++)
		for (k = en->messages->child; k != NULL; k = k->next) {
			m = cJSON_GetObjectItemCaseSensitive(s->cats[i].messages,
			    k->string);
			if (m == NULL)
				return seterr(err, errsz, "%s: message \"%s\" "
				    "of en is missing", s->cats[i].tag,
				    k->string);
			if (cJSON_IsString(m) != cJSON_IsString(k))
				return seterr(err, errsz, "%s: message \"%s\" is "
				    "%s in en", s->cats[i].tag, k->string,
				    cJSON_IsString(k) ? "a text" :
				    "plural forms");
		}
	return 0;
}

static int
json_filter(const struct dirent *d)
{
	size_t	 n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 &&
	    strcmp(d->d_name + n - 5, ".json") == 0;
}

static int
read_file(const char *path, char **bufp, size_t *lenp, char *err,
    size_t errsz)
{
	struct stat	 st;
	char		*buf;
	ssize_t		 r;
	size_t		 got = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return seterr(err, errsz, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > SG_I18N_FILE_MAX) {
		close(fd);
		return seterr(err, errsz, "%s: not a regular file of at most "
		    "%u bytes", path, SG_I18N_FILE_MAX);
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return seterr(err, errsz, "out of memory");
	}
	while (got <= (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size + 1 - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got > (size_t)st.st_size) {
		free(buf);
		return seterr(err, errsz, "%s: changed while reading", path);
	}
	*bufp = buf;
	*lenp = got;
	return 0;
}

int
sg_i18n_load_dir(struct sg_i18n *s, const char *dir, char *err, size_t errsz)
{
	struct dirent	**list = NULL;
	char		  path[4096], tag[SG_I18N_TAG_MAX + 8], *buf = NULL;
	size_t		  len = 0, tlen;
	int		  n, i, rc = 0;

	if ((n = scandir(dir, &list, json_filter, alphasort)) == -1)
		return seterr(err, errsz, "%s: %s", dir, strerror(errno));
	for (i = 0; i < n && rc == 0; i++) {
		tlen = strlen(list[i]->d_name) - 5;
		if (tlen >= SG_I18N_TAG_MAX) {
			rc = seterr(err, errsz, "%s/%s: not a language tag", dir,
			    list[i]->d_name);
			break;
		}
		memcpy(tag, list[i]->d_name, tlen);
		tag[tlen] = '\0';
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if ((rc = read_file(path, &buf, &len, err, errsz)) == 0) {
			rc = sg_i18n_add(s, tag, buf, len, err, errsz);
			free(buf);
		}
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	if (rc == 0)
		rc = sg_i18n_check(s, err, errsz);
	return rc;
}

size_t
sg_i18n_count(const struct sg_i18n *s)
{
	return s == NULL ? 0 : s->n;
}

const struct sg_i18n_cat *
sg_i18n_at(const struct sg_i18n *s, size_t i)
{
	return s != NULL && i < s->n ? &s->cats[i] : NULL;
}

/* want normalised (lower case, '-'), or -1 when it cannot be a tag. */
static int
tag_norm(const char *want, char *dst)
{
	size_t	 i;

	for (i = 0; want[i] != '\0'; i++) {
		if (i + 1 >= SG_I18N_TAG_MAX)
			return -1;
		if (want[i] == '_' || want[i] == '-')
			dst[i] = '-';
		else if (isalnum((unsigned char)want[i]))
			dst[i] = (char)tolower((unsigned char)want[i]);
		else
			return -1;
	}
	dst[i] = '\0';
	return i == 0 ? -1 : 0;
}

int
sg_i18n_find(const struct sg_i18n *s, const char *want)
{
	char	 t[SG_I18N_TAG_MAX], *dash;
	size_t	 i;

	if (s == NULL || want == NULL || tag_norm(want, t) == -1)
		return -1;
	for (;;) {
		for (i = 0; i < s->n; i++)
			if (strcmp(s->cats[i].tag, t) == 0)
				return (int)i;
		if ((dash = strrchr(t, '-')) == NULL)
			return -1;
		*dash = '\0';
	}
}

size_t
sg_i18n_resolve(const struct sg_i18n *s, const char *want, const char *dflt)
{
	int	 i;

	if ((i = sg_i18n_find(s, want)) != -1 ||
	    (i = sg_i18n_find(s, dflt)) != -1 ||
	    (i = sg_i18n_find(s, "en")) != -1)
		return (size_t)i;
	return 0;
}

const char *
sg_i18n_tag(const struct sg_i18n_cat *c)
{
	return c->tag;
}

const char *
sg_i18n_dir(const struct sg_i18n_cat *c)
{
	return c->rtl ? "rtl" : "ltr";
}

uint32_t
sg_i18n_hash(const struct sg_i18n_cat *c)
{
	return c->hash;
}

const cJSON *
sg_i18n_messages(const struct sg_i18n_cat *c)
{
	return c->messages;
}

/* --- formatting ---------------------------------------------------------- */

/* Append n bytes of s at *pos of dst (size); -1 when it does not fit. */
static int
put(char *dst, size_t size, size_t *pos, const char *s, size_t n)
{
	if (*pos + n >= size)
		return -1;
	memcpy(dst + *pos, s, n);
	*pos += n;
	dst[*pos] = '\0';
	return 0;
}

/* pattern with {name} replaced from vars (name, value, ..., NULL). */
static int
fill(const char *pattern, const char *const *vars, char *dst, size_t size)
{
	const char	*p = pattern, *close;
	size_t		 pos = 0, n, k;

	if (size == 0)
		return -1;
	*dst = '\0';
	while (*p != '\0') {
		if (*p == '{' && (close = strchr(p + 1, '}')) != NULL) {
			n = (size_t)(close - p - 1);
			for (k = 0; vars != NULL && vars[k] != NULL &&
			    vars[k + 1] != NULL; k += 2)
				if (strlen(vars[k]) == n &&
				    strncmp(vars[k], p + 1, n) == 0)
					break;
			if (vars != NULL && vars[k] != NULL && vars[k + 1] != NULL) {
				if (put(dst, size, &pos, vars[k + 1],
				    strlen(vars[k + 1])) == -1)
					return -1;
				p = close + 1;
				continue;
			}
		}
		if (put(dst, size, &pos, p, 1) == -1)
			return -1;
		p++;
	}
	return 0;
}

int
sg_i18n_format(const struct sg_i18n_cat *c, const char *key, int64_t n,
    const char *const *vars, char *dst, size_t size)
{
	const cJSON	*m, *f;

	m = cJSON_GetObjectItemCaseSensitive(c->messages, key);
	if (cJSON_IsObject(m)) {
		f = cJSON_GetObjectItemCaseSensitive(m, sg_plural_name(
		    sg_i18n_plural(c, n < 0 ? 0 : (uint64_t)n)));
		if (!cJSON_IsString(f))
			f = cJSON_GetObjectItemCaseSensitive(m, "other");
		m = f;
	}
	if (!cJSON_IsString(m)) {
		if (size > 0)
			*dst = '\0';
		return -1;
	}
	return fill(m->valuestring, vars, dst, size);
}

/* The digits of mag with exponent fraction digits, grouped, onto dst. */
static int
digits(const struct sg_i18n_cat *c, uint64_t mag, int exponent, char *dst,
    size_t size)
{
	char	 raw[32];
	size_t	 len, ilen, i, pos = 0;
	int	 n;

	if (exponent < 0 || exponent > 4 || size == 0)
		return -1;
	n = snprintf(raw, sizeof(raw), "%0*" PRIu64, exponent + 1, mag);
	len = (size_t)n;
	ilen = len - (size_t)exponent;
	*dst = '\0';
	for (i = 0; i < ilen; i++) {
		if (i > 0 && (ilen - i) % 3 == 0 &&
		    ilen >= 3 + (size_t)c->min_grouping &&
		    put(dst, size, &pos, c->group, strlen(c->group)) == -1)
			return -1;
		if (put(dst, size, &pos, raw + i, 1) == -1)
			return -1;
	}
	if (exponent > 0 &&
	    (put(dst, size, &pos, c->decimal, strlen(c->decimal)) == -1 ||
	    put(dst, size, &pos, raw + ilen, (size_t)exponent) == -1))
		return -1;
	return 0;
}

static uint64_t
magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static int
signed_digits(const struct sg_i18n_cat *c, int64_t v, int exponent,
    char *dst, size_t size)
{
	if (size < 2)
		return -1;
	if (v < 0) {
		dst[0] = '-';
		return digits(c, magnitude(v), exponent, dst + 1, size - 1);
	}
	return digits(c, magnitude(v), exponent, dst, size);
}

int
sg_i18n_number(const struct sg_i18n_cat *c, int64_t v, char *dst, size_t size)
{
	return signed_digits(c, v, 0, dst, size);
}

int
sg_i18n_money(const struct sg_i18n_cat *c, int64_t minor, int exponent,
    const char *code, const char *symbol, char *dst, size_t size)
{
	char		 amount[64];
	const char	*sym = NULL, *vars[7];

	if (c->symbols != NULL && code != NULL)
		sym = obj_str(c->symbols, code);
	if (sym == NULL)
		sym = symbol;
	if (digits(c, magnitude(minor), exponent, amount, sizeof(amount)) == -1 ||
	    size < 2)
		return -1;
	vars[0] = "amount", vars[1] = amount;
	vars[2] = "symbol", vars[3] = sym == NULL ? "" : sym;
	vars[4] = "code", vars[5] = code == NULL ? "" : code;
	vars[6] = NULL;
	if (minor < 0) {
		dst[0] = '-';
		return fill(sym != NULL ? c->money_symbol : c->money_code, vars,
		    dst + 1, size - 1);
	}
	return fill(sym != NULL ? c->money_symbol : c->money_code, vars, dst,
	    size);
}

int
sg_i18n_percent(const struct sg_i18n_cat *c, int64_t pct, char *dst,
    size_t size)
{
	char		 n[32];
	const char	*vars[3];

	if (signed_digits(c, pct, 0, n, sizeof(n)) == -1)
		return -1;
	vars[0] = "n", vars[1] = n, vars[2] = NULL;
	return fill(c->percent, vars, dst, size);
}

int
sg_i18n_date(const struct sg_i18n_cat *c, int year, int month, int day,
    char *dst, size_t size)
{
	char		 y[16], m[8], d[8];
	const char	*vars[9];

	if (month < 1 || month > 12 || day < 1 || day > 31)
		return -1;
	snprintf(y, sizeof(y), "%d", year);
	snprintf(m, sizeof(m), "%d", month);
	snprintf(d, sizeof(d), "%d", day);
	vars[0] = "year", vars[1] = y;
	vars[2] = "m", vars[3] = m;
	vars[4] = "day", vars[5] = d;
	vars[6] = "month", vars[7] = c->months[month - 1];
	vars[8] = NULL;
	return fill(c->date, vars, dst, size);
}
