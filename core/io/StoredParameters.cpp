#include "io/StoredParameters.h"

namespace miniflow {

void restoreParameters(Session& session, const GraphFile& file) {
    for (const auto& [id, value] : file.parameters) {
        const int index = session.plan().indexOf(id);
        if (index < 0 || session.plan().nodes()[static_cast<size_t>(index)].info->source !=
                             SourceKind::Parameter)
            continue;
        Tensor& target = session.parameter(id);
        if (target.rows() == value.rows() && target.cols() == value.cols())
            target = value;
    }
}

} // namespace miniflow
