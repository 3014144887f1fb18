#include "app/headless/RecoveryPrompt.h"

#include "app/document/Autosave.h"
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "app/headless/StudioAutomation.h"

#include <QFile>
#include <QFileInfo>
#include <QMessageBox>

bool parseRecoveryChoice(const QString& text, RecoveryChoice& choice) {
    static const std::pair<const char*, RecoveryChoice> names[] = {
        {"ask", RecoveryChoice::Ask},
        {"restore", RecoveryChoice::Restore},
        {"discard", RecoveryChoice::Discard},
        {"keep", RecoveryChoice::Keep}};
    for (const auto& [name, value] : names)
        if (text == QLatin1String(name)) {
            choice = value;
            return true;
        }
    return false;
}

namespace {

RecoveryChoice ask(StudioAutomation& window, const QString& copy, const QString& project) {
    const QString written = QFileInfo(copy).lastModified().toString("yyyy-MM-dd hh:mm:ss");
    const QString what = project.isEmpty() || ProjectFiles::isExample(project)
                             ? QObject::tr("an untitled graph")
                             : QFileInfo(project).fileName();
    const auto answer = QMessageBox::question(
        window.studioWindow(), QObject::tr("Recover unsaved work?"),
        QObject::tr("MiniFlow Studio did not close cleanly. A recovery copy of %1 from %2 has "
                    "changes that were not saved.\n\nRestore it? (Discard deletes the copy.)")
            .arg(what, written),
        QMessageBox::Yes | QMessageBox::Discard, QMessageBox::Yes);
    return answer == QMessageBox::Yes ? RecoveryChoice::Restore : RecoveryChoice::Discard;
}

} // namespace

bool offerRecovery(StudioAutomation& window, RecoveryChoice choice, QString* message) {
    GraphDocument* document = window.document();
    const QString project = document->path();
    const QString copy = Autosave::pendingRecoveryFor(project);
    if (copy.isEmpty() || choice == RecoveryChoice::Keep)
        return false;
    if (choice == RecoveryChoice::Ask)
        choice = ask(window, copy, project);
    if (choice == RecoveryChoice::Discard) {
        QFile::remove(copy);
        return false;
    }
    miniflow::GraphFile recovered;
    try {
        recovered = ProjectFiles::read(copy);
    } catch (const std::exception& e) {
        const QString text =
            QObject::tr("The recovery copy %1 cannot be read (%2); it was left in place.")
                .arg(copy, QString::fromStdString(e.what()));
        if (message)
            *message = text;
        window.showStatusMessage(text);
        return false;
    }
    document->load(std::move(recovered), ProjectFiles::isExample(project) ? QString() : project);
    document->markUnsaved();
    const QString text = QObject::tr("Restored the recovery copy %1: save to keep it").arg(copy);
    if (message)
        *message = text;
    window.showStatusMessage(text);
    return true;
}
