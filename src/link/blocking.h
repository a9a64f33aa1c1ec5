// SPDX-License-Identifier: AGPL-3.0-or-later
// src/link/blocking.h: candidate pairs from several blocking rules, unioned without
// duplicates and without quadratic memory. Internal; other modules include link/link.h.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "link/record.h"

namespace palermo::link {

// Each rule gives a record a key (or none when a needed value is missing); records sharing
// a key form a block and every pair inside a block is a candidate.
enum class BlockingRule : uint8_t {
  kDocument,                  // normalised document number
  kPhone,                     // E.164 phone
  kEmail,                     // e-mail
  kFamilySkeletonBirthYear,   // consonant skeleton of family name + birth year
  kGivenSkeletonBirthYear,    // consonant skeleton of given name + birth year
  kNameSkeletons,             // both skeletons, in either order
  kBirthDateGivenInitial,     // full date with day/month sorted + given-name initial
  kBirthDateFamilyInitial,    // full date with day/month sorted + family-name initial
  kFamilySkeletonCity,        // family skeleton + city
  kFamilySkeletonAddress,     // family skeleton + address (street, postcode)
  kFamilySkeleton,            // family skeleton alone (large blocks skipped by the cap)
  // Given-name skeleton + nationality: finds a person whose family name was mistyped and
  // whose birth year is unknown or only an age (an NGO intake form), which every rule above
  // misses. Large blocks (a common name in a large community) are skipped by the cap.
  kGivenSkeletonNationality,
  // Address alone (street, number, postcode as mapped; large blocks skipped by the cap):
  // finds a person whose names both changed or are missing (a nickname and no family name,
  // a title instead of a given name) and who has no birth date on one side.
  kAddress,
  // Full birth date (day/month sorted) + both names' initials in either order: finds a
  // person whose given and family names were written in each other's columns, one of them
  // with a middle name (Blessing Happiness / Imasuen against IMASUEN / BLESSING).
  kBirthDateNameInitials,
  // Full birth date (day/month sorted) + nationality: finds a person whose names were both
  // garbled or moved between columns (a Vietnamese name split at the wrong token, a
  // transliteration with a different first letter: Chevtchenko / Shevchenko, Kanchana /
  // Kanjanna) but whose date is the same.
  kBirthDateNationality,
};
inline constexpr int kBlockingRuleCount = 15;
std::string_view BlockingRuleName(BlockingRule rule);

struct BlockingOptions {
  // Blocks larger than this are skipped (their pairs are not candidates) and counted in
  // BlockingStats; it bounds the work at max_block_size^2 / 2 pairs per block.
  size_t max_block_size = 500;
  // The cap of the given-name + nationality rule: a given name that more than this many
  // records of one nationality share says little on its own, and at a million records those
  // blocks would add more pairs than every other rule together.
  size_t max_given_nationality_block_size = 50;
};

struct BlockingStats {
  std::array<uint64_t, kBlockingRuleCount> pairs{};           // new pairs each rule added
  std::array<uint64_t, kBlockingRuleCount> skipped_blocks{};  // blocks over the cap
  std::array<uint64_t, kBlockingRuleCount> skipped_records{};
  uint64_t total_pairs = 0;
};

// Calls visit(worker, a, b) once for every candidate pair (a < b, record indices), from
// `threads` worker threads (worker in [0, threads)). A pair that several rules propose is
// visited once, by the first rule that proposes it: the check compares the pair's keys
// under the earlier rules, so memory is O(records x rules), never O(pairs).
// `visit` must be safe to call concurrently for different workers.
BlockingStats ForEachCandidatePair(const Dataset& data, const BlockingOptions& options,
                                   int threads,
                                   const std::function<void(int, uint32_t, uint32_t)>& visit);

}  // namespace palermo::link
