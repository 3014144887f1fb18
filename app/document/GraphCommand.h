#pragma once
#include <QUndoCommand>

class GraphDocument;

/// Base of every edit pushed through GraphDocument::push(). It knows its document and
/// whether it changes the graph's structure (nodes, edges, attributes: what training
/// locks) or only its presentation (positions, names, settings). Used alone, it is a
/// macro: its redo()/undo() run the children given as `parent`.
class GraphCommand : public QUndoCommand {
  public:
    GraphCommand(GraphDocument* document, const QString& text, bool structural,
                 QUndoCommand* parent = nullptr);

    bool isStructural() const { return structural_; }

  protected:
    GraphDocument* document() const { return document_; }

  private:
    GraphDocument* document_;
    bool structural_;
};
