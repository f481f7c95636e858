-- Compliance tallies: per year, office, branch and ruled kind, how many of the branch's
-- activities counted for that kind in each month (include/yinhui/compliance.h): every
-- kind as held, except a member meeting, which counts only with its quorum (more than
-- half of its voters present); kind secretary_lecture counts the lectures the branch's
-- secretary gave. Kept by triggers with every activity and activity_branches write, in
-- the writer's transaction, so the year report (GET /v1/org-life/compliance/report)
-- reads a few rows per branch instead of every activity of a prefecture's year. Rows are
-- counted whenever held: what has not yet taken place can only sit in a period not yet
-- over, which the report never calls missing. The office is the activity's, as the
-- report's activities were read by theirs.
CREATE TABLE compliance_tallies (
  yr          SMALLINT UNSIGNED NOT NULL,
  office_code CHAR(6)           NOT NULL,
  branch_id   BIGINT UNSIGNED   NOT NULL,
  kind        ENUM('member_meeting','committee_meeting','group_meeting','lecture','theme_day','study','other',
                   'org_life_meeting','member_review','heart_talk','secretary_lecture') NOT NULL,
  m1 INT NOT NULL DEFAULT 0, m2 INT NOT NULL DEFAULT 0, m3 INT NOT NULL DEFAULT 0, m4 INT NOT NULL DEFAULT 0,
  m5 INT NOT NULL DEFAULT 0, m6 INT NOT NULL DEFAULT 0, m7 INT NOT NULL DEFAULT 0, m8 INT NOT NULL DEFAULT 0,
  m9 INT NOT NULL DEFAULT 0, m10 INT NOT NULL DEFAULT 0, m11 INT NOT NULL DEFAULT 0, m12 INT NOT NULL DEFAULT 0,
  PRIMARY KEY (yr, office_code, branch_id, kind)
) ENGINE=InnoDB;

-- The report's member meetings of one office and year (those held without their quorum
-- are listed) without reading its other activities.
ALTER TABLE activities ADD KEY ix_activities_kind (office_code, kind, held_at);

-- Adds sgn (+1/-1) of one activity as one branch held it to the branch's tallies.
CREATE PROCEDURE compliance_tally(office CHAR(6), held DATETIME, k VARCHAR(20), branch BIGINT UNSIGNED,
                                  by_sec TINYINT, voters INT UNSIGNED, present INT UNSIGNED, sgn INT)
BEGIN
  DECLARE mo TINYINT DEFAULT MONTH(held);
  DECLARE kk VARCHAR(20) DEFAULT k;
  DECLARE pass TINYINT DEFAULT 0;
  WHILE pass < 2 DO
    IF (pass = 0 AND (k <> 'member_meeting' OR (voters > 0 AND present * 2 > voters)))
       OR (pass = 1 AND k = 'lecture' AND by_sec) THEN
      SET kk = IF(pass = 0, k, 'secretary_lecture');
      INSERT INTO compliance_tallies (yr, office_code, branch_id, kind, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10,
                                      m11, m12)
        VALUES (YEAR(held), office, branch, kk, IF(mo = 1, sgn, 0), IF(mo = 2, sgn, 0), IF(mo = 3, sgn, 0),
                IF(mo = 4, sgn, 0), IF(mo = 5, sgn, 0), IF(mo = 6, sgn, 0), IF(mo = 7, sgn, 0), IF(mo = 8, sgn, 0),
                IF(mo = 9, sgn, 0), IF(mo = 10, sgn, 0), IF(mo = 11, sgn, 0), IF(mo = 12, sgn, 0))
        ON DUPLICATE KEY UPDATE m1 = m1 + VALUES(m1), m2 = m2 + VALUES(m2), m3 = m3 + VALUES(m3),
          m4 = m4 + VALUES(m4), m5 = m5 + VALUES(m5), m6 = m6 + VALUES(m6), m7 = m7 + VALUES(m7),
          m8 = m8 + VALUES(m8), m9 = m9 + VALUES(m9), m10 = m10 + VALUES(m10), m11 = m11 + VALUES(m11),
          m12 = m12 + VALUES(m12);
    END IF;
    SET pass = pass + 1;
  END WHILE;
END;

-- The tallies as the activities give them (the backfill; tests compare the triggers' with it).
INSERT INTO compliance_tallies (yr, office_code, branch_id, kind, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12)
  SELECT YEAR(x.held_at), x.office_code, x.branch_id, x.k, SUM(MONTH(x.held_at) = 1), SUM(MONTH(x.held_at) = 2),
         SUM(MONTH(x.held_at) = 3), SUM(MONTH(x.held_at) = 4), SUM(MONTH(x.held_at) = 5), SUM(MONTH(x.held_at) = 6),
         SUM(MONTH(x.held_at) = 7), SUM(MONTH(x.held_at) = 8), SUM(MONTH(x.held_at) = 9),
         SUM(MONTH(x.held_at) = 10), SUM(MONTH(x.held_at) = 11), SUM(MONTH(x.held_at) = 12)
  FROM (SELECT a.office_code, a.held_at, ab.branch_id, CAST(a.kind AS CHAR) k FROM activities a
          JOIN activity_branches ab ON ab.activity_id = a.id
          WHERE a.kind <> 'member_meeting' OR (ab.voters > 0 AND ab.present * 2 > ab.voters)
        UNION ALL
        SELECT a.office_code, a.held_at, ab.branch_id, 'secretary_lecture' FROM activities a
          JOIN activity_branches ab ON ab.activity_id = a.id WHERE a.kind = 'lecture' AND ab.by_secretary) x
  GROUP BY YEAR(x.held_at), x.office_code, x.branch_id, x.k;

CREATE TRIGGER tr_ab_tallies_ins AFTER INSERT ON activity_branches FOR EACH ROW
  CALL compliance_tally((SELECT office_code FROM activities WHERE id = NEW.activity_id),
                        (SELECT held_at FROM activities WHERE id = NEW.activity_id),
                        (SELECT kind FROM activities WHERE id = NEW.activity_id), NEW.branch_id, NEW.by_secretary,
                        NEW.voters, NEW.present, 1);

CREATE TRIGGER tr_ab_tallies_upd AFTER UPDATE ON activity_branches FOR EACH ROW
BEGIN
  DECLARE office CHAR(6);
  DECLARE held DATETIME;
  DECLARE k VARCHAR(20);
  IF NOT (OLD.activity_id <=> NEW.activity_id AND OLD.branch_id <=> NEW.branch_id
          AND OLD.by_secretary <=> NEW.by_secretary AND OLD.voters <=> NEW.voters
          AND OLD.present <=> NEW.present) THEN
    SELECT office_code, held_at, kind INTO office, held, k FROM activities WHERE id = OLD.activity_id;
    CALL compliance_tally(office, held, k, OLD.branch_id, OLD.by_secretary, OLD.voters, OLD.present, -1);
    SELECT office_code, held_at, kind INTO office, held, k FROM activities WHERE id = NEW.activity_id;
    CALL compliance_tally(office, held, k, NEW.branch_id, NEW.by_secretary, NEW.voters, NEW.present, 1);
  END IF;
END;

CREATE TRIGGER tr_ab_tallies_del AFTER DELETE ON activity_branches FOR EACH ROW
  CALL compliance_tally((SELECT office_code FROM activities WHERE id = OLD.activity_id),
                        (SELECT held_at FROM activities WHERE id = OLD.activity_id),
                        (SELECT kind FROM activities WHERE id = OLD.activity_id), OLD.branch_id, OLD.by_secretary,
                        OLD.voters, OLD.present, -1);

-- An activity moved in time, to another kind or office moves its branches' counts (the
-- attendance counters' updates of activities change none of these and cost one test).
-- Activities are never deleted with branches attached (fk_ab_activity): their
-- activity_branches rows go first, through the trigger above.
CREATE TRIGGER tr_activities_tallies_upd AFTER UPDATE ON activities FOR EACH ROW
BEGIN
  DECLARE done INT DEFAULT 0;
  DECLARE b BIGINT UNSIGNED;
  DECLARE sec TINYINT;
  DECLARE v, p INT UNSIGNED;
  DECLARE cur CURSOR FOR SELECT branch_id, by_secretary, voters, present FROM activity_branches
                         WHERE activity_id = NEW.id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
  IF NOT (OLD.kind <=> NEW.kind AND OLD.held_at <=> NEW.held_at AND OLD.office_code <=> NEW.office_code) THEN
    OPEN cur;
    fetch_loop: LOOP
      FETCH cur INTO b, sec, v, p;
      IF done THEN
        LEAVE fetch_loop;
      END IF;
      CALL compliance_tally(OLD.office_code, OLD.held_at, OLD.kind, b, sec, v, p, -1);
      CALL compliance_tally(NEW.office_code, NEW.held_at, NEW.kind, b, sec, v, p, 1);
    END LOOP;
    CLOSE cur;
  END IF;
END;

-- The care due list's last visit per member and reason (GET /v1/care/due, care_due.h):
-- the day of the office's last visit to the member for each reason that clears an item,
-- kept by triggers with every visit_members write, so the list reads one row per member
-- instead of grouping every visit the office ever made (a plan MariaDB may also turn
-- into one pass over them per member). Rows are the visiting office's, as the list only
-- counts the office's own visits.
CREATE TABLE care_last_visits (
  office_code CHAR(6)         NOT NULL,
  member_id   BIGINT UNSIGNED NOT NULL,
  hosp        DATE NULL,  -- hospitalisation
  home        DATE NULL,  -- home_service
  hard        DATE NULL,  -- hardship
  hol         DATE NULL,  -- holiday
  bday        DATE NULL,  -- birthday
  round       DATE NULL,  -- round_birthday
  PRIMARY KEY (office_code, member_id)
) ENGINE=InnoDB;

INSERT INTO care_last_visits (office_code, member_id, hosp, home, hard, hol, bday, round)
  SELECT office_code, member_id, MAX(IF(reason = 'hospitalisation', visited_on, NULL)),
         MAX(IF(reason = 'home_service', visited_on, NULL)), MAX(IF(reason = 'hardship', visited_on, NULL)),
         MAX(IF(reason = 'holiday', visited_on, NULL)), MAX(IF(reason = 'birthday', visited_on, NULL)),
         MAX(IF(reason = 'round_birthday', visited_on, NULL))
  FROM visit_members GROUP BY office_code, member_id;

-- Sets the office's last visit to member for reason r afresh (ix_vm_member: one seek).
CREATE PROCEDURE care_last_visit(office CHAR(6), member BIGINT UNSIGNED, r VARCHAR(24))
BEGIN
  DECLARE d DATE DEFAULT (SELECT MAX(visited_on) FROM visit_members
                          WHERE office_code = office AND member_id = member AND reason = r);
  IF r IN ('hospitalisation', 'home_service', 'hardship', 'holiday', 'birthday', 'round_birthday') THEN
    INSERT INTO care_last_visits (office_code, member_id, hosp, home, hard, hol, bday, round)
      VALUES (office, member, IF(r = 'hospitalisation', d, NULL), IF(r = 'home_service', d, NULL),
              IF(r = 'hardship', d, NULL), IF(r = 'holiday', d, NULL), IF(r = 'birthday', d, NULL),
              IF(r = 'round_birthday', d, NULL))
      ON DUPLICATE KEY UPDATE hosp = IF(r = 'hospitalisation', d, hosp), home = IF(r = 'home_service', d, home),
        hard = IF(r = 'hardship', d, hard), hol = IF(r = 'holiday', d, hol), bday = IF(r = 'birthday', d, bday),
        round = IF(r = 'round_birthday', d, round);
  END IF;
END;

CREATE TRIGGER tr_vm_last_ins AFTER INSERT ON visit_members FOR EACH ROW
  CALL care_last_visit(NEW.office_code, NEW.member_id, NEW.reason);

CREATE TRIGGER tr_vm_last_upd AFTER UPDATE ON visit_members FOR EACH ROW
BEGIN
  CALL care_last_visit(OLD.office_code, OLD.member_id, OLD.reason);
  CALL care_last_visit(NEW.office_code, NEW.member_id, NEW.reason);
END;

CREATE TRIGGER tr_vm_last_del AFTER DELETE ON visit_members FOR EACH ROW
  CALL care_last_visit(OLD.office_code, OLD.member_id, OLD.reason);
