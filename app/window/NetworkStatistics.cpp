#include "app/window/NetworkStatistics.h"

#include "app/document/GraphDocument.h"
#include "inspect/NetworkSummary.h"

NetworkStatistics::NetworkStatistics(GraphDocument* document, QWidget* parent)
    : QLabel(parent), document_(document) {
    setObjectName("networkStatistics");
    connect(document_, &GraphDocument::contentChanged, this, &NetworkStatistics::refresh);
    refresh();
}

void NetworkStatistics::refresh() {
    const miniflow::NetworkSummary s = miniflow::summarizeNetwork(document_->graph());
    auto grouped = [](std::int64_t v) {
        return QString::fromStdString(miniflow::groupedDigits(v));
    };
    setText(tr("%1 parameters · %2 multiply-adds/sample")
                .arg(grouped(s.totalParameters), grouped(s.totalMultiplyAdds)));
    setToolTip(tr("Trainable parameters: %1\nNon-trainable parameters: %2\nMultiply-adds per "
                  "sample: %3%4")
                   .arg(grouped(s.trainableParameters),
                        grouped(s.totalParameters - s.trainableParameters),
                        grouped(s.totalMultiplyAdds),
                        s.complete ? QString()
                                   : tr("\n(some shapes are unknown: those nodes count none)")));
}
