#pragma once
#include "app/data/DatasetPreview.h"

#include <QWidget>

class QHBoxLayout;
class QTableWidget;

/// The look at the data itself: the first rows of a CSV file as a table, or the first
/// images of an image set with their labels (a strip of thumbnails).
class DatasetPreviewView : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kThumbnail = 48;

    explicit DatasetPreviewView(QWidget* parent = nullptr);

    /// Shows the preview's table or images; hides what it has not.
    void showPreview(const DatasetPreview& preview);
    int tableRows() const;
    int imageCount() const;

  private:
    void showTable(const DatasetPreview& preview);
    void showImages(const DatasetPreview& preview);

    QTableWidget* table_ = nullptr;
    QWidget* strip_ = nullptr;
    QHBoxLayout* images_ = nullptr;
};
