#pragma once
#include "data/Dataset.h"

namespace miniflow {

/// The datasets a run uses; validation and test may be empty.
struct TrainingData {
    Dataset train;
    Dataset validation;
    Dataset test;
};

} // namespace miniflow
