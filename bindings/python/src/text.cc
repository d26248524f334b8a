#include "text.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace lexgate_python {
namespace {

// Appends the UTF-8 form of the code points of a str of the given kind,
// writing U+FFFD (EF BF BD) for each lone surrogate. Returns whether there
// was one.
template <typename CodeUnit>
bool EncodeUtf8(const CodeUnit* in, size_t length, std::string* out) {
  constexpr size_t kMaxBytes = sizeof(CodeUnit) == 1   ? 2
                               : sizeof(CodeUnit) == 2 ? 3
                                                       : 4;
  out->resize(length * kMaxBytes);
  auto* p = reinterpret_cast<unsigned char*>(out->data());
  bool surrogates = false;
  for (size_t i = 0; i < length; ++i) {
    const uint32_t cp = in[i];
    if (cp < 0x80) {
      *p++ = static_cast<unsigned char>(cp);
    } else if (cp < 0x800) {
      *p++ = static_cast<unsigned char>(0xC0 | (cp >> 6));
      *p++ = static_cast<unsigned char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        surrogates = true;
        *p++ = 0xEF;
        *p++ = 0xBF;
        *p++ = 0xBD;
      } else {
        *p++ = static_cast<unsigned char>(0xE0 | (cp >> 12));
        *p++ = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
        *p++ = static_cast<unsigned char>(0x80 | (cp & 0x3F));
      }
    } else {
      *p++ = static_cast<unsigned char>(0xF0 | (cp >> 18));
      *p++ = static_cast<unsigned char>(0x80 | ((cp >> 12) & 0x3F));
      *p++ = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
      *p++ = static_cast<unsigned char>(0x80 | (cp & 0x3F));
    }
  }
  out->resize(p - reinterpret_cast<unsigned char*>(out->data()));
  return surrogates;
}

}  // namespace

TextView::TextView(py::handle obj, const char* what) {
  PyObject* o = obj.ptr();
  obj_ = py::reinterpret_borrow<py::object>(obj);
  if (PyUnicode_Check(o)) {
    is_str_ = true;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(o) != 0) throw py::error_already_set();
#endif
    if (PyUnicode_IS_ASCII(o)) {
      Py_ssize_t size = 0;
      const char* data = PyUnicode_AsUTF8AndSize(o, &size);
      if (data == nullptr) throw py::error_already_set();
      utf8_ = std::string_view(data, static_cast<size_t>(size));
      size_hint_ = utf8_.size();
      return;
    }
    identity_ = false;
    code_units_ = PyUnicode_DATA(o);
    kind_ = PyUnicode_KIND(o);
    length_ = static_cast<size_t>(PyUnicode_GET_LENGTH(o));
    size_hint_ = length_ * static_cast<size_t>(kind_ == 1 ? 2 : 3);
    return;
  }
  if (PyBytes_Check(o)) {
    utf8_ = std::string_view(PyBytes_AS_STRING(o),
                             static_cast<size_t>(PyBytes_GET_SIZE(o)));
    size_hint_ = utf8_.size();
    return;
  }
  if (PyObject_CheckBuffer(o)) {
    // A mutable buffer (bytearray, memoryview) may change while the GIL is
    // released: scan a copy.
    Py_buffer view;
    if (PyObject_GetBuffer(o, &view, PyBUF_SIMPLE) != 0) {
      // A strided memoryview (m[::2]) has no bytes of its own to scan.
      PyErr_Clear();
      throw py::type_error(std::string(what) +
                           " must be str or bytes (or a contiguous buffer), "
                           "not this " +
                           Py_TYPE(o)->tp_name + ": pass bytes(it)");
    }
    storage_.assign(static_cast<const char*>(view.buf),
                    static_cast<size_t>(view.len));
    PyBuffer_Release(&view);
    owned_ = true;
    size_hint_ = storage_.size();
    return;
  }
  throw py::type_error(std::string(what) + " must be str or bytes, not " +
                       Py_TYPE(o)->tp_name);
}

void TextView::Prepare() {
  if (code_units_ == nullptr) return;
  switch (kind_) {
    case PyUnicode_1BYTE_KIND:
      surrogates_ = EncodeUtf8(static_cast<const Py_UCS1*>(code_units_),
                               length_, &storage_);
      break;
    case PyUnicode_2BYTE_KIND:
      surrogates_ = EncodeUtf8(static_cast<const Py_UCS2*>(code_units_),
                               length_, &storage_);
      break;
    default:
      surrogates_ = EncodeUtf8(static_cast<const Py_UCS4*>(code_units_),
                               length_, &storage_);
      break;
  }
  owned_ = true;
  code_units_ = nullptr;
}

py::object TextView::Slice(size_t begin, size_t end) const {
  PyObject* slice =
      is_str_ ? PyUnicode_Substring(obj_.ptr(), static_cast<Py_ssize_t>(begin),
                                    static_cast<Py_ssize_t>(end))
              : PyBytes_FromStringAndSize(utf8().data() + begin,
                                          static_cast<Py_ssize_t>(end - begin));
  if (slice == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(slice);
}

}  // namespace lexgate_python
