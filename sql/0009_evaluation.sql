-- Demonstration-branch evaluation (示范党支部创建, 三级联创): an office's scoring sheets,
-- one scored candidacy per branch and year, and its way up county → prefecture →
-- province. The branch's demonstration status (branches.demo_level/demo_year) follows
-- from the levels it is named at.

-- A sheet never changes once written: scores keep the criteria they were given under.
CREATE TABLE eval_sheets (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  name        VARCHAR(100) NOT NULL,
  created_by  VARCHAR(80)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_eval_sheets_office (office_code, id),
  CONSTRAINT fk_eval_sheets_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Weights are percentages summing to 100; a criterion's score runs 0..max_score.
CREATE TABLE eval_criteria (
  sheet_id    BIGINT UNSIGNED   NOT NULL,
  pos         TINYINT UNSIGNED  NOT NULL,
  code        VARCHAR(24)       NOT NULL,
  name        VARCHAR(100)      NOT NULL,
  weight      TINYINT UNSIGNED  NOT NULL,
  max_score   SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (sheet_id, pos),
  UNIQUE KEY ux_eval_criteria_code (sheet_id, code),
  CONSTRAINT fk_eval_criteria_sheet FOREIGN KEY (sheet_id) REFERENCES eval_sheets (id),
  CONSTRAINT ck_eval_criteria CHECK (weight BETWEEN 1 AND 100 AND max_score BETWEEN 1 AND 1000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- stage: the level whose office decides now; state: what it decided there.
-- named_level: the highest level the branch was named at in this round.
CREATE TABLE evaluations (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)          NOT NULL,
  branch_id   BIGINT UNSIGNED  NOT NULL,
  year        SMALLINT UNSIGNED NOT NULL,
  sheet_id    BIGINT UNSIGNED  NOT NULL,
  total_centi INT UNSIGNED     NOT NULL,   -- weighted total out of 100, in hundredths
  comment     VARCHAR(1000)    NULL,
  stage       ENUM('county','prefecture','province') NOT NULL,
  state       ENUM('pending','named','not_named') NOT NULL DEFAULT 'pending',
  named_level ENUM('county','prefecture','province') NULL,
  created_by  VARCHAR(80)      NOT NULL,
  version     INT UNSIGNED     NOT NULL DEFAULT 1,
  created_at  DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_evaluations_branch_year (branch_id, year),
  KEY ix_evaluations_year (year, office_code, id),
  KEY ix_evaluations_stage (year, stage, office_code, id),
  CONSTRAINT fk_evaluations_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_evaluations_branch FOREIGN KEY (branch_id) REFERENCES branches (id),
  CONSTRAINT fk_evaluations_sheet FOREIGN KEY (sheet_id) REFERENCES eval_sheets (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE eval_scores (
  evaluation_id BIGINT UNSIGNED  NOT NULL,
  pos           TINYINT UNSIGNED NOT NULL,
  score_tenths  INT UNSIGNED     NOT NULL,
  note          VARCHAR(500)     NULL,
  PRIMARY KEY (evaluation_id, pos),
  CONSTRAINT fk_eval_scores_evaluation FOREIGN KEY (evaluation_id) REFERENCES evaluations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every decision, by whom and at which office.
CREATE TABLE eval_steps (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  evaluation_id BIGINT UNSIGNED NOT NULL,
  action        ENUM('scored','rescored','name','not_name','nominate') NOT NULL,
  stage         ENUM('county','prefecture','province') NOT NULL,
  office_code   CHAR(6)         NOT NULL,
  actor         VARCHAR(80)     NOT NULL,
  reason        VARCHAR(500)    NULL,
  at            DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_eval_steps (evaluation_id, id),
  CONSTRAINT fk_eval_steps_evaluation FOREIGN KEY (evaluation_id) REFERENCES evaluations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
