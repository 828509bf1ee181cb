/*
 * product.h — validation of a product body (PUT /api/v1/products/{id}):
 * {"title", "price", "image_url", "variants":[{"id","title"}]}, title
 * required.  Return values as for the parsers of domain/order.h
 * (SG_PARSE_OK, SG_PARSE_INVALID with *err filled, SG_PARSE_NOMEM).
 */
#ifndef SG_DOMAIN_PRODUCT_H
#define SG_DOMAIN_PRODUCT_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "domain/order.h"
#include "domain/validate.h"

/* Variants per product, at most. */
#define SG_PRODUCT_VARIANTS_MAX	100

struct sg_product_input {
	const char	*title;		/* 1..SG_TITLE_MAX chars, one line */
	int64_t		 price;		/* 0..SG_PRICE_MAX; 0 when absent */
	const char	*image_url;	/* NULL: none */
	char		*variants;	/* JSON array text, malloc'd; NULL: none */
};

/*
 * Validate body into *p: strings point into body (keep it while p is
 * used); p->variants is a new normalised array of {"id","title"} (title ""
 * when absent), freed by sg_product_input_free().  A key given twice is
 * refused (SG_VERR_DUPLICATE), as for every other body.  On failure p
 * holds nothing to free.
 */
int	sg_product_parse(const cJSON *body, struct sg_product_input *p,
	    struct sg_verror *err);
void	sg_product_input_free(struct sg_product_input *);

#endif
