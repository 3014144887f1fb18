// Runs an ONNX model in onnxruntime-node (found through NODE_PATH) on the "input" rows of
// a sample file written by `export_reference infer` (rows of N x F values, reshaped to
// N x inputDims), and writes {"version": ..., "output": rows}.
// usage: node run_onnxruntime.cjs MODEL.onnx SAMPLE.json OUT.json
const fs = require("fs");
const ort = require("onnxruntime-node");

async function main() {
    const [modelPath, samplePath, outPath] = process.argv.slice(2);
    const sample = JSON.parse(fs.readFileSync(samplePath, "utf8"));
    const session = await ort.InferenceSession.create(modelPath);
    const input = new ort.Tensor("float32", Float32Array.from(sample.input.flat()),
                                 [sample.input.length, ...sample.inputDims]);
    const result = await session.run({ [session.inputNames[0]]: input });
    const output = result[session.outputNames[0]];
    const cols = output.dims[1];
    const rows = [];
    for (let r = 0; r < output.dims[0]; ++r) rows.push(Array.from(output.data.slice(r * cols, (r + 1) * cols)));
    const version = require("onnxruntime-node/package.json").version;
    fs.writeFileSync(outPath, JSON.stringify({ version, output: rows }));
}

main().catch((error) => {
    console.error("run_onnxruntime: " + error.message);
    process.exit(1);
});
