#include "tensor/SparseProducts.h"

#include "tensor/ParallelRanges.h"

#include <algorithm>
#include <atomic>
#include <vector>

namespace miniflow {

namespace {

std::atomic<bool> enabled{true};

/// Output columns summed per pass: 128 floats stay in vector registers for the whole sum
/// (8 AVX-512 accumulators: enough independent chains to keep both FMA units busy).
constexpr Index kChunk = 128;

/// The nonzero weights of one output row: positions and values. Per-thread scratch,
/// grown once, so steady training loops allocate nothing.
struct Nonzeros {
    std::vector<Index> index;
    std::vector<float> value;
    Index count = 0;

    /// Keeps the nonzeros among values[i * stride], i < n.
    void gather(const float* values, Index n, Index stride) {
        if (static_cast<Index>(index.size()) < n) {
            index.resize(static_cast<size_t>(n));
            value.resize(static_cast<size_t>(n));
        }
        Index* at = index.data();
        float* v = value.data();
        Index found = 0;
        for (Index i = 0; i < n; ++i) { // branch-free: write every slot, advance on nonzeros
            const float x = values[i * stride];
            at[found] = i;
            v[found] = x;
            found += x != 0.0f;
        }
        count = found;
    }
};

Nonzeros& scratch() {
    thread_local Nonzeros nonzeros;
    return nonzeros;
}

/// out[j] = sum_i value_i * rows[index_i * cols + j] for j < cols: a weighted sum of some
/// rows of a row-major matrix, kChunk columns at a time with the sums in registers.
void weightedRowSum(const Nonzeros& nz, const float* rows, Index cols, float* out) {
    using Chunk = Eigen::Matrix<float, 1, kChunk>;
    Index c0 = 0;
    for (; c0 + kChunk <= cols; c0 += kChunk) {
        Chunk sum = Chunk::Zero();
        for (Index i = 0; i < nz.count; ++i)
            sum.noalias() +=
                nz.value[static_cast<size_t>(i)] *
                Eigen::Map<const Chunk>(rows + nz.index[static_cast<size_t>(i)] * cols + c0);
        Eigen::Map<Chunk>(out + c0) = sum;
    }
    std::fill(out + c0, out + cols, 0.0f);
    for (Index i = 0; i < nz.count; ++i) {
        const float v = nz.value[static_cast<size_t>(i)];
        const float* row = rows + nz.index[static_cast<size_t>(i)] * cols;
        for (Index j = c0; j < cols; ++j)
            out[j] += v * row[j];
    }
}

} // namespace

bool worthSparseProduct(const Tensor& x) {
    if (!enabled.load(std::memory_order_relaxed) || x.size() == 0)
        return false;
    // An evenly spaced sample of at most kSample elements decides (a full count would cost
    // a pass over x; the sample's zero share is within a few points of the whole's).
    constexpr Index kSample = 4096;
    const Index step = std::max<Index>(1, x.size() / kSample);
    Index seen = 0, zeros = 0;
    for (Index i = 0; i < x.size(); i += step, ++seen)
        zeros += x.data()[i] == 0.0f;
    return static_cast<double>(zeros) >= kMinZeroShare * static_cast<double>(seen);
}

// Both products split their lines over the threads with forRanges (which also flushes
// denormals on each, NOTE [Denormals]); a line's work is its dense size, depth x columns.

void sparseLeftProduct(const Tensor& x, const Tensor& w, Tensor& out) {
    out.resize(x.rows(), w.cols());
    const Index depth = x.cols();
    forRanges(x.rows(), depth * w.cols(), [&](Index begin, Index end) {
        Nonzeros& nz = scratch();
        for (Index n = begin; n < end; ++n) {
            nz.gather(x.data() + n * depth, depth, 1);
            weightedRowSum(nz, w.data(), w.cols(), out.data() + n * out.cols());
        }
    });
}

void sparseTransposedProduct(const Tensor& x, const Tensor& g, Tensor& out) {
    out.resize(x.cols(), g.cols());
    const Index rows = x.rows(), depth = x.cols();
    forRanges(depth, rows * g.cols(), [&](Index begin, Index end) {
        Nonzeros& nz = scratch();
        for (Index k = begin; k < end; ++k) {
            nz.gather(x.data() + k, rows, depth);
            weightedRowSum(nz, g.data(), g.cols(), out.data() + k * out.cols());
        }
    });
}

void setSparseProductsEnabled(bool on) {
    enabled.store(on, std::memory_order_relaxed);
}

bool sparseProductsEnabled() {
    return enabled.load(std::memory_order_relaxed);
}

} // namespace miniflow
