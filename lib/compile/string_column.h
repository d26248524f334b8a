// StringColumn: many short strings in one buffer, for the expression tables
// of an engine with 100k keywords and more. A std::string per entry costs
// 32 bytes before its text (and a heap block beyond 15 bytes): at 100k
// keywords the tables of a cached load took 14 MB and thousands of fresh
// page faults; a column takes the text plus eight bytes an entry.
#ifndef LEXGATE_LIB_COMPILE_STRING_COLUMN_H_
#define LEXGATE_LIB_COMPILE_STRING_COLUMN_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lexgate::internal {

class StringColumn {
 public:
  // Entries and bytes to make room for (a hint, as vector::reserve).
  void reserve(size_t entries, size_t bytes) {
    ends_.reserve(entries);
    bytes_.reserve(bytes);
  }
  void push_back(std::string_view s) {
    bytes_.append(s);
    ends_.push_back(bytes_.size());
  }
  // Valid until the next push_back.
  std::string_view operator[](size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }

 private:
  std::string bytes_;
  std::vector<size_t> ends_;  // ends_[i]: where entry i ends in bytes_
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_STRING_COLUMN_H_
