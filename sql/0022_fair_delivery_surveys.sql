-- Webhook deliveries served fairly across offices: a turn row per office, locked while
-- a worker counts the office's deliveries in flight (at most YH_WEBHOOK_OFFICE_MAX) and
-- claims one; served_at orders the round (the office served longest ago goes first).
CREATE TABLE delivery_turns (
  office_code CHAR(6)     NOT NULL PRIMARY KEY,
  served_at   DATETIME(6) NULL
) ENGINE=InnoDB;

ALTER TABLE deliveries ADD KEY ix_deliveries_office (office_code, state, next_at);

-- Survey results with fewer responses than this show no counts and no free texts.
ALTER TABLE offices ADD COLUMN survey_min_responses SMALLINT UNSIGNED NOT NULL DEFAULT 5 AFTER talent_review_years;

-- Ballots are no longer stored when they are issued: a ballot is a random nonce with a
-- MAC under the service's key, so taking one writes only the voter's mark. Spending one
-- records the nonce's hash here (once), in the answers' transaction. The two writes
-- share no value, no transaction and no order, so no log or backup links a member's
-- mark to a response (see README, Surveys). survey_ballots stays for ballots issued
-- before this migration, which are still accepted.
CREATE TABLE survey_spent (
  survey_id BIGINT UNSIGNED NOT NULL,
  ballot    BINARY(32)      NOT NULL,   -- SHA-256 of the nonce
  PRIMARY KEY (survey_id, ballot)
) ENGINE=InnoDB;
