-- Party standing counts from 转正 (党章 art. 7), not from admission: full_member_on is
-- the day the member became a full member. Old records have no such date: joined_on + 1
-- year, marked estimated (RULES.md, Party standing). A member admitted less than a year
-- ago gets the expected date and is probationary until then.
-- party_probation_until: the last day of 留党察看 (no vote, may not elect or be elected).
-- medal_ineligible_reason: why the member is not put forward for the 50-year medal
-- (the medal needs a consistently good record); NULL: not marked.
-- lunar_birthday: the member keeps a lunar birthday (care due list).
ALTER TABLE members
  ADD COLUMN full_member_on DATE NULL AFTER joined_on,
  ADD COLUMN full_member_estimated TINYINT(1) NOT NULL DEFAULT 0 AFTER full_member_on,
  ADD COLUMN party_probation_until DATE NULL AFTER full_member_estimated,
  ADD COLUMN medal_ineligible_reason VARCHAR(200) NULL AFTER party_probation_until,
  ADD COLUMN lunar_birthday TINYINT(1) NOT NULL DEFAULT 0 AFTER medal_ineligible_reason;

UPDATE members SET full_member_on = DATE_ADD(joined_on, INTERVAL 1 YEAR), full_member_estimated = 1
 WHERE joined_on IS NOT NULL AND full_member_on IS NULL;

ALTER TABLE members ADD KEY ix_members_full (office_code, status, full_member_on);
