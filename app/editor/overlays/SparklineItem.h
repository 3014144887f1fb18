#pragma once
#include <QGraphicsItem>

#include <vector>

/// A small line of a positive quantity over the run, on a log scale, with its latest
/// value as text (e.g. an edge's gradient norm, a Parameter's ||ΔW||/||W||). The box's
/// top-left corner is at the item's position.
class SparklineItem : public QGraphicsItem {
  public:
    enum { Type = UserType + 21 };
    static constexpr double kWidth = 100;
    static constexpr double kHeight = 24;

    SparklineItem(std::vector<double> values, QString label, QColor colour,
                  QGraphicsItem* parent = nullptr);
    int type() const override { return Type; }
    const std::vector<double>& values() const { return values_; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  private:
    QPolygonF line() const;

    std::vector<double> values_;
    QString label_;
    QColor colour_;
};
