#!/usr/bin/env bash
# apicheck: the exported API of both modules against the last release's, kept in api/
# (export data written by golang.org/x/exp/cmd/apidiff). An incompatible change fails,
# unless CHANGELOG.md's "## [Unreleased]" section has a "### Breaking" subsection with at
# least one entry ("- ...") saying what breaks.
#
#   bash .ci/apicheck.sh            check (CI)
#   bash .ci/apicheck.sh write      refresh api/ from the working tree (when a release is cut)
#   bash .ci/apicheck.sh selftest   show that a deliberate break fails the check (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

APIDIFF_VERSION=v0.0.0-20261113113407-e3970619a1a4
GOBIN="$(go env GOPATH)/bin"
if ! go version -m "$GOBIN/apidiff" 2>/dev/null | grep -q "golang.org/x/exp.*${APIDIFF_VERSION}"; then
  go install "golang.org/x/exp/cmd/apidiff@$APIDIFF_VERSION"
fi
apidiff="$GOBIN/apidiff"

# module path and directory of each published module
modules=("github.com/labwire/labwire:." "github.com/labwire/labwire/webhook/pginbox:webhook/pginbox")

baseline() { # the api/ file of a module path
  case "$1" in
  github.com/labwire/labwire) echo "$root/api/labwire.apidiff" ;;
  *) echo "$root/api/$(basename "$1").apidiff" ;;
  esac
}

# breaking_declared FILE: the Unreleased section of FILE has a non-empty "### Breaking".
breaking_declared() {
  awk '
    /^## \[Unreleased\]/ { in_unreleased = 1; next }
    /^## / { in_unreleased = 0 }
    in_unreleased && /^### / { in_breaking = ($0 ~ /^### Breaking/); next }
    in_unreleased && in_breaking && /^- / { found = 1 }
    END { exit found ? 0 : 1 }
  ' "$1"
}

check() {
  local changes="" mod path dir out
  for mod in "${modules[@]}"; do
    path=${mod%%:*} dir=${mod#*:}
    out=$(cd "$dir" && "$apidiff" -m -incompatible "$(baseline "$path")" "$path" 2>/dev/null)
    if [ -n "$out" ]; then
      changes+="$path:"$'\n'"$out"$'\n'
    fi
  done
  if [ -z "$changes" ]; then
    echo "apicheck: the exported API is compatible with the last release's"
    return 0
  fi
  echo "apicheck: incompatible changes since the last release:"
  echo "$changes" | sed 's/^/  /'
  if breaking_declared CHANGELOG.md; then
    echo "apicheck: declared in CHANGELOG.md's Unreleased ### Breaking: allowed (the next release is a major one, or a minor one before v1)"
    return 0
  fi
  echo "apicheck: FAIL: declare them under '### Breaking' in CHANGELOG.md's [Unreleased] section, or undo them"
  return 1
}

write() {
  local mod path dir
  mkdir -p api
  for mod in "${modules[@]}"; do
    path=${mod%%:*} dir=${mod#*:}
    (cd "$dir" && "$apidiff" -m -w "$(baseline "$path")" "$path" 2>/dev/null)
    echo "apicheck: wrote $(baseline "$path")"
  done
}

selftest() {
  local tmp
  tmp=$(mktemp -d /tmp/apicheck-selftest.XXXXXX)
  trap 'rm -rf "$tmp"' RETURN
  git ls-files -z | xargs -0 -I{} cp --parents {} "$tmp"/
  cp -r api "$tmp"/
  (
    cd "$tmp"
    bash .ci/apicheck.sh write >/dev/null
    printf '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- nothing breaking\n' >CHANGELOG.md
    bash .ci/apicheck.sh >/dev/null || { echo "apicheck selftest: FAIL: an unchanged tree was refused"; exit 1; }
    # A deliberate break: an exported function renamed.
    sed -i 's/^func NewClient(/func NewClientRenamed(/' whoop/client.go
    sed -i 's/whoop\.NewClient(/whoop.NewClientRenamed(/g' $(grep -rl 'whoop\.NewClient(' --include=*.go . || true)
    if bash .ci/apicheck.sh >out.txt 2>&1; then
      echo "apicheck selftest: FAIL: a renamed exported function passed"; cat out.txt; exit 1
    fi
    grep -q "whoop.NewClient: removed" out.txt || { echo "apicheck selftest: FAIL: the removal was not named"; cat out.txt; exit 1; }
    printf '\n### Breaking\n\n- whoop.NewClient is renamed NewClientRenamed\n' >>CHANGELOG.md
    bash .ci/apicheck.sh >/dev/null || { echo "apicheck selftest: FAIL: a declared break was refused"; exit 1; }
  )
  echo "apicheck selftest: a deliberate break fails the check, and passes once declared"
}

case "${1:-check}" in
check) check ;;
write) write ;;
selftest) selftest ;;
*) echo "usage: apicheck.sh [check|write|selftest]" >&2; exit 2 ;;
esac
