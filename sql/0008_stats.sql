-- Statistics read members by office through a covering index, so a province's roll-up
-- over a million members scans the index and never the rows.
ALTER TABLE members ADD KEY ix_members_stats (office_code, status, category, birth_date, joined_on, health_idx, branch_id);
