/* output.h: small helpers the subcommands share for printing: JSON string
 * escaping and human-readable sizes. */
#ifndef ACQ_CLI_OUTPUT_H
#define ACQ_CLI_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

/* Writes s as a JSON string literal (with quotes); NULL prints null. */
void cli_json_string(FILE *f, const char *s);
/* "12.3 MB" style. */
const char *cli_human_size(uint64_t bytes, char *buf, size_t n);

#endif
