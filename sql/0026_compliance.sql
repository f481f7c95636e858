-- 三会一课 and a branch's year (RULES.md; 《中国共产党支部工作条例（试行）》, 2018):
-- the yearly items become activity kinds (组织生活会, 民主评议党员, 谈心谈话); a lecture
-- records who gave it (speaker_id), so the secretary's yearly 党课 can be judged; the
-- office's rules gain the yearly items, a rule kind for the secretary's lecture and a
-- branch nature (temporary and functional branches are judged by their own rules).
ALTER TABLE activities
  MODIFY kind ENUM('member_meeting','committee_meeting','group_meeting','lecture','theme_day','study','other',
                   'org_life_meeting','member_review','heart_talk') NOT NULL,
  ADD COLUMN speaker_id BIGINT UNSIGNED NULL AFTER host,
  ADD CONSTRAINT fk_activities_speaker FOREIGN KEY (speaker_id) REFERENCES members (id);

ALTER TABLE org_life_rules
  MODIFY kind ENUM('member_meeting','committee_meeting','group_meeting','lecture','theme_day','study','other',
                   'org_life_meeting','member_review','heart_talk','secretary_lecture') NOT NULL,
  ADD COLUMN nature ENUM('regular','functional','temporary') NOT NULL DEFAULT 'regular' AFTER office_code,
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (office_code, nature, kind);

-- Offices that already set their rules get the yearly items the 条例 requires of every
-- regular branch (an office may change them afterwards).
INSERT IGNORE INTO org_life_rules (office_code, nature, kind, period, times)
SELECT o.office_code, 'regular', y.kind, 'year', 1
  FROM (SELECT DISTINCT office_code FROM org_life_rules) o
  CROSS JOIN (SELECT 'org_life_meeting' kind UNION ALL SELECT 'member_review' UNION ALL SELECT 'heart_talk'
              UNION ALL SELECT 'secretary_lecture') y;

-- What the rule reads of each holding branch, recorded with every write of the activity
-- or its attendance as of its day (the minutes' 应到/实到): a member meeting's voting
-- members (open primary members, active, who may vote: STANDING_SQL_MAY_VOTE) and how
-- many of them were present or had it delivered (送学上门); whether a lecture's speaker
-- is the branch's secretary.
ALTER TABLE activity_branches
  ADD COLUMN voters       INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN present      INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN by_secretary TINYINT(1)   NOT NULL DEFAULT 0;

-- Existing member meetings, as activities_db_judge_facts records them (the may-vote
-- condition is STANDING_SQL_MAY_VOTE bound to the meeting's day).
UPDATE activity_branches ab JOIN activities a ON a.id = ab.activity_id AND a.kind = 'member_meeting'
   SET ab.voters = (SELECT COUNT(*) FROM memberships s JOIN members m ON m.id = s.member_id AND m.status = 'active'
                     WHERE s.office_code = a.office_code AND s.branch_id = ab.branch_id AND s.kind = 'primary'
                       AND s.ended_on IS NULL
                       AND (m.full_member_on IS NULL AND m.joined_on IS NULL OR m.full_member_on <= DATE(a.held_at))
                       AND (m.party_probation_until IS NULL OR m.party_probation_until < DATE(a.held_at))),
       ab.present = (SELECT COUNT(*) FROM org_life_attendance t
                       JOIN memberships s ON s.member_id = t.member_id AND s.branch_id = ab.branch_id
                        AND s.kind = 'primary' AND s.ended_on IS NULL
                       JOIN members m ON m.id = t.member_id AND m.status = 'active'
                      WHERE t.activity_id = a.id AND t.status IN ('present', 'delivered')
                        AND (m.full_member_on IS NULL AND m.joined_on IS NULL OR m.full_member_on <= DATE(a.held_at))
                        AND (m.party_probation_until IS NULL OR m.party_probation_until < DATE(a.held_at)));
