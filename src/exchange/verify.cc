// SPDX-License-Identifier: AGPL-3.0-or-later
// What every incoming packet goes through before anything is written (exchange.h), and the
// record of packets sent and received.
#include <chrono>

#include "exchange/internal.h"

namespace palermo::exchange {
namespace internal {
namespace {

bool IsHexId(std::string_view id) {
  if (id.size() != 32) return false;
  for (char c : id)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// How far a packet's creation time may be ahead of this installation's clock.
constexpr std::chrono::minutes kClockSkew{10};

}  // namespace

Status Refuse(store::Transaction& tx, std::string_view reason_code, std::string_view object_id,
              Status status) {
  Status audited =
      tx.Audit("exchange_refused", "exchange_packet", object_id, "", "reason=" + std::string(reason_code));
  if (audited.ok()) audited = tx.Commit();
  if (!audited.ok()) return audited;
  return status;
}

Header NewHeader(std::string_view kind, std::string_view from, std::string_view to,
                 referral::Instant now, int days) {
  return Header{std::string(kind), RandomId(), std::string(from), std::string(to),
                referral::FormatInstant(now),
                referral::FormatInstant(now + std::chrono::days(days))};
}

Result<Incoming> Verify(store::Transaction& tx, std::string_view packet, std::string_view kind,
                        Lang lang, referral::Instant now) {
  Result<Header> peeked = PeekHeader(packet);
  if (!peeked.ok() || !IsHexId(peeked->id) || !ValidOrganisationCode(peeked->from))
    return Refuse(tx, "malformed", "",
                  Status::InvalidArgument(Format(
                      {"not a Palermo exchange packet, or a damaged one",
                       "ce n'est pas un paquet d'échange Palermo, ou il est endommagé"},
                      lang)));
  const Header& h = *peeked;
  Result<std::unique_ptr<Identity>> own = LoadIdentity(tx, lang);
  if (!own.ok()) return Refuse(tx, "no_identity", h.id, own.status());
  if (h.to != (*own)->card.organisation)
    return Refuse(tx, "wrong_recipient", h.id,
                  Status::FailedPrecondition(Format(
                      {"the packet is addressed to another organisation, not to {own}",
                       "le paquet est adressé à une autre organisation, pas à {own}"},
                      lang, {{"own", (*own)->card.organisation}})));
  Result<PartnerKeys> sender = UsablePartner(tx, h.from, lang);
  if (!sender.ok()) return Refuse(tx, "unknown_or_revoked_sender", h.id, sender.status());
  // The signature first: every later check then reads what the sender really wrote.
  Result<std::string> body = Open(packet, OpenKeys{sender->signing_public, (*own)->encryption_secret,
                                                   (*own)->encryption_public});
  if (!body.ok()) {
    const bool forged = body.status().message().find("signature") != std::string::npos;
    return Refuse(
        tx, forged ? "bad_signature" : "undecryptable", h.id,
        Status::Unauthenticated(
            forged ? Format({"the packet's signature does not verify with {org}'s key: it was "
                             "altered or is not from {org}",
                             "la signature du paquet ne se vérifie pas avec la clé de {org} : il a "
                             "été modifié ou ne vient pas de {org}"},
                            lang, {{"org", h.from}})
                   : Format({"the packet does not decrypt with this installation's key",
                             "le paquet ne se déchiffre pas avec la clé de cette installation"},
                            lang)));
  }
  if (h.kind != kind)
    return Refuse(tx, "unexpected_kind", h.id,
                  Status::InvalidArgument(Format(
                      {"this is a packet of kind \"{got}\", not \"{want}\"",
                       "ce paquet est de type « {got} », pas « {want} »"},
                      lang, {{"got", h.kind.substr(0, 20)}, {"want", std::string(kind)}})));
  Result<referral::Instant> created = referral::ParseInstant(h.created);
  Result<referral::Instant> expires = referral::ParseInstant(h.expires);
  if (!created.ok() || !expires.ok())
    return Refuse(tx, "malformed", h.id,
                  Status::InvalidArgument(Format({"the packet's dates are unreadable",
                                                  "les dates du paquet sont illisibles"},
                                                 lang)));
  if (now > *expires)
    return Refuse(tx, "expired", h.id,
                  Status::FailedPrecondition(Format(
                      {"the packet expired on {at}; ask the sender for a new one",
                       "le paquet a expiré le {at} ; demandez-en un nouveau à l'expéditeur"},
                      lang, {{"at", h.expires}})));
  if (*created > now + kClockSkew)
    return Refuse(tx, "created_in_future", h.id,
                  Status::FailedPrecondition(Format(
                      {"the packet says it was made on {at}, in the future: check both clocks",
                       "le paquet dit avoir été fait le {at}, dans le futur : vérifiez les deux "
                       "horloges"},
                      lang, {{"at", h.created}})));
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> seen,
      tx.Query("SELECT at FROM exchange_packet WHERE direction = 'received' AND packet_id = $1",
               {h.id}));
  if (!seen.empty())
    return Refuse(tx, "replayed", h.id,
                  Status::FailedPrecondition(Format(
                      {"this packet was already received on {at} (a packet is accepted once)",
                       "ce paquet a déjà été reçu le {at} (un paquet n'est accepté qu'une fois)"},
                      lang, {{"at", std::get<std::string>(seen[0][0])}})));
  return Incoming{h, std::move(*body)};
}

Result<int64_t> RecordPacket(store::Transaction& tx, const PacketRow& row) {
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO exchange_packet (packet_id, direction, kind, partner, case_id, "
                 "purpose, handling, evaluation, at, expires, reference) VALUES ($1, $2, $3, $4, $5, "
                 "$6, $7, $8, $9, $10, $11)",
                 {row.packet_id, row.direction, row.kind, row.partner, row.case_id, row.purpose,
                  row.handling, row.evaluation, row.at, row.expires, row.reference})
          .status());
  PALERMO_ASSIGN_OR_RETURN(const int64_t id, tx.LastInsertId());
  if (!row.restrictions.empty()) {
    PALERMO_ASSIGN_OR_RETURN(const std::string sealed,
                             tx.Seal(row.restrictions, std::string(kPacketContext) + std::to_string(id)));
    PALERMO_RETURN_IF_ERROR(
        tx.Execute("UPDATE exchange_packet SET restrictions = $1 WHERE id = $2", {sealed, id})
            .status());
  }
  return id;
}

}  // namespace internal

Result<std::set<CaseId>> CasesHeldBack(store::Store& store) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.BeginRead(store::Actor{"export", "", "system"}));
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx->Query("SELECT case_id FROM exchange_packet WHERE direction = 'received' AND kind = "
                "'case' AND (handling IN ('H2', 'H3') OR consent_withdrawn = 1)"));
  std::set<CaseId> out;
  for (const store::SqlRow& r : rows) out.insert(std::get<int64_t>(r[0]));
  return out;
}

Result<std::vector<PacketRecord>> ListPackets(store::Store& store, const casework::Principal& who) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  casework::CaseGate gate;
  PALERMO_RETURN_IF_ERROR(gate.Require(*tx, who, casework::Action::kListCases, "exchange_packet"));
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx->Query("SELECT packet_id, direction, kind, partner, case_id, purpose, handling, "
                "evaluation, at, expires, consent_withdrawn, reference FROM exchange_packet ORDER BY id "
                "DESC"));
  std::vector<PacketRecord> out;
  for (const store::SqlRow& r : rows) {
    PacketRecord p;
    p.packet_id = std::get<std::string>(r[0]);
    p.direction = std::get<std::string>(r[1]);
    p.kind = std::get<std::string>(r[2]);
    p.partner = std::get<std::string>(r[3]);
    p.case_id = std::get<int64_t>(r[4]);
    p.purpose = std::get<std::string>(r[5]);
    p.handling = std::get<std::string>(r[6]);
    p.evaluation = std::get<std::string>(r[7]);
    p.at = std::get<std::string>(r[8]);
    p.expires = std::get<std::string>(r[9]);
    p.consent_withdrawn = std::get<int64_t>(r[10]) != 0;
    p.reference = std::get<std::string>(r[11]);
    // An organisation-scoped role sees the packets of the cases it reaches.
    if (casework::RoleIsOrganisationScoped(who.role) && p.case_id != 0) {
      Result<CaseRecord> c = tx->GetCase(p.case_id, false, "");
      if (!c.ok()) continue;
      Result<casework::CaseAccess> access = gate.AccessTo(*tx, who, *c);
      if (!access.ok() || *access != casework::CaseAccess::kFull) continue;
    }
    out.push_back(std::move(p));
  }
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return out;
}

}  // namespace palermo::exchange
