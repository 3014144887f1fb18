#pragma once
/// Chooses a sweep (NOTE [Sweeps]): values for the learning rate, batch size, the units of
/// each layer that has units, the dropout rate and the optimizers, as a grid or N random
/// draws with a seed. Values are typed as lists ("1e-3, 1e-2"); an empty field is not swept.
/// The dialog applies every point before it lets the sweep start and says what is wrong
/// (which setting, which value) otherwise.
#include "io/Sweep.h"

#include <QDialog>
#include <map>
#include <utility>
#include <vector>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

class SweepDialog : public QDialog {
    Q_OBJECT
  public:
    SweepDialog(const miniflow::GraphFile& file, QWidget* parent = nullptr);

    /// The sweep as chosen (valid when the OK button is enabled).
    miniflow::SweepSpec spec() const;
    /// How many runs the choice makes (0 when it is invalid).
    int runCount() const { return runCount_; }
    QString problem() const;

    /// Field for a setting: "learningRate", "batchSize", "dropout", "epochs", "NODE.units".
    QLineEdit* field(const QString& key) const;
    QCheckBox* optimizerBox(const QString& optimizer) const;
    void setRandom(int draws, int seed);

  private:
    void update();

    miniflow::GraphFile file_;
    std::vector<std::pair<QString, QLineEdit*>> fields_; ///< in the form's order
    std::map<QString, QCheckBox*> optimizers_;
    QRadioButton* grid_;
    QRadioButton* random_;
    QSpinBox* draws_;
    QSpinBox* seed_;
    QLabel* summary_;
    QDialogButtonBox* buttons_;
    int runCount_ = 0;
};
