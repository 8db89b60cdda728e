#!/bin/sh
# Install the Debian packages named as arguments that are not installed yet,
# with apt-get, through sudo when not root.  Says what to run where it cannot.
missing=
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "objreg: these Debian packages are missing:$missing" >&2
  echo "objreg: this is not a Debian system; install their equivalents by hand" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  sudo=
elif command -v sudo >/dev/null 2>&1; then
  sudo=sudo
else
  echo "objreg: missing Debian packages; as root, run:" >&2
  echo "  apt-get update && apt-get install -y$missing" >&2
  exit 1
fi
echo "objreg: installing:$missing" >&2
$sudo apt-get update -qq >&2 &&
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2 || {
  echo "objreg: could not install:$missing" >&2
  echo "objreg: run by hand: sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
}
