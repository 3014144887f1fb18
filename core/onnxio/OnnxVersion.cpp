#include "onnxio/OnnxVersion.h"

#include <google/protobuf/stubs/common.h>

namespace miniflow {

std::string onnxLibraryVersions() {
    return std::string("ONNX ") + MINIFLOW_ONNX_VERSION + " (protobuf " +
           google::protobuf::internal::VersionString(GOOGLE_PROTOBUF_VERSION) + ")";
}

} // namespace miniflow
