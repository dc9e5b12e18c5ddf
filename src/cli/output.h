/* output.h: small helpers the subcommands share for printing: JSON string
 * escaping and human-readable sizes. */
#ifndef ACQ_CLI_OUTPUT_H
#define ACQ_CLI_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Writes s as a JSON string literal (with quotes); NULL prints null. */
void cli_json_string(FILE *f, const char *s);
/* The same for n bytes of UTF-8, which may hold U+0000 (as \u0000). */
void cli_json_string_n(FILE *f, const char *s, size_t n);
/* "12.3 MB" style. */
const char *cli_human_size(uint64_t bytes, char *buf, size_t n);

#endif
