// SPDX-License-Identifier: AGPL-3.0-or-later
// The link model as JSON, so that incremental runs score new cases with the model of the last
// full run. Weights and priors only: a model holds no personal data.
#include <nlohmann/json.hpp>

#include "persons/persons.h"

namespace palermo::persons {

using nlohmann::json;

std::string ModelToJson(const link::ModelParams& model) {
  json j;
  j["version"] = 1;
  json fields = json::object();
  for (int f = 0; f < link::kFieldCount; ++f) {
    const auto field = static_cast<link::Field>(f);
    const auto i = static_cast<size_t>(f);
    json levels = json::array();
    for (int l = 0; l < link::LevelCount(field); ++l) {
      const auto k = static_cast<size_t>(l);
      levels.push_back({{"m", model.m[i][k]},
                        {"u", model.u[i][k]},
                        {"weight", model.weight_log2[i][k]},
                        {"group", model.pool_group[i][k]}});
    }
    fields[std::string(link::FieldName(field))] = {{"active", model.active[i]}, {"levels", levels}};
  }
  j["fields"] = fields;
  j["lambda_candidates"] = model.lambda_candidates;
  j["prior_log2_odds"] = model.prior_log2_odds;
  j["same_source_log2_adjust"] = model.same_source_log2_adjust;
  j["expected_matches"] = model.expected_matches;
  j["prior_method"] = model.prior_method;
  j["tf_adjust"] = model.tf_adjust;
  j["em_iterations"] = model.em_iterations;
  return j.dump();
}

Result<link::ModelParams> ModelFromJson(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("version", 0) != 1 ||
      !j.contains("fields") || !j["fields"].is_object())
    return Status::DataLoss("the stored linkage model is not readable; run palermo link --full");
  link::ModelParams model;
  try {
    for (int f = 0; f < link::kFieldCount; ++f) {
      const auto field = static_cast<link::Field>(f);
      const auto i = static_cast<size_t>(f);
      const std::string name(link::FieldName(field));
      if (!j["fields"].contains(name)) continue;
      const json& entry = j["fields"][name];
      model.active[i] = entry.at("active").get<bool>();
      const json& levels = entry.at("levels");
      if (!levels.is_array() || levels.size() != static_cast<size_t>(link::LevelCount(field)))
        return Status::DataLoss("the stored linkage model does not match this version's levels; "
                                "run palermo link --full");
      for (size_t k = 0; k < levels.size(); ++k) {
        model.m[i][k] = levels[k].at("m").get<double>();
        model.u[i][k] = levels[k].at("u").get<double>();
        model.weight_log2[i][k] = levels[k].at("weight").get<double>();
        model.pool_group[i][k] = levels[k].at("group").get<int8_t>();
      }
    }
    model.lambda_candidates = j.at("lambda_candidates").get<double>();
    model.prior_log2_odds = j.at("prior_log2_odds").get<double>();
    // Absent from models stored before the same-list prior existed: no adjustment.
    model.same_source_log2_adjust = j.value("same_source_log2_adjust", 0.0);
    model.expected_matches = j.at("expected_matches").get<double>();
    model.prior_method = j.at("prior_method").get<std::string>();
    model.tf_adjust = j.at("tf_adjust").get<bool>();
    model.em_iterations = j.at("em_iterations").get<int>();
  } catch (const json::exception&) {
    return Status::DataLoss("the stored linkage model is not readable; run palermo link --full");
  }
  return model;
}

}  // namespace palermo::persons
