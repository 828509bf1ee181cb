/*
 * ctl_webhooks.h — stretchgoalctl's "webhooks" commands (ctl_webhooks.c):
 * a store's endpoints of events out (docs/events.md).  Same conventions as
 * ctl.c: exit status 0 done, 1 failed, 2 usage error.  CTL_WEBHOOKS_CMDS
 * is the entries of ctl.c's command table.
 */
#ifndef SG_CTL_WEBHOOKS_H
#define SG_CTL_WEBHOOKS_H

struct sg_db;
struct sg_config;

int	ctl_webhooks_add(struct sg_db *, const struct sg_config *, int, char **);
int	ctl_webhooks_list(struct sg_db *, const struct sg_config *, int, char **);
int	ctl_webhooks_remove(struct sg_db *, const struct sg_config *, int, char **);

#define CTL_WEBHOOKS_CMDS \
	{ "webhooks add", "webhooks add --store H --url URL --events T[,T...]", \
	  "Register an endpoint of store H for the event types T\n" \
	  "(milestone.reached, grant.created, grant.voided,\n" \
	  "campaign.goal_reached, campaign.ended) and print its id and its\n" \
	  "signing secret (whsec_...), shown only this once.", \
	  ctl_webhooks_add }, \
	{ "webhooks list", "webhooks list --store H", \
	  "List store H's endpoints: id, url and event types.", \
	  ctl_webhooks_list }, \
	{ "webhooks remove", "webhooks remove --store H --id N", \
	  "Remove endpoint N of store H; what it still had to receive is\n" \
	  "dropped.", ctl_webhooks_remove },

#endif
