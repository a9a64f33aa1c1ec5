// SPDX-License-Identifier: AGPL-3.0-or-later
// The privacy-budget ledger in the case database (issue 16, item 2), on SQLite and on the
// fixture's PostgreSQL: keyed by the store id, charged in the caller's transaction (nothing is
// spent unless it commits), a charge past the budget refused with nothing written.
#include <memory>

#include "publish/publish.h"
#include "store/engines.h"

namespace palermo::publish {
namespace {

using ::palermo::store::Actor;
using ::palermo::store::Transaction;
using ::palermo::store::testing::EngineNames;
using ::palermo::store::testing::Engines;
using ::palermo::store::testing::StoreOnEngine;
using ::palermo::testing::IsOk;
using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

template <typename Engine>
class LedgerOnEngine : public StoreOnEngine<Engine> {
 protected:
  void SetUp() override {
    RegisterMigrations();
    StoreOnEngine<Engine>::SetUp();
  }
  std::unique_ptr<Transaction> Begin() {
    Result<std::unique_ptr<Transaction>> tx = this->store_->Begin(Actor{"test", "", "analyst"});
    EXPECT_THAT(tx, IsOk());
    return std::move(tx).value();
  }
  double Spent() {
    std::unique_ptr<Transaction> tx = Begin();
    Result<double> spent = StoreLedger(*tx, Lang::kEn)->Spent();
    EXPECT_THAT(spent, IsOk());
    return spent.ok() ? *spent : -1;
  }
  int64_t Releases() {
    std::unique_ptr<Transaction> tx = Begin();
    Result<std::vector<store::SqlRow>> rows = tx->Query("SELECT COUNT(*) FROM privacy_release");
    EXPECT_THAT(rows, IsOk());
    return std::get<int64_t>((*rows)[0][0]);
  }
};
TYPED_TEST_SUITE(LedgerOnEngine, Engines, EngineNames);

TYPED_TEST(LedgerOnEngine, TheStoreIdIsCreatedAtInitAndStable) {
  std::string first;
  {
    auto tx = this->store_->BeginRead(Actor{"test", "", "analyst"});
    ASSERT_THAT(tx, IsOk());
    Result<std::string> id = (*tx)->StoreId();  // exists without any write: made at Init
    ASSERT_THAT(id, IsOk());
    EXPECT_EQ(id->size(), 32u);
    first = *id;
  }
  this->Reopen();
  auto tx = this->Begin();
  EXPECT_EQ(*tx->StoreId(), first);
}

TYPED_TEST(LedgerOnEngine, ASpendIsKeptOnlyIfTheReleaseTransactionCommits) {
  {
    auto tx = this->Begin();
    PALERMO_ASSERT_OK(StoreLedger(*tx, Lang::kEn)->Charge(0.5, 1.0, "release not written"));
    // No commit: as when writing the release fails.
  }
  EXPECT_EQ(this->Spent(), 0.0);
  EXPECT_EQ(this->Releases(), 0);
  {
    auto tx = this->Begin();
    PALERMO_ASSERT_OK(StoreLedger(*tx, Lang::kEn)->Charge(0.5, 1.0, "release written"));
    PALERMO_ASSERT_OK(tx->Commit());
  }
  EXPECT_EQ(this->Spent(), 0.5);
  EXPECT_EQ(this->Releases(), 1);
}

TYPED_TEST(LedgerOnEngine, AReleasePastTheBudgetIsRefusedInBothLanguagesAndWritesNothing) {
  {
    auto tx = this->Begin();
    PALERMO_ASSERT_OK(StoreLedger(*tx, Lang::kEn)->Charge(0.6, 1.0, "first"));
    PALERMO_ASSERT_OK(tx->Commit());
  }
  {
    auto tx = this->Begin();
    EXPECT_THAT(StoreLedger(*tx, Lang::kEn)->Charge(0.6, 1.0, "second"),
                StatusIs(StatusCode::kOutOfRange, HasSubstr("spent 0.6 of 1, 0.4 left")));
    EXPECT_THAT(StoreLedger(*tx, Lang::kFr)->Charge(0.6, 1.0, "second"),
                StatusIs(StatusCode::kOutOfRange, HasSubstr("budget de confidentialité épuisé")));
    // Asking for a larger total later does not raise it.
    EXPECT_THAT(StoreLedger(*tx, Lang::kEn)->Charge(0.6, 5.0, "third"), StatusIs(StatusCode::kOutOfRange, ::testing::_));
    PALERMO_ASSERT_OK(tx->Commit());
  }
  EXPECT_DOUBLE_EQ(this->Spent(), 0.6);
  EXPECT_EQ(this->Releases(), 1);
  {
    auto tx = this->Begin();
    PALERMO_ASSERT_OK(StoreLedger(*tx, Lang::kEn)->Charge(0.4, 1.0, "exactly the rest"));
    PALERMO_ASSERT_OK(tx->Commit());
  }
  EXPECT_DOUBLE_EQ(this->Spent(), 1.0);
}

}  // namespace
}  // namespace palermo::publish
