#!/usr/bin/env bash
# Crashes a scenario with a ramoops region and keeps the pstore records the next boot finds.
#
#   lab/pstore.sh [--out DIR] [--record-size BYTES] SCENARIO...           (x86_64)
#
# The kernel reserves 1 MiB at 480 MiB (memmap=), the ramoops module keeps kmsg dumps there; the
# scenario runs with oops=panic and panic=1, so the guest reboots (qemu keeps its memory across the
# reset), loads ramoops again and prints every file of /sys/fs/pstore on the console. They are written
# to DIR/SCENARIO/ (default DIR: $KOOPS_LAB_CACHE/x86_64/pstore) with their times, beside the
# console. --record-size: 4096 (compressed; ramoops keeps only the first part, Part1, of each dump: the
# oops and the panic after it are two records).
source "$(dirname "$0")/lib.sh"

out='' record_size=4096
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --record-size) record_size=$2; shift 2 ;;
        -h|--help) sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
        -*) die "unknown option $1" ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || die "usage: lab/pstore.sh [--out DIR] [--record-size BYTES] SCENARIO..."

arch_setup x86_64
host_setup
fetch_kernel
build_modules
out=${out:-$ARCH_CACHE/pstore}
MODDIR=$ROOT/lib/modules/$KVER/kernel
ADDRESS=0x1e000000

for name in "$@"; do
    scenario_setup "$name"
    top=$ARCH_CACHE/boot/$SCENARIO-pstore
    rm -rf "$top" && mkdir -p "$top"
    EXTRA_MODULES=("$MODDIR/lib/reed_solomon/reed_solomon.ko"
        "$MODDIR/fs/pstore/ramoops.ko mem_address=$ADDRESS mem_size=0x100000 record_size=$record_size")
    # The first boot finds no records and runs the scenario; the second prints the records and stops.
    END='echo "koops-lab: scenario done without a panic"; poweroff -f'
    make_initramfs "$top"
    python3 - "$top/initramfs/init" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
marker = "echo 'koops-lab: trigger:"
dump = '''mount -t pstore pstore /sys/fs/pstore
if [ -n "$(ls /sys/fs/pstore 2>/dev/null)" ]; then
    for f in /sys/fs/pstore/*; do
        echo "koops-lab: pstore $(basename "$f") $(stat -c %Y "$f")"
        base64 "$f"
        echo "koops-lab: pstore end"
    done
    poweroff -f
fi
'''
s = s.replace(marker, dump + marker, 1)
open(p, "w").write(s)
PY
    (cd "$top/initramfs" && find . | sort | cpio -o -H newc --quiet -R 0:0 | gzip -9n) >"$top/initramfs.cpio.gz"
    console=$top/console.log
    start=$SECONDS
    timeout 600 "$QEMU" "${QEMU_MACHINE[@]}" -m 512 -nographic -monitor none -nic none \
        -kernel "$KERNEL" -initrd "$top/initramfs.cpio.gz" -serial "file:$console" \
        -append "console=ttyS0 rdinit=/init oops=panic panic=1 memmap=1M\$$ADDRESS $CMDLINE" \
        </dev/null >"$top/qemu.out" 2>&1 || die "$SCENARIO: qemu failed or took longer than 600 s (see $top)"
    dest=$out/$SCENARIO
    rm -rf "$dest" && mkdir -p "$dest"
    python3 - "$console" "$dest" <<'PY'
import base64, os, re, sys
console, dest = sys.argv[1], sys.argv[2]
lines = open(console, "rb").read().decode("latin-1").replace("\r", "").split("\n")
name = None
for line in lines:
    m = re.match(r"koops-lab: pstore (\S+) (\d+)$", line)
    if m:
        name, mtime, chunks = m.group(1), int(m.group(2)), []
    elif line == "koops-lab: pstore end" and name:
        path = os.path.join(dest, name)
        open(path, "wb").write(base64.b64decode("".join(chunks)))
        os.utime(path, (mtime, mtime))
        name = None
    elif name:
        chunks.append(line.strip())
PY
    cp "$console" "$dest/console.log"
    [ -n "$(ls "$dest" | grep -v console.log)" ] || die "$SCENARIO: no pstore record came back (see $console)"
    log "x86_64/$SCENARIO: $(($SECONDS - start)) s; $(cd "$dest" && ls | tr '\n' ' ')"
done
