#ifndef YINHUI_SURVEY_RESULTS_H
#define YINHUI_SURVEY_RESULTS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "yinhui/surveys_db.h"

/* A survey's results from its questions and tally (service/engagement/survey_results.c):
 * plain functions, testable without a database. */

/* Whether results with responses are withheld: below the office's threshold kmin a
 * count or a text could single out a voter. */
bool survey_suppressed(int64_t responses, int64_t kmin);
/* The results body of survey id: per question (q, n of them, number i+1 at index i) the
 * counts (single: per option; scale: 1-5 and the mean; text: the answers) or, when
 * suppressed, the question only; and the satisfaction rate, the share of 4s and 5s
 * among all scale answers (null when none or suppressed). Caller owns the result. */
cJSON *survey_results_json(int64_t id, const struct survey_question *q, size_t n,
                           const struct survey_tally_rows *t, int64_t kmin);

#endif
