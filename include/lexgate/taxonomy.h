// The category taxonomy: the codes a rule's `category` may name, each with
// its Chinese and English names. The shipped taxonomy (rules/categories.toml)
// is compiled into the library; packs and taxonomy files declare more.
#ifndef LEXGATE_TAXONOMY_H_
#define LEXGATE_TAXONOMY_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "lexgate/rule.h"

namespace lexgate {

// A category of the taxonomy: what a rule is about, with a stable code that
// rules, reports and audits share, and names in Chinese and English.
struct Category {
  std::string code;         // written as a rule's `category`: "pii.phone"
  std::string zh;           // Chinese name: "电话号码"
  std::string en;           // English name: "Phone number"
  std::string description;  // optional
  SourceLocation location;  // where it was declared
  // The GB/T 45654-2025 Appendix A risk this category rolls up to: one of the
  // 31 risk codes "A.x.n" ("A.4.6" for personal information). Empty: the
  // risk of the nearest ancestor code ("pii" for "pii.phone"); an Appendix A
  // code ("A.1", "A.2.4") is its own risk and takes none. See RiskOf().
  // (Last, so that aggregate initialisers written before it still work.)
  std::string risk;
};

// True for the codes of GB/T 45654-2025 Appendix A: a group "A.1" .. "A.5"
// or a risk "A.x.n" (the shape only: the 31 risks are in the shipped
// taxonomy).
bool IsAppendixACode(std::string_view code);
// True for the shape of a risk, "A.x.n" (not a group).
bool IsAppendixARisk(std::string_view code);

// The Appendix A code that `code` rolls up to: `code` itself for an Appendix
// A code, else the `risk` of `code`'s category, else that of its nearest
// ancestor code (the code up to its last '.': "pii.cn.phone", "pii.cn",
// "pii"), found by `find` (nullptr: no such category). Empty when the chain
// reaches no risk. Taxonomy::RiskOf() and RuleSet::RiskOf() are this with
// their own lookup.
std::string ResolveRisk(
    std::string_view code,
    const std::function<const Category*(std::string_view)>& find);

// A set of categories with unique codes, in declaration order.
//
// Thread safety: a const Taxonomy may be read from many threads; mutation
// needs external synchronisation.
class Taxonomy {
 public:
  // The shipped taxonomy, rules/categories.toml, compiled into the library
  // so that it is there whichever packs are loaded: the risk taxonomy of
  // GB/T 45654-2025 Appendix A (A.1 .. A.5 and their 31 risks) and the
  // operational categories pii.*, secret.*, profanity*, spam.*. Parsed once,
  // on first use; safe to call from many threads.
  static const Taxonomy& Shipped();

  // Fails (kInvalidArgument) on a malformed code, an empty name, a `risk`
  // that is not shaped "A.x.n" or a `risk` on an Appendix A code, and
  // (kAlreadyExists) on a code already present with other names or another
  // risk; a redeclaration with the same names is accepted and changes
  // nothing (but gives the risk to a category declared without one).
  // Errors carry a RuleErrorLocation (lexgate/rule_error.h).
  absl::Status Add(Category category);
  // Adds every category of `other`, stopping at the first error.
  absl::Status Merge(const Taxonomy& other);

  const std::vector<Category>& categories() const { return categories_; }
  // nullptr when `code` is not in this taxonomy.
  const Category* Find(std::string_view code) const;
  // The Appendix A risk `code` rolls up to in this taxonomy (ResolveRisk()),
  // e.g. Shipped().RiskOf("pii.phone") == "A.4.6"; empty when none.
  std::string RiskOf(std::string_view code) const;
  size_t size() const { return categories_.size(); }
  bool empty() const { return categories_.empty(); }

 private:
  std::vector<Category> categories_;
  // code -> position in categories_. A std::map rather than
  // absl::flat_hash_map so that this public header needs no absl container
  // library to link.
  std::map<std::string, size_t, std::less<>> index_;
};

}  // namespace lexgate

#endif  // LEXGATE_TAXONOMY_H_
