#include "app/check/PreTrainDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

PreTrainDialog::PreTrainDialog(Check check, QWidget* parent)
    : QDialog(parent), check_(std::move(check)) {
    setWindowTitle(tr("Before training"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Training cannot start yet:"), this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    list_ = new QWidget(scroll);
    rows_ = new QVBoxLayout(list_);
    rows_->setContentsMargins(0, 0, 0, 0);
    scroll->setWidget(list_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    train_ = buttons->addButton(tr("Train"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(train_, &QPushButton::clicked, this, [this] {
        refresh();
        if (!problems_.empty())
            return;
        accept();
        emit trainRequested();
    });
    layout->addWidget(intro);
    layout->addWidget(scroll, 1);
    layout->addWidget(buttons);
    resize(560, 320);
    refresh();
}

void PreTrainDialog::refresh() {
    problems_ = check_();
    while (QLayoutItem* item = rows_->takeAt(0)) {
        if (QWidget* w = item->widget())
            w->deleteLater();
        delete item;
    }
    fixButtons_.clear();
    selectButtons_.clear();
    for (const TrainProblem& problem : problems_) {
        auto* row = new QWidget(list_);
        auto* line = new QHBoxLayout(row);
        line->setContentsMargins(0, 2, 0, 2);
        auto* text = new QLabel(problem.text, row);
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        line->addWidget(text, 1);
        QPushButton* fix = nullptr;
        if (problem.fix) {
            fix = new QPushButton(problem.fixLabel, row);
            const auto apply = problem.fix;
            connect(fix, &QPushButton::clicked, this, [this, apply] {
                apply();
                refresh();
            });
            line->addWidget(fix, 0, Qt::AlignTop);
        }
        QPushButton* select = nullptr;
        if (problem.showsDatasetPanel) {
            select = new QPushButton(problem.fixLabel, row);
            connect(select, &QPushButton::clicked, this, &PreTrainDialog::showDatasetPanel);
        } else if (!problem.nodes.empty()) {
            select = new QPushButton(tr("Select"), row);
            const auto nodes = problem.nodes;
            connect(select, &QPushButton::clicked, this,
                    [this, nodes] { emit selectNodes(nodes); });
        }
        if (select)
            line->addWidget(select, 0, Qt::AlignTop);
        fixButtons_.push_back(fix);
        selectButtons_.push_back(select);
        rows_->addWidget(row);
    }
    if (problems_.empty())
        rows_->addWidget(new QLabel(tr("Nothing left: the graph is ready to train."), list_));
    rows_->addStretch(1);
    train_->setEnabled(problems_.empty());
}

QPushButton* PreTrainDialog::fixButton(int row) const {
    return fixButtons_.at(static_cast<size_t>(row));
}

QPushButton* PreTrainDialog::selectButton(int row) const {
    return selectButtons_.at(static_cast<size_t>(row));
}
