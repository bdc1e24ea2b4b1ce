#!/usr/bin/env bash
# Crashes a scenario under qemu and keeps the guest's memory as dump files, for the vmcore readers.
#
#   lab/dump.sh [--arch x86_64|arm64] [--out DIR] [--mem MB] [--formats LIST] SCENARIO...
#
# The guest runs with qemu's vmcoreinfo device (the kernel's qemu_fw_cfg module is loaded first, so
# the kernel tells qemu where its VMCOREINFO note is). When the console shows the end of a panic, or
# the scenario is over without one, qemu's dump-guest-memory writes one file per format of LIST
# (default: elf,kdump-zlib; Debian's qemu has no lzo or snappy) from the same stopped guest:
# DIR/SCENARIO.FORMAT (elf: DIR/SCENARIO.elf), beside the console DIR/SCENARIO.log.
# Default DIR: $KOOPS_LAB_CACHE/ARCH/dumps (dumps are large: never in the repository); --mem: 512.
source "$(dirname "$0")/lib.sh"

arch=x86_64 out='' mem=512 formats=elf,kdump-zlib
while [ $# -gt 0 ]; do
    case $1 in
        --arch) arch=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --mem) mem=$2; shift 2 ;;
        --formats) formats=$2; shift 2 ;;
        -h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
        -*) die "unknown option $1" ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || die "usage: lab/dump.sh [--arch ARCH] [--out DIR] [--mem MB] [--formats LIST] SCENARIO..."

arch_setup "$arch"
host_setup
need_packages socat
fetch_kernel
build_modules
out=${out:-$ARCH_CACHE/dumps}
mkdir -p "$out"
FW_CFG=$(find "$ROOT/lib/modules/$KVER" -name 'qemu_fw_cfg.ko*' | head -1)
[ -n "$FW_CFG" ] || die "no qemu_fw_cfg module in $KVER"

# Sends QMP commands (one JSON object a line, after the capabilities handshake) and prints the answers.
qmp() {
    local socket=$1; shift
    { echo '{"execute":"qmp_capabilities"}'; for c in "$@"; do echo "$c"; sleep 0.2; done; sleep 1; } \
        | socat -t 600 - "UNIX-CONNECT:$socket"
}

# Waits until the console shows the end of a panic or of the scenario; fails after $1 seconds.
wait_for_crash() {
    local console=$1 limit=$2 start=$SECONDS
    while [ $((SECONDS - start)) -lt "$limit" ]; do
        if grep -a -q -E 'end Kernel panic|waiting for the dump' "$console" 2>/dev/null; then
            sleep 2
            return 0
        fi
        sleep 1
    done
    return 1
}

for name in "$@"; do
    scenario_setup "$name"
    dir=$ARCH_CACHE/boot/$SCENARIO-dump
    EXTRA_MODULES=("$FW_CFG")
    END="echo 'koops-lab: scenario $SCENARIO done, waiting for the dump'; while true; do sleep 60; done"
    make_initramfs "$dir"
    console=$out/$SCENARIO.log socket=$dir/qmp.sock
    rm -f "$console" "$socket"
    console_dev=ttyS0; [ "$ARCH" = arm64 ] && console_dev=ttyAMA0
    # panic=0: the guest stays in its panic loop until the dump is taken.
    "$QEMU" "${QEMU_MACHINE[@]}" -m "$mem" -nographic -monitor none -nic none -device vmcoreinfo \
        -qmp "unix:$socket,server=on,wait=off" -kernel "$KERNEL" -initrd "$INITRD" \
        -append "console=$console_dev panic=0 rdinit=/init $CMDLINE" -serial "file:$console" \
        </dev/null >"$dir/qemu.out" 2>&1 &
    qemu_pid=$!
    trap 'kill $qemu_pid 2>/dev/null || true' EXIT
    start=$SECONDS
    if ! wait_for_crash "$console" 600; then
        kill "$qemu_pid"; wait "$qemu_pid" || true
        die "$SCENARIO: no panic and no end of the scenario within 600 s (see $console)"
    fi
    commands=('{"execute":"stop"}')
    for f in ${formats//,/ }; do
        file=$out/$SCENARIO.$f
        rm -f "$file"
        commands+=("{\"execute\":\"dump-guest-memory\",\"arguments\":{\"paging\":false,\"protocol\":\"file:$file\"$([ "$f" = elf ] || echo ",\"format\":\"$f\"")}}")
    done
    commands+=('{"execute":"quit"}')
    qmp "$socket" "${commands[@]}" >"$dir/qmp.out" 2>&1 || true
    wait "$qemu_pid" || true
    trap - EXIT
    grep -q '"error"' "$dir/qmp.out" && die "$SCENARIO: qemu refused a dump: $(grep '"error"' "$dir/qmp.out")"
    log "$ARCH/$SCENARIO: $(($SECONDS - start)) s; $(cd "$out" && ls -s --block-size=M "$SCENARIO".* | tr '\n' ' ')"
done
