# Writes a C++ source file that defines ShippedCategoriesToml() and
# ShippedCategoriesPath() (lib/rules/shipped_categories.h) from the text of
# rules/categories.toml. lib/CMakeLists.txt runs it at build time whenever the
# file changes:
#
#   cmake -DSOURCE=rules/categories.toml -DOUTPUT=<build>/categories_data.cc \
#         -P lib/rules/embed_categories.cmake
cmake_minimum_required(VERSION 3.20)
if(NOT DEFINED SOURCE OR NOT DEFINED OUTPUT)
  message(FATAL_ERROR "embed_categories.cmake needs -DSOURCE= and -DOUTPUT=")
endif()

file(READ "${SOURCE}" text)
# The text goes into a raw string literal: it must not contain the literal's
# end.
set(delimiter "lexgate_toml")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${SOURCE} contains the raw string delimiter")
endif()
file(WRITE "${OUTPUT}"
"// Generated from rules/categories.toml by lib/rules/embed_categories.cmake
// at build time. Do not edit: change rules/categories.toml.
#include \"rules/shipped_categories.h\"

#include <string_view>

namespace lexgate::internal {

std::string_view ShippedCategoriesToml() {
  return R\"${delimiter}(${text})${delimiter}\";
}

std::string_view ShippedCategoriesPath() { return \"rules/categories.toml\"; }

}  // namespace lexgate::internal
")
