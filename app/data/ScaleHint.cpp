#include "app/data/ScaleHint.h"

#include "app/data/DatasetPreview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

ScaleHint::ScaleHint(QWidget* parent)
    : QWidget(parent), label_(new QLabel(this)), button_(new QPushButton(this)) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    label_->setWordWrap(true);
    label_->setStyleSheet(QStringLiteral("color: #b9770e;"));
    row->addWidget(label_, 1);
    row->addWidget(button_, 0, Qt::AlignTop);
    connect(button_, &QPushButton::clicked, this, [this] { emit normalizeRequested(kind_); });
    hide();
}

void ScaleHint::showFor(const DatasetPreview& preview) {
    if (!preview.needsScaling()) {
        hide();
        return;
    }
    const bool images = preview.sampleDims.size() > 1;
    kind_ = images ? QStringLiteral("minmax") : QStringLiteral("standardize");
    label_->setText(tr("The features reach %1 and are not normalized: training will be slow or "
                       "fail.")
                        .arg(preview.featureMagnitude, 0, 'g', 4));
    button_->setText(images ? tr("Scale to 0..1") : tr("Standardize"));
    button_->setToolTip(images ? tr("Divide the pixels by 255 (Normalization: Scale to 0..1)")
                               : tr("Give each feature mean 0 and std 1 (Normalization: "
                                    "Standardize)"));
    show();
}

QString ScaleHint::text() const {
    return label_->text();
}
