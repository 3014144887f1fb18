#pragma once
#include <QWidget>

class QLineEdit;
class QPushButton;

/// A path the user types (Enter or leaving the field takes it) or picks with the button
/// beside it. The text is the path as the document stores it.
class PathField : public QWidget {
    Q_OBJECT
  public:
    PathField(const QString& buttonText, QWidget* parent = nullptr);

    QString path() const;
    /// Shows `path` without emitting entered().
    void setPath(const QString& path);
    QLineEdit* lineEdit() const { return edit_; }
    QPushButton* button() const { return button_; }

  signals:
    /// The user typed a different path and confirmed it.
    void entered(const QString& path);
    /// The button was pressed: the owner opens its dialog.
    void browseRequested();

  private:
    QLineEdit* edit_;
    QPushButton* button_;
    QString shown_; ///< the last path set or entered: leaving the field unchanged is no edit
};
