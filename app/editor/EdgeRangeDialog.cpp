#include "app/editor/EdgeRangeDialog.h"

#include "app/editor/GradientScale.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

EdgeRangeDialog::EdgeRangeDialog(double minValue, double maxValue, QWidget* parent)
    : QDialog(parent), min_(new QLineEdit(QString::number(minValue, 'g', 6))),
      max_(new QLineEdit(QString::number(maxValue, 'g', 6))), message_(new QLabel) {
    setWindowTitle(tr("Fixed edge colour range"));
    min_->setObjectName("rangeMin");
    max_->setObjectName("rangeMax");
    message_->setWordWrap(true);
    message_->setStyleSheet("color: #c00");
    auto* form = new QFormLayout(this);
    form->addRow(new QLabel(tr("Edges at or below the smallest value are grey and thin, at or "
                               "above the largest red and thick (log scale).")));
    form->addRow(tr("Smallest value"), min_);
    form->addRow(tr("Largest value"), max_);
    form->addRow(message_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(min_, &QLineEdit::textChanged, this, &EdgeRangeDialog::check);
    connect(max_, &QLineEdit::textChanged, this, &EdgeRangeDialog::check);
    check();
}

double EdgeRangeDialog::minValue() const {
    return min_->text().trimmed().toDouble();
}

double EdgeRangeDialog::maxValue() const {
    return max_->text().trimmed().toDouble();
}

void EdgeRangeDialog::setTexts(const QString& minText, const QString& maxText) {
    min_->setText(minText);
    max_->setText(maxText);
}

void EdgeRangeDialog::check() {
    bool minOk = false, maxOk = false;
    const double low = min_->text().trimmed().toDouble(&minOk);
    const double high = max_->text().trimmed().toDouble(&maxOk);
    problem_.clear();
    if (!minOk)
        problem_ = tr("\"%1\" is not a number: type the smallest value, e.g. 1e-6")
                       .arg(min_->text().trimmed());
    else if (!maxOk)
        problem_ = tr("\"%1\" is not a number: type the largest value, e.g. 0.5")
                       .arg(max_->text().trimmed());
    else
        GradientScale().setFixedRange(low, high, &problem_);
    message_->setText(problem_);
    message_->setVisible(!problem_.isEmpty());
    ok_->setEnabled(problem_.isEmpty());
}
