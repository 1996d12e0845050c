// The native CLI end to end: runs VG_CLI_PATH on small configs and reads back what it wrote.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config.h"
#include "trainer.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

std::string read_text(const fs::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A scratch directory per test case, removed afterwards.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("vg-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

CliResult run_cli(const std::string& arguments, const ScratchDir& scratch) {
  const std::string out = scratch.file("stdout.txt"), err = scratch.file("stderr.txt");
  const std::string command = std::string("'") + VG_CLI_PATH + "' " + arguments + " >'" + out + "' 2>'" + err + "'";
  const int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text(out);
  result.err = read_text(err);
  return result;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

const char* kSmallRun = "--dataset xor --depth 3 --width 8 --batch_size 16 --num_samples 100 --steps 10 "
                        "--telemetry_every 2 --hist_bins 10 --activation tanh --init xavier_normal";

}  // namespace

TEST_CASE("the CLI writes telemetry JSON and CSV with one record per telemetry step", "[cli]") {
  ScratchDir scratch;
  const auto result = run_cli(std::string(kSmallRun) + " --telemetry-json '" + scratch.file("t.json") +
                                  "' --telemetry-csv '" + scratch.file("t.csv") + "'",
                              scratch);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);

  const Json summary = Json::parse(result.out);
  CHECK(summary["status"] == "completed");
  CHECK(summary["steps"] == 10);

  const Json log = Json::parse(read_text(scratch.file("t.json")));
  CHECK(log["format"] == "vg-telemetry");
  CHECK(log["precision"] == "double");
  CHECK(log["config"]["depth"] == 3);
  CHECK(log["config"]["activation"] == "tanh");
  CHECK(log["num_layers"] == 4);
  CHECK(log["hist_bins"] == 10);
  CHECK(log["result"]["status"] == "completed");
  const Json& records = log["records"];
  REQUIRE(records.size() == 5);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Json& record = records[i];
    CHECK(record["step"] == 2 * (i + 1));
    CHECK(record["loss"].is_number());
    for (const char* name : {"grad_w_norm", "grad_b_norm", "delta_norm", "act_mean", "act_std", "saturated_frac",
                             "dead_frac", "weight_norm", "update_ratio", "delta_rms", "example_grad_w_rms"}) {
      INFO(name);
      CHECK(record["layers"][name].size() == 4);
    }
    REQUIRE(record["layers"]["act_hist"].size() == 4);
    CHECK(record["layers"]["act_hist"][0].size() == 10);
    CHECK(record["layers"]["grad_hist"][3].size() == 10);
    CHECK(record["layers"]["grad_w_norm"][0].get<double>() > 0);
  }

  const auto csv = lines_of(read_text(scratch.file("t.csv")));
  REQUIRE(csv.size() == 1 + 5 * 4);
  CHECK(csv[0] == "step,layer,loss,train_accuracy,test_accuracy,test_loss,grad_w_norm,grad_b_norm,delta_norm,"
                  "act_mean,act_std,saturated_frac,dead_frac,weight_norm,update_ratio,delta_rms,example_grad_w_rms");
  CHECK(csv[1].rfind("2,0,", 0) == 0);
  CHECK(csv[20].rfind("10,3,", 0) == 0);
}

TEST_CASE("the CLI's step-0 dump holds parameters, the first batch, the loss and gradients", "[cli]") {
  ScratchDir scratch;
  const auto result = run_cli(std::string(kSmallRun) + " --steps 0 --dump-step0 '" + scratch.file("d.json") + "'",
                              scratch);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const Json dump = Json::parse(read_text(scratch.file("d.json")));
  CHECK(dump["format"] == "vg-gradient-dump");
  CHECK(dump["batch"] == 16);
  CHECK(dump["input_dim"] == 2);
  REQUIRE(dump["inputs"].size() == 16);
  CHECK(dump["inputs"][0].size() == 2);
  CHECK(dump["labels"].size() == 16);
  CHECK(dump["loss"].get<double>() > 0);
  const Json& layers = dump["layers"];
  REQUIRE(layers.size() == 4);
  CHECK(layers[0]["rows"] == 8);
  CHECK(layers[0]["cols"] == 2);
  CHECK(layers[3]["kind"] == "output");
  CHECK(layers[3]["rows"] == 1);  // bce: one logit
  for (const auto& layer : layers) {
    CHECK(layer["weights"].size() == layer["rows"].get<std::size_t>());
    CHECK(layer["grad_weights"].size() == layer["rows"].get<std::size_t>());
    CHECK(layer["grad_weights"][0].size() == layer["cols"].get<std::size_t>());
    CHECK(layer["biases"].size() == layer["rows"].get<std::size_t>());
    CHECK(!layer.contains("bn_gamma"));
  }
}

TEST_CASE("flags override the config file", "[cli]") {
  ScratchDir scratch;
  {
    std::ofstream file(scratch.file("c.json"));
    file << R"({"depth": 2, "width": 5, "activation": "relu", "learning_rate": 0.05, "batch_norm": true})";
  }
  const auto result = run_cli("--config '" + scratch.file("c.json") + "' --width 7 --print-config", scratch);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const Json config = Json::parse(result.out);
  CHECK(config["depth"] == 2);
  CHECK(config["width"] == 7);
  CHECK(config["activation"] == "relu");
  CHECK(config["learning_rate"] == 0.05);
  CHECK(config["batch_norm"] == true);
  CHECK(config["seed"] == 1);
}

TEST_CASE("a config's drawn points (dataset = custom) round-trip through the CLI and are refused when bad", "[cli][custom]") {
  ScratchDir scratch;
  const Json points = Json::parse("[[1.5, -2, 0], [-0.25, 3, 1], [0, 0, 1], [5, 5, 0], [-4, 1.25, 0]]");
  {
    std::ofstream file(scratch.file("c.json"));
    file << Json{{"dataset", "custom"}, {"depth", 2}, {"width", 4}, {"points", points}}.dump();
  }
  auto result = run_cli("--config '" + scratch.file("c.json") + "' --print-config", scratch);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const Json printed = Json::parse(result.out);
  CHECK(printed["dataset"] == "custom");
  CHECK(printed["points"] == points);
  result = run_cli("--config '" + scratch.file("c.json") + "' --steps 5", scratch);
  CHECK(result.exit_code == 0);
  {
    std::ofstream file(scratch.file("bad.json"));
    file << R"({"dataset": "custom", "points": [[1, 2, 0], [3, 4, 1], [5, 9, 0], [0, 0, 1]]})";
  }
  result = run_cli("--config '" + scratch.file("bad.json") + "'", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("points[2] = (5, 9) lies outside the view") != std::string::npos);
  {
    std::ofstream file(scratch.file("shape.json"));
    file << R"({"dataset": "custom", "points": [[1, 2]]})";
  }
  result = run_cli("--config '" + scratch.file("shape.json") + "'", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("points must be an array of [x, y, class] arrays of numbers") != std::string::npos);
}

TEST_CASE("invalid flags and configs exit with code 2 naming the field", "[cli]") {
  ScratchDir scratch;
  auto result = run_cli("--depth 0", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("depth = 0") != std::string::npos);

  result = run_cli("--activation softplus", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("activation = 'softplus'") != std::string::npos);

  result = run_cli("--no_such_field 3", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("--no_such_field") != std::string::npos);

  result = run_cli("--steps -5", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("--steps") != std::string::npos);

  {
    std::ofstream file(scratch.file("bad.json"));
    file << R"({"width": 300})";
  }
  result = run_cli("--config '" + scratch.file("bad.json") + "'", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("width = 300") != std::string::npos);
}

TEST_CASE("a diverging run exits 0 and reports the divergence in its output", "[cli]") {
  ScratchDir scratch;
  // W = 10 I over 60 linear layers: 10^60 overflows float on the first forward pass.
  const auto result = run_cli("--precision float --dataset spiral --width 2 --depth 60 --activation linear "
                              "--init scaled_identity --identity_scale 10 --steps 5 --telemetry-json '" +
                                  scratch.file("t.json") + "'",
                              scratch);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(Json::parse(result.out)["status"] == "diverged");
  CHECK(result.err.find("diverged") != std::string::npos);
  const Json log = Json::parse(read_text(scratch.file("t.json")));
  CHECK(log["result"]["status"] == "diverged");
  CHECK(log["result"]["diverged_step"].get<int>() >= 0);
  CHECK(log["precision"] == "float");
}

// ---- Hostile input and failing outputs (issue 14) --------------------------------------------------

namespace {

// Runs a shell command line (the CLI with redirections or limits set by the caller) and reports how it
// ended: its exit code, or -1 when a signal ended it.
int run_shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string cli() { return std::string("'") + VG_CLI_PATH + "'"; }

// Every entry of a folder but the captured stdout/stderr: what a run left behind.
std::vector<std::string> files_left(const ScratchDir& scratch) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(scratch.path)) {
    const std::string name = entry.path().filename().string();
    if (name != "stdout.txt" && name != "stderr.txt") names.push_back(name);
  }
  return names;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
}

}  // namespace

TEST_CASE("a directory as --config is refused with a message, not an abort", "[cli][hostile]") {
  ScratchDir scratch;
  const auto result = run_cli("--config '" + scratch.path.string() + "'", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("is a directory") != std::string::npos);
}

TEST_CASE("a config nested 100,000 levels deep is refused, not a stack overflow", "[cli][hostile]") {
  ScratchDir scratch;
  write_text(scratch.file("deep.json"), "{\"depth\": " + std::string(100000, '[') + std::string(100000, ']') + "}");
  const auto result = run_cli("--config '" + scratch.file("deep.json") + "'", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("nested deeper") != std::string::npos);
  CHECK(result.err.size() < 300);
}

TEST_CASE("messages quote at most an excerpt of a value, with control bytes escaped", "[cli][hostile]") {
  ScratchDir scratch;
  // ESC and NUL (as JSON escapes) around a 200 KB name, in a value and in a key.
  const std::string hostile = "\\u001b[31m" + std::string(200000, 'x') + "\\u0000";
  for (const std::string& config : {"{\"activation\": \"" + hostile + "\"}", "{\"" + hostile + "\": 1}"}) {
    write_text(scratch.file("c.json"), config);
    const auto result = run_cli("--config '" + scratch.file("c.json") + "'", scratch);
    CHECK(result.exit_code == 2);
    CHECK(result.err.size() < 400);
    CHECK(result.err.find('\x1b') == std::string::npos);
    CHECK(result.err.find('\0') == std::string::npos);
    CHECK(result.err.find("\\x1b[31mxxx") != std::string::npos);
    CHECK(result.err.find("(200006 bytes)") != std::string::npos);
  }
  // On the command line too (a single argument stays under the kernel's 128 KiB limit).
  const auto result = run_cli("--precision '" + std::string(100000, 'p') + "'", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.size() < 300);
}

TEST_CASE("empty and shared output paths are refused before anything runs", "[cli][hostile]") {
  ScratchDir scratch;
  auto result = run_cli(std::string(kSmallRun) + " --telemetry-json ''", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("--telemetry-json needs a file name") != std::string::npos);

  result = run_cli(std::string(kSmallRun) + " --telemetry-json '" + scratch.file("t.out") + "' --telemetry-csv '" +
                       scratch.path.string() + "/./t.out'",
                   scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("name the same file") != std::string::npos);
  CHECK(files_left(scratch).empty());
}

TEST_CASE("an output that cannot be created fails before the first step and leaves no other file",
          "[cli][hostile]") {
  ScratchDir scratch;
  const auto result = run_cli(std::string(kSmallRun) + " --telemetry-csv '" + scratch.file("t.csv") +
                                  "' --telemetry-json '" + scratch.file("missing/t.json") + "'",
                              scratch);
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("missing/t.json") != std::string::npos);
  CHECK(result.out.empty());  // no run, so no result line
  CHECK(files_left(scratch).empty());
}

TEST_CASE("a file-size limit mid-write leaves no partial file and keeps an older complete one", "[cli][hostile]") {
  ScratchDir scratch;
  // 400 steps of telemetry are ~0.5 MB of JSON; the limit (ulimit -f, in KiB) stops the write at 64 KiB.
  const std::string run = std::string(kSmallRun) + " --steps 400 --telemetry_every 1";
  for (const std::string flag : {"--telemetry-json", "--telemetry-csv", "--dump-step0"}) {
    INFO(flag);
    const std::string target = scratch.file("out");
    write_text(target, "an older complete file\n");
    const std::string arguments = flag == "--dump-step0" ? " --depth 40 --width 64 --batch_size 256 --steps 0" : "";
    const int code = run_shell("ulimit -f 64; " + cli() + " " + run + arguments + " " + flag + " '" + target +
                               "' >'" + scratch.file("stdout.txt") + "' 2>'" + scratch.file("stderr.txt") + "'");
    CHECK(code == 1);
    CHECK(read_text(scratch.file("stderr.txt")).find("no partial file was left") != std::string::npos);
    CHECK(read_text(target) == "an older complete file\n");
    CHECK(files_left(scratch) == std::vector<std::string>{"out"});
  }
}

TEST_CASE("a full standard output makes the exit code 1", "[cli][hostile]") {
  CHECK(run_shell(cli() + " --print-config >/dev/full 2>/dev/null") == 1);
  CHECK(run_shell(cli() + " " + kSmallRun + " >/dev/full 2>/dev/null") == 1);
  CHECK(run_shell(cli() + " " + kSmallRun + " >/dev/null 2>/dev/null") == 0);
}

TEST_CASE("telemetry that could outgrow the output size limit is refused up front", "[cli][hostile]") {
  ScratchDir scratch;
  // 10^8 records of 1001 layers: refused at once (a CLI that started this run is stopped by timeout).
  const int code = run_shell("timeout 60 " + cli() +
                             " --depth 1000 --width 1 --batch_size 1 --hist_bins 200 --steps 100000000 "
                             "--telemetry-json '" + scratch.file("t.json") + "' >'" + scratch.file("stdout.txt") +
                             "' 2>'" + scratch.file("stderr.txt") + "'");
  CHECK(code == 2);
  CHECK(read_text(scratch.file("stderr.txt")).find("over the limit of 4 GiB") != std::string::npos);
  CHECK(files_left(scratch).empty());
}

TEST_CASE("telemetry records are not kept in memory: a long run stays within a small address space",
          "[cli][hostile]") {
  ScratchDir scratch;
  // Each record of this network holds 1001 x 409 numbers (3.3 MB as doubles): kept in memory, 150 of
  // them pass the 256 MiB address-space limit (ulimit -v, KiB) set here; streamed, none is kept.
  const int code = run_shell("ulimit -v 262144; " + cli() +
                             " --depth 1000 --width 1 --batch_size 1 --hist_bins 200 --telemetry_every 1 --steps 150"
                             " >'" + scratch.file("stdout.txt") + "' 2>'" + scratch.file("stderr.txt") + "'");
  INFO(read_text(scratch.file("stderr.txt")));
  CHECK(code == 0);
  CHECK(Json::parse(read_text(scratch.file("stdout.txt")))["steps"] == 150);
}

TEST_CASE("an interrupted run (SIGINT, SIGTERM) leaves no partial output behind", "[cli][hostile]") {
  ScratchDir scratch;
  for (const char* signal_name : {"INT", "TERM"}) {
    INFO(signal_name);
    // The run would take hours; the signal comes after one second, while the outputs are open.
    const int code = run_shell(std::string("timeout -s ") + signal_name + " 1 " + cli() +
                               " --steps 100000000 --telemetry_every 10000 --telemetry-json '" + scratch.file("t.json") +
                               "' --telemetry-csv '" + scratch.file("t.csv") + "' >/dev/null 2>&1");
    CHECK(code == 124);  // timeout's code for "the command was stopped"
    CHECK(files_left(scratch).empty());
  }
}

TEST_CASE("--help lists every schema field with its allowed values and default; --schema-json prints the schema", "[cli][schema]") {
  ScratchDir scratch;
  auto result = run_cli("--help", scratch);
  REQUIRE(result.exit_code == 0);
  for (const vg::FieldSchema& field : vg::config_schema()) {
    INFO(field.name);
    CHECK(result.out.find(field.description) != std::string::npos);
    if (field.type != vg::FieldType::Points) CHECK(result.out.find("--" + field.name + " ") != std::string::npos);
    for (const auto& name : field.choices) CHECK(result.out.find(name) != std::string::npos);
  }
  CHECK(result.out.find("--depth INT") != std::string::npos);
  CHECK(result.out.find("allowed: 1..1000; default 20") != std::string::npos);
  CHECK(result.out.find("allowed: (0, 10]; default 0.1") != std::string::npos);  // learning_rate
  for (const auto& array : vg::kTelemetryArrays<float>) CHECK(result.out.find(array.meaning) != std::string::npos);

  result = run_cli("--schema-json", scratch);
  CHECK(result.exit_code == 0);
  CHECK(result.out == vg::config_schema_json());

  result = run_cli("--points 1,2,0", scratch);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("drawn points go in a --config file") != std::string::npos);
}
