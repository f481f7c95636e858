-- Daily events (care.visit_due): one row per office, kind and day, inserted in the same
-- transaction as that day's events, so exactly one process publishes them.
CREATE TABLE outbox_daily (
  office_code CHAR(6)     NOT NULL,
  kind        VARCHAR(40) NOT NULL,
  day         DATE        NOT NULL,
  PRIMARY KEY (office_code, kind, day)
) ENGINE=InnoDB;
