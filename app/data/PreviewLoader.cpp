#include "data/PreviewLoader.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>
#include <memory>

PreviewLoader::PreviewLoader(QObject* parent) : QObject(parent) {}

void PreviewLoader::load(const miniflow::DatasetSpec& spec, const std::string& baseFolder) {
    const int generation = ++generation_;
    busy_ = true;
    auto promise = std::make_shared<QPromise<DatasetPreview>>();
    auto* watcher = new QFutureWatcher<DatasetPreview>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != generation_)
            return;
        busy_ = false;
        emit loaded(watcher->result());
    });
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, spec, baseFolder] {
        promise->start();
        promise->addResult(loadDatasetPreview(spec, baseFolder));
        promise->finish();
    });
}

void PreviewLoader::cancel() {
    ++generation_;
    busy_ = false;
}
