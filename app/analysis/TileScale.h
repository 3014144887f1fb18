#pragma once
/// NOTE [Tile colours]
/// How the feature-map, kernel and edge views colour one value, shared by every tile of a
/// view so tiles compare: a Diverging scale is symmetric around 0, -limit blue (33,102,172),
/// 0 white (247,247,247), +limit red (178,24,43), linear in between (the heat maps' colours);
/// a Gray scale runs from 0 black to +limit white (for values that are never negative, such
/// as ReLU outputs). Values beyond the limit take the end colour; NaN and Inf are magenta.
#include "tensor/Tensor.h"

#include <QImage>
#include <QString>

struct TileScale {
    enum class Kind { Diverging, Gray };
    Kind kind = Kind::Diverging;
    float limit = 1.0f; ///< |value| that takes the end colour; > 0

    /// Gray for values that are all >= 0, else Diverging; the limit is the largest finite
    /// |value| of `values` (1 when there is none or all are 0).
    static TileScale fitting(const float* values, miniflow::Index count);
    QRgb colour(float value) const;
    /// Says what the colours mean, for the panel: "blue -0.31 · white 0 · red +0.31 (shared by
    /// every tile)".
    QString describe() const;
};

/// An image of `height` x `width` values read row-major from `values` (one pixel each).
QImage tileImage(const float* values, miniflow::Index height, miniflow::Index width,
                 const TileScale& scale);
