// SPDX-License-Identifier: AGPL-3.0-or-later
// Country profiles: the referral state machine as data (data/referral/profiles/*.json).
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "referral/referral.h"

namespace palermo::referral {
namespace {

using nlohmann::json;

Text ReadText(const json& j, const char* key) {
  Text t;
  if (!j.contains(key)) return t;
  const json& v = j.at(key);
  t.en = v.value("en", "");
  t.fr = v.value("fr", t.en);
  return t;
}

Result<std::set<unsigned>> ReadWeekend(const json& j) {
  static const std::map<std::string, unsigned> kDays = {
      {"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3}, {"thu", 4}, {"fri", 5}, {"sat", 6}};
  std::set<unsigned> out;
  for (const json& d : j) {
    auto it = kDays.find(d.get<std::string>());
    if (it == kDays.end()) return Status::InvalidArgument("weekend: days are sun, mon, ..., sat");
    out.insert(it->second);
  }
  return out;
}

Result<ConsentRule> ReadConsentRule(const std::string& s) {
  if (s.empty() || s == "none") return ConsentRule::kNone;
  if (s == "adult") return ConsentRule::kAdult;
  if (s == "always") return ConsentRule::kAlways;
  return Status::InvalidArgument("consent must be none, adult or always");
}

}  // namespace

Result<Profile> Profile::FromJson(std::string_view text, const std::filesystem::path& data_dir) {
  Profile p;
  std::string holidays_file, time_zone;
  std::set<unsigned> weekend = {0, 6};
  try {
    const json j = json::parse(text);
    p.id_ = j.at("id").get<std::string>();
    p.version_ = j.at("version").get<std::string>();
    p.country_ = j.value("country", "");
    p.name_ = ReadText(j, "name");
    time_zone = j.at("time_zone").get<std::string>();
    if (j.contains("weekend")) {
      PALERMO_ASSIGN_OR_RETURN(weekend, ReadWeekend(j.at("weekend")));
    }
    holidays_file = j.value("holidays", "");
    p.due_soon_working_days_ = j.value("due_soon_working_days", 2);
    for (const auto& [role, label] : j.at("roles").items()) p.roles_.push_back(role);
    for (const json& s : j.at("states")) {
      StateDef st;
      st.id = s.at("id").get<std::string>();
      st.label = ReadText(s, "label");
      st.terminal = s.value("terminal", false);
      st.support = s.value("support", false);
      if (s.contains("due")) {
        const json& d = s.at("due");
        if (d.contains("working_days")) st.due_working_days = d.at("working_days").get<int>();
        if (d.contains("days")) st.due_days = d.at("days").get<int>();
        st.due_what = ReadText(d, "what");
      }
      if (s.contains("minimum")) {
        const json& m = s.at("minimum");
        if (m.contains("working_days")) st.minimum_working_days = m.at("working_days").get<int>();
        if (m.contains("days")) st.minimum_days = m.at("days").get<int>();
        st.minimum_what = ReadText(m, "what");
      }
      if (p.FindState(st.id))
        return Status::InvalidArgument("profile " + p.id_ + ": state '" + st.id + "' twice");
      p.states_.push_back(std::move(st));
    }
    for (const json& t : j.at("transitions")) {
      TransitionDef tr;
      tr.id = t.at("id").get<std::string>();
      tr.label = ReadText(t, "label");
      tr.from = t.at("from").get<std::vector<std::string>>();
      tr.to = t.value("to", "");
      tr.roles = t.at("roles").get<std::vector<std::string>>();
      PALERMO_ASSIGN_OR_RETURN(tr.consent, ReadConsentRule(t.value("consent", "none")));
      PALERMO_ASSIGN_OR_RETURN(tr.consent_purpose,
                               ParseConsentPurposeCode(t.value("consent_purpose", "referral")));
      tr.after_minimum = t.value("after_minimum", false);
      tr.changes_organisation = t.value("changes_organisation", false);
      if (p.FindTransition(tr.id))
        return Status::InvalidArgument("profile " + p.id_ + ": transition '" + tr.id + "' twice");
      p.transitions_.push_back(std::move(tr));
    }
  } catch (const json::exception& e) {
    return Status::InvalidArgument("referral profile: " + std::string(e.what()));
  }

  // Consistency: every name a transition uses exists; exactly one creating transition.
  int creators = 0;
  for (size_t idx = 0; idx < p.transitions_.size(); ++idx) {
    const TransitionDef& t = p.transitions_[idx];
    const std::string where = "profile " + p.id_ + ", transition '" + t.id + "'";
    if (t.from.empty()) {
      ++creators;
      p.create_idx_ = idx;
      if (t.to.empty())
        return Status::InvalidArgument(where + ": a creating transition needs a target state");
    }
    for (const std::string& s : t.from)
      if (s != "*" && !p.FindState(s))
        return Status::InvalidArgument(where + ": unknown state '" + s + "'");
    if (!t.to.empty() && !p.FindState(t.to))
      return Status::InvalidArgument(where + ": unknown state '" + t.to + "'");
    if (t.roles.empty()) return Status::InvalidArgument(where + ": no role may do it");
    for (const std::string& r : t.roles)
      if (std::find(p.roles_.begin(), p.roles_.end(), r) == p.roles_.end())
        return Status::InvalidArgument(where + ": unknown role '" + r + "'");
  }
  if (creators != 1)
    return Status::InvalidArgument("profile " + p.id_ +
                                   ": needs exactly one transition with no 'from'");
  for (const StateDef& s : p.states_) {
    const bool reached = std::any_of(p.transitions_.begin(), p.transitions_.end(),
                                     [&](const TransitionDef& t) { return t.to == s.id; });
    if (!reached)
      return Status::InvalidArgument("profile " + p.id_ + ": no transition reaches state '" + s.id +
                                     "'");
  }

  std::set<Day> holidays;
  if (!holidays_file.empty()) {
    PALERMO_ASSIGN_OR_RETURN(std::string csv, ReadFileToString(data_dir / holidays_file));
    PALERMO_ASSIGN_OR_RETURN(holidays, WorkingCalendar::ParseHolidays(csv, holidays_file));
  }
  PALERMO_ASSIGN_OR_RETURN(p.calendar_,
                           WorkingCalendar::Create(time_zone, weekend, std::move(holidays)));
  return p;
}

Result<Profile> Profile::LoadFile(const std::filesystem::path& path) {
  PALERMO_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  // Holiday files are named relative to data/referral/, the parent of profiles/.
  return FromJson(text, path.parent_path().parent_path());
}

Result<Profile> Profile::Load(std::string_view id) {
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
      return Status::InvalidArgument("profile names use letters, digits, '_' and '-'");
  PALERMO_ASSIGN_OR_RETURN(std::filesystem::path path,
                           DataFile("referral/profiles/" + std::string(id) + ".json"));
  return LoadFile(path);
}

Result<Profile> Profile::LoadDefault() { return Load("gbr_nrm"); }

const TransitionDef& Profile::create() const { return transitions_[create_idx_]; }

const StateDef* Profile::FindState(std::string_view id) const {
  for (const StateDef& s : states_)
    if (s.id == id) return &s;
  return nullptr;
}

const TransitionDef* Profile::FindTransition(std::string_view id) const {
  for (const TransitionDef& t : transitions_)
    if (t.id == id) return &t;
  return nullptr;
}

std::vector<const TransitionDef*> Profile::AllowedFrom(std::string_view state) const {
  std::vector<const TransitionDef*> out;
  const StateDef* s = FindState(state);
  if (!s || s->terminal) return out;
  for (const TransitionDef& t : transitions_)
    for (const std::string& f : t.from)
      if (f == state || f == "*") {
        out.push_back(&t);
        break;
      }
  return out;
}

}  // namespace palermo::referral
