#pragma once
/// Memory-bound loops (copies, elementwise activations, optimizer updates) over tensors too
/// big for the caches: two cores stream more bytes than one, so they are split across the
/// matrix-product thread count (tensor/Threads.h). Small tensors, the common case in a
/// training step, stay on the calling thread: a parallel region costs more than they do.
#include "tensor/FlushDenormals.h"
#include "tensor/Tensor.h"

#include <Eigen/Core>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace miniflow {

/// Element count from which a loop is split across threads.
inline constexpr Index kParallelElements = Index{1} << 16;

/// Calls work(thread, begin, end) on disjoint ranges covering [0, count), one contiguous range
/// per thread (thread = 0, 1, ... below Eigen::nbThreads(), for per-thread scratch buffers)
/// when count * elementsPerItem >= kParallelElements, else once on the calling thread as
/// thread 0. Every thread running `work` flushes denormals to zero meanwhile (NOTE
/// [Denormals]). Matrix products inside `work` run on its thread alone (OpenMP is nested).
template <typename Work> void forThreadRanges(Index count, Index elementsPerItem, Work work) {
    const int threads = count * elementsPerItem >= kParallelElements ? Eigen::nbThreads() : 1;
#ifdef _OPENMP
    if (threads > 1 && count > 1) {
#pragma omp parallel num_threads(threads)
        {
            const FlushDenormals flush; // the mode is per thread
            const int parts = omp_get_num_threads(), me = omp_get_thread_num();
            work(me, count * me / parts, count * (me + 1) / parts);
        }
        return;
    }
#endif
    const FlushDenormals flush;
    work(0, Index{0}, count);
}

/// forThreadRanges without the thread index: work(begin, end).
template <typename Work> void forRanges(Index count, Index elementsPerItem, Work work) {
    forThreadRanges(count, elementsPerItem, [&](int, Index begin, Index end) { work(begin, end); });
}

/// out = f(in) applied to blocks of whole rows (f maps a block of rows of `in` to an
/// expression of the same shape): out is resized to in's shape, and each thread evaluates
/// its own contiguous rows (row-major, so every block is one contiguous stretch of memory).
template <typename Rowwise> void assignByRows(const Tensor& in, Tensor& out, Rowwise f) {
    out.resize(in.rows(), in.cols());
    forRanges(in.rows(), in.cols(), [&](Index begin, Index end) {
        out.middleRows(begin, end - begin) = f(in.middleRows(begin, end - begin));
    });
}

} // namespace miniflow
