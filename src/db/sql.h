/*
 * sql.h — every SQL statement stretchgoal runs, '?'-parameterised.
 *
 * The enum names a statement; db.c holds the parallel table of texts.  No
 * SQL is ever built from strings anywhere else.  A statement's comment says
 * its parameters (see db.h for the type letters) and its result columns.
 */
#ifndef SG_DB_SQL_H
#define SG_DB_SQL_H

#define SG_SQL_STATEMENTS \
	/* -> 1 */ \
	X(SQL_SELECT_ONE, "SELECT 1") \
	/* i:version -> count */ \
	X(SQL_MIGRATION_APPLIED, \
	    "SELECT COUNT(*) FROM schema_migrations WHERE version = ?") \
	/* i:version s:name */ \
	X(SQL_MIGRATION_RECORD, \
	    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)") \
	/* -> 1 when the lock was taken */ \
	X(SQL_MIGRATION_LOCK, "SELECT GET_LOCK('stretchgoal.migrate', 60)") \
	X(SQL_MIGRATION_UNLOCK, "SELECT RELEASE_LOCK('stretchgoal.migrate')") \
	/* s:handle s:name s:currency i:exponent */ \
	X(SQL_STORE_INSERT, \
	    "INSERT INTO stores (handle, name, currency, currency_exponent) " \
	    "VALUES (?, ?, ?, ?)") \
	/* s:handle -> id handle name currency exponent */ \
	X(SQL_STORE_GET_BY_HANDLE, \
	    "SELECT id, handle, name, currency, currency_exponent " \
	    "FROM stores WHERE handle = ?") \
	/* i:id -> id handle name currency exponent */ \
	X(SQL_STORE_GET_BY_ID, \
	    "SELECT id, handle, name, currency, currency_exponent " \
	    "FROM stores WHERE id = ?") \
	/* i:store s:token_id b:hash s:label */ \
	X(SQL_TOKEN_INSERT, \
	    "INSERT INTO api_tokens (store_id, token_id, secret_hash, label) " \
	    "VALUES (?, ?, ?, ?)") \
	/* s:token_id -> store_id secret_hash */ \
	X(SQL_TOKEN_GET, \
	    "SELECT store_id, secret_hash FROM api_tokens " \
	    "WHERE token_id = ? AND revoked_at IS NULL") \
	/* i:store s:email s:hash */ \
	X(SQL_USER_INSERT, \
	    "INSERT INTO users (store_id, email, password_hash) VALUES (?, ?, ?)") \
	/* i:store s:product s:title i:price s:image s:variants */ \
	X(SQL_PRODUCT_UPSERT, \
	    "INSERT INTO products (store_id, product_id, title, price, image_url, variants) " \
	    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE title = VALUES(title), " \
	    "price = VALUES(price), image_url = VALUES(image_url), " \
	    "variants = VALUES(variants), updated_at = UTC_TIMESTAMP(6)") \
	/* i:store s:slug s:title s:description s:goal_kind i:goal s:status */ \
	X(SQL_CAMPAIGN_INSERT, \
	    "INSERT INTO campaigns (store_id, slug, title, description, goal_kind, goal, status) " \
	    "VALUES (?, ?, ?, ?, ?, ?, ?)") \
	/* i:campaign s:product */ \
	X(SQL_CAMPAIGN_PRODUCT_INSERT, \
	    "INSERT INTO campaign_products (campaign_id, product_id) VALUES (?, ?)") \
	/* i:campaign i:target s:title s:image s:before s:after s:reward s:gift_product \
	   s:gift_variant i:gift_quantity s:scope */ \
	X(SQL_MILESTONE_INSERT, \
	    "INSERT INTO milestones (campaign_id, target, title, image_url, before_text, " \
	    "after_text, reward, gift_product_id, gift_variant_id, gift_quantity, scope) " \
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")

/* Each feature module keeps its statements in a list of its own. */
#include "db/sql_api.h"
#include "db/sql_public.h"
#include "db/sql_session.h"
#include "db/sql_campaign.h"
#include "db/sql_milestone.h"
#include "db/sql_grant.h"
#include "db/sql_product.h"

#define SG_SQL_ALL \
	SG_SQL_STATEMENTS SG_SQL_API SG_SQL_PUBLIC SG_SQL_SESSION \
	SG_SQL_ADMIN_CAMPAIGN SG_SQL_ADMIN_MILESTONE SG_SQL_ADMIN_GRANT \
	SG_SQL_ADMIN_PRODUCT

enum sqlstmt {
#define X(name, text) name,
	SG_SQL_ALL
#undef X
	SQL__MAX
};

#endif
