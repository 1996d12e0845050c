# Eigen 3.4.0 (Debian's libeigen3-dev) does not compile its SSE path under Emscripten: it includes the
# per-level *mmintrin.h headers instead of immintrin.h, and clang-as-GCC-4.2 takes the inline-asm
# min/max work-around meant for GCC < 6.3. Upstream 3.4.1 fixes both (commits 34780d8bd and 4be287026).
# This copies Eigen into the build tree at configure time, applies the same two edits to the copy and
# defines Eigen3::Eigen on it. A patch that does not apply stops the configure step.

set(VG_EIGEN_SOURCE_DIR "/usr/include/eigen3" CACHE PATH "Eigen 3.4 headers to copy and patch for the WASM build")
set(VG_EIGEN_PATCHED_DIR "${CMAKE_BINARY_DIR}/eigen3-patched")

if(NOT EXISTS "${VG_EIGEN_SOURCE_DIR}/Eigen/Core")
  message(FATAL_ERROR "Eigen not found at VG_EIGEN_SOURCE_DIR=${VG_EIGEN_SOURCE_DIR} (install libeigen3-dev)")
endif()

file(STRINGS "${VG_EIGEN_SOURCE_DIR}/Eigen/src/Core/util/Macros.h" vg_eigen_version_lines
     REGEX "^#define EIGEN_(WORLD|MAJOR|MINOR)_VERSION [0-9]+")
string(REGEX REPLACE ".*EIGEN_WORLD_VERSION ([0-9]+).*EIGEN_MAJOR_VERSION ([0-9]+).*EIGEN_MINOR_VERSION ([0-9]+).*"
       "\\1.\\2.\\3" vg_eigen_version "${vg_eigen_version_lines}")
if(NOT vg_eigen_version MATCHES "^3\\.4\\.")
  message(FATAL_ERROR "The WASM build expects Eigen 3.4.x, found '${vg_eigen_version}' in ${VG_EIGEN_SOURCE_DIR}")
endif()

set(vg_eigen_configure_header "Eigen/src/Core/util/ConfigureVectorization.h")
set(vg_eigen_sse_header "Eigen/src/Core/arch/SSE/PacketMath.h")

# Everything but the two patched headers is copied verbatim (file(COPY) keeps timestamps and skips
# files already up to date, so reconfiguring does not force a rebuild).
file(COPY "${VG_EIGEN_SOURCE_DIR}/Eigen" DESTINATION "${VG_EIGEN_PATCHED_DIR}"
     REGEX "/Core/util/ConfigureVectorization\\.h$" EXCLUDE
     REGEX "/Core/arch/SSE/PacketMath\\.h$" EXCLUDE)

# Writes `relative_path` from the source tree into the copy with every `old` text replaced by `new`.
# Fails unless the source holds `old` exactly `expected_count` times, or is already patched (3.4.1+).
function(vg_patch_eigen_header relative_path old new expected_count)
  set(source "${VG_EIGEN_SOURCE_DIR}/${relative_path}")
  file(READ "${source}" text)
  string(FIND "${text}" "${new}" already_patched)
  if(already_patched EQUAL -1)
    string(REPLACE "${old}" "" text_without "${text}")
    string(LENGTH "${text}" length_with)
    string(LENGTH "${text_without}" length_without)
    string(LENGTH "${old}" length_old)
    math(EXPR count "(${length_with} - ${length_without}) / ${length_old}")
    if(NOT count EQUAL expected_count)
      message(FATAL_ERROR "Eigen patch does not apply: expected ${expected_count} occurrences of "
                          "'${old}' in ${source}, found ${count}")
    endif()
    string(REPLACE "${old}" "${new}" text "${text}")
    message(STATUS "Eigen ${vg_eigen_version}: patched ${relative_path} (${count} edits)")
  else()
    message(STATUS "Eigen ${vg_eigen_version}: ${relative_path} already carries the fix")
  endif()
  # configure_file(COPYONLY) rewrites the output only when its content changes.
  set(staged "${CMAKE_BINARY_DIR}/eigen3-staging/${relative_path}")
  file(WRITE "${staged}" "${text}")
  configure_file("${staged}" "${VG_EIGEN_PATCHED_DIR}/${relative_path}" COPYONLY)
  set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${source}")
endfunction()

# 34780d8bd: under Emscripten include immintrin.h, as for ICC.
vg_patch_eigen_header("${vg_eigen_configure_header}"
  "#if EIGEN_COMP_ICC >= 1110\n"
  "#if EIGEN_COMP_ICC >= 1110 || EIGEN_COMP_EMSCRIPTEN\n"
  1)
# 4be287026: the inline-asm pmin/pmax work-around is for real GCC only (EIGEN_COMP_GNUC_STRICT is
# defined in 3.4.0's Macros.h and excludes clang and Emscripten).
vg_patch_eigen_header("${vg_eigen_sse_header}"
  "#if EIGEN_COMP_GNUC && EIGEN_COMP_GNUC < 63"
  "#if EIGEN_COMP_GNUC_STRICT && EIGEN_COMP_GNUC < 63"
  4)

add_library(Eigen3::Eigen INTERFACE IMPORTED)
set_target_properties(Eigen3::Eigen PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${VG_EIGEN_PATCHED_DIR}")
