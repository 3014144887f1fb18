#pragma once
#include "app/check/PreTrainCheck.h"

#include <QDialog>
#include <functional>

class QDialogButtonBox;
class QPushButton;
class QVBoxLayout;

/// NOTE [Pre-Train check]: the list shown when Train is pressed on a graph that cannot
/// train. One row per problem: its sentence, a button applying its fix (where one exists),
/// and "Select" for the nodes it names (or "Show Dataset panel"). The list is checked again
/// after every fix; "Train" starts the run once nothing is left.
class PreTrainDialog : public QDialog {
    Q_OBJECT
  public:
    using Check = std::function<std::vector<TrainProblem>()>;
    PreTrainDialog(Check check, QWidget* parent = nullptr);

    /// Checks again and rebuilds the rows.
    void refresh();
    const std::vector<TrainProblem>& problems() const { return problems_; }
    /// The fix button of row `row` (nullptr when that problem has no fix).
    QPushButton* fixButton(int row) const;
    QPushButton* selectButton(int row) const;
    QPushButton* trainButton() const { return train_; }

  signals:
    void selectNodes(const std::vector<miniflow::NodeId>& nodes);
    void showDatasetPanel();
    void trainRequested();

  private:
    Check check_;
    std::vector<TrainProblem> problems_;
    QVBoxLayout* rows_ = nullptr;
    QWidget* list_ = nullptr;
    std::vector<QPushButton*> fixButtons_, selectButtons_;
    QPushButton* train_ = nullptr;
};
