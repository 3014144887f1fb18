/// The studio must link Qt 6 only: Debian's QCustomPlot package also ships a Qt 5 build, which
/// `find_package(QCustomPlot)` or `find_library(NAMES QCustomPlot)` picks; the studio then
/// links and aborts at run time ("Must construct a QApplication before a QWidget"). The build
/// asks for QCustomPlotQt6 (the top-level CMakeLists.txt); ldd tells whether any libQt5 came in.
#include <QProcess>
#include <QTest>

class TestNoQt5 : public QObject {
    Q_OBJECT
  private slots:
    void studioLinksQt6Only();
};

void TestNoQt5::studioLinksQt6Only() {
    QProcess ldd;
    ldd.start("ldd", {MINIFLOW_STUDIO_BINARY});
    QVERIFY2(ldd.waitForFinished(30000), "ldd did not finish");
    QCOMPARE(ldd.exitCode(), 0);
    const QString libraries = QString::fromLocal8Bit(ldd.readAllStandardOutput());
    QVERIFY2(libraries.contains("libQt6Widgets"), qPrintable(libraries));
    QVERIFY2(!libraries.contains("libQt5"), qPrintable(libraries));
}

QTEST_GUILESS_MAIN(TestNoQt5)
#include "tst_no_qt5.moc"
