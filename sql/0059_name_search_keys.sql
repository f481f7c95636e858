-- Search keys of names (issue 18: search the way members type). Computed by the service
-- when a record is written (pinyin.c, ICU): the name folded to simplified characters, its
-- full pinyin without tones or spaces, its initials; for talents also their speciality's.
-- NULL: not computed yet. A migration cannot call ICU: `yinhui migrate` fills the keys of
-- existing rows right after the migrations (names_reindex, also `yinhui reindex-names`),
-- `serve` in the background after it listens, and the generator after writing rows. Never returned in responses.
-- The columns are added in place of nothing (ALGORITHM=INSTANT: no copy of a 10M-row
-- table) and the keys built after, each its own statement (InnoDB refuses an instant ADD
-- COLUMN in a statement that also adds an index, and would rebuild the table instead);
-- NOCOPY, LOCK=NONE: writes go on while a key is built. The initials are matched inside an
-- OR with the folded name (name_match_cond), which no index serves: members and volunteers
-- have no initials key; a county's list is read by its office.
ALTER TABLE members
  ADD COLUMN name_simplified VARCHAR(60) NULL,
  ADD COLUMN name_py VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN name_initials VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ALGORITHM=INSTANT;
-- the reindex finds rows without keys office by office through it
ALTER TABLE members ADD KEY ix_members_name_py (office_code, name_py), ALGORITHM=NOCOPY, LOCK=NONE;

ALTER TABLE volunteers
  ADD COLUMN name_simplified VARCHAR(60) NULL,
  ADD COLUMN name_py VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN name_initials VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ALGORITHM=INSTANT;
ALTER TABLE volunteers ADD KEY ix_volunteers_name_py (office_code, name_py), ALGORITHM=NOCOPY, LOCK=NONE;

-- talents has indexed virtual columns (prefecture_code, province_code: sql/0058), with
-- which InnoDB adds no column instantly nor rebuilds with writes going on: one in-place
-- rebuild with its columns and keys together (LOCK=SHARED: reads go on, the pool's writes
-- wait for it); the talent pool is far smaller than the members. The search reads a county's or a prefecture's keys through its
-- prefecture.
ALTER TABLE talents
  ADD COLUMN name_simplified VARCHAR(60) NULL,
  ADD COLUMN name_py VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN name_initials VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN speciality_simplified VARCHAR(200) NULL,
  ADD COLUMN speciality_py VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN speciality_initials VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD KEY ix_talents_name_py (office_code, name_py),
  ADD KEY ix_talents_pref_name_py (prefecture_code, name_py),
  ADD KEY ix_talents_pref_name_initials (prefecture_code, name_initials),
  ADD KEY ix_talents_pref_speciality_py (prefecture_code, speciality_py),
  ADD KEY ix_talents_pref_speciality_initials (prefecture_code, speciality_initials),
  ALGORITHM=INPLACE, LOCK=SHARED;
