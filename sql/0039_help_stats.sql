-- Urgent help in the statistics overview (issue 14): a prefecture's or province's roll-up
-- counts, per office, the requests filed in a year (service/care/help_db.c,
-- help_db_totals_offices). ix_help_span holds every column those counts and the office's
-- /v1/help-requests/stats read, after (office_code, filed_at): each office's year is one
-- index range read from the index alone, whatever the years of requests kept. It replaces
-- ix_help_filed, its prefix (InnoDB appends the primary key id to every secondary index).
ALTER TABLE help_requests
  ADD KEY ix_help_span (office_code, filed_at, status, category, resolved_at, resolve_by, satisfaction),
  DROP KEY ix_help_filed;
