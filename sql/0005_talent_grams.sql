-- A bigram index of talents' free text (title, speciality, former position, bio) so a
-- Chinese query such as 心血管 (grams 心血, 血管) finds its candidates through an index
-- instead of reading every talent of a prefecture or province. The substring match on
-- the candidates then confirms the grams are adjacent.
CREATE TABLE talent_grams (
  gram        VARCHAR(2) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  office_code CHAR(6) NOT NULL,
  talent_id   BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (gram, office_code, talent_id),
  KEY ix_grams_talent (talent_id),
  CONSTRAINT fk_grams_talent FOREIGN KEY (talent_id) REFERENCES talents (id)
) ENGINE=InnoDB;
