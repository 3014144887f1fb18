#include "io/RunParameters.h"

#include "io/GraphFile.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace miniflow {

namespace {

constexpr char kMagic[8] = {'M', 'F', 'P', 'A', 'R', 'A', 'M', 'S'};
constexpr std::uint32_t kVersion = 1;
/// No parameter of a graph that fits in memory comes near this many elements.
constexpr std::int64_t kMaxElements = std::int64_t{1} << 32;

template <typename T> void put(std::ofstream& out, T value) {
    out.write(reinterpret_cast<const char*>(&value), sizeof value); // little-endian host
}

class Reader {
  public:
    Reader(std::string path, std::string bytes)
        : path_(std::move(path)), bytes_(std::move(bytes)) {}
    template <typename T> T get(const char* what) {
        T value;
        need(sizeof value, what);
        std::memcpy(&value, bytes_.data() + at_, sizeof value);
        at_ += sizeof value;
        return value;
    }
    void need(size_t count, const char* what) const {
        if (bytes_.size() - at_ < count)
            fail(std::string("the file ends inside ") + what + " (is it cut short?)");
    }
    void fill(float* target, size_t count) {
        need(count * sizeof(float), "parameter values");
        std::memcpy(target, bytes_.data() + at_, count * sizeof(float));
        at_ += count * sizeof(float);
    }
    [[noreturn]] void fail(const std::string& reason) const {
        throw FormatError(path_ + ": byte " + std::to_string(at_) + ": " + reason);
    }
    size_t at() const { return at_; }
    size_t size() const { return bytes_.size(); }
    const char* data() const { return bytes_.data(); }

  private:
    std::string path_, bytes_;
    size_t at_ = 0;
};

} // namespace

void writeRunParameters(const std::string& path, const std::map<NodeId, Tensor>& parameters) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw std::runtime_error(temporary + ": cannot write parameters (check the folder's "
                                                 "permissions and free space)");
        out.write(kMagic, sizeof kMagic);
        put(out, kVersion);
        put(out, static_cast<std::uint32_t>(parameters.size()));
        for (const auto& [id, t] : parameters) {
            put(out, static_cast<std::int64_t>(id.value));
            put(out, static_cast<std::int64_t>(t.rows()));
            put(out, static_cast<std::int64_t>(t.cols()));
            out.write(reinterpret_cast<const char*>(t.data()),
                      static_cast<std::streamsize>(t.size() * sizeof(float)));
        }
        out.flush();
        if (!out)
            throw std::runtime_error(temporary + ": writing parameters failed (disk full?)");
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error)
        throw std::runtime_error(path + ": cannot replace the parameter file: " + error.message());
}

std::map<NodeId, Tensor> readRunParameters(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FormatError(path + ": cannot open the parameter file (was it deleted?)");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Reader r(path, std::move(bytes));
    r.need(sizeof kMagic, "the header");
    if (std::memcmp(r.data(), kMagic, sizeof kMagic) != 0)
        r.fail("not a MiniFlow parameter file (it does not start with MFPARAMS)");
    r.get<std::uint64_t>("the header");
    const auto version = r.get<std::uint32_t>("the version");
    if (version != kVersion)
        r.fail("version " + std::to_string(version) + " is not known to this MiniFlow (it reads " +
               std::to_string(kVersion) + ")");
    const auto count = r.get<std::uint32_t>("the parameter count");
    std::map<NodeId, Tensor> parameters;
    for (std::uint32_t i = 0; i < count; ++i) {
        const auto id = r.get<std::int64_t>("a node id");
        const auto rows = r.get<std::int64_t>("a parameter's rows");
        const auto cols = r.get<std::int64_t>("a parameter's columns");
        if (rows < 0 || cols < 0 || (cols > 0 && rows > kMaxElements / cols))
            r.fail("parameter of node " + std::to_string(id) + " claims " + std::to_string(rows) +
                   " x " + std::to_string(cols) + " values");
        r.need(static_cast<size_t>(rows * cols) * sizeof(float), "parameter values");
        Tensor t(rows, cols);
        r.fill(t.data(), static_cast<size_t>(t.size()));
        parameters[NodeId{id}] = std::move(t);
    }
    return parameters;
}

} // namespace miniflow
