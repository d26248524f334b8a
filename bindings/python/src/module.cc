// lexgate._core: the native half of the `lexgate` package. The public,
// documented API is the Python package (bindings/python/lexgate); these
// bindings stay close to the C++ API and leave argument conveniences to it.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "engine.h"
#include "inventory.h"
#include "lexgate/taxonomy.h"
#include "options.h"
#include "os_strings.h"
#include "policy.h"
#include "results.h"
#include "rule_set.h"
#include "stream.h"

#ifndef LEXGATE_VERSION
#define LEXGATE_VERSION "0.0.0"
#endif

namespace py = pybind11;
using lexgate_python::PyEngine;
using lexgate_python::PyPolicy;
using lexgate_python::PyRuleSet;
using lexgate_python::RuleSpec;

namespace {

lexgate::MatchDetail DetailOf(bool brief) {
  return brief ? lexgate::MatchDetail::kBrief : lexgate::MatchDetail::kFull;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() =
      "Native part of lexgate (C++ core through pybind11). Use the `lexgate` "
      "package, which wraps it.";
  m.attr("__version__") = LEXGATE_VERSION;

  lexgate_python::DefineResultTypes(m);

  py::class_<PyEngine>(m, "Engine",
                       "A compiled, immutable, thread-safe rule engine.")
      .def(
          "scan",
          [](PyEngine& engine, py::handle text, const PyPolicy* policy,
             bool brief) { return engine.Scan(text, policy, DetailOf(brief)); },
          py::arg("text"), py::arg("policy") = nullptr,
          py::arg("brief") = false,
          "scan(text: str | bytes, policy=None, brief=False) -> ScanResult, "
          "with the GIL released; brief: no pattern or variant "
          "(MatchDetail::kBrief).")
      .def("redact", &PyEngine::Redact, py::arg("text"),
           py::arg("result") = py::none(),
           "redact(text, result=None) -> same type as text.")
      .def(
          "scan_many",
          [](PyEngine& engine, py::iterable texts, size_t threads,
             const PyPolicy* policy, bool brief) {
            return engine.ScanMany(texts, threads, policy, DetailOf(brief));
          },
          py::arg("texts"), py::arg("threads") = 0, py::arg("policy") = nullptr,
          py::arg("brief") = false,
          "scan_many(texts, threads=0, policy=None, brief=False) -> "
          "list[ScanResult]; 0 threads = one per hardware thread.")
      .def("fold", &PyEngine::Fold, py::arg("text"),
           "fold(text) -> the normalized text the keywords are matched on.")
      .def("to_bytes", &PyEngine::ToBytes,
           "to_bytes() -> bytes (Engine::Serialize).")
      .def_static("from_bytes", &PyEngine::FromBytes, py::arg("blob"),
                  "from_bytes(blob) -> Engine (Engine::Deserialize); "
                  "ValueError when the blob is refused.")
      .def_static("from_file", &PyEngine::FromFile, py::arg("path"),
                  "from_file(path) -> Engine (Engine::Load); OSError when "
                  "the file cannot be read, ValueError when it is refused.")
      .def("_time_scan", &PyEngine::TimeScan, py::arg("text"),
           py::arg("iterations"),
           "Benchmark helper: seconds per C++ Engine::Scan(text) call.")
      .def_property_readonly("options", &PyEngine::Options,
                             "Normalization switches, {name: bool}.")
      .def("stream", &PyEngine::OpenStream, py::arg("max_hold"),
           py::arg("batch"), py::arg("policy") = nullptr,
           "stream(max_hold, batch, policy=None) -> Stream; ValueError when "
           "the engine cannot stream.")
      .def_property_readonly("fingerprint", &PyEngine::fingerprint,
                             "16 hex digits identifying the compiled rules.")
      .def("rules", &PyEngine::Rules,
           "rules() -> [(id, category, action, severity, keywords, "
           "regexes)]")
      .def("declared_categories", &PyEngine::DeclaredCategories,
           "declared_categories() -> [(code, zh, en, description, risk)] "
           "that the packs declared beyond the shipped taxonomy.")
      .def_property_readonly("rule_count", &PyEngine::rule_count)
      .def_property_readonly("database_bytes", &PyEngine::database_bytes)
      .def_property_readonly("streaming", &PyEngine::streaming,
                             "Whether the engine was compiled to stream.");
  py::class_<lexgate_python::PyStream>(
      m, "Stream", "The streaming guard for one answer (lexgate::Stream).")
      .def("feed", &lexgate_python::PyStream::Feed, py::arg("delta"),
           "feed(delta) -> the text now safe to emit, already masked.")
      .def("finish", &lexgate_python::PyStream::Finish,
           "finish() -> the rest of the text, masked.")
      .def_property_readonly("verdict", &lexgate_python::PyStream::Verdict)
      .def_property_readonly("blocked", &lexgate_python::PyStream::Blocked)
      .def_property_readonly("error", &lexgate_python::PyStream::Error)
      .def_property_readonly("matches", &lexgate_python::PyStream::Matches)
      .def_property_readonly("held_back", &lexgate_python::PyStream::HeldBack)
      .def_property_readonly("finished", &lexgate_python::PyStream::finished);

  m.def("_fail_stream_output_for_testing",
        &lexgate_python::FailStreamOutputForTesting, py::arg("n"),
        "Tests only, never for production use: the next n non-empty "
        "outputs of Stream.feed()/finish(), of any stream, fail as if "
        "building their str or bytes ran out of memory (the stream then "
        "raises ScanError and is blocked); 0 turns it off.");

  py::class_<lexgate_python::PyPolicy>(
      m, "Policy", "A checked per-request policy (lexgate::Policy).")
      .def(py::init<const std::string&, std::vector<std::string>,
                    std::vector<std::string>,
                    const std::vector<std::pair<std::string, std::string>>&,
                    std::vector<std::string>, int>(),
           py::arg("name"), py::arg("disable"), py::arg("only"),
           py::arg("actions"), py::arg("weakenable"), py::arg("max_severity"))
      .def_property_readonly("name", &lexgate_python::PyPolicy::name)
      .def("action_for", &lexgate_python::PyPolicy::ActionFor, py::arg("rule"),
           py::arg("category"), py::arg("severity"), py::arg("action"))
      .def("apply", &lexgate_python::PyPolicy::Apply, py::arg("result"));

  // Set field by field by lexgate.RuleSet._add(): one place lists them.
  py::class_<RuleSpec>(m, "RuleSpec", "A rule built in code (lexgate::Rule).")
      .def(py::init<>())
      .def_readwrite("id", &RuleSpec::id)
      .def_readwrite("category", &RuleSpec::category)
      .def_readwrite("action", &RuleSpec::action)
      .def_readwrite("severity", &RuleSpec::severity)
      .def_readwrite("keywords", &RuleSpec::keywords)
      .def_readwrite("regexes", &RuleSpec::regexes)
      .def_readwrite("boundary", &RuleSpec::boundary)
      .def_readwrite("validator", &RuleSpec::validator)
      .def_readwrite("replacement", &RuleSpec::replacement)
      .def_readwrite("mask_char", &RuleSpec::mask_char)
      .def_readwrite("mask_keep_first", &RuleSpec::mask_keep_first)
      .def_readwrite("mask_keep_last", &RuleSpec::mask_keep_last)
      .def_readwrite("normalize", &RuleSpec::normalize)
      .def_readwrite("variants", &RuleSpec::variants)
      .def_readwrite("leet", &RuleSpec::leet)
      .def_readwrite("pinyin", &RuleSpec::pinyin)
      .def_readwrite("homophones", &RuleSpec::homophones)
      .def_readwrite("readings", &RuleSpec::readings)
      .def_readwrite("max_expansions", &RuleSpec::max_expansions)
      .def_readwrite("all_of", &RuleSpec::all_of)
      .def_readwrite("none_of", &RuleSpec::none_of)
      .def_readwrite("within", &RuleSpec::within)
      .def_readwrite("path", &RuleSpec::path)
      .def_readwrite("line", &RuleSpec::line);

  py::class_<PyRuleSet>(m, "RuleSet", "Rules to compile (lexgate::RuleSet).")
      .def(py::init<>())
      .def("load", &PyRuleSet::Load, py::arg("paths"),
           "Adds the packs in `paths` (files or directories).")
      .def("require_rules", &PyRuleSet::RequireRules, py::arg("paths"),
           "Raises RuleError when the set holds no rule (an engine of it "
           "would screen nothing).")
      .def("add", &PyRuleSet::Add, py::arg("spec"),
           "Adds one rule built in code.")
      .def("compile", &PyRuleSet::Compile, py::arg("options") = py::dict(),
           py::arg("streaming") = lexgate::EngineOptions().streaming,
           "compile(options: dict) -> Engine; RuleError on a rule the "
           "matcher refuses.")
      .def("add_category", &PyRuleSet::AddCategory, py::arg("code"),
           py::arg("zh"), py::arg("en"), py::arg("description"),
           py::arg("risk"), py::arg("path"), py::arg("line"))
      .def("__len__", &PyRuleSet::size)
      .def("__contains__", &PyRuleSet::Contains)
      .def("ids", &PyRuleSet::Ids)
      .def("keyword_files", [](const PyRuleSet& rules) {
        return lexgate_python::PathsToPython(rules.KeywordFiles());
      });

  // The defaults of the C++ options, so that Python defines none of its own.
  m.attr("DEFAULT_STREAMING") = py::bool_(lexgate::EngineOptions().streaming);
  m.attr("DEFAULT_MAX_HOLD") = lexgate::StreamOptions::kDefaultMaxHold;
  m.attr("MIN_MAX_HOLD") = lexgate::StreamOptions::kMinMaxHold;
  m.attr("MAX_MAX_HOLD") = lexgate::StreamOptions::kMaxMaxHold;
  m.attr("AUTO_BATCH") = lexgate::StreamOptions::kAutoBatch;
  m.attr("AUTO_BATCH_CHARS") = lexgate::StreamOptions::kAutoBatchChars;
  m.attr("AUTO_BATCH_ASCII_CHARS") =
      lexgate::StreamOptions::kAutoBatchAsciiChars;
  m.attr("STREAM_OVERFLOW_RULE") = lexgate::kStreamOverflowRule;
  m.def(
      "taxonomy",
      [] {
        py::list out;
        for (const lexgate::Category& c :
             lexgate::Taxonomy::Shipped().categories()) {
          out.append(py::make_tuple(c.code, c.zh, c.en, c.description, c.risk));
        }
        return out;
      },
      "The shipped taxonomy: [(code, zh, en, description, risk)].");
  lexgate_python::RegisterInventory(m);
  m.def(
      "default_normalize_options",
      [] { return lexgate_python::OptionsToDict(lexgate::NormalizeOptions()); },
      "The C++ defaults of the normalization switches, {name: bool}.");
}
