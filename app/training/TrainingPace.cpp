#include "app/training/TrainingPace.h"

#include "app/data/DatasetBinding.h"

namespace TrainingPace {

const std::vector<double>& choices() {
    static const std::vector<double> speeds{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, kMax};
    return speeds;
}

double defaultFor(const miniflow::GraphFile& file) {
    const InputBinding features = bindDataset(file.graph, 0, {}, 0).front();
    return features.input.valid() && features.inputColumns == 2 ? kWatchable : kMax;
}

} // namespace TrainingPace
