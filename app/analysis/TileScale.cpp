#include "app/analysis/TileScale.h"

#include <QObject>
#include <algorithm>
#include <cmath>

namespace {

QRgb mix(QRgb from, QRgb to, float t) {
    auto channel = [t](int a, int b) {
        return static_cast<int>(std::lround(static_cast<float>(a) + (b - a) * t));
    };
    return qRgb(channel(qRed(from), qRed(to)), channel(qGreen(from), qGreen(to)),
                channel(qBlue(from), qBlue(to)));
}

const QRgb kBlue = qRgb(33, 102, 172);
const QRgb kWhite = qRgb(247, 247, 247);
const QRgb kRed = qRgb(178, 24, 43);

QString number(float v) {
    return QString::number(static_cast<double>(v), 'g', 3);
}

} // namespace

TileScale TileScale::fitting(const float* values, miniflow::Index count) {
    float maxAbs = 0, min = 0;
    for (miniflow::Index i = 0; i < count; ++i)
        if (std::isfinite(values[i])) {
            maxAbs = std::max(maxAbs, std::abs(values[i]));
            min = std::min(min, values[i]);
        }
    return {min < 0 ? Kind::Diverging : Kind::Gray, maxAbs > 0 ? maxAbs : 1.0f};
}

QRgb TileScale::colour(float value) const {
    if (!std::isfinite(value))
        return qRgb(255, 0, 255);
    const float t = std::clamp(value / limit, -1.0f, 1.0f);
    if (kind == Kind::Gray) {
        const int g = static_cast<int>(std::lround(255.0f * std::max(t, 0.0f)));
        return qRgb(g, g, g);
    }
    return t < 0 ? mix(kWhite, kBlue, -t) : mix(kWhite, kRed, t);
}

QString TileScale::describe() const {
    if (kind == Kind::Gray)
        return QObject::tr("black 0 · white %1 (one scale for every tile)").arg(number(limit));
    return QObject::tr("blue −%1 · white 0 · red +%1 (one symmetric scale for every tile)")
        .arg(number(limit));
}

QImage tileImage(const float* values, miniflow::Index height, miniflow::Index width,
                 const TileScale& scale) {
    QImage image(static_cast<int>(width), static_cast<int>(height), QImage::Format_RGB32);
    for (miniflow::Index y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(static_cast<int>(y)));
        for (miniflow::Index x = 0; x < width; ++x)
            line[x] = scale.colour(values[y * width + x]);
    }
    return image;
}
