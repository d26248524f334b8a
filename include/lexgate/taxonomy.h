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
};

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

  // Fails (kInvalidArgument) on a malformed code or an empty name, and
  // (kAlreadyExists) on a code already present with other names; a
  // redeclaration with the same names is accepted and changes nothing.
  // Errors carry a RuleErrorLocation (lexgate/rule_error.h).
  absl::Status Add(Category category);
  // Adds every category of `other`, stopping at the first error.
  absl::Status Merge(const Taxonomy& other);

  const std::vector<Category>& categories() const { return categories_; }
  // nullptr when `code` is not in this taxonomy.
  const Category* Find(std::string_view code) const;
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
