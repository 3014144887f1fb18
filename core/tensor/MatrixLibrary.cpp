#include "tensor/MatrixLibrary.h"

#include <Eigen/Core>

#ifdef MINIFLOW_USE_OPENBLAS
extern "C" char* openblas_get_config(void); // OpenBLAS's own API (no header needed)
#endif

namespace miniflow {

std::string eigenVersion() {
    return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
           std::to_string(EIGEN_MINOR_VERSION);
}

std::string matrixLibrary() {
#ifdef MINIFLOW_USE_OPENBLAS
    const char* config = openblas_get_config();
    return config ? std::string(config) : std::string("OpenBLAS");
#else
    return "Eigen " + eigenVersion() + " (its own matrix products)";
#endif
}

} // namespace miniflow
