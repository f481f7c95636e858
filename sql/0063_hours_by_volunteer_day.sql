-- A volunteer's hours by day: the certificate's lines (vcert_db_entries) and the other
-- reads of one volunteer's counted time in date order. With (volunteer_id, status) alone
-- the optimizer read the office's confirmed hours in date order instead (ix_hours_office:
-- every volunteer's of the office, 295 rows for a volunteer's 53 in the demo county, a
-- county's whole service record nationally) to spare a sort. The longer key serves what
-- the old one did (its prefix; the foreign key to volunteers), so the old one goes.
-- NOCOPY, LOCK=NONE as sql/0062: built while writes go on.
ALTER TABLE volunteer_hours ADD KEY ix_hours_volunteer_day (volunteer_id, status, served_on),
  DROP KEY ix_hours_volunteer, ALGORITHM=NOCOPY, LOCK=NONE;
