#include "app/document/MoveNodesCommand.h"

#include "app/document/GraphDocument.h"

MoveNodesCommand::MoveNodesCommand(GraphDocument* document, std::vector<Move> moves,
                                   QUndoCommand* parent)
    : GraphCommand(document,
                   QObject::tr("Move %n node(s)", nullptr, static_cast<int>(moves.size())), false,
                   parent),
      moves_(std::move(moves)) {}

void MoveNodesCommand::redo() {
    for (const Move& m : moves_)
        document()->setNodePosition(m.id, m.to);
}

void MoveNodesCommand::undo() {
    for (const Move& m : moves_)
        document()->setNodePosition(m.id, m.from);
}
