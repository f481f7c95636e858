-- Issue 17: the branch tree (GET /v1/branches/tree) and the talent search
-- (GET /v1/talents/search) read bounded rows instead of counting or sorting at read time.
--
-- branch_counts keeps, per office and branch, the active members whose primary branch it
-- is (members.branch_id), kept by triggers in the same transaction as every write of
-- members, as member_marginals (0010) is: the tree then reads one row per organisation
-- instead of every member of the county. The office is the member's, as the read joins
-- it (a member counts under a branch of its own office only). Rows at 0 stay.
CREATE TABLE branch_counts (
  office_code CHAR(6)         NOT NULL,
  branch_id   BIGINT UNSIGNED NOT NULL,
  members     INT             NOT NULL,
  PRIMARY KEY (office_code, branch_id)
) ENGINE=InnoDB;

INSERT INTO branch_counts (office_code, branch_id, members)
  SELECT office_code, branch_id, COUNT(*) FROM members WHERE status = 'active' AND branch_id IS NOT NULL
  GROUP BY office_code, branch_id;

-- Adds d to the count of office's branch (none: nothing to count).
CREATE PROCEDURE branch_counts_add(office CHAR(6), branch BIGINT UNSIGNED, d INT)
  IF branch IS NOT NULL THEN
    INSERT INTO branch_counts (office_code, branch_id, members) VALUES (office, branch, d)
      ON DUPLICATE KEY UPDATE members = members + d;
  END IF;

CREATE TRIGGER tr_members_branch_counts_ins AFTER INSERT ON members FOR EACH ROW
  CALL branch_counts_add(NEW.office_code, IF(NEW.status = 'active', NEW.branch_id, NULL), 1);

-- A move takes two counts: the lower key first, so two members moved at once in opposite
-- directions between the same branches wait for each other instead of deadlocking.
CREATE TRIGGER tr_members_branch_counts_upd AFTER UPDATE ON members FOR EACH ROW
BEGIN
  DECLARE ob BIGINT UNSIGNED DEFAULT IF(OLD.status = 'active', OLD.branch_id, NULL);
  DECLARE nb BIGINT UNSIGNED DEFAULT IF(NEW.status = 'active', NEW.branch_id, NULL);
  IF NOT (ob <=> nb AND OLD.office_code <=> NEW.office_code) THEN
    IF nb IS NOT NULL AND ob IS NOT NULL AND (NEW.office_code, nb) < (OLD.office_code, ob) THEN
      CALL branch_counts_add(NEW.office_code, nb, 1);
      CALL branch_counts_add(OLD.office_code, ob, -1);
    ELSE
      CALL branch_counts_add(OLD.office_code, ob, -1);
      CALL branch_counts_add(NEW.office_code, nb, 1);
    END IF;
  END IF;
END;

CREATE TRIGGER tr_members_branch_counts_del AFTER DELETE ON members FOR EACH ROW
  CALL branch_counts_add(OLD.office_code, IF(OLD.status = 'active', OLD.branch_id, NULL), -1);

-- The talent search without free text lists admitted talents newest admitted first: a
-- county's by the office's own codes, a prefecture's or province's by the code's prefix,
-- kept as virtual columns so each has an index that reads in that order and stops at the
-- page (LIKE '5328%' over many counties reads them all and sorts). RTRIM: MariaDB refuses
-- LEFT of a CHAR column in a generated column (PAD_CHAR_TO_FULL_LENGTH); codes have no
-- trailing spaces, so it is LEFT(office_code, n).
ALTER TABLE talents
  ADD COLUMN prefecture_code CHAR(4) AS (LEFT(RTRIM(office_code), 4)) VIRTUAL,
  ADD COLUMN province_code CHAR(2) AS (LEFT(RTRIM(office_code), 2)) VIRTUAL,
  ADD KEY ix_talents_admitted (office_code, status, admitted_on, id),
  ADD KEY ix_talents_prefecture (prefecture_code, status, admitted_on, id),
  ADD KEY ix_talents_province (province_code, status, admitted_on, id);
