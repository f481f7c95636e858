/* Demo data of issue 16 (volunteers to the national standard), included by gen.c: one
 * static function per part, each called once from demo_volstd, after demo_volunteers
 * and demo_across (the teams, volunteers, events and venues exist). */

static void demo_volstd(const struct config *cfg, struct db *db, const char *office)
{
    (void)cfg;
    (void)db;
    (void)office;
}
