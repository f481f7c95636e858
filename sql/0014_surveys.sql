-- Anonymous surveys. A member first takes a one-time ballot (survey_voters records that
-- it did, so it cannot take a second); the ballot's hash waits in survey_ballots with no
-- member; the answers come back with the ballot, which is then spent. No table links a
-- member to a ballot or an answer, and nothing records when or in which order: voters
-- are keyed by member, ballots and responses by random ids, with no timestamps.
CREATE TABLE surveys (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  title       VARCHAR(100) NOT NULL,
  status      ENUM('draft','open','closed') NOT NULL DEFAULT 'draft',
  created_by  VARCHAR(80)  NOT NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_surveys_office (office_code, id),
  CONSTRAINT fk_surveys_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE survey_questions (
  survey_id BIGINT UNSIGNED  NOT NULL,
  pos       TINYINT UNSIGNED NOT NULL,
  kind      ENUM('single','scale','text') NOT NULL,
  text      VARCHAR(200)     NOT NULL,
  options   VARCHAR(2000)    NOT NULL DEFAULT '',  -- single choice: one per line
  PRIMARY KEY (survey_id, pos),
  CONSTRAINT fk_sq_survey FOREIGN KEY (survey_id) REFERENCES surveys (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE survey_voters (
  survey_id BIGINT UNSIGNED NOT NULL,
  member_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (survey_id, member_id)
) ENGINE=InnoDB;

CREATE TABLE survey_ballots (
  survey_id BIGINT UNSIGNED NOT NULL,
  ballot    BINARY(32)      NOT NULL,   -- SHA-256 of the token handed out
  PRIMARY KEY (survey_id, ballot)
) ENGINE=InnoDB;

CREATE TABLE survey_answers (
  survey_id BIGINT UNSIGNED  NOT NULL,
  response  BINARY(16)       NOT NULL,   -- random per response
  pos       TINYINT UNSIGNED NOT NULL,
  choice    TINYINT UNSIGNED NULL,       -- single: option index; scale: 1..5
  text      VARCHAR(1000)    NULL,
  PRIMARY KEY (survey_id, response, pos)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
