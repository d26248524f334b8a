#include "fuzz/deserialize_seeds.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/fuzz_checks.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"

namespace lexgate::fuzz {
namespace {

std::vector<Rule> FoldedRules() {
  std::vector<Rule> rules = {
      MakeRule("kw", Action::kMask, {"fuck", "傻逼", "习近平"}, {}),
      MakeRule("block", Action::kBlock, {"炸弹制作"}, {}),
      MakeRule("flag", Action::kFlag, {"微信"}, {}),
      MakeRule("allow", Action::kAllow, {"地铁口交易"}, {}),
      MakeRule("phone", Action::kMask, {}, {R"(1[3-9]\d{9})"}),
      MakeRule("card", Action::kMask, {}, {R"(\d{4}([ -]?\d{4}){3})"}),
      MakeRule("zh", Action::kMask, {"口交"}, {}),
  };
  rules[4].boundary = Boundary::kDigit;
  rules[4].replacement = "[手机号]";
  rules[5].boundary = Boundary::kDigit;
  rules[5].validator = Validator::kLuhn;
  Rule sale = MakeRule("sale", Action::kMask, {}, {});
  sale.all_of = {{{"出售", {}}}, {{"枪支", {}}, {"gun", {}}}};
  sale.none_of = {{"水枪", {}}};
  sale.within = 12;
  rules.push_back(std::move(sale));
  return rules;
}

}  // namespace

std::vector<std::pair<std::string, std::shared_ptr<const Engine>>>
SeedEngines() {
  std::vector<Rule> with_raw = FoldedRules();
  Rule raw = MakeRule("raw", Action::kMask, {"RaW"}, {R"(ID-\d{1,8})"});
  raw.normalize = false;
  with_raw.push_back(std::move(raw));
  std::vector<Rule> unbounded = FoldedRules();
  unbounded.push_back(MakeRule("mail", Action::kMask, {},
                               {R"([a-z0-9._]+@[a-z0-9.]+\.[a-z]{2,})"}));
  // A category of its own, which the engine keeps with its names.
  RuleSet declared;
  Rule codename = MakeRule("codename", Action::kMask, {"bluebird"}, {});
  codename.category = "acme.codename";
  if (!declared
           .AddCategory({.code = "acme.codename",
                         .zh = "项目代号",
                         .en = "Project codename",
                         .risk = "A.4.6"})
           .ok() ||
      !declared.Add(std::move(codename)).ok()) {
    Fail("the declared category seed");
  }
  absl::StatusOr<std::shared_ptr<const Engine>> with_category =
      Engine::Compile(declared);
  if (!with_category.ok()) {
    Fail("the declared category seed", with_category.status().ToString());
  }
  return {
      {"declared-category", *std::move(with_category)},
      {"streaming", CompileOrAbort(FoldedRules(), /*streaming=*/true)},
      {"batch", CompileOrAbort(FoldedRules(), /*streaming=*/false)},
      {"raw", CompileOrAbort(std::move(with_raw), /*streaming=*/false)},
      {"unbounded", CompileOrAbort(std::move(unbounded), /*streaming=*/true)},
  };
}

const std::vector<std::string>& SeedTexts() {
  static const std::vector<std::string> texts = {
      "what the f.u.c.k, 你个傻 逼, 习近平 RaW ID-123 a.b@example.com",
      "电话13812345678，卡号4111 1111 1111 1111，在地铁口交易口交，加微信",
      "第一步：炸弹制作方法 ＦＵＣＫ\xff\xfe 習近平",
  };
  return texts;
}

}  // namespace lexgate::fuzz
