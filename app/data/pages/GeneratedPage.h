#pragma once
#include "app/data/pages/SourcePage.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

/// A built-in generated set (spiral, circle, xor, gaussians, regression1d): its name,
/// sample count, noise and, for spiral and gaussians, the class count.
class GeneratedPage : public SourcePage {
    Q_OBJECT
  public:
    explicit GeneratedPage(QWidget* parent = nullptr);

    QString source() const override { return QStringLiteral("builtin"); }
    void showSpec(const miniflow::DatasetSpec& spec) override;
    void fillSpec(miniflow::DatasetSpec& spec) const override;

    /// Chooses the set `name` as the user would.
    void choose(const QString& name);

  private:
    void enableClasses();

    QComboBox* name_;
    QSpinBox* samples_;
    QDoubleSpinBox* noise_;
    QSpinBox* classes_;
};
