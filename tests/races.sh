#!/bin/sh
# tests/races.sh BUILD - writing OUT when other things happen at the same
# time: builds into one OUT at once, a file system without RENAME_EXCHANGE
# (and a build killed inside its fallback), overlayfs, SIGTERM/SIGINT/SIGHUP,
# a pack file swapped for a link or a FIFO while it is read, another user's
# leftovers.  The faults come from tests/shim/fault_shim.c,
# built here and put in with LD_PRELOAD.  Each loop is bounded: the whole
# file takes well under a minute on a loaded 2-core machine.
set -u
export LC_ALL=C
OBJREG=$(cd "$(dirname "${1:-build}/objreg")" && pwd)/objreg
T=$(mktemp -d)
cleanup() {
  mountpoint -q "$T/ovl/m" 2>/dev/null && umount "$T/ovl/m"
  chmod -R u+w "$T" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT INT TERM
fails=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=1; }

verifies() {  # verifies OUT: a complete pack objreg wrote, and nothing else
  [ -f "$1/manifest.json" ] && (cd "$1" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1) &&
    [ "$(ls -A "$1" | grep -cv '^SHA256SUMS$')" -eq "$(wc -l <"$1/SHA256SUMS")" ]
}
no_tmp() { [ -z "$(ls -A "$1" | grep objreg-tmp)" ]; }

# The shim; an ASan build wants its runtime first, so it is told not to mind.
if ! cc -shared -fPIC -o "$T/shim.so" tests/shim/fault_shim.c -ldl 2>"$T/cc.err"; then
  not_ok "cannot build the fault shim: $(cat "$T/cc.err")"
  exit 1
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
shim() { LD_PRELOAD="$T/shim.so" "$@"; }

PACK=tests/golden/valid
cp -r "$PACK" "$T/pack"

# --- builds into one OUT at once: all exit 0, OUT complete, no folder lost ---
# The shim makes each build pause right after creating its temporary folder,
# where a build that cleaned up "stale" folders used to remove another's.
mkdir -p "$T/c" "$T/k" "$T/s"
"$OBJREG" build "$T/pack" -o "$T/c/out" -q >/dev/null 2>&1
bad=0
round=0
while [ $round -lt 2 ]; do
  round=$((round + 1))
  pids=""
  for k in 1 2 3 4; do
    OBJREG_FAULT_MKDTEMP_MS=60 shim "$OBJREG" build "$T/pack" -o "$T/c/out" -q --as-of "2026-11-2$k" >/dev/null 2>"$T/c$k.err" &
    pids="$pids $!"
  done
  for p in $pids; do
    wait "$p" || bad=$((bad + 1))
  done
  verifies "$T/c/out" || bad=$((bad + 1))
done
if [ $bad -eq 0 ] && no_tmp "$T/c"; then ok "2 rounds of 4 builds into one OUT: every build exits 0, OUT complete, no folder left"; else not_ok "builds at once: $bad failures"; fi
# And without the pause, as they come.
bad=0
round=0
while [ $round -lt 1 ]; do
  round=$((round + 1))
  pids=""
  for k in 1 2 3 4; do
    "$OBJREG" build "$T/pack" -o "$T/c/out" -q >/dev/null 2>"$T/c$k.err" &
    pids="$pids $!"
  done
  for p in $pids; do wait "$p" || bad=$((bad + 1)); done
  verifies "$T/c/out" || bad=$((bad + 1))
done
if [ $bad -eq 0 ] && no_tmp "$T/c"; then ok "one more round of 4 builds at once: all exit 0"; else not_ok "builds at once, no pause: $bad failures"; fi

# --- a file put in OUT while the pack is built: kept, the build refused ---
# OUT is checked before the documents are written; the shim pauses the build
# just after that, and notes.txt arrives in OUT meanwhile. With
# RENAME_EXCHANGE the swap is undone; without it, the files are moved by name
# and the emptied OUT cannot be replaced. Either way notes.txt stays, beside
# the previous pack, and the build says why.
for fault in "" EINVAL; do
  rm -rf "$T/n"
  mkdir -p "$T/n"
  "$OBJREG" build "$T/pack" -o "$T/n/out" -q >/dev/null 2>&1
  before=$(sha256sum "$T/n/out/manifest.json")
  env ${fault:+OBJREG_FAULT_RENAMEAT2=$fault} OBJREG_FAULT_MKDTEMP_MS=1500 LD_PRELOAD="$T/shim.so" "$OBJREG" build \
    "$T/pack" -o "$T/n/out" -q --as-of 2026-11-20 >/dev/null 2>"$T/n.err" &
  p=$!
  sleep 0.7
  echo "my notes" >"$T/n/out/notes.txt"
  wait "$p"
  rc=$?
  what="a file put in OUT during the build${fault:+ (no RENAME_EXCHANGE: $fault)}"
  if [ "$rc" -ne 0 ] && [ "$(cat "$T/n/out/notes.txt" 2>/dev/null)" = "my notes" ] &&
    [ "$(sha256sum "$T/n/out/manifest.json")" = "$before" ] && no_tmp "$T/n" && [ "$(wc -l <"$T/n.err")" -eq 1 ] &&
    grep -q "notes.txt\|not empty" "$T/n.err"; then
    ok "$what: kept with the previous pack, build refused (exit $rc), one line"
  else
    not_ok "$what: exit $rc, $(ls "$T/n/out" | tr '\n' ' '), $(cat "$T/n.err")"
  fi
done

# --- no RENAME_EXCHANGE: EINVAL, ENOSYS, EXDEV ---
for e in EINVAL ENOSYS EXDEV; do
  rm -rf "$T/f"
  mkdir -p "$T/f/out.objreg-old"
  echo "mine" >"$T/f/out.objreg-old/keep.txt"  # a name objreg did not create
  "$OBJREG" build "$T/pack" -o "$T/f/out" -q --as-of 2026-11-20 >/dev/null 2>&1
  OBJREG_FAULT_RENAMEAT2=$e shim "$OBJREG" build "$T/pack" -o "$T/f/out" -q --as-of 2026-11-21 >/dev/null 2>"$T/err"
  rc=$?
  if [ $rc = 0 ] && verifies "$T/f/out" && grep -q '"as_of": "2026-11-21"' "$T/f/out/manifest.json" && no_tmp "$T/f" &&
    [ "$(cat "$T/f/out.objreg-old/keep.txt")" = mine ]; then
    ok "renameat2 failing with $e: the pack replaced file by file; a user's OUT.objreg-old/ untouched"
  else
    not_ok "renameat2 $e: status $rc: $(cat "$T/err")"
  fi
done

# --- killed inside the fallback's window, at each of its renames ---
# OUT's 8 files move into the temporary folder one by one, then the new pack
# takes OUT's place: a kill before rename N (1..9) leaves the previous pack
# recoverable, and the next build puts it back (tried at 1, 5, 9).
# Uncut, the new pack is in.
"$OBJREG" build "$T/pack" -o "$T/k/out" -q --as-of 2026-11-20 >/dev/null 2>&1
old=$(cat "$T/k/out/SHA256SUMS")
bad=""
for n in 1 5 9; do
  OBJREG_FAULT_RENAMEAT2=EINVAL OBJREG_FAULT_KILL_AT_RENAME=$n shim "$OBJREG" build "$T/pack" -o "$T/k/out" -q --as-of 2026-11-21 >/dev/null 2>&1
  rc=$?
  [ $rc = 137 ] || bad="$bad $n:not-killed($rc)"
  # The next build: it puts the previous pack back, then is killed before
  # its own first rename, so OUT must be the previous pack, whole.
  OBJREG_FAULT_RENAMEAT2=EINVAL OBJREG_FAULT_KILL_AT_RENAME=1 shim "$OBJREG" build "$T/pack" -o "$T/k/out" -q --as-of 2026-11-22 >/dev/null 2>&1
  { verifies "$T/k/out" && [ "$(cat "$T/k/out/SHA256SUMS")" = "$old" ]; } || bad="$bad $n:not-restored"
done
OBJREG_FAULT_RENAMEAT2=EINVAL OBJREG_FAULT_KILL_AT_RENAME=10 shim "$OBJREG" build "$T/pack" -o "$T/k/out" -q --as-of 2026-11-23 >/dev/null 2>&1
if [ -z "$bad" ] && verifies "$T/k/out" && grep -q '"as_of": "2026-11-23"' "$T/k/out/manifest.json" && no_tmp "$T/k"; then
  ok "killed before rename 1, 5 and 9 of the fallback: the next build restores the previous pack; then builds clean up"
else
  not_ok "killed in the fallback:$bad"
fi

# --- overlayfs: OUT in the lower layer cannot be renamed (EXDEV) ---
mkdir -p "$T/ovl/l" "$T/ovl/u" "$T/ovl/w" "$T/ovl/m"
"$OBJREG" build "$T/pack" -o "$T/ovl/l/out" -q --as-of 2026-11-20 >/dev/null 2>&1
if mount -t overlay overlay -o "lowerdir=$T/ovl/l,upperdir=$T/ovl/u,workdir=$T/ovl/w" "$T/ovl/m" 2>/dev/null; then
  "$OBJREG" build "$T/pack" -o "$T/ovl/m/out" -q --as-of 2026-11-21 >/dev/null 2>"$T/err"
  rc=$?
  if [ $rc = 0 ] && verifies "$T/ovl/m/out" && grep -q '"as_of": "2026-11-21"' "$T/ovl/m/out/manifest.json" && no_tmp "$T/ovl/m"; then
    ok "overlayfs: a pack in the lower layer is replaced"
  else
    not_ok "overlayfs: status $rc: $(cat "$T/err")"
  fi
  umount "$T/ovl/m"
else
  ok "overlayfs # skipped: cannot mount an overlay here"
fi

# --- SIGTERM, SIGINT, SIGHUP: temporary folder removed, OUT as it was, 128+N, one line ---
# Python starts the build, so that SIGINT is not ignored as in a shell's
# background job.  With the shim's pause the signal lands while the
# temporary folder exists; without it, somewhere in the writing.
# SOURCE_DATE_EPOCH: a build records its own time (manifest, documents), so only
# with a fixed one does a build that ends first write the same bytes.
export SOURCE_DATE_EPOCH=1764201600
"$OBJREG" build input -o "$T/s/out" -q --as-of 2026-11-20 >/dev/null 2>&1  # as the signalled builds: one that ends first writes the same
before=$(cat "$T/s/out/SHA256SUMS")
for pause in 400 ""; do
  for sig in TERM INT HUP; do
    for delay in $([ "$sig" = INT ] && echo 0.15 || echo 0.3); do
      python3 - "$OBJREG" "$T/s/out" "$sig" "$delay" "$pause" "$T/shim.so" >"$T/sig.out" 2>&1 <<'PY'
import os, signal, subprocess, sys, time
objreg, out, sig, delay, pause, shim = sys.argv[1:]
env = dict(os.environ)
if pause:
    env.update(LD_PRELOAD=shim, OBJREG_FAULT_MKDTEMP_MS=pause)
p = subprocess.Popen([objreg, "build", "input", "-o", out, "-q", "--as-of", "2026-11-20"], env=env,
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
# From when its signal thread runs (a sanitizer's start-up is slow on a loaded machine).
start = time.time()
while p.poll() is None and time.time() - start < 30:
    try:
        if len(os.listdir("/proc/%d/task" % p.pid)) >= 2:
            break
    except OSError:
        break
    time.sleep(0.01)
time.sleep(float(delay))
p.send_signal(getattr(signal, "SIG" + sig))
err = p.communicate()[1].decode()
print(p.returncode, repr(err))
lines = err.splitlines()
want = 128 + getattr(signal, "SIG" + sig)
finished = p.returncode == 0 and not err  # the build was done before the signal came
# The signal came while OUT was being left as it was, or after the new pack
# (byte-identical: same inputs) was already in place: both say which.
said = ("objreg: stopped by SIG%s; '%s' left as it was" % (sig, out),
        "objreg: stopped by SIG%s, after the new pack was put in place in '%s'" % (sig, out))
sys.exit(0 if finished or (p.returncode == want and len(lines) == 1 and lines[0] in said) else 1)
PY
      if [ $? = 0 ] && [ "$(cat "$T/s/out/SHA256SUMS")" = "$before" ] && verifies "$T/s/out" && no_tmp "$T/s"; then
        ok "SIG$sig after ${delay}s${pause:+ (temporary folder just made)}: exit 128+N, one line saying which, OUT complete, no temporary folder"
      else
        not_ok "SIG$sig after ${delay}s${pause:+ (pause)}: $(cat "$T/sig.out"); OUT $(verifies "$T/s/out" && echo complete || echo broken); $(ls -A "$T/s")"
      fi
    done
  done
done
(trap '' HUP; "$OBJREG" check tests/golden/valid -q >/dev/null 2>&1 & pid=$!; kill -HUP $pid; wait $pid)
rc=$?
if [ $rc = 0 ]; then ok "a SIGHUP ignored on entry (nohup) stays ignored"; else not_ok "nohup: status $rc"; fi

# --- a pack file swapped between discovery and open: never read outside, never blocked ---
# The shim renames a link out of the pack, or a FIFO, over objectives/zz.md
# just after discovery has looked at it; with and without openat2.
mkdir -p "$T/sw/p"
cp -r "$PACK/." "$T/sw/p/"
sed 's/^id: OBJ-001/id: OUT-SIDE/' "$PACK/objectives/obj-001.md" >"$T/sw/outside.md"
bad=""
for kind in link fifo; do
  for no2 in "" 1; do
    rm -f "$T/sw/p/objectives/zz.md" "$T/sw/p/.swap"
    sed 's/^id: OBJ-001/id: ZZ-IN/' "$PACK/objectives/obj-001.md" >"$T/sw/p/objectives/zz.md"
    if [ $kind = link ]; then ln -s "$T/sw/outside.md" "$T/sw/p/.swap"; else mkfifo "$T/sw/p/.swap"; fi
    env ${no2:+OBJREG_FAULT_NO_OPENAT2=1} OBJREG_FAULT_SWAP_AT=/objectives/zz.md OBJREG_FAULT_SWAP_FROM="$T/sw/p/.swap" \
      LD_PRELOAD="$T/shim.so" timeout 20 "$OBJREG" check "$T/sw/p" --format json >"$T/sw.json" 2>"$T/err"
    rc=$?
    want=$([ $kind = link ] && echo E-PATH || echo E-IO)
    if [ $rc = 1 ] && [ -L "$T/sw/p/objectives/zz.md" -o -p "$T/sw/p/objectives/zz.md" ] && ! grep -q OUT-SIDE "$T/sw.json" &&
      grep -q "\"file\": \"objectives/zz.md\", \"line\": 0, \"column\": 0, \"severity\": \"error\", \"rule\": \"$want\"" "$T/sw.json"; then
      :
    else
      bad="$bad $kind${no2:+/no-openat2}:$rc"
    fi
  done
done
rm -f "$T/sw/p/objectives/zz.md"
if [ -z "$bad" ]; then ok "a file swapped for a link out of the pack or a FIFO after discovery: E-PATH or E-IO, never read, never blocks (openat2 and without)"; else not_ok "swapped pack files:$bad"; fi
# And as it comes: a loop swapping for 3 seconds while check runs again and again.
sed 's/^id: OBJ-001/id: ZZ-IN/' "$PACK/objectives/obj-001.md" >"$T/sw/zz-file.md"
python3 - "$T/sw" <<'PY' &
import os, sys, time
d = sys.argv[1]
obj = d + "/p/objectives"
end, i = time.time() + 3, 0
while time.time() < end:
    i += 1
    tmp = obj + "/.zz-%d" % i  # a hidden name: never discovered
    try:
        if i % 4 == 1:
            os.symlink(d + "/outside.md", tmp)
        elif i % 4 == 3:
            os.mkfifo(tmp)
        else:
            os.link(d + "/zz-file.md", tmp)
        os.rename(tmp, obj + "/zz.md")
    except OSError:
        pass
PY
swapper=$!
runs=0
bad=0
while kill -0 $swapper 2>/dev/null && [ $runs -lt 60 ]; do
  runs=$((runs + 1))
  timeout 20 "$OBJREG" check "$T/sw/p" --format json >"$T/sw.json" 2>/dev/null
  rc=$?
  { [ $rc -le 1 ] && ! grep -q OUT-SIDE "$T/sw.json"; } || bad=$((bad + 1))
done
wait $swapper
if [ $bad = 0 ]; then ok "$runs checks while objectives/zz.md is swapped between a file, a link out and a FIFO: none read outside or blocked"; else not_ok "swap race: $bad of $runs runs read outside or blocked"; fi

# Links that stay inside the pack are read the same with openat2 and without
# it (one component at a time): a linked folder, a relative and an absolute
# link inside, a link that climbs out with "..".
mkdir -p "$T/ln/p/real"
cp -r "$PACK/." "$T/ln/p/"
mv "$T/ln/p/objectives" "$T/ln/p/real/objs"
ln -s real/objs "$T/ln/p/objectives"
sed 's/^id: OBJ-001/id: ABS-1/' "$PACK/objectives/obj-001.md" >"$T/ln/p/real/abs-target.md"
ln -s "$(cd "$T/ln/p" && pwd -P)/real/abs-target.md" "$T/ln/p/real/objs/abs.md"
sed 's/^id: OBJ-001/id: REL-1/' "$PACK/objectives/obj-001.md" >"$T/ln/p/real/rel-target.md"
ln -s ../rel-target.md "$T/ln/p/real/objs/rel.md"
ln -s ../../../../../../../../etc/passwd "$T/ln/p/real/objs/up.md"
"$OBJREG" check "$T/ln/p" --format json >"$T/ln1.json" 2>&1
OBJREG_FAULT_NO_OPENAT2=1 LD_PRELOAD="$T/shim.so" "$OBJREG" check "$T/ln/p" --format json >"$T/ln2.json" 2>&1
if cmp -s "$T/ln1.json" "$T/ln2.json" && grep -q '"objective": "ABS-1"' "$T/ln1.json" && grep -q '"objective": "REL-1"' "$T/ln1.json" &&
  grep -q '"file": "objectives/up.md", "line": 0, "column": 0, "severity": "error", "rule": "E-' "$T/ln1.json"; then
  ok "links inside the pack read alike with openat2 and without; one climbing out refused"
else
  not_ok "links with and without openat2: $(diff "$T/ln1.json" "$T/ln2.json" | head -5)"
fi

# --- another user's leftovers, and an OUT this user may not change ---
mkdir -p "$T/share"
chmod 755 "$T"
chmod 777 "$T/share"
"$OBJREG" build "$T/pack" -o "$T/share/out" -q >/dev/null 2>&1
chmod 555 "$T/share/out"
# The other users run a copy of objreg and its data that they may read,
# wherever (and with whatever umask) the tree was cloned.
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
  mkdir -p "$T/inst/bin" "$T/inst/share/objreg"
  cp "$OBJREG" "$T/inst/bin/objreg"
  cp -rL "$(dirname "$OBJREG")/../fonts" "$(dirname "$OBJREG")/../templates" "$T/inst/share/objreg/" 2>/dev/null ||
    cp -rL fonts templates "$T/inst/share/objreg/"
  chmod -R a+rX "$T/pack" "$T/inst"
  OBJREG="$T/inst/bin/objreg"
  export OBJREG_DATADIR="$T/inst/share/objreg"
  as_nobody "$OBJREG" build "$T/pack" -o "$T/share/out" -q >/dev/null 2>"$T/err"
  rc=$?
  if [ $rc = 2 ] && grep -q "cannot replace '$T/share/out': Permission denied" "$T/err" && no_tmp "$T/share" && verifies "$T/share/out"; then
    ok "another user's OUT at mode 555: exit 2 before anything is written, no temporary folder"
  else
    not_ok "OUT at mode 555 as another user: status $rc: $(cat "$T/err"); $(ls -A "$T/share")"
  fi
  # A killed build's temporary folder, another user's, at mode 555.
  as_nobody sh -c "mkdir '$T/share/.objreg-tmp-dead01' && mkdir '$T/share/.objreg-tmp-dead01/new' && echo x >'$T/share/.objreg-tmp-dead01/new/f' && chmod 555 '$T/share/.objreg-tmp-dead01/new' '$T/share/.objreg-tmp-dead01'"
  setpriv --reuid=65533 --regid=65533 --clear-groups "$OBJREG" build "$T/pack" -o "$T/share/other" -q >/dev/null 2>"$T/err"
  rc1=$?
  as_nobody "$OBJREG" build "$T/pack" -o "$T/share/mine" -q >/dev/null 2>"$T/err2"
  rc2=$?
  if [ $rc1 = 0 ] && [ $rc2 = 0 ] && verifies "$T/share/other" && verifies "$T/share/mine" && no_tmp "$T/share"; then
    ok "a temporary folder of another user's at mode 555 blocks no build, and its owner's next build removes it"
  else
    not_ok "another user's temporary folder at 555: $rc1 $rc2: $(cat "$T/err" "$T/err2"); $(ls -A "$T/share")"
  fi
else
  ok "another user's OUT # skipped: not root, or no setpriv"
fi

exit $fails
