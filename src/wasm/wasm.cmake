# The WebAssembly module, in two variants built from the same sources (included under EMSCRIPTEN by the
# top-level CMakeLists.txt, after it defined vg_core):
#   vg_engine         -msimd128 -msse2: Eigen's SSE path, lowered by Emscripten to WASM SIMD, except
#                     the dense layers' products, which run src/core/gemm_wasm.h (see matmul.h)
#   vg_engine_nosimd  plain WASM, for browsers without SIMD
# The core compiles once per variant: vg_core and vg_theory are the SIMD libraries, vg_core_nosimd and
# vg_theory_nosimd second libraries made from their own source lists. Output: web/generated/<name>.{js,wasm}.

set(VG_WASM_OUTPUT_DIR "${CMAKE_CURRENT_SOURCE_DIR}/web/generated" CACHE PATH "Where the WASM module is written")
option(VG_WASM_DEBUG "Debug modules: runtime assertions, names and DWARF (./build-wasm.sh build --wasm-debug)" OFF)
if(VG_WASM_DEBUG)
  set(VG_WASM_OPTIMIZE -O1 -g)
  set(VG_WASM_DEBUG_LINK_FLAGS -sASSERTIONS=2)
else()
  set(VG_WASM_OPTIMIZE -O3)
  set(VG_WASM_DEBUG_LINK_FLAGS)
endif()
set(VG_WASM_SIMD_FLAGS -msimd128 -msse2)

# Flags in arrays, one reason each.
set(VG_WASM_LINK_FLAGS
  --bind                          # embind (src/wasm/bindings.cpp)
  -sMODULARIZE=1                  # a factory: createVgModule({ wasmBinary? }) -> Promise<Module>
  -sEXPORT_ES6=1                  # loaded with import() from a module worker and from node tests
  -sEXPORT_NAME=createVgModule
  -sENVIRONMENT=web,worker,node
  -sALLOW_MEMORY_GROWTH=1
  -sMAXIMUM_MEMORY=256MB          # the page's budget; validate() refuses configs that would not fit
  -sABORTING_MALLOC=1             # a failed allocation aborts as "OOM": the worker reports it and restarts
  -sDYNAMIC_EXECUTION=0           # no eval/new Function: runs under a CSP without 'unsafe-eval'
  -sFILESYSTEM=0                  # the core reads no files (the digits are compiled in)
  -sNODEJS_CATCH_EXIT=0           # a library: leave node's own exception and rejection handling alone
  -sNODEJS_CATCH_REJECTION=0
  -sINCOMING_MODULE_JS_API=wasmBinary,locateFile,instantiateWasm,onAbort,print,printErr
)

get_target_property(VG_CORE_SOURCE_LIST vg_core SOURCES)
add_library(vg_core_nosimd STATIC ${VG_CORE_SOURCE_LIST})
add_dependencies(vg_core_nosimd vg_digits_data)
target_include_directories(vg_core_nosimd PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/src/core)
target_link_libraries(vg_core_nosimd PUBLIC Eigen3::Eigen)
target_compile_options(vg_core_nosimd PRIVATE -Wall -Wextra)
get_target_property(VG_THEORY_SOURCE_LIST vg_theory SOURCES)
add_library(vg_theory_nosimd STATIC ${VG_THEORY_SOURCE_LIST})
target_link_libraries(vg_theory_nosimd PUBLIC vg_core_nosimd)
target_compile_options(vg_theory_nosimd PRIVATE -Wall -Wextra)

# One module: its core and theory libraries, its compile flags (applied to both and to the bindings
# alike: PUBLIC on the core, which the theory links) and a define that lets bindings.cpp check at
# compile time that Eigen took the SSE path.
function(vg_add_wasm_module name core_library theory_library simd)
  set(compile_flags ${VG_WASM_OPTIMIZE})
  if(simd)
    list(APPEND compile_flags ${VG_WASM_SIMD_FLAGS})
  endif()
  target_compile_options(${core_library} PUBLIC ${compile_flags})

  add_executable(${name} ${CMAKE_CURRENT_SOURCE_DIR}/src/wasm/bindings.cpp ${CMAKE_CURRENT_SOURCE_DIR}/src/wasm/js_values.cpp
                         ${CMAKE_CURRENT_SOURCE_DIR}/src/wasm/memory_budget.cpp)
  target_link_libraries(${name} PRIVATE ${theory_library})
  target_compile_options(${name} PRIVATE -Wall -Wextra)
  if(simd)
    target_compile_definitions(${name} PRIVATE VG_WASM_EXPECT_SSE2=1)
  endif()
  target_link_options(${name} PRIVATE ${compile_flags} ${VG_WASM_LINK_FLAGS} ${VG_WASM_DEBUG_LINK_FLAGS})
  set_target_properties(${name} PROPERTIES
    SUFFIX ".js"
    RUNTIME_OUTPUT_DIRECTORY "${VG_WASM_OUTPUT_DIR}")
endfunction()

vg_add_wasm_module(vg_engine vg_core vg_theory TRUE)
vg_add_wasm_module(vg_engine_nosimd vg_core_nosimd vg_theory_nosimd FALSE)

# The WASM SIMD kernel's own test (tests/wasm/matmul_wasm_test.cpp): a node program built with the SIMD
# core's flags, run by tests/node/matmul-wasm.test.js from build/wasm/.
add_executable(matmul_wasm_test ${CMAKE_CURRENT_SOURCE_DIR}/tests/wasm/matmul_wasm_test.cpp)
target_link_libraries(matmul_wasm_test PRIVATE vg_core)
target_compile_options(matmul_wasm_test PRIVATE -Wall -Wextra)
target_link_options(matmul_wasm_test PRIVATE ${VG_WASM_OPTIMIZE} ${VG_WASM_SIMD_FLAGS}
  -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 -sEXIT_RUNTIME=1
  -sWASM_ASYNC_COMPILATION=0)  # node 20 has fetch(), which 3.1.6 would try on a file path
set_target_properties(matmul_wasm_test PROPERTIES SUFFIX ".cjs" RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}")
