-- Notifications outbox: offices register webhook endpoints; events are written to the
-- outbox in the same transaction as the change that caused them, with one delivery row
-- per subscribed endpoint, and a worker thread delivers them (signed, retried with
-- exponential backoff until the deadline, then dead-lettered).

CREATE TABLE webhooks (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)        NOT NULL,
  url         VARCHAR(500)   NOT NULL,
  secret_enc  VARBINARY(200) NOT NULL,   -- sealed under the data key; shown once at creation
  events      VARCHAR(500)   NOT NULL,   -- event types, comma-separated
  active      TINYINT(1)     NOT NULL DEFAULT 1,
  created_by  VARCHAR(80)    NOT NULL,
  version     INT UNSIGNED   NOT NULL DEFAULT 1,
  created_at  DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_webhooks_office (office_code, id),
  CONSTRAINT fk_webhooks_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Payloads hold ids and non-personal fields only.
CREATE TABLE outbox (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)       NOT NULL,
  event_id    CHAR(32)      NOT NULL,
  type        VARCHAR(40)   NOT NULL,
  payload     VARCHAR(4000) NOT NULL,
  created_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_outbox_event (event_id),
  KEY ix_outbox_office (office_code, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- lease/locked_until: a worker (of any process) claims due rows for a while; a crashed
-- worker's claim runs out and another takes them over.
CREATE TABLE deliveries (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  outbox_id    BIGINT UNSIGNED NOT NULL,
  webhook_id   BIGINT UNSIGNED NOT NULL,
  office_code  CHAR(6)       NOT NULL,
  state        ENUM('pending','delivered','dead') NOT NULL DEFAULT 'pending',
  attempts     INT UNSIGNED  NOT NULL DEFAULT 0,
  next_at      DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  deadline     DATETIME(3)   NOT NULL,
  lease        CHAR(32)      NULL,
  locked_until DATETIME(3)   NULL,
  last_status  SMALLINT      NULL,
  last_error   VARCHAR(200)  NULL,
  delivered_at DATETIME(3)   NULL,
  UNIQUE KEY ux_deliveries (outbox_id, webhook_id),
  KEY ix_deliveries_due (state, next_at),
  KEY ix_deliveries_lease (lease),
  KEY ix_deliveries_webhook (webhook_id, id),
  CONSTRAINT fk_deliveries_outbox FOREIGN KEY (outbox_id) REFERENCES outbox (id),
  CONSTRAINT fk_deliveries_webhook FOREIGN KEY (webhook_id) REFERENCES webhooks (id)
) ENGINE=InnoDB;
