-- Party organisations ("branches"), members, memberships (one primary affiliation,
-- many participations), pairing and the per-office settings they need.

ALTER TABLE offices ADD COLUMN liaison_cap INT UNSIGNED NOT NULL DEFAULT 30 AFTER level;

-- Secretaries are bound to a branch, members to their own member record.
ALTER TABLE accounts
  ADD COLUMN branch_id BIGINT UNSIGNED NULL AFTER role,
  ADD COLUMN member_id BIGINT UNSIGNED NULL AFTER branch_id;

CREATE TABLE branches (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code  CHAR(6)      NOT NULL,
  name         VARCHAR(100) NOT NULL,
  level        ENUM('committee','general_branch','branch') NOT NULL,
  nature       ENUM('regular','functional','temporary') NOT NULL,
  host_type    ENUM('work_unit','community','retirement_home','university_class','activity_team','association') NOT NULL,
  host_name    VARCHAR(100) NULL,
  parent_id    BIGINT UNSIGNED NULL,
  founded_on   DATE         NULL,
  dissolved_on DATE         NULL,
  address      VARCHAR(200) NULL,
  demo_level   ENUM('county','prefecture','province') NULL,
  demo_year    SMALLINT UNSIGNED NULL,
  version      INT UNSIGNED NOT NULL DEFAULT 1,
  created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_branches_office (office_code, id),
  KEY ix_branches_parent (office_code, parent_id),
  CONSTRAINT fk_branches_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_branches_parent FOREIGN KEY (parent_id) REFERENCES branches (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Personal data: id_enc/phone_enc/address_enc/health_enc hold AES-256-GCM sealed values
-- ('Y', version, key id, iv, tag, ciphertext). id_hmac is HMAC-SHA256 of the normalised
-- ID number under YH_PII_HMAC_KEY: exact lookup and per-office uniqueness without
-- decryption. health_idx is a keyed blind index of the health value for filtering.
CREATE TABLE members (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code    CHAR(6)      NOT NULL,
  name           VARCHAR(50)  NOT NULL,
  gender         ENUM('male','female') NOT NULL,
  birth_date     DATE         NOT NULL,
  id_hmac        BINARY(32)   NOT NULL,
  id_enc         VARBINARY(128) NOT NULL,
  phone_enc      VARBINARY(128) NULL,
  address_enc    VARBINARY(700) NULL,
  health_enc     VARBINARY(64)  NOT NULL,
  health_idx     BINARY(8)    NOT NULL,
  residence_code CHAR(6)      NULL,
  relocated      TINYINT(1)   NOT NULL DEFAULT 0,
  joined_on      DATE         NULL,
  category       ENUM('lixiu','retired','in_service') NOT NULL,
  work_unit      VARCHAR(100) NULL,
  status         ENUM('active','transferred_out','deceased') NOT NULL DEFAULT 'active',
  status_on      DATE         NULL,
  transferred_to VARCHAR(100) NULL,
  notes          VARCHAR(500) NULL,
  branch_id      BIGINT UNSIGNED NULL,  -- current primary branch (mirror of memberships)
  liaison_id     BIGINT UNSIGNED NULL,  -- paired in-service member (结对)
  version        INT UNSIGNED NOT NULL DEFAULT 1,
  created_at     DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at     DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_members_idno (office_code, id_hmac),
  KEY ix_members_status (office_code, status, id),
  KEY ix_members_branch (office_code, branch_id, status, id),
  KEY ix_members_liaison (office_code, liaison_id),
  KEY ix_members_birth (office_code, birth_date),
  CONSTRAINT fk_members_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_members_branch FOREIGN KEY (branch_id) REFERENCES branches (id),
  CONSTRAINT fk_members_liaison FOREIGN KEY (liaison_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One active primary membership per member is enforced by the unique key on
-- primary_open (NULL for ended and participating rows, which a unique key ignores).
CREATE TABLE memberships (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code  CHAR(6)      NOT NULL,
  member_id    BIGINT UNSIGNED NOT NULL,
  branch_id    BIGINT UNSIGNED NOT NULL,
  kind         ENUM('primary','participating') NOT NULL,
  started_on   DATE         NOT NULL,
  ended_on     DATE         NULL,
  end_reason   VARCHAR(100) NULL,
  primary_open BIGINT UNSIGNED AS (IF(kind = 'primary' AND ended_on IS NULL, member_id, NULL)) PERSISTENT,
  part_open    VARCHAR(48) AS (IF(kind = 'participating' AND ended_on IS NULL, CONCAT(member_id, ':', branch_id), NULL)) PERSISTENT,
  created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY ux_memberships_primary (primary_open),
  UNIQUE KEY ux_memberships_part (part_open),
  KEY ix_memberships_member (office_code, member_id, id),
  KEY ix_memberships_branch (office_code, branch_id, ended_on, member_id),
  CONSTRAINT fk_memberships_member FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT fk_memberships_branch FOREIGN KEY (branch_id) REFERENCES branches (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Committee of a branch: members with roles; at most one secretary.
CREATE TABLE branch_committee (
  branch_id   BIGINT UNSIGNED NOT NULL,
  member_id   BIGINT UNSIGNED NOT NULL,
  role        ENUM('secretary','deputy_secretary','organisation','propaganda','discipline','committee_member') NOT NULL,
  secretary_of BIGINT UNSIGNED AS (IF(role = 'secretary', branch_id, NULL)) PERSISTENT,
  PRIMARY KEY (branch_id, member_id),
  UNIQUE KEY ux_committee_secretary (secretary_of),
  KEY ix_committee_member (member_id),
  CONSTRAINT fk_committee_branch FOREIGN KEY (branch_id) REFERENCES branches (id),
  CONSTRAINT fk_committee_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB;

-- Organisational life attended per member. Written by the organisational-life
-- endpoints; read here for coverage ("no organisational life in N months").
CREATE TABLE org_life_attendance (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  member_id   BIGINT UNSIGNED NOT NULL,
  branch_id   BIGINT UNSIGNED NOT NULL,
  held_on     DATE         NOT NULL,
  status      ENUM('present','leave','absent','delivered') NOT NULL,
  KEY ix_attendance_member (office_code, member_id, held_on),
  CONSTRAINT fk_attendance_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB;

ALTER TABLE audit_log ADD KEY ix_audit_office_id (office_code, id);
