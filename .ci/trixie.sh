#!/bin/bash
# CI stage: `make test` in a minimal Debian 13 (trixie) root, then the .deb
# built there, installed there, and `objreg build` run on the example pack.
#
# The root is made with `debootstrap --variant=minbase trixie` from the mirror
# this machine's apt already uses (never one named here), and cached in
# $OBJREG_CI_CACHE (default /var/cache/objreg-ci) as trixie/: rebuilt when
# missing or broken.  Every run works on a fresh copy of it that has only make
# added, so `make test` must install what it needs itself (tests/deps.sh); the
# downloaded .deb files are kept in the cache so later runs do not fetch them.
# Needs root (chroot, mount).  OBJREG_CI_MIRROR overrides the mirror.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
cache=${OBJREG_CI_CACHE:-/var/cache/objreg-ci}
base=$cache/trixie
work=$cache/trixie-run
say() { echo "trixie: $*" >&2; }

# The Debian mirror from this machine's apt configuration.
mirror() {
  if [ -n "${OBJREG_CI_MIRROR:-}" ]; then echo "$OBJREG_CI_MIRROR"; return; fi
  local f u
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 stanzas: the URIs of stanzas of type deb whose suites are not -security
    awk 'BEGIN{RS=""; FS="\n"} {t=0; u=""; s=""
           for (i = 1; i <= NF; i++) {
             if ($i ~ /^Types:.*(^| )deb( |$)/ || $i ~ /^Types:[ \t]*deb([ \t]|$)/) t = 1
             if ($i ~ /^URIs:/) { u = $i; sub(/^URIs:[ \t]*/, "", u); sub(/[ \t].*/, "", u) }
             if ($i ~ /^Suites:/) s = $i }
           if (t && u != "" && s !~ /security/ && s ~ /(bookworm|trixie|forky|sid|stable|testing)/) print u}' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++
                       if ($(i+1) !~ /security/ && $(i+1) ~ /(bookworm|trixie|forky|sid|stable|testing)/) print $i }' "$f"
  done
}
m=$(mirror | head -n 1)
[ -n "$m" ] || { say "no Debian mirror in /etc/apt (set OBJREG_CI_MIRROR)"; exit 1; }

command -v debootstrap >/dev/null 2>&1 ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >&2

# The cached root is good when it runs a shell and knows apt and make.
good() { [ -f "$1/.objreg-ok" ] && chroot "$1" /bin/sh -c 'command -v apt-get && command -v make' >/dev/null 2>&1; }
if ! good "$base"; then
  say "debootstrap --variant=minbase trixie from $m"
  rm -rf "$base" "$base.new"
  mkdir -p "$cache"
  t0=$(date +%s)
  debootstrap --variant=minbase --include=make trixie "$base.new" "$m" >"$cache/debootstrap.log" 2>&1 ||
    { tail -n 30 "$cache/debootstrap.log" >&2; rm -rf "$base.new"; exit 1; }
  chroot "$base.new" apt-get clean
  touch "$base.new/.objreg-ok"
  mv "$base.new" "$base"
  say "root made in $(( $(date +%s) - t0 )) s"
fi

mounted=
cleanup() {
  for d in $mounted; do umount -l "$d" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM
# whatever an interrupted run left mounted there goes first, never through rm
for d in $(awk -v w="$work/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$d"; done
if awk -v w="$work/" 'index($2, w) == 1 { f = 1 } END { exit !f }' /proc/mounts; then
  say "$work still has mounts; not removing it"; exit 1
fi
rm -rf --one-file-system "$work"
cp -a "$base" "$work"
for d in proc dev dev/pts; do  # dev/pts: tests/cli.sh runs objreg on a terminal (script)
  mkdir -p "$work/$d"
  mount --bind "/$d" "$work/$d"; mounted="$work/$d $mounted"
done
mkdir -p "$cache/apt-archives" "$work/var/cache/apt/archives"
mount --bind "$cache/apt-archives" "$work/var/cache/apt/archives"
mounted="$work/var/cache/apt/archives $mounted"
cp /etc/resolv.conf "$work/etc/resolv.conf" 2>/dev/null || true
# the clone, without its build outputs
mkdir -p "$work/root/objreg"
tar -C "$src" --exclude=./build --exclude=./output/evidence-pack -cf - . | tar -C "$work/root/objreg" -xf -

# Not CI=true: the SARIF Multitool (npm) is validated by the host's make test.
in_root() { chroot "$work" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  /bin/sh -c "cd /root/objreg && $1"; }

t0=$(date +%s)
in_root 'make WERROR=1 test'
say "make test in $(( $(date +%s) - t0 )) s"
# the README's first command too (the root has no /proc: the data folder is the tree's)
in_root 'make run && test -s output/evidence-pack/SHA256SUMS && cd output/evidence-pack && sha256sum -c --quiet SHA256SUMS'
say "make run built the example pack"
if [ -d debian ]; then
  t0=$(date +%s)
  in_root 'make deb && apt-get install -y -qq ./build/deb/objreg_*.deb >/dev/null &&
    cd /tmp && rm -rf ev && /usr/bin/objreg build /root/objreg/input -o ev &&
    for f in ev/*.pdf; do qpdf --check "$f" >/dev/null || exit 1; done && ls ev &&
    echo "trixie: /usr/bin/objreg from the .deb built the example pack"'
  say ".deb built, installed and run in $(( $(date +%s) - t0 )) s"
fi
