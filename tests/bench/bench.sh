#!/usr/bin/env bash
# The benchmark of issue 5 (tests/bench/README.md): this core natively, as WASM in node and in the
# page, TensorFlow.js and ConvNetJS on workloads W1-W4, plus the matrix-product rooflines and the page
# figures. Prints one table, writes tests/bench/results.json and regenerates the README's benchmark block.
#   tests/bench/bench.sh            the full run (several minutes; the machine should be idle)
#   tests/bench/bench.sh --smoke    a few seconds per engine: checks that everything still works
#   tests/bench/bench.sh --no-page  skips the headless-Chromium page figures
#   tests/bench/bench.sh --lighthouse-only   only the Lighthouse and throttled-playground stage (issue 11,
#                                   dist/ must be built: ./build-wasm.sh dist); merges into results.json
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$bench_dir/../.." && pwd)
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}  # Debian's emcc needs it

native_build_dir=$repo_dir/build/native       # build-wasm.sh's native build (default flags)
march_build_dir=$repo_dir/build/bench-march   # the same with -march=native
roofline_build_dir=$repo_dir/build/bench-wasm # the WASM roofline (wasm/CMakeLists.txt)

run() {
  echo "+ $*" >&2
  "$@"
}

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

smoke=false
with_page=true
lighthouse_only=false
for arg in "$@"; do
  case $arg in
    --smoke) smoke=true ;;
    --no-page) with_page=false ;;
    --lighthouse-only) lighthouse_only=true ;;
    *) usage; exit 2 ;;
  esac
done
timing_flags=()
if $smoke; then timing_flags=(--smoke); fi

build_native() {
  local build_dir=$1
  shift
  run cmake -S "$repo_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  run cmake --build "$build_dir" -j2 --target vg-bench >/dev/null
}

build_roofline_wasm() {
  run emcmake cmake -S "$bench_dir/wasm" -B "$roofline_build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
  run cmake --build "$roofline_build_dir" -j2 >/dev/null
}

install_node_deps() {
  if [[ ! -d $bench_dir/node_modules/@tensorflow/tfjs-backend-wasm || ! -d $bench_dir/node_modules/convnetjs \
        || ! -d $bench_dir/node_modules/lighthouse ]]; then
    run npm ci --prefix "$bench_dir" --no-audit --no-fund >&2
  fi
}

require_engine_module() {
  local file
  for file in vg_engine.js vg_engine.wasm vg_engine_nosimd.js vg_engine_nosimd.wasm; do
    if [[ ! -f $repo_dir/web/generated/$file ]]; then
      echo "bench.sh: web/generated/$file is missing: run ./build-wasm.sh build first" >&2
      exit 1
    fi
  done
}

# Each engine appends its JSON lines to $lines (stdout); progress and errors go to stderr.
bench_native() {
  run "$native_build_dir/tests/bench/vg-bench" "${timing_flags[@]}" --engine native >>"$lines"
  if ! $smoke; then
    run "$march_build_dir/tests/bench/vg-bench" --engine native-march >>"$lines"
    # What telemetry costs when measured at every step instead of once per step(n) call.
    run "$native_build_dir/tests/bench/vg-bench" --engine native-telemetry-every-step --telemetry-every 1 \
      --no-roofline >>"$lines"
  fi
}

bench_node() {
  local script
  for script in bench_wasm_node.mjs bench_tfjs.mjs bench_convnetjs.mjs; do
    run node "$bench_dir/$script" "${timing_flags[@]}" >>"$lines"
  done
}

# Issue 16's WASM ÷ native figure, from rounds that alternate the two (wasm_ratio.mjs): the table's
# native and WASM stages run minutes apart, and on a shared machine their ratio swings with the load.
bench_ratio() {
  local rounds=(--rounds 3 --runs 3)
  if $smoke; then rounds=(--rounds 1 --only W1); fi
  run node "$bench_dir/wasm_ratio.mjs" "${timing_flags[@]}" "${rounds[@]}" >>"$lines"
}

bench_page() {
  run node "$bench_dir/page_figures.mjs" "${timing_flags[@]}" >>"$lines"
  run node "$bench_dir/multirun_figures.mjs" "${timing_flags[@]}" >>"$lines"
}

# Issue 11: Lighthouse on dist/ (mobile and desktop presets) and the playground's frames/s at 4x CPU
# throttling; each merges its own key into results.json.
bench_phone() {
  if [[ ! -f $repo_dir/dist/index.html ]]; then
    echo "bench.sh: dist/index.html is missing: run ./build-wasm.sh dist first" >&2
    exit 1
  fi
  run node "$bench_dir/lighthouse.mjs" --out "$bench_dir/results.json"
  run node "$bench_dir/throttled_fps.mjs" --out "$bench_dir/results.json"
  run node "$bench_dir/phone_report.mjs" --results "$bench_dir/results.json" --readme "$repo_dir/README.md"
}

main() {
  if $lighthouse_only; then
    install_node_deps
    bench_phone
    return
  fi
  require_engine_module
  install_node_deps
  build_native "$native_build_dir"
  if ! $smoke; then build_native "$march_build_dir" -DVG_MARCH_NATIVE=ON; fi
  build_roofline_wasm

  lines=$(mktemp --suffix=.jsonl)
  trap 'rm -f "$lines"' EXIT
  # The load before the first engine runs (report.mjs adds the load at the end).
  read -r load1 load5 load15 _ </proc/loadavg
  echo "{\"kind\": \"machine\", \"loadavg\": [$load1, $load5, $load15]}" >>"$lines"
  bench_native
  bench_node
  bench_ratio
  if $with_page; then bench_page; fi

  if $smoke; then
    run node "$bench_dir/report.mjs" "$lines" --smoke
  else
    run node "$bench_dir/report.mjs" "$lines" --out "$bench_dir/results.json" --readme "$repo_dir/README.md"
    if $with_page; then bench_phone; fi
  fi
}

main
