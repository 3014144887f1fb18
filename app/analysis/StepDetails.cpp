#include "app/analysis/StepDetails.h"

#include "inspect/ValueStats.h"

#include <QObject>

using miniflow::Tensor;

namespace StepDetails {

namespace {

QString number(double v) {
    return QString::number(v, 'g', 6);
}

QString shapeText(const Tensor& t, const Layout& layout = {}) {
    if (layout.image && t.cols() == layout.image->size())
        return QStringLiteral("%1 x %2 x %3 x %4")
            .arg(t.rows())
            .arg(layout.image->channels)
            .arg(layout.image->height)
            .arg(layout.image->width);
    if (layout.kernel && t.rows() == layout.kernel->outChannels &&
        t.cols() == layout.kernel->filterSize())
        return QStringLiteral("%1 x %2 x %3 x %4")
            .arg(layout.kernel->outChannels)
            .arg(layout.kernel->inChannels)
            .arg(layout.kernel->height)
            .arg(layout.kernel->width);
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

/// Rows of `t` from `first`, `height` x `width` values each, as one bordered table.
QString gridTable(const float* values, miniflow::Index height, miniflow::Index width) {
    QString html = "<table border=1 cellspacing=0 cellpadding=2 style='border-color:#bbb'>";
    for (miniflow::Index r = 0; r < height; ++r) {
        html += "<tr>";
        for (miniflow::Index c = 0; c < width; ++c)
            html += cell(number(values[r * width + c]));
        html += "</tr>";
    }
    return html + "</table>";
}

/// `count` planes of height x width starting at `values`, side by side, each captioned.
QString planes(const float* values, miniflow::Index count, miniflow::Index height,
               miniflow::Index width, const QString& captionPattern) {
    QString html = "<table cellspacing=4><tr>";
    for (miniflow::Index c = 0; c < count; ++c)
        html += "<td valign=top><small>" + captionPattern.arg(c) + "</small><br>" +
                gridTable(values + c * height * width, height, width) + "</td>";
    return html + "</tr></table>";
}

/// Whether an image or kernel tensor is small enough to print in full.
bool fitsInFull(const Tensor& t, miniflow::Index height, miniflow::Index width) {
    return t.size() <= kFullImageElements && t.rows() <= kFullRows && height <= kFullImageSide &&
           width <= kFullImageSide;
}

/// The local factor reads like the input when it has the input's size, else like the
/// node's output when it has that size, else as a matrix.
Layout localLayout(const miniflow::EdgeChainRule& rule, const Layout& upstream,
                   const Layout& input) {
    if (rule.local.rows() == rule.gradient.rows() && rule.local.cols() == rule.gradient.cols())
        return input;
    if (rule.local.rows() == rule.upstream.rows() && rule.local.cols() == rule.upstream.cols())
        return upstream;
    return {};
}

/// Upstream, the operator, local, "=", gradient side by side. A matrix rule's order is the
/// rule's (Xᵀ · upstream for a weight), so its factor is listed, not multiplied in place.
QString product(const miniflow::EdgeChainRule& rule, const Layout& upstream, const Layout& input) {
    const QString op = rule.form == miniflow::ChainRuleForm::Elementwise      ? "⊙"
                       : rule.form == miniflow::ChainRuleForm::ScalarUpstream ? "×"
                                                                              : QObject::tr("with");
    QString html = "<table cellspacing=6><tr>";
    html += "<td valign=middle><small>upstream ∂L/∂out</small><br>" +
            tensorHtml(rule.upstream, upstream) + "</td>";
    if (rule.local.size() > 0) {
        const QString label = rule.form == miniflow::ChainRuleForm::MatrixRule
                                  ? QObject::tr("factor in the rule")
                                  : QObject::tr("local derivative");
        html += "<td valign=middle><b>" + op + "</b></td><td valign=middle><small>" + label +
                "</small><br>" + tensorHtml(rule.local, localLayout(rule, upstream, input)) +
                "</td>";
    }
    html += "<td valign=middle><b>=</b></td><td valign=middle><small>edge gradient</small><br>" +
            tensorHtml(rule.gradient, input) + "</td></tr></table>";
    return html;
}

} // namespace

namespace {
Layout layoutOf(const Layouts& layouts, miniflow::NodeId node) {
    Layout layout;
    if (const auto found = layouts.images.find(node); found != layouts.images.end())
        layout.image = found->second;
    if (const auto found = layouts.kernels.find(node); found != layouts.kernels.end())
        layout.kernel = found->second;
    return layout;
}

bool isImage(const Tensor& t, const Layout& layout) {
    return layout.image && t.cols() == layout.image->size() && t.cols() > 1;
}

bool isKernel(const Tensor& t, const Layout& layout) {
    return layout.kernel && t.rows() == layout.kernel->outChannels &&
           t.cols() == layout.kernel->filterSize() && t.cols() > 1;
}

bool printsInFull(const Tensor& t, const Layout& layout) {
    if (isImage(t, layout))
        return fitsInFull(t, layout.image->height, layout.image->width);
    if (isKernel(t, layout))
        return fitsInFull(t, layout.kernel->height, layout.kernel->width);
    return t.size() <= kFullElements && t.rows() <= kFullRows;
}
} // namespace

Layouts layoutsFor(const miniflow::Graph& graph) {
    Layouts layouts;
    const miniflow::ShapeInference shapes = miniflow::inferShapes(graph);
    for (const auto& [id, shape] : shapes.shapes) {
        if (const auto image = miniflow::imageDims(shape))
            layouts.images.emplace(id, *image);
        if (const auto kernel = miniflow::kernelDims(graph, shapes, id))
            layouts.kernels.emplace(id, *kernel);
    }
    return layouts;
}

QString tensorHtml(const Tensor& t, const Layout& layout) {
    if (t.size() == 0)
        return "<i>empty</i>";
    if (!printsInFull(t, layout))
        return statsGrid(miniflow::describeValue(t), shapeText(t, layout));
    if (isImage(t, layout)) {
        const miniflow::ImageDims& d = *layout.image;
        QString html;
        for (miniflow::Index r = 0; r < t.rows(); ++r)
            html +=
                (t.rows() > 1 ? QObject::tr("<small>sample %1</small>").arg(r) : QString()) +
                planes(t.row(r).data(), d.channels, d.height, d.width, QObject::tr("channel %1"));
        return html;
    }
    if (isKernel(t, layout)) {
        const miniflow::KernelDims& k = *layout.kernel;
        QString html;
        for (miniflow::Index o = 0; o < t.rows(); ++o)
            html += planes(t.row(o).data(), k.inChannels, k.height, k.width,
                           QObject::tr("out %1, in %2").arg(o).arg("%1"));
        return html;
    }
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

QString forwardHtml(const miniflow::ForwardStep& step, const Layouts& layouts) {
    const Layout layout = layoutOf(layouts, step.node);
    QString html =
        heading(QObject::tr("Forward pass @ %1 (%2)")
                    .arg(QString::fromStdString(step.name), QString::fromStdString(step.op)));
    html += "<p>" + QObject::tr("value:") + "</p>" +
            statsGrid(miniflow::describeValue(step.value), shapeText(step.value, layout));
    if (printsInFull(step.value, layout))
        html += tensorHtml(step.value, layout);
    return html;
}

QString backwardHtml(const miniflow::BackwardStep& step, const Layouts& layouts) {
    const Layout own = layoutOf(layouts, step.node);
    QString html =
        heading(QObject::tr("BP @ %1 (%2)")
                    .arg(QString::fromStdString(step.name), QString::fromStdString(step.op)));
    if (step.arriving.empty())
        html += QObject::tr("<p>The last node: backprop starts here with ∂L/∂%1 = 1.</p>")
                    .arg(name(step.name));
    for (const miniflow::ArrivingGradient& a : step.arriving)
        html += QObject::tr("<p>Getting %1's gradient along %2 → %1:</p>")
                    .arg(name(a.consumer), name(step.name)) +
                tensorHtml(a.gradient, own);
    if (step.arriving.size() > 1)
        html +=
            QObject::tr("<p><b>Fan-out:</b> ∂L/∂%1 is the sum of the %2 edge gradients above:</p>")
                .arg(name(step.name))
                .arg(step.arriving.size()) +
            tensorHtml(step.nodeGradient, own);
    if (step.inputs.empty() && !step.arriving.empty())
        html += QObject::tr("<p>%1 has no inputs: this is its final gradient (calculated by the "
                            "next nodes).</p>")
                    .arg(name(step.name));
    for (const miniflow::EdgeChainRule& rule : step.inputs)
        html += "<hr><p><b>" + name(rule.producer) + " → " + name(step.name) +
                "</b>: " + name(rule.rule) + "</p>" +
                product(rule, own, layoutOf(layouts, rule.edge.from));
    return html;
}

} // namespace StepDetails
