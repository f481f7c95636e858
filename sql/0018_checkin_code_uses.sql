-- Check-in codes work once per volunteer (issue 11): the SHA-256 of each code a volunteer
-- used, written in the check-in's transaction. Codes live at most an hour; rows older
-- than a day are pruned as new ones arrive.
CREATE TABLE checkin_code_uses (
  code_hash    BINARY(32)      NOT NULL,
  volunteer_id BIGINT UNSIGNED NOT NULL,
  office_code  CHAR(6)         NOT NULL,
  event_id     BIGINT UNSIGNED NOT NULL,
  used_at      DATETIME        NOT NULL,
  PRIMARY KEY (code_hash, volunteer_id),
  KEY ix_checkin_code_uses_used (used_at)
) ENGINE=InnoDB;
