#pragma once
#include <QDoubleSpinBox>

#include <optional>

/// A QDoubleSpinBox for positive values that span decades (a learning rate): it shows the
/// shortest form (0.01, 1e-05, 50), accepts plain or scientific notation as typed and keeps
/// six significant digits; the arrows walk the 1-2-5 series (0.01 -> 0.02 -> 0.05 -> 0.1).
/// A number outside the range is never clamped: the box keeps its value and emits refused()
/// with the text, so the caller can say why.
class ScientificSpinBox : public QDoubleSpinBox {
    Q_OBJECT
  public:
    explicit ScientificSpinBox(QWidget* parent = nullptr);

    QValidator::State validate(QString& text, int& position) const override;
    double valueFromText(const QString& text) const override;
    QString textFromValue(double value) const override;
    void fixup(QString& text) const override;
    void stepBy(int steps) override;
    /// Wide enough for six significant digits after "0.000" (the base class measures only
    /// the range's ends, "1e-12" and "1e+12").
    QSize sizeHint() const override;

  signals:
    /// `text` was typed but is not a number in [minimum(), maximum()]; the value stayed.
    void refused(const QString& text);

  protected:
    StepEnabled stepEnabled() const override;

  private:
    /// The typed number, when `text` is one.
    std::optional<double> parse(const QString& text) const;
};
