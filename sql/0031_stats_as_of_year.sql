-- Statistics as the Party's statistics count them (RULES.md, Statistics; issue 13):
-- figures as of 31 December of the year asked for (the current year: as of today), party
-- years from 转正, the four joining-date bands and the 50-year medal's rule. At 10 million
-- members the reads stay on counts kept by triggers:
--
-- member_marginals (0010) keeps today's counts of active members. Its dimensions (val):
--   1 category   2 health blind index   3 birth year
--   5 has a primary branch ('1'/'0'; '' for a record no longer on the roll: closing it
--     ends its memberships, so its affiliation in the years before is not known)
--   4 year of 转正 (full_member_on; '' not known): years in the party from full membership
--     (党章 art. 7), no longer from admission
--   6 joining-date band of joined_on (service/stats/stats_rules.c stats_join_band):
--     '1' before 1949-10-01, '2' 1949-10-01..1978-12-17, '3' 1978-12-18..2012-11-07,
--     '4' from 2012-11-08; '' not known
--   7 first year of the 50-year medal (stats_medal_year): the smallest Y for which
--     STANDING_SQL_MEDAL holds, i.e. full_member_on <= (Y-50)-07-01 and not marked
--     ineligible; '' never (no 转正 date, or marked)
--
-- member_flows keeps, per office, year and the same dimensions, who entered and who left
-- the count: +1 in the year the member joined the party (0: not known, always counted),
-- -1 in the year the member died or was transferred out (status_on; a closed record
-- without a date never counts). A member is counted on 31 December of Y when joined by
-- then and not gone by then, so the figures of Y are today's counts minus the flows of
-- the years after Y: reading last year's figures reads one year of flows.
-- Dates are never in the future (the member API refuses them), so the current year's
-- figures are those as of today.

DROP TRIGGER IF EXISTS tr_members_marginals_ins;
DROP TRIGGER IF EXISTS tr_members_marginals_upd;
DROP TRIGGER IF EXISTS tr_members_marginals_del;

CREATE TABLE member_flows (
  office_code CHAR(6)           NOT NULL,
  yr          SMALLINT UNSIGNED NOT NULL,
  dim         TINYINT UNSIGNED  NOT NULL,
  val         VARBINARY(16)     NOT NULL,
  n           INT               NOT NULL,
  PRIMARY KEY (office_code, yr, dim, val)
) ENGINE=InnoDB;

-- One member's value in each dimension, as the triggers and the backfill below compute it.
CREATE FUNCTION stats_member_val(d TINYINT, category VARCHAR(16), health_idx BINARY(8), birth_date DATE,
                                 joined_on DATE, full_member_on DATE, ineligible TINYINT, has_branch TINYINT)
  RETURNS VARBINARY(16) DETERMINISTIC
  RETURN CASE d
    WHEN 1 THEN CAST(category AS BINARY)
    WHEN 2 THEN health_idx
    WHEN 3 THEN CAST(YEAR(birth_date) AS BINARY)
    WHEN 4 THEN CAST(IFNULL(YEAR(full_member_on), '') AS BINARY)
    WHEN 5 THEN IFNULL(CAST(has_branch AS BINARY), '')
    WHEN 6 THEN CASE WHEN joined_on IS NULL THEN '' WHEN joined_on < '1949-10-01' THEN '1'
                     WHEN joined_on < '1978-12-18' THEN '2' WHEN joined_on < '2012-11-08' THEN '3' ELSE '4' END
    ELSE IF(full_member_on IS NULL OR ineligible, '',
            CAST(YEAR(full_member_on) + 50 + (DATE_FORMAT(full_member_on, '%m%d') > '0701') AS BINARY))
  END;

-- Adds sgn (+1/-1) of one member to today's counts (when active) and to the flows. A
-- closed record's primary branch is not known (has_branch NULL).
CREATE PROCEDURE stats_member_apply(office CHAR(6), st VARCHAR(20), category VARCHAR(16), health_idx BINARY(8),
                                    birth_date DATE, joined_on DATE, full_member_on DATE, ineligible TINYINT,
                                    has_branch TINYINT, status_on DATE, sgn INT)
BEGIN
  DECLARE y_in SMALLINT DEFAULT IFNULL(YEAR(joined_on), 0);
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

DELETE FROM member_marginals;
INSERT INTO member_marginals (office_code, dim, val, n)
  SELECT m.office_code, d.dim, stats_member_val(d.dim, m.category, m.health_idx, m.birth_date, m.joined_on,
                                                m.full_member_on, m.medal_ineligible_reason IS NOT NULL,
                                                m.branch_id IS NOT NULL) v, COUNT(*)
  FROM members m JOIN (SELECT 1 dim UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
                       UNION ALL SELECT 6 UNION ALL SELECT 7) d
  WHERE m.status = 'active' GROUP BY m.office_code, d.dim, v;
INSERT INTO member_flows (office_code, yr, dim, val, n)
  SELECT x.office_code, x.yr, x.dim, x.v, SUM(x.n) FROM (
    SELECT m.office_code, IFNULL(YEAR(m.joined_on), 0) yr, d.dim,
           stats_member_val(d.dim, m.category, m.health_idx, m.birth_date, m.joined_on, m.full_member_on,
                            m.medal_ineligible_reason IS NOT NULL,
                            IF(m.status = 'active', m.branch_id IS NOT NULL, NULL)) v, 1 n
    FROM members m JOIN (SELECT 1 dim UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
                         UNION ALL SELECT 6 UNION ALL SELECT 7) d
    UNION ALL
    SELECT m.office_code, IF(m.status_on IS NULL, IFNULL(YEAR(m.joined_on), 0),
                             GREATEST(IFNULL(YEAR(m.joined_on), 0), YEAR(m.status_on))), d.dim,
           stats_member_val(d.dim, m.category, m.health_idx, m.birth_date, m.joined_on, m.full_member_on,
                            m.medal_ineligible_reason IS NOT NULL, NULL), -1
    FROM members m JOIN (SELECT 1 dim UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
                         UNION ALL SELECT 6 UNION ALL SELECT 7) d
    WHERE m.status <> 'active') x
  GROUP BY x.office_code, x.yr, x.dim, x.v;

CREATE TRIGGER tr_members_marginals_ins AFTER INSERT ON members FOR EACH ROW
  CALL stats_member_apply(NEW.office_code, NEW.status, NEW.category, NEW.health_idx, NEW.birth_date, NEW.joined_on,
                          NEW.full_member_on, NEW.medal_ineligible_reason IS NOT NULL, NEW.branch_id IS NOT NULL,
                          NEW.status_on, 1);

CREATE TRIGGER tr_members_marginals_upd AFTER UPDATE ON members FOR EACH ROW
BEGIN
  IF NOT (OLD.status <=> NEW.status AND OLD.office_code <=> NEW.office_code AND OLD.category <=> NEW.category
          AND OLD.health_idx <=> NEW.health_idx AND YEAR(OLD.birth_date) <=> YEAR(NEW.birth_date)
          AND OLD.joined_on <=> NEW.joined_on AND OLD.full_member_on <=> NEW.full_member_on
          AND (OLD.medal_ineligible_reason IS NULL) <=> (NEW.medal_ineligible_reason IS NULL)
          AND OLD.status_on <=> NEW.status_on AND (OLD.branch_id IS NULL) <=> (NEW.branch_id IS NULL)) THEN
    CALL stats_member_apply(OLD.office_code, OLD.status, OLD.category, OLD.health_idx, OLD.birth_date,
                            OLD.joined_on, OLD.full_member_on, OLD.medal_ineligible_reason IS NOT NULL,
                            OLD.branch_id IS NOT NULL, OLD.status_on, -1);
    CALL stats_member_apply(NEW.office_code, NEW.status, NEW.category, NEW.health_idx, NEW.birth_date,
                            NEW.joined_on, NEW.full_member_on, NEW.medal_ineligible_reason IS NOT NULL,
                            NEW.branch_id IS NOT NULL, NEW.status_on, 1);
  END IF;
END;

CREATE TRIGGER tr_members_marginals_del AFTER DELETE ON members FOR EACH ROW
  CALL stats_member_apply(OLD.office_code, OLD.status, OLD.category, OLD.health_idx, OLD.birth_date, OLD.joined_on,
                          OLD.full_member_on, OLD.medal_ineligible_reason IS NOT NULL, OLD.branch_id IS NOT NULL,
                          OLD.status_on, -1);

-- Care is counted in 人次 (RULES.md, Statistics): one per member visited per visit, read
-- from visit_members by office and day.
ALTER TABLE visit_members ADD KEY ix_vm_stats (office_code, visited_on, reason);

-- Participation in functional and temporary branches, its own line in the statistics:
-- open participating memberships by office, without the primary ones.
ALTER TABLE memberships ADD KEY ix_memberships_part_stats (kind, office_code, branch_id, started_on, ended_on, member_id);
