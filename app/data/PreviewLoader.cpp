#include "app/data/PreviewLoader.h"

#include "app/threads/Mailbox.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>
#include <memory>

PreviewLoader::PreviewLoader(QObject* parent) : QObject(parent) {}

/// The result travels through a Mailbox (NOTE [Hand-off under our own lock]); the future
/// only says when it is there.
void PreviewLoader::load(const miniflow::DatasetSpec& spec, const std::string& baseFolder) {
    const int generation = ++generation_;
    busy_ = true;
    auto promise = std::make_shared<QPromise<void>>();
    auto result = std::make_shared<Mailbox<DatasetPreview>>();
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, result] {
        watcher->deleteLater();
        const std::optional<DatasetPreview> preview = result->take();
        if (generation != generation_ || !preview)
            return;
        busy_ = false;
        emit loaded(*preview);
    });
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, result, spec, baseFolder] {
        promise->start();
        result->post(loadDatasetPreview(spec, baseFolder));
        promise->finish();
    });
}

void PreviewLoader::cancel() {
    ++generation_;
    busy_ = false;
}
