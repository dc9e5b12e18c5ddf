#!/bin/sh
# test_install.sh: the installed copy of libacquis, as an application sees it.
# Installs the build into a temporary prefix with `cmake --install`, then
#  - builds examples/index_and_search.c with pkg-config: shared (acquis.pc),
#    libacquis.a in a dynamic program (acquis-static.pc, checked to need no
#    libacquis.so) and all static (cc -static, pkg-config --static acquis),
#  - builds examples/ with CMake's find_package(acquis) (acquis::acquis and
#    acquis::acquis_static),
#  - runs each on the same folder and query and expects the same hits,
#    the shared one under valgrind when it is installed (no leaks, no errors),
#  - runs examples/search.py with python3 through ctypes against the
#    installed libacquis.so.0 on the same index (skipped without python3).
# Usage: test_install.sh BUILD_DIR SOURCE_DIR C_COMPILER [instrumented]
# Exit status 77 means skipped (CTest's SKIP_RETURN_CODE).
set -eu
build=$1 src=$2 cc=$3
if [ "${4:-}" = instrumented ]; then
    echo "skipped: a sanitizer build's libacquis cannot be loaded by uninstrumented programs"
    exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/acquis-install-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
prefix=$work/prefix

fail() { echo "test_install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "cmake --install failed"; }
pc=$(find "$prefix" -name acquis.pc)
[ -n "$pc" ] || fail "no acquis.pc installed"
libdir=$(cd "$(dirname "$pc")/.." && pwd)
for f in "$libdir/libacquis.so.0" "$libdir/libacquis.a" "$prefix/include/acquis.h" "$libdir/cmake/acquis/acquisConfig.cmake" \
         "$libdir/pkgconfig/acquis-static.pc"; do
    [ -e "$f" ] || fail "$f was not installed"
done
[ "$(ls "$prefix/include")" = acquis.h ] || fail "headers other than acquis.h were installed: $(ls "$prefix/include")"

# The shared library: soname with the major version, exports only the API.
if command -v readelf >/dev/null 2>&1; then
    readelf -d "$libdir/libacquis.so.0" | grep -q 'SONAME.*\[libacquis\.so\.0\]' || fail "the soname is not libacquis.so.0"
fi
if command -v nm >/dev/null 2>&1; then
    syms=$(nm -D --defined-only "$libdir/libacquis.so.0" | awk '{print $3}')
    extra=$(printf '%s\n' "$syms" | grep -v -e '^acq_' -e '^_init$' -e '^_fini$' || true)
    [ -z "$extra" ] || fail "exported symbols outside the acq_ API: $extra"
    for sym in $syms; do
        grep -q "[ *]$sym(" "$prefix/include/acquis.h" || fail "$sym is exported but not declared in acquis.h"
    done
fi

# A folder of documents and what the query must find first.
mkdir "$work/docs"
printf 'Europol Regulation\nPolice cooperation through Europol, the EU agency for law enforcement cooperation.\n' >"$work/docs/europol.txt"
printf 'Prüm Decision\nAutomated exchange of DNA profiles, fingerprints and vehicle registration data.\n' >"$work/docs/prum.txt"
printf 'Schengen Borders Code\nRules on the control of persons crossing borders; police checks inside the area.\n' >"$work/docs/schengen.txt"
printf 'European Arrest Warrant\nSurrender between Member States replaces extradition.\n' >"$work/docs/eaw.txt"
printf 'not a text file\n' >"$work/docs/ignored.bin"
query='police cooperation'

run() { # run NAME PROGRAM...: indexes into a fresh index and keeps the output
    name=$1
    shift
    "$@" "$work/index-$name" "$work/docs" "$query" >"$work/out-$name" 2>"$work/err-$name" || { cat "$work/err-$name"; fail "$name failed"; }
    [ ! -s "$work/err-$name" ] || { cat "$work/err-$name"; fail "$name wrote to stderr"; }
    head -n 1 "$work/out-$name" | grep -q '	europol.txt	' || { cat "$work/out-$name"; fail "$name: europol.txt is not the first hit"; }
    [ "$(wc -l <"$work/out-$name")" -eq 2 ] || { cat "$work/out-$name"; fail "$name: expected 2 hits"; }
    cmp -s "$work/out-pkgconfig" "$work/out-$name" || { diff "$work/out-pkgconfig" "$work/out-$name"; fail "$name differs from pkgconfig"; }
}

export PKG_CONFIG_PATH="$libdir/pkgconfig"
pkg-config --exists acquis || fail "pkg-config cannot find acquis"
[ "$(pkg-config --modversion acquis)" = "$(sed -n 's/^Version: //p' "$pc")" ] || fail "bad pkg-config version"

# pkg-config, shared: the program must load the installed library.
# shellcheck disable=SC2046
"$cc" -o "$work/ex-shared" "$src/examples/index_and_search.c" $(pkg-config --cflags --libs acquis) -Wl,-rpath,"$libdir" \
    || fail "building with pkg-config (shared) failed"
ldd "$work/ex-shared" | grep -q "$libdir/libacquis.so.0" || { ldd "$work/ex-shared"; fail "not linked to the installed libacquis.so.0"; }
: >"$work/out-pkgconfig"
run pkgconfig "$work/ex-shared"

# pkg-config, static. With libacquis.so installed beside libacquis.a, the
# -lacquis of acquis.pc takes the .so even under --static (which only adds
# the private dependencies), so libacquis.a linked into an otherwise dynamic
# program comes from acquis-static.pc. Such a program must not need
# libacquis.so: neither in its dynamic section nor as ldd resolves it.
needs_libacquis() {
    if command -v readelf >/dev/null 2>&1 && readelf -d "$1" | grep -q 'NEEDED.*libacquis'; then
        return 0
    fi
    ldd "$1" 2>/dev/null | grep -q libacquis
}
pkg-config --exists acquis-static || fail "pkg-config cannot find acquis-static"
[ "$(pkg-config --modversion acquis-static)" = "$(pkg-config --modversion acquis)" ] || fail "acquis-static and acquis differ in version"
for flags in "" --static; do
    # shellcheck disable=SC2046,SC2086
    "$cc" -o "$work/ex-static" "$src/examples/index_and_search.c" $(pkg-config $flags --cflags --libs acquis-static) \
        || fail "building with pkg-config ${flags:+$flags }acquis-static failed"
    if needs_libacquis "$work/ex-static"; then
        readelf -d "$work/ex-static" 2>/dev/null || ldd "$work/ex-static"
        fail "linked with pkg-config ${flags:+$flags }acquis-static, the program needs libacquis.so"
    fi
    run "pkgconfig-static$flags" "$work/ex-static"
done

# All static (cc -static), what acquis.pc's --static is for: nothing is
# loaded at run time. Only where the C library and every dependency have
# their archive (libc6-dev, zlib1g-dev, libutf8proc-dev, libstemmer-dev;
# Debian ships libcld2 as a shared library only, so there it is skipped).
archives=yes
for a in libc.a libz.a libutf8proc.a libstemmer.a libcld2.a libstdc++.a; do
    case $("$cc" -print-file-name="$a") in /*) ;; *) archives="no $a" ;; esac
done
if [ "$archives" = yes ]; then
    # shellcheck disable=SC2046
    "$cc" -static -o "$work/ex-all-static" "$src/examples/index_and_search.c" $(pkg-config --static --cflags --libs acquis) \
        >"$work/all-static.log" 2>&1 || { cat "$work/all-static.log"; fail "building with cc -static and pkg-config --static acquis failed"; }
    if command -v readelf >/dev/null 2>&1 && readelf -d "$work/ex-all-static" | grep -q NEEDED; then
        readelf -d "$work/ex-all-static"
        fail "linked with cc -static, the program still needs shared libraries"
    fi
    run pkgconfig-all-static "$work/ex-all-static"
else
    echo "$archives: the all-static link (cc -static, pkg-config --static acquis) is skipped"
fi

# CMake: find_package(acquis), acquis::acquis and acquis::acquis_static.
cmake -S "$src/examples" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" >"$work/cmake.log" 2>&1 \
    || { cat "$work/cmake.log"; fail "find_package(acquis) failed"; }
cmake --build "$work/cmake" >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "building examples/ with CMake failed"; }
ldd "$work/cmake/index_and_search" | grep -q "$libdir/libacquis.so.0" || fail "the CMake build is not linked to the installed library"
run cmake "$work/cmake/index_and_search"
run cmake-static "$work/cmake/index_and_search_static"

# Valgrind over the shared example: no leaks, no memory errors.
if command -v valgrind >/dev/null 2>&1; then
    valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
        --error-exitcode=99 "$work/ex-shared" "$work/index-valgrind" "$work/docs" "$query" >"$work/out-valgrind" 2>"$work/err-valgrind" \
        || { cat "$work/err-valgrind"; fail "valgrind found errors or leaks"; }
    cmp -s "$work/out-pkgconfig" "$work/out-valgrind" || fail "different output under valgrind"
else
    echo "valgrind not found: the leak check of the example is skipped"
fi

# Python through ctypes, on the index the first program built.
if command -v python3 >/dev/null 2>&1; then
    ACQUIS_LIBRARY="$libdir/libacquis.so.0" python3 "$src/examples/search.py" "$work/index-pkgconfig" "$query" >"$work/out-python" \
        || fail "examples/search.py failed"
    cmp -s "$work/out-pkgconfig" "$work/out-python" || { diff "$work/out-pkgconfig" "$work/out-python"; fail "search.py and the C example disagree"; }
else
    echo "python3 not found: the ctypes example (examples/search.py) is skipped"
fi
echo "test_install: pkg-config (shared, static, all static), find_package (shared, static) and python3 ctypes agree"
