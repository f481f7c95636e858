-- Party groups (党小组, RULES.md "Party groups"): a branch may divide its members into
-- groups, each with a leader (组长), the member's first contact on the 亲情服务卡. A
-- member is in at most one group of their branch: ux_pgm_one_group holds it under
-- concurrent writes. branch_id is copied into party_group_members for that key.
CREATE TABLE party_groups (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  branch_id   BIGINT UNSIGNED NOT NULL,
  name        VARCHAR(100) NOT NULL,
  leader_id   BIGINT UNSIGNED NULL,
  formed_on   DATE         NOT NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_party_groups_name (branch_id, name),
  KEY ix_party_groups_office (office_code, branch_id, id),
  KEY ix_party_groups_leader (office_code, leader_id),
  CONSTRAINT fk_pg_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_pg_branch FOREIGN KEY (branch_id) REFERENCES branches (id),
  CONSTRAINT fk_pg_leader FOREIGN KEY (leader_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE party_group_members (
  group_id    BIGINT UNSIGNED NOT NULL,
  office_code CHAR(6)         NOT NULL,
  branch_id   BIGINT UNSIGNED NOT NULL,
  member_id   BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (group_id, member_id),
  UNIQUE KEY ux_pgm_one_group (branch_id, member_id),
  KEY ix_pgm_member (office_code, member_id),
  CONSTRAINT fk_pgm_group FOREIGN KEY (group_id) REFERENCES party_groups (id) ON DELETE CASCADE,
  CONSTRAINT fk_pgm_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB;

-- A 党小组会 is an activity of kind group_meeting held by one group of its branch
-- (NULL for other kinds and for group meetings recorded before groups existed).
ALTER TABLE activities
  ADD COLUMN group_id BIGINT UNSIGNED NULL AFTER kind,
  ADD KEY ix_activities_group (office_code, group_id, held_at),
  ADD CONSTRAINT fk_activities_group FOREIGN KEY (group_id) REFERENCES party_groups (id) ON DELETE SET NULL;
