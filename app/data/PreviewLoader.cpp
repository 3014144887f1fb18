#include "app/data/PreviewLoader.h"

#include "app/threads/Mailbox.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>
#include <memory>

/// NOTE [Pool hand-off]
/// A pooled thread is reused: unlike a new thread (whose creation orders it after its
/// creator), a task handed to QThreadPool is ordered after start() only by the pool's own
/// lock, inside the uninstrumented Qt library, where ThreadSanitizer cannot see it (NOTE
/// [Hand-off under our own lock]). A task that read what start() captured was therefore a
/// race to TSan (monkey seed 2002, #51: the second preview load ran on a reused thread). So
/// the task captures nothing: the request (copies of its inputs, the promise and the result
/// mailbox) goes into a process-wide Mailbox under a std::mutex before start(), and each task
/// takes one request from it. Every request carries its own result mailbox, so which task
/// takes which request does not matter. The result comes back through that mailbox; the
/// future only says it is there.

namespace {

struct PreviewRequest {
    miniflow::DatasetSpec spec;
    std::string baseFolder;
    std::shared_ptr<QPromise<void>> promise;
    std::shared_ptr<Mailbox<DatasetPreview>> result;
};

Mailbox<PreviewRequest>& pendingRequests() {
    static Mailbox<PreviewRequest> requests; // thread-safe initialization (seen by TSan)
    return requests;
}

void runOnePreviewRequest() {
    std::optional<PreviewRequest> request = pendingRequests().take();
    if (!request)
        return;
    request->promise->start();
    request->result->post(loadDatasetPreview(request->spec, request->baseFolder));
    request->promise->finish();
}

} // namespace

PreviewLoader::PreviewLoader(QObject* parent) : QObject(parent) {}

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
    pendingRequests().post({spec, baseFolder, std::move(promise), std::move(result)});
    QThreadPool::globalInstance()->start(&runOnePreviewRequest);
}

void PreviewLoader::cancel() {
    ++generation_;
    busy_ = false;
}
