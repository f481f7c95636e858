#include "yinhui/err.h"

static const struct yh_err_info infos[YH_ERR__COUNT] = {
    [YH_OK] = {200, "ok", "OK"},
    [YH_ERR_BAD_REQUEST] = {400, "bad-request", "Malformed request"},
    [YH_ERR_UNAUTHORIZED] = {401, "unauthorized", "Authentication required"},
    [YH_ERR_FORBIDDEN] = {403, "forbidden", "Not permitted"},
    [YH_ERR_NOT_FOUND] = {404, "not-found", "Not found"},
    [YH_ERR_METHOD] = {405, "method-not-allowed", "Method not allowed"},
    [YH_ERR_CONFLICT] = {409, "conflict", "Conflict"},
    [YH_ERR_PRECONDITION] = {412, "precondition-failed", "Version mismatch"},
    [YH_ERR_TOO_LARGE] = {413, "payload-too-large", "Request body too large"},
    [YH_ERR_MEDIA_TYPE] = {415, "unsupported-media-type", "Unsupported media type"},
    [YH_ERR_VALIDATION] = {422, "validation", "Invalid field values"},
    [YH_ERR_PRECONDITION_REQ] = {428, "precondition-required", "If-Match required"},
    [YH_ERR_RATE_LIMITED] = {429, "rate-limited", "Too many requests"},
    [YH_ERR_INTERNAL] = {500, "internal", "Internal error"},
    [YH_ERR_UNAVAILABLE] = {503, "unavailable", "Service temporarily unavailable"},
};

const struct yh_err_info *yh_err_info(enum yh_err err)
{
    if ((int)err < 0 || err >= YH_ERR__COUNT) {
        return &infos[YH_ERR_INTERNAL];
    }
    return &infos[err];
}
