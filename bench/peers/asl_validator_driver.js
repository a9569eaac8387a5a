// Runs the asl-validator package on files and prints one JSON line per file:
// {"file", "parse_error"?, "errors": [{"code", "message"}]}. Usage:
//   node asl_validator_driver.js <node_modules dir> FILE...
const path = require("path");
const fs = require("fs");
const modules = path.resolve(process.argv[2]);
const validator = require(path.join(modules, "asl-validator"));
const YAML = require(path.join(modules, "yaml"));

for (const file of process.argv.slice(3)) {
  const text = fs.readFileSync(file, "utf8");
  let definition;
  try {
    definition = file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    console.log(JSON.stringify({ file, parse_error: String(err.message), errors: [] }));
    continue;
  }
  let result;
  try {
    result = validator(definition);
  } catch (err) {
    console.log(JSON.stringify({ file, crash: String(err.message), errors: [] }));
    continue;
  }
  const errors = result.errors.map((e) => ({
    code: e["Error code"],
    message: e.Message,
  }));
  console.log(JSON.stringify({ file, errors }));
}
