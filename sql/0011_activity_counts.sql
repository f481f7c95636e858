-- Each activity carries its attendance counts (records, and present or delivered at
-- home), kept by triggers with every attendance write, so statistics sum activities
-- instead of reading every attendance row of a province's year.
ALTER TABLE activities
  ADD COLUMN records  INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN attended INT UNSIGNED NOT NULL DEFAULT 0;

UPDATE activities a JOIN (SELECT activity_id, COUNT(*) c, SUM(status IN ('present', 'delivered')) p
                          FROM org_life_attendance WHERE activity_id IS NOT NULL GROUP BY activity_id) x
  ON x.activity_id = a.id SET a.records = x.c, a.attended = x.p;

CREATE TRIGGER tr_attendance_counts_ins AFTER INSERT ON org_life_attendance FOR EACH ROW
BEGIN
  IF NEW.activity_id IS NOT NULL THEN
    UPDATE activities SET records = records + 1, attended = attended + (NEW.status IN ('present', 'delivered'))
    WHERE id = NEW.activity_id;
  END IF;
END;

CREATE TRIGGER tr_attendance_counts_upd AFTER UPDATE ON org_life_attendance FOR EACH ROW
BEGIN
  IF OLD.activity_id IS NOT NULL THEN
    UPDATE activities SET records = records - 1, attended = attended - (OLD.status IN ('present', 'delivered'))
    WHERE id = OLD.activity_id;
  END IF;
  IF NEW.activity_id IS NOT NULL THEN
    UPDATE activities SET records = records + 1, attended = attended + (NEW.status IN ('present', 'delivered'))
    WHERE id = NEW.activity_id;
  END IF;
END;

CREATE TRIGGER tr_attendance_counts_del AFTER DELETE ON org_life_attendance FOR EACH ROW
BEGIN
  IF OLD.activity_id IS NOT NULL THEN
    UPDATE activities SET records = records - 1, attended = attended - (OLD.status IN ('present', 'delivered'))
    WHERE id = OLD.activity_id;
  END IF;
END;
