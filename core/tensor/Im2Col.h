#pragma once
/// NOTE [Im2col]
/// A 2-D convolution as one matrix product per sample: im2col lays out every
/// receptive field of a C x H x W image (NOTE [Image layout]) as a column of a
/// (C*kH*kW) x (Ho*Wo) matrix, row (c*kH + i)*kW + j holding input (c, ho*sH -
/// padTop + i*dH, wo*sW - padLeft + j*dW) for output position ho*Wo + wo (0
/// where that falls into the padding). A Cout x (C*kH*kW) weight matrix
/// (PyTorch's Cout x C x kH x kW flattened) times it is the Cout x Ho*Wo
/// output, itself a sample's C x H x W row. col2im is its adjoint: it adds
/// every column entry back onto the pixel it came from (the gradient of
/// im2col).
#include "tensor/Tensor.h"

namespace miniflow {

/// The geometry of one convolution or pooling window over C x H x W images.
struct ConvGeometry {
    Index channels = 1, height = 1, width = 1;
    Index kernelH = 1, kernelW = 1;
    Index strideH = 1, strideW = 1;
    Index padTop = 0,
          padLeft = 0; ///< padding before; after-padding shows in outH/outW only
    Index dilationH = 1, dilationW = 1;
    Index outH = 1, outW = 1;

    Index patchSize() const { return channels * kernelH * kernelW; } ///< im2col's rows
    Index positions() const { return outH * outW; }                  ///< im2col's columns
    Index imageSize() const { return channels * height * width; }
};

/// image: one C x H x W sample (geometry.imageSize() floats); col: patchSize()
/// rows of positions() floats, row r starting at col + r * rowStride (rowStride
/// >= positions(): several samples side by side in one matrix), overwritten.
void im2col(const ConvGeometry& geometry, const float* image, float* col, Index rowStride);

/// The adjoint of im2col: image (imageSize() floats) is overwritten with the
/// sum, for every pixel, of the col entries im2col would have copied from it.
void col2im(const ConvGeometry& geometry, const float* col, Index rowStride, float* image);

} // namespace miniflow
