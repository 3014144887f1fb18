#pragma once
/// The text of core/export/train_template.py, compiled in by CMake (TrainTemplate.cpp.in).
namespace miniflow {
extern const char* const kTrainTemplate;
} // namespace miniflow
