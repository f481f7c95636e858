-- Issue 16 review (A1): what a volunteer earned under the points caps, kept on the
-- volunteer's row. The caps used to be checked by summing the ledger's earnings with a
-- locking read of a range of ix_ledger_earned; under REPEATABLE READ that range's
-- next-key lock reaches into a neighbouring volunteer's entries, so two volunteers'
-- credits at once could deadlock. The counters are read from the row the crediting
-- transaction already holds FOR UPDATE and written in the same transaction.
--   earned_day_on / earned_day          the last day (China time) points were credited
--                                       and what was credited on it
--   earned_year / earned_year_points    that day's year and what was credited in it
-- A counter whose day or year is not today's counts as 0.
ALTER TABLE volunteers
  ADD COLUMN earned_day_on      DATE NULL,
  ADD COLUMN earned_day         INT NOT NULL DEFAULT 0,
  ADD COLUMN earned_year        SMALLINT NULL,
  ADD COLUMN earned_year_points INT NOT NULL DEFAULT 0;

-- from the ledger: each volunteer's last day credited, and that day's year
UPDATE volunteers v
  JOIN (SELECT volunteer_id, MAX(earned_on) d FROM points_ledger WHERE earned_on IS NOT NULL
        GROUP BY volunteer_id) m ON m.volunteer_id = v.id
   SET v.earned_day_on = m.d,
       v.earned_day = (SELECT IFNULL(SUM(l.delta), 0) FROM points_ledger l
                        WHERE l.volunteer_id = v.id AND l.earned_on = m.d),
       v.earned_year = YEAR(m.d),
       v.earned_year_points = (SELECT IFNULL(SUM(l.delta), 0) FROM points_ledger l
                                WHERE l.volunteer_id = v.id
                                  AND l.earned_on BETWEEN MAKEDATE(YEAR(m.d), 1) AND m.d);
