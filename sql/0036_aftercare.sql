-- Death and aftercare (离世与善后, seed 001: 70+ aftercares a year; a provincial system keeps
-- deaths and survivor payments): the office's aftercare checklist, and one aftercare per
-- recorded death holding the death's details and the checklist's items as done.

-- Checklist items: rows of office 000000 are the defaults; an office's own row of the same
-- code overrides one (its name, whether it is required, or retired = 1 to drop it); an
-- office may add codes. An aftercare copies the office's checklist when it opens, so a
-- later change of the list leaves the aftercares already open as they were.
CREATE TABLE aftercare_items (
  office_code CHAR(6)      NOT NULL,
  code        VARCHAR(24)  NOT NULL,
  name        VARCHAR(60)  NOT NULL,
  required    TINYINT(1)   NOT NULL DEFAULT 1,
  retired     TINYINT(1)   NOT NULL DEFAULT 0,
  position    SMALLINT UNSIGNED NOT NULL DEFAULT 100,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  PRIMARY KEY (office_code, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO aftercare_items (office_code, code, name, required, position) VALUES
  ('000000', 'condolence', '吊唁慰问', 1, 10),
  ('000000', 'funeral', '协助治丧', 1, 20),
  ('000000', 'memorial', '悼念活动', 0, 30),
  ('000000', 'family_contact', '联系家属', 1, 40),
  ('000000', 'survivor_payment', '抚恤金发放', 1, 50);

-- One aftercare per death. cause, reported_by (a relative's name and relation) and note
-- are sealed (pii.h). branch_id is the member's primary branch on the day the death was
-- recorded (recording ends the membership), for the secretary's view. live_member_id is
-- member_id until a report proves mistaken (status withdrawn, NULL then), so a member has
-- at most one standing death record and a mistaken one stays for the history.
CREATE TABLE aftercares (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code      CHAR(6)         NOT NULL,
  member_id        BIGINT UNSIGNED NOT NULL,
  live_member_id   BIGINT UNSIGNED NULL,
  branch_id        BIGINT UNSIGNED NULL,
  died_on          DATE            NOT NULL,
  cause_enc        VARBINARY(2100) NULL,
  reported_by_enc  VARBINARY(700)  NOT NULL,
  note_enc         VARBINARY(2100) NULL,
  status           ENUM('open','complete','withdrawn') NOT NULL DEFAULT 'open',
  completed_on     DATE            NULL,
  withdrawn_reason VARCHAR(200)    NULL,
  recorded_by      VARCHAR(80)     NOT NULL,
  version          INT UNSIGNED    NOT NULL DEFAULT 1,
  created_at       DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at       DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_aftercare_live (office_code, live_member_id),
  KEY ix_aftercare_status (office_code, status, id),
  KEY ix_aftercare_branch (office_code, branch_id, status, id),
  KEY ix_aftercare_member (office_code, member_id),
  CONSTRAINT fk_aftercare_member FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT fk_aftercare_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The aftercare's items (copied from the checklist at opening) and what was done. The
-- survivor's payment (抚恤金) holds who received it (sealed), when and the amount in fen
-- (sealed), or why it was not paid. A condolence visit may name the visit made.
CREATE TABLE aftercare_steps (
  aftercare_id    BIGINT UNSIGNED NOT NULL,
  code            VARCHAR(24)     NOT NULL,
  office_code     CHAR(6)         NOT NULL,
  name            VARCHAR(60)     NOT NULL,
  required        TINYINT(1)      NOT NULL,
  position        SMALLINT UNSIGNED NOT NULL,
  done_on         DATE            NULL,
  done_by         VARCHAR(80)     NULL,
  note_enc        VARBINARY(2100) NULL,
  visit_id        BIGINT UNSIGNED NULL,
  recipient_enc   VARBINARY(700)  NULL,
  paid_on         DATE            NULL,
  amount_enc      VARBINARY(200)  NULL,
  not_paid_reason VARCHAR(200)    NULL,
  PRIMARY KEY (aftercare_id, code),
  KEY ix_aftercare_steps_office (office_code, aftercare_id),
  CONSTRAINT fk_aftercare_step FOREIGN KEY (aftercare_id) REFERENCES aftercares (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
