-- Urgent help flow (急事快办 after filing): a request misses up to two deadlines, each
-- escalated once (the help_request.overdue event). escalated_at marks the response
-- deadline's escalation; resolve_escalated_at the resolution deadline's. A conditional
-- UPDATE ... WHERE <marker> IS NULL claims each, so several processes escalate it once.
-- confirmed_via: the member (or a relative) confirmed in the app, or staff recorded a
-- confirmation given by phone.
ALTER TABLE help_requests
  ADD COLUMN resolve_escalated_at DATETIME NULL AFTER escalated_at,
  ADD COLUMN confirmed_via ENUM('app','phone') NULL AFTER confirmed_at,
  ADD KEY ix_help_respond_by (office_code, status, respond_by, id),
  ADD KEY ix_help_need (office_code, need_id),
  -- the escalation pass reads every office's requests not yet escalated, open, past the
  -- deadline: the marker first, so escalated ones and those met in time are never read
  ADD KEY ix_help_due_respond (escalated_at, status, respond_by),
  ADD KEY ix_help_due_resolve (resolve_escalated_at, status, resolve_by);
