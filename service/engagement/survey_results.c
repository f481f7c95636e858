/* A survey's results (see survey_results.h). */
#include "yinhui/survey_results.h"

#include <string.h>

#include "yinhui/json_out.h"

bool survey_suppressed(int64_t responses, int64_t kmin)
{
    return responses < kmin;
}

/* Scale answers: how many in all and how many 4s and 5s, summed over the questions. */
struct satisfaction {
    int64_t scaled, happy;
};

/* The text answers of question pos into j; returns how many answered it. */
static int64_t text_results(cJSON *j, int64_t pos, const struct survey_tally_rows *t)
{
    int64_t answered = 0;
    cJSON *ts = cJSON_AddArrayToObject(j, "texts");
    for (size_t k = 0; k < t->ntexts; k++) {
        if (t->texts[k].pos == pos) {
            cJSON_AddItemToArray(ts, cJSON_CreateString(t->texts[k].text));
        }
    }
    for (size_t k = 0; k < t->ncounts; k++) {
        answered += t->counts[k].pos == pos ? t->counts[k].n : 0;
    }
    return answered;
}

/* Answers of question pos with choice (1-based). */
static int64_t count_of(const struct survey_tally_rows *t, int64_t pos, int64_t choice)
{
    int64_t n = 0;
    for (size_t x = 0; x < t->ncounts; x++) {
        if (t->counts[x].pos == pos && t->counts[x].choice == choice) {
            n = t->counts[x].n;
        }
    }
    return n;
}

/* The counts of a single-choice or scale question pos into j (index 0: choice or scale
 * 1), its mean when scale, adding scale answers to *s; returns how many answered it. */
static int64_t choice_results(cJSON *j, int64_t pos, const struct survey_question *q,
                              const struct survey_tally_rows *t, struct satisfaction *s)
{
    bool scale = strcmp(q->kind, "scale") == 0;
    int nopt = scale ? 5 : q->noptions;
    int64_t answered = 0, sum = 0;
    cJSON *counts = cJSON_AddArrayToObject(j, "counts");
    for (int k = 1; k <= nopt; k++) {
        int64_t n = count_of(t, pos, k);
        cJSON_AddItemToArray(counts, cJSON_CreateNumber((double)n));
        answered += n;
        sum += n * k;
        if (scale) {
            s->scaled += n;
            s->happy += k >= 4 ? n : 0;
        }
    }
    if (scale) {
        cJSON_AddNumberToObject(j, "mean", answered ? (double)sum / (double)answered : 0.0);
    }
    return answered;
}

cJSON *survey_results_json(int64_t id, const struct survey_question *q, size_t n,
                           const struct survey_tally_rows *t, int64_t kmin)
{
    bool suppressed = survey_suppressed(t->responses, kmin);
    struct satisfaction s = {0, 0};
    cJSON *body = cJSON_CreateObject();
    json_add_id(body, "survey_id", id);
    cJSON_AddNumberToObject(body, "responses", (double)t->responses);
    cJSON_AddNumberToObject(body, "ballots_taken", (double)t->ballots);
    cJSON_AddBoolToObject(body, "suppressed", suppressed);
    cJSON_AddNumberToObject(body, "min_responses", (double)kmin);
    cJSON *qa = cJSON_AddArrayToObject(body, "questions");
    for (size_t i = 0; i < n; i++) {
        int64_t pos = (int64_t)i + 1;
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "number", (double)pos);
        cJSON_AddStringToObject(j, "kind", q[i].kind);
        cJSON_AddStringToObject(j, "text", q[i].text);
        cJSON_AddItemToArray(qa, j);
        if (suppressed) {
            continue; /* the question only */
        }
        int64_t answered =
            strcmp(q[i].kind, "text") == 0 ? text_results(j, pos, t) : choice_results(j, pos, &q[i], t, &s);
        cJSON_AddNumberToObject(j, "answered", (double)answered);
    }
    if (s.scaled && !suppressed) {
        cJSON_AddNumberToObject(body, "satisfaction_rate", (double)s.happy / (double)s.scaled);
    } else {
        cJSON_AddNullToObject(body, "satisfaction_rate");
    }
    return body;
}
