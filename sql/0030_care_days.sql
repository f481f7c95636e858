-- Care days (RULES.md, Care): 春节, 中秋 and 重阳节 (老年节) are lunar and computed for any
-- year with ICU's Chinese calendar, 七一 and 国庆 are fixed, so the holiday table that ran
-- out in 2028 goes. What it held that the service cannot compute, an office's own days,
-- moves to care_days: a day of the office every year (year NULL) or of one year, by the
-- solar or the lunar calendar (a lunar day is of the regular month, not the leap one).
CREATE TABLE care_days (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)      NOT NULL,
  name        VARCHAR(60)  NOT NULL,
  calendar    ENUM('solar','lunar') NOT NULL,
  month       TINYINT UNSIGNED NOT NULL,
  day         TINYINT UNSIGNED NOT NULL,
  year        SMALLINT UNSIGNED NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_by  VARCHAR(80)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_care_days_office (office_code, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An office's own rows become one-year days, except the festivals now computed (by code
-- or by name); the defaults (office 000000) were only those festivals.
INSERT INTO care_days (office_code, name, calendar, month, day, year, created_by)
SELECT office_code, name, 'solar', MONTH(day), DAYOFMONTH(day), year, 'migration 0030'
  FROM holidays
 WHERE office_code <> '000000'
   AND code NOT IN ('spring_festival', 'mid_autumn', 'double_ninth', 'party_day', 'national_day')
   AND name NOT IN ('春节', '中秋', '中秋节', '重阳', '重阳节', '老年节', '七一', '建党节', '国庆', '国庆节')
 ORDER BY office_code, year, day;

DROP TABLE holidays;

-- Round birthdays (80, 90, 100) are visits of their own reason: offices already seeded
-- get it next to 生日.
INSERT IGNORE INTO visit_reasons (office_code, code, name)
SELECT DISTINCT office_code, 'round_birthday', '整寿' FROM visit_reasons;
