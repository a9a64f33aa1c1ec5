// SPDX-License-Identifier: AGPL-3.0-or-later
// src/exchange/exchange.h: cross-border exchange of case information between two Palermo
// installations (two countries' referral mechanisms, an NGO and a partner ministry), through
// packet files that can travel by e-mail or removable media.
//
// What the module promises:
//  * Identity. Each installation has one exchange identity: its organisation code, an Ed25519
//    signing key and an X25519 encryption key (libsodium). The secret keys are sealed in the
//    database with the store key (like every identifier; re-encrypted by `palermo key rotate`).
//    Its public card (ExportCard) is signed by the identity itself and carries a fingerprint
//    that the two partners compare out of band (by telephone) before trusting it.
//  * Partners. A directory of partner cards (AddPartner checks the card's own signature),
//    with revocation: nothing is sent to or accepted from a revoked partner.
//  * Packets (envelope.h): signed by the sender, encrypted to the recipient; sender, recipient,
//    id, creation and expiry are bound in the signature. A packet is accepted only when it is
//    from a known, unrevoked partner, for this installation, not expired, never seen before
//    (replay), its signature verifies and it decrypts; otherwise it is refused with a reason
//    and NOTHING is written but the refusal's audit entry.
//  * Minimisation. A case packet carries only the fields its purpose needs (PurposeFields):
//    notes never travel; documents only for an information request or a return; phones only for
//    a referral or a return; the address only for a return. Field names are HTCDS v2
//    (prs_*, vic_*, hte_*); what HTCDS lacks uses the prefix plm_.
//  * Consent and handling travel with the case and are enforced. A case is sent only when its
//    person's consent to cross-border exchange (with the recipient, or with any organisation)
//    is in force; the packet carries that consent, a handling code (H0–H3, SIENA) and the
//    source/information evaluation (A/B/C/X, 1–4; Europol Regulation Art. 29). The receiver
//    records the consent as given by the sender and refuses to send a received case on when it
//    came with H2 or H3 (no dissemination without the provider's permission) or when its
//    consent was withdrawn (a withdrawal packet from the sender).
//  * Everything is audited on both sides (send, receive, refusals, key and partner changes)
//    without personal data; no name, birth date or document number is outside the encrypted
//    payload of a packet, in a log or in an error message.
//  * "Do you know this person?" (query.cc): a query carries only keyed Bloom-filter encodings
//    (link/pprl.h, a secret the two partners agreed on) of one person; the receiver compares
//    them with its own cases and answers match / no match with a reference, never a name.
//
// Layering: above store, casework (the access gate, consent) and link (PPRL encodings). The
// CLI (`palermo exchange ...`) is the only caller today.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "casework/casework.h"
#include "core/core.h"
#include "referral/referral.h"
#include "store/store.h"

namespace palermo::exchange {

// Registers the module's tables and sealed columns; call before store::Store::Open.
void RegisterMigrations();

// ---- Identity and partners ----------------------------------------------------------------

struct Card {
  std::string organisation;  // code, e.g. "FR-NRM" (letters, digits, '-', '_'; 2–40)
  std::string country;       // ISO 3166-1 alpha-3
  std::string signing_key;      // base64, Ed25519 public key
  std::string encryption_key;   // base64, X25519 public key
  std::string fingerprint;      // "a1b2 c3d4 …" (10 groups)
  std::string created;          // ISO 8601 UTC
};

// Creates this installation's identity. kAlreadyExists if it has one (an identity is never
// replaced silently: partners trust its fingerprint). Audited.
Result<Card> InitIdentity(store::Store& store, const store::Actor& actor,
                          std::string_view organisation, std::string_view country,
                          referral::Instant now);
// The identity's public card as JSON (format "palermo-exchange-card/1"), self-signed.
// kFailedPrecondition without an identity.
Result<std::string> ExportCard(store::Store& store, const store::Actor& actor);

struct Partner {
  Card card;
  std::string added;    // ISO 8601 UTC
  std::string revoked;  // empty unless revoked
};
// Adds (or, for a revoked or changed card, refuses: kAlreadyExists) a partner from its card's
// JSON. kInvalidArgument for a malformed card, kUnauthenticated when its self-signature does
// not verify, kInvalidArgument for this installation's own card. Audited.
Result<Partner> AddPartner(store::Store& store, const store::Actor& actor,
                           std::string_view card_json, referral::Instant now, Lang lang);
Result<std::vector<Partner>> ListPartners(store::Store& store, const store::Actor& actor);
// kNotFound for an unknown partner. Audited.
Status RevokePartner(store::Store& store, const store::Actor& actor, std::string_view organisation,
                     referral::Instant now, Lang lang);

// ---- Case packets -------------------------------------------------------------------------

enum class Purpose { kReferral, kInformationRequest, kCaseNotification, kReturn };
std::string_view PurposeCode(Purpose p);  // referral, information_request, case_notification, return
Result<Purpose> ParsePurpose(std::string_view code, Lang lang);
// The payload fields a purpose may carry (HTCDS names or plm_*), in the order written.
const std::vector<std::string_view>& PurposeFields(Purpose p);

enum class Handling { kH0, kH1, kH2, kH3 };
std::string_view HandlingCode(Handling h);  // "H0".."H3"
Result<Handling> ParseHandling(std::string_view code, Lang lang);

struct SendRequest {
  CaseId case_id = 0;
  std::string to;  // partner organisation
  Purpose purpose = Purpose::kReferral;
  Handling handling = Handling::kH2;
  char source_reliability = 'X';  // A, B, C or X
  int information_accuracy = 4;   // 1..4
  std::string restrictions;       // free text for H3 (no personal data), sealed in the packet
  int valid_days = 30;            // the packet expires after this many days (1..365)
};

struct Sent {
  std::string packet;     // the envelope's bytes
  std::string packet_id;
  std::vector<std::string> fields;  // payload fields actually sent (names only)
};

// Reads the case through the case-work gate (its identifiers with the purpose "cross-border
// exchange"), checks the consent and, for a case received from a partner, the handling it
// came with; then builds the minimised, signed and encrypted packet. Refusals:
// kPermissionDenied (gate, audited), kFailedPrecondition (no consent, revoked or unknown
// partner, no identity, handling forbids forwarding), kInvalidArgument (codes). Messages in
// `lang`. The packet is recorded (id, recipient, purpose, handling; no content).
Result<Sent> SendCase(store::Store& store, const casework::Principal& who, const SendRequest& req,
                      Lang lang, referral::Instant now);

// Tells the partner that the person withdrew the consent under which case `case_id` was sent
// to `to` (every packet sent about it). The receiver then refuses to send the case on.
Result<Sent> SendWithdrawal(store::Store& store, const casework::Principal& who, CaseId case_id,
                            std::string_view to, Lang lang, referral::Instant now);

struct Received {
  std::string packet_id;
  // "case", "withdrawal", "request", "acknowledgement" or "refusal" (requests.cc).
  std::string kind;
  std::string from;
  CaseId case_id = 0;  // the case created (kind "case") or whose consent was withdrawn
  Purpose purpose = Purpose::kReferral;
  Handling handling = Handling::kH2;
  std::string evaluation;  // e.g. "B2"
  std::string request_id;  // the request a case, acknowledgement or refusal answers
  std::string deadline;    // kind "request": when the answer is due (ISO 8601 UTC)
  std::string reason;      // kind "refusal": the reason code
  std::string acknowledgement;  // kind "request": the signed acknowledgement to send back
};

// Verifies and accepts a packet (see the promises above). A case packet becomes a case of the
// sending organisation (agency = the partner's code) with the person's consent recorded as
// received; a withdrawal marks the consent of the case it names as withdrawn. Refusals:
// kUnauthenticated (signature, decryption), kFailedPrecondition (unknown or revoked sender,
// another recipient, expired, replayed, no identity), kInvalidArgument (not a packet, bad
// payload). Each refusal is audited and committed; nothing else is written.
Result<Received> ReceivePacket(store::Store& store, const casework::Principal& who,
                               std::string_view packet, Lang lang, referral::Instant now);

// Cases received from a partner that may not be passed on: handling H2 or H3, or consent the
// sender reported withdrawn. `palermo export --format htcds-json` leaves them out.
Result<std::set<CaseId>> CasesHeldBack(store::Store& store);

struct PacketRecord {
  std::string packet_id;
  std::string direction;  // "sent" or "received"
  std::string kind;
  std::string partner;
  CaseId case_id = 0;
  std::string purpose;
  std::string handling;
  std::string evaluation;
  std::string at;
  std::string expires;
  bool consent_withdrawn = false;
  std::string reference;  // a received case's sender reference; a query answer's reference
};
// Every packet sent and received, newest first. Needs a role that reads the audit or manages
// cases (administrator, decision maker, case worker: its organisation's cases only).
Result<std::vector<PacketRecord>> ListPackets(store::Store& store, const casework::Principal& who);

// ---- Requests with deadlines (requests.cc) ----------------------------------------------------
//
// A request for information about a person a partner said it knows (the reference of a query's
// match answer), with the time limits of Directive (EU) 2023/977 art. 5(1): 8 hours for an
// urgent request of directly accessible information, 3 days for other urgent requests, 7 days
// for all others. Receiving a request records it and makes a signed acknowledgement at once;
// the request stays open on both sides until the receiver answers with a case packet
// (purpose information_request, minimised and consent-checked like any case packet) or refuses
// with a reason code. RequestsDue lists the open ones, overdue first.

enum class Urgency { kUrgentDirect, kUrgentIndirect, kOther };
std::string_view UrgencyCode(Urgency u);  // "urgent_direct", "urgent_indirect", "other"
Result<Urgency> ParseUrgency(std::string_view code, Lang lang);
std::chrono::seconds ResponseTime(Urgency u);  // 8 h, 3 days, 7 days

// Reason codes of a refusal.
inline constexpr std::string_view kRefusalReasons[] = {
    "no_consent", "not_found", "not_competent", "handling_restriction", "insufficient_grounds",
    "other"};

// A request to `to` about the person behind `reference` (from ReadAnswer). `grounds` says why
// in words without personal data (at most 500 bytes). Roles: case worker, decision maker.
Result<Sent> SendInformationRequest(store::Store& store, const casework::Principal& who,
                                    std::string_view to, std::string_view reference,
                                    Urgency urgency, std::string_view grounds, Lang lang,
                                    referral::Instant now);
// Answers an open request received here with the case its reference names, as a case packet
// (purpose information_request) carrying the request's id. Same checks as SendCase (gate,
// consent, handling of a case received from elsewhere).
Result<Sent> AnswerRequest(store::Store& store, const casework::Principal& who,
                           std::string_view request_id, Handling handling,
                           char source_reliability, int information_accuracy, Lang lang,
                           referral::Instant now);
// Refuses an open request received here with a reason code (kRefusalReasons).
Result<Sent> RefuseRequest(store::Store& store, const casework::Principal& who,
                           std::string_view request_id, std::string_view reason, Lang lang,
                           referral::Instant now);

struct RequestRecord {
  std::string request_id;
  std::string direction;  // "sent" (we asked) or "received" (we must answer)
  std::string partner;
  std::string urgency;
  std::string received_at;  // when it was sent (sent) or received (received)
  std::string deadline;
  std::string state;  // "open", "acknowledged" (sent, the partner confirmed), "answered", "refused"
  std::string reason;  // refusal reason code
  bool overdue = false;  // open (or acknowledged) and past its deadline at `now`
};
// Every request, open ones first (overdue first, then by deadline), then the closed ones.
Result<std::vector<RequestRecord>> ListRequests(store::Store& store, const casework::Principal& who,
                                                referral::Instant now);

// ---- "Do you know this person?" (PPRL) ------------------------------------------------------

// A query packet: the PPRL encoding (link/pprl.h, keyed by `secret`, agreed with the partner
// out of band) of the person of case `case_id`, read through the gate; no identifier travels.
// Needs the person's cross-border consent, like a case packet.
Result<Sent> SendQuery(store::Store& store, const casework::Principal& who, CaseId case_id,
                       std::string_view to, std::string_view secret, Lang lang,
                       referral::Instant now);
struct Answer {
  std::string packet;  // the answer packet, for the querying partner
  std::string query_id;
  bool match = false;
  std::optional<CaseId> local_case;  // the best matching case here (never sent: a reference is)
  double similarity = 0;
};
// Verifies the query (as ReceivePacket), encodes every case of this installation with the same
// secret (an audited read of identifiers, purpose "cross-border exchange query") and answers
// match when one reaches `threshold` (Dice similarity of the encodings). The answer carries
// match / no match and, on a match, a reference to quote in a follow-up request.
Result<Answer> AnswerQuery(store::Store& store, const casework::Principal& who,
                           std::string_view query_packet, std::string_view secret,
                           double threshold, Lang lang, referral::Instant now);
struct QueryResult {
  std::string query_id;
  bool match = false;
  std::string reference;  // the partner's reference on a match
};
// Verifies and reads an answer to a query this installation sent.
Result<QueryResult> ReadAnswer(store::Store& store, const casework::Principal& who,
                               std::string_view answer_packet, Lang lang, referral::Instant now);

}  // namespace palermo::exchange
