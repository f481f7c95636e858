/* The API reference's routes: public (a reference for whoever builds a client), no
 * database. api/openapi.yaml describes the same routes. */
#include "yinhui/docs.h"

const struct route docs_routes[] = {
    {"GET", "/docs", docs_page, 0, NULL, R_PUBLIC | R_NODB},
    {"GET", "/docs/style.css", docs_style, 0, NULL, R_PUBLIC | R_NODB},
    {"GET", "/docs/icon.svg", docs_icon, 0, NULL, R_PUBLIC | R_NODB},
    {"GET", "/docs/openapi.yaml", docs_spec, 0, NULL, R_PUBLIC | R_NODB},
};
const size_t docs_nroutes = sizeof(docs_routes) / sizeof(docs_routes[0]);
