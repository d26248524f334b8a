#include "options.h"

#include <string>

namespace lexgate_python {
namespace {

struct Switch {
  const char* name;
  bool lexgate::NormalizeOptions::*field;
};

constexpr Switch kSwitches[] = {
    {"nfkc_casefold", &lexgate::NormalizeOptions::nfkc_casefold},
    {"drop_ignorables", &lexgate::NormalizeOptions::drop_ignorables},
    {"traditional_to_simplified",
     &lexgate::NormalizeOptions::traditional_to_simplified},
    {"lookalikes", &lexgate::NormalizeOptions::lookalikes},
    {"strip_diacritics", &lexgate::NormalizeOptions::strip_diacritics},
    {"drop_cjk_noise", &lexgate::NormalizeOptions::drop_cjk_noise},
    {"join_spaced_letters", &lexgate::NormalizeOptions::join_spaced_letters},
};

}  // namespace

py::dict OptionsToDict(const lexgate::NormalizeOptions& options) {
  py::dict out;
  for (const Switch& s : kSwitches) out[s.name] = py::bool_(options.*s.field);
  return out;
}

lexgate::NormalizeOptions OptionsFromDict(const py::dict& options) {
  lexgate::NormalizeOptions out;
  for (auto [key, value] : options) {
    const std::string name = py::cast<std::string>(key);
    const Switch* found = nullptr;
    for (const Switch& s : kSwitches) {
      if (name == s.name) found = &s;
    }
    if (found == nullptr) {
      throw py::type_error("unknown normalization option '" + name + "'");
    }
    out.*(found->field) = py::cast<bool>(value);
  }
  return out;
}

}  // namespace lexgate_python
