// SPDX-License-Identifier: AGPL-3.0-or-later
// "Do you know this person?" without names: a query carries one keyed Bloom-filter encoding
// (link/pprl.h) of a person; the receiver compares it with its own cases and answers match or
// no match (exchange.h).
#include <nlohmann/json.hpp>

#include "exchange/internal.h"
#include "link/link.h"

namespace palermo::exchange {
namespace {

using json = nlohmann::json;
using internal::Refuse;

constexpr int kQueryVersion = 1;
// The encoding's parameters are part of the query, so both sides encode alike.
constexpr int kHashesPerBigram = 20;

// Names, sex and birth date only: what two countries' records of one person most likely share.
Result<std::vector<link::Clk>> Encode(const std::vector<CaseRecord>& cases,
                                      std::string_view secret) {
  PALERMO_ASSIGN_OR_RETURN(const link::ClkEncoder encoder,
                           link::ClkEncoder::Create(secret, kHashesPerBigram));
  link::SourceTable table;
  table.name = "cases";
  table.header = {"given_name", "family_name", "full_name", "sex", "birth_date", "birth_year"};
  table.columns = {{0, link::Role::kGivenName}, {1, link::Role::kFamilyName},
                   {2, link::Role::kFullName},  {3, link::Role::kSex},
                   {4, link::Role::kBirthDate}, {5, link::Role::kBirthYear}};
  table.date_order = link::DateOrder::kDayFirst;  // ISO dates from the store
  for (const CaseRecord& c : cases) {
    const DirectIdentifiers& id = c.person.identifiers;
    table.rows.push_back(
        {id.given_name, id.family_name, id.full_name,
         c.person.sex == Sex::kUnknown ? "" : std::string(SexCode(c.person.sex)),
         id.birth_date ? id.birth_date->ToString() : "",
         !id.birth_date && c.person.birth_year ? std::to_string(*c.person.birth_year) : ""});
  }
  PALERMO_ASSIGN_OR_RETURN(const link::VariantTable variants, link::VariantTable::LoadDefault());
  const link::Dataset data = link::BuildDataset({table}, link::NormaliseOptions{}, &variants, 1);
  std::vector<link::Clk> out;
  for (const link::ClkFields& f : link::ClkFieldsFromDataset(data)) out.push_back(encoder.Encode(f));
  return out;
}

Status CheckSecret(std::string_view secret, Lang lang) {
  if (secret.size() < 16)
    return Status::InvalidArgument(Format(
        {"the shared secret must be at least 16 bytes (agree on it with the partner out of band)",
         "le secret partagé doit faire au moins 16 octets (convenez-en avec le partenaire hors "
         "bande)"},
        lang));
  return Status::Ok();
}

}  // namespace

Result<Sent> SendQuery(store::Store& store, const casework::Principal& who, CaseId case_id,
                       std::string_view to, std::string_view secret, Lang lang,
                       referral::Instant now) {
  PALERMO_RETURN_IF_ERROR(CheckSecret(secret, lang));
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  casework::CaseGate gate;
  PALERMO_ASSIGN_OR_RETURN(
      const CaseRecord record,
      gate.ReadIdentifiers(*tx, who, case_id, "cross-border exchange: query to " + std::string(to)));
  Result<std::unique_ptr<internal::Identity>> own = internal::LoadIdentity(*tx, lang);
  if (!own.ok()) return Refuse(*tx, "no_identity", std::to_string(case_id), own.status());
  Result<internal::PartnerKeys> partner = internal::UsablePartner(*tx, to, lang);
  if (!partner.ok())
    return Refuse(*tx, "unknown_or_revoked_partner", std::to_string(case_id), partner.status());
  const Status consent = referral::CheckConsent(*tx, record.person.id,
                                                ConsentPurpose::kCrossBorderExchange, to, lang);
  if (!consent.ok()) return casework::KeepRefusal(*tx, consent);
  PALERMO_ASSIGN_OR_RETURN(const std::vector<link::Clk> clk, Encode({record}, secret));
  const json body{{"plm_PayloadVersion", kQueryVersion},
                  {"plm_Encoding", "clk-1024-blake2b"},
                  {"plm_HashesPerBigram", kHashesPerBigram},
                  {"plm_Clk", link::ClkToBase64(clk.at(0))}};
  const internal::Header header =
      internal::NewHeader("query", (*own)->card.organisation, to, now, 7);
  PALERMO_ASSIGN_OR_RETURN(std::string packet,
                           internal::Seal(header, body.dump(),
                                          {(*own)->signing_secret, partner->encryption_public}));
  PALERMO_RETURN_IF_ERROR(internal::RecordPacket(*tx, {header.id, "sent", "query", std::string(to),
                                                       case_id, "", "", "", header.created,
                                                       header.expires, "", ""})
                              .status());
  PALERMO_RETURN_IF_ERROR(tx->Audit("exchange_query_sent", "case", std::to_string(case_id), "",
                                    "packet=" + header.id + " to=" + std::string(to)));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return Sent{std::move(packet), header.id, {"plm_Clk"}};
}

Result<Answer> AnswerQuery(store::Store& store, const casework::Principal& who,
                           std::string_view query_packet, std::string_view secret,
                           double threshold, Lang lang, referral::Instant now) {
  PALERMO_RETURN_IF_ERROR(CheckSecret(secret, lang));
  if (!(threshold > 0 && threshold <= 1))
    return Status::InvalidArgument("threshold: a number in (0, 1]");
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  casework::CaseGate gate;
  PALERMO_RETURN_IF_ERROR(
      gate.Require(*tx, who, casework::Action::kSearchIdentifier, "exchange_packet"));
  PALERMO_ASSIGN_OR_RETURN(const internal::Incoming in,
                           internal::Verify(*tx, query_packet, "query", lang, now));
  const json q = JsonNestingBeyond(in.body, 3) ? json() : json::parse(in.body, nullptr, false);
  if (!q.is_object() || q.value("plm_PayloadVersion", 0) != kQueryVersion ||
      q.value("plm_HashesPerBigram", 0) != kHashesPerBigram || !q.contains("plm_Clk") ||
      !q["plm_Clk"].is_string())
    return Refuse(*tx, "invalid_payload", in.header.id,
                  Status::InvalidArgument(Format({"the query's content is not a valid encoding",
                                                  "le contenu de la requête n'est pas un encodage "
                                                  "valide"},
                                                 lang)));
  Result<link::Clk> wanted = link::ClkFromBase64(q["plm_Clk"].get<std::string>());
  if (!wanted.ok())
    return Refuse(*tx, "invalid_payload", in.header.id,
                  Status::InvalidArgument(Format({"the query's content is not a valid encoding",
                                                  "le contenu de la requête n'est pas un encodage "
                                                  "valide"},
                                                 lang)));
  // The cases this principal may search: its organisation's for a case worker, all otherwise.
  const std::string scope =
      casework::RoleIsOrganisationScoped(who.role) ? who.organisation : std::string();
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<CaseRecord> cases,
      tx->ListCases(scope, true, "cross-border exchange: answer a query from " + in.header.from));
  PALERMO_ASSIGN_OR_RETURN(const std::vector<link::Clk> mine, Encode(cases, secret));
  Answer answer;
  answer.query_id = in.header.id;
  size_t best = 0;
  for (size_t i = 0; i < mine.size(); ++i) {
    const double d = link::Dice(*wanted, mine[i]);
    if (d > answer.similarity) {
      answer.similarity = d;
      best = i;
    }
  }
  answer.match = !mine.empty() && answer.similarity >= threshold;
  json body{{"plm_PayloadVersion", kQueryVersion},
            {"plm_QueryId", in.header.id},
            {"plm_Match", answer.match}};
  std::string reference;
  if (answer.match) {
    answer.local_case = cases[best].id;
    // A reference to quote in a follow-up request; it names no person.
    reference = internal::RandomId().substr(0, 12);
    body["plm_Reference"] = reference;
  }
  PALERMO_ASSIGN_OR_RETURN(auto own, internal::LoadIdentity(*tx, lang));
  PALERMO_ASSIGN_OR_RETURN(const internal::PartnerKeys partner,
                           internal::UsablePartner(*tx, in.header.from, lang));
  const internal::Header header =
      internal::NewHeader("answer", own->card.organisation, in.header.from, now, 30);
  PALERMO_ASSIGN_OR_RETURN(answer.packet,
                           internal::Seal(header, body.dump(),
                                          {own->signing_secret, partner.encryption_public}));
  // The query is recorded as received (replay), the answer as sent, both with the local case
  // on a match so a follow-up request can be traced; the reference is kept with the answer.
  PALERMO_RETURN_IF_ERROR(internal::RecordPacket(
      *tx, {in.header.id, "received", "query", in.header.from, answer.local_case.value_or(0), "",
            "", "", referral::FormatInstant(now), in.header.expires, "", ""})
                              .status());
  PALERMO_RETURN_IF_ERROR(internal::RecordPacket(
      *tx, {header.id, "sent", "answer", in.header.from, answer.local_case.value_or(0), "", "",
            "", header.created, header.expires, "", reference})
                              .status());
  PALERMO_RETURN_IF_ERROR(tx->Audit("exchange_query_answered", "exchange_packet", in.header.id, "",
                                    std::string("from=") + in.header.from +
                                        (answer.match ? " match" : " no_match")));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return answer;
}

Result<QueryResult> ReadAnswer(store::Store& store, const casework::Principal& who,
                               std::string_view answer_packet, Lang lang, referral::Instant now) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  casework::CaseGate gate;
  PALERMO_RETURN_IF_ERROR(
      gate.Require(*tx, who, casework::Action::kSearchIdentifier, "exchange_packet"));
  PALERMO_ASSIGN_OR_RETURN(const internal::Incoming in,
                           internal::Verify(*tx, answer_packet, "answer", lang, now));
  const json a = JsonNestingBeyond(in.body, 3) ? json() : json::parse(in.body, nullptr, false);
  if (!a.is_object() || !a.contains("plm_QueryId") || !a["plm_QueryId"].is_string() ||
      !a.contains("plm_Match") || !a["plm_Match"].is_boolean())
    return Refuse(*tx, "invalid_payload", in.header.id,
                  Status::InvalidArgument(Format({"the answer's content is unreadable",
                                                  "le contenu de la réponse est illisible"},
                                                 lang)));
  QueryResult out;
  out.query_id = a["plm_QueryId"];
  out.match = a["plm_Match"];
  if (out.match && a.contains("plm_Reference") && a["plm_Reference"].is_string())
    out.reference = a["plm_Reference"].get<std::string>().substr(0, 40);
  // Only an answer to a query this installation sent to that partner is accepted.
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> asked,
      tx->Query("SELECT case_id FROM exchange_packet WHERE direction = 'sent' AND kind = "
                   "'query' AND packet_id = $1 AND partner = $2",
                   {out.query_id, in.header.from}));
  if (asked.empty())
    return Refuse(*tx, "answer_to_unknown_query", in.header.id,
                  Status::FailedPrecondition(Format(
                      {"this answers no query sent from here to {org}",
                       "cela ne répond à aucune requête envoyée d'ici à {org}"},
                      lang, {{"org", in.header.from}})));
  const CaseId case_id = std::get<int64_t>(asked[0][0]);
  PALERMO_RETURN_IF_ERROR(internal::RecordPacket(
      *tx, {in.header.id, "received", "answer", in.header.from, case_id, "", "", "",
            referral::FormatInstant(now), in.header.expires, "", out.reference})
                              .status());
  PALERMO_RETURN_IF_ERROR(tx->Audit("exchange_answer_received", "case", std::to_string(case_id), "",
                                    std::string("from=") + in.header.from +
                                        (out.match ? " match" : " no_match")));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return out;
}

}  // namespace palermo::exchange
