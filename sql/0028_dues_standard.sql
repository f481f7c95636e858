-- The party dues standard (中组发〔2008〕3号; RULES.md, Party dues).
-- dues_bases: the monthly income base set once a year per member. It is income, so it is
-- personal data: base_enc holds it sealed (pii_seal, AES-256-GCM, key id in the value),
-- never in clear. standard_fen is the monthly standard computed from it and the member's
-- category when the base was set (what the member must pay, as the payments themselves
-- record it): the arrears and underpayment lists read it without opening every base.
-- A reduction or exemption (hardship, 低保) needs the branch meeting's decision
-- (decided_on) and the approval of the committee above (approval_ref); reduced_fen NULL:
-- none, 0: exempt.
CREATE TABLE dues_bases (
  office_code  CHAR(6)         NOT NULL,
  member_id    BIGINT UNSIGNED NOT NULL,
  year         SMALLINT UNSIGNED NOT NULL,
  base_enc     VARBINARY(128)  NOT NULL,
  category     ENUM('lixiu','retired','in_service') NOT NULL,
  standard_fen INT UNSIGNED    NOT NULL,
  reduced_fen  INT UNSIGNED    NULL,
  reduction_reason VARCHAR(200) NULL,
  decided_on   DATE            NULL,
  approval_ref VARCHAR(100)    NULL,
  updated_by   VARCHAR(80)     NOT NULL,
  updated_at   DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (member_id, year),
  KEY ix_dues_bases_office (office_code, year, member_id),
  CONSTRAINT fk_dues_bases_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Monthly is the rule; a branch may consent to quarterly or advance payment (decided by
-- its meeting on decided_on). No row: no consent.
CREATE TABLE dues_branch_settings (
  branch_id       BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  office_code     CHAR(6)         NOT NULL,
  advance_consent TINYINT(1)      NOT NULL DEFAULT 0,
  decided_on      DATE            NULL,
  updated_by      VARCHAR(80)     NOT NULL,
  updated_at      DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_dues_settings_office (office_code, branch_id),
  CONSTRAINT fk_dues_settings_branch FOREIGN KEY (branch_id) REFERENCES branches (id)
) ENGINE=InnoDB;

-- voluntary_fen: what a payment paid above the month's due amount (0 when no base was
-- known); remit_centre: a voluntary part of 1,000 yuan or more, remitted whole to the
-- Centre. Existing payments had no standard: 0 and not flagged.
ALTER TABLE dues
  ADD COLUMN voluntary_fen INT UNSIGNED NOT NULL DEFAULT 0 AFTER amount_fen,
  ADD COLUMN remit_centre TINYINT(1) NOT NULL DEFAULT 0 AFTER voluntary_fen;
