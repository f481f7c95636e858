-- Statistics read members' figures from their marginal counts per office, kept by
-- triggers in the same transaction as every write of members: a province's roll-up over
-- a million members then reads a few hundred rows per office instead of every member.
-- Only active members count. Dimensions (val):
--   1 category (lixiu/retired/in_service)   2 health blind index (8 bytes)
--   3 birth year (YYYY)                      4 year joined the party (YYYY, '' unknown)
--   5 has a primary branch ('1'/'0')
-- Ages and years in the party are counted as of 31 December of the statistics year, as
-- the party's annual statistics are; only the years are needed.
-- The covering index 0008 added for the old per-member scan has no reader left.
ALTER TABLE members DROP KEY ix_members_stats;

CREATE TABLE member_marginals (
  office_code CHAR(6)          NOT NULL,
  dim         TINYINT UNSIGNED NOT NULL,
  val         VARBINARY(16)    NOT NULL,
  n           INT              NOT NULL,
  PRIMARY KEY (office_code, dim, val)
) ENGINE=InnoDB;

INSERT INTO member_marginals (office_code, dim, val, n)
  SELECT office_code, 1, category, COUNT(*) FROM members WHERE status = 'active' GROUP BY office_code, category;
INSERT INTO member_marginals (office_code, dim, val, n)
  SELECT office_code, 2, health_idx, COUNT(*) FROM members WHERE status = 'active' GROUP BY office_code, health_idx;
INSERT INTO member_marginals (office_code, dim, val, n)
  SELECT office_code, 3, YEAR(birth_date), COUNT(*) FROM members WHERE status = 'active' GROUP BY office_code, YEAR(birth_date);
INSERT INTO member_marginals (office_code, dim, val, n)
  SELECT office_code, 4, IFNULL(YEAR(joined_on), ''), COUNT(*) FROM members WHERE status = 'active'
  GROUP BY office_code, IFNULL(YEAR(joined_on), '');
INSERT INTO member_marginals (office_code, dim, val, n)
  SELECT office_code, 5, branch_id IS NOT NULL, COUNT(*) FROM members WHERE status = 'active'
  GROUP BY office_code, branch_id IS NOT NULL;

CREATE TRIGGER tr_members_marginals_ins AFTER INSERT ON members FOR EACH ROW
BEGIN
  IF NEW.status = 'active' THEN
    INSERT INTO member_marginals (office_code, dim, val, n) VALUES
      (NEW.office_code, 1, NEW.category, 1), (NEW.office_code, 2, NEW.health_idx, 1),
      (NEW.office_code, 3, YEAR(NEW.birth_date), 1), (NEW.office_code, 4, IFNULL(YEAR(NEW.joined_on), ''), 1),
      (NEW.office_code, 5, NEW.branch_id IS NOT NULL, 1)
    ON DUPLICATE KEY UPDATE n = n + VALUES(n);
  END IF;
END;

CREATE TRIGGER tr_members_marginals_upd AFTER UPDATE ON members FOR EACH ROW
BEGIN
  IF NOT (OLD.status <=> NEW.status AND OLD.office_code <=> NEW.office_code AND OLD.category <=> NEW.category
          AND OLD.health_idx <=> NEW.health_idx AND YEAR(OLD.birth_date) <=> YEAR(NEW.birth_date)
          AND YEAR(OLD.joined_on) <=> YEAR(NEW.joined_on) AND (OLD.branch_id IS NULL) <=> (NEW.branch_id IS NULL)) THEN
    IF OLD.status = 'active' THEN
      INSERT INTO member_marginals (office_code, dim, val, n) VALUES
        (OLD.office_code, 1, OLD.category, -1), (OLD.office_code, 2, OLD.health_idx, -1),
        (OLD.office_code, 3, YEAR(OLD.birth_date), -1), (OLD.office_code, 4, IFNULL(YEAR(OLD.joined_on), ''), -1),
        (OLD.office_code, 5, OLD.branch_id IS NOT NULL, -1)
      ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
    IF NEW.status = 'active' THEN
      INSERT INTO member_marginals (office_code, dim, val, n) VALUES
        (NEW.office_code, 1, NEW.category, 1), (NEW.office_code, 2, NEW.health_idx, 1),
        (NEW.office_code, 3, YEAR(NEW.birth_date), 1), (NEW.office_code, 4, IFNULL(YEAR(NEW.joined_on), ''), 1),
        (NEW.office_code, 5, NEW.branch_id IS NOT NULL, 1)
      ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
  END IF;
END;

CREATE TRIGGER tr_members_marginals_del AFTER DELETE ON members FOR EACH ROW
BEGIN
  IF OLD.status = 'active' THEN
    INSERT INTO member_marginals (office_code, dim, val, n) VALUES
      (OLD.office_code, 1, OLD.category, -1), (OLD.office_code, 2, OLD.health_idx, -1),
      (OLD.office_code, 3, YEAR(OLD.birth_date), -1), (OLD.office_code, 4, IFNULL(YEAR(OLD.joined_on), ''), -1),
      (OLD.office_code, 5, OLD.branch_id IS NOT NULL, -1)
    ON DUPLICATE KEY UPDATE n = n + VALUES(n);
  END IF;
END;
