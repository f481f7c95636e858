#ifndef YINHUI_TREATMENT_H
#define YINHUI_TREATMENT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct req;
struct verrs;

/* Political treatment (政治待遇, README "Political treatment"): the office's treatment
 * levels, the invitation rule shared by events and documents, and the half-year rule of
 * 形势通报会. Plain functions (service/care/treatment_rules.c), unit-tested in
 * tests/unit/test_treatment.c; the handlers are in treatment_levels.c, briefings.c and
 * documents.c. */

/* ---- treatment levels (现享受待遇) ---- */
#define TREATMENT_LEVELS_MAX 40 /* an office's list, defaults included */
#define TREATMENT_OWN_MAX 30    /* the office's own rows */
struct treatment_level {
    char code[25], name[121];
    int64_t rank; /* 1 is the highest */
    bool retired; /* the office dropped it: members may no longer be given it */
    bool own;     /* the office's row (else the default of office 000000) */
    int64_t version;
};
/* Level code of levels[0..n), or NULL. */
const struct treatment_level *treatment_level_find(const struct treatment_level *levels, size_t n,
                                                   const char *code);
/* Whether code may be given to a member: one of the list and not retired. */
bool treatment_level_usable(const struct treatment_level *levels, size_t n, const char *code);
/* Whether s is a level code: 1 to 24 of a-z, 0-9 and _. */
bool treatment_code_valid(const char *s);

/* ---- the invitation rule (events and documents) ---- */
extern const char *const audience_categories[]; /* lixiu, retired, in_service */
extern const char *const audience_healths[];    /* able, frail, homebound, hospitalised */
#define AUDIENCE_HEALTHS 4
#define AUDIENCE_HOMEBOUND 2 /* audience_healths[2] */
#define AUDIENCE_LEVELS_MAX 10
/* Who is invited: active members of the office whose category is one of categories (bit i:
 * audience_categories[i]; 0: any), whose treatment level is one of levels (or, and_above,
 * ranks at least as high as the lowest of them; none: any level, a member without one
 * included) and whose health is one of healths (bits of audience_healths; 0: any). */
struct audience {
    unsigned categories, healths;
    char levels[AUDIENCE_LEVELS_MAX][25];
    size_t nlevels;
    bool and_above;
};
/* What the rule reads of a member; health as its blind index (health is sealed). */
struct audience_member {
    const char *category, *treatment_level; /* "" or NULL: none */
    const unsigned char *health_idx;        /* 8 bytes */
};
/* Reads obj (the body's "audience": {categories, treatment_levels, and_above, healths})
 * into a, naming bad members "audience.<name>" in v; levels must be usable in the
 * office's list (levels[0..n)). NULL obj: everyone. */
void audience_read(const cJSON *obj, const struct treatment_level *levels, size_t n, struct audience *a,
                   struct verrs *v);
/* a as JSON (the stored form and the API's). Caller owns it. */
cJSON *audience_json(const struct audience *a);
/* The stored text of audience_json back into a; false when it is not one. */
bool audience_parse(const char *text, struct audience *a);
/* Whether m is invited by a. health_idx[i]: the office's blind index of audience_healths[i];
 * levels[0..n): the office's list (for "and above"). */
bool audience_matches(const struct audience *a, const struct treatment_level *levels, size_t n,
                      const unsigned char health_idx[AUDIENCE_HEALTHS][8], const struct audience_member *m);

/* ---- events ---- */
extern const char *const briefing_kinds[]; /* situation_briefing, forum, document_reading, observer, other */
/* The half of the year (1 or 2) of a China time "YYYY-MM-DD HH:MM:SS" or date. */
int briefing_half(const char *held_at);
/* held[0], held[1]: whether one of held_at[0..n) (China times) is in the first, the second
 * half of year (seeds 001/003: a 形势通报会 every six months). */
void briefing_halves(const char *const *held_at, size_t n, int year, bool held[2]);

/* ---- documents (阅文) ---- */
extern const char *const document_levels[]; /* central, province, prefecture, county */
/* Why a read recorded on date on (YYYY-MM-DD) of a document issued on issued_on is
 * refused, today being today; NULL when it stands. */
const char *document_read_refusal(const char *issued_on, const char *on, const char *today);

/* ---- handlers ---- */
void treatment_levels_list(struct req *r);
void treatment_levels_put(struct req *r);
void briefings_list(struct req *r);
void briefings_create(struct req *r);
void briefings_get(struct req *r);
void briefings_patch(struct req *r);
void briefings_delete(struct req *r);
void briefing_invitations_build(struct req *r);
void briefing_invitations_list(struct req *r);
void briefing_invitations_add(struct req *r);
void briefing_invitations_remove(struct req *r);
void briefing_invitations_reply(struct req *r);
void briefing_invitations_attendance(struct req *r);
void briefing_suggestions_link(struct req *r);
void documents_list(struct req *r);
void documents_create(struct req *r);
void documents_get(struct req *r);
void document_readers_list(struct req *r);
void document_reads_record(struct req *r);

#endif
