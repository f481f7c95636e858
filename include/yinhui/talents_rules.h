#ifndef YINHUI_TALENTS_RULES_H
#define YINHUI_TALENTS_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The talent pool's rules (service/talents/rules.c): plain functions, no SQL, no clock of
 * their own (the caller passes today), so unit tests drive them directly. */

/* Whether c is a category code: 2-40 characters of a-z, 0-9 and _. */
bool talent_code_ok(const char *c);

/* ---- the review workflow ---- */
/* One step of the workflow: the status it leads to, the statuses it leaves
 * (comma-separated), whether the member itself may take it, whether it needs a reason. */
struct talent_step {
    const char *to, *from;
    bool member_may, needs_reason;
};
/* The step leading to status to, or NULL when there is none. */
const struct talent_step *talent_step_to(const char *to);
/* Whether st may be taken from status. */
bool talent_step_leaves(const struct talent_step *st, const char *status);
/* The next review of an entry admitted on today (YYYY-MM-DD): years later, 29 February
 * becoming 28 February in a common year. out gets YYYY-MM-DD. */
void talent_review_due_on(const char *today, int64_t years, char out[11]);
/* The date within_days after today (YYYY-MM-DD, China time): the review-due list's bound. */
void talent_due_by(const char *today, long within_days, char out[11]);

/* ---- matching a request to candidates ---- */
/* A candidate as the store hands it over: strings borrowed from the store's rows
 * (NULL or comma-separated lists). */
struct talent_candidate {
    int64_t id;
    const char *name, *speciality, *title, *service_area, *categories, *skills;
    int64_t rating_sum, rating_count;
};
/* What a request asks for: a category code, skills (comma-separated) and an area (a GB/T
 * 2260 code); each may be NULL. */
struct match_want {
    const char *category, *skills, *area;
};
/* One ranked candidate: its index in the candidates, its score and why. */
struct talent_match {
    size_t index;
    double score;
    char why[320];
};
#define MATCHES_SHOWN 10
/* Whether item is one of the comma-separated csv (NULL: none). */
bool talent_csv_has(const char *csv, const char *item);
/* The score of c for w: category 3, each wanted skill 2, serving the area (or its
 * prefecture or province) 1, plus the average rating / 5. why gets the reasons,
 * separated by "; ". */
double talent_match_score(const struct match_want *w, const struct talent_candidate *c, char *why,
                          size_t whylen);
/* Scores candidates c[0..n) into out (n entries), keeps those scoring at least 1, best
 * first (ties in candidate order), and returns how many it kept. */
size_t talent_match_rank(const struct match_want *w, const struct talent_candidate *c, size_t n,
                         struct talent_match *out);

#endif
