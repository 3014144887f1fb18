#pragma once
/// The message a data reader's DataError carries, for tests of bad input.
#include "data/Dataset.h"

#include <QString>

namespace miniflow::test {

/// The DataError message `action` throws; "" when it throws none.
template <typename Action> QString dataErrorOf(Action action) {
    try {
        action();
    } catch (const DataError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace miniflow::test
