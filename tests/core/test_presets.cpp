// The guided experiments of web/presets/presets.json, run by the native CLI (float precision, as the
// page runs them): every preset's every check must hold, so each text on the page that says "you
// will see X" is backed by the core actually showing X. The file is the single source of the presets;
// this test reads it from VG_SOURCE_DIR.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

Json read_json(const fs::path& path) {
  std::ifstream file(path);
  REQUIRE(file.good());
  return Json::parse(file);
}

Json load_presets() { return read_json(fs::path(VG_SOURCE_DIR) / "web" / "presets" / "presets.json"); }

// The telemetry file of one CLI run of `config` for `steps` steps, with one record: the last step
// (steps = 1: the gradient at the initial weights).
Json run_cli(const Json& config, int steps, const std::string& tag) {
  const fs::path dir = fs::temp_directory_path() / ("vg-preset-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path config_path = dir / (tag + ".config.json");
  const fs::path telemetry_path = dir / (tag + ".telemetry.json");
  const fs::path err_path = dir / (tag + ".stderr.txt");
  std::ofstream(config_path) << config.dump();
  const std::string command = std::string("'") + VG_CLI_PATH + "' --config '" + config_path.string() +
                              "' --precision float --steps " + std::to_string(steps) + " --telemetry_every " +
                              std::to_string(steps) + " --hist_bins 4 --telemetry-json '" + telemetry_path.string() +
                              "' >/dev/null 2>'" + err_path.string() + "'";
  const int status = std::system(command.c_str());
  std::ifstream err_file(err_path);
  std::stringstream err;
  err << err_file.rdbuf();
  INFO(tag << ": " << err.str());
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  Json telemetry = read_json(telemetry_path);
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  return telemetry;
}

// A metric of presets.json from a telemetry file (its last record). NaN when the value is not
// finite (written as null), which fails every comparison.
double metric(const Json& telemetry, const std::string& name) {
  const Json& record = telemetry.at("records").back();
  const Json& layers = record.at("layers");
  const int depth = telemetry.at("config").at("depth").get<int>();
  auto number = [](const Json& value) { return value.is_number() ? value.get<double>() : std::nan(""); };
  if (name == "diverged") return telemetry.at("result").at("status") == "diverged" ? 1.0 : 0.0;
  if (name == "test_loss") return number(record.at("test_loss"));
  if (name == "first_layer_grad_norm") return number(layers.at("grad_w_norm").at(0));
  if (name == "first_to_last_grad_ratio")
    return number(layers.at("grad_w_norm").at(0)) / number(layers.at("grad_w_norm").at(depth - 1));
  if (name == "top_hidden_act_mean") return number(layers.at("act_mean").at(depth - 1));
  FAIL("unknown metric in presets.json: " << name);
  return 0;
}

}  // namespace

TEST_CASE("presets.json: every preset has both languages, a source, two runs and checks", "[presets]") {
  const Json presets = load_presets();
  REQUIRE(presets.at("format") == "vg-presets");
  REQUIRE(presets.at("presets").size() == 4);
  for (const Json& preset : presets.at("presets")) {
    INFO(preset.at("id"));
    for (const char* field : {"title", "text", "expect"}) {
      CHECK_FALSE(preset.at(field).at("ko").get<std::string>().empty());
      CHECK_FALSE(preset.at(field).at("en").get<std::string>().empty());
    }
    CHECK_FALSE(preset.at("source").get<std::string>().empty());
    CHECK(preset.at("runs").size() == 2);
    CHECK(preset.at("steps").get<int>() > 0);
    CHECK_FALSE(preset.at("checks").empty());
  }
}

TEST_CASE("presets.json: the core shows what each preset says the reader will see", "[presets][cli]") {
  const Json presets = load_presets();
  for (const Json& preset : presets.at("presets")) {
    const std::string id = preset.at("id");
    SECTION(id) {
      // run id -> {"init": telemetry after 1 step, "final": telemetry after `steps`}
      std::map<std::string, std::map<std::string, Json>> telemetry;
      for (const Json& run : preset.at("runs")) {
        Json config = preset.at("base");
        config.update(run.at("config"));
        const std::string run_id = run.at("id");
        telemetry[run_id]["init"] = run_cli(config, 1, id + "-" + run_id + "-init");
        telemetry[run_id]["final"] = run_cli(config, preset.at("steps").get<int>(), id + "-" + run_id + "-final");
      }
      for (const Json& check : preset.at("checks")) {
        const std::string name = check.at("metric"), at = check.at("at"), relation = check.at("relation");
        REQUIRE(telemetry.count(check.at("run")) == 1);
        const double left = metric(telemetry[check.at("run")].at(at), name);
        double right = 0;
        if (check.contains("other")) {
          REQUIRE(telemetry.count(check.at("other")) == 1);
          right = check.at("times").get<double>() * metric(telemetry[check.at("other")].at(at), name);
        } else {
          right = check.at("value").get<double>();
        }
        INFO(id << ": " << name << " (" << at << ") of run " << check.at("run").get<std::string>() << " = " << left
                << ", expected " << relation << " " << right);
        REQUIRE((relation == "<" || relation == ">"));
        CHECK((relation == "<" ? left < right : left > right));
      }
    }
  }
}
