#include "app/training/HealthSettings.h"

#include <QSettings>

namespace {

double positive(const QSettings& settings, const char* key, double fallback) {
    bool ok = false;
    const double value = settings.value(key).toDouble(&ok);
    return ok && value >= 0 ? value : fallback;
}

int count(const QSettings& settings, const char* key, int fallback, int smallest = 1) {
    bool ok = false;
    const int value = settings.value(key).toInt(&ok);
    return ok && value >= smallest ? value : fallback;
}

} // namespace

namespace HealthSettings {

miniflow::HealthThresholds load() {
    const QSettings settings;
    const miniflow::HealthThresholds d;
    miniflow::HealthThresholds t;
    t.vanishingRatio = positive(settings, "health/vanishingRatio", d.vanishingRatio);
    t.vanishingSpread = positive(settings, "health/vanishingSpread", d.vanishingSpread);
    t.explodingNorm = positive(settings, "health/explodingNorm", d.explodingNorm);
    t.explodingGrowth = positive(settings, "health/explodingGrowth", d.explodingGrowth);
    t.deadShare = positive(settings, "health/deadShare", d.deadShare);
    t.saturatedShare = positive(settings, "health/saturatedShare", d.saturatedShare);
    t.sustain = count(settings, "health/sustain", d.sustain);
    t.window = count(settings, "health/window", d.window);
    t.divergenceFactor = positive(settings, "health/divergenceFactor", d.divergenceFactor);
    t.divergenceAboveStart =
        positive(settings, "health/divergenceAboveStart", d.divergenceAboveStart);
    t.divergenceRising = count(settings, "health/divergenceRising", d.divergenceRising, 0);
    return t;
}

void save(const miniflow::HealthThresholds& t) {
    QSettings settings;
    settings.setValue("health/vanishingRatio", t.vanishingRatio);
    settings.setValue("health/vanishingSpread", t.vanishingSpread);
    settings.setValue("health/explodingNorm", t.explodingNorm);
    settings.setValue("health/explodingGrowth", t.explodingGrowth);
    settings.setValue("health/deadShare", t.deadShare);
    settings.setValue("health/saturatedShare", t.saturatedShare);
    settings.setValue("health/sustain", t.sustain);
    settings.setValue("health/window", t.window);
    settings.setValue("health/divergenceFactor", t.divergenceFactor);
    settings.setValue("health/divergenceAboveStart", t.divergenceAboveStart);
    settings.setValue("health/divergenceRising", t.divergenceRising);
}

} // namespace HealthSettings
