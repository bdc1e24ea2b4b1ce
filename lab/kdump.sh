#!/usr/bin/env bash
# A real kdump inside the guest: the scenario's kernel panics, kexec starts the capture kernel, and
# Debian's makedumpfile and vmcore-dmesg read /proc/vmcore there.
#
#   lab/kdump.sh [--out DIR] [--mem MB] [--append ARGS] SCENARIO...           (x86_64)
#
# ARGS are more kernel parameters for the crashing kernel: log_buf_len=1M puts the log buffer outside
# the kernel image, in memory only its page tables find. DIR/SCENARIO/ (default DIR:
# $KOOPS_LAB_CACHE/x86_64/kdump) receives:
#   vmcore               /proc/vmcore copied whole (the ELF file kdump-tools keeps as dump.*)
#   dump.zlib dump.lzo   makedumpfile -c / -l -d 31 (kdump compressed)
#   dump.elf dump.flat   makedumpfile -E -d 31 (ELF) / -F -c -d 31 (flattened)
#   makedumpfile-dmesg.txt vmcore-dmesg.txt   the oracles, run on /proc/vmcore in the capture kernel
#   console.log          both kernels' serial console
# The scenario runs with oops=panic so that every oops ends in the dump. Debian's makedumpfile is
# built without snappy and zstd, so there are no such dumps. --mem: 512 (crashkernel=160M of it).
source "$(dirname "$0")/lib.sh"

out='' mem=512 append=''
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --append) append=$2; shift 2 ;;
        --mem) mem=$2; shift 2 ;;
        -h|--help) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
        -*) die "unknown option $1" ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || die "usage: lab/kdump.sh [--out DIR] [--mem MB] SCENARIO..."

arch_setup x86_64
host_setup
need_packages makedumpfile kexec-tools
fetch_kernel
build_modules
out=${out:-$ARCH_CACHE/kdump}
MODDIR=$ROOT/lib/modules/$KVER

# Copies a host program and the shared libraries it loads into the tree $1.
copy_program() {
    local tree=$1 program=$2 lib
    mkdir -p "$tree/bin" "$tree/lib64" "$tree/lib/x86_64-linux-gnu"
    cp "$program" "$tree/bin/"
    for lib in $(ldd "$program" | grep -o '/[^ ]*'); do
        mkdir -p "$tree$(dirname "$lib")"
        cp -L "$lib" "$tree$lib"
    done
}

# The virtio block driver and what it needs, in load order.
VIRTIO_MODULES=(drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_modern_dev
    drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci drivers/block/virtio_blk)

for name in "$@"; do
    scenario_setup "$name"
    top=$ARCH_CACHE/boot/$SCENARIO-kdump
    rm -rf "$top" && mkdir -p "$top"
    # The capture kernel's initramfs: the tools, the block driver, and an init that saves the dump.
    cap=$top/capture
    mkdir -p "$cap"/{bin,proc,sys,dev,tmp,lab}
    cp "$BUSYBOX" "$cap/bin/busybox"
    for a in sh mount mkdir cat echo sleep insmod poweroff uname true ls tar dd sync; do ln -s busybox "$cap/bin/$a"; done
    copy_program "$cap" /usr/bin/makedumpfile
    copy_program "$cap" /usr/sbin/vmcore-dmesg
    copy_program "$cap" /usr/sbin/kexec
    loads=''
    for m in "${VIRTIO_MODULES[@]}"; do
        cp "$MODDIR/kernel/$m.ko" "$cap/lab/"
        loads+="insmod /lab/$(basename "$m").ko"$'\n'
    done
    cat >"$cap/init" <<INIT
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
exec </dev/console >/dev/console 2>&1
if [ ! -e /proc/vmcore ]; then
    echo "koops-lab: scenario $SCENARIO on \$(uname -r), loading the capture kernel"
    kexec -p /boot/vmlinuz --initrd=/boot/capture.cpio.gz --append="console=ttyS0 rdinit=/init nr_cpus=1 irqpoll reset_devices panic=-1"
    echo "koops-lab: kexec -p: \$?"
    ${MODULE:+insmod /lab/$MODULE.ko}
    echo 'koops-lab: trigger: $TRIGGER'
    sh -c '$TRIGGER'
    sleep 1
    echo "koops-lab: scenario $SCENARIO done without a panic"
    poweroff -f
fi
echo "koops-lab: capture kernel: saving the dump"
${loads}cd /tmp
makedumpfile --dump-dmesg /proc/vmcore makedumpfile-dmesg.txt
vmcore-dmesg /proc/vmcore >vmcore-dmesg.txt
# One disk per dump, each written from tmpfs and removed: the capture kernel has little memory.
save() { dd if=\$2 of=/dev/\$1 bs=1M 2>/dev/null; echo "\$2 \$(wc -c <\$2)" >>sizes.txt; rm \$2; }
makedumpfile -c -d 31 /proc/vmcore dump.zlib && save vdb dump.zlib
makedumpfile -l -d 31 /proc/vmcore dump.lzo && save vdc dump.lzo
# The ELF one is too large for tmpfs: written to its disk (-f) and measured on the host, as is the flattened stream.
makedumpfile -f -E -d 31 /proc/vmcore /dev/vdd
makedumpfile -F -c -d 31 /proc/vmcore >/dev/vde
dd if=/proc/vmcore of=/dev/vdf bs=1M 2>/dev/null
tar cf /dev/vda *.txt
sync
echo "koops-lab: capture kernel: done"
poweroff -f
INIT
    chmod +x "$cap/init"
    (cd "$cap" && find . | sort | cpio -o -H newc --quiet -R 0:0 | gzip -1n) >"$top/capture.cpio.gz"
    # The first kernel's initramfs: the same tree, the scenario's module, the kernel and the capture initramfs.
    main=$top/main
    cp -a "$cap" "$main"
    mkdir -p "$main/boot"
    cp "$KERNEL" "$main/boot/vmlinuz"
    cp "$top/capture.cpio.gz" "$main/boot/"
    if [ -n "$MODULE" ]; then cp "$MODULES/$MODULE.ko" "$main/lab/"; fi
    (cd "$main" && find . | sort | cpio -o -H newc --quiet -R 0:0 | gzip -1n) >"$top/main.cpio.gz"

    disks=()
    for d in files.tar dump.zlib dump.lzo dump.elf dump.flat vmcore.raw; do
        truncate -s $((mem + 64))M "$top/$d"
        disks+=(-drive "file=$top/$d,format=raw,if=virtio")
    done
    start=$SECONDS
    timeout 900 "$QEMU" "${QEMU_MACHINE[@]}" -m "$mem" -nographic -no-reboot -monitor none -nic none \
        -kernel "$KERNEL" -initrd "$top/main.cpio.gz" -serial "file:$top/console.log" \
        -append "console=ttyS0 rdinit=/init crashkernel=160M oops=panic panic=-1 $CMDLINE $append" \
        "${disks[@]}" \
        </dev/null >"$top/qemu.out" 2>&1 || die "$SCENARIO: qemu failed or took longer than 900 s (see $top)"
    grep -a -q 'koops-lab: capture kernel: done' "$top/console.log" \
        || die "$SCENARIO: the capture kernel did not finish (see $top/console.log)"
    dest=$out/$SCENARIO
    rm -rf "$dest" && mkdir -p "$dest"
    tar xf "$top/files.tar" -C "$dest"
    cp "$top/console.log" "$dest/"
    # An ELF dump ends with its last segment; a flattened one with its end mark (two -1s).
    elf_size() {
        python3 -c '
import struct,sys
f=open(sys.argv[1],"rb"); h=f.read(64); phoff,=struct.unpack_from("<Q",h,32); n,=struct.unpack_from("<H",h,56)
f.seek(phoff); end=0
for i in range(n):
    p=f.read(56); t,fl,off,va,pa,fs,ms,al=struct.unpack("<IIQQQQQQ",p); end=max(end,off+fs)
print(end)' "$1"
    }
    head -c "$(elf_size "$top/vmcore.raw")" "$top/vmcore.raw" >"$dest/vmcore"
    head -c "$(elf_size "$top/dump.elf")" "$top/dump.elf" >"$dest/dump.elf"
    python3 -c '
import sys
d=open(sys.argv[1],"rb").read(); end=d.rfind(b"\xff"*16)
sys.stdout.buffer.write(d[:end+16] if end>=0 else d)' "$top/dump.flat" >"$dest/dump.flat"
    while read -r file bytes; do
        head -c "$bytes" "$top/$file" >"$dest/$file"
    done <"$dest/sizes.txt"
    rm -f "$top"/*.raw "$top"/*.tar "$top"/dump.*
    log "x86_64/$SCENARIO: $(($SECONDS - start)) s; $(cd "$dest" && ls -s --block-size=K | tr '\n' ' ')"
done
