-- The silver talent pool (银发人才库): categories, entries with a review workflow, groups,
-- and departments' requests with assignments and feedback.

ALTER TABLE offices ADD COLUMN talent_review_years TINYINT UNSIGNED NOT NULL DEFAULT 2 AFTER points_per_hour;

CREATE TABLE talent_categories (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  code        VARCHAR(40)  NOT NULL,
  name        VARCHAR(60)  NOT NULL,
  retired     TINYINT(1)   NOT NULL DEFAULT 0,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_tcat_code (office_code, code),
  CONSTRAINT fk_tcat_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A talent: a member (member_id) or a non-member retiree. The phone is sealed like
-- members' personal data and never part of the public profile.
CREATE TABLE talents (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code     CHAR(6)       NOT NULL,
  member_id       BIGINT UNSIGNED NULL,
  name            VARCHAR(50)   NOT NULL,
  gender          ENUM('male','female') NULL,
  birth_year      SMALLINT UNSIGNED NULL,
  phone_enc       VARBINARY(128) NULL,
  speciality      VARCHAR(200)  NOT NULL,
  title           VARCHAR(100)  NULL,    -- professional title 职称
  former_position VARCHAR(200)  NULL,
  bio             VARCHAR(1000) NULL,
  skills          VARCHAR(400)  NOT NULL DEFAULT '',
  availability    ENUM('anytime','weekdays','weekends','by_arrangement') NOT NULL DEFAULT 'by_arrangement',
  travel          TINYINT(1)    NOT NULL DEFAULT 0,
  service_area    VARCHAR(200)  NOT NULL DEFAULT '',  -- comma-separated GB/T 2260 codes
  languages       VARCHAR(200)  NOT NULL DEFAULT '',
  status          ENUM('applied','under_review','admitted','rejected','withdrawn','retired') NOT NULL DEFAULT 'applied',
  reason          VARCHAR(300)  NULL,    -- why rejected / withdrawn / retired
  admitted_on     DATE          NULL,
  review_due_on   DATE          NULL,
  rating_sum      INT UNSIGNED  NOT NULL DEFAULT 0,
  rating_count    INT UNSIGNED  NOT NULL DEFAULT 0,
  version         INT UNSIGNED  NOT NULL DEFAULT 1,
  created_at      DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at      DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_talents_member (office_code, member_id),
  KEY ix_talents_office (office_code, status, id),
  KEY ix_talents_due (office_code, status, review_due_on),
  CONSTRAINT fk_talents_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_talents_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE talent_category_links (
  talent_id   BIGINT UNSIGNED NOT NULL,
  category_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (talent_id, category_id),
  KEY ix_tcl_category (category_id, talent_id),
  CONSTRAINT fk_tcl_talent FOREIGN KEY (talent_id) REFERENCES talents (id),
  CONSTRAINT fk_tcl_category FOREIGN KEY (category_id) REFERENCES talent_categories (id)
) ENGINE=InnoDB;

CREATE TABLE talent_skills (
  talent_id BIGINT UNSIGNED NOT NULL,
  skill     VARCHAR(40) NOT NULL,
  PRIMARY KEY (talent_id, skill),
  KEY ix_tskills_skill (skill, talent_id),
  CONSTRAINT fk_tskills_talent FOREIGN KEY (talent_id) REFERENCES talents (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every workflow step: who and when.
CREATE TABLE talent_steps (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  talent_id   BIGINT UNSIGNED NOT NULL,
  from_status VARCHAR(16)  NULL,
  to_status   VARCHAR(16)  NOT NULL,
  actor       VARCHAR(80)  NOT NULL,
  reason      VARCHAR(300) NULL,
  at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_tsteps_talent (talent_id, id),
  CONSTRAINT fk_tsteps_talent FOREIGN KEY (talent_id) REFERENCES talents (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE talent_groups (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  name        VARCHAR(100) NOT NULL,
  kind        ENUM('lecturers','advisory','jurors','other') NOT NULL,
  field       VARCHAR(100) NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_tgroups_name (office_code, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE talent_group_members (
  group_id  BIGINT UNSIGNED NOT NULL,
  talent_id BIGINT UNSIGNED NOT NULL,
  role      ENUM('head','deputy','member') NOT NULL DEFAULT 'member',
  PRIMARY KEY (group_id, talent_id),
  CONSTRAINT fk_tgm_group FOREIGN KEY (group_id) REFERENCES talent_groups (id),
  CONSTRAINT fk_tgm_talent FOREIGN KEY (talent_id) REFERENCES talents (id)
) ENGINE=InnoDB;

-- A department's request: open -> assigned (staff assign talents) -> closed (with
-- feedback), or cancelled.
CREATE TABLE talent_requests (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code  CHAR(6)       NOT NULL,
  posted_by    VARCHAR(80)   NOT NULL,
  department   VARCHAR(100)  NOT NULL,
  category_id  BIGINT UNSIGNED NULL,
  skills       VARCHAR(400)  NOT NULL DEFAULT '',
  area         CHAR(6)       NULL,
  starts_on    DATE          NULL,
  ends_on      DATE          NULL,
  description  VARCHAR(2000) NOT NULL,
  contact      VARCHAR(100)  NULL,
  status       ENUM('open','assigned','closed','cancelled') NOT NULL DEFAULT 'open',
  rating       TINYINT UNSIGNED NULL,
  comment      VARCHAR(500)  NULL,
  version      INT UNSIGNED  NOT NULL DEFAULT 1,
  created_at   DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at   DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_treq_office (office_code, status, id),
  KEY ix_treq_poster (office_code, posted_by, id),
  CONSTRAINT fk_treq_category FOREIGN KEY (category_id) REFERENCES talent_categories (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE talent_assignments (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  request_id  BIGINT UNSIGNED NOT NULL,
  talent_id   BIGINT UNSIGNED NOT NULL,
  status      ENUM('assigned','accepted','declined') NOT NULL DEFAULT 'assigned',
  assigned_by VARCHAR(80)  NOT NULL,
  decided_at  DATETIME(3)  NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_tassign_once (request_id, talent_id),
  KEY ix_tassign_talent (talent_id, status),
  CONSTRAINT fk_tassign_request FOREIGN KEY (request_id) REFERENCES talent_requests (id),
  CONSTRAINT fk_tassign_talent FOREIGN KEY (talent_id) REFERENCES talents (id)
) ENGINE=InnoDB;
