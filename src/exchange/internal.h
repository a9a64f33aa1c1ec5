// SPDX-License-Identifier: AGPL-3.0-or-later
// src/exchange/internal.h: what the exchange module's files share (not a public header).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "exchange/envelope.h"
#include "exchange/exchange.h"

namespace palermo::exchange::internal {

inline constexpr std::string_view kIdentityContext = "exchange_identity:";
inline constexpr std::string_view kPacketContext = "exchange_packet:";
inline constexpr std::string_view kRequestContext = "exchange_request:";

// This installation's identity with its secret keys opened (raw bytes).
struct Identity {
  Card card;
  std::string signing_secret;
  std::string encryption_secret;
  std::string encryption_public;  // raw
  ~Identity();
};
// kFailedPrecondition (in `lang`) when the installation has none.
Result<std::unique_ptr<Identity>> LoadIdentity(store::Transaction& tx, Lang lang);

struct PartnerKeys {
  Partner partner;
  std::string signing_public;     // raw
  std::string encryption_public;  // raw
};
// kFailedPrecondition (in `lang`) for an unknown or revoked partner.
Result<PartnerKeys> UsablePartner(store::Transaction& tx, std::string_view organisation,
                                  Lang lang);

// Organisation codes: 2–40 letters, digits, '-' or '_'.
bool ValidOrganisationCode(std::string_view code);

// A verified incoming packet: the header and the decrypted body.
struct Incoming {
  Header header;
  std::string body;
};
// Every check ReceivePacket promises (format, sender known and unrevoked, recipient, times,
// replay, signature, decryption, `kind` expected). A refusal is audited ("exchange_refused",
// with the reason code only) and committed in `tx`; the caller must not use `tx` after an error.
Result<Incoming> Verify(store::Transaction& tx, std::string_view packet, std::string_view kind,
                        Lang lang, referral::Instant now);

// Records a packet in exchange_packet (the row's id is returned). `restrictions` is sealed.
struct PacketRow {
  std::string packet_id, direction, kind, partner;
  CaseId case_id = 0;
  std::string purpose, handling, evaluation, at, expires, restrictions;
  std::string reference;  // a query answer's reference, a received case's sender reference
};
Result<int64_t> RecordPacket(store::Transaction& tx, const PacketRow& row);

// A header for a new packet from this installation to `to`, valid `days` days from `now`.
Header NewHeader(std::string_view kind, std::string_view from, std::string_view to,
                 referral::Instant now, int days);

// SendCase, for AnswerRequest too: with `in_reply_to` set, the payload names the request and
// the request received here is closed as answered in the same transaction.
Result<Sent> SendCaseReplying(store::Store& store, const casework::Principal& who,
                              const SendRequest& req, std::string_view in_reply_to, Lang lang,
                              referral::Instant now);

// Closes request `request_id` of `direction` with `partner`: state "answered", "refused" or
// "acknowledged" (which keeps it open). A request not on record is left alone (a partner may
// answer one made before this installation kept requests).
Status CloseRequest(store::Transaction& tx, std::string_view direction,
                    std::string_view request_id, std::string_view partner, std::string_view state,
                    std::string_view reason, referral::Instant now);

// ReceivePacket for kinds "request", "acknowledgement" and "refusal" (requests.cc); commits.
Result<Received> AcceptRequestPacket(store::Transaction& tx, const casework::Principal& who,
                                     const Incoming& in, Lang lang, referral::Instant now);

// The refusal every gate-like check uses: audited as "exchange_refused" with `reason_code`,
// committed, then returned as `status`.
Status Refuse(store::Transaction& tx, std::string_view reason_code, std::string_view object_id,
              Status status);

}  // namespace palermo::exchange::internal
