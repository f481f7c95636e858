-- Transfers of members' party relationship (组织关系转接, issue 15): the sending office
-- starts one (or a batch) to a receiving office, any office in the country, or to another
-- branch of its own office; the receiver accepts into one of its regular branches or
-- refuses with a reason; the sender may cancel while pending. One row per member; a batch
-- shares batch_id (the first transfer's id). Between offices, acceptance copies the record
-- into the receiving office (new_member_id) and closes the sender's (transferred_out);
-- within an office the same record changes branch (new_member_id = member_id).
CREATE TABLE transfers (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  batch_id        BIGINT UNSIGNED NOT NULL DEFAULT 0,
  from_office     CHAR(6)      NOT NULL,
  to_office       CHAR(6)      NOT NULL,
  member_id       BIGINT UNSIGNED NOT NULL,   -- the sender's record
  new_member_id   BIGINT UNSIGNED NULL,       -- the receiver's record once accepted
  from_branch_id  BIGINT UNSIGNED NULL,       -- the member's primary branch when started
  to_branch_id    BIGINT UNSIGNED NULL,       -- within: named at the start; between: on acceptance
  state           ENUM('pending','accepted','refused','cancelled') NOT NULL DEFAULT 'pending',
  reason          VARCHAR(200) NOT NULL,      -- why the relationship moves (转接原因)
  letter_no       VARCHAR(40)  NULL,          -- the introduction letter's number (介绍信)
  note            VARCHAR(500) NULL,
  decision_reason VARCHAR(500) NULL,       -- why it was refused (required) or cancelled (optional)
  started_by      VARCHAR(100) NOT NULL,      -- office/account
  started_on      DATE         NOT NULL,      -- China date
  decided_by      VARCHAR(100) NULL,          -- who accepted, refused or cancelled (office/account)
  decided_on      DATE         NULL,
  decided_at      DATETIME(3)  NULL,
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  created_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  -- one pending transfer per member, held by the schema under concurrent starts
  pending_key     BIGINT UNSIGNED AS (IF(state = 'pending', member_id, NULL)) PERSISTENT,
  UNIQUE KEY ux_transfers_pending (pending_key),
  KEY ix_transfers_out (from_office, id),
  KEY ix_transfers_out_state (from_office, state, id),
  KEY ix_transfers_in (to_office, id),
  KEY ix_transfers_in_state (to_office, state, id),
  KEY ix_transfers_member (member_id),
  KEY ix_transfers_batch (batch_id),
  CONSTRAINT fk_transfers_from FOREIGN KEY (from_office) REFERENCES offices (code),
  CONSTRAINT fk_transfers_to FOREIGN KEY (to_office) REFERENCES offices (code),
  CONSTRAINT fk_transfers_member FOREIGN KEY (member_id) REFERENCES members (id),
  CONSTRAINT fk_transfers_new_member FOREIGN KEY (new_member_id) REFERENCES members (id),
  CONSTRAINT fk_transfers_from_branch FOREIGN KEY (from_branch_id) REFERENCES branches (id),
  CONSTRAINT fk_transfers_to_branch FOREIGN KEY (to_branch_id) REFERENCES branches (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The day a record entered its office's roll by a transfer from another office (NULL:
-- joined the party here or recorded here). The statistics count a member in an office
-- from the later of joining and entering (党内统计: 年底数, a transfer in is a flow in of
-- its year), so the receiving office's past years do not count a member it did not have.
ALTER TABLE members ADD COLUMN entered_on DATE NULL AFTER status_on;

-- The statistics procedure and triggers that read entered_on are redefined once, in
-- 0042_relocated.sql, together with the 混编 affiliation and the place of residence.
