-- The 自行脱党 early warning (党章 art. 9): the proper reason recorded for a member's
-- absence, the events sent (one per member, kind and run of months), and the index the
-- list reads a member's last organisational life through.

-- One current reason per member; note_enc is sealed (pii.h): it may say what illness.
CREATE TABLE lapse_reasons (
  member_id   BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  kind        ENUM('illness','homebound_care','other') NOT NULL,
  note_enc    VARBINARY(700) NULL,
  since       CHAR(7)      NOT NULL,   -- YYYY-MM
  until       CHAR(7)      NULL,       -- YYYY-MM, NULL while it lasts
  recorded_by VARCHAR(80)  NOT NULL,
  recorded_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_lapse_reasons_office (office_code, member_id),
  CONSTRAINT fk_lapse_reasons_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- member.lapse_warning sent for the run of months starting at since: once per episode.
CREATE TABLE lapse_events (
  member_id   BIGINT UNSIGNED NOT NULL,
  kind        ENUM('org_life','dues') NOT NULL,
  since       CHAR(7)      NOT NULL,
  office_code CHAR(6)      NOT NULL,
  sent_at     DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (member_id, kind, since),
  CONSTRAINT fk_lapse_events_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB;

-- A member's last attendance that counts (present, or 送学上门 delivered) by index alone.
ALTER TABLE org_life_attendance ADD KEY ix_attendance_life (member_id, status, held_on);
