// src/server/flow.h: the case-work flow — screening, NRM referral, services, consent — shared by
// the pages (pages_screening.cc, pages_referral.cc, pages_services.cc, pages_consent.cc) and the
// JSON API (api_flow.cc). Not a public header.
//
// Every function here opens its own transaction acting as the principal, reaches the case
// through CaseGate::Read (role and organisation scope, refusals audited), checks the flow action
// with RoleMay through CaseGate::Require, then calls src/screen or src/referral. Refusals by
// those libraries (PermissionDenied, FailedPrecondition, AlreadyExists) are committed so their
// audit entry stays; accepted changes are committed and audited by the libraries.
//
// Web roles and library roles: the screen library knows case_worker and decision_maker as the
// web app does. The referral profile also knows first_responder: a web case worker (police,
// labour inspector, NGO) acts as the profile's case_worker when the step allows it, else as its
// first_responder (TransitionRole).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "referral/referral.h"
#include "screen/screen.h"
#include "server/app.h"

namespace palermo::server::flow {

// The bundled indicator list and the default NRM profile, loaded once; kInternal-free errors
// name the data file at fault.
Result<const screen::IndicatorList*> Indicators();
Result<const referral::Profile*> NrmProfile();

// The profile role the web role takes for transition `t` ("" when it has none).
std::string TransitionRole(Role role, const referral::TransitionDef& t);

// ---- Screening ------------------------------------------------------------------------------

struct ScreeningView {
  CaseRecord record;  // pseudonymised (CaseGate::Read)
  std::optional<int> age;
  std::optional<screen::ScreeningInfo> info;
  std::vector<screen::StoredAnswer> answers;  // effective answers, without notes
  std::optional<screen::ScreeningResult> result;
  std::vector<screen::Decision> decisions;  // without notes
  bool may_screen = false;
};
Result<ScreeningView> LoadScreening(App& app, const Principal& who, CaseId id, Lang lang);
// `population` nullopt: derived from the case's age (FailedPrecondition when unknown).
Status StartScreening(App& app, const Principal& who, CaseId id, Lang lang,
                      std::optional<screen::Population> population,
                      screen::Exploitation exploitation);
// Records only the answers that differ from the effective ones. kFailedPrecondition when the
// case has no screening.
Status SaveAnswers(App& app, const Principal& who, CaseId id, Lang lang,
                   const std::vector<screen::AnswerRecord>& answers);
Status RecordDecision(App& app, const Principal& who, CaseId id, Lang lang,
                      std::string_view decision, std::string_view note);
inline constexpr std::string_view kScreeningDecisions[] = {
    "refer_to_nrm", "identified", "not_identified", "needs_more_information"};
std::string ScreeningDecisionLabel(std::string_view code, Lang lang);

// ---- Referral -------------------------------------------------------------------------------

struct NextStep {
  const referral::TransitionDef* transition = nullptr;
  bool needs_consent = false;  // the profile asks for consent here (adults)
  bool has_consent = false;    // consent on record for its purpose (not for transfers)
  std::optional<referral::Deadline> available_from;  // minimum period not over yet
};

struct ReferralView {
  CaseRecord record;
  std::optional<int> age;
  const referral::Profile* profile = nullptr;
  std::optional<referral::ReferralInfo> current;  // the latest referral of the case
  bool open = false;                              // current exists and is not terminal
  std::vector<referral::ReferralEvent> history;   // of `current`, without notes
  std::optional<referral::Deadline> due;
  std::optional<referral::Alert> alert;  // due soon / overdue
  std::optional<referral::Deadline> minimum_ends;
  std::vector<NextStep> next;  // steps this user's role may take now or after a minimum period
  std::vector<referral::ReferralInfo> earlier;  // closed referrals before `current`
};
Result<ReferralView> LoadReferral(App& app, const Principal& who, CaseId id, Lang lang,
                                  referral::Instant now);

struct StepInput {
  std::string transition;
  std::string note;  // sealed by the library
  std::string target_organisation;
  bool presumed_child = false;
};
// The profile's creating step when the case has no open referral, else a step of the open one.
Status TakeStep(App& app, const Principal& who, CaseId id, Lang lang, const StepInput& input);

// ---- Services -------------------------------------------------------------------------------

struct ServicesView {
  CaseRecord record;
  std::vector<referral::ServiceMatch> matches;
  std::vector<referral::ServiceReferral> referrals;
  bool may_refer = false;
};
Result<ServicesView> LoadServices(App& app, const Principal& who, CaseId id);
Status ReferToService(App& app, const Principal& who, CaseId id, Lang lang, int64_t service_id,
                      std::string_view note);

using IncomingReferral = referral::IncomingServiceReferral;
struct DirectoryView {
  std::vector<referral::ServiceDef> services;
  std::vector<IncomingReferral> incoming;  // referrals to the principal's organisation's services
};
Result<DirectoryView> LoadDirectory(App& app, const Principal& who);
// The principal's organisation's inbox: referrals made to its services, open ones only unless
// `include_closed`. kRespondToService; a refusal is audited.
Result<std::vector<IncomingReferral>> LoadInbox(App& app, const Principal& who,
                                                bool include_closed);
Result<int64_t> AddService(App& app, const Principal& who, Lang lang, referral::ServiceDef service);
Status RespondToService(App& app, const Principal& who, int64_t service_referral_id, Lang lang,
                        bool accept);
Status RecordServiceOutcome(App& app, const Principal& who, int64_t service_referral_id, Lang lang,
                            std::string_view outcome);
std::string ServiceStatusLabel(std::string_view status, Lang lang);
std::string ServiceOutcomeLabel(std::string_view outcome, Lang lang);
inline constexpr std::string_view kServiceOutcomes[] = {"completed", "ended_early", "not_taken_up"};

// ---- Consent --------------------------------------------------------------------------------

struct ConsentView {
  CaseRecord record;
  std::vector<Consent> consents;
  bool may_manage = false;
};
Result<ConsentView> LoadConsent(App& app, const Principal& who, CaseId id);
// `at` nullopt: now. kInvalidArgument for a date in the future.
Status ChangeConsent(App& app, const Principal& who, CaseId id, Lang lang, bool give,
                     ConsentPurpose purpose, std::string_view organisation,
                     std::optional<referral::Instant> at);
std::string ConsentPurposeLabel(ConsentPurpose purpose, Lang lang);
inline constexpr ConsentPurpose kConsentPurposes[] = {
    ConsentPurpose::kReferral, ConsentPurpose::kDataSharing, ConsentPurpose::kCrossBorderExchange,
    ConsentPurpose::kResearchStatistics};

}  // namespace palermo::server::flow

// ---- Pieces the flow pages share (flow.cc) ----------------------------------------------------

namespace palermo::server::flow {

inline std::string T(const RequestCtx& ctx, const Msg& msg) { return msg.Get(ctx.lang); }
inline std::string ET(const RequestCtx& ctx, const Msg& msg) { return Esc(msg.Get(ctx.lang)); }
std::string CsrfInput(const RequestCtx& ctx);
// The positive id in the regex group `group` of the route, or nullopt.
std::optional<int64_t> PathId(const httplib::Request& req, int group = 1);
// A form date "YYYY-MM-DD" as an instant (now for today, else noon UTC); nullopt when empty.
Result<std::optional<referral::Instant>> FormDate(std::string_view text, referral::Instant now);
// "<h1>…</h1>" and the case's sub-navigation.
std::string CaseHeading(const RequestCtx& ctx, const Msg& title, CaseId id, std::string_view path);
// Refusals and missing cases as an error page; form errors re-render the page through
// `render(status, message)`.
void SendOutcome(App& app, const RequestCtx& ctx, httplib::Response& res, const Status& status,
                 const std::string& done_url, const std::function<void(int, std::string)>& render);
// The notice for ?done=... after a successful POST.
std::string DoneNotice(const RequestCtx& ctx, const httplib::Request& req);

void RegisterScreeningPages(App& app);
void RegisterReferralPages(App& app);
void RegisterServicesPages(App& app);
void RegisterConsentPages(App& app);
void RegisterFlowApi(App& app);

}  // namespace palermo::server::flow
