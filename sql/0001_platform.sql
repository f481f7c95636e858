-- Platform: offices, signing keys, accounts, integration clients, refresh tokens,
-- revoked access tokens, idempotency records, login throttling, audit log.

CREATE TABLE offices (
  code        CHAR(6)      NOT NULL PRIMARY KEY,       -- GB/T 2260 division code
  parent_code CHAR(6)      NULL,
  name        VARCHAR(100) NOT NULL,
  level       ENUM('province','prefecture','county') NOT NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_offices_parent (parent_code, code),
  CONSTRAINT fk_offices_parent FOREIGN KEY (parent_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per-office signing keys. The private key is AES-256-GCM encrypted with the master
-- key (YH_MASTER_KEY); not_after NULL means active.
CREATE TABLE office_keys (
  kid         VARCHAR(40)  NOT NULL PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  alg         VARCHAR(8)   NOT NULL,
  public_pem  TEXT         NOT NULL,
  private_enc BLOB         NOT NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  not_after   DATETIME(3)  NULL,
  KEY ix_keys_office (office_code, created_at),
  CONSTRAINT fk_keys_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE accounts (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code   CHAR(6)      NOT NULL,
  username      VARCHAR(64)  NOT NULL,
  display_name  VARCHAR(100) NOT NULL,
  role          ENUM('admin','secretary','member') NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  disabled      TINYINT(1)   NOT NULL DEFAULT 0,
  version       INT UNSIGNED NOT NULL DEFAULT 1,
  created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_accounts_login (office_code, username),
  CONSTRAINT fk_accounts_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Integration clients. Secrets are 256-bit random values, so an HMAC-SHA256 under the
-- master key is as strong as a slow hash and keeps client_credentials cheap.
CREATE TABLE clients (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  client_id   VARCHAR(64)  NOT NULL,
  name        VARCHAR(100) NOT NULL,
  secret_hash BINARY(32)   NOT NULL,
  scopes      VARCHAR(500) NOT NULL,
  disabled    TINYINT(1)   NOT NULL DEFAULT 0,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_clients_client_id (client_id),
  KEY ix_clients_office (office_code, id),
  CONSTRAINT fk_clients_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Refresh tokens are stored as SHA-256 of the opaque value; one family per login.
CREATE TABLE refresh_tokens (
  token_hash  BINARY(32)   NOT NULL PRIMARY KEY,
  family      BINARY(16)   NOT NULL,
  account_id  BIGINT UNSIGNED NOT NULL,
  office_code CHAR(6)      NOT NULL,
  expires_at  DATETIME(3)  NOT NULL,
  used_at     DATETIME(3)  NULL,
  revoked     TINYINT(1)   NOT NULL DEFAULT 0,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_refresh_family (family),
  KEY ix_refresh_expiry (expires_at)
) ENGINE=InnoDB;

-- Source of truth for revoked access tokens; Redis holds the fast-path copy.
CREATE TABLE revoked_tokens (
  jti        VARCHAR(48) NOT NULL PRIMARY KEY,
  expires_at DATETIME(3) NOT NULL,
  KEY ix_revoked_expiry (expires_at)
) ENGINE=InnoDB;

CREATE TABLE idempotency_keys (
  office_code  CHAR(6)       NOT NULL,
  principal    VARCHAR(80)   NOT NULL,
  idem_key     VARCHAR(255)  NOT NULL,
  request_hash BINARY(32)    NOT NULL,
  state        ENUM('running','done') NOT NULL,
  status       SMALLINT      NULL,
  location     VARCHAR(255)  NULL,
  content_type VARCHAR(64)   NULL,
  body         MEDIUMBLOB    NULL,
  started_at   DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (office_code, principal, idem_key),
  KEY ix_idem_started (started_at)
) ENGINE=InnoDB;

CREATE TABLE login_throttle (
  k            VARCHAR(120) NOT NULL PRIMARY KEY,   -- 'a:<office>:<user>' or 'ip:<address>'
  window_start DATETIME(3)  NOT NULL,
  failures     INT UNSIGNED NOT NULL
) ENGINE=InnoDB;

-- Who did what to which record, never the personal values themselves.
CREATE TABLE audit_log (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  office_code CHAR(6)      NOT NULL,
  actor       VARCHAR(80)  NOT NULL,
  action      VARCHAR(40)  NOT NULL,
  target      VARCHAR(80)  NOT NULL,
  request_id  VARCHAR(64)  NOT NULL,
  KEY ix_audit_office (office_code, at)
) ENGINE=InnoDB;
