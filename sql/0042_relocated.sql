-- Relocated members, branches located elsewhere and 混编 (issue 15; seed 004: Zhaotong's
-- counties run 党(工)委 in Kunming for their members living there; seed 002: 57.5% of
-- Jinghong's retirees are managed together with in-service members).

-- Where a branch meets: a GB/T 2260 division code; NULL: in the office's own area.
ALTER TABLE branches ADD COLUMN location_code CHAR(6) NULL AFTER address,
  ADD KEY ix_branches_location (office_code, location_code, id);

-- 四就近: the member agrees (or withdrew) that the host office of the place it lives in
-- may see it (nearby_consent_on: the day of the last change). 混编: a retiree whose formal
-- branch belongs to an in-service unit outside the office (unit and branch names; only
-- without a branch of this office).
ALTER TABLE members
  ADD COLUMN nearby_consent TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN nearby_consent_on DATE NULL,
  ADD COLUMN managed_with_unit VARCHAR(100) NULL,
  ADD COLUMN managed_with_branch VARCHAR(100) NULL,
  ADD KEY ix_members_relocated (office_code, relocated, status, id),
  ADD KEY ix_members_nearby (office_code, nearby_consent, status, residence_code, id);

-- A home office's grant to a host office (one whose area covers where its members live)
-- to read the relocated members who consented. Revoking keeps the row (revoked_at); one
-- open grant per pair, held by the unique key on open_flag (NULL once revoked, which a
-- unique key ignores) under concurrent posts.
CREATE TABLE relocation_grants (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  host_office CHAR(6)      NOT NULL,
  granted_by  VARCHAR(80)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  revoked_at  DATETIME(3)  NULL,
  revoked_by  VARCHAR(80)  NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1, -- If-Match on DELETE (API.md)
  open_flag   TINYINT AS (IF(revoked_at IS NULL, 1, NULL)) PERSISTENT,
  UNIQUE KEY ux_relocation_grants_open (office_code, host_office, open_flag),
  KEY ix_relocation_grants_office (office_code, id),
  KEY ix_relocation_grants_host (host_office, revoked_at, office_code),
  CONSTRAINT fk_relocation_grants_office FOREIGN KEY (office_code) REFERENCES offices (code),
  CONSTRAINT fk_relocation_grants_host FOREIGN KEY (host_office) REFERENCES offices (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Statistics (sql/0031): dimension 5 tells the formal affiliation of a member on the roll:
-- '1' a primary branch of the office, '2' managed with an in-service unit (混编, no branch
-- here), '0' neither; '' a record no longer on the roll. A new dimension 8 counts members
-- living elsewhere by place: the prefecture of residence_code (XXYY00) when relocated,
-- '' otherwise. Counted once each, by the same flows as every dimension.
DROP TRIGGER IF EXISTS tr_members_marginals_ins;
DROP TRIGGER IF EXISTS tr_members_marginals_upd;
DROP TRIGGER IF EXISTS tr_members_marginals_del;
DROP PROCEDURE IF EXISTS stats_member_apply;
DROP FUNCTION IF EXISTS stats_member_val;

CREATE FUNCTION stats_member_val(d TINYINT, category VARCHAR(16), health_idx BINARY(8), birth_date DATE,
                                 joined_on DATE, full_member_on DATE, ineligible TINYINT, has_branch TINYINT,
                                 place CHAR(6))
  RETURNS VARBINARY(16) DETERMINISTIC
  RETURN CASE d
    WHEN 1 THEN CAST(category AS BINARY)
    WHEN 2 THEN health_idx
    WHEN 3 THEN CAST(YEAR(birth_date) AS BINARY)
    WHEN 4 THEN CAST(IFNULL(YEAR(full_member_on), '') AS BINARY)
    WHEN 5 THEN IFNULL(CAST(has_branch AS BINARY), '')
    WHEN 6 THEN CASE WHEN joined_on IS NULL THEN '' WHEN joined_on < '1949-10-01' THEN '1'
                     WHEN joined_on < '1978-12-18' THEN '2' WHEN joined_on < '2012-11-08' THEN '3' ELSE '4' END
    WHEN 8 THEN IFNULL(CAST(place AS BINARY), '')
    ELSE IF(full_member_on IS NULL OR ineligible, '',
            CAST(YEAR(full_member_on) + 50 + (DATE_FORMAT(full_member_on, '%m%d') > '0701') AS BINARY))
  END;

-- The place a member is counted under in dimension 8 (NULL: lives in the office's area).
CREATE FUNCTION stats_member_place(relocated TINYINT, residence_code CHAR(6))
  RETURNS CHAR(6) DETERMINISTIC
  RETURN IF(relocated AND residence_code IS NOT NULL, CONCAT(LEFT(residence_code, 4), '00'), NULL);

-- The affiliation of dimension 5: 1 a branch here, 2 managed with an in-service unit, 0 none.
CREATE FUNCTION stats_member_affiliation(branch_id BIGINT UNSIGNED, managed_with_unit VARCHAR(100))
  RETURNS TINYINT DETERMINISTIC
  RETURN IF(branch_id IS NOT NULL, 1, IF(managed_with_unit IS NOT NULL, 2, 0));

CREATE PROCEDURE stats_member_apply(office CHAR(6), st VARCHAR(20), category VARCHAR(16), health_idx BINARY(8),
                                    birth_date DATE, joined_on DATE, full_member_on DATE, ineligible TINYINT,
                                    has_branch TINYINT, place CHAR(6), status_on DATE, entered_on DATE, sgn INT)
BEGIN
  -- the year of entry counts as 0041 has it: the later of joining and entering by a transfer
  DECLARE y_in SMALLINT DEFAULT GREATEST(IFNULL(YEAR(joined_on), 0), IFNULL(YEAR(entered_on), 0));
  DECLARE d TINYINT DEFAULT 1;
  DECLARE v VARBINARY(16);
  WHILE d <= 8 DO
    SET v = stats_member_val(d, category, health_idx, birth_date, joined_on, full_member_on, ineligible,
                             IF(st = 'active', has_branch, NULL), place);
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

-- Dimension 8 for the members already there (no member is managed with a unit yet, so
-- dimension 5 stands as it is).
INSERT INTO member_marginals (office_code, dim, val, n)
  SELECT office_code, 8, IFNULL(CAST(stats_member_place(relocated, residence_code) AS BINARY), ''), COUNT(*)
  FROM members WHERE status = 'active' GROUP BY office_code, 3;
INSERT INTO member_flows (office_code, yr, dim, val, n)
  SELECT x.office_code, x.yr, 8, x.v, SUM(x.n) FROM (
    SELECT office_code, GREATEST(IFNULL(YEAR(joined_on), 0), IFNULL(YEAR(entered_on), 0)) yr,
           IFNULL(CAST(stats_member_place(relocated, residence_code) AS BINARY), '') v, 1 n FROM members
    UNION ALL
    SELECT office_code, IF(status_on IS NULL, GREATEST(IFNULL(YEAR(joined_on), 0), IFNULL(YEAR(entered_on), 0)),
                           GREATEST(IFNULL(YEAR(joined_on), 0), IFNULL(YEAR(entered_on), 0), YEAR(status_on))),
           IFNULL(CAST(stats_member_place(relocated, residence_code) AS BINARY), ''), -1 FROM members
    WHERE status <> 'active') x
  GROUP BY x.office_code, x.yr, x.v;

CREATE TRIGGER tr_members_marginals_ins AFTER INSERT ON members FOR EACH ROW
  CALL stats_member_apply(NEW.office_code, NEW.status, NEW.category, NEW.health_idx, NEW.birth_date, NEW.joined_on,
                          NEW.full_member_on, NEW.medal_ineligible_reason IS NOT NULL,
                          stats_member_affiliation(NEW.branch_id, NEW.managed_with_unit),
                          stats_member_place(NEW.relocated, NEW.residence_code), NEW.status_on, NEW.entered_on, 1);

CREATE TRIGGER tr_members_marginals_upd AFTER UPDATE ON members FOR EACH ROW
BEGIN
  IF NOT (OLD.status <=> NEW.status AND OLD.office_code <=> NEW.office_code AND OLD.category <=> NEW.category
          AND OLD.health_idx <=> NEW.health_idx AND YEAR(OLD.birth_date) <=> YEAR(NEW.birth_date)
          AND OLD.joined_on <=> NEW.joined_on AND OLD.full_member_on <=> NEW.full_member_on
          AND (OLD.medal_ineligible_reason IS NULL) <=> (NEW.medal_ineligible_reason IS NULL)
          AND OLD.status_on <=> NEW.status_on AND OLD.entered_on <=> NEW.entered_on
          AND stats_member_affiliation(OLD.branch_id, OLD.managed_with_unit)
              <=> stats_member_affiliation(NEW.branch_id, NEW.managed_with_unit)
          AND stats_member_place(OLD.relocated, OLD.residence_code)
              <=> stats_member_place(NEW.relocated, NEW.residence_code)) THEN
    CALL stats_member_apply(OLD.office_code, OLD.status, OLD.category, OLD.health_idx, OLD.birth_date,
                            OLD.joined_on, OLD.full_member_on, OLD.medal_ineligible_reason IS NOT NULL,
                            stats_member_affiliation(OLD.branch_id, OLD.managed_with_unit),
                            stats_member_place(OLD.relocated, OLD.residence_code), OLD.status_on, OLD.entered_on, -1);
    CALL stats_member_apply(NEW.office_code, NEW.status, NEW.category, NEW.health_idx, NEW.birth_date,
                            NEW.joined_on, NEW.full_member_on, NEW.medal_ineligible_reason IS NOT NULL,
                            stats_member_affiliation(NEW.branch_id, NEW.managed_with_unit),
                            stats_member_place(NEW.relocated, NEW.residence_code), NEW.status_on, NEW.entered_on, 1);
  END IF;
END;

CREATE TRIGGER tr_members_marginals_del AFTER DELETE ON members FOR EACH ROW
  CALL stats_member_apply(OLD.office_code, OLD.status, OLD.category, OLD.health_idx, OLD.birth_date, OLD.joined_on,
                          OLD.full_member_on, OLD.medal_ineligible_reason IS NOT NULL,
                          stats_member_affiliation(OLD.branch_id, OLD.managed_with_unit),
                          stats_member_place(OLD.relocated, OLD.residence_code), OLD.status_on, OLD.entered_on, -1);
