/* cmd_serve.c: `acquis serve`: the HTTP API and the search page over one
 * index (src/server/). This file reads the options; the server is there. */
#include "cli/cli.h"
#include "server/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: acquis serve [-i DIR] [--port N] [--bind ADDR] [--threads N] [limits...]\n"
            "\n"
            "Serves the index in DIR (default: index) over HTTP, read-only: the search\n"
            "page at http://ADDR:PORT/ and a JSON API (see README \"HTTP API\"):\n"
            "  GET /api/search?q=QUERY&k=10&offset=0&count=1&facets=type,year&type=REG\n"
            "  GET /api/search?q=QUERY&expand=0&model=ql&rm3=1&explain=1\n"
            "  GET /api/doc/ID?q=QUERY   GET /api/cites/ACT   GET /api/cited-by/ACT\n"
            "  GET /api/stats   GET /api/health\n"
            "A commit to the index (acquis add, delete, optimize) is served without a\n"
            "restart; requests running keep the snapshot they started with. One access\n"
            "log line per request goes to standard error. Ctrl-C (SIGINT) or SIGTERM stops.\n"
            "\n"
            "  -i DIR               the index (default: index)\n"
            "  --port N             TCP port (default 8080; 0: any free port, printed)\n"
            "  --bind ADDR          address to listen on (default 127.0.0.1: this machine\n"
            "                       only; 0.0.0.0 or :: for every interface)\n"
            "  --threads N          worker threads (default: the number of CPUs, at least 2)\n"
            "limits (each request over one gets a JSON error, never a hang):\n"
            "  --max-request BYTES  request target plus body (default 8192): 413 beyond\n"
            "  --max-query BYTES    length of q (default 2048): 413 beyond\n"
            "  --max-k N            hits per page (default 1000): 400 beyond\n"
            "  --max-offset N       paging depth (default 10000): 400 beyond\n"
            "  --max-connections N  open connections (default 64): 503 beyond\n"
            "  --max-per-ip N       open connections from one address (default 32; 0: no\n"
            "                       limit): closed at once beyond\n"
            "  --timeout SECONDS    a connection idle this long is closed (default 10)\n"
            "  --reload-ms MS       look for a new commit at most this often (default 200)\n"
            "  --thesaurus PATH     expand every query with this thesaurus, as acquis\n"
            "                       search --thesaurus does (loaded once, at start)\n"
            "  -q, --quiet          no access log\n"
            "\n"
            "examples:\n"
            "  acquis serve -i index\n"
            "  acquis serve -i index --port 9000 --bind 0.0.0.0 --threads 8\n"
            "  curl -G 'http://127.0.0.1:8080/api/search' --data-urlencode 'q=Prüm' -d k=3\n");
}

/* A whole number in [lo, hi] for option `name`, or -1 after saying why. */
static long long number(const char *name, const char *v, long long lo, long long hi)
{
    char *end;
    long long x = strtoll(v, &end, 10);
    if (end == v || *end != '\0' || x < lo || x > hi) {
        fprintf(stderr, "acquis serve: %s wants a whole number from %lld to %lld, not '%s'\n", name, lo, hi, v);
        return -1;
    }
    return x;
}

int cli_serve(int argc, char **argv)
{
    server_config cfg = SERVER_CONFIG_INIT;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    cfg.threads = cpus < 2 ? 2 : cpus > 64 ? 64 : (unsigned)cpus;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long long x = 0;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help(stdout);
            return 0;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            cfg.quiet = 1;
            continue;
        } else if (v == NULL) {
            fprintf(stderr, "acquis serve: %s needs a value, or is unknown (see acquis serve --help)\n", a);
            return 2;
        }
        i++;
        if (strcmp(a, "-i") == 0)
            cfg.dir = v;
        else if (strcmp(a, "--bind") == 0)
            cfg.bind = v;
        else if (strcmp(a, "--thesaurus") == 0)
            cfg.thesaurus = v;
        else if (strcmp(a, "--port") == 0 && (x = number(a, v, 0, 65535)) >= 0)
            cfg.port = (unsigned)x;
        else if (strcmp(a, "--threads") == 0 && (x = number(a, v, 1, 1024)) >= 0)
            cfg.threads = (unsigned)x;
        else if (strcmp(a, "--max-request") == 0 && (x = number(a, v, 256, 1 << 20)) >= 0)
            cfg.max_request = (size_t)x;
        else if (strcmp(a, "--max-query") == 0 && (x = number(a, v, 1, 1 << 20)) >= 0)
            cfg.max_query = (size_t)x;
        else if (strcmp(a, "--max-k") == 0 && (x = number(a, v, 1, 1000000)) >= 0)
            cfg.max_k = (size_t)x;
        else if (strcmp(a, "--max-offset") == 0 && (x = number(a, v, 0, 1000000)) >= 0)
            cfg.max_offset = (size_t)x;
        else if (strcmp(a, "--max-connections") == 0 && (x = number(a, v, 1, 100000)) >= 0)
            cfg.max_connections = (unsigned)x;
        else if (strcmp(a, "--max-per-ip") == 0 && (x = number(a, v, 0, 100000)) >= 0)
            cfg.max_per_ip = (unsigned)x;
        else if (strcmp(a, "--timeout") == 0 && (x = number(a, v, 1, 3600)) >= 0)
            cfg.timeout = (unsigned)x;
        else if (strcmp(a, "--reload-ms") == 0 && (x = number(a, v, 0, 3600000)) >= 0)
            cfg.reload_ms = (long)x;
        else if (x < 0)
            return 2;
        else {
            fprintf(stderr, "acquis serve: unknown option '%s' (see acquis serve --help)\n", a);
            return 2;
        }
    }
    return server_run(&cfg);
}
