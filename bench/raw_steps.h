/*
 * raw_steps.h — RAW_STEPS entries of bench/raw_order.h: { sql, params,
 * insert }.  PLACEHOLDER until captured from the general log.
 */
{ "SELECT store_id, secret_hash FROM api_tokens WHERE token_id = ? AND revoked_at IS NULL", "t", 0 },
{ "BEGIN", "", 0 },
{ "SELECT id, fingerprint, response FROM orders WHERE store_id = ? AND external_id = ?", "so", 0 },
{ "SELECT id, goal_kind, units, amount FROM campaigns WHERE id = ? FOR UPDATE", "c", 0 },
{ "INSERT INTO orders (store_id, external_id, backer, placed_at, currency, fingerprint, response) VALUES (?, ?, ?, ?, 'USD', ?, '')", "sobpf", 1 },
{ "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, quantity, price, gift) VALUES (?, 0, 'p-1', NULL, 1, 1000, 0)", "i", 0 },
{ "INSERT INTO order_campaigns (order_id, campaign_id, backer, units, amount, counted_seq) VALUES (?, ?, ?, 1, 1000, 0)", "icb", 0 },
{ "INSERT INTO campaign_backers (campaign_id, backer, active_orders) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE active_orders = active_orders + 1", "cb", 0 },
{ "UPDATE campaigns SET units = units + 1, amount = amount + 1000, orders = orders + 1, counted_seq = counted_seq + 1, version = version + 1 WHERE id = ?", "c", 0 },
{ "SELECT id, target, reward, scope FROM milestones WHERE campaign_id = ? AND reached_at IS NULL", "c", 0 },
{ "UPDATE orders SET response = ? WHERE id = ?", "ri", 0 },
{ "COMMIT", "", 0 },
