// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo consent give|withdraw|list CASE: consent of the case's person, per purpose.
#include <iostream>

#include "casework/casework.h"
#include "cli/actor_options.h"
#include "cli/command.h"
#include "referral/referral.h"
#include "store/store.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace consent_command {

const bool kMigrationsRegistered = [] {
  casework::RegisterMigrations();
  return true;
}();

// Consent goes through the case-work gate, as on the web: a case worker of the organisation
// that holds the case (--org) gives or withdraws it; reading it needs a role that may read
// the case.
constexpr Msg kRolesHelp{"Role: case_worker (or first_responder), decision_maker, analyst",
                         "Rôle : case_worker (ou first_responder), decision_maker, analyst"};

struct Args {
  ActorOptions who;
  CaseId case_id = 0;
  std::string purpose, with_org, at;
};

Status Change(Context& ctx, const Args& a, bool give) {
  PALERMO_ASSIGN_OR_RETURN(ConsentPurpose purpose, ParseConsentPurposeCode(a.purpose));
  std::optional<referral::Instant> at;
  if (!a.at.empty()) {
    PALERMO_ASSIGN_OR_RETURN(at, referral::ParseInstant(a.at));
  }
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_RETURN_IF_ERROR(casework::ChangeConsent(CliDesk(*store), who, a.case_id, ctx.lang, give,
                                                  purpose, a.with_org, at));
  if (!ctx.quiet) {
    constexpr Msg kDone{
        "Consent to {purpose}{org} {given, select, yes {given} other {withdrawn}} for the person "
        "of case {case}.",
        "Consentement ({purpose}{org}) {given, select, yes {donné} other {retiré}} pour la "
        "personne du dossier "
        "{case}."};
    std::cout << Format(kDone, ctx.lang,
                        {{"purpose", a.purpose},
                         {"org", a.with_org.empty() ? std::string() : " / " + a.with_org},
                         {"given", std::string(give ? "yes" : "no")},
                         {"case", std::to_string(a.case_id)}})
              << "\n";
  }
  return Status::Ok();
}

Status List(Context& ctx, const Args& a) {
  PALERMO_ASSIGN_OR_RETURN(const casework::Principal who, GatePrincipal(ctx, a.who));
  PALERMO_ASSIGN_OR_RETURN(auto store, OpenStore(ctx));
  PALERMO_ASSIGN_OR_RETURN(const casework::ConsentView view,
                           casework::LoadConsent(CliDesk(*store), who, a.case_id));
  const std::vector<Consent>& consents = view.consents;
  constexpr Msg kLine{"{purpose}{org}: given {given_at} by {by}{withdrawn}",
                      "{purpose}{org} : donné le {given_at} par {by}{withdrawn}"};
  constexpr Msg kWithdrawn{", withdrawn {at}", ", retiré le {at}"};
  for (const Consent& c : consents) {
    std::cout << Format(kLine, ctx.lang,
                        {{"purpose", std::string(ConsentPurposeCode(c.purpose))},
                         {"org", c.with_organisation.empty() ? std::string()
                                                             : " / " + c.with_organisation},
                         {"given_at", c.given_at},
                         {"by", c.recorded_by},
                         {"withdrawn", c.withdrawn_at.empty() ? std::string()
                                                              : Format(kWithdrawn, ctx.lang,
                                                                       {{"at", c.withdrawn_at}})}})
              << "\n";
  }
  if (consents.empty() && !ctx.quiet)
    std::cout << T(ctx, {"No consent recorded.", "Aucun consentement enregistré."}) << "\n";
  return Status::Ok();
}

void Setup(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "consent", T(ctx, {"Consent per purpose: give, withdraw, list",
                         "Consentement par finalité : donner, retirer, lister"}));
  cmd->require_subcommand(1);
  auto args = std::make_shared<Args>();
  const Msg kPurpose{"referral, data_sharing, cross_border_exchange or research_statistics",
                     "referral, data_sharing, cross_border_exchange ou research_statistics"};
  for (const bool give : {true, false}) {
    CLI::App* sub = cmd->add_subcommand(
        give ? "give" : "withdraw",
        give ? T(ctx, {"Record the person’s consent", "Enregistrer le consentement de la personne"})
             : T(ctx,
                 {"Record the withdrawal of consent", "Enregistrer le retrait du consentement"}));
    sub->add_option("CASE", args->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))
        ->required();
    sub->add_option("--purpose", args->purpose, T(ctx, kPurpose))->required();
    sub->add_option("--with-org", args->with_org,
                    T(ctx, {"Organisation data is shared with (data_sharing)",
                            "Organisation destinataire des données (data_sharing)"}));
    sub->add_option(
        "--at", args->at,
        T(ctx, {"When (YYYY-MM-DDTHH:MM with Z or an offset; default now)",
                "Quand (AAAA-MM-JJTHH:MM avec Z ou un décalage ; maintenant par défaut)"}));
    AddActorOptions(sub, ctx, kRolesHelp, args->who);
    sub->callback([&ctx, args, give] { FinishGated(ctx, Change(ctx, *args, give)); });
  }
  CLI::App* list = cmd->add_subcommand(
      "list", T(ctx, {"List consents of the case’s person", "Lister les consentements"}));
  list->add_option("CASE", args->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))
      ->required();
  AddActorOptions(list, ctx, kRolesHelp, args->who);
  list->callback([&ctx, args] { FinishGated(ctx, List(ctx, *args)); });
}

}  // namespace consent_command
PALERMO_REGISTER_COMMAND(consent, 46, consent_command::Setup);
}  // namespace palermo::cli
