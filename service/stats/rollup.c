/* The overview's figures (see stats_rollup.h): summed per office into the total and
 * the caller's direct children, and shown as JSON. No SQL: the rows come from
 * stats_db.c and (urgent help) help_db.c. */
#include "yinhui/stats_rollup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/gbt2260.h"
#include "yinhui/help.h"
#include "yinhui/pii.h"
#include "yinhui/standing.h"
#include "yinhui/stats_rules.h"

static const char *const categories[] = {"lixiu", "retired", "in_service"};
static const char *const healths[] = {"able", "frail", "homebound", "hospitalised"};
static const char *const ages[] = {"under_70", "70_79", "80_89", "90_plus"};
/* years in the party from 转正 (probationary: full membership after the day counted) */
static const char *const party[] = {"under_30", "30_49", "50_plus", "probationary", "not_known"};
/* stats_join_band's bands, named by their first and last days (both inclusive) */
static const char *const bands[] = {"before_1949-10-01", "1949-10-01_to_1978-12-17",
                                    "1978-12-18_to_2012-11-07", "from_2012-11-08", "not_known"};
static const char *const levels[] = {"committee", "general_branch", "branch"};
static const char *const natures[] = {"regular", "functional", "temporary"};
/* the natures whose participation is its own line (natures[1], natures[2]) */
enum { PART_FIRST = 1, PARTS = 2 };
static const char *const demo[] = {"county", "prefecture", "province"};
/* the default visit reasons (an office's own count as other) */
static const char *const reasons[] = {"holiday",      "hospitalisation", "birthday", "round_birthday",
                                      "hardship",     "worry",           "dispute",  "accident",
                                      "home_service", "bereavement"};
static const char *const tcats[] = {
    "lecturing",    "medicine", "party_building", "agriculture", "science_education",
    "construction", "law",      "culture_arts",   "economy",     "next_generation"};
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* One set of figures: the total, or one child office's. The arrays follow the name
 * lists above (care and talents have one more entry: other). part_*: participation in
 * functional and temporary branches, never part of members. */
struct figures {
    int64_t members, cat[3], health[4], age[4], party[N(party)], band[N(bands)], medal, with_branch,
        branch_unknown;
    int64_t managed_with, living_elsewhere; /* h2: 混编 (no branch here), relocated */
    int64_t part_members[PARTS], part_memberships[PARTS];
    int64_t branches, level[3], nature[3], demo[3];
    int64_t activities[4], records[4], attended[4];
    int64_t care[N(reasons) + 1];
    int64_t admissions, hospital_visits;                      /* hospital stays in 人次 */
    int64_t dues_fen, volunteer_minutes, volunteer_month[12]; /* minutes, and by month of service */
    int64_t talents[N(tcats) + 1];
    struct help_totals help; /* urgent help filed in the year (office unused) */
};

/* Index of s in names (n of them), -1 when absent or s is NULL. */
static int index_of(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++) {
        if (strcmp(names[i], s) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* Offices under the caller, sorted by code, with the child bucket each counts in. */
struct office_slot {
    char code[7];
    int child;                  /* -1: the caller itself */
    unsigned char health[4][8]; /* blind indexes of the four health values */
    bool health_ready;
};

/* The offices, the total, and per direct child of the caller its code, name and
 * figures. */
struct rollup {
    struct office_slot *offices;
    size_t noffices;
    struct figures total;
    struct figures *children;
    char (*child_code)[7];
    char (*child_name)[401];
    size_t nchildren;
    bool help_overdue; /* overdue now was counted (the current year's figures) */
    /* h2: members living elsewhere by place (the prefecture of residence), the total's */
    struct place_count {
        char code[7];
        int64_t n;
    } * places;
    size_t nplaces;
};

/* qsort/bsearch order of office slots: by code. */
static int cmp_slot(const void *a, const void *b)
{
    return strcmp(((const struct office_slot *)a)->code, ((const struct office_slot *)b)->code);
}

/* The slot of office code (NULL when not under the caller). */
static struct office_slot *slot_of(struct rollup *u, const char *code)
{
    struct office_slot key;
    snprintf(key.code, sizeof(key.code), "%s", code ? code : "");
    return bsearch(&key, u->offices, u->noffices, sizeof(key), cmp_slot);
}

/* The figures a row of office code adds to: the total and its child's. */
static void targets(struct rollup *u, const char *code, struct figures **a, struct figures **b)
{
    struct office_slot *s = slot_of(u, code);
    *a = &u->total;
    *b = s && s->child >= 0 ? &u->children[s->child] : NULL;
}

/* Adds n to field of the total and of the child that office `code` (in scope) counts in. */
#define ADD(field, n)                                                                                        \
    do {                                                                                                     \
        struct figures *x_, *y_;                                                                             \
        targets(u, code, &x_, &y_);                                                                          \
        x_->field += (n);                                                                                    \
        if (y_) {                                                                                            \
            y_->field += (n);                                                                                \
        }                                                                                                    \
    } while (0)

/* {names[i]: v[i]}, and "other": v[n] when other and not 0. */
static cJSON *named_counts(const char *const *names, size_t n, const int64_t *v, bool other)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++) {
        cJSON_AddNumberToObject(o, names[i], (double)v[i]);
    }
    if (other && v[n]) {
        cJSON_AddNumberToObject(o, "other", (double)v[n]);
    }
    return o;
}

/* The coverage block of f into c. */
static void coverage_json(cJSON *c, const struct figures *f)
{
    cJSON_AddNumberToObject(c, "with_primary_branch", (double)f->with_branch);
    /* members gone since as_of: their affiliation then is not kept; the rate is of the known.
     * 混编 members are in an organisation (an in-service unit's), counted once, on their own line */
    int64_t known = f->members - f->branch_unknown;
    cJSON_AddNumberToObject(c, "managed_with_unit", (double)f->managed_with);
    cJSON_AddNumberToObject(c, "without_primary_branch", (double)(known - f->with_branch - f->managed_with));
    cJSON_AddNumberToObject(c, "not_known", (double)f->branch_unknown);
    cJSON_AddNumberToObject(c, "rate",
                            known ? (double)(f->with_branch + f->managed_with) / (double)known : 1.0);
}

/* The quarters of organisational life of f into the array ol. */
static void org_life_json(cJSON *ol, const struct figures *f)
{
    for (int q = 0; q < 4; q++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddNumberToObject(x, "quarter", q + 1);
        cJSON_AddNumberToObject(x, "activities", (double)f->activities[q]);
        cJSON_AddNumberToObject(x, "attendance_records", (double)f->records[q]);
        cJSON_AddNumberToObject(x, "attended", (double)f->attended[q]);
        cJSON_AddNumberToObject(x, "attendance_rate",
                                f->records[q] ? (double)f->attended[q] / (double)f->records[q] : 0.0);
        cJSON_AddItemToArray(ol, x);
    }
}

/* One set of figures as the API shows it (urgent help overdue now when overdue); caller
 * owns the result. */
static cJSON *figures_json(const struct figures *f, bool overdue)
{
    cJSON *j = cJSON_CreateObject();
    cJSON *m = cJSON_AddObjectToObject(j, "members");
    cJSON_AddNumberToObject(m, "active", (double)f->members);
    cJSON_AddItemToObject(m, "by_category", named_counts(categories, 3, f->cat, false));
    cJSON_AddItemToObject(m, "by_health", named_counts(healths, 4, f->health, false));
    cJSON_AddItemToObject(m, "by_age", named_counts(ages, 4, f->age, false));
    cJSON_AddItemToObject(m, "by_party_years", named_counts(party, N(party), f->party, false));
    cJSON_AddItemToObject(m, "by_joining_period", named_counts(bands, N(bands), f->band, false));
    cJSON_AddNumberToObject(m, "fifty_years_medal", (double)f->medal);
    cJSON *p = cJSON_AddObjectToObject(j, "participation");
    for (int k = 0; k < PARTS; k++) {
        cJSON *x = cJSON_AddObjectToObject(p, natures[PART_FIRST + k]);
        cJSON_AddNumberToObject(x, "members", (double)f->part_members[k]);
        cJSON_AddNumberToObject(x, "memberships", (double)f->part_memberships[k]);
    }
    cJSON_AddNumberToObject(m, "living_elsewhere", (double)f->living_elsewhere);
    coverage_json(cJSON_AddObjectToObject(j, "coverage"), f);
    cJSON *o = cJSON_AddObjectToObject(j, "organisations");
    cJSON_AddNumberToObject(o, "open", (double)f->branches);
    cJSON_AddItemToObject(o, "by_level", named_counts(levels, 3, f->level, false));
    cJSON_AddItemToObject(o, "by_nature", named_counts(natures, 3, f->nature, false));
    cJSON_AddItemToObject(j, "demonstration_branches", named_counts(demo, 3, f->demo, false));
    org_life_json(cJSON_AddArrayToObject(j, "org_life"), f);
    int64_t care = 0;
    for (size_t k = 0; k <= N(reasons); k++) {
        care += f->care[k];
    }
    cJSON *c2 = cJSON_AddObjectToObject(j, "care");
    cJSON_AddNumberToObject(c2, "member_visits", (double)care);
    cJSON_AddItemToObject(c2, "by_reason", named_counts(reasons, N(reasons), f->care, true));
    cJSON *hs = cJSON_AddObjectToObject(c2, "hospital_stays");
    cJSON_AddNumberToObject(hs, "admissions", (double)f->admissions);
    cJSON_AddNumberToObject(hs, "visits", (double)f->hospital_visits);
    cJSON *uh = cJSON_AddObjectToObject(j, "urgent_help");
    help_totals_json(uh, &f->help);
    if (overdue) {
        cJSON_AddNumberToObject(uh, "overdue_open", (double)f->help.overdue);
    }
    cJSON_AddNumberToObject(j, "dues_collected_fen", (double)f->dues_fen);
    cJSON_AddNumberToObject(j, "volunteer_minutes", (double)f->volunteer_minutes);
    cJSON *vm = cJSON_AddArrayToObject(j, "volunteer_minutes_by_month");
    for (int k = 0; k < 12; k++) {
        cJSON_AddItemToArray(vm, cJSON_CreateNumber((double)f->volunteer_month[k]));
    }
    cJSON_AddItemToObject(j, "talents_by_category", named_counts(tcats, N(tcats), f->talents, true));
    return j;
}

/* The health value a blind index stands for in office code (-1 when none). */
static int health_of(const struct config *cfg, struct office_slot *s, const char *idx, size_t len)
{
    if (s == NULL || idx == NULL || len != 8) {
        return -1;
    }
    if (!s->health_ready) {
        for (int h = 0; h < 4; h++) {
            pii_blind_idx(cfg, "health", s->code, healths[h], s->health[h]);
        }
        s->health_ready = true;
    }
    for (int h = 0; h < 4; h++) {
        if (memcmp(s->health[h], idx, 8) == 0) {
            return h;
        }
    }
    return -1;
}

/* The direct child of the caller (prefix of pl digits) that office code counts in. */
static void child_of(const char *code, size_t pl, char child[7])
{
    snprintf(child, 7, "%s", code);
    if (pl == 2 && gbt2260_level(code) == LEVEL_COUNTY) {
        snprintf(child, 7, "%.4s00", code);
    }
}

struct rollup *rollup_new(const char *caller, const struct stat_office *offs, size_t n)
{
    struct rollup *u = calloc(1, sizeof(*u));
    size_t pl = gbt2260_prefix_len(caller);
    if (u == NULL) {
        return NULL;
    }
    u->offices = calloc(n + 1, sizeof(*u->offices));
    u->children = calloc(n + 1, sizeof(*u->children));
    u->child_code = calloc(n + 1, sizeof(*u->child_code));
    u->child_name = calloc(n + 1, sizeof(*u->child_name));
    if (u->offices == NULL || u->children == NULL || u->child_code == NULL || u->child_name == NULL) {
        rollup_free(u);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        struct office_slot *s = &u->offices[u->noffices++];
        char child[7];
        snprintf(s->code, sizeof(s->code), "%s", offs[i].code);
        s->child = -1;
        if (strcmp(offs[i].code, caller) == 0) {
            continue;
        }
        child_of(offs[i].code, pl, child);
        for (size_t k = 0; k < u->nchildren; k++) {
            if (strcmp(u->child_code[k], child) == 0) {
                s->child = (int)k;
            }
        }
        if (s->child < 0) {
            s->child = (int)u->nchildren;
            snprintf(u->child_code[u->nchildren], 7, "%s", child);
            u->nchildren++;
        }
        if (strcmp(offs[i].code, child) == 0) {
            snprintf(u->child_name[s->child], 401, "%s", offs[i].name);
        }
    }
    qsort(u->offices, u->noffices, sizeof(*u->offices), cmp_slot);
    return u;
}

void rollup_free(struct rollup *u)
{
    if (u == NULL) {
        return;
    }
    free(u->offices);
    free(u->children);
    free(u->child_code);
    free(u->child_name);
    free(u->places);
    free(u);
}

/* h2: n more members living in place (XXYY00) in the total's by-place count. */
static void add_place(struct rollup *u, const char *place, int64_t n)
{
    for (size_t i = 0; i < u->nplaces; i++) {
        if (strcmp(u->places[i].code, place) == 0) {
            u->places[i].n += n;
            return;
        }
    }
    struct place_count *grown = realloc(u->places, (u->nplaces + 1) * sizeof(*grown));
    if (grown == NULL) {
        return; /* a place left out of the breakdown; the total above still counts it */
    }
    u->places = grown;
    snprintf(u->places[u->nplaces].code, sizeof(u->places[0].code), "%.6s", place);
    u->places[u->nplaces++].n = n;
}

/* One marginal count (x: see STAT_MEMBERS in stats_db.h) of office code added to u. Ages and
 * years in the party are those reached in year (by 31 December), the medal's by 1 July. */
static void add_marginal(const struct config *cfg, struct rollup *u, const struct stat_row *x, int year)
{
    const char *code = x->office, *val = x->key[0];
    int64_t n = x->num[1];
    switch (x->num[0]) {
    case 1: {
        int cat = index_of(categories, 3, val);
        if (cat >= 0) {
            ADD(cat[cat], n);
        }
        break;
    }
    case 2: {
        int h = health_of(cfg, slot_of(u, code), val, x->key_len[0]);
        if (h >= 0) {
            ADD(health[h], n);
        }
        break;
    }
    case 3: {
        int age = year - atoi(val);
        ADD(age[age < 70 ? 0 : age < 80 ? 1 : age < 90 ? 2 : 3], n);
        break;
    }
    case 4: {
        int py = year - atoi(val);
        ADD(party[!val[0] ? 4 : py < 0 ? 3 : py < 30 ? 0 : py < 50 ? 1 : 2], n);
        break;
    }
    case 5:
        ADD(members, n);
        if (val[0] == '1') {
            ADD(with_branch, n);
        } else if (val[0] == '2') {
            ADD(managed_with, n); /* h2: 混编 (sql/0042) */
        } else if (val[0] == '\0') {
            ADD(branch_unknown, n);
        }
        break;
    case 6: {
        int b = val[0] >= '1' && val[0] <= '0' + STATS_BANDS ? val[0] - '1' : STATS_BANDS;
        ADD(band[b], n);
        break;
    }
    case 7:
        if (val[0] && atoi(val) <= year) {
            ADD(medal, n);
        }
        break;
    case 8: /* h2: living elsewhere, by the prefecture of residence (sql/0042) */
        if (val[0]) {
            ADD(living_elsewhere, n);
            add_place(u, val, n);
        }
        break;
    default:
        break;
    }
}

void rollup_add_members(struct rollup *u, const struct config *cfg, const struct stat_rows *rows, int year)
{
    for (size_t i = 0; i < rows->n; i++) {
        add_marginal(cfg, u, &rows->row[i], year);
    }
}

/* Open organisations by level, nature and demonstration level. */
void rollup_add_branches(struct rollup *u, const struct stat_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        const struct stat_row *x = &rows->row[i];
        const char *code = x->office;
        int64_t n = x->num[0];
        int l = index_of(levels, 3, x->key[0]), t = index_of(natures, 3, x->key[1]),
            d = index_of(demo, 3, x->key[2]);
        ADD(branches, n);
        if (l >= 0) {
            ADD(level[l], n);
        }
        if (t >= 0) {
            ADD(nature[t], n);
        }
        if (d >= 0) {
            ADD(demo[d], n);
        }
    }
}

/* Organisational life by quarter. */
void rollup_add_activities(struct rollup *u, const struct stat_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        const char *code = rows->row[i].office;
        const int64_t *v = rows->row[i].num;
        int q = ((int)v[0] - 1) & 3;
        ADD(activities[q], v[1]);
        ADD(records[q], v[2]);
        ADD(attended[q], v[3]);
    }
}

/* Care by reason in 人次 (visit_members: one per member visited per visit), dues, volunteer minutes and
 * talents by category (unknown reasons and categories count as other). */
void rollup_add_counts(struct rollup *u, const struct stat_rows *care, const struct stat_rows *dues,
                       const struct stat_rows *hours, const struct stat_rows *talents)
{
    for (size_t i = 0; i < care->n; i++) {
        const char *code = care->row[i].office;
        int k = index_of(reasons, N(reasons), care->row[i].key[0]);
        ADD(care[k >= 0 ? k : (int)N(reasons)], care->row[i].num[0]);
    }
    for (size_t i = 0; i < dues->n; i++) {
        const char *code = dues->row[i].office;
        ADD(dues_fen, dues->row[i].num[0]);
    }
    for (size_t i = 0; i < hours->n; i++) {
        const char *code = hours->row[i].office;
        ADD(volunteer_minutes, hours->row[i].num[1]);
        ADD(volunteer_month[(hours->row[i].num[0] + 11) % 12], hours->row[i].num[1]);
    }
    for (size_t i = 0; i < talents->n; i++) {
        const char *code = talents->row[i].office;
        int k = index_of(tcats, N(tcats), talents->row[i].key[0]);
        ADD(talents[k >= 0 ? k : (int)N(tcats)], talents->row[i].num[0]);
    }
}

void rollup_add_stays(struct rollup *u, const struct stat_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        const char *code = rows->row[i].office;
        ADD(admissions, rows->row[i].num[0]);
        ADD(hospital_visits, rows->row[i].num[1]);
    }
}

void rollup_add_help(struct rollup *u, const struct help_totals *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *code = rows[i].office;
        ADD(help.filed, rows[i].filed);
        ADD(help.resolved, rows[i].resolved);
        ADD(help.within, rows[i].within);
        ADD(help.rated, rows[i].rated);
        ADD(help.satisfaction_sum, rows[i].satisfaction_sum);
        ADD(help.overdue, rows[i].overdue);
    }
}

void rollup_add_help_overdue(struct rollup *u, const struct help_totals *rows, size_t n)
{
    u->help_overdue = true;
    rollup_add_help(u, rows, n);
}

void rollup_add_participation(struct rollup *u, const struct stat_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        const char *code = rows->row[i].office;
        int k = index_of(natures, N(natures), rows->row[i].key[0]) - PART_FIRST;
        if (k >= 0 && k < PARTS) {
            ADD(part_members[k], rows->row[i].num[0]);
            ADD(part_memberships[k], rows->row[i].num[1]);
        }
    }
}

/* The overview body of the caller's office for year from rollup u; caller owns it. */
cJSON *rollup_json(const struct rollup *u, const char *office, int year, const char *as_of)
{
    char asof[16], cutoff[11];
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "office", office);
    cJSON_AddStringToObject(body, "level", gbt2260_level_name(gbt2260_level(office)));
    cJSON_AddNumberToObject(body, "year", year);
    cJSON_AddStringToObject(body, "as_of", as_of);
    snprintf(asof, sizeof(asof), "%04d-12-31", year % 10000);
    cJSON_AddStringToObject(body, "ages_as_of", asof);
    standing_medal_cutoff(year, cutoff);
    cJSON_AddStringToObject(body, "medal_cutoff", cutoff);
    cJSON_AddNumberToObject(body, "offices", (double)u->noffices);
    cJSON *total = figures_json(&u->total, u->help_overdue);
    cJSON *places = cJSON_AddObjectToObject(cJSON_GetObjectItemCaseSensitive(total, "members"),
                                            "living_elsewhere_by_place");
    for (size_t i = 0; i < u->nplaces; i++) {
        if (u->places[i].n != 0) { /* a place whose flows cancel out today's count */
            cJSON_AddNumberToObject(places, u->places[i].code, (double)u->places[i].n);
        }
    }
    cJSON_AddItemToObject(body, "total", total);
    cJSON *children = cJSON_AddArrayToObject(body, "children");
    for (size_t k = 0; k < u->nchildren; k++) {
        cJSON *row = cJSON_CreateObject();
        cJSON_AddStringToObject(row, "office", u->child_code[k]);
        cJSON_AddStringToObject(row, "name", u->child_name[k]);
        cJSON_AddItemToObject(row, "figures", figures_json(&u->children[k], u->help_overdue));
        cJSON_AddItemToArray(children, row);
    }
    return body;
}
