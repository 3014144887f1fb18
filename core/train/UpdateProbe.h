#pragma once
#include "autograd/Session.h"

#include <map>

namespace miniflow {

/// Measures one optimizer step's update ||ΔW|| / ||W|| per Parameter without a copy per
/// step: mark() copies the parameters (when a snapshot is sent), and the next measure()
/// after a step compares with them and disarms, so a run pays one copy per snapshot.
class UpdateProbe {
  public:
    void mark(const Session& session);
    bool armed() const { return armed_; }
    /// ||W_now - W_marked|| / ||W_now|| by Parameter (0 when ||W_now|| is 0); disarms.
    std::map<NodeId, double> measure(const Session& session);

  private:
    std::map<NodeId, Tensor> marked_;
    bool armed_ = false;
};

} // namespace miniflow
