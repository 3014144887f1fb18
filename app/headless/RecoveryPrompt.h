#pragma once
#include <QString>

class StudioAutomation;

/// What to do with a recovery copy found at start (NOTE [Recovery copies]).
enum class RecoveryChoice {
    Ask,     ///< a dialog: Restore or Discard
    Restore, ///< load it (headless runs and tests)
    Discard, ///< delete it
    Keep,    ///< leave it for a later start (headless runs that must not block)
};

/// Parses "ask", "restore", "discard", "keep"; false for anything else.
bool parseRecoveryChoice(const QString& text, RecoveryChoice& choice);

/// Offers the recovery copy of the document the window has open, if one is pending
/// (Autosave::pendingRecoveryFor). Restoring loads it in place of the opened file, keeps
/// the project's path (untitled for examples and new documents) and marks the document
/// modified, so nothing is on disk until the user saves; the project file is not touched.
/// Returns true when a copy was restored. An unreadable copy is reported and left alone.
bool offerRecovery(StudioAutomation& window, RecoveryChoice choice, QString* message = nullptr);
