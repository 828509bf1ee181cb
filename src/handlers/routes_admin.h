/*
 * routes_admin.h — the routes of the admin module and its handlers' prototypes.
 * SG_ROUTES_ADMIN lists R(method, pattern, body kind, needs_db, handler)
 * entries for the routing table in app/router.c.  Every handler's
 * contract (input, statuses) is in the comment above it in admin_*.c.
 */
#ifndef SG_HANDLERS_ROUTES_ADMIN_H
#define SG_HANDLERS_ROUTES_ADMIN_H

#include "handlers/handlers.h"

#define SG_ROUTES_ADMIN \
	R(SG_METHOD_GET, "/admin", SG_BODY_NONE, 0, h_admin_home) \
	R(SG_METHOD_GET, "/admin/", SG_BODY_NONE, 0, h_admin_home) \
	R(SG_METHOD_GET, "/admin/login", SG_BODY_NONE, 1, h_admin_login_form) \
	R(SG_METHOD_POST, "/admin/login", SG_BODY_FORM, 1, h_admin_login) \
	R(SG_METHOD_POST, "/admin/logout", SG_BODY_FORM, 1, h_admin_logout) \
	R(SG_METHOD_GET, "/admin/campaigns", SG_BODY_NONE, 1, h_admin_campaigns) \
	R(SG_METHOD_POST, "/admin/campaigns", SG_BODY_FORM, 1, h_admin_campaign_create) \
	R(SG_METHOD_GET, "/admin/new-campaign", SG_BODY_NONE, 1, h_admin_campaign_new) \
	R(SG_METHOD_GET, "/admin/campaigns/*", SG_BODY_NONE, 1, h_admin_campaign) \
	R(SG_METHOD_GET, "/admin/campaigns/*/edit", SG_BODY_NONE, 1, h_admin_campaign_edit) \
	R(SG_METHOD_POST, "/admin/campaigns/*/edit", SG_BODY_FORM, 1, h_admin_campaign_update) \
	R(SG_METHOD_POST, "/admin/campaigns/*/status", SG_BODY_FORM, 1, h_admin_campaign_status) \
	R(SG_METHOD_GET, "/admin/campaigns/*/end", SG_BODY_NONE, 1, h_admin_campaign_end) \
	R(SG_METHOD_POST, "/admin/campaigns/*/duplicate", SG_BODY_FORM, 1, h_admin_campaign_duplicate) \
	R(SG_METHOD_POST, "/admin/campaigns/*/archive", SG_BODY_FORM, 1, h_admin_campaign_archive) \
	R(SG_METHOD_GET, "/admin/campaigns/*/grants.csv", SG_BODY_NONE, 1, h_admin_grants_csv) \
	R(SG_METHOD_GET, "/admin/campaigns/*/preview", SG_BODY_NONE, 1, h_admin_campaign_preview) \
	R(SG_METHOD_GET, "/admin/campaigns/*/grants", SG_BODY_NONE, 1, h_admin_grants) \
	R(SG_METHOD_POST, "/admin/campaigns/*/grants/fulfil", SG_BODY_FORM, 1, h_admin_grants_fulfil) \
	R(SG_METHOD_GET, "/admin/campaigns/*/fulfilment.csv", SG_BODY_NONE, 1, h_admin_fulfilment_csv) \
	R(SG_METHOD_POST, "/admin/campaigns/*/milestones/*/fulfil", SG_BODY_FORM, 1, h_admin_milestone_fulfil) \
	R(SG_METHOD_GET, "/admin/campaigns/*/milestones/new", SG_BODY_NONE, 1, h_admin_milestone_new) \
	R(SG_METHOD_POST, "/admin/campaigns/*/milestones", SG_BODY_FORM, 1, h_admin_milestone_create) \
	R(SG_METHOD_GET, "/admin/campaigns/*/milestones/*/edit", SG_BODY_NONE, 1, h_admin_milestone_edit) \
	R(SG_METHOD_POST, "/admin/campaigns/*/milestones/*/edit", SG_BODY_FORM, 1, h_admin_milestone_update) \
	R(SG_METHOD_GET, "/admin/campaigns/*/milestones/*/delete", SG_BODY_NONE, 1, h_admin_milestone_delete_ask) \
	R(SG_METHOD_POST, "/admin/campaigns/*/milestones/*/delete", SG_BODY_FORM, 1, h_admin_milestone_delete) \
	R(SG_METHOD_GET, "/admin/reset", SG_BODY_NONE, 1, h_admin_reset_form) \
	R(SG_METHOD_POST, "/admin/reset", SG_BODY_FORM, 1, h_admin_reset) \
	R(SG_METHOD_GET, "/admin/users", SG_BODY_NONE, 1, h_admin_users) \
	R(SG_METHOD_POST, "/admin/users", SG_BODY_FORM, 1, h_admin_user_add) \
	R(SG_METHOD_POST, "/admin/users/remove", SG_BODY_FORM, 1, h_admin_user_remove) \
	R(SG_METHOD_GET, "/admin/tokens", SG_BODY_NONE, 1, h_admin_tokens) \
	R(SG_METHOD_POST, "/admin/tokens", SG_BODY_FORM, 1, h_admin_token_create) \
	R(SG_METHOD_POST, "/admin/tokens/revoke", SG_BODY_FORM, 1, h_admin_token_revoke) \
	SG_ROUTES_ADMIN_SETTINGS

/* The Settings pages (admin_settings.c). */
#define SG_ROUTES_ADMIN_SETTINGS \
	R(SG_METHOD_GET, "/admin/settings", SG_BODY_NONE, 1, h_admin_settings) \
	R(SG_METHOD_GET, "/admin/settings/integrations", SG_BODY_NONE, 1, h_admin_settings_integrations) \
	R(SG_METHOD_POST, "/admin/settings/integrations", SG_BODY_FORM, 1, h_admin_settings_hook_set) \
	R(SG_METHOD_GET, "/admin/settings/integrations/*/remove", SG_BODY_NONE, 1, h_admin_settings_hook_remove_ask) \
	R(SG_METHOD_POST, "/admin/settings/integrations/*/remove", SG_BODY_FORM, 1, h_admin_settings_hook_remove) \
	R(SG_METHOD_GET, "/admin/settings/webhooks", SG_BODY_NONE, 1, h_admin_settings_webhooks) \
	R(SG_METHOD_POST, "/admin/settings/webhooks", SG_BODY_FORM, 1, h_admin_settings_webhook_add) \
	R(SG_METHOD_GET, "/admin/settings/webhooks/*", SG_BODY_NONE, 1, h_admin_settings_webhook) \
	R(SG_METHOD_POST, "/admin/settings/webhooks/*/resend", SG_BODY_FORM, 1, h_admin_settings_webhook_resend) \
	R(SG_METHOD_GET, "/admin/settings/webhooks/*/delete", SG_BODY_NONE, 1, h_admin_settings_webhook_delete_ask) \
	R(SG_METHOD_POST, "/admin/settings/webhooks/*/delete", SG_BODY_FORM, 1, h_admin_settings_webhook_delete) \
	R(SG_METHOD_GET, "/admin/settings/store", SG_BODY_NONE, 1, h_admin_settings_store) \
	R(SG_METHOD_POST, "/admin/settings/store", SG_BODY_FORM, 1, h_admin_settings_store_save)

int	h_admin_home(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_login_form(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_login(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_logout(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaigns(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaign_new(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaign_create(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaign(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaign_edit(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaign_update(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaign_duplicate(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaign_archive(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaign_end(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaign_status(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_grants_csv(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_grants(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_grants_fulfil(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_fulfilment_csv(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_milestone_fulfil(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_campaign_preview(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_milestone_new(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_milestone_create(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_milestone_edit(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_milestone_update(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_milestone_delete_ask(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_milestone_delete(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_reset_form(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_reset(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_users(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_user_add(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_user_remove(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_tokens(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_token_create(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_token_revoke(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_integrations(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_hook_set(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_hook_remove_ask(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_hook_remove(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_webhooks(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_webhook_add(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_webhook(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_webhook_resend(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_webhook_delete_ask(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_webhook_delete(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_store(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_admin_settings_store_save(struct sg_app *, const struct sg_req *, struct sg_resp *);

#endif
