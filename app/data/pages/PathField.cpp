#include "app/data/pages/PathField.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

PathField::PathField(const QString& buttonText, QWidget* parent)
    : QWidget(parent), edit_(new QLineEdit(this)), button_(new QPushButton(buttonText, this)) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(edit_, 1);
    row->addWidget(button_);
    edit_->setPlaceholderText(tr("type a path or press %1").arg(buttonText));
    edit_->setClearButtonEnabled(true);
    connect(edit_, &QLineEdit::editingFinished, this, [this] {
        const QString typed = edit_->text().trimmed();
        if (typed == shown_)
            return;
        shown_ = typed;
        emit entered(typed);
    });
    connect(button_, &QPushButton::clicked, this, &PathField::browseRequested);
}

QString PathField::path() const {
    return edit_->text().trimmed();
}

void PathField::setPath(const QString& path) {
    shown_ = path;
    edit_->setText(path);
    edit_->setToolTip(path);
}
