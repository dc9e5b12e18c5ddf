/* output.c: printing helpers for the command line (see output.h). */
#include "cli/output.h"

const char *cli_human_size(uint64_t bytes, char *buf, size_t n)
{
    if (bytes >= (1u << 20))
        snprintf(buf, n, "%.1f MB", (double)bytes / (1 << 20));
    else if (bytes >= 1024)
        snprintf(buf, n, "%.1f KB", (double)bytes / 1024);
    else
        snprintf(buf, n, "%llu B", (unsigned long long)bytes);
    return buf;
}
