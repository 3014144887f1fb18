#pragma once
#include "app/data/DatasetBinding.h"
#include "app/data/DatasetPreview.h"

#include <QWidget>
#include <functional>
#include <set>
#include <utility>

class CsvPage;
class DatasetPreviewView;
class FolderPage;
class GeneratedPage;
class GraphDocument;
class PreviewLoader;
class QBoxLayout;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class ScaleHint;
class SourcePage;

/// Chooses the data a graph trains on and shows how it meets the graph.
/// Sources, one page each (app/data/pages/): a built-in generated set, a CSV file, an
/// MNIST-style IDX folder (picked through its images file, .gz or plain) or a CIFAR-10 batch
/// folder; paths may be typed or picked. Below them the validation split, normalization and
/// seed, a preview (first rows, or sample images with labels) and the binding section.
/// Every change is loaded off the GUI thread exactly as training will load it; only a spec
/// that loads is written to the document (setDataset), errors are shown in red and leave
/// the document untouched.
///
/// NOTE [Binding at once]
/// What the panel shows is what the document trains on: a graph without a dataset (File >
/// New) gets the choice the panel shows, and a choice binds when it loads. Inputs are
/// fitted to the data (BindDatasetCommand, one undo step) without a separate step when the
/// user chooses a dataset and when an Input appears or changes its role; Inputs of a graph
/// as it was opened are left as saved (the binding section marks those that do not fit and
/// "Fit Inputs to the data" fits them). An auto-fit that was undone is not redone.
class DatasetPanel : public QWidget {
    Q_OBJECT
  public:
    explicit DatasetPanel(GraphDocument* document, QWidget* parent = nullptr);
    ~DatasetPanel() override;

    // The choices the dialogs make, callable directly (tests, drag and drop).
    void chooseBuiltin(const QString& name);
    void chooseCsv(const QString& path);
    /// The folder holding `imagesPath` is read as an MNIST-style IDX folder.
    void chooseIdxImages(const QString& imagesPath);
    void chooseCifarFolder(const QString& folder);

    bool isLoading() const;
    bool hasError() const { return !preview_.ok(); }
    QString statusText() const;
    const DatasetPreview& preview() const { return preview_; }
    const DatasetPreviewView* previewView() const { return previewView_; }
    /// The "needs scaling" line (NOTE [Needs scaling]); hidden when the data is fine.
    ScaleHint* scaleHint() const { return scaleHint_; }
    CsvPage* csvPage() const { return csv_; }
    /// The features and labels bindings of the latest loaded preview.
    const std::vector<InputBinding>& bindings() const { return bindings_; }
    /// True when both Inputs exist and fit the loaded data.
    bool bindingFits() const;
    /// Pushes a BindDatasetCommand fitting the Inputs; false (nothing pushed) while the
    /// structure is locked, without a loaded preview, or when nothing needs fitting.
    bool fitInputs();

  signals:
    /// A load finished (successfully or not).
    void previewLoaded();

  protected:
    void resizeEvent(QResizeEvent* event) override;

  private:
    using InputKey = std::pair<miniflow::NodeId, std::string>; ///< Input id and role

    QWidget* buildCommonSettings();
    QWidget* buildBindingSection();
    void browseCsv();
    void browseIdx();
    void browseCifar();
    /// Shows `page`, lets `setWidgets` fill it, then loads what it names as a user choice.
    void choose(SourcePage* page, const std::function<void()>& setWidgets);
    SourcePage* currentPage() const;
    void scalePixelsByDefault();

    miniflow::DatasetSpec currentSpec() const;
    void showSpec(const miniflow::DatasetSpec& spec);
    void onEdited();
    void onGraphReplaced();
    void onDocumentDatasetChanged();
    void requestPreview(const miniflow::DatasetSpec& spec);
    void showPreview(const DatasetPreview& preview);
    void showStatus(const QString& text, bool error);
    void refreshBinding();
    /// Fits the Inputs not fitted before (all of them after a user's choice); deferred.
    void autoFit();
    std::set<InputKey> inputKeys() const;
    QString storedPath(const QString& absolutePath) const;
    std::string baseFolder() const;

    GraphDocument* document_;
    QBoxLayout* columns_ = nullptr; ///< side by side when wide, stacked when narrow
    QComboBox* source_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    GeneratedPage* generated_ = nullptr;
    CsvPage* csv_ = nullptr;
    FolderPage* idx_ = nullptr;
    FolderPage* cifar_ = nullptr;
    DatasetPreviewView* previewView_ = nullptr;
    PreviewLoader* loader_ = nullptr;
    QDoubleSpinBox* validation_ = nullptr;
    QComboBox* normalization_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QLabel* status_ = nullptr;
    ScaleHint* scaleHint_ = nullptr;
    QLabel* binding_ = nullptr;
    QPushButton* fit_ = nullptr;

    DatasetPreview preview_;
    std::vector<InputBinding> bindings_;
    miniflow::DatasetSpec requested_; ///< the spec of the latest load request
    bool updating_ = false;           ///< widgets are being set from a spec
    bool fitAllOnLoad_ = false;       ///< the latest request is a user's choice
    bool autoFitQueued_ = false;
    std::set<InputKey> settled_; ///< Inputs (with their role) auto-fitting leaves alone
};
