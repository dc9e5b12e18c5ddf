/* output.h: small helpers the subcommands share for printing: human-readable
 * sizes here, and JSON (string escaping, hits, facets) from json/json_write.h,
 * which the server shares. */
#ifndef ACQ_CLI_OUTPUT_H
#define ACQ_CLI_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "json/json_write.h"

/* "12.3 MB" style. */
const char *cli_human_size(uint64_t bytes, char *buf, size_t n);

#endif
