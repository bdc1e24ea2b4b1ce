#!/usr/bin/env bash
# The lab's slow checks, outside the default test run (which only reads the committed fixtures):
#
#   lab/check.sh [--fresh] [ARCH...]          ARCH: x86_64, arm64 (default: both), arm
#
# 1. Symbolisation of each row's frame: for every row of lab/fixtures/manifest.tsv, the frame of
#    the row's function in the console (the RIP/pc line, else its call-trace entry) is resolved with
#    addr2line -i against the test module built from lab/modules or, for the kernel's own code,
#    against vmlinux from Debian's -dbg package, and decoded by `koops decode` (this checkout's
#    ./koops); the manifest's source (FILE:LINE) must be in both inline chains.  The kernel's
#    scripts/decode_stacktrace.sh (from linux-source) decodes each console too; where it does not
#    name the same FILE:LINE, a note says so.  Outputs: $KOOPS_LAB_CACHE/ARCH/decoded/ (with
#    --fresh: $KOOPS_LAB_CACHE/fresh/ARCH-decoded/).
# 2. Every entry of every committed console: koops's location and inline chain must be
#    decode_stacktrace.sh's (LabDecodeTest in koops-debuginfo, Maven profile kernel-lab).
# 3. With --fresh: first runs every scenario again into $KOOPS_LAB_CACHE/fresh/ARCH, checks those
#    consoles in step 1 instead of the committed ones, and runs LabFixturesTest (the ground truth
#    read by koops explain) on them.
#
# Without --fresh the kernel is the release the committed consoles name (KOOPS_LAB_KVER overrides);
# with --fresh, Debian's current one.
#
# Exits non-zero when a check fails.
source "$(dirname "$0")/lib.sh"
export LC_ALL=C

fresh=no
if [ "${1:-}" = --fresh ]; then fresh=yes; shift; fi
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then sed -n '2,25s/^# \{0,1\}//p' "$0"; exit 0; fi
[ $# -gt 0 ] || set -- x86_64 arm64

failures=0
fail() { printf 'FAIL %s\n' "$*"; failures=$((failures + 1)); }
pass() { printf 'ok   %s\n' "$*"; }

# Strips build directories from addr2line's file names: the module build directory becomes
# lab/modules/, Debian's build tree disappears.
tidy_paths() {
    sed -e "s|$MODULES/|lab/modules/|g" -e 's|debian/build/build_[a-z0-9_]*/||g' \
        -e "s|$ROOT/usr/src/linux-headers-[^/]*/||g" -e 's| (discriminator [0-9]*)||'
}

# Resolves one frame "SYMBOL+0xOFF" in MODULE (or "-" for vmlinux); prints the inline chain,
# one "function file:line" per line, innermost first.  RETURN=yes for a call-trace entry, whose
# address is a return address: the call is the instruction before it.
resolve() {
    local symbol=$1 offset=$2 module=$3 return=$4 addr step=1
    case $ARCH in arm64|arm) step=4 ;; esac
    if [ "$module" = - ]; then
        addr=$(awk -v s="$symbol" '$3 == s { print $1; exit }' "$SYSTEM_MAP")
        [ -n "$addr" ] || return 1
        addr=$((0x$addr + offset))
        [ "$return" = yes ] && addr=$((addr - step))
        "${CROSS_COMPILE}addr2line" -e "$VMLINUX" -i -f "$(printf '0x%x' "$addr")"
    else
        local ko=$MODULES/$module.ko value ndx section
        read -r value ndx < <("${CROSS_COMPILE}readelf" -sW "$ko" | awk -v s="$symbol" '$8 == s && $4 == "FUNC" { print $2, $7; exit }')
        [ -n "${value:-}" ] || return 1
        section=$("${CROSS_COMPILE}readelf" -SW "$ko" | sed -n "s/^ *\[ *$ndx\] \([^ ]*\) .*/\1/p")
        addr=$((0x$value + offset))
        [ "$return" = yes ] && addr=$((addr - step))
        "${CROSS_COMPILE}addr2line" -e "$ko" -j "$section" -i -f "$(printf '0x%x' "$addr")"
    fi | paste - - | tidy_paths | awk -F'\t' '{ print $1, $2 }'
}

# The frame of FUNCTION (optionally with GCC's .constprop.0-like suffixes) in the console: the
# RIP/pc line when there is one, else the first call-trace entry.  Prints "SYMBOL OFFSET RETURN LINE"
# where RETURN says whether it is a call-trace entry (a return address) and LINE is its line number.
find_frame() {
    local log=$1 function=$2 module=$3 mod_re='' frame_re line return=no
    [ "$module" != - ] && mod_re=" \\[$module\\]"
    frame_re="$function(\\.[A-Za-z_]+\\.[0-9]+)*\\+0x[0-9a-f]+/0x[0-9a-f]+$mod_re"
    line=$(tr -d '\r' <"$log" | grep -a -n -m1 -E "(RIP: 0010:|pc : |PC is at )$frame_re") \
        || { line=$(tr -d '\r' <"$log" | grep -a -n -m1 -E "^(\\[ *[0-9.]+\\])? +$frame_re") && return=yes; } \
        || return 1
    local frame
    frame=$(grep -o -E "$function(\\.[A-Za-z_]+\\.[0-9]+)*\\+0x[0-9a-f]+" <<<"${line#*:}" | head -1)
    echo "${frame%%+*} $((${frame##*+})) $return ${line%%:*}"
}

# decode_stacktrace.sh on console $1, without CRs and escape codes: DIR/SCENARIO.log and .txt.
decode_stacktrace() {
    local name
    name=$(basename "$1" .log)
    tr -d '\r' <"$1" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g' >"$2/$name.log"
    CROSS_COMPILE=$CROSS_COMPILE "$decode" "$VMLINUX" "" "$MODULES" <"$2/$name.log" >"$2/$name.txt" 2>&1 || true
}

# The kernel release the committed consoles of ARCH were booted with ("... 6.1.0-56-amd64 #1 ..."):
# their addresses only mean something in that kernel's vmlinux, whatever Debian's current one is.
committed_kver() {
    grep -a -h -o -m1 -E " [0-9]+\.[0-9]+\.[0-9]+-[0-9]+-$FLAVOUR #" "$LAB_DIR/fixtures/$ARCH"/*.log \
        | head -1 | tr -d ' #'
}

check_arch() {
    arch_setup "$1"
    if [ $fresh = no ] && [ -z "${KVER:-}" ]; then
        KVER=$(committed_kver)
        [ -n "$KVER" ] || die "no kernel release found in lab/fixtures/$ARCH"
    fi
    host_setup
    fetch_kernel
    build_modules
    fetch_debug
    local fixtures=$LAB_DIR/fixtures/$ARCH
    decode=$(fetch_decode_stacktrace)
    if [ $fresh = yes ]; then
        fixtures=$CACHE/fresh/$ARCH
        "$LAB_DIR/run-all.sh" --out "$CACHE/fresh" "$ARCH"
    fi
    # The decodings of the consoles checked here; those of the committed consoles always stay in
    # ARCH/decoded/, where LabDecodeTest reads decode_stacktrace.sh's answers.
    local decoded=$ARCH_CACHE/decoded
    [ $fresh = yes ] && decoded=$CACHE/fresh/$ARCH-decoded
    mkdir -p "$decoded" "$ARCH_CACHE/decoded"
    local arch scenario kind title function module cause fault source notes
    while IFS=$'\t' read -r arch scenario kind title function module cause fault source notes; do
        [ "$arch" = "$ARCH" ] || continue
        local log=$fixtures/$scenario.log what="$ARCH/$scenario $function -> $source"
        [ -f "$log" ] || { fail "$what: no console $log"; continue; }
        # A row may name the frame the kernel printed when it is not the function itself
        # ("frame sysrq_reset_seq_param_set+0x0": a noreturn call's return address).
        local hint frame
        hint=$(tr ';' '\n' <<<"$notes" | sed -n 's/^ *frame \([A-Za-z0-9_.]*\) *$/\1/p' | head -1)
        frame=$(find_frame "$log" "${hint:-$function}" "$module") || { fail "$what: frame not found in $log"; continue; }
        local chain sym off ret at
        read -r sym off ret at <<<"$frame"
        chain=$(resolve "$sym" "$off" "$module" "$ret" | sed 's/^/      /') || true
        if grep -q -F " $source" <<<"$chain"; then
            pass "$what: $sym+$(printf '0x%x' "$off") resolves to it"
        else
            fail "$what: $sym+$(printf '0x%x' "$off") resolves to:"$'\n'"$chain"
        fi
        local plain=$decoded/$scenario.log
        decode_stacktrace "$log" "$decoded"
        if [ $fresh = yes ]; then decode_stacktrace "$LAB_DIR/fixtures/$ARCH/$scenario.log" "$ARCH_CACHE/decoded"; fi
        # koops decode (return addresses looked up at the call): the frame's line must carry the
        # source line in its inline chain.
        timeout 120 "$LAB_DIR/../koops" decode --no-debuginfod --vmlinux "$VMLINUX" --modules "$MODULES" "$plain" \
            >"$decoded/$scenario.koops.txt" 2>"$decoded/$scenario.koops.err" || true
        local koops_chain
        koops_chain=$(sed -n "${at}p" "$decoded/$scenario.koops.txt" | tidy_paths)
        if grep -q -E "[( ]$source[ )]" <<<"$koops_chain"; then
            pass "$what: koops decode agrees"
        else
            fail "$what: koops decode says: ${koops_chain:-nothing ($(tail -1 "$decoded/$scenario.koops.err"))}"
        fi
        # decode_stacktrace.sh writes "func (FILE:LINE) [module]"; it is the reference, not the
        # judge: where it differs (it cannot place functions outside .text of a module), say so.
        if grep -a -q -E "\\((.*/)?$(basename "$source")[ )]" "$decoded/$scenario.txt"; then
            pass "$what: decode_stacktrace.sh agrees"
        else
            printf 'note %s: decode_stacktrace.sh does not name it: %s\n' "$what" \
                "$(grep -a -m1 -E "\\b$sym\\b.*\\(" "$decoded/$scenario.txt" | sed 's/^\[ *[0-9.]*\] *//')"
        fi
    done < <(grep -v -e '^#' -e '^arch' "$LAB_DIR/fixtures/manifest.tsv")
    if [ $fresh = yes ]; then
        (cd "$LAB_DIR/.." && mvn -q -B test -pl koops-core -Dtest=LabFixturesTest \
            -Dsurefire.failIfNoSpecifiedTests=false -Dkoops.lab.fixtures="$CACHE/fresh") \
            || fail "$ARCH: LabFixturesTest on the fresh consoles"
    fi
}

for a in "$@"; do check_arch "$a"; done
# LabDecodeTest reads decode_stacktrace.sh's answers for the committed consoles of both
# architectures from ARCH/decoded/: bring those older than their console up to date (an
# architecture whose debug package is not in the cache is skipped by the test).
for a in x86_64 arm64; do
    arch_setup "$a"
    resolve_kver
    MODULES=$ARCH_CACHE/modules VMLINUX=$ROOT/usr/lib/debug/boot/vmlinux-$KVER
    [ -f "$VMLINUX" ] && [ -d "$MODULES" ] || continue
    decode=$(fetch_decode_stacktrace)
    mkdir -p "$ARCH_CACHE/decoded"
    for console in "$LAB_DIR/fixtures/$ARCH"/*.log; do
        txt=$ARCH_CACHE/decoded/$(basename "$console" .log).txt
        [ "$txt" -nt "$console" ] || decode_stacktrace "$console" "$ARCH_CACHE/decoded"
    done
done

# Every entry of every committed console: koops's decoding against decode_stacktrace.sh's, with the
# debug files this script fetched (koops-debuginfo's LabDecodeTest, profile kernel-lab).
(cd "$LAB_DIR/.." && mvn -q -B test -pl koops-debuginfo -am -Pkernel-lab -Dtest=LabDecodeTest \
    -Dsurefire.failIfNoSpecifiedTests=false) && pass "every entry: koops decode = decode_stacktrace.sh (LabDecodeTest)" \
    || fail "every entry: LabDecodeTest (koops-debuginfo/target/surefire-reports)"
if [ $failures -gt 0 ]; then
    log "$failures check(s) failed"
    exit 1
fi
log "all checks passed"
