# Shared functions of the crash lab; sourced by the other scripts, never run.
#
# Everything downloaded or built goes to the cache ($KOOPS_LAB_CACHE, default ~/.cache/koops-lab),
# never into the repository: per architecture, debs/ (the packages as downloaded), root/ (them
# unpacked), modules/ (the test modules built against the headers) and boot/ (initramfs and
# console of each boot).

set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${KOOPS_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/koops-lab}

log() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

# Installs the named Debian packages that are missing; "apt-get update" runs once per cache.
need_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Sets the variables of one architecture: ARCH (x86_64, arm64, arm), DEB_ARCH, KARCH, CROSS_COMPILE,
# QEMU and its machine options, FLAVOUR, KVER (the ABI name, e.g. 6.1.0-56-amd64) and the paths.
arch_setup() {
    ARCH=$1
    case $ARCH in
        x86_64)
            DEB_ARCH=amd64 KARCH=x86 CROSS_COMPILE='' FLAVOUR=amd64
            QEMU=qemu-system-x86_64
            QEMU_MACHINE=(-accel tcg -cpu max)
            QEMU_PACKAGES=(qemu-system-x86)
            KERNEL_FILE=vmlinuz
            ;;
        arm64)
            DEB_ARCH=arm64 KARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- FLAVOUR=arm64
            QEMU=qemu-system-aarch64
            QEMU_MACHINE=(-accel tcg -machine virt -cpu cortex-a57)
            QEMU_PACKAGES=(qemu-system-arm qemu-efi-aarch64)
            KERNEL_FILE=vmlinuz
            ;;
        arm)
            # 32-bit arm (armhf): the LPAE flavour boots on qemu's virt board with a Cortex-A15.
            DEB_ARCH=armhf KARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- FLAVOUR=armmp-lpae
            QEMU=qemu-system-arm
            QEMU_MACHINE=(-accel tcg -machine virt -cpu cortex-a15)
            QEMU_PACKAGES=(qemu-system-arm)
            KERNEL_FILE=vmlinuz
            ;;
        *) die "unknown architecture '$ARCH' (x86_64, arm64 or arm)" ;;
    esac
    # KOOPS_LAB_SUITE=bullseye takes the kernel of another Debian release (an older kernel prints other
    # forms), from a package index of its own kept in the cache: the host's apt sources stay as they are.
    SUITE=${KOOPS_LAB_SUITE:-}
    APT_OPTS=()
    ARCH_CACHE=$CACHE/$ARCH${SUITE:+-$SUITE}
    if [ -n "$SUITE" ]; then
        local apt=$CACHE/apt-$SUITE
        APT_OPTS=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache::Archives=$apt/archives" -o Dir::Cache::pkgcache=
            -o Dir::Cache::srcpkgcache= -o APT::Architectures::=amd64 -o "APT::Architectures::=$DEB_ARCH")
    fi
    DEBS=$ARCH_CACHE/debs
    ROOT=$ARCH_CACHE/root
    # KOOPS_LAB_KVER=6.1.0-56 pins the kernel; by default the current one is used.
    KVER=${KOOPS_LAB_KVER:+$KOOPS_LAB_KVER-$FLAVOUR}
}

# The fixtures directory of a console: ARCH, or ARCH-SERIES for another release's kernel (arm-5.10).
fixtures_name() {
    if [ -n "$SUITE" ]; then
        resolve_kver
        echo "$ARCH-$(echo "$KVER" | cut -d. -f1-2)"
    else
        echo "$ARCH"
    fi
}

# The package index of $SUITE, fetched once into the cache.
suite_index() {
    [ -n "$SUITE" ] || return 0
    local apt=$CACHE/apt-$SUITE
    [ -e "$apt/.updated" ] && return 0
    mkdir -p "$apt/lists/partial" "$apt/archives/partial"
    echo "deb [arch=amd64,$DEB_ARCH] http://deb.debian.org/debian $SUITE main" >"$apt/sources.list"
    log "fetching the package index of $SUITE"
    apt-get "${APT_OPTS[@]}" update -qq >&2 || die "apt-get update for $SUITE failed"
    touch "$apt/.updated"
}

# The ABI name of Debian's current kernel: what the linux-image-FLAVOUR meta package depends on.
resolve_kver() {
    [ -n "${KVER:-}" ] && return 0
    suite_index
    local dep
    dep=$(apt-cache "${APT_OPTS[@]}" depends "linux-image-$FLAVOUR:$DEB_ARCH" 2>/dev/null \
        | sed -n "s/^ *Depends: linux-image-\([0-9][^ :]*-$FLAVOUR\)\(:$DEB_ARCH\)\?$/\1/p" | head -1)
    [ -n "$dep" ] || die "cannot find the current linux-image-$FLAVOUR:$DEB_ARCH (apt-get update? dpkg --add-architecture $DEB_ARCH?)"
    KVER=$dep
}

# The host tools every architecture needs.
host_setup() {
    need_packages "${QEMU_PACKAGES[@]}" busybox-static cpio kmod gzip make gcc-12 libc6-dev libelf-dev \
        binutils bc
    local triplet=''
    case $ARCH in
        arm64) triplet=aarch64-linux-gnu ;;
        arm) triplet=arm-linux-gnueabihf ;;
    esac
    if [ -n "$triplet" ]; then
        need_packages "gcc-12-$triplet" "binutils-$triplet"
        if ! dpkg --print-foreign-architectures | grep -qx "$DEB_ARCH"; then
            log "adding the $DEB_ARCH architecture to dpkg"
            as_root dpkg --add-architecture "$DEB_ARCH"
            as_root apt-get update -qq
        fi
    fi
}

# Downloads the named packages into $DEBS unless present; prints nothing.
download() {
    mkdir -p "$DEBS"
    local p name
    for p in "$@"; do
        name=${p%%:*}
        compgen -G "$DEBS/${name}_*.deb" >/dev/null && continue
        log "downloading $p"
        (cd "$DEBS" && apt-get "${APT_OPTS[@]}" download -q -o APT::Sandbox::User=root "$p" >&2) \
            || die "apt-get download $p failed"
    done
}

# Kernel image, headers and the build scripts, unpacked under $ROOT.  The headers' Makefile
# includes the common headers by absolute path; the unpacked copy points it at $ROOT instead.
fetch_kernel() {
    resolve_kver
    local common=${KVER%-"$FLAVOUR"}-common kbuild
    kbuild=linux-kbuild-$(echo "$KVER" | cut -d. -f1-2)
    # The build scripts are host programs: always the amd64 ones, also for arm64 and arm headers.
    download "linux-image-$KVER:$DEB_ARCH" "linux-headers-$KVER:$DEB_ARCH" "linux-headers-$common" \
        "$kbuild:amd64" "busybox-static:$DEB_ARCH"
    if [ ! -e "$ROOT/.unpacked-$KVER" ]; then
        log "unpacking $KVER into $ROOT"
        rm -rf "$ROOT" && mkdir -p "$ROOT"
        local d
        for d in "$DEBS"/*.deb; do
            case $d in *-dbg_*) continue ;; esac
            dpkg-deb -x "$d" "$ROOT"
        done
        sed -i "s|^include /usr/src/|include $ROOT/usr/src/|" "$ROOT/usr/src/linux-headers-$KVER/Makefile"
        touch "$ROOT/.unpacked-$KVER"
    fi
    KERNEL=$ROOT/boot/$KERNEL_FILE-$KVER
    HEADERS=$ROOT/usr/src/linux-headers-$KVER
    BUSYBOX=$ROOT/bin/busybox
    [ -f "$KERNEL" ] || die "no kernel image at $KERNEL"
}

# The debug package (about 1 GB): vmlinux with DWARF and its System.map, unpacked under
# $ROOT/usr/lib/debug/boot (the modules' debug files are not needed).  Only the symbolisation
# checks need it.
fetch_debug() {
    resolve_kver
    download "linux-image-$KVER-dbg:$DEB_ARCH"
    VMLINUX=$ROOT/usr/lib/debug/boot/vmlinux-$KVER
    SYSTEM_MAP=$ROOT/usr/lib/debug/boot/System.map-$KVER
    if [ ! -f "$VMLINUX" ]; then
        log "unpacking vmlinux from the debug package"
        dpkg-deb --fsys-tarfile "$DEBS"/linux-image-"$KVER"-dbg_*.deb | tar -x -C "$ROOT" ./usr/lib/debug/boot/
    fi
}

# The kernel's scripts/decode_stacktrace.sh, from Debian's linux-source package (about 140 MB,
# downloaded once); prints its path.
fetch_decode_stacktrace() {
    local series script=$CACHE/linux-source/decode_stacktrace.sh
    series=$(echo "$KVER" | cut -d. -f1-2)
    if [ ! -f "$script" ]; then
        local saved_debs=$DEBS
        DEBS=$CACHE/linux-source
        download "linux-source-$series"
        log "extracting scripts/decode_stacktrace.sh from linux-source-$series"
        dpkg-deb --fsys-tarfile "$DEBS"/linux-source-"$series"_*.deb \
            | tar -xO "./usr/src/linux-source-$series.tar.xz" \
            | tar -xJO "linux-source-$series/scripts/decode_stacktrace.sh" >"$script.tmp"
        mv "$script.tmp" "$script" && chmod +x "$script"
        DEBS=$saved_debs
    fi
    echo "$script"
}

# Builds the test modules of lab/modules against the headers, in $ARCH_CACHE/modules.
build_modules() {
    MODULES=$ARCH_CACHE/modules
    local stamp=$MODULES/.built-$KVER
    if [ -e "$stamp" ] && [ -z "$(find "$LAB_DIR/modules" -newer "$stamp" -print -quit)" ]; then
        return 0
    fi
    log "building the test modules for $KVER"
    rm -rf "$MODULES" && mkdir -p "$MODULES"
    cp "$LAB_DIR"/modules/* "$MODULES"/
    # The host's gcc-12 builds them whatever compiler the headers name (an older release's gcc-10).
    make -s -C "$HEADERS" M="$MODULES" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" CC="${CROSS_COMPILE}gcc-12" modules >&2 \
        || die "module build failed"
    touch "$stamp"
}

# The applets init uses, as links to the static busybox.
APPLETS=(sh mount mkdir cat echo sleep insmod poweroff uname true ls base64 stat)

# Writes DIR/initramfs.cpio.gz (sets INITRD) whose /init loads the modules of EXTRA_MODULES (paths,
# each optionally followed by the module's parameters, loaded first in order, such as qemu_fw_cfg.ko
# for the dump scripts) and the scenario's module,
# runs the trigger, waits a second and runs END (default: says so and powers off).
make_initramfs() {
    local top=$1 dir=$1/initramfs a m
    rm -rf "$dir" && mkdir -p "$dir"/{bin,proc,sys,dev,lab}
    cp "$BUSYBOX" "$dir/bin/busybox"
    for a in "${APPLETS[@]}"; do ln -s busybox "$dir/bin/$a"; done
    local loads=''
    for m in ${EXTRA_MODULES[@]+"${EXTRA_MODULES[@]}"}; do
        local path=${m%% *} params=''
        if [ "$path" != "$m" ]; then params=" ${m#* }"; fi
        cp "$path" "$dir/lab/"
        loads+="insmod /lab/$(basename "$path")$params"$'\n'
    done
    if [ -n "$MODULE" ]; then cp "$MODULES/$MODULE.ko" "$dir/lab/"; fi
    cat >"$dir/init" <<INIT
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
echo "koops-lab: scenario $SCENARIO on \$(uname -r)"
${loads}${MODULE:+insmod /lab/$MODULE.ko}
echo 'koops-lab: trigger: $TRIGGER'
sh -c '$TRIGGER'
sleep 1
${END:-echo "koops-lab: scenario $SCENARIO done, powering off"; poweroff -f}
INIT
    chmod +x "$dir/init"
    INITRD=$top/initramfs.cpio.gz
    (cd "$dir" && find . | sort | cpio -o -H newc --quiet -R 0:0 | gzip -9n) >"$INITRD"
}

# Reads lab/scenarios.tsv; sets MODULE, CMDLINE and TRIGGER of scenario $1 for $ARCH.
scenario_setup() {
    local name=$1 row
    row=$(awk -F'\t' -v n="$name" '!/^#/ && $1 == n' "$LAB_DIR/scenarios.tsv")
    [ -n "$row" ] || die "no scenario '$name' in lab/scenarios.tsv"
    local archs
    IFS=$'\t' read -r SCENARIO archs MODULE CMDLINE TRIGGER <<<"$row"
    if [ "$MODULE" = - ]; then MODULE=''; fi
    if [ "$CMDLINE" = - ]; then CMDLINE=''; fi
    case ",$archs," in *",$ARCH,"*) ;; *) die "scenario $name does not run on $ARCH (only $archs)" ;; esac
}

# Scenario names for $ARCH, in table order.
scenarios_for_arch() {
    awk -F'\t' -v a="$ARCH" '!/^#/ && NF && index("," $2 ",", "," a ",") { print $1 }' "$LAB_DIR/scenarios.tsv"
}
