#!/usr/bin/env bash
# Builds, serves and tests the vanishing-gradients article: the C++ core natively (CLI, Catch2 tests)
# and as WebAssembly (web/generated/), plus the vendored Chart.js and KaTeX (web/vendor/).
#
#   ./build-wasm.sh setup          install the missing Debian packages and the npm packages
#   ./build-wasm.sh build [--wasm-debug]
#                                  native build (build/native) + WASM build (build/wasm) + vendor copy;
#                                  --wasm-debug builds the module with -sASSERTIONS=2 -g (build/wasm-debug)
#   ./build-wasm.sh serve [port]   setup + build + dist, then serve dist/ on http://127.0.0.1:port/ (8080)
#   ./build-wasm.sh test [--only LABEL]
#                                  setup + build, then the CTest labels in turn: fast (Catch2 + JS unit tests),
#                                  wasm (the module in node), browser (headless Chromium), bench (smoke run);
#                                  --only fast builds the native side only (the inner loop, seconds)
#   ./build-wasm.sh dist           setup + build, then dist/: the static site and dist/vanishing-gradients.html (one self-contained file)
#   ./build-wasm.sh bench [flags]  setup + build, the `slow` ctest tests (every preset on 32 seeds), then the benchmark (tests/bench/bench.sh; --smoke, --no-page)
#   ./build-wasm.sh mutation [--only TEXT]
#                                  setup, then the mutation check (tests/mutation/): each deliberate bug in a copy
#                                  of the core under build/mutation/ must fail the Catch2 tests; prints caught/total
#
# Each subcommand is one function named cmd_<name>; adding a subcommand is adding a function.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO_ROOT
readonly NATIVE_BUILD_DIR="$REPO_ROOT/build/native"
readonly WASM_BUILD_DIR="$REPO_ROOT/build/wasm"
readonly WEB_DIR="$REPO_ROOT/web"
readonly VENDOR_DIR="$WEB_DIR/vendor"
readonly DIST_DIR="$REPO_ROOT/dist"
readonly JOBS=2  # the build machines have 2 cores, often shared

# fonts-nanum: Korean glyphs for the headless screenshots the browser tests save.
readonly DEBIAN_PACKAGES=(emscripten libeigen3-dev catch2 nlohmann-json3-dev chromium fonts-nanum python3-sklearn cmake g++)

cd "$REPO_ROOT"

# Echo a command, then run it.
run() {
  echo "+ $*" >&2
  "$@"
}

section() {
  echo
  echo "==== $* ===="
}

# ---- setup ------------------------------------------------------------------------------------------

missing_debian_packages() {
  local package
  for package in "${DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      echo "$package"
    fi
  done
  # node and npm may come from elsewhere (e.g. NodeSource); Debian's are installed only if absent.
  command -v node >/dev/null || echo nodejs
  command -v npm >/dev/null || echo npm
}

install_debian_packages() {
  local missing
  mapfile -t missing < <(missing_debian_packages)
  if ((${#missing[@]} == 0)); then
    echo "Debian packages: all present"
    return
  fi
  local sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  run "${sudo[@]}" apt-get update
  run "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# npm ci when node_modules is missing or older than package-lock.json (npm writes
# node_modules/.package-lock.json on every install).
install_npm_packages() {
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    run npm ci --no-audit --no-fund
  else
    echo "npm packages: up to date with package-lock.json"
  fi
}

cmd_setup() {
  section "setup"
  install_debian_packages
  install_npm_packages
}

# ---- build ------------------------------------------------------------------------------------------

build_native() {
  section "native build ($NATIVE_BUILD_DIR)"
  run cmake -S . -B "$NATIVE_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
  run cmake --build "$NATIVE_BUILD_DIR" -j "$JOBS"
}

# build_wasm [debug]: the release modules (build/wasm), or with `debug` the same modules built with
# -sASSERTIONS=2 -g (build/wasm-debug), both into web/generated/. A marker file says a debug module is
# there, so the next release build relinks rather than trusting the newer timestamps.
build_wasm() {
  local variant="${1:-release}"
  local build_dir="$WASM_BUILD_DIR" cmake_flags=(-DCMAKE_BUILD_TYPE=Release)
  local debug_marker="$WEB_DIR/generated/.wasm-debug"
  if [[ "$variant" == debug ]]; then
    build_dir="$WASM_BUILD_DIR-debug"
    cmake_flags=(-DCMAKE_BUILD_TYPE=Debug -DVG_WASM_DEBUG=ON)
  fi
  section "WASM build, $variant ($build_dir -> web/generated/)"
  # Debian's emcc needs its node modules on NODE_PATH.
  export NODE_PATH=/usr/share/nodejs
  if [[ "$variant" == release && -f "$debug_marker" ]]; then
    run rm -f "$debug_marker" "$WEB_DIR"/generated/vg_engine*.js "$WEB_DIR"/generated/vg_engine*.wasm
  fi
  run emcmake cmake -S . -B "$build_dir" "${cmake_flags[@]}"
  run cmake --build "$build_dir" -j "$JOBS"
  if [[ "$variant" == debug ]]; then touch "$debug_marker"; fi
}

# Chart.js and KaTeX from node_modules, so the page works offline with no CDN.
copy_vendor_files() {
  section "vendor copy (web/vendor/)"
  local katex_dist=node_modules/katex/dist
  run mkdir -p "$VENDOR_DIR/katex/fonts" "$VENDOR_DIR/katex/contrib"
  run cp node_modules/chart.js/dist/chart.umd.js "$VENDOR_DIR/chart.umd.js"
  run cp "$katex_dist/katex.min.js" "$katex_dist/katex.min.css" "$VENDOR_DIR/katex/"
  run cp "$katex_dist/contrib/auto-render.min.js" "$VENDOR_DIR/katex/contrib/"
  # katex.min.css lists woff2 first for every face; every browser that runs WASM reads woff2.
  run cp "$katex_dist"/fonts/*.woff2 "$VENDOR_DIR/katex/fonts/"
}

cmd_build() {
  local variant=release
  if (($# > 0)); then
    if [[ "$1" != --wasm-debug || $# -ne 1 ]]; then
      echo "usage: ./build-wasm.sh build [--wasm-debug]" >&2
      exit 2
    fi
    variant=debug
  fi
  build_native
  build_wasm "$variant"
  copy_vendor_files
  section "built"
  ls -l web/generated/
}

# ---- serve ------------------------------------------------------------------------------------------

cmd_serve() {
  local port="${1:-8080}"
  if [[ ! "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
    echo "serve: port must be a number in 1..65535, got '$port'" >&2
    exit 2
  fi
  cmd_setup
  cmd_build
  build_dist
  section "serve"
  # dist/ is what readers get (minified); `python3 -m http.server -d web` serves the sources while editing.
  echo "The article: http://127.0.0.1:$port/  (Ctrl-C stops the server)"
  run exec python3 -m http.server --bind 127.0.0.1 --directory "$DIST_DIR" "$port"
}

# ---- test -------------------------------------------------------------------------------------------

# Runs one test stage, records its result and keeps going, so the summary covers every stage.
TEST_RESULTS=()
TEST_FAILED=0
run_test_stage() {
  local name="$1"
  shift
  section "test: $name"
  if run "$@"; then
    TEST_RESULTS+=("PASS  $name")
  else
    TEST_RESULTS+=("FAIL  $name")
    TEST_FAILED=1
  fi
}

# The CTest labels (CMakeLists.txt), in the order `test` runs them, and what each needs built.
readonly TEST_LABELS=(fast wasm browser bench)
declare -A TEST_LABEL_TITLES=(
  [fast]="native (Catch2) and JS unit tests"
  [wasm]="node (tests/node, the WASM module)"
  [browser]="browser (tests/e2e)"
  [bench]="benchmark smoke run (tests/bench)"
)

# A suite whose files went missing is a failure, not a pass of nothing.
require_test_files() {
  local directory
  for directory in tests/unit tests/node tests/e2e; do
    if ! compgen -G "$directory/*.test.js" >/dev/null && ! compgen -G "$directory/*.test.mjs" >/dev/null; then
      echo "$directory has no *.test.js or *.test.mjs files" >&2
      return 1
    fi
  done
}

# One label's tests through CTest. The fast ones run two at a time and speak only on failure; the
# others run alone and print everything (the browser suite's figures, the benchmark's table).
run_label() {
  local label="$1"
  if [[ "$label" == fast ]]; then
    ctest --test-dir "$NATIVE_BUILD_DIR" --output-on-failure -j "$JOBS" -L '^fast$'
  else
    ctest --test-dir "$NATIVE_BUILD_DIR" --verbose -L "^$label\$"
  fi
}

# test [--only LABEL]: every label in turn, or one (fast needs the native build only: the inner loop).
cmd_test() {
  local only=""
  if (($# > 0)); then
    if [[ "$1" != --only || $# -ne 2 || -z "${TEST_LABEL_TITLES[$2]+set}" ]]; then
      echo "usage: ./build-wasm.sh test [--only ${TEST_LABELS[*]// /|}]" >&2
      exit 2
    fi
    only="$2"
  fi
  cmd_setup
  require_test_files
  if [[ "$only" == fast ]]; then
    build_native
  else
    cmd_build
  fi
  local label
  for label in "${TEST_LABELS[@]}"; do
    if [[ -n "$only" && "$label" != "$only" ]]; then continue; fi
    run_test_stage "${TEST_LABEL_TITLES[$label]} [ctest -L $label]" run_label "$label"
  done
  section "summary"
  printf '%s\n' "${TEST_RESULTS[@]}"
  local passed failed
  passed=$(printf '%s\n' "${TEST_RESULTS[@]}" | grep -c '^PASS' || true)
  failed=$(printf '%s\n' "${TEST_RESULTS[@]}" | grep -c '^FAIL' || true)
  if ((TEST_FAILED)); then
    echo "Some tests FAILED."
  else
    echo "All tests passed."
  fi
  echo "stages: $passed passed, $failed failed"
  ((TEST_FAILED == 0))
}

# ---- dist -------------------------------------------------------------------------------------------

build_dist() {
  section "dist ($DIST_DIR)"
  run node web/tools/build-dist.mjs --out "$DIST_DIR"
}

cmd_dist() {
  cmd_setup
  cmd_build
  build_dist
}

# ---- bench ------------------------------------------------------------------------------------------

cmd_bench() {
  cmd_setup
  cmd_build
  build_dist
  section "slow tests (ctest -L slow: every preset on 32 seeds)"
  run ctest --test-dir "$NATIVE_BUILD_DIR" --output-on-failure -L slow
  section "bench"
  # The page figures measure the site readers get.
  VG_E2E_WEB_ROOT="$DIST_DIR" run tests/bench/bench.sh "$@"
}

# ---- mutation ---------------------------------------------------------------------------------------

# Not part of `test`: it rebuilds a copy of the core once per mutant (minutes on 2 cores).
cmd_mutation() {
  cmd_setup
  section "mutation check (tests/mutation)"
  run node tests/mutation/run.mjs "$@"
}

# ---- dispatch ---------------------------------------------------------------------------------------

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
  echo "Subcommands: $(declare -F | awk '$3 ~ /^cmd_/ { sub(/^cmd_/, "", $3); printf "%s ", $3 }')"
}

main() {
  local subcommand="${1:-}"
  if [[ -z "$subcommand" ]] || ! declare -F "cmd_$subcommand" >/dev/null; then
    usage >&2
    exit 2
  fi
  shift
  "cmd_$subcommand" "$@"
}

main "$@"
