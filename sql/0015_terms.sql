-- Branch committee terms (换届) and the elections that open them. A term runs from its
-- start for its years; the next election ends it. The elected become the committee.
CREATE TABLE branch_terms (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  office_code CHAR(6)          NOT NULL,
  branch_id   BIGINT UNSIGNED  NOT NULL,
  starts_on   DATE             NOT NULL,
  years       TINYINT UNSIGNED NOT NULL,
  ends_on     DATE             NOT NULL,   -- planned end
  ended_on    DATE             NULL,       -- replaced by the next term
  eligible    INT UNSIGNED     NOT NULL,   -- members entitled to vote (应到会)
  present     INT UNSIGNED     NOT NULL,
  votes_cast  INT UNSIGNED     NOT NULL,
  held_on     DATE             NOT NULL,
  created_by  VARCHAR(80)      NOT NULL,
  created_at  DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_terms_branch (branch_id, starts_on),
  KEY ix_terms_due (office_code, ended_on, ends_on),
  CONSTRAINT fk_terms_branch FOREIGN KEY (branch_id) REFERENCES branches (id)
) ENGINE=InnoDB;

CREATE TABLE term_candidates (
  term_id   BIGINT UNSIGNED NOT NULL,
  member_id BIGINT UNSIGNED NOT NULL,
  role      ENUM('secretary','deputy_secretary','organisation','propaganda','discipline','committee_member') NOT NULL,
  votes     INT UNSIGNED    NOT NULL,
  elected   TINYINT(1)      NOT NULL,
  PRIMARY KEY (term_id, member_id),
  CONSTRAINT fk_tc_term FOREIGN KEY (term_id) REFERENCES branch_terms (id),
  CONSTRAINT fk_tc_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB;
