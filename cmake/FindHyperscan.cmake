# Finds Hyperscan or its portable fork Vectorscan (same API, same pkg-config
# name `libhs`). Defines the imported target Hyperscan::hs, whose include
# directory is the one that holds hs/hs.h: lexgate includes <hs/hs.h>.
#
# A custom prefix is found through pkg-config (PKG_CONFIG_PATH) or
# CMAKE_PREFIX_PATH / Hyperscan_ROOT. libhs.pc's Cflags name
# <prefix>/include/hs, so the pkg-config include directories are searched
# for hs/hs.h both as they are and one level up.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_HS QUIET libhs)
endif()

set(_hs_include_hints ${PC_HS_INCLUDEDIR})
foreach(dir IN LISTS PC_HS_INCLUDE_DIRS)
  get_filename_component(_hs_parent "${dir}" DIRECTORY)
  list(APPEND _hs_include_hints "${dir}" "${_hs_parent}")
endforeach()

find_path(Hyperscan_INCLUDE_DIR hs/hs.h HINTS ${_hs_include_hints})
find_library(Hyperscan_LIBRARY NAMES hs
  HINTS ${PC_HS_LIBDIR} ${PC_HS_LIBRARY_DIRS})
unset(_hs_include_hints)
unset(_hs_parent)

# The version: pkg-config's, else the header's.
set(Hyperscan_VERSION "${PC_HS_VERSION}")
if(NOT Hyperscan_VERSION AND Hyperscan_INCLUDE_DIR
   AND EXISTS "${Hyperscan_INCLUDE_DIR}/hs/hs.h")
  file(STRINGS "${Hyperscan_INCLUDE_DIR}/hs/hs.h" _hs_version_lines
       REGEX "#define HS_(MAJOR|MINOR|PATCH) ")
  foreach(part MAJOR MINOR PATCH)
    string(REGEX REPLACE ".*#define HS_${part} +([0-9]+).*" "\\1"
           _hs_${part} "${_hs_version_lines}")
  endforeach()
  set(Hyperscan_VERSION "${_hs_MAJOR}.${_hs_MINOR}.${_hs_PATCH}")
  unset(_hs_version_lines)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Hyperscan
  REQUIRED_VARS Hyperscan_LIBRARY Hyperscan_INCLUDE_DIR
  VERSION_VAR Hyperscan_VERSION)

if(Hyperscan_FOUND AND NOT TARGET Hyperscan::hs)
  add_library(Hyperscan::hs UNKNOWN IMPORTED)
  set_target_properties(Hyperscan::hs PROPERTIES
    IMPORTED_LOCATION "${Hyperscan_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Hyperscan_INCLUDE_DIR}")
endif()
mark_as_advanced(Hyperscan_INCLUDE_DIR Hyperscan_LIBRARY)
