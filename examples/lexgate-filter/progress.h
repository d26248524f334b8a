// --progress: bytes read, rate and time left, redrawn on one stderr line
// when stderr is a terminal (never into a log file or a pipe).
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_PROGRESS_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace lexgate_filter {

// Thread safety: not thread-safe; the main thread reports.
class Progress {
 public:
  // Enabled when `requested` and stderr is a terminal. The total is the sum
  // of the sizes of the regular files among `inputs` (bytes on disk, so
  // compressed bytes for gzip'd files); unknown when one is not a regular
  // file (stdin, a pipe): then there is no time left to show.
  Progress(bool requested, const std::vector<std::string>& inputs);
  ~Progress();  // clears the line

  // `done` bytes of input consumed; redraws at most 10 times a second.
  void Update(uint64_t done);

 private:
  bool enabled_;
  uint64_t total_ = 0;  // 0: unknown
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  bool drawn_ = false;
};

// "12.3 MB", "980 B": bytes for people.
std::string HumanBytes(double bytes);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_PROGRESS_H_
