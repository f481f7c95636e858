-- Search keys of names (issue 18: search the way members type). Computed by the service
-- when a record is written (pinyin.c, ICU): the name folded to simplified characters, its
-- full pinyin without tones or spaces, its initials; for talents also their speciality's.
-- NULL: not computed yet. A migration cannot call ICU: `yinhui migrate` fills the keys of
-- existing rows right after the migrations (names_reindex, also `yinhui reindex-names`),
-- and the generator does after writing rows. Never returned in responses.
ALTER TABLE members
  ADD COLUMN name_simplified VARCHAR(60) NULL,
  ADD COLUMN name_py VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN name_initials VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD KEY ix_members_name_py (office_code, name_py),
  ADD KEY ix_members_name_initials (office_code, name_initials);

ALTER TABLE volunteers
  ADD COLUMN name_simplified VARCHAR(60) NULL,
  ADD COLUMN name_py VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN name_initials VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD KEY ix_volunteers_name_py (office_code, name_py),
  ADD KEY ix_volunteers_name_initials (office_code, name_initials);

ALTER TABLE talents
  ADD COLUMN name_simplified VARCHAR(60) NULL,
  ADD COLUMN name_py VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN name_initials VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN speciality_simplified VARCHAR(200) NULL,
  ADD COLUMN speciality_py VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN speciality_initials VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD KEY ix_talents_name_py (office_code, name_py),
  -- the search reads a county's or a prefecture's keys through its prefecture (sql/0058)
  ADD KEY ix_talents_pref_name_py (prefecture_code, name_py),
  ADD KEY ix_talents_pref_name_initials (prefecture_code, name_initials),
  ADD KEY ix_talents_pref_speciality_py (prefecture_code, speciality_py),
  ADD KEY ix_talents_pref_speciality_initials (prefecture_code, speciality_initials);
