#pragma once
#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

/// Asks for the fixed range of the edge colour scale (NOTE [Edge colours]): two numbers,
/// e.g. "1e-6" and "0.5". OK stays disabled and a line says what is wrong while the input
/// cannot be used (not a number, not above 0, largest not above smallest).
class EdgeRangeDialog : public QDialog {
    Q_OBJECT
  public:
    EdgeRangeDialog(double minValue, double maxValue, QWidget* parent = nullptr);
    double minValue() const;
    double maxValue() const;
    /// Sets both fields' text (tests type through this as a user would).
    void setTexts(const QString& minText, const QString& maxText);
    /// What is wrong with the input, or empty when it is usable.
    QString problem() const { return problem_; }

  private:
    void check();

    QLineEdit* min_;
    QLineEdit* max_;
    QLabel* message_;
    QPushButton* ok_ = nullptr;
    QString problem_;
};
