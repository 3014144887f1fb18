#pragma once
/// NOTE [Document model]
/// GraphDocument holds the truth the studio edits: one miniflow::GraphFile (nodes, edges,
/// positions, dataset binding, training settings, trained parameters). Views never keep
/// their own copy: they mirror it through the signals below. Every user edit goes through
/// a QUndoCommand pushed on undoStack(); the commands call the mutators here, which emit.
/// While training runs the structure is locked: structural mutators refuse (return false)
/// and views tell the user why (structureLockReason()).
#include "app/document/GraphMetaTypes.h"
#include "io/GraphFile.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <optional>

class GraphCommand;

class GraphDocument : public QObject {
    Q_OBJECT
  public:
    explicit GraphDocument(QObject* parent = nullptr);

    const miniflow::GraphFile& file() const { return file_; }
    const miniflow::Graph& graph() const { return file_.graph; }
    QUndoStack* undoStack() { return &undoStack_; }

    /// Replaces everything (New / Open / Examples); clears undo history and the modified flag.
    void load(miniflow::GraphFile file, const QString& path);
    QString path() const { return path_; }
    void setPath(const QString& path);
    bool isModified() const { return !undoStack_.isClean(); }
    void markSaved() { undoStack_.setClean(); }
    /// Modified without an undo step (a restored recovery copy is not on disk yet).
    void markUnsaved() { undoStack_.resetClean(); }

    /// The one way views edit: pushes `command` (taking ownership) unless it is structural
    /// and the structure is locked; then it deletes the command, emits editRefused() with
    /// the words to show and returns false.
    bool push(GraphCommand* command);
    /// Undo / redo the next command, refused like push() when it is structural and locked.
    bool undo();
    bool redo();
    /// What to tell the user when a structural edit is refused: the lock's reason, or
    /// "Stop training to edit the graph".
    QString lockedMessage() const;

    // Mutators, for undo commands. Structural ones return false while locked.
    /// Inserts `node` (whose id must be valid and unused) at `index` in the node list,
    /// or at the end when index < 0, so that undo can restore the exact order.
    bool insertNode(const miniflow::Node& node, int index = -1);
    bool eraseNode(miniflow::NodeId id);
    /// Inserts `edge` at `index` in the edge list (end when index < 0).
    bool insertEdge(const miniflow::Edge& edge, int index = -1);
    bool eraseEdge(const miniflow::Edge& edge);
    /// Position of the node / edge in the graph's lists, or -1.
    int nodeIndex(miniflow::NodeId id) const;
    int edgeIndex(const miniflow::Edge& edge) const;
    void setNodePosition(miniflow::NodeId id, miniflow::Position position);
    void setNodeName(miniflow::NodeId id, const std::string& name);
    /// Attribute edits change shapes, so they count as structural.
    bool setNodeAttributes(miniflow::NodeId id, const nlohmann::json& attributes);
    void setDataset(const miniflow::DatasetSpec& dataset);
    void setTrainingConfig(const miniflow::TrainingConfig& config);
    void setParameters(std::map<miniflow::NodeId, miniflow::Tensor> parameters);
    /// The trained value of one Parameter node, if the document holds one.
    std::optional<miniflow::Tensor> parameter(miniflow::NodeId id) const;
    /// Puts back a trained value (undo of a delete or an attribute edit).
    void restoreParameter(miniflow::NodeId id, const miniflow::Tensor& value);

    void setStructureLocked(bool locked, const QString& reason = {});
    bool structureLocked() const { return locked_; }
    QString structureLockReason() const { return lockReason_; }

  signals:
    void graphReplaced();
    void nodeAdded(miniflow::NodeId id);
    void nodeRemoved(miniflow::NodeId id);
    void nodeChanged(miniflow::NodeId id); ///< name or attributes
    void nodeMoved(miniflow::NodeId id);
    void edgeAdded(const miniflow::Edge& edge);
    void edgeRemoved(const miniflow::Edge& edge);
    void datasetChanged();
    void trainingConfigChanged();
    void parametersChanged();
    void structureLockChanged(bool locked);
    void pathChanged(const QString& path);
    void modifiedChanged(bool modified);
    /// Anything a result computed from the document may depend on changed: the graph was
    /// replaced, a node or edge added, removed or changed, the dataset or the parameters
    /// changed (not positions or training settings). Analysis panels and their canvas
    /// overlays forget their results on it (NOTE [Canvas overlays]).
    void contentChanged();
    /// A structural edit was refused because training runs; `message` says so in words.
    void editRefused(const QString& message);

  private:
    miniflow::GraphFile file_;
    QUndoStack undoStack_;
    QString path_;
    bool locked_ = false;
    QString lockReason_;
};
