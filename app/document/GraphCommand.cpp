#include "app/document/GraphCommand.h"

GraphCommand::GraphCommand(GraphDocument* document, const QString& text, bool structural,
                           QUndoCommand* parent)
    : QUndoCommand(text, parent), document_(document), structural_(structural) {}
