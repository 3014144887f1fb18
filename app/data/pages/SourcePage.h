#pragma once
#include "app/data/DatasetPreview.h"
#include "io/DatasetSpec.h"

#include <QWidget>

/// One source of the Dataset panel (generated, CSV, IDX, CIFAR-10): its own widgets, read
/// from and written to the source's fields of a DatasetSpec. The panel owns the fields all
/// sources share (validation split, normalization, seed) and the loading and binding.
class SourcePage : public QWidget {
    Q_OBJECT
  public:
    using QWidget::QWidget;

    /// The DatasetSpec::source this page edits ("builtin", "csv", "mnist", "cifar10").
    virtual QString source() const = 0;
    /// Sets the widgets from `spec` (whose source is this page's) without emitting edited().
    virtual void showSpec(const miniflow::DatasetSpec& spec) = 0;
    /// Writes the page's fields into `spec`.
    virtual void fillSpec(miniflow::DatasetSpec& spec) const = 0;
    /// What is still to choose before anything can load ("" when the page is complete).
    virtual QString missing() const { return {}; }
    /// A preview of this source loaded (a CSV page learns its columns from it).
    virtual void showPreview(const DatasetPreview& preview) { Q_UNUSED(preview); }

  signals:
    /// The user changed something; the panel loads the new spec.
    void edited();
};
