#!/usr/bin/env bash
# Boots Debian's current kernel under qemu, runs one crash scenario and keeps the console.
#
#   lab/run.sh [--arch x86_64|arm64|arm] [--out DIR] SCENARIO...
#
# The console goes to DIR/SCENARIO.log (default: lab/fixtures/ARCH/, the committed fixtures),
# byte for byte as the serial port gave it: CRLF line ends and firmware escape codes kept.
# The first run installs qemu and friends, downloads the kernel and builds the test modules;
# later runs reuse them from the cache ($KOOPS_LAB_CACHE, default ~/.cache/koops-lab).
source "$(dirname "$0")/lib.sh"

arch=x86_64 out=''
while [ $# -gt 0 ]; do
    case $1 in
        --arch) arch=$2; shift 2 ;;
        --arch=*) arch=${1#*=}; shift ;;
        --out) out=$2; shift 2 ;;
        --out=*) out=${1#*=}; shift ;;
        -h|--help) sed -n '2,9s/^# \{0,1\}//p' "$0"; exit 0 ;;
        -*) die "unknown option $1" ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || die "usage: lab/run.sh [--arch x86_64|arm64|arm] [--out DIR] SCENARIO... (see lab/scenarios.tsv)"

arch_setup "$arch"
out=${out:-$LAB_DIR/fixtures/$(fixtures_name)}
host_setup
fetch_kernel
build_modules
mkdir -p "$out"

boot() {
    local console=ttyS0 logfile=$1
    case $ARCH in arm64|arm) console=ttyAMA0 ;; esac
    # panic=-1 reboots at once after a panic, and -no-reboot turns that into qemu's exit.
    local append="console=$console panic=-1 rdinit=/init $CMDLINE"
    # A busy host can starve the emulated CPU for tens of seconds while it boots, and the soft lockup or
    # RCU stall reported then would come before the scenario's report: the watchdogs wait their longest,
    # but for a scenario that sets its own.
    case " $CMDLINE " in *" watchdog_thresh="*) ;; *) append+=" watchdog_thresh=60" ;; esac
    append+=" rcupdate.rcu_cpu_stall_timeout=300"
    rm -f "$logfile"
    local start=$SECONDS rc=0
    timeout 300 "$QEMU" "${QEMU_MACHINE[@]}" -m 512 -nographic -no-reboot -monitor none -nic none \
        -kernel "$KERNEL" -initrd "$INITRD" -append "$append" -serial "file:$logfile" \
        </dev/null >"$ARCH_CACHE/boot/$SCENARIO/qemu.out" 2>&1 || rc=$?
    case $rc in
        0) ;;
        124) log "$SCENARIO: qemu did not stop within 300 s; console kept as it was" ;;
        *) die "$SCENARIO: qemu failed ($rc): $(cat "$ARCH_CACHE/boot/$SCENARIO/qemu.out")" ;;
    esac
    log "$ARCH/$SCENARIO: $(($SECONDS - start)) s, $(wc -l <"$logfile") lines -> $logfile"
    # Emulation on a busy host can stall RCU before the scenario runs: the console then starts
    # with a report that is not the scenario's.  Rerun it on a quieter machine.
    if grep -a -q -E 'rcu: INFO: .* (self-)?detected stalls?' "$logfile"; then
        log "$ARCH/$SCENARIO: warning: an RCU stall was reported (host too busy?); rerun this scenario"
    fi
}

for name in "$@"; do
    scenario_setup "$name"
    make_initramfs "$ARCH_CACHE/boot/$SCENARIO"
    boot "$out/$SCENARIO.log"
done
