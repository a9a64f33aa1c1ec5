// SPDX-License-Identifier: AGPL-3.0-or-later
// Cross-border exchange between two installations (src/exchange), each with its own store:
// what a partner's data-protection officer checks. A packet altered, re-addressed, expired,
// replayed or from a revoked partner is refused and nothing is imported; a packet carries only
// its purpose's fields; handling codes and a withdrawal of consent stop a case going further.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include <nlohmann/json.hpp>

#include "exchange/exchange.h"
#include "exchange/internal.h"
#include "referral/referral.h"
#include "store/store.h"
#include "testing/htcds.h"
#include "testing/testing.h"

namespace palermo::exchange {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::StatusIs;
using ::palermo::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

const referral::Instant kNow{std::chrono::seconds(1'796'000'000)};  // 2026-11-29

struct Installation {
  store::StoreOptions options;
  std::unique_ptr<store::Store> store;
  std::string org;
};

class ExchangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterMigrations();
    Make(fr_, "FR-NRM", "FRA");
    Make(gb_, "GB-NRM", "GBR");
    Make(it_, "IT-NRM", "ITA");
    // FR and GB know each other; IT knows FR only.
    Introduce(fr_, gb_);
    Introduce(gb_, fr_);
    Introduce(it_, fr_);
    Introduce(fr_, it_);
  }

  void Make(Installation& in, const std::string& org, const std::string& country,
            const std::string& file = "") {
    in.org = org;
    const std::string stem = file.empty() ? org : file;
    in.options.url = (dir_.path() / (stem + ".db")).string();
    in.options.key_file = (dir_.path() / (stem + ".key")).string();
    ASSERT_THAT(store::Store::Init(in.options), IsOk());
    Result<std::unique_ptr<store::Store>> s = store::Store::Open(in.options);
    ASSERT_THAT(s.status(), IsOk());
    in.store = std::move(*s);
    ASSERT_THAT(InitIdentity(*in.store, Admin(), org, country, kNow).status(), IsOk());
  }

  static store::Actor Admin() { return store::Actor{"admin", "", "admin"}; }

  // `to` adds `from`'s card to its directory.
  void Introduce(Installation& to, Installation& from) {
    Result<std::string> card = ExportCard(*from.store, Admin());
    ASSERT_THAT(card.status(), IsOk());
    ASSERT_THAT(AddPartner(*to.store, Admin(), *card, kNow, Lang::kEn).status(), IsOk());
  }

  static casework::Principal Worker(const std::string& org) {
    return {.user_id = 0, .username = "worker", .role = casework::Role::kCaseWorker,
            .organisation = org};
  }
  static casework::Principal DecisionMaker() {
    return {.user_id = 0, .username = "dm", .role = casework::Role::kDecisionMaker,
            .organisation = ""};
  }

  // A case of agency "police" at `in`, with every kind of identifier and a note.
  CaseId AddCase(Installation& in, bool consent) {
    auto tx = in.store->Begin(store::Actor{"import", "police", "system"});
    EXPECT_THAT(tx.status(), IsOk());
    CaseRecord r;
    r.agency = "police";
    r.local_id = "P-" + std::to_string(next_++);
    r.person.sex = Sex::kFemale;
    r.person.citizenship = "UKR";
    r.person.birth_year = 1999;
    r.person.identifiers.given_name = "Oksana";
    r.person.identifiers.family_name = "Kovalenko";
    r.person.identifiers.birth_date = *PartialDate::Parse("1999-03-04");
    r.person.identifiers.phones = {"+33612345678"};
    r.person.identifiers.document_numbers = {"FX123456"};
    r.person.identifiers.address = "12 rue des Lilas";
    r.notes = "told us about the flat in Lyon";
    r.victim_status = VictimStatus::kPossibleVictim;
    r.identification_date = *PartialDate::Parse("2024-02-03");
    r.forms = {"sexual"};
    Result<CaseId> id = (*tx)->InsertCase(r, "hash-" + r.local_id);
    EXPECT_THAT(id.status(), IsOk());
    EXPECT_THAT((*tx)->Commit(), IsOk());
    if (consent) GiveConsentTo(in, "police", *id);
    return *id;
  }

  // The person of case `id` consents to cross-border exchange (with any organisation).
  void GiveConsentTo(Installation& in, const std::string& agency, CaseId id) {
    const store::Actor worker{"w", agency, "case_worker"};
    auto tx = in.store->Begin(worker);
    Result<CaseRecord> c = (*tx)->GetCase(id, false, "");
    ASSERT_THAT(c.status(), IsOk());
    ASSERT_THAT(referral::GiveConsent(**tx, worker, c->person.id,
                                      ConsentPurpose::kCrossBorderExchange, "",
                                      kNow - std::chrono::days(1))
                    .status(),
                IsOk());
    ASSERT_THAT((*tx)->Commit(), IsOk());
  }

  // A case with only names, birth date and sex (and documents), as another agency holds it.
  CaseId AddPerson(Installation& in, const std::string& agency, const std::string& local_id,
                   const std::string& given, const std::string& family, const std::string& dob,
                   Sex sex, std::vector<std::string> documents = {}) {
    auto tx = in.store->Begin(store::Actor{"import", agency, "system"});
    EXPECT_THAT(tx.status(), IsOk());
    CaseRecord r;
    r.agency = agency;
    r.local_id = local_id;
    r.person.sex = sex;
    r.person.identifiers.given_name = given;
    r.person.identifiers.family_name = family;
    r.person.identifiers.birth_date = *PartialDate::Parse(dob);
    r.person.identifiers.document_numbers = std::move(documents);
    Result<CaseId> id = (*tx)->InsertCase(r, "h-" + agency + local_id);
    EXPECT_THAT(id.status(), IsOk());
    EXPECT_THAT((*tx)->Commit(), IsOk());
    return id.ok() ? *id : 0;
  }

  Result<Sent> Send(Installation& from, CaseId id, const std::string& to, Purpose purpose,
                    Handling handling, referral::Instant at = kNow) {
    SendRequest req;
    req.case_id = id;
    req.to = to;
    req.purpose = purpose;
    req.handling = handling;
    req.source_reliability = 'B';
    req.information_accuracy = 2;
    if (handling == Handling::kH3) req.restrictions = "not to be used in court";
    return SendCase(*from.store, Worker("police"), req, Lang::kEn, at);
  }

  // The payload of a packet as its recipient decrypts it.
  nlohmann::json Payload(Installation& recipient, Installation& sender, const std::string& packet) {
    auto tx = recipient.store->Begin(Admin());
    auto own = internal::LoadIdentity(**tx, Lang::kEn);
    auto partner = internal::UsablePartner(**tx, sender.org, Lang::kEn);
    EXPECT_THAT(own.status(), IsOk());
    EXPECT_THAT(partner.status(), IsOk());
    Result<std::string> body = internal::Open(
        packet, {partner->signing_public, (*own)->encryption_secret, (*own)->encryption_public});
    EXPECT_THAT(body.status(), IsOk());
    return nlohmann::json::parse(body.ok() ? *body : "{}");
  }

  int64_t Cases(Installation& in) {
    auto tx = in.store->Begin(Admin());
    Result<int64_t> n = (*tx)->CountCases();
    EXPECT_THAT(n.status(), IsOk());
    return *n;
  }

  int Refusals(Installation& in, const std::string& reason) {
    Result<std::vector<store::AuditEntry>> all = in.store->ReadAudit(0, 100000);
    int n = 0;
    for (const store::AuditEntry& e : *all)
      n += e.action == "exchange_refused" && e.detail == "reason=" + reason;
    return n;
  }

  TempDir dir_;
  Installation fr_, gb_, it_;
  int next_ = 1;
};

TEST_F(ExchangeTest, AReferralPacketArrivesMinimisedWithConsentAndHandling) {
  const CaseId id = AddCase(fr_, /*consent=*/true);
  Result<Sent> sent = Send(fr_, id, "GB-NRM", Purpose::kReferral, Handling::kH2);
  ASSERT_THAT(sent.status(), IsOk());
  // No identifier outside the ciphertext.
  for (const char* secret : {"Oksana", "Kovalenko", "1999-03-04", "FX123456", "33612345678", "Lilas", "Lyon"})
    EXPECT_THAT(sent->packet, Not(HasSubstr(secret))) << secret;
  // A referral carries names, birth date and phone; never documents, address or notes.
  const nlohmann::json p = Payload(gb_, fr_, sent->packet);
  EXPECT_EQ(p["prs_FirstName"], "Oksana");
  EXPECT_EQ(p["prs_MobilePhone"][0], "+33612345678");
  EXPECT_FALSE(p.contains("prs_IdentityNumber"));
  EXPECT_FALSE(p.contains("prs_MailingStreet"));
  EXPECT_THAT(p.dump(), Not(HasSubstr("Lyon")));
  EXPECT_EQ(p["plm_Handling"], "H2");
  EXPECT_EQ(p["plm_Consent"]["purpose"], "cross_border_exchange");
  EXPECT_THAT(palermo::testing::HtcdsViolations(p), ::testing::IsEmpty()) << p.dump();

  Result<Received> got = ReceivePacket(*gb_.store, Worker("GB-NRM"), sent->packet, Lang::kEn, kNow);
  ASSERT_THAT(got.status(), IsOk());
  EXPECT_EQ(got->from, "FR-NRM");
  EXPECT_EQ(got->handling, Handling::kH2);
  EXPECT_EQ(got->evaluation, "B2");
  auto tx = gb_.store->Begin(Admin());
  Result<CaseRecord> c = (*tx)->GetCase(got->case_id, true, "test");
  ASSERT_THAT(c.status(), IsOk());
  EXPECT_EQ(c->agency, "FR-NRM");
  EXPECT_EQ(c->person.identifiers.family_name, "Kovalenko");
  EXPECT_TRUE(c->person.identifiers.document_numbers.empty());
  EXPECT_TRUE(c->notes.empty());
  EXPECT_EQ(c->forms, std::vector<std::string>{"sexual"});
  Result<std::vector<Consent>> consents = referral::ListConsents(**tx, c->person.id);
  EXPECT_TRUE(referral::ConsentCovers(*consents, ConsentPurpose::kCrossBorderExchange, "FR-NRM"));
}

TEST_F(ExchangeTest, PurposeDecidesTheFields) {
  const CaseId id = AddCase(fr_, true);
  Result<Sent> info = Send(fr_, id, "GB-NRM", Purpose::kInformationRequest, Handling::kH0);
  ASSERT_THAT(info.status(), IsOk());
  nlohmann::json p = Payload(gb_, fr_, info->packet);
  EXPECT_EQ(p["prs_IdentityNumber"][0], "FX123456");
  EXPECT_FALSE(p.contains("prs_MobilePhone"));
  Result<Sent> ret = Send(fr_, id, "GB-NRM", Purpose::kReturn, Handling::kH0);
  p = Payload(gb_, fr_, ret->packet);
  EXPECT_EQ(p["prs_MailingStreet"], "12 rue des Lilas");
  Result<Sent> note = Send(fr_, id, "GB-NRM", Purpose::kCaseNotification, Handling::kH0);
  p = Payload(gb_, fr_, note->packet);
  EXPECT_FALSE(p.contains("prs_MobilePhone"));
  EXPECT_FALSE(p.contains("prs_IdentityNumber"));
  EXPECT_EQ(p["prs_SecondName"], "Kovalenko");
}

TEST_F(ExchangeTest, NoConsentNoPacket) {
  const CaseId id = AddCase(fr_, /*consent=*/false);
  EXPECT_THAT(Send(fr_, id, "GB-NRM", Purpose::kReferral, Handling::kH2),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("consent")));
  // The identifiers were never read for it.
  Result<std::vector<store::AuditEntry>> all = fr_.store->ReadAudit(0, 1000);
  for (const store::AuditEntry& e : *all) EXPECT_NE(e.action, "read_identifiers");
}

TEST_F(ExchangeTest, AlteredReaddressedExpiredReplayedOrRevokedIsRefusedAndNothingImported) {
  const CaseId id = AddCase(fr_, true);
  Result<Sent> sent = Send(fr_, id, "GB-NRM", Purpose::kReferral, Handling::kH2);
  ASSERT_THAT(sent.status(), IsOk());

  // One byte of the ciphertext flipped.
  nlohmann::json env = nlohmann::json::parse(sent->packet);
  std::string cipher = env["ciphertext"];
  cipher[20] = cipher[20] == 'A' ? 'B' : 'A';
  env["ciphertext"] = cipher;
  EXPECT_THAT(ReceivePacket(*gb_.store, Worker("GB-NRM"), env.dump(), Lang::kEn, kNow),
              StatusIs(StatusCode::kUnauthenticated, HasSubstr("signature")));
  // Re-addressed to IT by someone who holds it: the signature binds the recipient.
  env = nlohmann::json::parse(sent->packet);
  env["to"] = "IT-NRM";
  EXPECT_THAT(ReceivePacket(*it_.store, Worker("IT-NRM"), env.dump(), Lang::kEn, kNow),
              StatusIs(StatusCode::kUnauthenticated, ::testing::_));
  // Given as it is to IT: not for it.
  EXPECT_THAT(ReceivePacket(*it_.store, Worker("IT-NRM"), sent->packet, Lang::kFr, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("autre organisation")));
  // Expired (30 days by default).
  EXPECT_THAT(ReceivePacket(*gb_.store, Worker("GB-NRM"), sent->packet, Lang::kEn,
                            kNow + std::chrono::days(31)),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("expired")));
  EXPECT_EQ(Cases(gb_), 0);
  EXPECT_EQ(Refusals(gb_, "bad_signature"), 1);
  EXPECT_EQ(Refusals(gb_, "expired"), 1);

  ASSERT_THAT(ReceivePacket(*gb_.store, Worker("GB-NRM"), sent->packet, Lang::kEn, kNow).status(),
              IsOk());
  EXPECT_THAT(ReceivePacket(*gb_.store, Worker("GB-NRM"), sent->packet, Lang::kEn, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("already received")));
  EXPECT_EQ(Cases(gb_), 1);
  EXPECT_EQ(Refusals(gb_, "replayed"), 1);

  // FR revoked at GB: its next packet is refused, and GB cannot send to FR either.
  Result<Sent> later = Send(fr_, id, "GB-NRM", Purpose::kCaseNotification, Handling::kH0);
  ASSERT_THAT(later.status(), IsOk());
  ASSERT_THAT(RevokePartner(*gb_.store, Admin(), "FR-NRM", kNow, Lang::kEn), IsOk());
  EXPECT_THAT(ReceivePacket(*gb_.store, Worker("GB-NRM"), later->packet, Lang::kEn, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("revoked")));
  EXPECT_EQ(Cases(gb_), 1);
}

TEST_F(ExchangeTest, HandlingAndWithdrawnConsentStopForwarding) {
  // H2 at GB: GB may not send it on.
  const CaseId restricted = AddCase(fr_, true);
  Result<Sent> sent = Send(fr_, restricted, "GB-NRM", Purpose::kReferral, Handling::kH2);
  Result<Received> got = ReceivePacket(*gb_.store, Worker("GB-NRM"), sent->packet, Lang::kEn, kNow);
  ASSERT_THAT(got.status(), IsOk());
  SendRequest fwd;
  fwd.case_id = got->case_id;
  fwd.to = "FR-NRM";
  fwd.handling = Handling::kH0;
  EXPECT_THAT(SendCase(*gb_.store, DecisionMaker(), fwd, Lang::kEn, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("H2")));

  // H0 at GB: it may, until FR says the person withdrew consent.
  const CaseId open = AddCase(fr_, true);
  sent = Send(fr_, open, "GB-NRM", Purpose::kReferral, Handling::kH0);
  got = ReceivePacket(*gb_.store, Worker("GB-NRM"), sent->packet, Lang::kEn, kNow);
  ASSERT_THAT(got.status(), IsOk());
  fwd.case_id = got->case_id;
  EXPECT_THAT(SendCase(*gb_.store, DecisionMaker(), fwd, Lang::kEn, kNow).status(), IsOk());

  // FR cannot announce a withdrawal while consent is still on record; then it can.
  EXPECT_THAT(SendWithdrawal(*fr_.store, Worker("police"), open, "GB-NRM", Lang::kEn, kNow),
              StatusIs(StatusCode::kFailedPrecondition, ::testing::_));
  {
    auto tx = fr_.store->Begin(store::Actor{"w", "police", "case_worker"});
    Result<CaseRecord> c = (*tx)->GetCase(open, false, "");
    ASSERT_THAT(referral::WithdrawConsent(**tx, store::Actor{"w", "police", "case_worker"},
                                          c->person.id, ConsentPurpose::kCrossBorderExchange, "",
                                          kNow),
                IsOk());
    ASSERT_THAT((*tx)->Commit(), IsOk());
  }
  Result<Sent> withdrawal = SendWithdrawal(*fr_.store, Worker("police"), open, "GB-NRM", Lang::kEn, kNow);
  ASSERT_THAT(withdrawal.status(), IsOk());
  Result<Received> w = ReceivePacket(*gb_.store, Worker("GB-NRM"), withdrawal->packet, Lang::kEn, kNow);
  ASSERT_THAT(w.status(), IsOk());
  EXPECT_EQ(w->case_id, got->case_id);
  EXPECT_THAT(SendCase(*gb_.store, DecisionMaker(), fwd, Lang::kEn, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("withdrew")));
  // Exports leave out both: the H2 case and the one whose consent was withdrawn.
  Result<std::set<CaseId>> held = CasesHeldBack(*gb_.store);
  ASSERT_THAT(held.status(), IsOk());
  EXPECT_EQ(held->size(), 2u);
  EXPECT_TRUE(held->count(got->case_id));
}

TEST_F(ExchangeTest, H3NeedsItsRestrictionsAndCodesAreChecked) {
  const CaseId id = AddCase(fr_, true);
  SendRequest req;
  req.case_id = id;
  req.to = "GB-NRM";
  req.handling = Handling::kH3;
  EXPECT_THAT(SendCase(*fr_.store, Worker("police"), req, Lang::kFr, kNow),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("H3")));
  EXPECT_THAT(ParseHandling("H7", Lang::kEn), StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(ParsePurpose("gossip", Lang::kEn), StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  req.to = "ES-NRM";  // not a partner
  req.handling = Handling::kH1;
  EXPECT_THAT(SendCase(*fr_.store, Worker("police"), req, Lang::kEn, kNow),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("not a partner")));
  // Another organisation's case worker is refused by the gate.
  req.to = "GB-NRM";
  EXPECT_THAT(SendCase(*fr_.store, Worker("ngo"), req, Lang::kEn, kNow),
              StatusIs(StatusCode::kPermissionDenied, ::testing::_));
}

TEST_F(ExchangeTest, CardsAreCheckedAndNeverReplacedSilently) {
  Result<std::string> card = ExportCard(*gb_.store, Admin());
  ASSERT_THAT(card.status(), IsOk());
  nlohmann::json j = nlohmann::json::parse(*card);
  j["country"] = "FRA";  // altered after signing
  EXPECT_THAT(AddPartner(*it_.store, Admin(), j.dump(), kNow, Lang::kEn),
              StatusIs(StatusCode::kUnauthenticated, ::testing::_));
  // IT already has FR; a different FR card (another installation claiming FR) is refused.
  Installation fake;
  Make(fake, "FR-NRM", "FRA", "impostor");
  Result<std::string> fake_card = ExportCard(*fake.store, Admin());
  EXPECT_THAT(AddPartner(*it_.store, Admin(), *fake_card, kNow, Lang::kEn),
              StatusIs(StatusCode::kAlreadyExists, ::testing::_));
  EXPECT_THAT(InitIdentity(*fr_.store, Admin(), "FR-NRM", "FRA", kNow),
              StatusIs(StatusCode::kAlreadyExists, ::testing::_));
  EXPECT_THAT(AddPartner(*it_.store, Admin(), "{\"format\":1}", kNow, Lang::kEn),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(AddPartner(*it_.store, store::Actor{"w", "x", "case_worker"}, *card, kNow, Lang::kEn),
              StatusIs(StatusCode::kPermissionDenied, ::testing::_));
}

TEST_F(ExchangeTest, AQueryFindsAPersonWrittenInAnotherScriptWithoutNames) {
  const CaseId id = AddCase(fr_, true);
  // GB holds the same person, written in Cyrillic, and someone else.
  AddPerson(gb_, "gb_police", "S9", "Оксана", "Коваленко", "1999-03-04", Sex::kFemale);
  AddPerson(gb_, "gb_police", "S10", "Blessing", "Okafor", "1990-05-17", Sex::kFemale);
  const std::string secret = "agreed by phone: 7f3a9c21e5d84b60";
  Result<Sent> q = SendQuery(*fr_.store, Worker("police"), id, "GB-NRM", secret, Lang::kEn, kNow);
  ASSERT_THAT(q.status(), IsOk());
  EXPECT_THAT(q->packet, Not(HasSubstr("Oksana")));
  EXPECT_THAT(Payload(gb_, fr_, q->packet).dump(), Not(HasSubstr("Oksana")));
  Result<Answer> a = AnswerQuery(*gb_.store, DecisionMaker(), q->packet, secret, 0.8, Lang::kEn, kNow);
  ASSERT_THAT(a.status(), IsOk());
  EXPECT_TRUE(a->match);
  EXPECT_THAT(Payload(fr_, gb_, a->packet).dump(), Not(HasSubstr("Оксана")));
  Result<QueryResult> r = ReadAnswer(*fr_.store, Worker("police"), a->packet, Lang::kEn, kNow);
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_TRUE(r->match);
  EXPECT_FALSE(r->reference.empty());

  // Someone GB does not hold.
  const CaseId other = AddPerson(fr_, "police", "P-other", "Ion", "Popescu", "1985-11-02", Sex::kMale);
  GiveConsentTo(fr_, "police", other);
  q = SendQuery(*fr_.store, Worker("police"), other, "GB-NRM", secret, Lang::kEn, kNow);
  ASSERT_THAT(q.status(), IsOk());
  a = AnswerQuery(*gb_.store, DecisionMaker(), q->packet, secret, 0.8, Lang::kEn, kNow);
  ASSERT_THAT(a.status(), IsOk());
  EXPECT_FALSE(a->match);
  r = ReadAnswer(*fr_.store, Worker("police"), a->packet, Lang::kEn, kNow);
  EXPECT_FALSE(r->match);
  // An answer cannot be read twice, nor a query answered twice.
  EXPECT_THAT(ReadAnswer(*fr_.store, Worker("police"), a->packet, Lang::kEn, kNow),
              StatusIs(StatusCode::kFailedPrecondition, ::testing::_));
  EXPECT_THAT(AnswerQuery(*gb_.store, DecisionMaker(), q->packet, secret, 0.8, Lang::kEn, kNow),
              StatusIs(StatusCode::kFailedPrecondition, ::testing::_));
}

TEST_F(ExchangeTest, ARequestIsAcknowledgedAtOnceAndAnsweredOrRefusedWithinItsDeadline) {
  // FR asks GB whether it knows Oksana; GB does (in Cyrillic) and answers with a reference.
  const CaseId id = AddCase(fr_, true);
  const CaseId held = AddPerson(gb_, "gb_police", "S9", "Оксана", "Коваленко", "1999-03-04",
                                Sex::kFemale, {"UA998877"});
  const std::string secret = "agreed by phone: 7f3a9c21e5d84b60";
  auto ask = [&]() -> std::string {
    Result<Sent> q = SendQuery(*fr_.store, Worker("police"), id, "GB-NRM", secret, Lang::kEn, kNow);
    Result<Answer> a = AnswerQuery(*gb_.store, DecisionMaker(), q->packet, secret, 0.8, Lang::kEn, kNow);
    Result<QueryResult> r = ReadAnswer(*fr_.store, Worker("police"), a->packet, Lang::kEn, kNow);
    EXPECT_TRUE(r.ok() && r->match);
    return r.ok() ? r->reference : "";
  };
  const std::string reference = ask();
  EXPECT_THAT(SendInformationRequest(*fr_.store, Worker("police"), "GB-NRM", "not-a-reference",
                                     Urgency::kOther, "", Lang::kEn, kNow),
              StatusIs(StatusCode::kNotFound, HasSubstr("no match")));
  Result<Sent> request = SendInformationRequest(*fr_.store, Worker("police"), "GB-NRM", reference,
                                                Urgency::kUrgentDirect, "victim in danger", Lang::kEn, kNow);
  ASSERT_THAT(request.status(), IsOk());
  EXPECT_THAT(request->packet, Not(HasSubstr("danger")));

  // GB: an 8-hour deadline from receipt, and a signed acknowledgement at once.
  const referral::Instant received_at = kNow + std::chrono::minutes(30);
  Result<Received> got = ReceivePacket(*gb_.store, Worker("GB-NRM"), request->packet, Lang::kEn, received_at);
  ASSERT_THAT(got.status(), IsOk());
  EXPECT_EQ(got->kind, "request");
  EXPECT_EQ(got->case_id, held);
  EXPECT_EQ(got->deadline, referral::FormatInstant(received_at + std::chrono::hours(8)));
  Result<Received> ack = ReceivePacket(*fr_.store, Worker("police"), got->acknowledgement, Lang::kEn, received_at);
  ASSERT_THAT(ack.status(), IsOk());
  EXPECT_EQ(ack->request_id, request->packet_id);

  // Nine hours later it is overdue on both sides.
  const referral::Instant late = received_at + std::chrono::hours(9);
  Result<std::vector<RequestRecord>> due = ListRequests(*gb_.store, DecisionMaker(), late);
  ASSERT_THAT(due.status(), IsOk());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_TRUE((*due)[0].overdue);
  EXPECT_EQ((*due)[0].direction, "received");
  due = ListRequests(*fr_.store, Worker("police"), late);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].state, "acknowledged");
  EXPECT_TRUE((*due)[0].overdue);

  // GB has no consent for its person: it cannot answer with the case, so it refuses.
  EXPECT_THAT(AnswerRequest(*gb_.store, DecisionMaker(), request->packet_id, Handling::kH1, 'A', 1,
                            Lang::kEn, late),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("consent")));
  EXPECT_THAT(RefuseRequest(*gb_.store, DecisionMaker(), request->packet_id, "bored", Lang::kEn, late),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  Result<Sent> refusal =
      RefuseRequest(*gb_.store, DecisionMaker(), request->packet_id, "no_consent", Lang::kEn, late);
  ASSERT_THAT(refusal.status(), IsOk());
  Result<Received> refused = ReceivePacket(*fr_.store, Worker("police"), refusal->packet, Lang::kEn, late);
  ASSERT_THAT(refused.status(), IsOk());
  EXPECT_EQ(refused->reason, "no_consent");
  due = ListRequests(*fr_.store, Worker("police"), late);
  EXPECT_EQ((*due)[0].state, "refused");
  EXPECT_FALSE((*due)[0].overdue);

  // With consent at GB, the next request is answered with the minimised case.
  GiveConsentTo(gb_, "gb_police", held);
  request = SendInformationRequest(*fr_.store, Worker("police"), "GB-NRM", reference, Urgency::kOther,
                                   "", Lang::kEn, late);
  got = ReceivePacket(*gb_.store, Worker("GB-NRM"), request->packet, Lang::kEn, late);
  ASSERT_THAT(got.status(), IsOk());
  Result<Sent> answer = AnswerRequest(*gb_.store, DecisionMaker(), request->packet_id, Handling::kH1,
                                      'A', 1, Lang::kEn, late);
  ASSERT_THAT(answer.status(), IsOk());
  EXPECT_THAT(AnswerRequest(*gb_.store, DecisionMaker(), request->packet_id, Handling::kH1, 'A', 1,
                            Lang::kEn, late),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("answered")));
  const nlohmann::json p = Payload(fr_, gb_, answer->packet);
  EXPECT_EQ(p["prs_IdentityNumber"][0], "UA998877");
  EXPECT_EQ(p["plm_InReplyTo"], request->packet_id);
  Result<Received> in = ReceivePacket(*fr_.store, Worker("police"), answer->packet, Lang::kEn, late);
  ASSERT_THAT(in.status(), IsOk());
  EXPECT_EQ(in->request_id, request->packet_id);
  due = ListRequests(*fr_.store, Worker("police"), late);
  int answered = 0;
  for (const RequestRecord& q : *due) answered += q.state == "answered";
  EXPECT_EQ(answered, 1);
}

}  // namespace
}  // namespace palermo::exchange
