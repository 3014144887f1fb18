#pragma once
#include <QWidget>

struct DatasetPreview;
class QLabel;
class QPushButton;

/// NOTE [Needs scaling]: one line with a button, shown only while the loaded data is not
/// normalized and its features reach far beyond a unit range (raw pixels, prices). The
/// button asks for normalization (minmax for images, standardize otherwise); the Dataset
/// panel owns the setting and applies it.
class ScaleHint : public QWidget {
    Q_OBJECT
  public:
    explicit ScaleHint(QWidget* parent = nullptr);
    /// Shows the line for `preview` when it needs scaling, hides it otherwise.
    void showFor(const DatasetPreview& preview);
    QString text() const;
    QPushButton* button() const { return button_; }

  signals:
    /// "minmax" or "standardize".
    void normalizeRequested(const QString& kind);

  private:
    QLabel* label_;
    QPushButton* button_;
    QString kind_;
};
