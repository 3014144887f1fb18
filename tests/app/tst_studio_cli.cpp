/// The miniflow-studio executable as scripts use it: the headless screenshot run, and
/// the friendly refusal when there is no display.
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestStudioCli : public QObject {
    Q_OBJECT
  private slots:
    void trainsAndSavesScreenshot();
    void backpropViewsBeforeScreenshot();
    void badArgumentsFail();
    void noDisplayExplainsHeadlessUse();
};

namespace {

struct Run {
    int exitCode = -1;
    QString output;
};

Run runStudio(const QStringList& arguments, const QProcessEnvironment& environment) {
    QProcess studio;
    studio.setProcessEnvironment(environment);
    studio.start(MINIFLOW_STUDIO_BINARY, arguments);
    if (!studio.waitForFinished(120000))
        return {};
    return {studio.exitCode(),
            QString::fromLocal8Bit(studio.readAllStandardOutput() + studio.readAllStandardError())};
}

QProcessEnvironment offscreen() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("QT_QPA_PLATFORM", "offscreen");
    return environment;
}

} // namespace

void TestStudioCli::trainsAndSavesScreenshot() {
    QTemporaryDir dir;
    const QString png = dir.filePath("shot.png");
    const Run run =
        runStudio({"--example", "spiral", "--train-steps", "30", "--screenshot", png}, offscreen());
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 1000 && image.height() >= 600);
}

void TestStudioCli::backpropViewsBeforeScreenshot() {
    QTemporaryDir dir;
    const QString png = dir.filePath("backprop.png");
    const Run run = runStudio(
        {"--example", "backprop", "--gradcheck", "--step-through", "10", "--screenshot", png},
        offscreen());
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    QVERIFY(!QImage(png).isNull());
    // The views ran before the picture: each says what it did.
    QVERIFY2(run.output.contains(QRegularExpression("gradient check: [1-9][0-9]* nodes checked")),
             qPrintable(run.output));
    QVERIFY2(run.output.contains("step through: at step 10"), qPrintable(run.output));
    const Run bad = runStudio(
        {"--example", "backprop", "--step-through", "ten", "--screenshot", png}, offscreen());
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.output.contains("--step-through"), qPrintable(bad.output));
}

void TestStudioCli::badArgumentsFail() {
    QTemporaryDir dir;
    const Run missing = runStudio(
        {"--open", dir.filePath("none.json"), "--screenshot", dir.filePath("x.png")}, offscreen());
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.output.contains("none.json"), qPrintable(missing.output));
    const Run example =
        runStudio({"--example", "nothing", "--screenshot", dir.filePath("x.png")}, offscreen());
    QCOMPARE(example.exitCode, 1);
    QVERIFY2(example.output.contains("spiral"), qPrintable(example.output)); // lists the examples
}

void TestStudioCli::noDisplayExplainsHeadlessUse() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(name);
    const Run run = runStudio({}, environment);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.output.contains("no display"), qPrintable(run.output));
    QVERIFY2(run.output.contains("QT_QPA_PLATFORM=offscreen") &&
                 run.output.contains("--screenshot"),
             qPrintable(run.output));
}

QTEST_GUILESS_MAIN(TestStudioCli)
#include "tst_studio_cli.moc"
