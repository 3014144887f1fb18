#pragma once
#include <string>

namespace miniflow {

/// The ONNX and protobuf libraries this build reads and writes ONNX models with:
/// "ONNX 1.12.0 (protobuf 3.21.12)".
std::string onnxLibraryVersions();

} // namespace miniflow
