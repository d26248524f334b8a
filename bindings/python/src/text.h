// Python texts (str, or bytes-like UTF-8) as the engine sees them, and the
// way back from the engine's byte offsets to Python indices.
//
// A str is encoded to UTF-8 with every lone surrogate replaced by U+FFFD: one
// code point for one code point, so code-point offsets into the encoded text
// are indices into the str. ASCII strs are used in place (byte offset ==
// index); bytes keep byte offsets.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_TEXT_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_TEXT_H_

#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lexgate_python {

namespace py = pybind11;

// Thread safety: construct and destroy with the GIL held. Prepare() and
// utf8() need no GIL: the object is immutable (a str or bytes, kept alive
// by this view) or copied (mutable buffers).
class TextView {
 public:
  // Throws py::type_error unless `obj` is a str or supports the buffer
  // protocol; `what` names the argument in that message ("text",
  // "texts[3]").
  TextView(py::handle obj, const char* what);
  TextView(TextView&&) = default;
  TextView& operator=(TextView&&) = default;

  // Encodes a non-ASCII str to UTF-8 (a no-op for anything else). Call it
  // once before utf8(), with or without the GIL.
  void Prepare();
  std::string_view utf8() const {
    return owned_ ? std::string_view(storage_) : utf8_;
  }
  // About the UTF-8 size, available before Prepare().
  size_t size_hint() const { return size_hint_; }
  bool is_str() const { return is_str_; }
  // Byte offsets are already Python indices (bytes input, or an ASCII str).
  bool identity_offsets() const { return identity_; }
  // The str held lone surrogates (encoded as U+FFFD).
  bool had_surrogates() const { return surrogates_; }
  // The original object (str or bytes-like).
  py::handle object() const { return obj_; }

  // text[begin:end] of the original object: a str slice for str input,
  // bytes for bytes-like input. Indices are Python indices.
  py::object Slice(size_t begin, size_t end) const;

 private:
  py::object obj_;
  // The text, when it had to be encoded or copied (owned_), else utf8_: a
  // view into the object. (Not a view into storage_, which may move.)
  std::string storage_;
  bool owned_ = false;
  std::string_view utf8_;
  // A non-ASCII str waiting for Prepare(): its code units.
  const void* code_units_ = nullptr;
  int kind_ = 0;
  size_t length_ = 0;
  size_t size_hint_ = 0;
  bool is_str_ = false;
  bool identity_ = true;
  bool surrogates_ = false;
};

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_TEXT_H_
