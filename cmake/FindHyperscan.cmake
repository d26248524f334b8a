# Finds Hyperscan or its portable fork Vectorscan (same API, same pkg-config
# name `libhs`). Defines the imported target Hyperscan::hs.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_HS QUIET libhs)
endif()

find_path(Hyperscan_INCLUDE_DIR hs.h
  HINTS ${PC_HS_INCLUDE_DIRS}
  PATH_SUFFIXES hs)
find_library(Hyperscan_LIBRARY NAMES hs
  HINTS ${PC_HS_LIBRARY_DIRS})
set(Hyperscan_VERSION "${PC_HS_VERSION}")

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
