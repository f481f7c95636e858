/* Write visibility across processes: TRIALS times, PATCH a record through process A (with
 * If-Match), then read it through process B until B answers with the new version. Before
 * each write B is read once, so B holds the old value in whatever cache it keeps: the time
 * measured is the invalidation's, not a cold miss's. The time runs from the moment A's
 * response has arrived to the moment B's first fresh response has (so it includes one B
 * round trip, ~100 µs on loopback). It also counts the trials whose first read in B
 * still answered the old version: with the tracker's check on every hit (lcache.c) there
 * should be none, so the time is B's refill, not a wait for the invalidation.
 *
 *   visible A_BASE B_BASE PATH TOKEN FIELD TRIALS
 *   prints: p50_us p99_us max_us timeouts stale_first   (one line; a trial gives up after 2 s)
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct body {
    char data[65536];
    size_t len;
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
    struct body *b = arg;
    size_t len = size * n;
    size_t room = sizeof(b->data) - 1 - b->len;
    memcpy(b->data + b->len, p, len < room ? len : room);
    b->len += len < room ? len : room;
    b->data[b->len] = '\0';
    return len;
}

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* One request on a kept-alive handle; returns the HTTP status (0 on a transport error). */
static long request(CURL *c, const char *method, const char *url, struct curl_slist *h, const char *body,
                    struct body *out)
{
    long status = 0;
    out->len = 0;
    out->data[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(c) != CURLE_OK) {
        return 0;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

/* The record's "version" in a JSON body (the service prints JSON unformatted). */
static long version_of(const char *json)
{
    const char *v = strstr(json, "\"version\":");
    return v ? strtol(v + 10, NULL, 10) : -1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: visible A_BASE B_BASE PATH TOKEN FIELD TRIALS\n");
        return 2;
    }
    int trials = atoi(argv[6]), timeouts = 0, n = 0, stale_first = 0;
    char url_a[1024], url_b[1024], auth[4096], im[64], body[256];
    snprintf(url_a, sizeof(url_a), "%s%s", argv[1], argv[3]);
    snprintf(url_b, sizeof(url_b), "%s%s", argv[2], argv[3]);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", argv[4]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *a = curl_easy_init(), *b = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, auth);
    static struct body out;
    double *us = calloc((size_t)(trials > 0 ? trials : 1), sizeof(double));
    if (request(a, "GET", url_a, h, NULL, &out) != 200) {
        fprintf(stderr, "visible: GET %s: %s\n", url_a, out.data);
        return 1;
    }
    long version = version_of(out.data);
    for (int i = 0; i < trials; i++) {
        request(b, "GET", url_b, h, NULL, &out); /* B holds the old version */
        snprintf(im, sizeof(im), "If-Match: \"%ld\"", version);
        snprintf(body, sizeof(body), "{\"%s\":\"visible %d-%d\"}", argv[5], (int)time(NULL) % 100000, i);
        struct curl_slist *hp = curl_slist_append(curl_slist_append(curl_slist_append(NULL, auth), im),
                                                  "Content-Type: application/json");
        long st = request(a, "PATCH", url_a, hp, body, &out);
        double t0 = now_us();
        curl_slist_free_all(hp);
        if (st != 200 || (version = version_of(out.data)) < 0) {
            fprintf(stderr, "visible: PATCH %s: %ld %s\n", url_a, st, out.data);
            return 1;
        }
        for (int tries = 0;; tries++) {
            if (request(b, "GET", url_b, h, NULL, &out) == 200 && version_of(out.data) == version) {
                us[n++] = now_us() - t0;
                break;
            }
            if (tries == 0) {
                stale_first++;
            }
            if (now_us() - t0 > 2e6) {
                timeouts++;
                break;
            }
        }
    }
    qsort(us, (size_t)n, sizeof(double), cmp);
    if (n == 0) {
        printf("- - - %d %d\n", timeouts, stale_first);
    } else {
        printf("%.0f %.0f %.0f %d %d\n", us[n / 2], us[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1], us[n - 1],
               timeouts, stale_first);
    }
    curl_slist_free_all(h);
    curl_easy_cleanup(a);
    curl_easy_cleanup(b);
    free(us);
    curl_global_cleanup();
    return 0;
}
