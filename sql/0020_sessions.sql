-- Sessions (issue 11): a refresh family keeps the scopes its login was granted; each
-- refresh row names the access token issued with it, so ending an account's sessions
-- (disabled, role or password changed) can denylist the access tokens still alive; the
-- account index makes that a range, not a table scan. Audit rows keep the client's
-- X-Request-ID beside the server's own request id.
ALTER TABLE refresh_tokens
  ADD COLUMN scopes VARCHAR(500) NULL AFTER office_code,
  ADD COLUMN access_jti VARCHAR(48) NULL AFTER scopes,
  ADD COLUMN access_expires_at DATETIME(3) NULL AFTER access_jti,
  ADD KEY ix_refresh_account (account_id, access_expires_at);

ALTER TABLE audit_log
  ADD COLUMN client_request_id VARCHAR(64) NULL AFTER request_id;
