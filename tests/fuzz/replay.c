/* replay.c: a main() for any harness without libFuzzer, so that kept inputs
 * replay under gcc, the ASan build or a debugger:
 *   build/tests/replay_fuzz_reader tests/fuzz/regressions/fuzz_reader crash-1234
 * runs LLVMFuzzerTestOneInput once per file named (a folder: each of its
 * files, in name order). */
#include "fuzz_util.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|FOLDER...: runs the harness on each input\n", argv[0]);
        return 2;
    }
    fz_limit_memory();
    LLVMFuzzerInitialize(&argc, &argv);
    long total = 0;
    for (int i = 1; i < argc; i++) {
        long n = fz_replay(argv[i], LLVMFuzzerTestOneInput);
        if (n < 0) {
            fprintf(stderr, "%s: no such file or folder\n", argv[i]);
            return 2;
        }
        total += n;
    }
    fprintf(stderr, "replayed %ld inputs: no crash\n", total);
    return 0;
}
