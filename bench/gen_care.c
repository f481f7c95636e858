/* The demo county's day-to-day care (issue 14): urgent help, hospital stays, deaths and
 * aftercare, political treatment. Included by gen.c; each part adds its own function here
 * and one call in demo_daily_care. */

static void demo_daily_care(const struct config *cfg, struct db *db, const char *office, const int64_t *branches,
                            int n)
{
    (void)cfg;
    (void)db;
    (void)office;
    (void)branches;
    (void)n;
}
