-- Issue 16, certificates (志愿服务记录证明, 《志愿服务记录与证明出具办法（试行）》, 2020).
--
-- A certificate states a volunteer's counted service hours (VHOURS_COUNTED) served in a
-- period [period_from, period_to] (both days included), as the issuing office recorded
-- them (谁记录谁证明). Its number, unique in the country, is the office code, the year of
-- issue (China time) and a 6-digit sequence of that office and year: "5328012026000001".
-- The verification page (GET /v1/certificates/{number}, no token) reads this row.
--
-- entries_key is the SHA-256 of the counted entries' ids (ascending, comma-separated):
-- asking again for the same volunteer and period while the same entries count gives the
-- same certificate (its number and issue date), not a new one; a confirmation or a
-- correction since makes a new one. The unique key settles two requests at once.
-- responsible / contact are the office's settings (volunteer_settings) as they were at
-- issue: a certificate, once issued, does not change.
CREATE TABLE volunteer_cert_numbers (
  office_code CHAR(6)           NOT NULL,
  year        SMALLINT UNSIGNED NOT NULL,
  last        INT UNSIGNED      NOT NULL,
  PRIMARY KEY (office_code, year)
) ENGINE=InnoDB;

CREATE TABLE volunteer_certificates (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cert_no      CHAR(16)        NOT NULL,
  office_code  CHAR(6)         NOT NULL,
  volunteer_id BIGINT UNSIGNED NOT NULL,
  period_from  DATE            NOT NULL,
  period_to    DATE            NOT NULL,
  minutes      INT UNSIGNED    NOT NULL,
  entries      INT UNSIGNED    NOT NULL,
  entries_key  BINARY(32)      NOT NULL,
  responsible  VARCHAR(50)     NOT NULL,
  contact      VARCHAR(50)     NOT NULL,
  issued_on    DATE            NOT NULL,
  issued_by    VARCHAR(80)     NOT NULL,
  created_at   DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_vcert_no (cert_no),
  UNIQUE KEY ux_vcert_same (volunteer_id, period_from, period_to, entries_key),
  KEY ix_vcert_office (office_code, volunteer_id),
  CONSTRAINT fk_vcert_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_vcert_volunteer FOREIGN KEY (volunteer_id) REFERENCES volunteers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The hours entries a certificate counted: a correction of one of them since (an entry
-- whose corrects_id is it) makes the verification say the certificate's hours changed.
CREATE TABLE volunteer_certificate_entries (
  certificate_id BIGINT UNSIGNED NOT NULL,
  hours_id       BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (certificate_id, hours_id),
  KEY ix_vcert_entries_hours (hours_id),
  CONSTRAINT fk_vcert_entries_cert FOREIGN KEY (certificate_id) REFERENCES volunteer_certificates (id),
  CONSTRAINT fk_vcert_entries_hours FOREIGN KEY (hours_id) REFERENCES volunteer_hours (id)
) ENGINE=InnoDB;
