#!/usr/bin/env bash
# Runs every scenario of lab/scenarios.tsv on each architecture and rewrites the fixtures.
#
#   lab/run-all.sh [--out DIR] [ARCH...]      ARCH: x86_64 (default: x86_64 and arm64), arm64, arm
#
# With --out DIR the consoles go to DIR/ARCH/ instead of lab/fixtures/ARCH/.
source "$(dirname "$0")/lib.sh"

out=''
case ${1:-} in
    --out) out=$2; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    -h|--help) sed -n '2,6s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
[ $# -gt 0 ] || set -- x86_64 arm64

for arch in "$@"; do
    arch_setup "$arch"
    mapfile -t names < <(scenarios_for_arch)
    log "$arch: ${#names[@]} scenarios"
    "$LAB_DIR/run.sh" --arch "$arch" ${out:+--out "$out/$arch"} "${names[@]}"
done
