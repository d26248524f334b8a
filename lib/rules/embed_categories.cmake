# Writes lib/rules/categories_data.inc, the copy of rules/categories.toml
# that is compiled into the library (Taxonomy::Shipped()). Run from anywhere
# after editing rules/categories.toml:
#
#   cmake -P lib/rules/embed_categories.cmake
#
# rules_test (TaxonomyTest.CompiledCopyMatchesRulesCategoriesToml) fails
# while the two differ. SOURCE and OUTPUT may be given with -D.
cmake_minimum_required(VERSION 3.20)
get_filename_component(root "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
if(NOT DEFINED SOURCE)
  set(SOURCE "${root}/rules/categories.toml")
endif()
if(NOT DEFINED OUTPUT)
  set(OUTPUT "${root}/lib/rules/categories_data.inc")
endif()

file(READ "${SOURCE}" text)
set(delimiter "lexgate_toml")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${SOURCE} contains the raw string delimiter")
endif()
file(WRITE "${OUTPUT}"
"// Generated from rules/categories.toml by lib/rules/embed_categories.cmake.
// Do not edit: change rules/categories.toml and run
//   cmake -P lib/rules/embed_categories.cmake
// Included once, by taxonomy.cc; the text keeps the file's line numbers.
constexpr char kShippedCategoriesPath[] = \"rules/categories.toml\";
constexpr char kShippedCategoriesToml[] = R\"${delimiter}(${text})${delimiter}\";
")
