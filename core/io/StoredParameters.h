#pragma once
#include "autograd/Session.h"
#include "io/GraphFile.h"

namespace miniflow {

/// Replaces the session's Parameter values with the file's trained ones where the shapes
/// match (values for other nodes, or of another shape, are left out).
void restoreParameters(Session& session, const GraphFile& file);

} // namespace miniflow
