-- A 党员大会 decides only with more than half of its voting members present (支部工作条例
-- 2018): 送学上门 (delivered) counts as taking part in organisational life, not as
-- presence at a meeting that decides. Existing member meetings are counted again with
-- present alone, as activities_db_judge_facts now records them.
UPDATE activity_branches ab JOIN activities a ON a.id = ab.activity_id AND a.kind = 'member_meeting'
   SET ab.present = (SELECT COUNT(*) FROM org_life_attendance t
                       JOIN memberships s ON s.member_id = t.member_id AND s.branch_id = ab.branch_id
                        AND s.kind = 'primary' AND s.ended_on IS NULL
                       JOIN members m ON m.id = t.member_id AND m.status = 'active'
                      WHERE t.activity_id = a.id AND t.status = 'present'
                        AND (m.full_member_on IS NULL AND m.joined_on IS NULL OR m.full_member_on <= DATE(a.held_at))
                        AND (m.party_probation_until IS NULL OR m.party_probation_until < DATE(a.held_at)));

-- A proper reason's note is up to 500 characters (2,000 bytes of UTF-8) sealed with 31
-- bytes of header, nonce and tag: 700 bytes held only some 220 Chinese characters.
ALTER TABLE lapse_reasons MODIFY note_enc VARBINARY(2100) NULL;
