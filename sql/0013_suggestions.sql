-- Members' suggestions (建言献策): submitted from the app or by staff on a member's
-- behalf, routed to a department (an integration client of the office), answered by it
-- or by staff, then closed. The member sees the answer.
CREATE TABLE suggestions (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code   CHAR(6)        NOT NULL,
  member_id     BIGINT UNSIGNED NOT NULL,
  topic         VARCHAR(100)   NOT NULL,
  body          VARCHAR(4000)  NOT NULL,
  category      ENUM('party_building','agriculture','urban_construction','economy','education','health','culture',
                     'environment','social_services','elderly_care','other') NOT NULL DEFAULT 'other',
  status        ENUM('submitted','forwarded','answered','closed') NOT NULL DEFAULT 'submitted',
  client_id     VARCHAR(64)    NULL,      -- the department it was forwarded to
  department    VARCHAR(100)   NULL,
  answer        VARCHAR(4000)  NULL,
  answered_by   VARCHAR(80)    NULL,
  answered_at   DATETIME(3)    NULL,
  close_note    VARCHAR(500)   NULL,
  created_by    VARCHAR(80)    NOT NULL,
  version       INT UNSIGNED   NOT NULL DEFAULT 1,
  created_at    DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at    DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_suggestions_office (office_code, status, id),
  KEY ix_suggestions_member (office_code, member_id, id),
  KEY ix_suggestions_client (client_id, id),
  CONSTRAINT fk_suggestions_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
