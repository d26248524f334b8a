#include "progress.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"

namespace lexgate_filter {

std::string HumanBytes(double bytes) {
  static const char* const kUnits[] = {"B", "kB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000 && unit < 4) {
    bytes /= 1000;
    ++unit;
  }
  return unit == 0 ? absl::StrFormat("%.0f B", bytes)
                   : absl::StrFormat("%.1f %s", bytes, kUnits[unit]);
}

Progress::Progress(bool requested, const std::vector<std::string>& inputs)
    : enabled_(requested && ::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {
  if (!enabled_) return;
  for (const std::string& input : inputs) {
    struct stat st;
    if (input == "-" || ::stat(input.c_str(), &st) != 0 ||
        !S_ISREG(st.st_mode)) {
      total_ = 0;
      return;
    }
    total_ += static_cast<uint64_t>(st.st_size);
  }
  if (inputs.empty()) total_ = 0;  // stdin
}

Progress::~Progress() {
  if (drawn_) std::fputs("\r\x1b[K", stderr);
}

void Progress::Update(uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? done / seconds : 0;
  std::string line =
      absl::StrFormat("%s  %s/s", HumanBytes(done), HumanBytes(rate));
  if (total_ > 0 && rate > 0) {
    const double left = done < total_ ? (total_ - done) / rate : 0;
    line +=
        absl::StrFormat("  %.0f%%  %.0f s left", 100.0 * done / total_, left);
  }
  // \x1b[K clears what a longer previous line left behind.
  std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
  drawn_ = true;
}

}  // namespace lexgate_filter
