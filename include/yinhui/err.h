#ifndef YINHUI_ERR_H
#define YINHUI_ERR_H

/* One error enum for the whole service; mapped to HTTP in err.c only. */
enum yh_err {
    YH_OK = 0,
    YH_ERR_BAD_REQUEST,     /* 400 malformed input */
    YH_ERR_UNAUTHORIZED,    /* 401 no or bad token / credentials */
    YH_ERR_FORBIDDEN,       /* 403 insufficient scope or role */
    YH_ERR_NOT_FOUND,       /* 404 absent or another office's */
    YH_ERR_METHOD,          /* 405 */
    YH_ERR_CONFLICT,        /* 409 duplicate or state conflict */
    YH_ERR_PRECONDITION,    /* 412 If-Match mismatch */
    YH_ERR_TOO_LARGE,       /* 413 */
    YH_ERR_MEDIA_TYPE,      /* 415 */
    YH_ERR_VALIDATION,      /* 422 */
    YH_ERR_PRECONDITION_REQ,/* 428 */
    YH_ERR_RATE_LIMITED,    /* 429 */
    YH_ERR_INTERNAL,        /* 500 */
    YH_ERR_UNAVAILABLE,     /* 503 a dependency is down */
    YH_ERR__COUNT
};

struct yh_err_info {
    int status;
    const char *slug;  /* problem type is "/problems/<slug>" */
    const char *title;
};

/* Returns the HTTP mapping of err; never NULL. */
const struct yh_err_info *yh_err_info(enum yh_err err);

#endif
