/* GET /v1/care/due: who must be visited, and why (the rules are in care_due.c). */
#include <stdio.h>
#include <stdlib.h>

#include "yinhui/access.h"
#include "yinhui/app.h"
#include "yinhui/cache.h"
#include "yinhui/care.h"
#include "yinhui/care_db.h"
#include "yinhui/care_due.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/pii.h"
#include "yinhui/reach.h"

/* The holidays of year with the office's own days own[0..nown) (at most CARE_DAYS_MAX of
 * them count), into out: how many. */
static size_t holidays_of(int year, const struct care_day *own, size_t nown, struct holiday *out)
{
    return care_holidays_of_year(year, own, nown < CARE_DAYS_MAX ? nown : CARE_DAYS_MAX, out);
}

enum yh_err care_holidays_read(struct db *db, const char *office, int year, struct holiday *out, size_t *n)
{
    struct care_day *own = NULL;
    size_t nown = 0;
    enum yh_err err = care_days_db_all(db, office, &own, &nown);
    *n = err == YH_OK ? holidays_of(year, own, nown, out) : 0;
    free(own);
    return err;
}

static void due_member(const struct care_member *m, void *ctx)
{
    care_due_add(ctx, m);
}

/* The holidays of this year and the next from the office's own days own[0..nown), the
 * filter of the members the window can list (*f, its blind indexes in *p) and the list
 * begun (*l): without the database, so the 60 KB holiday table is never held while a
 * request waits for MariaDB (64 in flight wait for the members' query). */
static enum yh_err due_start(const struct config *cfg, const char *office, struct due_params *p,
                             const struct care_day *own, size_t nown, struct due_filter *f, struct buf *out,
                             struct due_list **l)
{
    struct holiday *hol = calloc(2 * HOLIDAYS_MAX, sizeof(*hol)); /* worker stacks are small */
    if (hol == NULL) {
        return YH_ERR_INTERNAL;
    }
    size_t nhol = holidays_of(atoi(p->today), own, nown, hol);
    size_t nnext = holidays_of(atoi(p->today) + 1, own, nown, hol + HOLIDAYS_MAX);
    pii_blind_idx(cfg, "health", office, "hospitalised", p->hosp);
    pii_blind_idx(cfg, "health", office, "homebound", p->home);
    care_due_filter(p, hol, nhol, hol + HOLIDAYS_MAX, nnext, f);
    *l = care_due_begin(p, hol, nhol, hol + HOLIDAYS_MAX, nnext, out);
    free(hol);
    return YH_OK;
}

/* See care_due.h: reads the office's own days once (the holidays of this year and the
 * next, care_holidays_read's), then the members the window can list (care_due_filter),
 * applying the rules to each as it is read: a county's members are not held, only the
 * text. */
enum yh_err care_due_compute(struct db *db, const struct config *cfg, const char *office, int64_t branch,
                             const char *today, long days, long hdays, bool exact, struct buf *out)
{
    struct due_params p = {.today = today, .days = days, .hdays = hdays, .exact = exact};
    struct due_filter f;
    struct due_list *l = NULL;
    struct care_day *own = NULL;
    size_t nown = 0;
    int64_t office_hdays = 0;
    enum yh_err err = YH_OK;
    if (hdays <= 0) {
        err = care_db_hospital_days(db, office, &office_hdays);
        p.hdays = (long)office_hdays;
    }
    if (err == YH_OK) {
        err = care_days_db_all(db, office, &own, &nown);
    }
    if (err == YH_OK) {
        err = due_start(cfg, office, &p, own, nown, &f, out, &l);
    }
    free(own);
    if (err == YH_OK) {
        err = care_db_members_each(db, office, branch, &f, due_member, l);
    }
    if (l != NULL) {
        care_due_end(l);
    }
    return err;
}

/* Reads ?days=, ?hospital_days= (1 to 60; absent, *hdays stays 0: the office's rule) and
 * ?date= (default today) into *days, *hdays and today. False when it has replied 400. */
static bool due_query_or_reply(struct req *r, long *days, long *hdays, char today[11])
{
    const char *ds = query_get(&r->q, "days"), *hs = query_get(&r->q, "hospital_days"),
               *on = query_get(&r->q, "date");
    struct verrs e = {0};
    if (ds && (!id_parse(ds, (int64_t[]){0}) || (*days = atol(ds)) > 60)) {
        verr_add(&e, "days", "must be an integer from 1 to 60");
    }
    if (hs && (!id_parse(hs, (int64_t[]){0}) || (*hdays = atol(hs)) > 60)) {
        verr_add(&e, "hospital_days", "must be an integer from 1 to 60");
    }
    today_cn(today);
    if (on != NULL) {
        if (!date_valid(on)) {
            verr_add(&e, "date", "must be a date YYYY-MM-DD");
        } else {
            snprintf(today, 11, "%s", on);
        }
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return false;
    }
    return true;
}

/* GET /v1/care/due: who must be visited, and why — birthdays in the months the next N
 * days touch (by day with reveal=true and pii:read, audited; 80, 90, 100 marked),
 * members in hospital not visited since admission or within hospital_days (default the
 * office's hospital_visit_days), homebound members not visited
 * this month, members in hardship not visited this quarter, and everyone not yet visited
 * for a holiday within the next N days; retirees only, each item cleared only by a visit
 * for its reason (care_due.h). Staff see the office's, secretaries their branch's.
 * Cached; visits, members and the office's days invalidate it. */
void care_due(struct req *r)
{
    long days = 7, hdays = 0;
    char today[11], key[64];
    struct cache_stamp stamp;
    bool have_stamp = false, ok = true;
    struct buf body = {0};
    if (req_is_member(r)) {
        reply_problem(r, YH_ERR_FORBIDDEN, "the due list is for staff and secretaries", NULL);
        return;
    }
    if (!due_query_or_reply(r, &days, &hdays, today)) {
        return;
    }
    bool exact = reveal_requested(r, &ok);
    if (!ok) {
        return;
    }
    int64_t branch = req_is_secretary(r) ? (r->claims.branch_id ? r->claims.branch_id : -1) : 0;
    snprintf(key, sizeof(key), "due:%s:%ld:%ld:%lld", today, days, hdays, (long long)branch);
    /* the revealed list (birthdays by day) is audited on every read, so never cached */
    if (!exact && req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err =
        care_due_compute(r->db, &r->app->cfg, r->claims.office, branch, today, days, hdays, exact, &body);
    if (err == YH_OK && exact) {
        err = req_audit(r, "care.due_reveal", "branch", branch);
    }
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
    } else if (exact) {
        reply_json_raw(r, 200, body.data, body.len);
    } else {
        req_cache_reply_buf(r, r->claims.office, key, &stamp, have_stamp, &body);
    }
    buf_free(&body);
}
