// SPDX-License-Identifier: AGPL-3.0-or-later
// Requests for information with the time limits of Directive (EU) 2023/977 art. 5(1):
// request -> signed acknowledgement (at once) -> answer (a case packet) or refusal (exchange.h).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "exchange/internal.h"

namespace palermo::exchange {
namespace {

using json = nlohmann::json;
using internal::Refuse;

constexpr int kRequestVersion = 1;

// A request on record, as the functions below need it.
struct RequestRow {
  std::string partner;
  CaseId case_id = 0;
  std::string state;
};

Result<std::optional<RequestRow>> FindRequest(store::Transaction& tx, std::string_view direction,
                                        std::string_view request_id) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT partner, case_id, state FROM exchange_request WHERE direction = $1 AND "
               "request_id = $2",
               {std::string(direction), std::string(request_id)}));
  if (rows.empty()) return std::optional<RequestRow>();
  return std::optional<RequestRow>(RequestRow{std::get<std::string>(rows[0][0]), std::get<int64_t>(rows[0][1]),
                                  std::get<std::string>(rows[0][2])});
}

Status NotOpen(Lang lang, std::string_view request_id, std::string_view state) {
  if (state.empty())
    return Status::NotFound(Format({"no request {id} received here", "aucune requête {id} reçue ici"},
                                   lang, {{"id", std::string(request_id.substr(0, 40))}}));
  return Status::FailedPrecondition(
      Format({"request {id} is already {state}", "la requête {id} est déjà {state}"}, lang,
             {{"id", std::string(request_id)}, {"state", std::string(state)}}));
}

// Requests received here may be answered by a case worker or a decision maker.
Status RequireCaseWork(store::Transaction& tx, const casework::Principal& who) {
  casework::CaseGate gate;
  return gate.Require(tx, who, casework::Action::kReferCase, "exchange_request");
}

}  // namespace

std::string_view UrgencyCode(Urgency u) {
  switch (u) {
    case Urgency::kUrgentDirect: return "urgent_direct";
    case Urgency::kUrgentIndirect: return "urgent_indirect";
    case Urgency::kOther: break;
  }
  return "other";
}

Result<Urgency> ParseUrgency(std::string_view code, Lang lang) {
  for (Urgency u : {Urgency::kUrgentDirect, Urgency::kUrgentIndirect, Urgency::kOther})
    if (UrgencyCode(u) == code) return u;
  return Status::InvalidArgument(
      Format({"urgency must be urgent_direct (8 hours), urgent_indirect (3 days) or other (7 days)",
              "l'urgence doit être urgent_direct (8 heures), urgent_indirect (3 jours) ou other "
              "(7 jours)"},
             lang));
}

std::chrono::seconds ResponseTime(Urgency u) {
  switch (u) {
    case Urgency::kUrgentDirect: return std::chrono::hours(8);
    case Urgency::kUrgentIndirect: return std::chrono::days(3);
    case Urgency::kOther: break;
  }
  return std::chrono::days(7);
}

namespace internal {

Status CloseRequest(store::Transaction& tx, std::string_view direction,
                    std::string_view request_id, std::string_view partner, std::string_view state,
                    std::string_view reason, referral::Instant now) {
  const bool closes = state != "acknowledged";
  return tx.Execute(
               "UPDATE exchange_request SET state = $1, reason = $2, closed_at = $3 WHERE "
               "direction = $4 AND request_id = $5 AND partner = $6 AND state IN ('open', "
               "'acknowledged')",
               {std::string(state), std::string(reason),
                closes ? referral::FormatInstant(now) : std::string(), std::string(direction),
                std::string(request_id), std::string(partner)})
      .status();
}

namespace {

Status RecordRequest(store::Transaction& tx, std::string_view request_id,
                     std::string_view direction, std::string_view partner,
                     std::string_view reference, CaseId case_id, Urgency urgency,
                     referral::Instant at, std::string_view grounds) {
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO exchange_request (request_id, direction, partner, reference, "
                 "case_id, urgency, at, deadline, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                 "'open')",
                 {std::string(request_id), std::string(direction), std::string(partner),
                  std::string(reference), case_id, std::string(UrgencyCode(urgency)),
                  referral::FormatInstant(at),
                  referral::FormatInstant(at + ResponseTime(urgency))})
          .status());
  if (grounds.empty()) return Status::Ok();
  PALERMO_ASSIGN_OR_RETURN(const int64_t row, tx.LastInsertId());
  PALERMO_ASSIGN_OR_RETURN(const std::string sealed,
                           tx.Seal(grounds, std::string(kRequestContext) + std::to_string(row)));
  return tx.Execute("UPDATE exchange_request SET grounds = $1 WHERE id = $2", {sealed, row})
      .status();
}

Status BadRequestPayload(Lang lang) {
  return Status::InvalidArgument(Format({"the packet's content is not a valid request, "
                                         "acknowledgement or refusal",
                                         "le contenu du paquet n'est pas une requête, un accusé "
                                         "de réception ou un refus valide"},
                                        lang));
}

}  // namespace

Result<Received> AcceptRequestPacket(store::Transaction& tx, const casework::Principal& who,
                                     const Incoming& in, Lang lang, referral::Instant now) {
  const json o = JsonNestingBeyond(in.body, 3) ? json() : json::parse(in.body, nullptr, false);
  const std::string& id = in.header.id;
  if (!o.is_object() || o.value("plm_PayloadVersion", 0) != kRequestVersion)
    return Refuse(tx, "invalid_payload", id, BadRequestPayload(lang));
  Received out;
  out.packet_id = id;
  out.kind = in.header.kind;
  out.from = in.header.from;
  PALERMO_ASSIGN_OR_RETURN(auto own, LoadIdentity(tx, lang));
  if (in.header.kind == "request") {
    const std::string reference = o.value("plm_Reference", std::string());
    Result<Urgency> urgency = ParseUrgency(o.value("plm_Urgency", std::string()), lang);
    const std::string grounds = o.value("plm_Grounds", std::string());
    if (reference.empty() || reference.size() > 40 || !urgency.ok() ||
        !casework::CheckText("grounds", grounds, 500).ok())
      return Refuse(tx, "invalid_payload", id, BadRequestPayload(lang));
    // The case behind the reference this installation gave in a match answer, if any.
    PALERMO_ASSIGN_OR_RETURN(
        const std::vector<store::SqlRow> answered,
        tx.Query("SELECT case_id FROM exchange_packet WHERE direction = 'sent' AND kind = "
                 "'answer' AND partner = $1 AND reference = $2",
                 {in.header.from, reference}));
    out.case_id = answered.empty() ? 0 : std::get<int64_t>(answered[0][0]);
    // The time limit runs from receipt (art. 5(1)).
    PALERMO_RETURN_IF_ERROR(RecordRequest(tx, id, "received", in.header.from, reference,
                                          out.case_id, *urgency, now, grounds));
    out.deadline = referral::FormatInstant(now + ResponseTime(*urgency));
    // The acknowledgement, signed at once.
    PALERMO_ASSIGN_OR_RETURN(const PartnerKeys partner,
                             UsablePartner(tx, in.header.from, lang));
    const Header header = NewHeader("acknowledgement", own->card.organisation, in.header.from, now, 30);
    const json ack{{"plm_PayloadVersion", kRequestVersion},
                   {"plm_InReplyTo", id},
                   {"plm_Deadline", out.deadline}};
    PALERMO_ASSIGN_OR_RETURN(out.acknowledgement,
                             Seal(header, ack.dump(), {own->signing_secret, partner.encryption_public}));
    PALERMO_RETURN_IF_ERROR(RecordPacket(tx, {header.id, "sent", "acknowledgement", in.header.from,
                                              out.case_id, "", "", "", header.created,
                                              header.expires, "", ""})
                                .status());
  } else {
    const std::string request_id = o.value("plm_InReplyTo", std::string());
    if (request_id.empty() || request_id.size() > 64)
      return Refuse(tx, "invalid_payload", id, BadRequestPayload(lang));
    PALERMO_ASSIGN_OR_RETURN(const std::optional<RequestRow> mine, FindRequest(tx, "sent", request_id));
    if (!mine || mine->partner != in.header.from)
      return Refuse(tx, "reply_to_unknown_request", id,
                    Status::FailedPrecondition(Format(
                        {"this replies to no request sent from here to {org}",
                         "cela ne répond à aucune requête envoyée d'ici à {org}"},
                        lang, {{"org", in.header.from}})));
    out.request_id = request_id;
    out.case_id = mine->case_id;
    if (in.header.kind == "refusal") {
      out.reason = o.value("plm_Reason", std::string());
      if (std::find(std::begin(kRefusalReasons), std::end(kRefusalReasons), out.reason) ==
          std::end(kRefusalReasons))
        return Refuse(tx, "invalid_payload", id, BadRequestPayload(lang));
      PALERMO_RETURN_IF_ERROR(
          CloseRequest(tx, "sent", request_id, in.header.from, "refused", out.reason, now));
    } else {
      out.deadline = o.value("plm_Deadline", std::string()).substr(0, 30);
      PALERMO_RETURN_IF_ERROR(
          CloseRequest(tx, "sent", request_id, in.header.from, "acknowledged", "", now));
    }
  }
  PALERMO_RETURN_IF_ERROR(RecordPacket(tx, {id, "received", in.header.kind, in.header.from,
                                            out.case_id, "", "", "", referral::FormatInstant(now),
                                            in.header.expires, "", out.request_id})
                              .status());
  PALERMO_RETURN_IF_ERROR(tx.Audit("exchange_" + in.header.kind + "_received", "exchange_request",
                                   in.header.kind == "request" ? id : out.request_id, "",
                                   "from=" + in.header.from +
                                       (out.reason.empty() ? "" : " reason=" + out.reason)));
  (void)who;
  PALERMO_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace internal

Result<Sent> SendInformationRequest(store::Store& store, const casework::Principal& who,
                                    std::string_view to, std::string_view reference,
                                    Urgency urgency, std::string_view grounds, Lang lang,
                                    referral::Instant now) {
  if (!casework::CheckText("grounds", grounds, 500).ok())
    return Status::InvalidArgument(Format({"grounds: at most 500 bytes of text on one line",
                                           "motifs : au plus 500 octets de texte sur une ligne"},
                                          lang));
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  PALERMO_RETURN_IF_ERROR(RequireCaseWork(*tx, who));
  // The reference must come from a match answer this partner sent here.
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> answers,
      tx->Query("SELECT case_id FROM exchange_packet WHERE direction = 'received' AND kind = "
                "'answer' AND partner = $1 AND reference = $2",
                {std::string(to), std::string(reference)}));
  if (answers.empty())
    return Status::NotFound(Format(
        {"{org} gave no match with reference \"{ref}\" (palermo exchange read shows it)",
         "{org} n'a donné aucune correspondance de référence « {ref} » (palermo exchange read "
         "l'affiche)"},
        lang, {{"org", std::string(to.substr(0, 40))}, {"ref", std::string(reference.substr(0, 40))}}));
  const CaseId case_id = std::get<int64_t>(answers[0][0]);
  PALERMO_ASSIGN_OR_RETURN(auto own, internal::LoadIdentity(*tx, lang));
  PALERMO_ASSIGN_OR_RETURN(const internal::PartnerKeys partner,
                           internal::UsablePartner(*tx, to, lang));
  const internal::Header header = internal::NewHeader(
      "request", own->card.organisation, to, now,
      static_cast<int>(std::chrono::ceil<std::chrono::days>(ResponseTime(urgency)).count()) + 30);
  const json body{{"plm_PayloadVersion", kRequestVersion},
                  {"plm_Reference", std::string(reference)},
                  {"plm_Urgency", UrgencyCode(urgency)},
                  {"plm_Grounds", std::string(grounds)}};
  PALERMO_ASSIGN_OR_RETURN(std::string packet,
                           internal::Seal(header, body.dump(),
                                          {own->signing_secret, partner.encryption_public}));
  PALERMO_RETURN_IF_ERROR(internal::RecordPacket(*tx, {header.id, "sent", "request",
                                                       std::string(to), case_id, "", "", "",
                                                       header.created, header.expires, "",
                                                       std::string(reference)})
                              .status());
  PALERMO_RETURN_IF_ERROR(internal::RecordRequest(*tx, header.id, "sent", to, reference, case_id,
                                                  urgency, now, grounds));
  PALERMO_RETURN_IF_ERROR(tx->Audit("exchange_request_sent", "exchange_request", header.id, "",
                                    "to=" + std::string(to) +
                                        " urgency=" + std::string(UrgencyCode(urgency))));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return Sent{std::move(packet), header.id, {}};
}

Result<Sent> AnswerRequest(store::Store& store, const casework::Principal& who,
                           std::string_view request_id, Handling handling,
                           char source_reliability, int information_accuracy, Lang lang,
                           referral::Instant now) {
  std::optional<RequestRow> request;
  {
    PALERMO_ASSIGN_OR_RETURN(auto tx, store.BeginRead(who.actor()));
    PALERMO_ASSIGN_OR_RETURN(request, FindRequest(*tx, "received", request_id));
  }
  if (!request || request->state != "open")
    return NotOpen(lang, request_id, request ? request->state : "");
  if (request->case_id == 0)
    return Status::FailedPrecondition(Format(
        {"request {id} names no case known here: refuse it (reason not_found)",
         "la requête {id} ne désigne aucun dossier connu ici : refusez-la (motif not_found)"},
        lang, {{"id", std::string(request_id)}}));
  SendRequest req;
  req.case_id = request->case_id;
  req.to = request->partner;
  req.purpose = Purpose::kInformationRequest;
  req.handling = handling;
  req.source_reliability = source_reliability;
  req.information_accuracy = information_accuracy;
  return internal::SendCaseReplying(store, who, req, request_id, lang, now);
}

Result<Sent> RefuseRequest(store::Store& store, const casework::Principal& who,
                           std::string_view request_id, std::string_view reason, Lang lang,
                           referral::Instant now) {
  if (std::find(std::begin(kRefusalReasons), std::end(kRefusalReasons), reason) ==
      std::end(kRefusalReasons))
    return Status::InvalidArgument(Format(
        {"reason must be no_consent, not_found, not_competent, handling_restriction, "
         "insufficient_grounds or other",
         "le motif doit être no_consent, not_found, not_competent, handling_restriction, "
         "insufficient_grounds ou other"},
        lang));
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  PALERMO_RETURN_IF_ERROR(RequireCaseWork(*tx, who));
  PALERMO_ASSIGN_OR_RETURN(const std::optional<RequestRow> request,
                           FindRequest(*tx, "received", request_id));
  if (!request || request->state != "open")
    return NotOpen(lang, request_id, request ? request->state : "");
  PALERMO_ASSIGN_OR_RETURN(auto own, internal::LoadIdentity(*tx, lang));
  PALERMO_ASSIGN_OR_RETURN(const internal::PartnerKeys partner,
                           internal::UsablePartner(*tx, request->partner, lang));
  const internal::Header header =
      internal::NewHeader("refusal", own->card.organisation, request->partner, now, 30);
  const json body{{"plm_PayloadVersion", kRequestVersion},
                  {"plm_InReplyTo", std::string(request_id)},
                  {"plm_Reason", std::string(reason)}};
  PALERMO_ASSIGN_OR_RETURN(std::string packet,
                           internal::Seal(header, body.dump(),
                                          {own->signing_secret, partner.encryption_public}));
  PALERMO_RETURN_IF_ERROR(internal::CloseRequest(*tx, "received", request_id, request->partner,
                                                 "refused", reason, now));
  PALERMO_RETURN_IF_ERROR(internal::RecordPacket(*tx, {header.id, "sent", "refusal",
                                                       request->partner, request->case_id, "", "",
                                                       "", header.created, header.expires, "",
                                                       std::string(request_id)})
                              .status());
  PALERMO_RETURN_IF_ERROR(tx->Audit("exchange_request_refused", "exchange_request",
                                    request_id, "", "reason=" + std::string(reason)));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return Sent{std::move(packet), header.id, {}};
}

Result<std::vector<RequestRecord>> ListRequests(store::Store& store, const casework::Principal& who,
                                                referral::Instant now) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  casework::CaseGate gate;
  PALERMO_RETURN_IF_ERROR(gate.Require(*tx, who, casework::Action::kListCases, "exchange_request"));
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx->Query("SELECT request_id, direction, partner, urgency, at, deadline, state, reason FROM "
                "exchange_request ORDER BY deadline, id"));
  std::vector<RequestRecord> out;
  const std::string now_text = referral::FormatInstant(now);
  for (const store::SqlRow& r : rows) {
    RequestRecord q;
    q.request_id = std::get<std::string>(r[0]);
    q.direction = std::get<std::string>(r[1]);
    q.partner = std::get<std::string>(r[2]);
    q.urgency = std::get<std::string>(r[3]);
    q.received_at = std::get<std::string>(r[4]);
    q.deadline = std::get<std::string>(r[5]);
    q.state = std::get<std::string>(r[6]);
    q.reason = std::get<std::string>(r[7]);
    // ISO 8601 UTC texts of one format compare as times.
    q.overdue = (q.state == "open" || q.state == "acknowledged") && now_text > q.deadline;
    out.push_back(std::move(q));
  }
  auto rank = [](const RequestRecord& q) {
    return q.overdue ? 0 : (q.state == "open" || q.state == "acknowledged") ? 1 : 2;
  };
  std::stable_sort(out.begin(), out.end(), [&](const RequestRecord& a, const RequestRecord& b) {
    return rank(a) < rank(b);
  });
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return out;
}

}  // namespace palermo::exchange
