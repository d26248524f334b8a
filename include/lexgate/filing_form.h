// The keyword list in the shape of the filing forms: one row per keyword,
// with its level-1 risk (an Appendix A group, A.1 .. A.5) and level-2 risk
// (one of the 31 risks A.x.n), named in Chinese: 关键词 / 一级分类 / 二级分类.
// Written as CSV here and as XLSX by Python (lexgate.inventory), and read
// back into a rule pack.
#ifndef LEXGATE_FILING_FORM_H_
#define LEXGATE_FILING_FORM_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lexgate/inventory.h"
#include "lexgate/rule.h"

namespace lexgate {

// The header row: 关键词, 一级分类, 二级分类.
inline constexpr std::string_view kFilingColumns[3] = {
    "\xE5\x85\xB3\xE9\x94\xAE\xE8\xAF\x8D",              // 关键词
    "\xE4\xB8\x80\xE7\xBA\xA7\xE5\x88\x86\xE7\xB1\xBB",  // 一级分类
    "\xE4\xBA\x8C\xE7\xBA\xA7\xE5\x88\x86\xE7\xB1\xBB",  // 二级分类
};

struct FilingRow {
  std::string keyword;  // 关键词
  // 一级分类: written as the group's Chinese name (the taxonomy's `zh` of
  // A.1 .. A.5); read as that name, its English name, its code ("A.1"), or
  // the code, a space and a name.
  std::string level1;
  // 二级分类: the risk (A.x.n), written and read like level1; empty for a
  // keyword whose rule names a group directly.
  std::string level2;
  // Where a row was read (the file and its line or sheet row), for errors;
  // empty for the rows of an inventory.
  SourceLocation location;
};

// One row per keyword of the inventory (Inventory::term_list), as written.
std::vector<FilingRow> FilingRows(const Inventory& inventory);

// The rows as CSV (RFC 4180): UTF-8 with a byte order mark, so that Excel
// reads the Chinese correctly, the header row first, CRLF line ends, cells
// quoted when they hold a comma, a quote or a line break. A keyword that
// starts with = + - @, a tab, a carriage return or an apostrophe is written
// after an apostrophe (the spreadsheets' mark for text), so that no
// spreadsheet runs it as a formula; ParseFilingCsv() removes it.
std::string FilingCsv(const std::vector<FilingRow>& rows);

// Reads CSV in that shape (with or without the byte order mark, CRLF or LF).
// One apostrophe at the start of a keyword is removed (FilingCsv()'s mark):
// write a keyword that starts with one as two.
// The first row must be the header; every other row must have three cells.
// Rows with every cell empty are skipped (spreadsheets leave them); a row
// with categories but no keyword, text that is not UTF-8 (a GBK export) or
// an unterminated quote fail with `path` and the line.
absl::StatusOr<std::vector<FilingRow>> ParseFilingCsv(std::string_view text,
                                                      std::string_view path);

// The [pack] table of an imported pack.
struct FilingPackInfo {
  std::string name;     // required; rule ids are "<name>.<risk code>"
  std::string version;  // optional
  std::string updated;  // optional, YYYY-MM-DD
  std::string description;
};

// A rule pack (TOML) holding the rows' keywords: one rule per level-2 risk
// (per group for rows without one), category = its code, keywords inline,
// in the order of Appendix A. Fails with the row's location on an empty
// keyword, a keyword with a line break, a name that is no risk of the shipped
// taxonomy, a level-2 risk outside the row's level-1 group, or a row with
// neither; and when the pack does not load back (a bad name or date).
absl::StatusOr<std::string> FilingPackToml(const std::vector<FilingRow>& rows,
                                           const FilingPackInfo& info);

}  // namespace lexgate

#endif  // LEXGATE_FILING_FORM_H_
