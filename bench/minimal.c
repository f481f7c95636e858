/* The ceiling's ceiling: a bare Civetweb handler with one mg_write per response, the
 * reference /healthz is compared with in the same run.   minimal [ADDR:PORT [THREADS]] */
#include <civetweb.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static void on_sig(int s)
{
    (void)s;
    stop = 1;
}

static int handler(struct mg_connection *c, void *d)
{
    (void)d;
    static const char r[] =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}";
    mg_write(c, r, sizeof(r) - 1);
    return 200;
}

int main(int argc, char **argv)
{
    /* threads: as many as the service it stands beside (YH_THREADS), behind nginx too */
    const char *opts[] = {"listening_ports",
                          argc > 1 ? argv[1] : "127.0.0.1:8099",
                          "num_threads",
                          argc > 2 ? argv[2] : "64",
                          "enable_keep_alive",
                          "yes",
                          "tcp_nodelay",
                          "1",
                          NULL};
    signal(SIGTERM, on_sig);
    mg_init_library(0);
    struct mg_context *ctx = mg_start(NULL, NULL, opts);
    if (ctx == NULL) {
        return 1;
    }
    mg_set_request_handler(ctx, "/", handler, NULL);
    while (!stop) {
        usleep(100000);
    }
    mg_stop(ctx);
    return 0;
}
