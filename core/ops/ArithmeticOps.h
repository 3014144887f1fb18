#pragma once
#include "ops/OpRegistry.h"

namespace miniflow {

/// Add (n-ary, 1 x C row vectors broadcast over rows), Mul (n-ary elementwise, same
/// broadcast), MatMul (A . B) and Linear (X . W + b, as MiniFlow's Linear).
void registerArithmeticOps(std::vector<OpInfo>& table);

} // namespace miniflow
