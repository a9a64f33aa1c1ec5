// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/blocking.h"

#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace palermo::link {
namespace {

constexpr std::array<std::string_view, kBlockingRuleCount> kRuleNames = {
    "document",          "phone",
    "email",             "family_skeleton+birth_year",
    "given_skeleton+birth_year", "name_skeletons",
    "birth_date+given_initial",  "birth_date+family_initial",
    "family_skeleton+city",      "family_skeleton+address",
    "family_skeleton",           "given_skeleton+nationality",
    "address",                   "birth_date+name_initials",  "birth_date+nationality"};

uint64_t Mix(uint64_t rule, std::initializer_list<uint64_t> parts) {
  uint64_t buffer[8];
  size_t n = 0;
  buffer[n++] = rule;
  for (uint64_t p : parts) buffer[n++] = p;
  const uint64_t h = XXH3_64bits(buffer, n * sizeof(uint64_t));
  return h == 0 ? 1 : h;  // 0 means "no key"
}

uint64_t Key(BlockingRule rule, const Dataset& data, const Record& r) {
  const auto rule_id = static_cast<uint64_t>(rule) + 1;
  const auto id = [](int32_t v) { return static_cast<uint64_t>(static_cast<uint32_t>(v)); };
  const auto initial = [&](int32_t v) -> uint64_t {
    return static_cast<unsigned char>(data.pool.Get(v)[0]);
  };
  const bool has_date = r.birth.month > 0 && r.birth.day > 0 && !r.birth_year_only_approx;
  const uint64_t sorted_date =
      has_date ? static_cast<uint64_t>(r.birth.year) * 10000 +
                     static_cast<uint64_t>(std::min(r.birth.month, r.birth.day)) * 100 +
                     static_cast<uint64_t>(std::max(r.birth.month, r.birth.day))
               : 0;
  const bool has_year = !r.birth.empty() && !r.birth_year_only_approx;
  // A record known by one name only ("Watts") may hold the family name in its given-name
  // field: the family-name rules use that name (Compare aligns it the same way).
  const int32_t family_skeleton = r.family_skeleton >= 0 ? r.family_skeleton
                                  : r.family < 0         ? r.given_skeleton
                                                         : -1;
  switch (rule) {
    case BlockingRule::kDocument:
      return r.document >= 0 && data.pool.Get(r.document).size() >= 4 ? Mix(rule_id, {id(r.document)}) : 0;
    case BlockingRule::kPhone:
      return r.phone >= 0 ? Mix(rule_id, {id(r.phone)}) : 0;
    case BlockingRule::kEmail:
      return r.email >= 0 ? Mix(rule_id, {id(r.email)}) : 0;
    case BlockingRule::kFamilySkeletonBirthYear:
      return family_skeleton >= 0 && has_year
                 ? Mix(rule_id, {id(family_skeleton), static_cast<uint64_t>(r.birth.year)})
                 : 0;
    case BlockingRule::kGivenSkeletonBirthYear:
      return r.given_skeleton >= 0 && has_year
                 ? Mix(rule_id, {id(r.given_skeleton), static_cast<uint64_t>(r.birth.year)})
                 : 0;
    case BlockingRule::kNameSkeletons:
      if (r.given_skeleton < 0 || r.family_skeleton < 0) return 0;
      return Mix(rule_id, {std::min(id(r.given_skeleton), id(r.family_skeleton)),
                           std::max(id(r.given_skeleton), id(r.family_skeleton))});
    case BlockingRule::kBirthDateGivenInitial:
      return has_date && r.given >= 0 ? Mix(rule_id, {sorted_date, initial(r.given)}) : 0;
    case BlockingRule::kBirthDateFamilyInitial:
      return has_date && r.family >= 0 ? Mix(rule_id, {sorted_date, initial(r.family)}) : 0;
    case BlockingRule::kFamilySkeletonCity:
      return family_skeleton >= 0 && r.city >= 0 ? Mix(rule_id, {id(family_skeleton), id(r.city)})
                                                 : 0;
    case BlockingRule::kFamilySkeletonAddress:
      return family_skeleton >= 0 && r.address >= 0
                 ? Mix(rule_id, {id(family_skeleton), id(r.address)})
                 : 0;
    case BlockingRule::kFamilySkeleton:
      return family_skeleton >= 0 ? Mix(rule_id, {id(family_skeleton)}) : 0;
    case BlockingRule::kGivenSkeletonNationality:
      return r.given_skeleton >= 0 && r.nationality >= 0
                 ? Mix(rule_id, {id(r.given_skeleton),
                                 static_cast<uint64_t>(static_cast<uint16_t>(r.nationality))})
                 : 0;
    case BlockingRule::kAddress:
      return r.address >= 0 ? Mix(rule_id, {id(r.address)}) : 0;
    case BlockingRule::kBirthDateNameInitials:
      if (!has_date || r.given < 0 || r.family < 0) return 0;
      return Mix(rule_id, {sorted_date, std::min(initial(r.given), initial(r.family)),
                           std::max(initial(r.given), initial(r.family))});
    case BlockingRule::kBirthDateNationality:
      return has_date && r.nationality >= 0
                 ? Mix(rule_id, {sorted_date,
                                 static_cast<uint64_t>(static_cast<uint16_t>(r.nationality))})
                 : 0;
  }
  return 0;
}

struct Block {
  uint32_t rule;
  uint32_t begin;  // into sorted[rule]
  uint32_t end;
};

}  // namespace

std::string_view BlockingRuleName(BlockingRule rule) {
  return kRuleNames[static_cast<size_t>(rule)];
}

BlockingStats ForEachCandidatePair(const Dataset& data, const BlockingOptions& options,
                                   int threads,
                                   const std::function<void(int, uint32_t, uint32_t)>& visit) {
  constexpr size_t R = kBlockingRuleCount;
  const size_t n = data.records.size();
  BlockingStats stats;
  // keys[i * R + rule]: the record's key under each rule, zeroed when its block is not
  // enumerated (singleton or over the cap), so "same non-zero key under an earlier rule"
  // is exactly "already visited".
  std::vector<uint64_t> keys(n * R, 0);
  for (size_t i = 0; i < n; ++i)
    for (size_t rule = 0; rule < R; ++rule)
      keys[i * R + rule] = Key(static_cast<BlockingRule>(rule), data, data.records[i]);
  std::vector<std::vector<uint32_t>> sorted(R);
  std::vector<Block> blocks;
  for (size_t rule = 0; rule < R; ++rule) {
    std::vector<std::pair<uint64_t, uint32_t>> by_key;
    for (size_t i = 0; i < n; ++i)
      if (keys[i * R + rule]) by_key.emplace_back(keys[i * R + rule], static_cast<uint32_t>(i));
    std::sort(by_key.begin(), by_key.end());
    auto& order = sorted[rule];
    order.reserve(by_key.size());
    for (const auto& [key, idx] : by_key) order.push_back(idx);
    size_t begin = 0;
    while (begin < by_key.size()) {
      size_t end = begin + 1;
      while (end < by_key.size() && by_key[end].first == by_key[begin].first) ++end;
      const size_t size = end - begin;
      const size_t cap =
          rule == static_cast<size_t>(BlockingRule::kGivenSkeletonNationality)
              ? std::min(options.max_block_size, options.max_given_nationality_block_size)
              : options.max_block_size;
      if (size < 2 || size > cap) {
        if (size > cap) {
          ++stats.skipped_blocks[rule];
          stats.skipped_records[rule] += size;
        }
        for (size_t k = begin; k < end; ++k) keys[by_key[k].second * R + rule] = 0;
      } else {
        blocks.push_back({static_cast<uint32_t>(rule), static_cast<uint32_t>(begin),
                          static_cast<uint32_t>(end)});
      }
      begin = end;
    }
  }
  // Big blocks first so that threads finish together.
  std::stable_sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) {
    return (a.end - a.begin) > (b.end - b.begin);
  });
  std::atomic<size_t> next{0};
  std::mutex stats_mutex;
  auto work = [&](int worker) {
    std::array<uint64_t, R> local_pairs{};
    for (;;) {
      const size_t block_idx = next.fetch_add(1, std::memory_order_relaxed);
      if (block_idx >= blocks.size()) break;
      const Block& block = blocks[block_idx];
      const auto& order = sorted[block.rule];
      for (uint32_t x = block.begin; x < block.end; ++x) {
        const uint32_t a = order[x];
        const uint64_t* key_a = &keys[static_cast<size_t>(a) * R];
        for (uint32_t y = x + 1; y < block.end; ++y) {
          const uint32_t b = order[y];
          const uint64_t* key_b = &keys[static_cast<size_t>(b) * R];
          bool seen = false;
          for (uint32_t earlier = 0; earlier < block.rule; ++earlier) {
            if (key_a[earlier] != 0 && key_a[earlier] == key_b[earlier]) {
              seen = true;
              break;
            }
          }
          if (seen) continue;
          ++local_pairs[block.rule];
          if (a < b) visit(worker, a, b); else visit(worker, b, a);
        }
      }
    }
    std::lock_guard<std::mutex> lock(stats_mutex);
    for (size_t rule = 0; rule < R; ++rule) stats.pairs[rule] += local_pairs[rule];
  };
  const int n_threads = std::max(1, threads);
  std::vector<std::thread> workers;
  for (int w = 1; w < n_threads; ++w) workers.emplace_back(work, w);
  work(0);
  for (auto& worker : workers) worker.join();
  for (uint64_t p : stats.pairs) stats.total_pairs += p;
  return stats;
}

}  // namespace palermo::link
