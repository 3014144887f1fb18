#include "app/analysis/StepDetails.h"

#include "inspect/ValueStats.h"

#include <QObject>

using miniflow::Tensor;

namespace StepDetails {

namespace {

QString number(double v) {
    return QString::number(v, 'g', 6);
}

QString shapeText(const Tensor& t) {
    return QStringLiteral("%1 x %2").arg(t.rows()).arg(t.cols());
}

QString heading(const QString& text) {
    return "<h3 style='margin:4px 0'>" + text.toHtmlEscaped() + "</h3>";
}

QString name(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}

/// A cell that never wraps: a number is never split across lines (NOTE in StepDetails.h).
QString cell(const QString& html, const char* align = "right") {
    return QStringLiteral("<td align=%1 nowrap style='white-space:nowrap'><nobr>").arg(align) +
           html + "</nobr></td>";
}

/// The statistics as a two-row grid: names over values.
QString statsGrid(const miniflow::ValueStats& s, const QString& shape) {
    QString html = "<table border=0 cellspacing=0 cellpadding=3><tr>";
    for (const QString& label : {QObject::tr("shape"), QObject::tr("min"), QObject::tr("max"),
                                 QObject::tr("mean"), QObject::tr("std"), QObject::tr("L2")})
        html += cell("<small>" + label + "</small>", "center");
    html += "</tr><tr>" + cell("<i>" + shape + "</i>", "center");
    for (double v : {s.min, s.max, s.mean, s.stddev, s.l2Norm})
        html += cell(number(v));
    html += "</tr></table>";
    if (s.nonFinite > 0)
        html += QStringLiteral("<p><b style='color:#c00'>%1 NaN/Inf</b></p>").arg(s.nonFinite);
    return html;
}

/// Upstream, the operator, local, "=", gradient side by side. A matrix rule's order is the
/// rule's (Xᵀ · upstream for a weight), so its factor is listed, not multiplied in place.
QString product(const miniflow::EdgeChainRule& rule) {
    const QString op = rule.form == miniflow::ChainRuleForm::Elementwise      ? "⊙"
                       : rule.form == miniflow::ChainRuleForm::ScalarUpstream ? "×"
                                                                              : QObject::tr("with");
    QString html = "<table cellspacing=6><tr>";
    html += "<td valign=middle><small>upstream ∂L/∂out</small><br>" + tensorHtml(rule.upstream) +
            "</td>";
    if (rule.local.size() > 0) {
        const QString label = rule.form == miniflow::ChainRuleForm::MatrixRule
                                  ? QObject::tr("factor in the rule")
                                  : QObject::tr("local derivative");
        html += "<td valign=middle><b>" + op + "</b></td><td valign=middle><small>" + label +
                "</small><br>" + tensorHtml(rule.local) + "</td>";
    }
    html += "<td valign=middle><b>=</b></td><td valign=middle><small>edge gradient</small><br>" +
            tensorHtml(rule.gradient) + "</td></tr></table>";
    return html;
}

} // namespace

QString tensorHtml(const Tensor& t) {
    if (t.size() == 0)
        return "<i>empty</i>";
    if (t.size() <= kFullElements && t.rows() <= kFullRows) {
        QString html = "<table border=1 cellspacing=0 cellpadding=2 style='border-color:#bbb'>";
        for (miniflow::Index r = 0; r < t.rows(); ++r) {
            html += "<tr>";
            for (miniflow::Index c = 0; c < t.cols(); ++c)
                html += cell(number(t(r, c)));
            html += "</tr>";
        }
        return html + "</table>";
    }
    return statsGrid(miniflow::describeValue(t), shapeText(t));
}

QString forwardHtml(const miniflow::ForwardStep& step) {
    QString html =
        heading(QObject::tr("Forward pass @ %1 (%2)")
                    .arg(QString::fromStdString(step.name), QString::fromStdString(step.op)));
    html += "<p>" + QObject::tr("value:") + "</p>" +
            statsGrid(miniflow::describeValue(step.value), shapeText(step.value));
    if (step.value.size() <= kFullElements && step.value.rows() <= kFullRows)
        html += tensorHtml(step.value);
    return html;
}

QString backwardHtml(const miniflow::BackwardStep& step) {
    QString html =
        heading(QObject::tr("BP @ %1 (%2)")
                    .arg(QString::fromStdString(step.name), QString::fromStdString(step.op)));
    if (step.arriving.empty())
        html += QObject::tr("<p>The last node: backprop starts here with ∂L/∂%1 = 1.</p>")
                    .arg(name(step.name));
    for (const miniflow::ArrivingGradient& a : step.arriving)
        html += QObject::tr("<p>Getting %1's gradient along %2 → %1:</p>")
                    .arg(name(a.consumer), name(step.name)) +
                tensorHtml(a.gradient);
    if (step.arriving.size() > 1)
        html +=
            QObject::tr("<p><b>Fan-out:</b> ∂L/∂%1 is the sum of the %2 edge gradients above:</p>")
                .arg(name(step.name))
                .arg(step.arriving.size()) +
            tensorHtml(step.nodeGradient);
    if (step.inputs.empty() && !step.arriving.empty())
        html += QObject::tr("<p>%1 has no inputs: this is its final gradient (calculated by the "
                            "next nodes).</p>")
                    .arg(name(step.name));
    for (const miniflow::EdgeChainRule& rule : step.inputs)
        html += "<hr><p><b>" + name(rule.producer) + " → " + name(step.name) +
                "</b>: " + name(rule.rule) + "</p>" + product(rule);
    return html;
}

} // namespace StepDetails
