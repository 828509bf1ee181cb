-- 018: accounts and API tokens (issue 12): when a token was last used
-- (recorded at most once a minute per token, service/account.c), and
-- one-time password reset links (stretchgoalctl user reset): only a hash of
-- the link's token is kept; a link works once, until expires_at.

ALTER TABLE api_tokens
  ADD COLUMN last_used_at DATETIME(6) NULL;

CREATE TABLE password_resets (
  token_hash  BINARY(32) NOT NULL PRIMARY KEY,
  user_id     BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  expires_at  DATETIME(6) NOT NULL,
  used_at     DATETIME(6) NULL,
  KEY password_resets_user (user_id),
  CONSTRAINT password_resets_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
