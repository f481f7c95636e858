#ifndef YINHUI_SURVEYS_DB_H
#define YINHUI_SURVEYS_DB_H

#include <stddef.h>
#include <stdint.h>

#include "yinhui/db.h"
#include "yinhui/typed_rows.h"

/* Anonymous surveys (sql/0014, service/engagement/surveys_db.c). */
#define SURVEY_QUESTIONS_MAX 30
#define SURVEYS_LIST_MAX 100
struct survey {
    int64_t id, version;
    char title[401], status[8], created_by[81], created_at[32];
};
/* A question; number i+1 of its survey is at index i of the arrays below. */
struct survey_question {
    char kind[8], text[801], options[8001]; /* options: single choice, one per line */
    int noptions;
};
/* Inserts a draft survey of office with its n questions q (numbered 1..n); *id gets its id. */
enum yh_err surveys_db_insert(struct db *db, const char *office, const char *title,
                              const struct survey_question *q, size_t n, const char *by, int64_t *id);
/* Survey id of office (NOT_FOUND when another office's or none). */
enum yh_err surveys_db_get(struct db *db, const char *office, int64_t id, struct survey *s);
/* A survey's columns, its struct members and their JSON names (surveys_db.c). */
extern const struct fm survey_map[];
extern const size_t survey_map_n;
/* Office's surveys, newest first, at most SURVEYS_LIST_MAX into a new array *out (caller
 * frees), *n of them; status NULL: any. */
enum yh_err surveys_db_list(struct db *db, const char *office, const char *status, struct survey **out,
                            size_t *n);
/* Survey id's questions (of office) in order into q (SURVEY_QUESTIONS_MAX entries), with
 * noptions counted; *n gets how many. */
enum yh_err surveys_db_questions(struct db *db, const char *office, int64_t id, struct survey_question *q,
                                 size_t *n);
/* CONFLICT unless the survey is in one of the states of from (comma-separated). */
enum yh_err surveys_db_set_status(struct db *db, const char *office, int64_t id, const char *from,
                                  const char *to);
/* The writes of a survey of office (NOT_FOUND when another office's). Records that
 * member took its ballot (CONFLICT: it had one). Nothing of the ballot is
 * written: it is verified by its MAC when it is spent. */
enum yh_err surveys_db_issue(struct db *db, const char *office, int64_t id, int64_t member);
/* Spends a ballot by its hash (NOT_FOUND when spent before). */
enum yh_err surveys_db_spend(struct db *db, const char *office, int64_t id, const unsigned char hash[32]);
/* Spends a ballot issued before survey_spent existed, by its stored hash (NOT_FOUND
 * when unknown or spent). */
enum yh_err surveys_db_spend_legacy(struct db *db, const char *office, int64_t id,
                                    const unsigned char hash[32]);
/* The office's survey_min_responses (results below it are suppressed). */
enum yh_err surveys_db_min_responses(struct db *db, const char *office, int64_t *k);
/* One answer of a response (choice 0: none; text NULL: none). */
enum yh_err surveys_db_answer(struct db *db, const char *office, int64_t id, const unsigned char response[16],
                              int64_t pos, int64_t choice, const char *text);

/* How many answers question pos got with choice (0: text answers). */
struct survey_count {
    int64_t pos, choice, n;
};
/* A text answer of question pos (text owned by the array's holder). */
struct survey_text {
    int64_t pos;
    char *text;
};
/* What the results are computed from: the survey's counts, its text answers (at most
 * 200 per question), its responses and ballots taken. Free with surveys_db_tally_free. */
struct survey_tally_rows {
    struct survey_count *counts;
    size_t ncounts;
    struct survey_text *texts;
    size_t ntexts;
    int64_t responses, ballots;
};
enum yh_err surveys_db_tally(struct db *db, const char *office, int64_t id, struct survey_tally_rows *t);
void surveys_db_tally_free(struct survey_tally_rows *t);

#endif
