#pragma once
#include <stdexcept>

namespace miniflow {

/// A graph an exporter or importer cannot translate, or an output it cannot write: the
/// message names the node (or file) and says what to change.
struct ExportError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace miniflow
