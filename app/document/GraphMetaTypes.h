#pragma once
/// The graph's value types as Qt meta-types (signals and QVariants carry them). Every header
/// whose signals carry them includes this one, so the declarations come before any use.
#include "graph/Graph.h"

#include <QMetaType>

Q_DECLARE_METATYPE(miniflow::NodeId)
Q_DECLARE_METATYPE(miniflow::Edge)
