// The streaming guard against the whole text, over fuzzer-chosen splits.
//
// Input: one byte choosing the split (low 2 bits: the mode of SplitText,
// the rest: the seed), then the text.
// Properties (CheckStream): the contract of lexgate/stream.h. The engine
// has only rules of bounded width, so the contract holds for every text.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz/fuzz_checks.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"

namespace {

// Small on purpose: every kind of rule the hold-back must respect (CJK and
// Latin keywords that the noise pass joins, overlapping keywords, an allow
// rule, a flag, a block, bounded regexes with a boundary, a validator and a
// replacement, a co-occurrence rule), few enough that the fuzzer reaches
// their matches often.
std::shared_ptr<const lexgate::Engine> StreamingEngine() {
  using lexgate::fuzz::MakeRule;
  std::vector<lexgate::Rule> rules = {
      MakeRule("en", lexgate::Action::kMask, {"fuck", "ass", "shit"}),
      MakeRule("zh", lexgate::Action::kMask,
               {"习近平", "傻逼", "口交", "我操", "操你妈"}),
      MakeRule("ok", lexgate::Action::kAllow, {"地铁口交易", "class"}),
      MakeRule("flag", lexgate::Action::kFlag, {"微信"}),
      MakeRule("block", lexgate::Action::kBlock, {"炸弹制作", "bomb recipe"}),
      MakeRule("phone", lexgate::Action::kMask, {}, {R"(1[3-9]\d{9})"}),
      MakeRule("card", lexgate::Action::kMask, {}, {R"(\d{4}([ -]?\d{4}){3})"}),
  };
  rules[5].boundary = lexgate::Boundary::kDigit;
  rules[5].replacement = "[手机号]";
  rules[6].boundary = lexgate::Boundary::kDigit;
  rules[6].validator = lexgate::Validator::kLuhn;
  // A co-occurrence rule: parts held back for their window, an exclusion.
  lexgate::Rule sale = MakeRule("sale", lexgate::Action::kMask, {});
  sale.all_of = {{{"出售", {}}, {"sell", {}}}, {{"枪支", {}}, {"gun", {}}}};
  sale.none_of = {{"水枪", {}}};
  sale.within = 12;
  rules.push_back(std::move(sale));
  return lexgate::fuzz::CompileOrAbort(std::move(rules), /*streaming=*/true);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const lexgate::Engine> engine =
      StreamingEngine();
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1,
                              size - 1);
  lexgate::fuzz::CheckStream(
      *engine, text, lexgate::fuzz::SplitText(text, data[0] & 3, data[0] >> 2));
  return 0;
}
