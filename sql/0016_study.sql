-- Study records (三个一: read a good book, write a reflection, do a good deed) and the
-- office's credit rule. Study sessions attended come from organisational life.
CREATE TABLE study_records (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)       NOT NULL,
  member_id   BIGINT UNSIGNED NOT NULL,
  kind        ENUM('book','reflection','deed') NOT NULL,
  title       VARCHAR(200)  NOT NULL,
  body        VARCHAR(8000) NULL,
  done_on     DATE          NOT NULL,
  featured_branch_id BIGINT UNSIGNED NULL,   -- a reflection featured in that branch's 专刊
  created_by  VARCHAR(80)   NOT NULL,
  created_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_study_member (office_code, member_id, done_on),
  KEY ix_study_office (office_code, done_on, id),
  KEY ix_study_featured (featured_branch_id, done_on),
  CONSTRAINT fk_study_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE study_rules (
  office_code CHAR(6) NOT NULL,
  kind        ENUM('book','reflection','deed','session') NOT NULL,
  credits     TINYINT UNSIGNED NOT NULL,
  PRIMARY KEY (office_code, kind)
) ENGINE=InnoDB;
