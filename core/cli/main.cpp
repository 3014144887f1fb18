#include "cli/Commands.h"
#include "cli/ExportCommands.h"
#include "onnxio/OnnxVersion.h"
#include "tensor/MatrixLibrary.h"

#include "MiniflowVersion.h"

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + (argc > 1 ? 2 : 1), argv + argc);
    const std::string verb = argc > 1 ? argv[1] : "";
    try {
        if (verb == "train")
            return miniflow::cli::train(args);
        if (verb == "sweep")
            return miniflow::cli::sweep(args);
        if (verb == "check")
            return miniflow::cli::check(args);
        if (verb == "summary")
            return miniflow::cli::summary(args);
        if (verb == "export")
            return miniflow::cli::exportGraph(args);
        if (verb == "import")
            return miniflow::cli::importModel(args);
        if (verb == "--version" || verb == "version") {
            std::cout << "miniflow " << MINIFLOW_VERSION
                      << "\nmatrix products: " << miniflow::matrixLibrary() << "\nEigen "
                      << miniflow::eigenVersion() << "\n"
                      << miniflow::onnxLibraryVersions() << "\n";
            return 0;
        }
        if (verb == "help" || verb == "--help" || verb == "-h")
            return miniflow::cli::usage(0);
        if (!verb.empty())
            std::cerr << "miniflow: unknown command \"" << verb << "\"\n";
        return miniflow::cli::usage(2);
    } catch (const std::exception& e) {
        std::cerr << "miniflow: " << e.what() << "\n";
        return 1;
    }
}
