#pragma once
#include <QByteArray>
#include <QMargins>
#include <QObject>
#include <QRect>
#include <QSize>
#include <vector>

class QDockWidget;
class QMainWindow;
class QSettings;
class QToolBar;

/// NOTE [Window layout]
/// The studio's arrangement of docks, sized for a 1366x768 laptop first:
///   left:   Nodes (narrow, full height);
///   right:  Inspector above Decision boundary (full height);
///   bottom (between the two columns): Loss and Gradient health as tabs on the left (what
///           a run shows); Dataset, Step through, Gradient check, Confusion matrix and Runs
///           as tabs on the right (what one looks into), so the tabs' titles stay readable
///           and the kept runs sit beside the loss plot they overlay.
/// The left and right columns own the bottom corners, so the canvas and the bottom row share
/// the middle. No dock's content may make the window taller or wider than a small screen:
/// contents that grow (forms, lists, long texts) scroll inside the dock (see MainWindow).
///
/// Persistence: QSettings keys "window/version", "window/geometry" (saveGeometry),
/// "window/frame" (the frame rectangle it was saved with) and "window/state" (saveState with
/// kVersion). A stored layout of another version is ignored; a stored geometry whose frame
/// does not fit the current screen's available area is refused (the window keeps its
/// placement on the screen), the dock state is still restored.
class WindowLayout : public QObject {
    Q_OBJECT
  public:
    /// Raise when the set or the roles of the docks change: older stored states are ignored.
    static constexpr int kVersion = 2; ///< 2: the Runs dock
    /// The size the window opens with on screens that have room for it.
    static constexpr QSize kPreferredSize{1600, 1000};
    /// Room left for a window manager's title bar and borders before the real frame is known.
    static constexpr QMargins kFrameAllowance{0, 32, 0, 0};

    struct Docks {
        QDockWidget* palette = nullptr;
        QDockWidget* inspector = nullptr;
        QDockWidget* boundary = nullptr;
        std::vector<QDockWidget*> bottomLeft;  ///< tabs; the first one is raised
        std::vector<QDockWidget*> bottomRight; ///< tabs; the first one is raised
    };

    WindowLayout(QMainWindow* window, Docks docks, std::vector<QToolBar*> toolBars);

    /// Places every dock and toolbar as on first start and shows them, with sizes relative
    /// to the window's current size (View > Reset Layout).
    void arrangeDefault();
    /// The window's geometry (client area) on `available`: kPreferredSize when it fits, else
    /// the available area less kFrameAllowance; centred.
    static QRect fittedGeometry(const QRect& available);
    /// Sizes and centres the window on the available area of the screen it is on.
    void placeOnScreen();

    /// True when `frame` lies inside `available` (both in global coordinates).
    static bool fits(const QRect& frame, const QRect& available);
    void save(QSettings& settings) const;
    /// Restores what save() wrote. Returns false (and changes nothing) when nothing of this
    /// version is stored; geometryRefused() then says whether the geometry was refused.
    bool restore(const QSettings& settings);
    bool geometryRefused() const { return geometryRefused_; }

  private:
    QRect availableArea() const;

    QMainWindow* window_;
    Docks docks_;
    std::vector<QToolBar*> toolBars_;
    bool geometryRefused_ = false;
};
