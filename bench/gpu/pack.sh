#!/usr/bin/env bash
# Builds .device/ (git-ignored): everything bench/gpu/run.sh needs on a GPU machine that has no
# npm and no node — an xz copy of this machine's node, an esbuild bundle of the bench, the wasm
# binaries, the `webgpu` package's linux-x64 Dawn addon (xz) and a Vulkan loader in case the
# machine has none. Run from the repository root:  bash bench/gpu/pack.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=.device
rm -rf "$OUT/bench" "$OUT/lib"   # (node.xz and gl/ are kept)
mkdir -p "$OUT/bench/wasm" "$OUT/bench/node_modules/webgpu/dist/linux-x64" "$OUT/lib"

# 1. node itself (dynamically linked only against glibc/libstdc++), compressed.
if [ ! -f "$OUT/node.xz" ] || [ "$(command -v node)" -nt "$OUT/node.xz" ]; then
  xz -T0 -6 -c "$(readlink -f "$(command -v node)")" > "$OUT/node.xz"
fi

# 2. the bench as one ESM file; `webgpu` stays external (it loads its native addon by path).
node_modules/.bin/esbuild bench/run.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$OUT/bench/bench.mjs" --external:webgpu --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'module'; import { fileURLToPath as __fu } from 'url'; import { dirname as __dn } from 'path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);"

# 3. tfjs-backend-wasm binaries (found through LAB_WASM_PATHS).
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$OUT/bench/wasm/"

# 4. the webgpu package: its loader and the linux-x64 Dawn addon (xz: 21 MB → ~6 MB).
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$OUT/bench/node_modules/webgpu/"
xz -T0 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > "$OUT/bench/node_modules/webgpu/dist/linux-x64/dawn.node.xz"

# 5. Vulkan loader + glvnd as Debian packages (the device README's recipe; run.sh dpkg -x's them on a
#    GPU machine that lacks libvulkan.so.1), and Chromium's loader as a last resort.
if [ ! -d "$OUT/gl" ] || ! ls "$OUT"/gl/*.deb >/dev/null 2>&1; then
  mkdir -p "$OUT/gl" /tmp/lab-apt-amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/lab-apt-amd64'
  (apt-get $o update >/dev/null 2>&1 && cd "$OUT/gl" && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 >/dev/null 2>&1) \
    || echo "pack.sh: could not download the Vulkan/glvnd .debs (continuing without them)" >&2
fi
if [ -f /usr/lib/chromium/libvulkan.so.1 ]; then cp /usr/lib/chromium/libvulkan.so.1 "$OUT/lib/"; fi

du -sh "$OUT"/* "$OUT"/bench/* | sed 's/^/  /'
echo "packed $OUT (carry it: run(carry=['.device']))"
