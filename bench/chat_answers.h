// Deterministic chatbot-like answers for the benchmarks: paragraphs, lists,
// headings, inline code and code blocks, numbers, links, now and then a
// phone number or an e-mail address, in English or Chinese (with the
// English terms Chinese answers carry). Varied text, not one paragraph
// repeated: the same seed always gives the same answer.
#ifndef LEXGATE_BENCH_CHAT_ANSWERS_H_
#define LEXGATE_BENCH_CHAT_ANSWERS_H_

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace lexgate_bench {

enum class Lang { kEnglish, kChinese };

namespace chat_internal {

inline const std::vector<std::string_view>& EnglishWords() {
  static const std::vector<std::string_view> words = {
      "the",      "a",        "to",        "of",        "and",       "in",
      "is",       "it",       "you",       "that",      "for",       "on",
      "with",     "as",       "this",      "be",        "are",       "can",
      "your",     "by",       "or",        "from",      "an",        "will",
      "more",     "when",     "if",        "which",     "each",      "use",
      "data",     "model",    "answer",    "question",  "example",   "value",
      "result",   "function", "request",   "server",    "client",    "file",
      "line",     "table",    "list",      "step",      "order",     "time",
      "number",   "string",   "error",     "case",      "rule",      "text",
      "user",     "system",   "memory",    "thread",    "process",   "simple",
      "common",   "useful",   "important", "different", "better",    "first",
      "second",   "next",     "last",      "small",     "large",     "fast",
      "safe",     "check",    "return",    "create",    "build",     "read",
      "write",    "send",     "receive",   "keep",      "start",     "stop",
      "change",   "remove",   "add",       "find",      "make",      "take",
      "give",     "show",     "explain",   "consider",  "avoid",     "usually",
      "often",    "also",     "then",      "however",   "instead",   "because",
      "although", "roughly",  "exactly",   "quickly",   "carefully", "Python",
      "JSON",     "HTTP",     "Linux",     "Docker",    "SQL",       "API",
      "cache",    "queue",    "index",     "query",     "schema",    "config",
      "library",  "version",  "test",      "budget",    "recipe",    "city",
      "travel",   "weather",  "history",   "museum",    "garden",    "coffee",
      "train",    "ticket",   "morning",   "evening",   "weekend",   "paper",
      "chapter",  "author",   "story",     "music",     "energy",    "health"};
  return words;
}

inline const std::vector<std::string_view>& ChineseWords() {
  static const std::vector<std::string_view> words = {
      "我们",   "你可以", "这个",   "问题", "方法", "数据", "模型", "系统",
      "用户",   "需要",   "首先",   "然后", "最后", "另外", "因此", "但是",
      "如果",   "可以",   "使用",   "通过", "实现", "支持", "配置", "文件",
      "服务器", "请求",   "结果",   "函数", "参数", "返回", "错误", "检查",
      "处理",   "优化",   "性能",   "安全", "简单", "重要", "不同", "常见",
      "建议",   "注意",   "步骤",   "例如", "比如", "一般", "通常", "其实",
      "非常",   "比较",   "更加",   "已经", "正在", "时候", "城市", "旅行",
      "天气",   "历史",   "博物馆", "公园", "咖啡", "火车", "门票", "早上",
      "晚上",   "周末",   "朋友",   "家人", "学习", "工作", "生活", "健康",
      "音乐",   "电影",   "书籍",   "作者", "故事", "文化", "经济", "科技",
      "教育",   "市场",   "价格",   "质量", "时间", "地方", "方面", "情况",
      "内容",   "信息",   "管理",   "开发", "测试", "部署", "版本", "更新",
      "记录",   "分析",   "设计",   "的",   "了",   "和",   "是",   "在",
      "有",     "也",     "就",     "都",   "要",   "会",   "对",   "中",
      "上",     "下",     "里",     "很",   "还",   "更",   "把",   "被",
      "让",     "给",     "从"};
  return words;
}

inline const std::vector<std::string_view>& ChineseTerms() {
  static const std::vector<std::string_view> terms = {
      "Python", "API",   "JSON",  "HTTP", "Docker", "Linux", "SQL",   "GPU",
      "CPU",    "Redis", "Nginx", "Git",  "README", "token", "prompt"};
  return terms;
}

class Writer {
 public:
  Writer(Lang lang, uint32_t seed) : lang_(lang), rng_(seed) {}

  size_t chars() const { return chars_; }
  std::string take() { return std::move(out_); }

  void Append(std::string_view s) {
    out_.append(s);
    for (char c : s) chars_ += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Pick(100) < percent; }

  void Sentence() {
    if (lang_ == Lang::kEnglish) {
      const auto& words = EnglishWords();
      const int n = 6 + Pick(14);
      for (int i = 0; i < n; ++i) {
        std::string word(words[Pick(static_cast<int>(words.size()))]);
        if (i == 0 && word[0] >= 'a' && word[0] <= 'z') word[0] -= 32;
        if (i > 0) Append(Chance(8) ? ", " : " ");
        if (Chance(4)) {
          Append("`" + word + "()`");
        } else if (Chance(3)) {
          Append(std::to_string(Pick(2000)));
        } else {
          Append(word);
        }
      }
      Append(Chance(80) ? ". " : (Chance(50) ? "? " : "! "));
    } else {
      const auto& words = ChineseWords();
      const int n = 6 + Pick(16);
      for (int i = 0; i < n; ++i) {
        if (i > 0 && Chance(10)) Append("，");
        if (Chance(5)) {
          Append(" ");
          Append(ChineseTerms()[Pick(static_cast<int>(ChineseTerms().size()))]);
          Append(" ");
        } else if (Chance(3)) {
          Append(std::to_string(Pick(2000)));
        } else {
          Append(words[Pick(static_cast<int>(words.size()))]);
        }
      }
      Append(Chance(85) ? "。" : (Chance(50) ? "？" : "！"));
    }
  }

  void Block(size_t target) {
    const int kind = Pick(10);
    if (kind < 5) {  // a paragraph
      for (int s = 2 + Pick(4); s > 0 && chars_ < target; --s) Sentence();
      Append("\n\n");
    } else if (kind < 7) {  // a list
      for (int i = 1; i <= 2 + Pick(4) && chars_ < target; ++i) {
        Append(Chance(50) ? std::to_string(i) + ". " : "- ");
        Sentence();
        Append("\n");
      }
      Append("\n");
    } else if (kind < 8) {  // a heading
      Append(lang_ == Lang::kEnglish ? "## Step " : "## 第");
      Append(std::to_string(1 + Pick(9)));
      Append(lang_ == Lang::kEnglish ? ": details\n\n" : "步：说明\n\n");
    } else if (kind < 9) {  // a code block
      Append("```python\nfor item in items:\n    total += item.value * ");
      Append(std::to_string(2 + Pick(9)));
      Append("\nprint(total)\n```\n\n");
    } else {  // a link, sometimes contact details
      Append(lang_ == Lang::kEnglish ? "See https://docs.example.org/guide/"
                                     : "参考 https://docs.example.org/guide/");
      Append(std::to_string(Pick(100)));
      Append(" for more. ");
      if (Chance(30)) {
        Append(lang_ == Lang::kEnglish ? "Call 138" : "电话 138");
        Append(std::to_string(10000000 + Pick(89999999)));
        Append(lang_ == Lang::kEnglish ? " or write to support"
                                       : " 或邮件 help");
        Append(std::to_string(Pick(100)));
        Append("@example.com. ");
      }
      Append("\n\n");
    }
  }

 private:
  Lang lang_;
  std::mt19937 rng_;
  std::string out_;
  size_t chars_ = 0;
};

}  // namespace chat_internal

// An answer of at least `chars` code points (cut at the end of a block).
inline std::string ChatAnswer(Lang lang, size_t chars, uint32_t seed) {
  chat_internal::Writer w(lang, seed * 2654435761u + 17);
  w.Append(lang == Lang::kEnglish ? "Sure! " : "好的！");
  while (w.chars() < chars) w.Block(chars);
  return w.take();
}

}  // namespace lexgate_bench

#endif  // LEXGATE_BENCH_CHAT_ANSWERS_H_
