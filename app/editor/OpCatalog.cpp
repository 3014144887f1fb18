#include "app/editor/OpCatalog.h"

#include "ops/OpRegistry.h"

#include <QObject>

#include <utility>

namespace {

std::vector<CatalogEntry> buildEntries() {
    std::vector<CatalogEntry> entries;
    bool denseAdded = false;
    for (const miniflow::OpInfo& info : miniflow::allOps()) {
        const QString category = QString::fromStdString(info.category);
        if (category == "Layers" && !std::exchange(denseAdded, true)) {
            entries.push_back(
                {OpCatalog::kDenseLayer, QObject::tr("Dense layer"), category,
                 QObject::tr("Linear + weights W + bias b, wired (from the selected node if any)"),
                 true});
            entries.push_back(
                {OpCatalog::kBatchNormLayer, QObject::tr("BatchNorm layer"), category,
                 QObject::tr("BatchNorm + scale, shift and its running mean and variance (not "
                             "trainable), one per channel, wired (from the selected node if any)"),
                 true});
            entries.push_back({OpCatalog::kConvLayer, QObject::tr("Conv layer"), category,
                               QObject::tr("Conv2D (8 channels, 3x3) + weights W shaped from the "
                                           "input's channels + bias b, wired (from the selected "
                                           "node if any)"),
                               true});
        }
        entries.push_back({QString::fromStdString(info.kind), QString::fromStdString(info.kind),
                           category, QString::fromStdString(info.summary),
                           info.source == miniflow::SourceKind::None});
    }
    return entries;
}

} // namespace

bool OpCatalog::isMacro(const QString& kind) {
    return kind == kDenseLayer || kind == kConvLayer || kind == kBatchNormLayer;
}

const std::vector<CatalogEntry>& OpCatalog::entries() {
    static const std::vector<CatalogEntry> table = buildEntries();
    return table;
}

QStringList OpCatalog::categories() {
    QStringList list;
    for (const miniflow::OpInfo& info : miniflow::allOps()) {
        const QString category = QString::fromStdString(info.category);
        if (!list.contains(category))
            list << category;
    }
    return list;
}

const CatalogEntry* OpCatalog::find(const QString& kind) {
    for (const CatalogEntry& e : entries())
        if (e.kind == kind)
            return &e;
    return nullptr;
}

QColor OpCatalog::categoryColour(const QString& category) {
    if (category == "Sources")
        return QColor(0x3f, 0x9e, 0x6e);
    if (category == "Layers")
        return QColor(0x3b, 0x6f, 0xc4);
    if (category == "Activations")
        return QColor(0xd0, 0x84, 0x2c);
    if (category == "Arithmetic")
        return QColor(0x86, 0x5c, 0xb8);
    if (category == "Pooling")
        return QColor(0x2a, 0x8f, 0x8a);
    if (category == "Losses")
        return QColor(0xc0, 0x3b, 0x3b);
    return QColor(0x70, 0x70, 0x70);
}
