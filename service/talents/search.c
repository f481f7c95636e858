/* /v1/talents/search: admitted talents of the caller's office (a county) or of the
 * offices under it (a prefecture or province), as public profiles, cached per office and
 * query. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yinhui/access.h"
#include "yinhui/cache.h"
#include "yinhui/crypto.h"
#include "yinhui/db.h"
#include "yinhui/gbt2260.h"
#include "yinhui/http.h"
#include "yinhui/json_in.h"
#include "yinhui/page.h"
#include "yinhui/talents.h"
#include "yinhui/talents_db.h"
#include "yinhui/talents_rules.h"

#include "talents_http.h"

#define HITS_MAX 101

/* The query of the request into s (skills split into buf). False when it has replied 400. */
static bool search_of_query_or_reply(struct req *r, struct talent_search *s, char *after, size_t afterlen,
                                     char *skills, size_t skillslen)
{
    static const char *const avail[] = {"weekdays", "weekends", "anytime", "by_arrangement", NULL};
    struct verrs e = {0};
    if (!page_params_or_reply(r, "tsearch", &s->limit, after, afterlen) ||
        !query_enum_or_reply(r, "availability", avail, &s->availability)) {
        return false;
    }
    s->offset = after[0] ? atoi(after) : 0;
    s->category = query_get(&r->q, "category");
    s->area = query_get(&r->q, "area");
    s->language = query_get(&r->q, "language");
    s->q = query_get(&r->q, "q");
    const char *sk = query_get(&r->q, "skills");
    if (sk != NULL) {
        snprintf(skills, skillslen, "%s", sk);
        /* strtok_r: strtok's hidden state is shared by every thread's search */
        char *save = NULL;
        for (char *tok = strtok_r(skills, ",", &save); tok && s->nskills < 8;
             tok = strtok_r(NULL, ",", &save)) {
            s->skills[s->nskills++] = tok;
        }
    }
    if (s->area && gbt2260_level(s->area) == LEVEL_INVALID) {
        verr_add(&e, "area", "must be a GB/T 2260 division code");
    }
    if (s->q && !search_text_ok(s->q)) {
        verr_add(&e, "q", "must be 1 to 50 characters, without control characters");
    }
    if (s->category && !talent_code_ok(s->category)) {
        verr_add(&e, "category", "must be a category code such as medicine or law");
    }
    if (e.n > 0) {
        reply_problem(r, YH_ERR_BAD_REQUEST, e.e[0].message, &e);
        return false;
    }
    return true;
}

/* s->q normalised into *pq (s->pq). False when it has replied. */
static bool search_pinyin_or_reply(struct req *r, struct talent_search *s, struct pinyin_query *pq)
{
    if (s->q && !pinyin_query_of(s->q, pq)) {
        reply_problem(r, YH_ERR_INTERNAL, "the name search is unavailable", NULL);
        return false;
    }
    s->pq = pq;
    return true;
}

/* The cache key of the request's query: "ts:" and a hash of its parameters. */
static void search_key(const struct req *r, char *key, size_t keylen)
{
    struct buf kb = {0};
    unsigned char h[32];
    char hex[65];
    for (int i = 0; i < r->q.n; i++) {
        buf_printf(&kb, "%s=%s&", r->q.name[i], r->q.value[i]);
    }
    sha256(kb.data ? kb.data : "", kb.len, h);
    buf_free(&kb);
    hex_encode(h, 12, hex);
    snprintf(key, keylen, "ts:%.24s", hex);
}

/* The first shown rows of hits (read under s->prefix) as public profiles with their
 * relevance, into *items (caller owns). */
static enum yh_err hits_json(struct req *r, const struct talent_search *s, const struct db_rows *hits,
                             size_t shown, cJSON **items)
{
    int64_t ids[HITS_MAX];
    char *names[HITS_MAX];
    struct talent_hit h;
    for (size_t i = 0; i < shown; i++) {
        talent_hit_at(hits, i, &h);
        ids[i] = h.id;
    }
    enum yh_err err = talents_db_category_names(r->db, s->prefix, ids, shown, names);
    if (err != YH_OK) {
        return err;
    }
    *items = cJSON_CreateArray();
    for (size_t i = 0; i < shown; i++) {
        talent_hit_at(hits, i, &h);
        cJSON *j =
            talent_public_json(h.id, h.office, h.name, names[i], h.speciality, h.title, h.service_area);
        cJSON_AddNumberToObject(j, "relevance", (double)h.score);
        cJSON_AddItemToArray(*items, j);
        free(names[i]);
    }
    return YH_OK;
}

/* GET /v1/talents/search — by category, skills, area, availability, language and free
 * text; offset cursors. */
void talents_search(struct req *r)
{
    struct talent_search s = {0};
    struct pinyin_query pq;
    struct db_rows rows;
    struct cache_stamp stamp;
    bool have_stamp = false;
    char prefix[7], after[24], key[64], skills[401] = "", next[24];
    cJSON *items = NULL;
    if (!search_of_query_or_reply(r, &s, after, sizeof(after), skills, sizeof(skills)) ||
        !search_pinyin_or_reply(r, &s, &pq)) {
        return;
    }
    /* a county its own pool; a prefecture or province its descendants' */
    snprintf(prefix, sizeof(prefix), "%.*s", (int)gbt2260_prefix_len(r->claims.office), r->claims.office);
    s.prefix = prefix;
    /* hot for integrations: cached per office and query */
    search_key(r, key, sizeof(key));
    if (req_cache_serve(r, r->claims.office, key, &stamp, &have_stamp)) {
        return;
    }
    enum yh_err err = talents_db_search(r->db, &s, &rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    size_t shown = rows.nrows > (size_t)s.limit ? (size_t)s.limit : rows.nrows;
    bool more = rows.nrows > shown;
    err = hits_json(r, &s, &rows, shown, &items);
    db_rows_free(&rows);
    if (err != YH_OK) {
        reply_problem(r, err, NULL, NULL);
        return;
    }
    snprintf(next, sizeof(next), "%d", s.offset + (int)shown);
    /* office staff of other offices see only public profiles anyway: one cached body */
    req_cache_reply_take(r, r->claims.office, key, &stamp, have_stamp,
                         page_body(r, "tsearch", items, more ? next : NULL));
}
