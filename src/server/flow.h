// SPDX-License-Identifier: AGPL-3.0-or-later
// src/server/flow.h: the case-work flow — screening, NRM referral, services, consent — shared by
// the pages (pages_screening.cc, pages_referral.cc, pages_services.cc, pages_consent.cc) and the
// JSON API (api_flow.cc). Not a public header. The flows are src/casework's (casework.h).
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

// The flows themselves live in src/casework (no HTTP in them); the pages and the API call them
// with App::desk().
using casework::ConsentPurposeLabel;
using casework::ConsentView;
using casework::DirectoryView;
using casework::IncomingReferral;
using casework::Indicators;
using casework::kConsentPurposes;
using casework::kScreeningDecisions;
using casework::kServiceOutcomes;
using casework::NextStep;
using casework::NrmProfile;
using casework::ReferralView;
using casework::ScreeningDecisionLabel;
using casework::ScreeningView;
using casework::ServiceOutcomeLabel;
using casework::ServicesView;
using casework::ServiceStatusLabel;
using casework::StepInput;
using casework::TransitionRole;
using casework::AddService;
using casework::ChangeConsent;
using casework::LoadConsent;
using casework::LoadDirectory;
using casework::LoadInbox;
using casework::LoadReferral;
using casework::LoadScreening;
using casework::LoadServices;
using casework::RecordDecision;
using casework::RecordServiceOutcome;
using casework::ReferToService;
using casework::RespondToService;
using casework::SaveAnswers;
using casework::StartScreening;
using casework::TakeStep;

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
