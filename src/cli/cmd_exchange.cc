// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo exchange: cross-border exchange with partner installations (src/exchange).
//   keys init --org ORG --country C | keys export --out ORG.pub.json | keys show
//   partner add FILE.pub.json | partner list | partner revoke ORG
//   send --case ID --to ORG --purpose P --handling H --out PACKET     (case-work gate: --role)
//   withdraw --case ID --to ORG --out PACKET | receive PACKET | list
//   query --to ORG --case ID --secret-file F --out Q | answer Q --secret-file F --out A | read A
// Packet files are written 0600; nothing personal is printed.
#include <chrono>
#include <iostream>

#include "cli/actor_options.h"
#include "cli/command.h"
#include "cli/secret_file.h"
#include "core/private_file.h"
#include "exchange/exchange.h"

namespace palermo::cli {
// Named, not anonymous: the palermo target is a unity build, and every command has a Setup.
namespace exchange_command {

const bool kMigrationsRegistered = [] {
  exchange::RegisterMigrations();
  return true;
}();

struct Args {
  ActorOptions who;
  std::string org, country, out, file, to, purpose = "referral", handling = "H2", evaluation = "X4",
      restrictions, secret_file, reference, urgency = "other", grounds, reason, ack_out;
  CaseId case_id = 0;
  int valid_days = 30;
  double threshold = 0.8;
};

referral::Instant Now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// Keys and partners: the operator of the installation (default role "system") or an admin.
store::Actor Operator(const ActorOptions& who) {
  store::Actor a = who.actor();
  if (a.role.empty()) a.role = "system";
  if (a.role == "administrator") a.role = "admin";
  return a;
}

Result<std::string> ReadInput(const Context& ctx, const std::string& path) {
  Result<std::string> text = ReadFileToString(path);
  if (!text.ok())
    return Status::NotFound(Format({"{file}: cannot read the file", "{file} : lecture impossible"},
                                   ctx.lang, {{"file", path}}));
  return text;
}

// Checked before a command records anything: a packet recorded as sent must reach a file.
Status RequireOut(const Context& ctx, const std::string& path) {
  if (path.empty())
    return Status::InvalidArgument(T(ctx, {"--out is required", "--out est obligatoire"}));
  return Status::Ok();
}

Status WriteOutput(const Context& ctx, const std::string& path, const std::string& text) {
  PALERMO_RETURN_IF_ERROR(RequireOut(ctx, path));
  return WritePrivateFile(path, text);
}

// --evaluation "B2": source reliability A/B/C/X, then information accuracy 1-4 (checked by
// the exchange module).
struct Evaluation {
  char source_reliability;
  int information_accuracy;
};
Result<Evaluation> ParseEvaluation(const Context& ctx, const std::string& text) {
  if (text.size() != 2)
    return Status::InvalidArgument(T(ctx, {"--evaluation: source A/B/C/X then accuracy 1-4, e.g. B2",
                                           "--evaluation : source A/B/C/X puis exactitude 1-4, ex. B2"}));
  return Evaluation{text[0], text[1] - '0'};
}

void KeysInit(Context& ctx, const Args& a) {
  Result<std::unique_ptr<store::Store>> store = OpenStore(ctx);
  if (!store.ok()) return ctx.Finish(store.status());
  Result<exchange::Card> card =
      exchange::InitIdentity(**store, Operator(a.who), a.org, a.country, Now());
  if (!card.ok()) return ctx.Finish(card.status());
  std::cout << Format({"exchange identity {org} ({country}) created\nfingerprint: {fp}\nRead the "
                       "fingerprint to each partner by telephone; they compare it before adding "
                       "your card.",
                       "identité d'échange {org} ({country}) créée\nempreinte : {fp}\nLisez "
                       "l'empreinte à chaque partenaire par téléphone ; il la compare avant "
                       "d'ajouter votre carte."},
                      ctx.lang,
                      {{"org", card->organisation}, {"country", card->country}, {"fp", card->fingerprint}})
            << "\n";
  ctx.Finish(Status::Ok());
}

void KeysExport(Context& ctx, const Args& a) {
  Result<std::unique_ptr<store::Store>> store = OpenStore(ctx);
  if (!store.ok()) return ctx.Finish(store.status());
  Result<std::string> card = exchange::ExportCard(**store, Operator(a.who));
  if (!card.ok()) return ctx.Finish(card.status());
  ctx.Finish(WriteOutput(ctx, a.out, *card));
}

void PartnerAdd(Context& ctx, const Args& a) {
  Result<std::string> text = ReadInput(ctx, a.file);
  if (!text.ok()) return ctx.Finish(text.status());
  Result<std::unique_ptr<store::Store>> store = OpenStore(ctx);
  if (!store.ok()) return ctx.Finish(store.status());
  Result<exchange::Partner> p =
      exchange::AddPartner(**store, Operator(a.who), *text, Now(), ctx.lang);
  if (!p.ok()) return ctx.Finish(p.status());
  std::cout << Format({"partner {org} ({country}) added\nfingerprint: {fp}\nCompare it with the "
                       "one the partner reads to you; if they differ, revoke it at once.",
                       "partenaire {org} ({country}) ajouté\nempreinte : {fp}\nComparez-la avec "
                       "celle que le partenaire vous lit ; si elles diffèrent, révoquez-le tout de "
                       "suite."},
                      ctx.lang,
                      {{"org", p->card.organisation}, {"country", p->card.country}, {"fp", p->card.fingerprint}})
            << "\n";
  ctx.Finish(Status::Ok());
}

void PartnerList(Context& ctx, const Args& a) {
  Result<std::unique_ptr<store::Store>> store = OpenStore(ctx);
  if (!store.ok()) return ctx.Finish(store.status());
  Result<std::vector<exchange::Partner>> partners = exchange::ListPartners(**store, Operator(a.who));
  if (!partners.ok()) return ctx.Finish(partners.status());
  std::cout << T(ctx, {"organisation,country,fingerprint,added,revoked",
                       "organisation,pays,empreinte,ajouté,révoqué"})
            << "\n";
  for (const exchange::Partner& p : *partners)
    std::cout << p.card.organisation << ',' << p.card.country << ',' << p.card.fingerprint << ','
              << p.added << ',' << p.revoked << "\n";
  ctx.Finish(Status::Ok());
}

void PartnerRevoke(Context& ctx, const Args& a) {
  Result<std::unique_ptr<store::Store>> store = OpenStore(ctx);
  if (!store.ok()) return ctx.Finish(store.status());
  Status s = exchange::RevokePartner(**store, Operator(a.who), a.org, Now(), ctx.lang);
  if (s.ok() && !ctx.quiet)
    std::cout << Format({"partner {org} revoked", "partenaire {org} révoqué"}, ctx.lang,
                        {{"org", a.org}})
              << "\n";
  ctx.Finish(s);
}

// Commands that act on cases go through the case-work gate.
template <typename F>
void Gated(Context& ctx, const Args& a, F&& body) {
  Result<casework::Principal> who = GatePrincipal(ctx, a.who);
  if (!who.ok()) return ctx.Finish(who.status());
  Result<std::unique_ptr<store::Store>> store = OpenStore(ctx);
  if (!store.ok()) return ctx.Finish(store.status());
  FinishGated(ctx, body(**store, *who));
}

void Send(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_RETURN_IF_ERROR(RequireOut(ctx, a.out));
    exchange::SendRequest req;
    req.case_id = a.case_id;
    req.to = a.to;
    PALERMO_ASSIGN_OR_RETURN(req.purpose, exchange::ParsePurpose(a.purpose, ctx.lang));
    PALERMO_ASSIGN_OR_RETURN(req.handling, exchange::ParseHandling(a.handling, ctx.lang));
    PALERMO_ASSIGN_OR_RETURN(const Evaluation evaluation, ParseEvaluation(ctx, a.evaluation));
    req.source_reliability = evaluation.source_reliability;
    req.information_accuracy = evaluation.information_accuracy;
    req.restrictions = a.restrictions;
    req.valid_days = a.valid_days;
    PALERMO_ASSIGN_OR_RETURN(const exchange::Sent sent,
                             exchange::SendCase(store, who, req, ctx.lang, Now()));
    PALERMO_RETURN_IF_ERROR(WriteOutput(ctx, a.out, sent.packet));
    if (!ctx.quiet) {
      std::string fields;
      for (const std::string& f : sent.fields) fields += (fields.empty() ? "" : ", ") + f;
      std::cout << Format({"packet {id} for {to}: {fields}", "paquet {id} pour {to} : {fields}"},
                          ctx.lang, {{"id", sent.packet_id}, {"to", a.to}, {"fields", fields}})
                << "\n";
    }
    return Status::Ok();
  });
}

void Withdraw(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_RETURN_IF_ERROR(RequireOut(ctx, a.out));
    PALERMO_ASSIGN_OR_RETURN(const exchange::Sent sent,
                             exchange::SendWithdrawal(store, who, a.case_id, a.to, ctx.lang, Now()));
    return WriteOutput(ctx, a.out, sent.packet);
  });
}

void Receive(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_ASSIGN_OR_RETURN(const std::string packet, ReadInput(ctx, a.file));
    PALERMO_ASSIGN_OR_RETURN(const exchange::Received r,
                             exchange::ReceivePacket(store, who, packet, ctx.lang, Now()));
    if (r.kind == "request") {
      const std::string ack = a.ack_out.empty() ? a.file + ".ack.json" : a.ack_out;
      PALERMO_RETURN_IF_ERROR(WritePrivateFile(ack, r.acknowledgement));
      std::cout << Format({"request {id} from {from}: answer by {deadline}{known, select, no { "
                           "(it names no case known here: refuse it with reason not_found)} other "
                           "{}}; acknowledgement written to {ack}",
                           "requête {id} de {from} : répondre avant le {deadline}{known, select, "
                           "no { (elle ne désigne aucun dossier connu ici : refusez-la, motif "
                           "not_found)} other {}} ; accusé de réception écrit dans {ack}"},
                          ctx.lang,
                          {{"id", r.packet_id},
                           {"from", r.from},
                           {"deadline", r.deadline},
                           {"known", std::string(r.case_id ? "yes" : "no")},
                           {"ack", ack}})
                << "\n";
      return Status::Ok();
    }
    if (r.kind == "acknowledgement" || r.kind == "refusal") {
      std::cout << Format({"{from} {kind, select, refusal {refused request {id} ({reason})} other "
                           "{acknowledged request {id}; answer due by {deadline}}}",
                           "{from} {kind, select, refusal {a refusé la requête {id} ({reason})} "
                           "other {a accusé réception de la requête {id} ; réponse attendue avant "
                           "le {deadline}}}"},
                          ctx.lang,
                          {{"from", r.from},
                           {"kind", r.kind},
                           {"id", r.request_id},
                           {"reason", r.reason},
                           {"deadline", r.deadline}})
                << "\n";
      return Status::Ok();
    }
    if (r.kind == "withdrawal")
      std::cout << Format({"{from} withdrew the consent for case {case}: it may no longer be sent "
                           "on",
                           "{from} a retiré le consentement pour le dossier {case} : il ne peut "
                           "plus être transmis"},
                          ctx.lang, {{"from", r.from}, {"case", std::to_string(r.case_id)}})
                << "\n";
    else
      std::cout << Format({"accepted: case {case} from {from} ({purpose}, handling {h}, "
                           "evaluation {ev})",
                           "accepté : dossier {case} de {from} ({purpose}, traitement {h}, "
                           "évaluation {ev})"},
                          ctx.lang,
                          {{"case", std::to_string(r.case_id)},
                           {"from", r.from},
                           {"purpose", std::string(exchange::PurposeCode(r.purpose))},
                           {"h", std::string(exchange::HandlingCode(r.handling))},
                           {"ev", r.evaluation}})
                << "\n";
    return Status::Ok();
  });
}

void List(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_ASSIGN_OR_RETURN(const std::vector<exchange::PacketRecord> rows,
                             exchange::ListPackets(store, who));
    std::cout << T(ctx, {"packet,direction,kind,partner,case,purpose,handling,evaluation,at,"
                         "expires,consent_withdrawn",
                         "paquet,sens,type,partenaire,dossier,motif,traitement,évaluation,date,"
                         "expiration,consentement_retiré"})
              << "\n";
    for (const exchange::PacketRecord& p : rows)
      std::cout << p.packet_id << ',' << p.direction << ',' << p.kind << ',' << p.partner << ','
                << p.case_id << ',' << p.purpose << ',' << p.handling << ',' << p.evaluation << ','
                << p.at << ',' << p.expires << ',' << (p.consent_withdrawn ? 1 : 0) << "\n";
    return Status::Ok();
  });
}

void Request(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_RETURN_IF_ERROR(RequireOut(ctx, a.out));
    PALERMO_ASSIGN_OR_RETURN(const exchange::Urgency urgency,
                             exchange::ParseUrgency(a.urgency, ctx.lang));
    PALERMO_ASSIGN_OR_RETURN(const exchange::Sent sent,
                             exchange::SendInformationRequest(store, who, a.to, a.reference,
                                                              urgency, a.grounds, ctx.lang, Now()));
    PALERMO_RETURN_IF_ERROR(WriteOutput(ctx, a.out, sent.packet));
    if (!ctx.quiet) std::cout << sent.packet_id << "\n";
    return Status::Ok();
  });
}

void Respond(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_RETURN_IF_ERROR(RequireOut(ctx, a.out));
    PALERMO_ASSIGN_OR_RETURN(const exchange::Handling handling,
                             exchange::ParseHandling(a.handling, ctx.lang));
    PALERMO_ASSIGN_OR_RETURN(const Evaluation evaluation, ParseEvaluation(ctx, a.evaluation));
    PALERMO_ASSIGN_OR_RETURN(const exchange::Sent sent,
                             exchange::AnswerRequest(store, who, a.reference, handling,
                                                     evaluation.source_reliability,
                                                     evaluation.information_accuracy, ctx.lang,
                                                     Now()));
    return WriteOutput(ctx, a.out, sent.packet);
  });
}

void RefuseRequest(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_RETURN_IF_ERROR(RequireOut(ctx, a.out));
    PALERMO_ASSIGN_OR_RETURN(const exchange::Sent sent,
                             exchange::RefuseRequest(store, who, a.reference, a.reason, ctx.lang, Now()));
    return WriteOutput(ctx, a.out, sent.packet);
  });
}

void Requests(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_ASSIGN_OR_RETURN(const std::vector<exchange::RequestRecord> rows,
                             exchange::ListRequests(store, who, Now()));
    std::cout << T(ctx, {"request,direction,partner,urgency,at,deadline,state,reason,overdue",
                         "requête,sens,partenaire,urgence,date,échéance,état,motif,en_retard"})
              << "\n";
    for (const exchange::RequestRecord& q : rows)
      std::cout << q.request_id << ',' << q.direction << ',' << q.partner << ',' << q.urgency << ','
                << q.received_at << ',' << q.deadline << ',' << q.state << ',' << q.reason << ','
                << (q.overdue ? T(ctx, {"OVERDUE", "EN RETARD"}) : "") << "\n";
    return Status::Ok();
  });
}

Result<std::string> Secret(const Context& ctx, const Args& a) {
  if (a.secret_file.empty())
    return Status::InvalidArgument(
        T(ctx, {"--secret-file is required", "--secret-file est obligatoire"}));
  return ReadSecretFile(ctx, a.secret_file);
}

void Query(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_ASSIGN_OR_RETURN(const std::string secret, Secret(ctx, a));
    PALERMO_RETURN_IF_ERROR(RequireOut(ctx, a.out));
    PALERMO_ASSIGN_OR_RETURN(const exchange::Sent sent,
                             exchange::SendQuery(store, who, a.case_id, a.to, secret, ctx.lang, Now()));
    return WriteOutput(ctx, a.out, sent.packet);
  });
}

void Answer(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_ASSIGN_OR_RETURN(const std::string secret, Secret(ctx, a));
    PALERMO_ASSIGN_OR_RETURN(const std::string packet, ReadInput(ctx, a.file));
    PALERMO_RETURN_IF_ERROR(RequireOut(ctx, a.out));
    PALERMO_ASSIGN_OR_RETURN(const exchange::Answer answer,
                             exchange::AnswerQuery(store, who, packet, secret, a.threshold,
                                                   ctx.lang, Now()));
    PALERMO_RETURN_IF_ERROR(WriteOutput(ctx, a.out, answer.packet));
    if (answer.match)
      std::cout << Format({"match: case {case} here (similarity {s}); the answer carries a "
                           "reference, not the case",
                           "correspondance : dossier {case} ici (similarité {s}) ; la réponse "
                           "porte une référence, pas le dossier"},
                          ctx.lang,
                          {{"case", std::to_string(*answer.local_case)}, {"s", answer.similarity}})
                << "\n";
    else
      std::cout << T(ctx, {"no match", "aucune correspondance"}) << "\n";
    return Status::Ok();
  });
}

void Read(Context& ctx, const Args& a) {
  Gated(ctx, a, [&](store::Store& store, const casework::Principal& who) -> Status {
    PALERMO_ASSIGN_OR_RETURN(const std::string packet, ReadInput(ctx, a.file));
    PALERMO_ASSIGN_OR_RETURN(const exchange::QueryResult r,
                             exchange::ReadAnswer(store, who, packet, ctx.lang, Now()));
    // The first word is stable for scripts: "match" or "no_match".
    std::cout << (r.match ? "match" : "no_match");
    if (r.match) std::cout << " " << r.reference;
    std::cout << "\n";
    return Status::Ok();
  });
}

void Setup(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "exchange", T(ctx, {"Exchange cases with partner installations: signed, encrypted, "
                          "minimised packets with consent and handling codes",
                          "Échanger des dossiers avec des installations partenaires : paquets "
                          "signés, chiffrés, minimisés, avec consentement et codes de traitement"}));
  cmd->require_subcommand(1);
  const Msg kRoles{"Role: case_worker, decision_maker (admin for keys and partners)",
                   "Rôle : case_worker, decision_maker (admin pour les clés et partenaires)"};
  auto out_option = [&](CLI::App* c) {
    c->add_option("--out", a->out, T(ctx, {"File to write (mode 0600)", "Fichier à écrire (mode 0600)"}));
  };

  CLI::App* keys = cmd->add_subcommand("keys", T(ctx, {"This installation's exchange identity",
                                                       "L'identité d'échange de cette installation"}));
  keys->require_subcommand(1);
  CLI::App* init = keys->add_subcommand(
      "init", T(ctx, {"Create the signing and encryption keys", "Créer les clés de signature et de chiffrement"}));
  init->add_option("--org", a->org, T(ctx, {"Organisation code (e.g. FR-NRM)", "Code d'organisation (ex. FR-NRM)"}))
      ->required();
  init->add_option("--country", a->country, T(ctx, {"Country (ISO 3166-1)", "Pays (ISO 3166-1)"}))
      ->required();
  // --org names the identity here: the operator of the installation acts (role "system").
  init->callback([&ctx, a] { KeysInit(ctx, *a); });
  CLI::App* exp = keys->add_subcommand(
      "export", T(ctx, {"Write the public card to give to partners",
                        "Écrire la carte publique à donner aux partenaires"}));
  out_option(exp);
  AddActorOptions(exp, ctx, kRoles, a->who);
  exp->callback([&ctx, a] { KeysExport(ctx, *a); });

  CLI::App* partner = cmd->add_subcommand("partner", T(ctx, {"The directory of partners", "L'annuaire des partenaires"}));
  partner->require_subcommand(1);
  CLI::App* add = partner->add_subcommand("add", T(ctx, {"Add a partner's card", "Ajouter la carte d'un partenaire"}));
  add->add_option("file", a->file, T(ctx, {"The partner's card (.pub.json)", "La carte du partenaire (.pub.json)"}))
      ->required();
  AddActorOptions(add, ctx, kRoles, a->who);
  add->callback([&ctx, a] { PartnerAdd(ctx, *a); });
  CLI::App* plist = partner->add_subcommand("list", T(ctx, {"List partners", "Lister les partenaires"}));
  AddActorOptions(plist, ctx, kRoles, a->who);
  plist->callback([&ctx, a] { PartnerList(ctx, *a); });
  CLI::App* revoke = partner->add_subcommand(
      "revoke", T(ctx, {"Revoke a partner: nothing more is sent to it or accepted from it",
                        "Révoquer un partenaire : plus rien ne lui est envoyé ni n'est accepté de lui"}));
  revoke->add_option("organisation", a->org, T(ctx, {"Partner organisation", "Organisation partenaire"}))->required();
  AddActorOptions(revoke, ctx, kRoles, a->who);
  revoke->callback([&ctx, a] { PartnerRevoke(ctx, *a); });

  CLI::App* send = cmd->add_subcommand(
      "send", T(ctx, {"Write a case packet for a partner (needs the person's cross_border_exchange "
                      "consent)",
                      "Écrire un paquet de dossier pour un partenaire (exige le consentement "
                      "cross_border_exchange de la personne)"}));
  send->add_option("--case", a->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))->required();
  send->add_option("--to", a->to, T(ctx, {"Partner organisation", "Organisation partenaire"}))->required();
  send->add_option("--purpose", a->purpose,
                   T(ctx, {"referral, information_request, case_notification or return (decides "
                           "the fields sent)",
                           "referral, information_request, case_notification ou return (décide "
                           "des champs envoyés)"}))
      ->required();
  send->add_option("--handling", a->handling,
                   T(ctx, {"Handling code H0, H1, H2 (no dissemination without permission) or H3 "
                           "(with --restrictions)",
                           "Code de traitement H0, H1, H2 (pas de diffusion sans accord) ou H3 "
                           "(avec --restrictions)"}))
      ->required();
  send->add_option("--evaluation", a->evaluation,
                   T(ctx, {"Source reliability and information accuracy, e.g. B2 (default X4)",
                           "Fiabilité de la source et exactitude de l'information, ex. B2 (défaut X4)"}));
  send->add_option("--restrictions", a->restrictions,
                   T(ctx, {"H3: the restrictions, in words (no personal data)",
                           "H3 : les restrictions, en mots (sans données personnelles)"}));
  send->add_option("--valid-days", a->valid_days,
                   T(ctx, {"Days before the packet expires (default 30)",
                           "Jours avant l'expiration du paquet (défaut 30)"}));
  out_option(send);
  AddActorOptions(send, ctx, kRoles, a->who);
  send->callback([&ctx, a] { Send(ctx, *a); });

  CLI::App* withdraw = cmd->add_subcommand(
      "withdraw", T(ctx, {"Tell a partner that the person withdrew consent for a case sent to it",
                          "Informer un partenaire du retrait du consentement pour un dossier envoyé"}));
  withdraw->add_option("--case", a->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))->required();
  withdraw->add_option("--to", a->to, T(ctx, {"Partner organisation", "Organisation partenaire"}))->required();
  out_option(withdraw);
  AddActorOptions(withdraw, ctx, kRoles, a->who);
  withdraw->callback([&ctx, a] { Withdraw(ctx, *a); });

  CLI::App* receive = cmd->add_subcommand(
      "receive", T(ctx, {"Verify and accept a packet (exit 0 only when accepted)",
                         "Vérifier et accepter un paquet (code 0 seulement s'il est accepté)"}));
  receive->add_option("file", a->file, T(ctx, {"Packet file", "Fichier du paquet"}))->required();
  receive->add_option("--ack-out", a->ack_out,
                      T(ctx, {"For a request: where to write the signed acknowledgement (default "
                              "PACKET.ack.json)",
                              "Pour une requête : où écrire l'accusé de réception signé (défaut "
                              "PAQUET.ack.json)"}));
  AddActorOptions(receive, ctx, kRoles, a->who);
  receive->callback([&ctx, a] { Receive(ctx, *a); });

  CLI::App* request = cmd->add_subcommand(
      "request", T(ctx, {"Ask a partner for information on the person of a match reference, with "
                         "the 2023/977 time limit",
                         "Demander à un partenaire des informations sur la personne d'une "
                         "référence de correspondance, avec le délai 2023/977"}));
  request->add_option("--to", a->to, T(ctx, {"Partner organisation", "Organisation partenaire"}))->required();
  request->add_option("--reference", a->reference,
                      T(ctx, {"The reference of the partner's match answer",
                              "La référence de la réponse de correspondance du partenaire"}))
      ->required();
  request->add_option("--urgency", a->urgency,
                      T(ctx, {"urgent_direct (8 hours), urgent_indirect (3 days) or other (7 days, "
                              "default)",
                              "urgent_direct (8 heures), urgent_indirect (3 jours) ou other (7 "
                              "jours, défaut)"}));
  request->add_option("--grounds", a->grounds,
                      T(ctx, {"Why, in words (no personal data)", "Pourquoi, en mots (sans données personnelles)"}));
  out_option(request);
  AddActorOptions(request, ctx, kRoles, a->who);
  request->callback([&ctx, a] { Request(ctx, *a); });
  CLI::App* respond = cmd->add_subcommand(
      "respond", T(ctx, {"Answer a request received here with the case it names",
                         "Répondre à une requête reçue avec le dossier qu'elle désigne"}));
  respond->add_option("request", a->reference, T(ctx, {"Request id", "Identifiant de la requête"}))->required();
  respond->add_option("--handling", a->handling, T(ctx, {"Handling code H0-H3", "Code de traitement H0-H3"}))
      ->required();
  respond->add_option("--evaluation", a->evaluation,
                      T(ctx, {"Source reliability and information accuracy (default X4)",
                              "Fiabilité de la source et exactitude de l'information (défaut X4)"}));
  out_option(respond);
  AddActorOptions(respond, ctx, kRoles, a->who);
  respond->callback([&ctx, a] { Respond(ctx, *a); });
  CLI::App* refuse = cmd->add_subcommand(
      "refuse", T(ctx, {"Refuse a request received here, with a reason code",
                        "Refuser une requête reçue, avec un code de motif"}));
  refuse->add_option("request", a->reference, T(ctx, {"Request id", "Identifiant de la requête"}))->required();
  refuse->add_option("--reason", a->reason,
                     T(ctx, {"no_consent, not_found, not_competent, handling_restriction, "
                             "insufficient_grounds or other",
                             "no_consent, not_found, not_competent, handling_restriction, "
                             "insufficient_grounds ou other"}))
      ->required();
  out_option(refuse);
  AddActorOptions(refuse, ctx, kRoles, a->who);
  refuse->callback([&ctx, a] { RefuseRequest(ctx, *a); });
  CLI::App* requests = cmd->add_subcommand(
      "requests", T(ctx, {"Requests sent and received with their deadlines, overdue first",
                          "Requêtes envoyées et reçues avec leurs échéances, en retard d'abord"}));
  AddActorOptions(requests, ctx, kRoles, a->who);
  requests->callback([&ctx, a] { Requests(ctx, *a); });

  CLI::App* list = cmd->add_subcommand("list", T(ctx, {"Packets sent and received", "Paquets envoyés et reçus"}));
  AddActorOptions(list, ctx, kRoles, a->who);
  list->callback([&ctx, a] { List(ctx, *a); });

  auto secret_option = [&](CLI::App* c) {
    c->add_option("--secret-file", a->secret_file,
                  T(ctx, {"File with the secret agreed with the partner (at least 16 bytes)",
                          "Fichier du secret convenu avec le partenaire (au moins 16 octets)"}));
  };
  CLI::App* query = cmd->add_subcommand(
      "query", T(ctx, {"Ask a partner whether it knows the person of a case, without names",
                       "Demander à un partenaire s'il connaît la personne d'un dossier, sans noms"}));
  query->add_option("--case", a->case_id, T(ctx, {"Case id", "Identifiant du dossier"}))->required();
  query->add_option("--to", a->to, T(ctx, {"Partner organisation", "Organisation partenaire"}))->required();
  secret_option(query);
  out_option(query);
  AddActorOptions(query, ctx, kRoles, a->who);
  query->callback([&ctx, a] { Query(ctx, *a); });
  CLI::App* answer = cmd->add_subcommand(
      "answer", T(ctx, {"Answer a partner's query: match or no match", "Répondre à la requête d'un partenaire : correspondance ou non"}));
  answer->add_option("file", a->file, T(ctx, {"Query packet", "Paquet de requête"}))->required();
  answer->add_option("--threshold", a->threshold,
                     T(ctx, {"Dice similarity for a match (default 0.8)",
                             "Similarité de Dice pour une correspondance (défaut 0,8)"}));
  secret_option(answer);
  out_option(answer);
  AddActorOptions(answer, ctx, kRoles, a->who);
  answer->callback([&ctx, a] { Answer(ctx, *a); });
  CLI::App* read = cmd->add_subcommand(
      "read", T(ctx, {"Read a partner's answer: prints match or no_match", "Lire la réponse d'un partenaire : affiche match ou no_match"}));
  read->add_option("file", a->file, T(ctx, {"Answer packet", "Paquet de réponse"}))->required();
  AddActorOptions(read, ctx, kRoles, a->who);
  read->callback([&ctx, a] { Read(ctx, *a); });
}

}  // namespace exchange_command

PALERMO_REGISTER_COMMAND(exchange, 75, exchange_command::Setup);

}  // namespace palermo::cli
