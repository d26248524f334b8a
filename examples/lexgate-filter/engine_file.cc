#include "engine_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "lexgate/engine.h"
#include "lexgate/status.h"
#include "options.h"
#include "rule_paths.h"

namespace lexgate_filter {

namespace {

// A regular file mapped read-only: the page cache's pages, without the
// faults and the copy of reading 50 MB into fresh memory (which costs more
// than the load itself). Empty when the file cannot be mapped.
class MappedFile {
 public:
  explicit MappedFile(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return;
    void* data = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ,
                      MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (data == MAP_FAILED) return;
    data_ = data;
    size_ = static_cast<size_t>(st.st_size);
  }
  ~MappedFile() {
    if (data_ != nullptr) munmap(data_, size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  bool mapped() const { return data_ != nullptr; }
  std::string_view view() const {
    return {static_cast<const char*>(data_), size_};
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

// The whole of `fd` read as it comes (a pipe, or an empty file).
bool ReadAll(int fd, std::string* bytes) {
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes->append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

absl::StatusOr<std::shared_ptr<const lexgate::Engine>> ReadEngineFile(
    const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(absl::StrCat(
        "--engine '", path,
        "': cannot open: ", std::generic_category().message(errno)));
  }
  const MappedFile mapped(fd);
  std::string bytes;
  const bool complete = mapped.mapped() || ReadAll(fd, &bytes);
  close(fd);
  if (!complete) {
    return absl::DataLossError(
        absl::StrCat("--engine '", path, "': read error"));
  }
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine =
      lexgate::Engine::Deserialize(mapped.mapped() ? mapped.view()
                                                   : std::string_view(bytes));
  if (!engine.ok()) {
    return absl::Status(
        engine.status().code(),
        absl::StrCat("--engine '", path, "': not a usable ", "lexgate engine: ",
                     lexgate::StatusMessage(engine.status())));
  }
  return engine;
}

absl::Status WriteEngineFile(const lexgate::Engine& engine,
                             const std::string& path) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    const std::string blob = engine.Serialize();
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      return absl::UnavailableError(absl::StrCat("cannot write '", path, "'"));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return absl::UnavailableError(absl::StrCat("cannot write '", path, "'"));
  }
  return absl::OkStatus();
}

int RunCompile(const Options& options) {
  absl::StatusOr<LoadedRules> loaded =
      LoadAndCompile(options.rule_paths, options.compile_streaming);
  absl::Status status = loaded.status();
  if (status.ok())
    status = WriteEngineFile(*loaded->engine, options.output_path);
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", kProgramName,
                 lexgate::StatusMessage(status).c_str());
    return 2;
  }
  std::printf("wrote %s: %zu rules, fingerprint %s%s\n",
              options.output_path.c_str(), loaded->engine->rule_count(),
              loaded->engine->fingerprint().c_str(),
              options.compile_streaming ? "" : ", without streaming");
  return 0;
}

}  // namespace lexgate_filter
