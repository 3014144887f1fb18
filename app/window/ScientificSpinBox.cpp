#include "app/window/ScientificSpinBox.h"

#include <QLineEdit>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace {

/// The next value of the 1-2-5 series above (up) or below (!up) `value` (> 0).
double nextInSeries(double value, bool up) {
    const double decade = std::pow(10.0, std::floor(std::log10(value)));
    const double mantissas[] = {1, 2, 5, 10};
    if (up) {
        for (double m : mantissas)
            if (m * decade > value * (1 + 1e-9))
                return m * decade;
        return 20 * decade;
    }
    for (int i = 3; i >= 0; --i)
        if (mantissas[i] * decade < value * (1 - 1e-9))
            return mantissas[i] * decade;
    return 0.5 * decade;
}

} // namespace

ScientificSpinBox::ScientificSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
    setDecimals(15); // QDoubleSpinBox rounds to this many decimals; 'g' below shows 6 digits
}

std::optional<double> ScientificSpinBox::parse(const QString& text) const {
    const QString trimmed = text.trimmed();
    bool ok = false;
    double value = trimmed.toDouble(&ok);
    if (!ok)
        value = locale().toDouble(trimmed, &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

QValidator::State ScientificSpinBox::validate(QString& text, int&) const {
    if (const std::optional<double> value = parse(text))
        return *value >= minimum() && *value <= maximum() ? QValidator::Acceptable
                                                          : QValidator::Intermediate;
    // What a number looks like while it is being typed: "", "-", "0.", "1e", "1e-".
    static const QRegularExpression partial(R"(^\s*[+-]?\d*[.,]?\d*([eE][+-]?\d*)?\s*$)");
    return partial.match(text).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
}

double ScientificSpinBox::valueFromText(const QString& text) const {
    return parse(text).value_or(value());
}

QString ScientificSpinBox::textFromValue(double value) const {
    return QString::number(value, 'g', 6);
}

void ScientificSpinBox::fixup(QString& text) const {
    // Called when an unacceptable text is left (Enter, focus out); the value stays as it was.
    emit const_cast<ScientificSpinBox*>(this)->refused(text.trimmed());
}

void ScientificSpinBox::stepBy(int steps) {
    double v = value();
    for (int i = 0; i < std::abs(steps); ++i)
        v = nextInSeries(v, steps > 0);
    if (v >= minimum() && v <= maximum())
        setValue(v);
    selectAll();
}

QSize ScientificSpinBox::sizeHint() const {
    QSize size = QDoubleSpinBox::sizeHint();
    const QFontMetrics metrics = fontMetrics();
    const int longest = metrics.horizontalAdvance(QStringLiteral("0.000123456"));
    const int measured = std::max(metrics.horizontalAdvance(textFromValue(minimum())),
                                  metrics.horizontalAdvance(textFromValue(maximum())));
    size.rwidth() += std::max(0, longest - measured);
    return size;
}

QAbstractSpinBox::StepEnabled ScientificSpinBox::stepEnabled() const {
    StepEnabled enabled = StepNone;
    if (nextInSeries(value(), true) <= maximum())
        enabled |= StepUpEnabled;
    if (nextInSeries(value(), false) >= minimum())
        enabled |= StepDownEnabled;
    return enabled;
}
