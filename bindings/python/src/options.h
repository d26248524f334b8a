// lexgate::NormalizeOptions <-> the keyword arguments of the Python API.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_OPTIONS_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_OPTIONS_H_

#include <pybind11/pybind11.h>

#include "lexgate/normalize.h"

namespace lexgate_python {

namespace py = pybind11;

// {name: bool} for every switch, in declaration order.
py::dict OptionsToDict(const lexgate::NormalizeOptions& options);
// Switches not in `options` keep their C++ defaults; an unknown name raises
// TypeError (like an unexpected keyword argument).
lexgate::NormalizeOptions OptionsFromDict(const py::dict& options);

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_OPTIONS_H_
