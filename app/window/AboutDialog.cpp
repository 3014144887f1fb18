#include "app/window/AboutDialog.h"

#include "onnxio/OnnxVersion.h"
#include "tensor/MatrixLibrary.h"

#include "MiniflowVersion.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>
#include <qcustomplot.h>
#include <zlib.h>

QList<AboutDialog::Library> AboutDialog::libraries() {
    const QString json = QStringLiteral("%1.%2.%3")
                             .arg(NLOHMANN_JSON_VERSION_MAJOR)
                             .arg(NLOHMANN_JSON_VERSION_MINOR)
                             .arg(NLOHMANN_JSON_VERSION_PATCH);
    return {
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion()), QStringLiteral("LGPL-3.0")},
        {QStringLiteral("Eigen"), QString::fromStdString(miniflow::eigenVersion()),
         QStringLiteral("MPL-2.0")},
        {QStringLiteral("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR),
         QStringLiteral("GPL-3.0")},
        {QStringLiteral("OpenBLAS (matrix products)"),
         QString::fromStdString(miniflow::matrixLibrary()), QStringLiteral("BSD-3-Clause")},
        {QStringLiteral("ONNX, Protocol Buffers"),
         QString::fromStdString(miniflow::onnxLibraryVersions()),
         QStringLiteral("Apache-2.0; BSD-3-Clause")},
        {QStringLiteral("JSON for Modern C++"), json, QStringLiteral("MIT")},
        {QStringLiteral("zlib"), QString::fromLatin1(zlibVersion()), QStringLiteral("Zlib")},
    };
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About MiniFlow Studio"));
    auto* layout = new QVBoxLayout(this);
    auto* header = new QHBoxLayout;
    auto* icon = new QLabel;
    icon->setPixmap(QIcon(QStringLiteral(":/icons/miniflow-studio-64.png")).pixmap(64, 64));
    header->addWidget(icon);
    auto* title = new QLabel(
        tr("<h2>MiniFlow Studio %1</h2><p>Build, train and look inside neural networks: "
           "drag nodes into a graph, press Train, and watch the gradient on every edge.</p>")
            .arg(QStringLiteral(MINIFLOW_VERSION)));
    title->setWordWrap(true);
    title->setObjectName(QStringLiteral("aboutTitle"));
    header->addWidget(title, 1);
    layout->addLayout(header);
    layout->addWidget(new QLabel(tr("Runs on these libraries:")));

    const QList<Library> rows = libraries();
    auto* table = new QTableWidget(static_cast<int>(rows.size()), 3);
    table->setObjectName(QStringLiteral("aboutLibraries"));
    table->setHorizontalHeaderLabels({tr("Library"), tr("Version"), tr("Licence")});
    for (int r = 0; r < rows.size(); ++r) {
        const Library& library = rows[r];
        const QString cells[] = {library.name, library.version, library.licence};
        for (int c = 0; c < 3; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(cells[c]);
            table->setItem(r, c, item);
        }
    }
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    table->setMinimumHeight(table->verticalHeader()->defaultSectionSize() * (rows.size() + 1) + 6);
    layout->addWidget(table, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(620, 420);
}
