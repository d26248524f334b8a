# How other projects consume lexgate:
#  - installed: find_package(lexgate) (lexgateConfig.cmake) or pkg-config
#    (lexgate.pc), with the headers, the libraries and the shipped packs;
#  - from a build tree: find_package(lexgate) with lexgate_DIR pointing at
#    it (export() below);
#  - add_subdirectory() / FetchContent: the targets lexgate::lexgate and
#    lexgate::lexgate_static (lib/CMakeLists.txt), tests and install rules
#    off by default (LEXGATE_IS_TOP_LEVEL).
include(CMakePackageConfigHelpers)

set(LEXGATE_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/lexgate")

# One config file for the install and the build tree: it finds the targets
# files and FindHyperscan.cmake beside itself.
configure_package_config_file(cmake/lexgateConfig.cmake.in
  "${PROJECT_BINARY_DIR}/lexgateConfig.cmake"
  INSTALL_DESTINATION "${LEXGATE_CMAKE_INSTALL_DIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/lexgateConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)

# --- the build tree -------------------------------------------------------
export(TARGETS lexgate_shared NAMESPACE lexgate::
       FILE "${PROJECT_BINARY_DIR}/lexgateTargets.cmake")
export(TARGETS lexgate_static NAMESPACE lexgate::
       FILE "${PROJECT_BINARY_DIR}/lexgateStaticTargets.cmake")
configure_file(cmake/FindHyperscan.cmake
               "${PROJECT_BINARY_DIR}/FindHyperscan.cmake" COPYONLY)

# --- pkg-config -----------------------------------------------------------
# The prefix is found from the .pc file's own place (${pcfiledir}), so that
# an install with `cmake --install --prefix` elsewhere, or a moved install
# tree, still points at its own headers and libraries.
file(RELATIVE_PATH LEXGATE_PC_UP "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig"
     "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" LEXGATE_PC_UP "${LEXGATE_PC_UP}")
set(LEXGATE_PC_PREFIX "\${pcfiledir}/${LEXGATE_PC_UP}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(LEXGATE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
endif()
# Absolute install dirs may be given (-DCMAKE_INSTALL_LIBDIR=/opt/lib).
foreach(dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
    set(LEXGATE_PC_${dir} "${CMAKE_INSTALL_${dir}}")
  else()
    set(LEXGATE_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
set(LEXGATE_PC_DL "")
if(CMAKE_DL_LIBS)
  set(LEXGATE_PC_DL "-l${CMAKE_DL_LIBS}")
endif()
configure_file(cmake/lexgate.pc.in "${PROJECT_BINARY_DIR}/lexgate.pc" @ONLY)

if(NOT LEXGATE_INSTALL)
  return()
endif()

# --- the install ----------------------------------------------------------
install(DIRECTORY include/lexgate DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES "${LEXGATE_GENERATED_INCLUDE_DIR}/lexgate/version.h"
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/lexgate)
install(DIRECTORY rules/ DESTINATION ${LEXGATE_INSTALL_RULES_DIR}
        FILES_MATCHING PATTERN "*.toml" PATTERN "*.txt" PATTERN "*.md")
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/lexgate)
install(EXPORT lexgateTargets NAMESPACE lexgate::
        DESTINATION "${LEXGATE_CMAKE_INSTALL_DIR}")
install(EXPORT lexgateStaticTargets NAMESPACE lexgate::
        DESTINATION "${LEXGATE_CMAKE_INSTALL_DIR}")
install(FILES
  "${PROJECT_BINARY_DIR}/lexgateConfig.cmake"
  "${PROJECT_BINARY_DIR}/lexgateConfigVersion.cmake"
  cmake/FindHyperscan.cmake
  DESTINATION "${LEXGATE_CMAKE_INSTALL_DIR}")
install(FILES "${PROJECT_BINARY_DIR}/lexgate.pc"
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
