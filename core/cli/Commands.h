#pragma once
#include <string>
#include <vector>

namespace miniflow::cli {

/// `miniflow train GRAPH.json [--data PATH] [--epochs N] [--seed S] [--out FILE] [--runs DIR]`
int train(const std::vector<std::string>& args);
/// `miniflow check GRAPH.json [--data PATH]`: validate, show shapes, gradient check.
/// `miniflow sweep GRAPH.json --grid "learningRate=1e-3,1e-2;batchSize=32,128" [--random N
/// --seed S] [--runs DIR]`: one run per point (NOTE [Sweeps]), kept as run files.
int sweep(const std::vector<std::string>& args);
int check(const std::vector<std::string>& args);
/// `miniflow summary GRAPH.json`: per node output shape, parameters and multiply-adds, and
/// the totals (NOTE [Network summary]).
int summary(const std::vector<std::string>& args);
int usage(int exitCode);

} // namespace miniflow::cli
