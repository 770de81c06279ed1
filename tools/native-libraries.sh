# Sourced by ./verifier and ./run-tests (bash). The optional native libraries: OpenBLAS (the native eigen-solver
# and dgemm; without it the managed code runs) and Z3 (exact decisions of tiny polynomial instances; without it
# those claims say inconclusive). Installs what is missing when root with apt-get; otherwise says so in one line.
# Nothing here may fail the caller. Expects $root (the repository) and $native_caller (the name in messages).

native_present() { # SONAME
    local ldconfig f
    ldconfig="$(command -v ldconfig 2>/dev/null || echo /sbin/ldconfig)"
    if [ -x "$ldconfig" ] && "$ldconfig" -p 2>/dev/null | grep -qF "$1 "; then
        return 0
    fi
    for f in /usr/lib/*-linux-gnu/"$1" /usr/lib/*-linux-gnu/*/"$1" /usr/lib64/"$1"; do
        [ -e "$f" ] && return 0
    done
    return 1
}

ensure_native() { # PACKAGE SONAME WHAT FALLBACK
    local package="$1" soname="$2" what="$3" fallback="$4"
    native_present "$soname" && return 0
    if [ "$(id -u 2>/dev/null)" != "0" ]; then
        echo "$native_caller: $what not found and not root; $fallback (install $package)" >&2
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$native_caller: $what not found and apt-get is not available; $fallback (install $package)" >&2
        return 0
    fi
    local apt_log="$root/artifacts/$package-install.log"
    mkdir -p "$root/artifacts" 2>/dev/null || apt_log=/dev/null
    echo "$native_caller: installing $what (apt-get install $package; log: $apt_log)..." >&2
    local install=(apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=120 "$package")
    if ! DEBIAN_FRONTEND=noninteractive "${install[@]}" >"$apt_log" 2>&1 9>&-; then
        # Package lists missing or stale (a fresh container): update them once, then try again.
        if grep -qE 'Unable to locate package|has no installation candidate|404 +Not Found' "$apt_log" 2>/dev/null; then
            DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=120 >>"$apt_log" 2>&1 9>&-
            DEBIAN_FRONTEND=noninteractive "${install[@]}" >>"$apt_log" 2>&1 9>&-
        fi
    fi
    if native_present "$soname"; then
        echo "$native_caller: $what installed" >&2
    else
        echo "$native_caller: could not install $package (see $apt_log); $fallback" >&2
    fi
    return 0
}

ensure_native_libraries() {
    ensure_native libopenblas0-pthread libopenblas.so.0 OpenBLAS "using the managed eigen-solver"
    ensure_native libz3-4 libz3.so.4 Z3 "claims decided by Z3 answer inconclusive"
}
