// The native side of lexgate.inventory: the library's keyword inventory
// (lexgate/inventory.h) and filing form (lexgate/filing_form.h), so that
// Python counts, writes JSON and builds packs exactly as lexgate-filter does.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_INVENTORY_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_INVENTORY_H_

#include <pybind11/pybind11.h>

namespace lexgate_python {

// Adds inventory_json, inventory_diff_json, filing_rows, parse_filing_csv,
// filing_pack_toml, packs and risk_of to the module.
void RegisterInventory(pybind11::module_& m);

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_INVENTORY_H_
