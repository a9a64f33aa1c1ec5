// SPDX-License-Identifier: AGPL-3.0-or-later
// This installation's exchange identity and its directory of partners (exchange.h).
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "exchange/internal.h"

namespace palermo::exchange {
namespace {

using json = nlohmann::json;
using internal::FromBase64;
using internal::ToBase64;

constexpr std::string_view kCardFormat = "palermo-exchange-card/1";

const unsigned char* U(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

Status RequireAdmin(const store::Actor& actor) {
  if (actor.role != "admin" && actor.role != "system")
    return Status::PermissionDenied("exchange keys and partners are managed by an administrator");
  return Status::Ok();
}

// The bytes a card's self-signature covers.
std::string CardBytes(const Card& c) {
  std::string out(kCardFormat);
  for (const std::string* part :
       {&c.organisation, &c.country, &c.signing_key, &c.encryption_key, &c.created}) {
    out += '\n';
    out += std::to_string(part->size());
    out += ':';
    out += *part;
  }
  return out;
}

Card CardFromRow(const store::SqlRow& row, size_t first) {
  auto text = [&](size_t i) { return std::get<std::string>(row[first + i]); };
  Card c{text(0), text(1), text(2), text(3), "", text(4)};
  Result<std::string> sign = FromBase64(c.signing_key);
  Result<std::string> box = FromBase64(c.encryption_key);
  if (sign.ok() && box.ok()) c.fingerprint = internal::Fingerprint(*sign, *box);
  return c;
}

}  // namespace

void RegisterMigrations() {
  casework::RegisterMigrations();
  // exchange_identity: one row; `secrets` holds the two secret keys, sealed (context
  // "exchange_identity:<id>"). exchange_partner: the directory. exchange_packet: every packet
  // sent or received (no content; H3 restrictions sealed, context "exchange_packet:<id>"); its
  // (direction, packet_id) uniqueness is the replay check.
  store::RegisterMigration({"exchange", 1, R"sql(
CREATE TABLE exchange_identity (
  id {{id}},
  organisation TEXT NOT NULL,
  country TEXT NOT NULL,
  signing_key TEXT NOT NULL,
  encryption_key TEXT NOT NULL,
  created TEXT NOT NULL,
  secrets {{blob}});
CREATE TABLE exchange_partner (
  id {{id}},
  organisation TEXT NOT NULL UNIQUE,
  country TEXT NOT NULL,
  signing_key TEXT NOT NULL,
  encryption_key TEXT NOT NULL,
  created TEXT NOT NULL,
  added TEXT NOT NULL,
  revoked TEXT NOT NULL DEFAULT '');
CREATE TABLE exchange_packet (
  id {{id}},
  packet_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  kind TEXT NOT NULL,
  partner TEXT NOT NULL,
  case_id BIGINT NOT NULL DEFAULT 0,
  purpose TEXT NOT NULL DEFAULT '',
  handling TEXT NOT NULL DEFAULT '',
  evaluation TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL,
  expires TEXT NOT NULL,
  consent_withdrawn INTEGER NOT NULL DEFAULT 0,
  reference TEXT NOT NULL DEFAULT '',
  restrictions {{blob}},
  UNIQUE (direction, packet_id));
CREATE INDEX exchange_packet_case ON exchange_packet (case_id)
)sql"});
  // Requests for information with their deadlines (requests.cc); `grounds` sealed (context
  // "exchange_request:<id>").
  store::RegisterMigration({"exchange", 2, R"sql(
CREATE TABLE exchange_request (
  id {{id}},
  request_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  partner TEXT NOT NULL,
  reference TEXT NOT NULL,
  case_id BIGINT NOT NULL DEFAULT 0,
  urgency TEXT NOT NULL,
  at TEXT NOT NULL,
  deadline TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  closed_at TEXT NOT NULL DEFAULT '',
  grounds {{blob}},
  UNIQUE (direction, request_id))
)sql"});
  store::RegisterSealedColumn(
      {"exchange_request", "id", "grounds", std::string(internal::kRequestContext)});
  store::RegisterSealedColumn(
      {"exchange_identity", "id", "secrets", std::string(internal::kIdentityContext)});
  store::RegisterSealedColumn(
      {"exchange_packet", "id", "restrictions", std::string(internal::kPacketContext)});
}

namespace internal {

bool ValidOrganisationCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 40) return false;
  for (char ch : code)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_')) return false;
  return true;
}

Identity::~Identity() {
  sodium_memzero(signing_secret.data(), signing_secret.size());
  sodium_memzero(encryption_secret.data(), encryption_secret.size());
}

Result<std::unique_ptr<Identity>> LoadIdentity(store::Transaction& tx, Lang lang) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT id, organisation, country, signing_key, encryption_key, created, secrets "
               "FROM exchange_identity ORDER BY id LIMIT 1"));
  if (rows.empty())
    return Status::FailedPrecondition(
        Format({"this installation has no exchange identity (palermo exchange keys init --org ORG)",
                "cette installation n'a pas d'identité d'échange (palermo exchange keys init --org "
                "ORG)"},
               lang));
  auto id = std::make_unique<Identity>();
  id->card = CardFromRow(rows[0], 1);
  const int64_t row_id = std::get<int64_t>(rows[0][0]);
  PALERMO_ASSIGN_OR_RETURN(
      const std::string secrets,
      tx.Open(std::get<std::string>(rows[0][6]), std::string(kIdentityContext) + std::to_string(row_id)));
  const json j = json::parse(secrets, nullptr, false);
  if (!j.is_object() || !j.contains("signing") || !j.contains("encryption"))
    return Status::DataLoss("the exchange identity's secret keys are unreadable");
  PALERMO_ASSIGN_OR_RETURN(id->signing_secret, FromBase64(j["signing"].get<std::string>()));
  PALERMO_ASSIGN_OR_RETURN(id->encryption_secret, FromBase64(j["encryption"].get<std::string>()));
  PALERMO_ASSIGN_OR_RETURN(id->encryption_public, FromBase64(id->card.encryption_key));
  return id;
}

Result<PartnerKeys> UsablePartner(store::Transaction& tx, std::string_view organisation,
                                  Lang lang) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT organisation, country, signing_key, encryption_key, created, added, revoked "
               "FROM exchange_partner WHERE organisation = $1",
               {std::string(organisation)}));
  if (rows.empty())
    return Status::FailedPrecondition(
        Format({"\"{org}\" is not a partner of this installation (palermo exchange partner add)",
                "« {org} » n'est pas un partenaire de cette installation (palermo exchange partner "
                "add)"},
               lang, {{"org", std::string(organisation.substr(0, 40))}}));
  PartnerKeys p;
  p.partner.card = CardFromRow(rows[0], 0);
  p.partner.added = std::get<std::string>(rows[0][5]);
  p.partner.revoked = std::get<std::string>(rows[0][6]);
  if (!p.partner.revoked.empty())
    return Status::FailedPrecondition(
        Format({"partner \"{org}\" was revoked on {at}", "le partenaire « {org} » a été révoqué le {at}"},
               lang, {{"org", std::string(organisation)}, {"at", p.partner.revoked}}));
  PALERMO_ASSIGN_OR_RETURN(p.signing_public, FromBase64(p.partner.card.signing_key));
  PALERMO_ASSIGN_OR_RETURN(p.encryption_public, FromBase64(p.partner.card.encryption_key));
  return p;
}

}  // namespace internal

Result<Card> InitIdentity(store::Store& store, const store::Actor& actor,
                          std::string_view organisation, std::string_view country,
                          referral::Instant now) {
  PALERMO_RETURN_IF_ERROR(RequireAdmin(actor));
  if (!internal::ValidOrganisationCode(organisation))
    return Status::InvalidArgument(
        "organisation code: 2 to 40 letters, digits, '-' or '_' (e.g. FR-NRM)");
  const Country* c = CodeLists::Default().FindCountry(country);
  if (!c) return Status::InvalidArgument("unknown country (ISO 3166-1 code expected)");
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(actor));
  PALERMO_ASSIGN_OR_RETURN(const std::vector<store::SqlRow> existing,
                           tx->Query("SELECT organisation FROM exchange_identity"));
  if (!existing.empty())
    return Status::AlreadyExists("this installation already has an exchange identity (" +
                                 std::get<std::string>(existing[0][0]) +
                                 "); partners trust its fingerprint, so it is never replaced");
  unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES], sign_sk[crypto_sign_SECRETKEYBYTES];
  unsigned char box_pk[crypto_box_PUBLICKEYBYTES], box_sk[crypto_box_SECRETKEYBYTES];
  crypto_sign_keypair(sign_pk, sign_sk);
  crypto_box_keypair(box_pk, box_sk);
  auto bytes = [](const unsigned char* p, size_t n) {
    return std::string(reinterpret_cast<const char*>(p), n);
  };
  Card card;
  card.organisation = std::string(organisation);
  card.country = c->alpha3;
  card.signing_key = ToBase64(bytes(sign_pk, sizeof sign_pk));
  card.encryption_key = ToBase64(bytes(box_pk, sizeof box_pk));
  card.created = referral::FormatInstant(now);
  card.fingerprint = internal::Fingerprint(bytes(sign_pk, sizeof sign_pk), bytes(box_pk, sizeof box_pk));
  std::string secrets = json{{"signing", ToBase64(bytes(sign_sk, sizeof sign_sk))},
                             {"encryption", ToBase64(bytes(box_sk, sizeof box_sk))}}
                            .dump();
  sodium_memzero(sign_sk, sizeof sign_sk);
  sodium_memzero(box_sk, sizeof box_sk);
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("INSERT INTO exchange_identity (organisation, country, signing_key, "
                  "encryption_key, created) VALUES ($1, $2, $3, $4, $5)",
                  {card.organisation, card.country, card.signing_key, card.encryption_key,
                   card.created})
          .status());
  PALERMO_ASSIGN_OR_RETURN(const int64_t row, tx->LastInsertId());
  Result<std::string> sealed =
      tx->Seal(secrets, std::string(internal::kIdentityContext) + std::to_string(row));
  sodium_memzero(secrets.data(), secrets.size());
  PALERMO_RETURN_IF_ERROR(sealed.status());
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("UPDATE exchange_identity SET secrets = $1 WHERE id = $2", {*sealed, row})
          .status());
  PALERMO_RETURN_IF_ERROR(tx->Audit("exchange_identity_created", "exchange_identity",
                                    card.organisation, "", "fingerprint=" + card.fingerprint));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return card;
}

Result<std::string> ExportCard(store::Store& store, const store::Actor& actor) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(actor));
  PALERMO_ASSIGN_OR_RETURN(const auto id, internal::LoadIdentity(*tx, Lang::kEn));
  const std::string to_sign = CardBytes(id->card);
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, U(to_sign), to_sign.size(), U(id->signing_secret));
  const json j{{"format", kCardFormat},
               {"organisation", id->card.organisation},
               {"country", id->card.country},
               {"signing_key", id->card.signing_key},
               {"encryption_key", id->card.encryption_key},
               {"created", id->card.created},
               {"fingerprint", id->card.fingerprint},
               {"signature", ToBase64(std::string_view(reinterpret_cast<const char*>(signature),
                                                       sizeof signature))}};
  PALERMO_RETURN_IF_ERROR(tx->Audit("exchange_card_exported", "exchange_identity",
                                    id->card.organisation, "", ""));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return j.dump(2) + "\n";
}

Result<Partner> AddPartner(store::Store& store, const store::Actor& actor,
                           std::string_view card_json, referral::Instant now, Lang lang) {
  PALERMO_RETURN_IF_ERROR(RequireAdmin(actor));
  const Status malformed = Status::InvalidArgument(
      Format({"not a partner card (format palermo-exchange-card/1, made by palermo exchange keys "
              "export)",
              "ce n'est pas une carte de partenaire (format palermo-exchange-card/1, produite par "
              "palermo exchange keys export)"},
             lang));
  if (card_json.size() > 64 * 1024 || JsonNestingBeyond(card_json, 2)) return malformed;
  const json j = json::parse(card_json, nullptr, false);
  if (!j.is_object()) return malformed;
  for (const char* f : {"format", "organisation", "country", "signing_key", "encryption_key",
                        "created", "signature"})
    if (!j.contains(f) || !j[f].is_string()) return malformed;
  if (j["format"] != kCardFormat) return malformed;
  Card card{j["organisation"], j["country"], j["signing_key"], j["encryption_key"], "",
            j["created"]};
  if (!internal::ValidOrganisationCode(card.organisation) ||
      !CodeLists::Default().FindCountry(card.country))
    return malformed;
  Result<std::string> sign = FromBase64(card.signing_key);
  Result<std::string> box = FromBase64(card.encryption_key);
  Result<std::string> signature = FromBase64(j["signature"].get<std::string>());
  if (!sign.ok() || sign->size() != crypto_sign_PUBLICKEYBYTES || !box.ok() ||
      box->size() != crypto_box_PUBLICKEYBYTES || !signature.ok() ||
      signature->size() != crypto_sign_BYTES)
    return malformed;
  const std::string signed_bytes = CardBytes(card);
  if (crypto_sign_verify_detached(U(*signature), U(signed_bytes), signed_bytes.size(),
                                  U(*sign)) != 0)
    return Status::Unauthenticated(
        Format({"the card's signature does not verify: it was altered",
                "la signature de la carte ne se vérifie pas : elle a été modifiée"},
               lang));
  card.fingerprint = internal::Fingerprint(*sign, *box);
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(actor));
  PALERMO_ASSIGN_OR_RETURN(const std::vector<store::SqlRow> own,
                           tx->Query("SELECT signing_key FROM exchange_identity"));
  if (!own.empty() && std::get<std::string>(own[0][0]) == card.signing_key)
    return Status::InvalidArgument(Format(
        {"this is this installation's own card", "c'est la carte de cette installation"}, lang));
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> existing,
      tx->Query("SELECT signing_key, encryption_key, revoked FROM exchange_partner WHERE "
                "organisation = $1",
                {card.organisation}));
  Partner partner{card, referral::FormatInstant(now), ""};
  if (!existing.empty()) {
    const bool same = std::get<std::string>(existing[0][0]) == card.signing_key &&
                      std::get<std::string>(existing[0][1]) == card.encryption_key;
    if (!same || !std::get<std::string>(existing[0][2]).empty())
      return Status::AlreadyExists(
          Format({"partner \"{org}\" is already in the directory with {what}; a changed or revoked "
                  "partner is not replaced silently",
                  "le partenaire « {org} » est déjà dans l'annuaire avec {what} ; un partenaire "
                  "changé ou révoqué n'est pas remplacé en silence"},
                 lang,
                 {{"org", card.organisation},
                  {"what", std::string(same ? (lang == Lang::kFr ? "une révocation" : "a revocation")
                                            : (lang == Lang::kFr ? "d'autres clés" : "other keys"))}}));
    return partner;  // the same card again: nothing to do
  }
  PALERMO_RETURN_IF_ERROR(
      tx->Execute("INSERT INTO exchange_partner (organisation, country, signing_key, "
                  "encryption_key, created, added) VALUES ($1, $2, $3, $4, $5, $6)",
                  {card.organisation, card.country, card.signing_key, card.encryption_key,
                   card.created, partner.added})
          .status());
  PALERMO_RETURN_IF_ERROR(tx->Audit("exchange_partner_added", "exchange_partner",
                                    card.organisation, "", "fingerprint=" + card.fingerprint));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return partner;
}

Result<std::vector<Partner>> ListPartners(store::Store& store, const store::Actor& actor) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.BeginRead(actor));
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx->Query("SELECT organisation, country, signing_key, encryption_key, created, added, revoked "
                "FROM exchange_partner ORDER BY organisation"));
  std::vector<Partner> out;
  for (const store::SqlRow& row : rows)
    out.push_back(Partner{CardFromRow(row, 0), std::get<std::string>(row[5]),
                          std::get<std::string>(row[6])});
  return out;
}

Status RevokePartner(store::Store& store, const store::Actor& actor, std::string_view organisation,
                     referral::Instant now, Lang lang) {
  PALERMO_RETURN_IF_ERROR(RequireAdmin(actor));
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(actor));
  PALERMO_ASSIGN_OR_RETURN(
      const int64_t changed,
      tx->Execute("UPDATE exchange_partner SET revoked = $1 WHERE organisation = $2 AND revoked = ''",
                  {referral::FormatInstant(now), std::string(organisation)}));
  if (changed == 0)
    return Status::NotFound(Format({"no partner \"{org}\" in force", "aucun partenaire « {org} » en vigueur"},
                                   lang, {{"org", std::string(organisation.substr(0, 40))}}));
  PALERMO_RETURN_IF_ERROR(
      tx->Audit("exchange_partner_revoked", "exchange_partner", organisation, "", ""));
  return tx->Commit();
}

}  // namespace palermo::exchange
