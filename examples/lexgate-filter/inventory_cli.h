// `lexgate-filter inventory`: the keyword inventory of rule packs per
// GB/T 45654 Appendix A risk against the published thresholds (table, JSON
// or the filing form as CSV), a diff of two rule paths, and the import of a
// filing-form CSV into a pack. The counting is the library's
// (lexgate/inventory.h, lexgate/filing_form.h); this file parses the
// command line and prints.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_INVENTORY_CLI_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_INVENTORY_CLI_H_

#include <string>

namespace lexgate_filter {

// Runs `inventory` with the arguments after the word (argv[0] is
// "inventory"). Exit status: 0 every threshold met (a diff: no change; an
// export or import: done), 1 a threshold missed (a diff: keywords added or
// removed), 2 an error (usage, rules, files), printed on stderr.
int RunInventory(int argc, const char* const* argv);

// The `inventory --help` text.
std::string InventoryUsage();

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_INVENTORY_CLI_H_
