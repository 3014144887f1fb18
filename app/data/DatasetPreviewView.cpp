#include "app/data/DatasetPreviewView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

DatasetPreviewView::DatasetPreviewView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    table_ = new QTableWidget(this);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setMinimumHeight(140);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    strip_ = new QWidget(this);
    images_ = new QHBoxLayout(strip_);
    images_->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_);
    layout->addWidget(strip_);
    table_->hide();
    strip_->hide();
}

void DatasetPreviewView::showPreview(const DatasetPreview& preview) {
    showTable(preview);
    showImages(preview);
}

int DatasetPreviewView::tableRows() const {
    return table_->isHidden() ? 0 : table_->rowCount();
}

int DatasetPreviewView::imageCount() const {
    return strip_->isHidden() ? 0 : images_->count() - 1;
}

void DatasetPreviewView::showTable(const DatasetPreview& preview) {
    table_->setVisible(!preview.csvColumns.empty());
    if (preview.csvColumns.empty())
        return;
    table_->clear();
    table_->setColumnCount(static_cast<int>(preview.csvColumns.size()));
    table_->setRowCount(static_cast<int>(preview.csvRows.size()));
    QStringList headers;
    for (const std::string& column : preview.csvColumns)
        headers << QString::fromStdString(column);
    table_->setHorizontalHeaderLabels(headers);
    for (size_t r = 0; r < preview.csvRows.size(); ++r)
        for (size_t c = 0; c < preview.csvRows[r].size(); ++c)
            table_->setItem(static_cast<int>(r), static_cast<int>(c),
                            new QTableWidgetItem(QString::number(preview.csvRows[r][c], 'g', 6)));
}

void DatasetPreviewView::showImages(const DatasetPreview& preview) {
    while (QLayoutItem* item = images_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (size_t i = 0; i < preview.images.size(); ++i) {
        auto* column = new QWidget(strip_);
        auto* stack = new QVBoxLayout(column);
        stack->setContentsMargins(0, 0, 0, 0);
        auto* image = new QLabel(column);
        image->setPixmap(QPixmap::fromImage(
            preview.images[i].scaled(kThumbnail, kThumbnail, Qt::KeepAspectRatio)));
        auto* caption = new QLabel(preview.imageLabels[i], column);
        caption->setAlignment(Qt::AlignHCenter);
        stack->addWidget(image);
        stack->addWidget(caption);
        images_->addWidget(column);
    }
    images_->addStretch(1);
    strip_->setVisible(!preview.images.empty());
}
