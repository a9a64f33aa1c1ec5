// SPDX-License-Identifier: AGPL-3.0-or-later
// The JSON API of the case-work flow (docs/api.md): the same operations as the pages (flow.h),
// same gate, audit and CSRF rule. A successful change answers with the refreshed view.
#include <nlohmann/json.hpp>

#include "server/case_json.h"
#include "server/flow.h"

namespace palermo::server::flow {
namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

json ScreeningJson(const ScreeningView& v, Lang lang) {
  json j{{"case_id", v.record.id}, {"screening", nullptr}};
  if (!v.info) return j;
  const screen::ScreeningInfo& s = *v.info;
  j["screening"] = json{{"id", s.id},
                        {"list", s.list_name},
                        {"list_version", s.list_version},
                        {"population", screen::PopulationCode(s.population)},
                        {"exploitation", screen::ExploitationCode(s.exploitation)},
                        {"created_at", s.created_at},
                        {"created_by", s.created_by}};
  json answers = json::object();
  for (const screen::StoredAnswer& a : v.answers) answers[a.code] = screen::AnswerCode(a.answer);
  j["answers"] = answers;
  if (v.result) {
    json reasons = json::array();
    for (const screen::Reason& r : v.result->reasons) reasons.push_back(r.Get(lang));
    json dims = json::array();
    for (const screen::DimensionResult& d : v.result->dimensions) {
      dims.push_back(json{{"dimension", screen::DimensionCode(d.dimension)},
                          {"positive", screen::TriCode(d.positive)},
                          {"yes", d.yes_codes},
                          {"unknown", d.unknown_codes}});
    }
    j["result"] = json{
        {"presumption", screen::PresumptionCode(v.result->presumption)},
        {"label", screen::PresumptionLabel(v.result->presumption, v.result->exploitation, lang)},
        {"act", screen::TriCode(v.result->act)},
        {"dimensions", dims},
        {"reasons", reasons}};
  }
  json decisions = json::array();
  for (const screen::Decision& d : v.decisions) {
    decisions.push_back(json{{"decision", d.decision},
                             {"decided_by", d.decided_by},
                             {"role", d.role},
                             {"decided_at", d.decided_at},
                             {"presumption_at_decision", d.presumption_at_decision}});
  }
  j["decisions"] = decisions;
  return j;
}

json DeadlineJson(const referral::Deadline& d) {
  return json{{"local_date", referral::FormatDay(d.local_date)},
              {"end", referral::FormatInstant(d.end)}};
}

json ReferralJson(const ReferralView& v, Lang lang) {
  json j{{"case_id", v.record.id}, {"profile", v.profile->id()}, {"referral", nullptr}};
  if (v.current) {
    const referral::ReferralInfo& r = *v.current;
    j["referral"] = json{{"id", r.id},
                         {"state", r.state},
                         {"open", v.open},
                         {"organisation", r.organisation},
                         {"created_at", r.created_at},
                         {"state_entered_at", r.state_entered_at},
                         {"is_child", r.is_child}};
    if (v.due) j["referral"]["due"] = DeadlineJson(*v.due);
    if (v.minimum_ends) j["referral"]["minimum_ends"] = DeadlineJson(*v.minimum_ends);
    if (v.alert) {
      j["referral"]["alert"] = json{{"level", referral::AlertLevelCode(v.alert->level)},
                                    {"working_days_left", v.alert->working_days_left}};
    }
    json history = json::array();
    for (const referral::ReferralEvent& e : v.history) {
      history.push_back(json{{"transition", e.transition},
                             {"from", e.from_state},
                             {"to", e.to_state},
                             {"at", e.at},
                             {"user", e.user},
                             {"organisation", e.organisation},
                             {"role", e.role},
                             {"target_organisation", e.target_organisation}});
    }
    j["history"] = history;
  }
  json next = json::array();
  for (const NextStep& s : v.next) {
    json step{{"transition", s.transition->id},
              {"label", s.transition->label.Get(lang)},
              {"needs_consent", s.needs_consent},
              {"has_consent", s.has_consent},
              {"needs_target_organisation", s.transition->changes_organisation}};
    if (s.available_from)
      step["available_from"] = referral::FormatDay(s.available_from->local_date);
    next.push_back(step);
  }
  j["next"] = next;
  return j;
}

json ServiceJson(const referral::ServiceDef& s) {
  json j{{"id", s.id},
         {"organisation", s.organisation},
         {"type", s.type},
         {"name", s.name},
         {"forms", s.eligibility.forms},
         {"nationalities", s.eligibility.nationalities}};
  if (s.eligibility.min_age) j["min_age"] = *s.eligibility.min_age;
  if (s.eligibility.max_age) j["max_age"] = *s.eligibility.max_age;
  if (s.eligibility.capacity) j["capacity"] = *s.eligibility.capacity;
  return j;
}

json ServiceReferralJson(const referral::ServiceReferral& r) {
  return json{{"id", r.id},
              {"case_id", r.case_id},
              {"service_id", r.service_id},
              {"status", r.status},
              {"outcome", r.outcome},
              {"created_at", r.created_at},
              {"updated_at", r.updated_at}};
}

json ServicesJson(const ServicesView& v, Lang lang) {
  json matches = json::array();
  for (const referral::ServiceMatch& m : v.matches) {
    json reasons = json::array();
    for (const referral::Text& t : m.check.reasons) reasons.push_back(t.Get(lang));
    matches.push_back(json{{"service", ServiceJson(m.service)},
                           {"eligible", m.check.eligible},
                           {"places_in_use", m.places_in_use},
                           {"reasons", reasons}});
  }
  json refs = json::array();
  for (const referral::ServiceReferral& r : v.referrals) refs.push_back(ServiceReferralJson(r));
  return json{{"case_id", v.record.id}, {"matches", matches}, {"referrals", refs}};
}

json ConsentJson(const ConsentView& v) {
  json list = json::array();
  for (const Consent& c : v.consents) {
    list.push_back(json{{"id", c.id},
                        {"purpose", ConsentPurposeCode(c.purpose)},
                        {"organisation", c.with_organisation},
                        {"given", c.given},
                        {"recorded_by", c.recorded_by},
                        {"given_at", c.given_at},
                        {"withdrawn_at", c.withdrawn_at}});
  }
  return json{{"case_id", v.record.id}, {"consents", list}};
}

// Sends the view `load` returns, or its error.
template <typename Load, typename ToJson>
void SendView(Response& res, Load&& load, ToJson&& to_json, int status = 200) {
  auto view = load();
  if (!view.ok()) return App::SendJsonError(res, view.status());
  App::SendJson(res, status, to_json(*view).dump());
}

using CaseHandler = std::function<void(App&, RequestCtx&, CaseId, const Request&, Response&)>;

void CaseRoute(App& app, std::string_view method, const std::string& suffix, CaseHandler handler) {
  app.Route(
      method, R"(/api/v1/cases/(\d+))" + suffix, "/api/v1/cases/{id}" + suffix, Surface::kApi,
      method == "GET" ? Guard::kSession : Guard::kCsrf,
      [&app, handler = std::move(handler)](RequestCtx& ctx, const Request& req, Response& res) {
        const std::optional<int64_t> id = PathId(req);
        if (!id) return App::SendJsonError(res, Status::NotFound("no such case"));
        handler(app, ctx, *id, req, res);
      });
}

}  // namespace

void RegisterFlowApi(App& app) {
  // ---- Screening
  const auto screening = [](App& app, RequestCtx& ctx, CaseId id, Response& res) {
    SendView(
        res, [&] { return LoadScreening(app.desk(), ctx.who(), id, ctx.lang); },
        [&](const ScreeningView& v) { return ScreeningJson(v, ctx.lang); });
  };
  CaseRoute(app, "GET", "/screening",
            [screening](App& app, RequestCtx& ctx, CaseId id, const Request&, Response& res) {
              screening(app, ctx, id, res);
            });
  CaseRoute(
      app, "POST", "/screening",
      [screening](App& app, RequestCtx& ctx, CaseId id, const Request& req, Response& res) {
        Result<json> body = Body(req);
        if (!body.ok()) return App::SendJsonError(res, body.status());
        std::optional<screen::Population> population;
        if (const std::string p = Str(*body, "population"); !p.empty()) {
          Result<screen::Population> parsed = screen::ParsePopulation(p);
          if (!parsed.ok()) {
            return App::SendJsonError(res, Status::InvalidArgument("population: adult or child"));
          }
          population = *parsed;
        }
        const std::string e = Str(*body, "exploitation");
        Result<screen::Exploitation> exploitation =
            screen::ParseExploitation(e.empty() ? "labour" : e);
        if (!exploitation.ok()) {
          return App::SendJsonError(res, Status::InvalidArgument("exploitation: labour or sexual"));
        }
        const Status s = StartScreening(app.desk(), ctx.who(), id, ctx.lang, population, *exploitation);
        if (!s.ok()) return App::SendJsonError(res, s);
        screening(app, ctx, id, res);
        res.status = 201;
      });
  CaseRoute(
      app, "POST", "/screening/answers",
      [screening](App& app, RequestCtx& ctx, CaseId id, const Request& req, Response& res) {
        Result<json> body = Body(req);
        if (!body.ok()) return App::SendJsonError(res, body.status());
        const auto it = body->find("answers");
        if (it == body->end() || !it->is_object()) {
          return App::SendJsonError(res,
                                    Status::InvalidArgument("answers: an object code → answer"));
        }
        std::vector<screen::AnswerRecord> answers;
        for (const auto& [code, value] : it->items()) {
          Result<screen::Answer> a = value.is_string()
                                         ? screen::ParseAnswer(value.get<std::string>())
                                         : Result<screen::Answer>(Status::InvalidArgument(""));
          if (!a.ok()) {
            return App::SendJsonError(res, Status::InvalidArgument("answers: yes, no or unknown"));
          }
          answers.push_back({code, *a});
        }
        const Status s = SaveAnswers(app.desk(), ctx.who(), id, ctx.lang, answers);
        if (!s.ok()) return App::SendJsonError(res, s);
        screening(app, ctx, id, res);
      });
  CaseRoute(app, "POST", "/screening/decision",
            [screening](App& app, RequestCtx& ctx, CaseId id, const Request& req, Response& res) {
              Result<json> body = Body(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              const Status s = RecordDecision(app.desk(), ctx.who(), id, ctx.lang, Str(*body, "decision"),
                                              Str(*body, "note"));
              if (!s.ok()) return App::SendJsonError(res, s);
              screening(app, ctx, id, res);
            });

  // ---- Referral
  const auto referral_view = [](App& app, RequestCtx& ctx, CaseId id, Response& res) {
    SendView(
        res, [&] { return LoadReferral(app.desk(), ctx.who(), id, ctx.lang); },
        [&](const ReferralView& v) { return ReferralJson(v, ctx.lang); });
  };
  CaseRoute(app, "GET", "/referral",
            [referral_view](App& app, RequestCtx& ctx, CaseId id, const Request&, Response& res) {
              referral_view(app, ctx, id, res);
            });
  CaseRoute(
      app, "POST", "/referral",
      [referral_view](App& app, RequestCtx& ctx, CaseId id, const Request& req, Response& res) {
        Result<json> body = Body(req);
        if (!body.ok()) return App::SendJsonError(res, body.status());
        const auto child = body->find("presumed_child");
        const StepInput input{
            .transition = Str(*body, "transition"),
            .note = Str(*body, "note"),
            .target_organisation = Str(*body, "target_organisation"),
            .presumed_child = child != body->end() && child->is_boolean() && child->get<bool>()};
        const Status s = TakeStep(app.desk(), ctx.who(), id, ctx.lang, input);
        if (!s.ok()) return App::SendJsonError(res, s);
        referral_view(app, ctx, id, res);
      });

  // ---- Services
  const auto services_view = [](App& app, RequestCtx& ctx, CaseId id, Response& res, int status) {
    SendView(
        res, [&] { return LoadServices(app.desk(), ctx.who(), id); },
        [&](const ServicesView& v) { return ServicesJson(v, ctx.lang); }, status);
  };
  CaseRoute(app, "GET", "/services",
            [services_view](App& app, RequestCtx& ctx, CaseId id, const Request&, Response& res) {
              services_view(app, ctx, id, res, 200);
            });
  CaseRoute(
      app, "POST", "/services",
      [services_view](App& app, RequestCtx& ctx, CaseId id, const Request& req, Response& res) {
        Result<json> body = Body(req);
        if (!body.ok()) return App::SendJsonError(res, body.status());
        const auto sid = body->find("service_id");
        if (sid == body->end() || !sid->is_number_integer()) {
          return App::SendJsonError(res, Status::InvalidArgument("service_id: an integer"));
        }
        const Status s =
            ReferToService(app.desk(), ctx.who(), id, ctx.lang, sid->get<int64_t>(), Str(*body, "note"));
        if (!s.ok()) return App::SendJsonError(res, s);
        services_view(app, ctx, id, res, 201);
      });
  app.Route("GET", "/api/v1/services", "/api/v1/services", Surface::kApi, Guard::kSession,
            [&app](RequestCtx& ctx, const Request&, Response& res) {
              SendView(
                  res, [&] { return LoadDirectory(app.desk(), ctx.who()); },
                  [](const DirectoryView& v) {
                    json services = json::array();
                    for (const referral::ServiceDef& s : v.services) {
                      services.push_back(ServiceJson(s));
                    }
                    json incoming = json::array();
                    for (const IncomingReferral& in : v.incoming) {
                      incoming.push_back(ServiceReferralJson(in.referral));
                    }
                    return json{{"services", services}, {"incoming", incoming}};
                  });
            });
  app.Route("GET", "/api/v1/service-referrals", "/api/v1/service-referrals", Surface::kApi,
            Guard::kSession, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const bool all = req.get_param_value("all") == "1";
              SendView(
                  res, [&] { return LoadInbox(app.desk(), ctx.who(), all); },
                  [](const std::vector<IncomingReferral>& inbox) {
                    json referrals = json::array();
                    for (const IncomingReferral& in : inbox) {
                      json r = ServiceReferralJson(in.referral);
                      r["service"] = ServiceJson(in.service);
                      referrals.push_back(std::move(r));
                    }
                    return json{{"referrals", referrals}};
                  });
            });
  app.Route("POST", "/api/v1/services", "/api/v1/services", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              Result<json> body = Body(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              referral::ServiceDef s;
              s.name = Str(*body, "name");
              s.type = Str(*body, "type");
              for (const auto& [key, field] : {std::pair{"min_age", &s.eligibility.min_age},
                                               std::pair{"max_age", &s.eligibility.max_age},
                                               std::pair{"capacity", &s.eligibility.capacity}}) {
                const auto it = body->find(key);
                if (it == body->end() || it->is_null()) continue;
                if (!it->is_number_integer()) {
                  return App::SendJsonError(
                      res, Status::InvalidArgument(std::string(key) + ": an integer"));
                }
                *field = it->get<int>();
              }
              if (const auto it = body->find("forms"); it != body->end() && it->is_array()) {
                for (const json& f : *it) {
                  if (f.is_string()) s.eligibility.forms.push_back(f.get<std::string>());
                }
              }
              Result<int64_t> id = AddService(app.desk(), ctx.who(), ctx.lang, std::move(s));
              if (!id.ok()) return App::SendJsonError(res, id.status());
              App::SendJson(res, 201, json{{"id", *id}}.dump());
            });
  app.Route("POST", R"(/api/v1/service-referrals/(\d+))", "/api/v1/service-referrals/{id}",
            Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("no such service referral"));
              Result<json> body = Body(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              Status s;
              if (const auto accept = body->find("accept"); accept != body->end()) {
                s = accept->is_boolean()
                        ? RespondToService(app.desk(), ctx.who(), *id, ctx.lang, accept->get<bool>())
                        : Status::InvalidArgument("accept: true or false");
              } else {
                s = RecordServiceOutcome(app.desk(), ctx.who(), *id, ctx.lang, Str(*body, "outcome"));
              }
              if (!s.ok()) return App::SendJsonError(res, s);
              App::SendJson(res, 200, json{{"id", *id}}.dump());
            });

  // ---- Consent
  const auto consent_view = [](App& app, RequestCtx& ctx, CaseId id, Response& res) {
    SendView(
        res, [&] { return LoadConsent(app.desk(), ctx.who(), id); }, ConsentJson);
  };
  CaseRoute(app, "GET", "/consent",
            [consent_view](App& app, RequestCtx& ctx, CaseId id, const Request&, Response& res) {
              consent_view(app, ctx, id, res);
            });
  CaseRoute(
      app, "POST", "/consent",
      [consent_view](App& app, RequestCtx& ctx, CaseId id, const Request& req, Response& res) {
        Result<json> body = Body(req);
        if (!body.ok()) return App::SendJsonError(res, body.status());
        const std::string op = Str(*body, "op");
        if (op != "give" && op != "withdraw") {
          return App::SendJsonError(res, Status::InvalidArgument("op: give or withdraw"));
        }
        Result<ConsentPurpose> purpose = ParseConsentPurposeCode(Str(*body, "purpose"));
        if (!purpose.ok()) return App::SendJsonError(res, purpose.status());
        Result<std::optional<referral::Instant>> at =
            FormDate(Str(*body, "date"), referral::Instant(std::chrono::seconds(app.Now())));
        if (!at.ok()) return App::SendJsonError(res, at.status());
        const Status s = ChangeConsent(app.desk(), ctx.who(), id, ctx.lang, op == "give", *purpose,
                                       Str(*body, "organisation"), *at);
        if (!s.ok()) return App::SendJsonError(res, s);
        consent_view(app, ctx, id, res);
      });
}

}  // namespace palermo::server::flow
