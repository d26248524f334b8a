// One input of lexgate-filter as a stream of bytes: a file, standard input,
// or a gzip'd file decompressed on the fly.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_INPUT_SOURCE_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_INPUT_SOURCE_H_

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace lexgate_filter {

// Thread safety: not thread-safe.
class InputSource {
 public:
  // Opens `path`; "-" is standard input. A file that starts with the gzip
  // magic bytes is decompressed (concatenated members too), also when it is
  // redirected to standard input; standard input from a pipe or a terminal
  // is read as it is, so that it stays interactive, and gzip data there is
  // a read error (never screened as text). Fails with the path and
  // strerror.
  static absl::StatusOr<std::unique_ptr<InputSource>> Open(
      const std::string& path);

  virtual ~InputSource() = default;

  // Like read(2): the number of bytes read into `buffer`, 0 at the end,
  // -1 on an error (then error() says why). May return fewer bytes than
  // asked for; never blocks once some bytes are there.
  virtual ssize_t Read(char* buffer, size_t size) = 0;
  virtual std::string error() const = 0;

  // Bytes of the file on disk consumed so far, and its size when known, for
  // --progress (compressed bytes for a gzip'd file).
  virtual uint64_t position() const = 0;
  std::optional<uint64_t> size() const { return size_; }

 protected:
  std::optional<uint64_t> size_;
};

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_INPUT_SOURCE_H_
