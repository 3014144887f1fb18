#pragma once
#include "app/data/DatasetBinding.h"
#include "app/data/DatasetPreview.h"

#include <QWidget>
#include <functional>

class DatasetPreviewView;
class GraphDocument;
class PreviewLoader;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class ScaleHint;

/// Chooses the data a graph trains on and shows how it meets the graph.
/// Sources: a built-in generated set (spiral, circle, xor, gaussians, regression1d), a CSV
/// file (preview of the first rows, target column, regression or classification), an
/// MNIST-style IDX folder (picked through its images file, .gz or plain) or a CIFAR-10 batch
/// folder (both with a strip of sample images and their labels); plus the validation split,
/// normalization and seed. Every change is loaded off the GUI thread exactly as training
/// will load it; only a spec that loads is written to the document (setDataset), errors are
/// shown in red and leave the document untouched. The binding section shows which Input
/// receives the features and which the labels, and offers to fit those Inputs to the data's
/// shape through an undoable BindDatasetCommand (refused while training locks the graph).
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

  private:
    QWidget* buildBuiltinPage();
    QWidget* buildCsvPage();
    QWidget* buildFolderPage(QLineEdit*& path, const QString& button,
                             void (DatasetPanel::*browse)());
    QWidget* buildCommonSettings();
    QWidget* buildBindingSection();
    void browseCsv();
    void browseIdx();
    void browseCifar();
    /// Shows source page `page` (the order of kSources), sets its widgets, then loads.
    void choose(int page, const std::function<void()>& setWidgets);
    void scalePixelsByDefault();

    miniflow::DatasetSpec currentSpec() const;
    void showSpec(const miniflow::DatasetSpec& spec);
    void onEdited();
    void onDocumentDatasetChanged();
    void requestPreview(const miniflow::DatasetSpec& spec);
    void showPreview(const DatasetPreview& preview);
    void showCsvColumns(const DatasetPreview& preview);
    void showStatus(const QString& text, bool error);
    void refreshBinding();
    QString storedPath(const QString& absolutePath) const;
    std::string baseFolder() const;

    GraphDocument* document_;
    QComboBox* source_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    QComboBox* builtinName_ = nullptr;
    QSpinBox* samples_ = nullptr;
    QDoubleSpinBox* noise_ = nullptr;
    QSpinBox* classes_ = nullptr;
    QLineEdit* csvPath_ = nullptr;
    QComboBox* target_ = nullptr;
    QCheckBox* classification_ = nullptr;
    QLineEdit* idxPath_ = nullptr;
    QLineEdit* cifarPath_ = nullptr;
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
    QString categoricalChecked_;      ///< csv file whose target was auto-detected as classes
};
