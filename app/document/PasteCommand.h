#pragma once
#include "app/document/GraphCommand.h"
#include "app/document/GraphFragment.h"

/// Adds a copy of a fragment (Paste, Duplicate): fresh ids, unique names, positions
/// moved by `offset`, the fragment's inner edges rewired to the copies.
class PasteCommand : public GraphCommand {
  public:
    PasteCommand(GraphDocument* document, const GraphFragment& fragment, miniflow::Position offset,
                 QUndoCommand* parent = nullptr);
    /// The ids of the new nodes, in fragment order.
    const std::vector<miniflow::NodeId>& pastedNodes() const { return pasted_; }

  private:
    std::vector<miniflow::NodeId> pasted_;
};
