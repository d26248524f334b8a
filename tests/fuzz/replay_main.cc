// A plain main() for the fuzz targets: runs LLVMFuzzerTestOneInput once on
// every file named on the command line or found in a directory named there
// (sorted, not recursive), so that builds without libFuzzer (g++, the
// everyday ctest) replay the committed corpus. Fails when it found no input
// at all, so that a missing corpus cannot pass unnoticed.
//
// --keep-going (first argument): a property violation of one input is
// reported and the others still run (for triaging a corpus); the exit
// status is 1 if any failed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

bool ReadFile(const fs::path& path, std::string* bytes) {
  std::ifstream in(path, std::ios::binary);
  bytes->assign(std::istreambuf_iterator<char>(in),
                std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  int first = 1;
  const bool keep_going =
      argc > 1 && std::string_view(argv[1]) == "--keep-going";
  if (keep_going) {
    // Read by lexgate::fuzz::Fail(), which then throws instead of aborting.
    setenv("LEXGATE_FUZZ_KEEP_GOING", "1", /*overwrite=*/1);
    ++first;
  }
  std::vector<fs::path> inputs;
  for (int i = first; i < argc; ++i) {
    const fs::path arg(argv[i]);
    std::error_code error;
    if (fs::is_directory(arg, error)) {
      std::vector<fs::path> files;
      for (const fs::directory_entry& entry :
           fs::directory_iterator(arg, error)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      inputs.insert(inputs.end(), files.begin(), files.end());
    } else if (fs::is_regular_file(arg, error)) {
      inputs.push_back(arg);
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", argv[i]);
      return 2;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "replay: no inputs found\n");
    return 2;
  }
  std::string bytes;
  size_t failed = 0;
  for (const fs::path& path : inputs) {
    if (!ReadFile(path, &bytes)) {
      std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
      return 2;
    }
    // Named first: a failing input aborts the process.
    std::fprintf(stderr, "replay: %s\n", path.c_str());
    try {
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()),
                             bytes.size());
    } catch (const std::exception& e) {
      if (!keep_going) throw;
      std::fprintf(stderr, "replay: FAILED %s\n", path.c_str());
      ++failed;
    }
  }
  std::printf("replayed %zu inputs, %zu failed\n", inputs.size(), failed);
  return failed == 0 ? 0 : 1;
}
