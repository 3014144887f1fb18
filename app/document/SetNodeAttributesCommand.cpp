#include "app/document/SetNodeAttributesCommand.h"

#include "app/document/GraphDocument.h"

SetNodeAttributesCommand::SetNodeAttributesCommand(GraphDocument* document, miniflow::NodeId id,
                                                   nlohmann::json attributes, QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Edit attributes"), true, parent), id_(id),
      before_(document->graph().find(id)->attributes), after_(std::move(attributes)),
      trained_(document->parameter(id)) {}

void SetNodeAttributesCommand::redo() {
    document()->setNodeAttributes(id_, after_);
}

void SetNodeAttributesCommand::undo() {
    document()->setNodeAttributes(id_, before_);
    if (trained_)
        document()->restoreParameter(id_, *trained_);
}
