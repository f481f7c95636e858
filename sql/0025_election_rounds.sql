-- Elections per the 2020 条例 (RULES.md, Elections). Who should attend (应到会) is no
-- longer typed in: it is the roster (the branch's open primary members, active, who may
-- vote on the day) less the exclusions approved by the higher organisation. Each
-- exclusion keeps its reason and the approval's reference; each round of voting keeps
-- its ballots, its outcome and the yes votes per candidate.
-- roster: voting members on the roster on held_on (terms recorded before this migration:
-- their typed-in eligible). eligible stays 应到会 (roster − excluded). seats: the
-- committee seats to fill (before this migration: those elected). fewer_seats_agreed:
-- the members agreed to leave seats empty after a short last round (条例).
ALTER TABLE branch_terms
  ADD COLUMN roster INT UNSIGNED NOT NULL DEFAULT 0 AFTER ended_on,
  ADD COLUMN excluded INT UNSIGNED NOT NULL DEFAULT 0 AFTER roster,
  ADD COLUMN seats TINYINT UNSIGNED NOT NULL DEFAULT 0 AFTER votes_cast,
  ADD COLUMN fewer_seats_agreed TINYINT(1) NOT NULL DEFAULT 0 AFTER seats;
UPDATE branch_terms SET roster = eligible;
UPDATE branch_terms t SET seats = (SELECT COUNT(*) FROM term_candidates c WHERE c.term_id = t.id AND c.elected = 1);

-- The 条例's cases for leaving a member out of 应到会 (each with the approval).
CREATE TABLE term_exclusions (
  term_id      BIGINT UNSIGNED NOT NULL,
  member_id    BIGINT UNSIGNED NOT NULL,
  reason       ENUM('cannot_express_will','abroad_over_six_months','serving_sentence',
                    'frail_bedridden_or_long_ill','away_over_one_year') NOT NULL,
  approval_ref VARCHAR(100)    NOT NULL,
  PRIMARY KEY (term_id, member_id),
  CONSTRAINT fk_te_term FOREIGN KEY (term_id) REFERENCES branch_terms (id),
  CONSTRAINT fk_te_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB;

CREATE TABLE term_rounds (
  term_id          BIGINT UNSIGNED  NOT NULL,
  round_no         TINYINT UNSIGNED NOT NULL,
  seats            TINYINT UNSIGNED NOT NULL,
  ballots_issued   INT UNSIGNED     NOT NULL,
  ballots_returned INT UNSIGNED     NOT NULL,
  invalid_ballots  INT UNSIGNED     NOT NULL,
  outcome          ENUM('filled','void','tie','short') NOT NULL,
  PRIMARY KEY (term_id, round_no),
  CONSTRAINT fk_tr_term FOREIGN KEY (term_id) REFERENCES branch_terms (id)
) ENGINE=InnoDB;

CREATE TABLE term_round_votes (
  term_id   BIGINT UNSIGNED  NOT NULL,
  round_no  TINYINT UNSIGNED NOT NULL,
  member_id BIGINT UNSIGNED  NOT NULL,
  votes     INT UNSIGNED     NOT NULL,
  PRIMARY KEY (term_id, round_no, member_id),
  CONSTRAINT fk_trv_round FOREIGN KEY (term_id, round_no) REFERENCES term_rounds (term_id, round_no),
  CONSTRAINT fk_trv_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB;
