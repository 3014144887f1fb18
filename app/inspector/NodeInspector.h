#pragma once
#include "graph/Graph.h"

#include <QWidget>

#include <map>
#include <string>

class GraphDocument;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

/// The selected node's name and attributes, editable. Every change is one undo step
/// (RenameNodeCommand, SetNodeAttributesCommand; for a Linear node's "units" a
/// ResizeUnitsCommand that resizes its W and b too). Attribute edits are structural:
/// while training they are refused (the document says why) and the field reverts.
/// Editors are named "name" and "attribute:<key>" (e.g. "attribute:units").
class NodeInspector : public QWidget {
    Q_OBJECT
  public:
    explicit NodeInspector(GraphDocument* document, QWidget* parent = nullptr);

    void showNode(miniflow::NodeId id);
    void clearNode();
    miniflow::NodeId node() const { return node_; }
    /// The editor of attribute `key`, or null.
    QWidget* editorFor(const std::string& key) const;
    /// The "Output shape: ..." line as shown.
    QString shapeText() const;
    /// The parameters and multiply-adds line as shown (NOTE [Network summary]).
    QString statisticsText() const;

  signals:
    /// The "Check this node's gradient" button was pressed for node().
    void gradientCheckRequested(miniflow::NodeId node);

  private:
    void rebuild();
    void refreshValues();
    void refreshShape();
    void refreshStatistics();

    QWidget* makeEditor(const std::string& key, const nlohmann::json& value);
    QWidget* makeCheckEditor(const std::string& key);
    QWidget* makeNumberEditor(const std::string& key, const nlohmann::json& value);
    QWidget* makeChoiceEditor(const std::string& key, const QStringList& choices,
                              const nlohmann::json& value);
    QWidget* makeTextEditor(const std::string& key, const nlohmann::json& value);
    void setEditorValue(QWidget* editor, const nlohmann::json& value);
    /// The node's attributes with its op's defaults filled in.
    nlohmann::json shownAttributes() const;
    void commitName();
    void commitAttribute(const std::string& key, const nlohmann::json& value);
    void commitInputsCount(const miniflow::Node& node, int count);

    GraphDocument* document_;
    miniflow::NodeId node_;
    QLabel* title_;
    QLabel* summary_;
    QLabel* shape_;
    QLabel* statistics_;
    QLineEdit* name_;
    QPushButton* checkButton_ = nullptr;
    QWidget* form_ = nullptr;
    QFormLayout* formLayout_ = nullptr;
    std::map<std::string, QWidget*> editors_;
};
