#pragma once
/// NOTE [GUI monkey]
/// A seeded random user of the studio (tst_monkey, tests/scripts/monkey.sh): every action goes
/// through the real widgets and actions of one MainWindow (palette drops, port and node drags on
/// the canvas's viewport, menu and toolbar actions, dock float / re-dock, dataset, inspector
/// and analysis panel widgets, window resizes, waits that let runs and background jobs land).
/// Widgets are reached by objectName, type or MainWindow's accessors; an action whose widget is
/// missing is skipped and counted, never failed. Modal dialogs (maybeSave's question, file
/// dialogs, error boxes, the add-node popup) are answered by a timer with a random allowed
/// choice, file dialogs with a path in the run's temporary folder. After every action the
/// canvas is repainted and must still mirror the document (NOTE [Document model]).
/// The same seed gives the same sequence of choices; what a choice meets can still differ
/// between runs (training runs on its own thread).
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <vector>

class MainWindow;
class QTimer;
class QWidget;

class MonkeyDriver : public QObject {
    Q_OBJECT
  public:
    /// `folder`: an existing writable folder for Save As and Open.
    MonkeyDriver(MainWindow* window, std::uint64_t seed, QString folder);
    ~MonkeyDriver() override;

    /// Performs up to `count` actions; false when the canvas stopped mirroring the document
    /// (failure() says how).
    bool run(int count);
    const QString& failure() const { return failure_; }
    int performed() const { return performedTotal_; }
    /// Per action kind: performed and skipped (widget not found) counts.
    const std::map<QString, int>& performedByKind() const { return performed_; }
    const std::map<QString, int>& skippedByKind() const { return skipped_; }
    /// The last `n` actions, oldest first, "seed S #i kind: what".
    QStringList lastActions(int n = 20) const;

    /// Prints the current seed and the last 20 actions to stderr when the process dies (fatal
    /// signal, sanitizer report); call once per process.
    static void installCrashReport();

  private:
    using Outcome = std::optional<QString>; ///< nullopt: skipped (its widget was not found)
    struct Action {
        QString name;
        int weight;
        std::function<Outcome()> run;
    };

    void addActions();
    static bool trace();
    void record(const QString& line);
    QString checkMirror() const;
    void answerModals();
    void settle(int ms);

    int pick(int n);
    double uniform(double low, double high);
    bool chance(double p);
    template <typename T> T* any(const QList<T*>& list) {
        return list.isEmpty() ? nullptr : list.at(pick(static_cast<int>(list.size())));
    }

    // The actions (nullopt when their widget is missing).
    Outcome dropFromPalette();
    Outcome activatePaletteItem();
    Outcome dragPort();
    Outcome dragNode();
    Outcome clickCanvas();
    Outcome hoverNode();
    Outcome doubleClickCanvas();
    Outcome wheelCanvas();
    Outcome triggerMenu(const QString& menu, const QStringList& entries);
    Outcome openExample();
    Outcome floatDock();
    Outcome toggleDock();
    Outcome training();
    Outcome toolbarSetting();
    Outcome datasetSetting();
    Outcome inspectorEdit();
    Outcome confusion();
    Outcome stepThrough();
    Outcome gradientCheck();
    Outcome healthList();
    Outcome resizeWindow();
    Outcome wait();

    MainWindow* window_;
    std::uint64_t seed_;
    QString folder_;
    std::mt19937_64 rng_;
    std::vector<Action> actions_;
    int totalWeight_ = 0;
    QTimer* answerer_;
    bool answerQueued_ = false;
    QList<QWidget*> answering_;           ///< dialogs whose answer is under way
    std::map<QObject*, int> fileAnswers_; ///< answers given to each file dialog
    int performedTotal_ = 0;
    int saveCount_ = 0;
    QString failure_;
    std::map<QString, int> performed_;
    std::map<QString, int> skipped_;
    QStringList history_;
};
