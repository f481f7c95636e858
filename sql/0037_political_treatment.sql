-- Political treatment (政治待遇, seeds 001/003): each cadre's treatment level and former
-- position, the office's events (形势通报会 every six months, 迎新春座谈会, 阅文会, attending
-- the 人大/政协 sessions) with their invitations, and the documents circulated for reading.

-- Treatment levels (现享受待遇): rows of office 000000 are the defaults; an office's own
-- row of the same code overrides one (its name, its rank, or retired = 1 to drop it); an
-- office may add codes. rank_order: 1 is the highest; "and above" in an invitation rule
-- means a rank_order at most the named level's.
CREATE TABLE treatment_levels (
  office_code CHAR(6)     NOT NULL,
  code        VARCHAR(24) NOT NULL,
  name        VARCHAR(30) NOT NULL,
  rank_order  SMALLINT UNSIGNED NOT NULL,
  retired     TINYINT(1)  NOT NULL DEFAULT 0,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  PRIMARY KEY (office_code, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO treatment_levels (office_code, code, name, rank_order) VALUES
  ('000000', 'minister', '正部级', 10),
  ('000000', 'vice_minister', '副部级', 20),
  ('000000', 'bureau', '正厅级', 30),
  ('000000', 'vice_bureau', '副厅级', 40),
  ('000000', 'division', '正处级', 50),
  ('000000', 'vice_division', '副处级', 60),
  ('000000', 'section', '正科级', 70),
  ('000000', 'other', '其他', 90);

-- The public rank of a cadre, not personal data to seal (README, Political treatment).
-- Existing members have none (NULL) until staff set it.
ALTER TABLE members
  ADD COLUMN treatment_level VARCHAR(24)  NULL,
  ADD COLUMN former_position VARCHAR(100) NULL,
  ADD KEY ix_members_treatment (office_code, treatment_level, id);

-- Office-level events. audience is the invitation rule as canonical JSON
-- {"categories":[],"treatment_levels":[],"and_above":bool,"healths":[]} (empty: any).
CREATE TABLE briefings (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  kind        ENUM('situation_briefing','forum','document_reading','observer','other') NOT NULL,
  title       VARCHAR(100) NOT NULL,
  held_at     DATETIME     NOT NULL,
  place       VARCHAR(100) NULL,
  audience    VARCHAR(1000) NOT NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_by  VARCHAR(80)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_briefings_office (office_code, id),
  KEY ix_briefings_held (office_code, kind, held_at),
  CONSTRAINT fk_briefings_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who is invited (by the rule or by hand), the reply and the attendance.
CREATE TABLE briefing_invitations (
  briefing_id  BIGINT UNSIGNED NOT NULL,
  member_id    BIGINT UNSIGNED NOT NULL,
  office_code  CHAR(6)      NOT NULL,
  added        ENUM('rule','hand') NOT NULL,
  reply        ENUM('accepted','declined') NULL,
  reply_reason VARCHAR(200) NULL,
  replied_at   DATETIME     NULL,
  attendance   ENUM('present','absent','leave','delivered') NULL,
  PRIMARY KEY (briefing_id, member_id),
  KEY ix_briefing_inv_member (office_code, member_id),
  CONSTRAINT fk_briefing_inv_briefing FOREIGN KEY (briefing_id) REFERENCES briefings (id) ON DELETE CASCADE,
  CONSTRAINT fk_briefing_inv_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Suggestions raised at an event.
ALTER TABLE suggestions
  ADD COLUMN briefing_id BIGINT UNSIGNED NULL,
  ADD KEY ix_suggestions_briefing (office_code, briefing_id, id);

-- Documents circulated for reading (阅文), their readers built by the same rule; deliver:
-- the reader was homebound when the list was built (送学上门-like delivery).
CREATE TABLE documents (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  title       VARCHAR(200) NOT NULL,
  level       ENUM('central','province','prefecture','county') NOT NULL,
  issued_on   DATE         NOT NULL,
  audience    VARCHAR(1000) NOT NULL,
  created_by  VARCHAR(80)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_documents_office (office_code, id),
  CONSTRAINT fk_documents_office FOREIGN KEY (office_code) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE document_readers (
  document_id BIGINT UNSIGNED NOT NULL,
  member_id   BIGINT UNSIGNED NOT NULL,
  office_code CHAR(6)     NOT NULL,
  deliver     TINYINT(1)  NOT NULL DEFAULT 0,
  read_on     DATE        NULL,
  how         ENUM('read','delivered') NULL,
  recorded_by VARCHAR(80) NULL,
  PRIMARY KEY (document_id, member_id),
  KEY ix_document_readers_member (office_code, member_id),
  CONSTRAINT fk_document_readers_doc FOREIGN KEY (document_id) REFERENCES documents (id),
  CONSTRAINT fk_document_readers_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
