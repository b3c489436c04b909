#!/usr/bin/env bash
# Builds ylcheck.html: the checker compiled to WebAssembly (web/, a cdylib over
# the ylcheck library without its command line), bound by wasm-bindgen, and put
# inline in one page with its glue and script. Everything comes from crates.io:
# the wasm32 target is added with rustup and wasm-bindgen-cli is installed at
# exactly the version of the wasm-bindgen crate in Cargo.lock, if missing.
#
#   bash web/build.sh        # -> target/ylcheck.html ($CARGO_TARGET_DIR/ylcheck.html)
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
out="$target_dir/ylcheck.html"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
# The bindings and the tool that writes their glue must be the same version.
version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$version" ]; then
  echo "web/build.sh: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
  # No TLS: the tool only rewrites a local file.
  cargo install wasm-bindgen-cli --version "$version" --locked --no-default-features --bin wasm-bindgen
fi

cargo build --locked --profile wasm --target wasm32-unknown-unknown -p ylcheck-web
pkg="$target_dir/web-pkg"
rm -rf "$pkg"
wasm-bindgen --target no-modules --no-typescript --out-dir "$pkg" \
  "$target_dir/wasm32-unknown-unknown/wasm/ylcheck_web.wasm"
crate_version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
python3 web/assemble.py "$pkg/ylcheck_web.js" "$pkg/ylcheck_web_bg.wasm" "$crate_version" "$out.tmp"
mv "$out.tmp" "$out"
echo "$out: $(wc -c <"$out") bytes (wasm $(wc -c <"$pkg/ylcheck_web_bg.wasm") bytes)"
