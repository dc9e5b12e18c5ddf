/* main.c: the acquis command line's entry point (placeholder). */
#include <stdio.h>
#include "acquis.h"
int main(void) { printf("acquis %s\n", acq_version()); return 0; }
