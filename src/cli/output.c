/* output.c: printing helpers for the command line (see output.h). */
#include "cli/output.h"

#include <string.h>

void cli_json_string(FILE *f, const char *s)
{
    if (s == NULL)
        fputs("null", f);
    else
        cli_json_string_n(f, s, strlen(s));
}

void cli_json_string_n(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s, *e = p + n; p < e; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

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
