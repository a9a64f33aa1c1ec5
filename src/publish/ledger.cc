// SPDX-License-Identifier: AGPL-3.0-or-later
// The privacy-budget ledger (issue 16, item 2): in the case database, keyed by the store id,
// charged in the caller's transaction so that a release's spending is committed with it or not
// at all; and an in-memory ledger for computations that are not releases.
#include <cmath>
#include <cstdint>
#include <mutex>

#include "publish/publish.h"
#include "store/store.h"

namespace palermo::publish {
namespace {

constexpr int64_t kMicro = 1000000;
int64_t ToMicro(double epsilon) { return std::llround(epsilon * kMicro); }
std::string Eps(int64_t micro) { return FormatNumber(static_cast<double>(micro) / kMicro, Lang::kEn, 6); }

Status Exhausted(Lang lang, int64_t spent, int64_t budget, int64_t asked) {
  return Status::OutOfRange(Format(
      {"privacy budget exhausted for this database: spent {spent} of {budget}, {left} left, this "
       "release asks {asked}; nothing was written. Publish with a smaller --dp-epsilon, or not at all: "
       "the budget of a database cannot be raised",
       "budget de confidentialité épuisé pour cette base : {spent} consommé sur {budget}, {left} "
       "restant, cette publication demande {asked} ; rien n'a été écrit. Publiez avec un --dp-epsilon "
       "plus petit, ou pas du tout : le budget d'une base ne peut pas être relevé"},
      lang,
      {{"spent", Eps(spent)}, {"budget", Eps(budget)}, {"left", Eps(budget - spent)}, {"asked", Eps(asked)}}));
}

Status CheckArguments(double epsilon, double budget) {
  if (!(epsilon > 0) || !(budget > 0) || ToMicro(epsilon) <= 0)
    return Status::InvalidArgument("privacy budget: epsilon and budget must be positive");
  return Status::Ok();
}

class StoreLedgerImpl final : public PrivacyLedger {
 public:
  StoreLedgerImpl(store::Transaction& tx, Lang lang) : tx_(tx), lang_(lang) {}

  Status Charge(double epsilon, double budget, std::string_view what) override {
    PALERMO_RETURN_IF_ERROR(CheckArguments(epsilon, budget));
    PALERMO_ASSIGN_OR_RETURN(std::string id, tx_.StoreId());
    PALERMO_ASSIGN_OR_RETURN(std::vector<store::SqlRow> rows,
                             tx_.Query("SELECT budget_micro, spent_micro FROM privacy_budget WHERE store_id = $1", {id}));
    const int64_t asked = ToMicro(epsilon);
    if (rows.empty()) {
      const int64_t total = ToMicro(budget);
      if (asked > total) return Exhausted(lang_, 0, total, asked);
      PALERMO_RETURN_IF_ERROR(
          tx_.Execute("INSERT INTO privacy_budget (store_id, budget_micro, spent_micro) VALUES ($1, $2, $3)",
                      {id, total, asked})
              .status());
    } else {
      const store::SqlRow& row = rows.front();
      if (row.size() != 2 || !std::holds_alternative<int64_t>(row[0]) || !std::holds_alternative<int64_t>(row[1]))
        return Status::DataLoss("privacy_budget: unreadable row");
      const int64_t total = std::get<int64_t>(row[0]), spent = std::get<int64_t>(row[1]);
      if (spent + asked > total) return Exhausted(lang_, spent, total, asked);
      // The WHERE on the old value makes a concurrent charge (PostgreSQL: serialisation
      // failure, SQLite: one writer) unable to spend the same budget twice.
      PALERMO_ASSIGN_OR_RETURN(
          int64_t changed,
          tx_.Execute("UPDATE privacy_budget SET spent_micro = $1 WHERE store_id = $2 AND spent_micro = $3",
                      {spent + asked, id, spent}));
      if (changed != 1) return Status::Aborted("privacy_budget changed during the release; run it again");
    }
    return tx_.Execute("INSERT INTO privacy_release (store_id, epsilon_micro, what, at) VALUES ($1, $2, $3, {{now}})",
                       {id, asked, std::string(what)})
        .status();
  }

  Result<double> Spent() override {
    PALERMO_ASSIGN_OR_RETURN(std::string id, tx_.StoreId());
    PALERMO_ASSIGN_OR_RETURN(std::vector<store::SqlRow> rows,
                             tx_.Query("SELECT spent_micro FROM privacy_budget WHERE store_id = $1", {id}));
    if (rows.empty()) return 0.0;
    if (rows.front().empty() || !std::holds_alternative<int64_t>(rows.front()[0]))
      return Status::DataLoss("privacy_budget: unreadable row");
    return static_cast<double>(std::get<int64_t>(rows.front()[0])) / kMicro;
  }

 private:
  store::Transaction& tx_;
  Lang lang_;
};

class MemoryLedgerImpl final : public PrivacyLedger {
 public:
  Status Charge(double epsilon, double budget, std::string_view) override {
    PALERMO_RETURN_IF_ERROR(CheckArguments(epsilon, budget));
    std::lock_guard<std::mutex> lock(mu_);
    if (budget_micro_ < 0) budget_micro_ = ToMicro(budget);
    const int64_t asked = ToMicro(epsilon);
    if (spent_micro_ + asked > budget_micro_) return Exhausted(Lang::kEn, spent_micro_, budget_micro_, asked);
    spent_micro_ += asked;
    return Status::Ok();
  }
  Result<double> Spent() override {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<double>(spent_micro_) / kMicro;
  }

 private:
  std::mutex mu_;
  int64_t budget_micro_ = -1;
  int64_t spent_micro_ = 0;
};

}  // namespace

std::unique_ptr<PrivacyLedger> StoreLedger(store::Transaction& tx, Lang lang) {
  return std::make_unique<StoreLedgerImpl>(tx, lang);
}

std::unique_ptr<PrivacyLedger> MemoryLedger() { return std::make_unique<MemoryLedgerImpl>(); }

void RegisterMigrations() {
  store::RegisterMigration({"publish", 1, R"(
CREATE TABLE privacy_budget (
  store_id TEXT PRIMARY KEY,
  budget_micro BIGINT NOT NULL,
  spent_micro BIGINT NOT NULL);
CREATE TABLE privacy_release (
  id {{id}},
  store_id TEXT NOT NULL,
  epsilon_micro BIGINT NOT NULL,
  what TEXT NOT NULL,
  at TEXT NOT NULL)
)"});
}

}  // namespace palermo::publish
