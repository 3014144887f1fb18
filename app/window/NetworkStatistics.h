#pragma once
#include <QLabel>

class GraphDocument;

/// The status bar's whole-graph numbers, like the totals of Keras's summary(): "407,050
/// parameters · 406,528 multiply-adds per sample"; the tooltip adds trainable and
/// non-trainable counts (NOTE [Network summary]). Follows every edit of the document.
class NetworkStatistics : public QLabel {
    Q_OBJECT
  public:
    explicit NetworkStatistics(GraphDocument* document, QWidget* parent = nullptr);
    void refresh();

  private:
    GraphDocument* document_;
};
