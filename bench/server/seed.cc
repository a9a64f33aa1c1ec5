// SPDX-License-Identifier: AGPL-3.0-or-later
// server_bench_seed DB_URL KEY_FILE [CASES=100000]: fills a fresh Palermo database for the web
// load benchmark (bench/server/run.sh): the server's tables, one case-worker account "bench"
// of organisation "police" (password from PALERMO_BENCH_PASSWORD), and CASES generated cases
// of that organisation inserted through the store API in transactions of 5,000 (encryption,
// blind indexes and audit as in a real import). Creates the key file when it does not exist.
// Prints the number of cases and the seconds taken; never personal data (there is none).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "server/server.h"
#include "store/store.h"

namespace {

using palermo::CaseRecord;
using palermo::PartialDate;

const char* const kGiven[] = {"Grace", "Amina", "Chidi", "Maria", "Elena", "Fatou", "Hoa", "Ana"};
const char* const kFamily[] = {"Okafor", "Diallo", "Nguyen", "Popescu", "Ivanova", "Mensah"};
const char* const kCountries[] = {"NGA", "ROU", "VNM", "FRA", "GBR", "ITA", "ESP", "BGR"};
const char* const kForms[] = {"sexual", "forced_labour", "forced_criminality", "begging"};

CaseRecord MakeCase(int64_t n) {
  CaseRecord c;
  c.agency = "police";
  c.local_id = "B-" + std::to_string(n);
  c.person.sex = n % 5 == 0 ? palermo::Sex::kMale : palermo::Sex::kFemale;
  c.person.citizenship = kCountries[n % 8];
  const int year = 1960 + static_cast<int>(n % 45);
  c.person.birth_year = year;
  auto& ids = c.person.identifiers;
  ids.given_name = kGiven[n % 8];
  ids.family_name = std::string(kFamily[n % 6]) + std::to_string(n % 997);
  ids.birth_date = *PartialDate::FromParts(year, 1 + static_cast<int>(n % 12),
                                           1 + static_cast<int>(n % 28));
  ids.document_numbers = {"P" + std::to_string(10000000 + n)};
  c.victim_status = palermo::VictimStatus::kPossibleVictim;
  c.identification_date = *PartialDate::FromParts(2015 + static_cast<int>(n % 9));
  c.forms = {kForms[n % 4]};
  c.country_of_exploitation = kCountries[(n + 3) % 8];
  return c;
}

int Fail(const palermo::Status& status) {
  std::fprintf(stderr, "server_bench_seed: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: server_bench_seed DB_URL KEY_FILE [CASES]\n");
    return 2;
  }
  const int64_t cases = argc > 3 ? std::atoll(argv[3]) : 100000;
  const char* password = std::getenv("PALERMO_BENCH_PASSWORD");
  if (password == nullptr) return Fail(palermo::Status::InvalidArgument("set PALERMO_BENCH_PASSWORD"));
  palermo::server::RegisterMigrations();
  const palermo::store::StoreOptions options{.url = argv[1], .key_file = argv[2]};
  if (!std::filesystem::exists(options.key_file)) {
    if (const palermo::Status s = palermo::store::Store::Init(options); !s.ok()) return Fail(s);
  }
  auto store = palermo::store::Store::Open(options);
  if (!store.ok()) return Fail(store.status());
  const palermo::store::Actor setup{"bench", "", "admin"};
  if (const palermo::Status s = palermo::server::AddUser(**store, setup, "bench", password,
                                                         palermo::server::Role::kCaseWorker, "police");
      !s.ok()) {
    return Fail(s);
  }
  const auto start = std::chrono::steady_clock::now();
  constexpr int64_t kBatch = 5000;
  for (int64_t done = 0; done < cases;) {
    auto tx = (*store)->Begin(palermo::store::Actor{"bench", "police", "system"});
    if (!tx.ok()) return Fail(tx.status());
    for (int64_t i = 0; i < kBatch && done < cases; ++i, ++done) {
      auto id = (*tx)->InsertCase(MakeCase(done), "bench:" + std::to_string(done));
      if (!id.ok()) return Fail(id.status());
    }
    if (const palermo::Status s = (*tx)->Commit(); !s.ok()) return Fail(s);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("seeded %lld cases in %.1f s\n", static_cast<long long>(cases), seconds);
  return 0;
}
