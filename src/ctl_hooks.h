/*
 * ctl_hooks.h — stretchgoalctl's "hooks" commands (ctl_hooks.c).  Same
 * conventions as ctl.c: exit status 0 done, 1 failed, 2 usage error.
 */
#ifndef SG_CTL_HOOKS_H
#define SG_CTL_HOOKS_H

struct sg_db;
struct sg_config;

#define CTL_HOOKS_SET_USAGE \
	"hooks set --store H --platform shopify|woocommerce [--secret-file F]"
#define CTL_HOOKS_SET_HELP \
	"Set the webhook signing secret of store H for a platform (the\n" \
	"\"API secret key\" of the Shopify app or the WooCommerce webhook's\n" \
	"secret).  The secret is read from file F, or else from standard input;\n" \
	"one trailing newline is dropped.  1-512 bytes.  Setting it again\n" \
	"replaces it."

int	ctl_hooks_set(struct sg_db *, const struct sg_config *, int, char **);

#endif
