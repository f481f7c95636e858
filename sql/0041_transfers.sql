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

-- stats_member_apply (0031) with the year of entry: +1 in the later of the joining year
-- and the entering year, -1 in the year the record closed (never before its entry).
DROP TRIGGER IF EXISTS tr_members_marginals_ins;
DROP TRIGGER IF EXISTS tr_members_marginals_upd;
DROP TRIGGER IF EXISTS tr_members_marginals_del;
DROP PROCEDURE IF EXISTS stats_member_apply;

CREATE PROCEDURE stats_member_apply(office CHAR(6), st VARCHAR(20), category VARCHAR(16), health_idx BINARY(8),
                                    birth_date DATE, joined_on DATE, full_member_on DATE, ineligible TINYINT,
                                    has_branch TINYINT, status_on DATE, entered_on DATE, sgn INT)
BEGIN
  DECLARE y_in SMALLINT DEFAULT GREATEST(IFNULL(YEAR(joined_on), 0), IFNULL(YEAR(entered_on), 0));
  DECLARE d TINYINT DEFAULT 1;
  DECLARE v VARBINARY(16);
  WHILE d <= 7 DO
    SET v = stats_member_val(d, category, health_idx, birth_date, joined_on, full_member_on, ineligible,
                             IF(st = 'active', has_branch, NULL));
    IF st = 'active' THEN
      INSERT INTO member_marginals (office_code, dim, val, n) VALUES (office, d, v, sgn)
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    ELSE
      INSERT INTO member_flows (office_code, yr, dim, val, n)
        VALUES (office, IF(status_on IS NULL, y_in, GREATEST(y_in, YEAR(status_on))), d, v, -sgn)
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
    INSERT INTO member_flows (office_code, yr, dim, val, n) VALUES (office, y_in, d, v, sgn)
      ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    SET d = d + 1;
  END WHILE;
END;

CREATE TRIGGER tr_members_marginals_ins AFTER INSERT ON members FOR EACH ROW
  CALL stats_member_apply(NEW.office_code, NEW.status, NEW.category, NEW.health_idx, NEW.birth_date, NEW.joined_on,
                          NEW.full_member_on, NEW.medal_ineligible_reason IS NOT NULL, NEW.branch_id IS NOT NULL,
                          NEW.status_on, NEW.entered_on, 1);

CREATE TRIGGER tr_members_marginals_upd AFTER UPDATE ON members FOR EACH ROW
BEGIN
  IF NOT (OLD.status <=> NEW.status AND OLD.office_code <=> NEW.office_code AND OLD.category <=> NEW.category
          AND OLD.health_idx <=> NEW.health_idx AND YEAR(OLD.birth_date) <=> YEAR(NEW.birth_date)
          AND OLD.joined_on <=> NEW.joined_on AND OLD.full_member_on <=> NEW.full_member_on
          AND (OLD.medal_ineligible_reason IS NULL) <=> (NEW.medal_ineligible_reason IS NULL)
          AND OLD.status_on <=> NEW.status_on AND (OLD.branch_id IS NULL) <=> (NEW.branch_id IS NULL)
          AND OLD.entered_on <=> NEW.entered_on) THEN
    CALL stats_member_apply(OLD.office_code, OLD.status, OLD.category, OLD.health_idx, OLD.birth_date,
                            OLD.joined_on, OLD.full_member_on, OLD.medal_ineligible_reason IS NOT NULL,
                            OLD.branch_id IS NOT NULL, OLD.status_on, OLD.entered_on, -1);
    CALL stats_member_apply(NEW.office_code, NEW.status, NEW.category, NEW.health_idx, NEW.birth_date,
                            NEW.joined_on, NEW.full_member_on, NEW.medal_ineligible_reason IS NOT NULL,
                            NEW.branch_id IS NOT NULL, NEW.status_on, NEW.entered_on, 1);
  END IF;
END;

CREATE TRIGGER tr_members_marginals_del AFTER DELETE ON members FOR EACH ROW
  CALL stats_member_apply(OLD.office_code, OLD.status, OLD.category, OLD.health_idx, OLD.birth_date, OLD.joined_on,
                          OLD.full_member_on, OLD.medal_ineligible_reason IS NOT NULL, OLD.branch_id IS NOT NULL,
                          OLD.status_on, OLD.entered_on, -1);
