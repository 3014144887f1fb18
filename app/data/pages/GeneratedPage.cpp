#include "app/data/pages/GeneratedPage.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSignalBlocker>
#include <QSpinBox>

namespace {
const char* const kSets[] = {"spiral", "circle", "xor", "gaussians", "regression1d"};
}

GeneratedPage::GeneratedPage(QWidget* parent)
    : SourcePage(parent), name_(new QComboBox(this)), samples_(new QSpinBox(this)),
      noise_(new QDoubleSpinBox(this)), classes_(new QSpinBox(this)) {
    name_->setObjectName("datasetSet"); // names: scripts find controls (headless/WidgetMap.h)
    for (const char* set : kSets)
        name_->addItem(QString::fromLatin1(set));
    samples_->setRange(10, 1000000);
    samples_->setSingleStep(100);
    noise_->setRange(0, 1);
    noise_->setSingleStep(0.05);
    classes_->setRange(2, 10);
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->addRow(tr("Set"), name_);
    form->addRow(tr("Samples"), samples_);
    form->addRow(tr("Noise"), noise_);
    form->addRow(tr("Classes"), classes_);
    // activated, not currentIndexChanged: choosing the set already shown binds it too.
    connect(name_, &QComboBox::activated, this, [this] {
        enableClasses();
        emit edited();
    });
    for (QAbstractSpinBox* spin :
         {static_cast<QAbstractSpinBox*>(samples_), static_cast<QAbstractSpinBox*>(noise_),
          static_cast<QAbstractSpinBox*>(classes_)})
        spin->setKeyboardTracking(false);
    connect(samples_, &QSpinBox::valueChanged, this, &SourcePage::edited);
    connect(noise_, &QDoubleSpinBox::valueChanged, this, &SourcePage::edited);
    connect(classes_, &QSpinBox::valueChanged, this, &SourcePage::edited);
    enableClasses();
}

void GeneratedPage::enableClasses() {
    const QString set = name_->currentText();
    classes_->setEnabled(set == QLatin1String("spiral") || set == QLatin1String("gaussians"));
}

void GeneratedPage::choose(const QString& name) {
    {
        const QSignalBlocker block(name_);
        name_->setCurrentText(name);
    }
    enableClasses();
    emit edited();
}

void GeneratedPage::showSpec(const miniflow::DatasetSpec& spec) {
    const QSignalBlocker b1(name_), b2(samples_), b3(noise_), b4(classes_);
    if (!spec.name.empty())
        name_->setCurrentText(QString::fromStdString(spec.name));
    samples_->setValue(static_cast<int>(spec.samples));
    noise_->setValue(spec.noise);
    classes_->setValue(spec.classes);
    enableClasses();
}

void GeneratedPage::fillSpec(miniflow::DatasetSpec& spec) const {
    spec.name = name_->currentText().toStdString();
    spec.samples = samples_->value();
    spec.noise = noise_->value();
    spec.classes = classes_->value();
}
