#!/usr/bin/env bash
# The bench on a GPU machine with no npm/node: unpacks .device/ (built by bench/gpu/pack.sh and
# carried along), points Node's WebGPU (Dawn) at the NVIDIA Vulkan driver, and runs our engine on
# webgpu + wasm and the PyTorch peer on CUDA (python3 with torch, if present) in one invocation.
#   bash bench/gpu/run.sh [bench flags]     default: --backends webgpu,wasm --presets tiny,classroom --repeats 3
# Output: the bench table on stdout; with $OUT set (device tool), also $OUT/gpu-bench.txt and .json.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
D=$ROOT/.device
[ -f "$D/node.xz" ] && [ -f "$D/bench/bench.mjs" ] || { echo "run.sh: $D is missing or incomplete; run bash bench/gpu/pack.sh first" >&2; exit 2; }
W=$(mktemp -d /tmp/lab-gpu-bench.XXXX)
xz -dc "$D/node.xz" > "$W/node" && chmod +x "$W/node"
cp -r "$D/bench" "$W/bench"
xz -d "$W/bench/node_modules/webgpu/dist/linux-x64/dawn.node.xz"

# On a GPU machine without a Vulkan loader, install the carried Debian loader + glvnd packages
# (the device README's recipe: NVIDIA's Vulkan ICD lives in libGLX_nvidia.so.0, which needs glvnd).
if command -v nvidia-smi >/dev/null && [ "$(id -u)" = 0 ] && ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1' \
   && ls "$D"/gl/*.deb >/dev/null 2>&1; then
  for f in "$D"/gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
  echo "run.sh: installed the carried Vulkan loader and glvnd libraries" >&2
fi
for f in /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json /usr/share/glvnd/egl_vendor.d/10_nvidia.json; do
  [ -f "$f" ] && { export __EGL_VENDOR_LIBRARY_FILENAMES="$f"; break; }
done
# NVIDIA driver libraries mounted into containers (libGLX_nvidia.so.0, which the Vulkan ICD loads).
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  [ -d "$d" ] && export LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
done
ls /usr/local/nvidia/share/vulkan/icd.d /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null | sed 's/^/run.sh: icd: /' >&2
# Vulkan loader: the system's, else the carried one. Driver: NVIDIA's ICD file if there is one.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1'; then
  export LD_LIBRARY_PATH="$D/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "run.sh: no system libvulkan.so.1; using the carried loader" >&2
fi
for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json \
         /etc/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/icd.d/nvidia_icd.json; do
  if [ -f "$f" ]; then export VK_DRIVER_FILES="$f" VK_ICD_FILENAMES="$f"; echo "run.sh: Vulkan ICD $f" >&2; break; fi
done
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH="/usr/lib/chromium${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "run.sh: no NVIDIA ICD; SwiftShader (software) instead" >&2
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2

export LAB_BENCH_CHILD=1                      # no re-exec for SwiftShader
export LAB_WASM_PATHS="$W/bench/wasm/"
export LAB_PUBLIC="$ROOT/public"
export LAB_PEER_PY="$ROOT/bench/peer/peer.py"
# The peer needs a python3 with torch (on the GPU image: python3; on Debian: /usr/bin/python3).
LAB_PYTHON=/usr/bin/python3
for p in "$(command -v python3)" /usr/bin/python3; do
  if [ -x "$p" ] && "$p" -c 'import torch' 2>/dev/null; then LAB_PYTHON=$p; break; fi
done
export LAB_PYTHON
export PYTHONUNBUFFERED=1
echo "run.sh: node $("$W/node" --version), python $LAB_PYTHON" >&2

ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(--backends webgpu,wasm --presets tiny,classroom --repeats 3)
if [ -n "${OUT:-}" ]; then
  "$W/node" "$W/bench/bench.mjs" "${ARGS[@]}" --markdown --json-out "$OUT/gpu-bench.json" | tee "$OUT/gpu-bench.txt"
  rc=${PIPESTATUS[0]}
else
  "$W/node" "$W/bench/bench.mjs" "${ARGS[@]}"
  rc=$?
fi
rm -rf "$W"
exit $rc
