#include "tensor/Im2Col.h"

#include <algorithm>
#include <cstring>

namespace miniflow {

namespace {

/// The output columns wo whose input column wo*stride + offset lies in [0,
/// width): [first, end).
std::pair<Index, Index> insideRange(Index outW, Index stride, Index offset, Index width) {
    // wo*stride + offset >= 0  <=>  wo >= ceil(-offset / stride)
    const Index first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    // wo*stride + offset <= width - 1  <=>  wo <= floor((width - 1 - offset) /
    // stride)
    const Index last = width - 1 - offset < 0 ? -1 : (width - 1 - offset) / stride;
    const Index begin = std::min(first, outW);
    return {begin, std::max(begin, std::min(last + 1, outW))};
}

/// For every row of the im2col matrix and output row ho: outside(at) when the
/// input row lies in the padding, else inside(at, source, begin, end): the
/// stretch of Wo entries starting at col[at] reads image[source + wo*strideW]
/// for wo in [begin, end) and is padding elsewhere.
template <typename Outside, typename Inside>
void forEachWindowRow(const ConvGeometry& g, Index rowStride, Outside outside, Inside inside) {
    for (Index c = 0; c < g.channels; ++c)
        for (Index i = 0; i < g.kernelH; ++i)
            for (Index j = 0; j < g.kernelW; ++j) {
                const Index row = (c * g.kernelH + i) * g.kernelW + j;
                const Index offsetW = j * g.dilationW - g.padLeft;
                const auto [begin, end] = insideRange(g.outW, g.strideW, offsetW, g.width);
                for (Index ho = 0; ho < g.outH; ++ho) {
                    const Index h = ho * g.strideH - g.padTop + i * g.dilationH;
                    const Index at = row * rowStride + ho * g.outW;
                    if (h < 0 || h >= g.height)
                        outside(at);
                    else
                        inside(at, (c * g.height + h) * g.width + offsetW, begin, end);
                }
            }
}

} // namespace

void im2col(const ConvGeometry& g, const float* image, float* col, Index rowStride) {
    const Index outW = g.outW, stride = g.strideW;
    forEachWindowRow(
        g, rowStride, [&](Index at) { std::fill(col + at, col + at + outW, 0.0f); },
        [&](Index at, Index source, Index begin, Index end) {
            float* out = col + at;
            std::fill(out, out + begin, 0.0f);
            if (stride == 1) {
                if (end > begin)
                    std::memcpy(out + begin, image + source + begin,
                                static_cast<size_t>(end - begin) * sizeof(float));
            } else {
                for (Index wo = begin; wo < end; ++wo)
                    out[wo] = image[source + wo * stride];
            }
            std::fill(out + end, out + outW, 0.0f);
        });
}

void col2im(const ConvGeometry& g, const float* col, Index rowStride, float* image) {
    std::fill(image, image + g.imageSize(), 0.0f);
    const Index stride = g.strideW;
    forEachWindowRow(
        g, rowStride, [](Index) {},
        [&](Index at, Index target, Index begin, Index end) {
            const float* in = col + at;
            float* out = image + target;
            if (stride == 1) {
                for (Index wo = begin; wo < end; ++wo)
                    out[wo] += in[wo];
            } else {
                for (Index wo = begin; wo < end; ++wo)
                    out[wo * stride] += in[wo];
            }
        });
}

} // namespace miniflow
