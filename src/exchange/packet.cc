// SPDX-License-Identifier: AGPL-3.0-or-later
// Case packets: the minimised projection of a case per purpose, consent and handling codes
// with it, sending, receiving, and the withdrawal of consent (exchange.h).
#include <algorithm>
#include <chrono>

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "exchange/internal.h"
#include "exchange/payload.h"

namespace palermo::exchange {
namespace {

using json = nlohmann::json;
using internal::BadPayload;
using internal::Project;
using internal::Refuse;
using internal::Unproject;

constexpr int kPayloadVersion = 1;
constexpr std::string_view kPurposeOfRead = "cross-border exchange";

// The handling and consent a received case came with; nullopt for a case never received.
struct ReceivedWith {
  std::string from, handling;
  bool consent_withdrawn = false;
};
Result<std::vector<ReceivedWith>> ReceivedAs(store::Transaction& tx, CaseId id) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT partner, handling, consent_withdrawn FROM exchange_packet WHERE case_id = "
               "$1 AND direction = 'received' AND kind = 'case'",
               {id}));
  std::vector<ReceivedWith> out;
  for (const store::SqlRow& r : rows)
    out.push_back({std::get<std::string>(r[0]), std::get<std::string>(r[1]),
                   std::get<int64_t>(r[2]) != 0});
  return out;
}

// Refuses to send on a case received under H2/H3 or whose consent the sender withdrew.
Status CheckForwarding(store::Transaction& tx, CaseId id, Lang lang) {
  PALERMO_ASSIGN_OR_RETURN(const std::vector<ReceivedWith> received, ReceivedAs(tx, id));
  for (const ReceivedWith& r : received) {
    if (r.consent_withdrawn)
      return Refuse(tx, "consent_withdrawn_by_provider", std::to_string(id),
                    Status::FailedPrecondition(Format(
                        {"case {id} came from {org}, which told us the person withdrew consent: "
                         "it may not be sent on",
                         "le dossier {id} vient de {org}, qui nous a informés du retrait du "
                         "consentement de la personne : il ne peut pas être transmis"},
                        lang, {{"id", std::to_string(id)}, {"org", r.from}})));
    if (r.handling == "H2" || r.handling == "H3")
      return Refuse(tx, "handling_forbids_forwarding", std::to_string(id),
                    Status::FailedPrecondition(Format(
                        {"case {id} came from {org} with handling code {h}: it may not be "
                         "disseminated without {org}'s permission",
                         "le dossier {id} vient de {org} avec le code de traitement {h} : il ne "
                         "peut pas être diffusé sans l'accord de {org}"},
                        lang, {{"id", std::to_string(id)}, {"org", r.from}, {"h", r.handling}})));
  }
  return Status::Ok();
}

Status ValidateRequest(const SendRequest& req, Lang lang) {
  if (!internal::ValidOrganisationCode(req.to))
    return Status::InvalidArgument(Format({"--to: not an organisation code", "--to : ce n'est pas un code d'organisation"}, lang));
  if (req.valid_days < 1 || req.valid_days > 365)
    return Status::InvalidArgument(Format({"validity: 1 to 365 days", "validité : 1 à 365 jours"}, lang));
  if (std::string_view("ABCX").find(req.source_reliability) == std::string_view::npos)
    return Status::InvalidArgument(Format({"source reliability: A, B, C or X", "fiabilité de la source : A, B, C ou X"}, lang));
  if (req.information_accuracy < 1 || req.information_accuracy > 4)
    return Status::InvalidArgument(Format({"information accuracy: 1 to 4", "exactitude de l'information : 1 à 4"}, lang));
  if (req.handling == Handling::kH3 && req.restrictions.empty())
    return Status::InvalidArgument(Format({"handling code H3 needs the restrictions (--restrictions)",
                                           "le code de traitement H3 exige les restrictions (--restrictions)"}, lang));
  if (!casework::CheckText("restrictions", req.restrictions, 500).ok())
    return Status::InvalidArgument(Format({"restrictions: at most 500 bytes of text on one line",
                                           "restrictions : au plus 500 octets de texte sur une ligne"}, lang));
  return Status::Ok();
}

}  // namespace

std::string_view PurposeCode(Purpose p) {
  switch (p) {
    case Purpose::kReferral: return "referral";
    case Purpose::kInformationRequest: return "information_request";
    case Purpose::kCaseNotification: return "case_notification";
    case Purpose::kReturn: return "return";
  }
  return "referral";
}

Result<Purpose> ParsePurpose(std::string_view code, Lang lang) {
  for (Purpose p : {Purpose::kReferral, Purpose::kInformationRequest, Purpose::kCaseNotification,
                    Purpose::kReturn})
    if (PurposeCode(p) == code) return p;
  return Status::InvalidArgument(
      Format({"purpose must be referral, information_request, case_notification or return",
              "le motif doit être referral, information_request, case_notification ou return"},
             lang));
}

std::string_view HandlingCode(Handling h) {
  static constexpr std::string_view kCodes[] = {"H0", "H1", "H2", "H3"};
  return kCodes[static_cast<int>(h)];
}

Result<Handling> ParseHandling(std::string_view code, Lang lang) {
  for (Handling h : {Handling::kH0, Handling::kH1, Handling::kH2, Handling::kH3})
    if (HandlingCode(h) == code) return h;
  return Status::InvalidArgument(Format({"handling code must be H0, H1, H2 or H3",
                                         "le code de traitement doit être H0, H1, H2 ou H3"},
                                        lang));
}

Result<Sent> SendCase(store::Store& store, const casework::Principal& who, const SendRequest& req,
                      Lang lang, referral::Instant now) {
  return internal::SendCaseReplying(store, who, req, "", lang, now);
}

namespace internal {

Result<Sent> SendCaseReplying(store::Store& store, const casework::Principal& who,
                              const SendRequest& req, std::string_view in_reply_to, Lang lang,
                              referral::Instant now) {
  PALERMO_RETURN_IF_ERROR(ValidateRequest(req, lang));
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  casework::CaseGate gate;
  const std::string purpose_of_read =
      std::string(kPurposeOfRead) + ": " + std::string(PurposeCode(req.purpose)) + " to " + req.to;
  // The gate first (may this person read the case's identifiers?); the identifiers themselves
  // are read, and that read audited, only once every check has passed.
  PALERMO_ASSIGN_OR_RETURN(
      const CaseRecord pseudonymised,
      gate.Read(*tx, who, req.case_id, casework::Action::kReadIdentifiers));
  Result<std::unique_ptr<internal::Identity>> own = internal::LoadIdentity(*tx, lang);
  if (!own.ok()) return Refuse(*tx, "no_identity", std::to_string(req.case_id), own.status());
  Result<internal::PartnerKeys> partner = internal::UsablePartner(*tx, req.to, lang);
  if (!partner.ok())
    return Refuse(*tx, "unknown_or_revoked_partner", std::to_string(req.case_id), partner.status());
  PALERMO_RETURN_IF_ERROR(CheckForwarding(*tx, req.case_id, lang));
  const Status consent = referral::CheckConsent(*tx, pseudonymised.person.id,
                                                ConsentPurpose::kCrossBorderExchange, req.to, lang);
  if (!consent.ok()) return casework::KeepRefusal(*tx, consent);
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord record,
                           tx->GetCase(req.case_id, /*with_identifiers=*/true, purpose_of_read));
  // The consent record that covers it, to travel with the case.
  PALERMO_ASSIGN_OR_RETURN(const std::vector<Consent> consents,
                           referral::ListConsents(*tx, record.person.id));
  json consent_json = json::object();
  for (const Consent& c : consents)
    if (c.purpose == ConsentPurpose::kCrossBorderExchange && c.given &&
        (c.with_organisation.empty() || c.with_organisation == req.to))
      consent_json = {{"purpose", "cross_border_exchange"},
                      {"given_at", c.given_at},
                      {"with_organisation", c.with_organisation},
                      {"scope", PurposeCode(req.purpose)}};
  json payload = Project(record, req.purpose);
  std::vector<std::string> fields;
  for (const auto& [k, v] : payload.items()) fields.push_back(k);
  payload["plm_PayloadVersion"] = kPayloadVersion;
  payload["plm_Purpose"] = PurposeCode(req.purpose);
  payload["plm_SenderReference"] = (*own)->card.organisation + "/" + std::to_string(record.id);
  payload["plm_Handling"] = HandlingCode(req.handling);
  if (!req.restrictions.empty()) payload["plm_Restrictions"] = req.restrictions;
  payload["plm_SourceReliability"] = std::string(1, req.source_reliability);
  payload["plm_InformationAccuracy"] = std::to_string(req.information_accuracy);
  payload["plm_Consent"] = consent_json;
  if (!in_reply_to.empty()) {
    payload["plm_InReplyTo"] = std::string(in_reply_to);
    PALERMO_RETURN_IF_ERROR(CloseRequest(*tx, "received", in_reply_to, req.to, "answered", "", now));
  }
  const internal::Header header =
      internal::NewHeader("case", (*own)->card.organisation, req.to, now, req.valid_days);
  std::string body = payload.dump();
  Result<std::string> packet = internal::Seal(
      header, body, {(*own)->signing_secret, partner->encryption_public});
  sodium_memzero(body.data(), body.size());
  PALERMO_RETURN_IF_ERROR(packet.status());
  const std::string evaluation =
      std::string(1, req.source_reliability) + std::to_string(req.information_accuracy);
  PALERMO_RETURN_IF_ERROR(internal::RecordPacket(
      *tx, {header.id, "sent", "case", req.to, req.case_id, std::string(PurposeCode(req.purpose)),
            std::string(HandlingCode(req.handling)), evaluation, header.created, header.expires,
            req.restrictions, ""})
                              .status());
  std::string field_list;
  for (const std::string& f : fields) field_list += (field_list.empty() ? "" : ",") + f;
  PALERMO_RETURN_IF_ERROR(tx->Audit(
      "exchange_sent", "case", std::to_string(req.case_id), purpose_of_read,
      "packet=" + header.id + " to=" + req.to + " handling=" + std::string(HandlingCode(req.handling)) +
          " fields=" + field_list));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return Sent{std::move(*packet), header.id, std::move(fields)};
}

}  // namespace internal

Result<Sent> SendWithdrawal(store::Store& store, const casework::Principal& who, CaseId case_id,
                            std::string_view to, Lang lang, referral::Instant now) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  casework::CaseGate gate;
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord record,
                           gate.Read(*tx, who, case_id, casework::Action::kManageConsent));
  PALERMO_ASSIGN_OR_RETURN(auto own, internal::LoadIdentity(*tx, lang));
  PALERMO_ASSIGN_OR_RETURN(const internal::PartnerKeys partner,
                           internal::UsablePartner(*tx, to, lang));
  PALERMO_ASSIGN_OR_RETURN(const std::vector<Consent> consents,
                           referral::ListConsents(*tx, record.person.id));
  if (referral::ConsentCovers(consents, ConsentPurpose::kCrossBorderExchange, to))
    return Status::FailedPrecondition(Format(
        {"the person's consent to cross-border exchange is still on record: withdraw it first "
         "(palermo consent withdraw)",
         "le consentement de la personne à l'échange transfrontalier est toujours enregistré : "
         "retirez-le d'abord (palermo consent withdraw)"},
        lang));
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx->Query("SELECT packet_id FROM exchange_packet WHERE case_id = $1 AND direction = 'sent' "
                "AND kind = 'case' AND partner = $2 ORDER BY id",
                {case_id, std::string(to)}));
  if (rows.empty())
    return Status::NotFound(Format({"case {id} was never sent to {org}", "le dossier {id} n'a jamais été envoyé à {org}"},
                                   lang, {{"id", std::to_string(case_id)}, {"org", std::string(to)}}));
  json ids = json::array();
  for (const store::SqlRow& r : rows) ids.push_back(std::get<std::string>(r[0]));
  const json body{{"plm_PayloadVersion", kPayloadVersion},
                  {"plm_WithdrawnPackets", ids},
                  {"plm_WithdrawnAt", referral::FormatInstant(now)}};
  const internal::Header header = internal::NewHeader("withdrawal", own->card.organisation, to, now, 365);
  PALERMO_ASSIGN_OR_RETURN(std::string packet,
                           internal::Seal(header, body.dump(),
                                          {own->signing_secret, partner.encryption_public}));
  PALERMO_RETURN_IF_ERROR(internal::RecordPacket(*tx, {header.id, "sent", "withdrawal",
                                                       std::string(to), case_id, "", "", "",
                                                       header.created, header.expires, "", ""})
                              .status());
  PALERMO_RETURN_IF_ERROR(tx->Audit("exchange_withdrawal_sent", "case", std::to_string(case_id), "",
                                    "packet=" + header.id + " to=" + std::string(to)));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return Sent{std::move(packet), header.id, {}};
}

namespace {

Result<Received> AcceptCase(store::Transaction& tx, const casework::Principal& who,
                            const internal::Incoming& in, Lang lang, referral::Instant now) {
  const json o = JsonNestingBeyond(in.body, 6) ? json() : json::parse(in.body, nullptr, false);
  const std::string& id = in.header.id;
  auto bad = [&](std::string_view field) { return Refuse(tx, "invalid_payload", id, BadPayload(lang, field)); };
  if (!o.is_object()) return bad("");
  if (!o.contains("plm_PayloadVersion") || o["plm_PayloadVersion"] != kPayloadVersion)
    return bad("plm_PayloadVersion");
  for (const char* f : {"plm_Purpose", "plm_SenderReference", "plm_Handling",
                        "plm_SourceReliability", "plm_InformationAccuracy"})
    if (!o.contains(f) || !o[f].is_string()) return bad(f);
  Result<Purpose> purpose = ParsePurpose(o["plm_Purpose"].get<std::string>(), lang);
  if (!purpose.ok()) return bad("plm_Purpose");
  Result<Handling> handling = ParseHandling(o["plm_Handling"].get<std::string>(), lang);
  if (!handling.ok()) return bad("plm_Handling");
  const std::string reliability = o["plm_SourceReliability"];
  const std::string accuracy = o["plm_InformationAccuracy"];
  if (reliability.size() != 1 || std::string_view("ABCX").find(reliability[0]) == std::string_view::npos)
    return bad("plm_SourceReliability");
  if (accuracy.size() != 1 || accuracy[0] < '1' || accuracy[0] > '4') return bad("plm_InformationAccuracy");
  std::string restrictions;
  if (o.contains("plm_Restrictions")) {
    if (!o["plm_Restrictions"].is_string() ||
        !casework::CheckText("restrictions", o["plm_Restrictions"].get<std::string>(), 500).ok())
      return bad("plm_Restrictions");
    restrictions = o["plm_Restrictions"];
  }
  if (!o.contains("plm_Consent") || !o["plm_Consent"].is_object() ||
      !o["plm_Consent"].contains("given_at") || !o["plm_Consent"]["given_at"].is_string())
    return Refuse(tx, "no_consent", id,
                  Status::FailedPrecondition(Format(
                      {"the packet carries no consent of the person to cross-border exchange",
                       "le paquet ne porte pas le consentement de la personne à l'échange "
                       "transfrontalier"},
                      lang)));
  Result<referral::Instant> consent_at =
      referral::ParseInstant(o["plm_Consent"]["given_at"].get<std::string>());
  if (!consent_at.ok()) return bad("plm_Consent");
  const std::string reference = o["plm_SenderReference"];
  if (reference.empty() || !casework::CheckText("plm_SenderReference", reference, 80).ok())
    return bad("plm_SenderReference");
  Result<CaseRecord> record = Unproject(o, *purpose, lang);
  if (!record.ok()) return Refuse(tx, "invalid_payload", id, record.status());
  record->agency = in.header.from;
  record->local_id = reference;
  const PartialDate today = *PartialDate::Parse(referral::FormatInstant(now).substr(0, 10));
  const std::vector<FieldError> errors = ValidateCase(*record, today);
  if (!errors.empty()) return bad(errors.front().field);
  PALERMO_ASSIGN_OR_RETURN(const internal::PartnerKeys sender,
                           internal::UsablePartner(tx, in.header.from, lang));
  Organisation org;
  org.code = in.header.from;
  org.name = in.header.from;
  org.type = "exchange_partner";
  org.country = sender.partner.card.country;
  PALERMO_RETURN_IF_ERROR(tx.UpsertOrganisation(org).status());
  const std::string content_hash =
      casework::HashHex("exchange:" + in.header.from + ":" + reference);
  PALERMO_ASSIGN_OR_RETURN(const bool known, tx.HasContentHash(content_hash));
  if (known)
    return Refuse(tx, "case_already_received", id,
                  Status::AlreadyExists(Format(
                      {"{org} already sent this case ({ref}); an update is not accepted as a new "
                       "case",
                       "{org} a déjà envoyé ce dossier ({ref}) ; une mise à jour n'est pas "
                       "acceptée comme nouveau dossier"},
                      lang, {{"org", in.header.from}, {"ref", reference}})));
  PALERMO_ASSIGN_OR_RETURN(const CaseId case_id, tx.InsertCase(*record, content_hash));
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord stored, tx.GetCase(case_id, false, ""));
  // The consent as the sender recorded it: for this installation (or any organisation).
  const std::string consent_org = o["plm_Consent"].value("with_organisation", std::string());
  store::Actor actor = who.actor();
  actor.role = "case_worker";  // GiveConsent's role rule: the consent is the sender's record
  PALERMO_RETURN_IF_ERROR(referral::GiveConsent(tx, actor, stored.person.id,
                                                ConsentPurpose::kCrossBorderExchange, consent_org,
                                                *consent_at, lang)
                              .status());
  const std::string evaluation = reliability + accuracy;
  PALERMO_RETURN_IF_ERROR(
      internal::RecordPacket(tx, {id, "received", "case", in.header.from, case_id,
                                  std::string(PurposeCode(*purpose)),
                                  std::string(HandlingCode(*handling)), evaluation,
                                  referral::FormatInstant(now), in.header.expires, restrictions,
                                  reference})
          .status());
  std::string in_reply_to;
  if (o.contains("plm_InReplyTo") && o["plm_InReplyTo"].is_string()) {
    in_reply_to = o["plm_InReplyTo"].get<std::string>().substr(0, 64);
    PALERMO_RETURN_IF_ERROR(
        internal::CloseRequest(tx, "sent", in_reply_to, in.header.from, "answered", "", now));
  }
  PALERMO_RETURN_IF_ERROR(tx.Audit("exchange_received", "case", std::to_string(case_id),
                                   "cross-border exchange",
                                   "packet=" + id + " from=" + in.header.from +
                                       " purpose=" + std::string(PurposeCode(*purpose)) +
                                       " handling=" + std::string(HandlingCode(*handling))));
  PALERMO_RETURN_IF_ERROR(tx.Commit());
  Received out;
  out.packet_id = id;
  out.kind = "case";
  out.from = in.header.from;
  out.case_id = case_id;
  out.purpose = *purpose;
  out.handling = *handling;
  out.evaluation = evaluation;
  out.request_id = in_reply_to;
  return out;
}

Result<Received> AcceptWithdrawal(store::Transaction& tx, const casework::Principal& who,
                                  const internal::Incoming& in, Lang lang, referral::Instant now) {
  const json o = JsonNestingBeyond(in.body, 4) ? json() : json::parse(in.body, nullptr, false);
  const std::string& id = in.header.id;
  if (!o.is_object() || !o.contains("plm_WithdrawnPackets") || !o["plm_WithdrawnPackets"].is_array() ||
      o["plm_WithdrawnPackets"].size() > 1000)
    return Refuse(tx, "invalid_payload", id, BadPayload(lang, "plm_WithdrawnPackets"));
  Received out;
  out.packet_id = id;
  out.kind = "withdrawal";
  out.from = in.header.from;
  for (const json& p : o["plm_WithdrawnPackets"]) {
    if (!p.is_string()) return Refuse(tx, "invalid_payload", id, BadPayload(lang, "plm_WithdrawnPackets"));
    PALERMO_ASSIGN_OR_RETURN(
        const std::vector<store::SqlRow> rows,
        tx.Query("SELECT case_id FROM exchange_packet WHERE direction = 'received' AND kind = "
                 "'case' AND partner = $1 AND packet_id = $2",
                 {in.header.from, p.get<std::string>()}));
    for (const store::SqlRow& r : rows) {
      const CaseId case_id = std::get<int64_t>(r[0]);
      out.case_id = case_id;
      PALERMO_RETURN_IF_ERROR(
          tx.Execute("UPDATE exchange_packet SET consent_withdrawn = 1 WHERE direction = "
                     "'received' AND partner = $1 AND packet_id = $2",
                     {in.header.from, p.get<std::string>()})
              .status());
      PALERMO_ASSIGN_OR_RETURN(const CaseRecord stored, tx.GetCase(case_id, false, ""));
      store::Actor actor = who.actor();
      actor.role = "case_worker";
      PALERMO_ASSIGN_OR_RETURN(const std::vector<Consent> consents,
                               referral::ListConsents(tx, stored.person.id));
      for (const Consent& c : consents)
        if (c.purpose == ConsentPurpose::kCrossBorderExchange && c.given)
          PALERMO_RETURN_IF_ERROR(referral::WithdrawConsent(tx, actor, stored.person.id,
                                                            ConsentPurpose::kCrossBorderExchange,
                                                            c.with_organisation, now, lang));
    }
  }
  if (out.case_id == 0)
    return Refuse(tx, "withdrawal_of_unknown_packet", id,
                  Status::NotFound(Format({"the withdrawal names no packet received from {org}",
                                           "le retrait ne désigne aucun paquet reçu de {org}"},
                                          lang, {{"org", in.header.from}})));
  PALERMO_RETURN_IF_ERROR(internal::RecordPacket(tx, {id, "received", "withdrawal", in.header.from,
                                                      out.case_id, "", "", "",
                                                      referral::FormatInstant(now),
                                                      in.header.expires, "", ""})
                              .status());
  PALERMO_RETURN_IF_ERROR(tx.Audit("exchange_withdrawal_received", "case",
                                   std::to_string(out.case_id), "",
                                   "packet=" + id + " from=" + in.header.from));
  PALERMO_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace

Result<Received> ReceivePacket(store::Store& store, const casework::Principal& who,
                               std::string_view packet, Lang lang, referral::Instant now) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  casework::CaseGate gate;
  PALERMO_RETURN_IF_ERROR(gate.Require(*tx, who, casework::Action::kCreateCase, "exchange_packet"));
  // The kinds ReceivePacket takes; queries and answers have their own functions (query.cc).
  Result<internal::Header> peeked = internal::PeekHeader(packet);
  std::string kind = "case";
  for (std::string_view k : {"withdrawal", "request", "acknowledgement", "refusal"})
    if (peeked.ok() && peeked->kind == k) kind = std::string(k);
  PALERMO_ASSIGN_OR_RETURN(const internal::Incoming in,
                           internal::Verify(*tx, packet, kind, lang, now));
  if (kind == "withdrawal") return AcceptWithdrawal(*tx, who, in, lang, now);
  if (kind == "case") return AcceptCase(*tx, who, in, lang, now);
  return internal::AcceptRequestPacket(*tx, who, in, lang, now);
}

}  // namespace palermo::exchange
