#include "train/TrainingConfig.h"

namespace miniflow {

std::string toString(Sampling sampling) {
    return sampling == Sampling::Shuffle ? "shuffle" : "resample";
}

} // namespace miniflow
