// The native side of lexgate.RuleSet: packs loaded from files plus rules
// built in code, compiled into a PyEngine.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_RULE_SET_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_RULE_SET_H_

#include <pybind11/pybind11.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine.h"
#include "lexgate/rules.h"

namespace lexgate_python {

namespace py = pybind11;

// What RuleSet.add_keywords() / add_regex() pass down.
struct RuleSpec {
  std::string id;
  std::string category;
  std::string action = "mask";
  int severity = 3;
  std::vector<std::string> keywords;
  std::vector<std::string> regexes;
  std::string boundary = "auto";
  std::string validator = "none";
  // Unset: the mask; "" deletes the span.
  std::optional<std::string> replacement;
  std::string mask_char = "*";
  int mask_keep_first = 0;
  int mask_keep_last = 0;
  bool normalize = true;
  // The pack's spellings: "leet", "wildcards", "repeats".
  std::vector<std::string> variants;
  std::map<std::string, std::vector<std::string>> leet;
  std::string pinyin = "off";
  bool homophones = false;
  std::map<std::string, std::string> readings;
  int max_expansions = lexgate::Rule().max_expansions;
  // Co-occurrence: parts (each its alternative keywords), exclusions and
  // the window in characters (0: the whole text).
  std::vector<std::vector<std::string>> all_of;
  std::vector<std::string> none_of;
  int within = 0;
  // Where the rule was written (the Python caller), for error messages.
  std::string path;
  int line = 0;
};

// Thread safety: a RuleSet is not synchronised; compile() works on a copy,
// so it may run while the GIL is released.
class PyRuleSet {
 public:
  // Adds every pack in `paths` (files or directories); raises RuleError.
  void Load(const std::vector<std::string>& paths);
  // Raises RuleError when the set holds no rule (lexgate::RequireRules():
  // an engine of it would screen nothing); `paths` name it in the message.
  void RequireRules(const std::vector<std::string>& paths) const;
  // Raises ValueError for an unknown action/boundary/validator name and
  // RuleError for a rule RuleSet::Add() refuses or whose category is
  // neither shipped nor declared (with the packs' "did you mean" hint).
  void Add(const RuleSpec& spec);
  // Declares a category for rules built in code; RuleError on a malformed
  // code, an empty name or a clash with a category of the same code.
  void AddCategory(const std::string& code, const std::string& zh,
                   const std::string& en, const std::string& description,
                   const std::string& risk, const std::string& path, int line);
  PyEngine Compile(const py::dict& normalize_options, bool streaming) const;

  size_t size() const { return rules_.size(); }
  bool Contains(const std::string& id) const {
    return rules_.Find(id) != nullptr;
  }
  std::vector<std::string> Ids() const;
  std::vector<std::string> KeywordFiles() const {
    return rules_.KeywordFiles();
  }
  // The rules, for the inventory (inventory.h).
  const lexgate::RuleSet& rules() const { return rules_; }

 private:
  lexgate::RuleSet rules_;
};

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_RULE_SET_H_
