// SPDX-License-Identifier: AGPL-3.0-or-later
// src/link/cluster.h: scored links to clusters of records (persons), with protection against
// long chains of weak links and with people's decisions enforced. Internal; other modules
// include link/link.h.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace palermo::link {

struct ScoredPair {
  uint32_t a = 0;  // record indices, a < b
  uint32_t b = 0;
  double weight_log2 = 0;
};

struct ClusterOptions {
  // Links with weight_log2 >= link_log2 join records.
  double link_log2 = 0;
  // In a cluster of three or more records, a link whose removal would split the cluster (a
  // bridge) must weigh at least bridge_log2, or it is cut: a chain A–B–C–D held together by
  // single weak links is not one person.
  double bridge_log2 = 0;
  // Hard evidence that two records are different persons (birth years far apart). When set,
  // two groups are not joined if a record of one conflicts with a record of the other, unless
  // that very pair is itself a link: a pair scored above the threshold despite the conflict
  // stands on its own evidence, but a third record must not chain two persons who cannot be
  // one (Nguyễn Lan born 1960 and Nguyễn Lan born 2006 through a record without a birth date).
  std::function<bool(uint32_t a, uint32_t b)> conflict;
  // Average linkage for merges of two groups of two or more records: the link is refused
  // (and reported with the cut bridges, for review) when the mean match probability over the
  // pairs across the two groups is below `min_group_probability`. One ambiguous link then
  // cannot merge two persons' records wholesale (two relatives' files through a shared name
  // and place). `pair_log2` gives the weight of any pair; unset, the rule is off. At most
  // `max_group_pairs` cross pairs are weighed per merge (the first members of each group).
  std::function<double(uint32_t a, uint32_t b)> pair_log2;
  double min_group_probability = 0.5;
  size_t max_group_pairs = 400;
};

struct RecordPair {
  uint32_t a = 0;
  uint32_t b = 0;
};

struct ClusterResult {
  std::vector<uint32_t> cluster_of;     // per record, 0-based, numbered by first record
  std::vector<ScoredPair> cut_bridges;  // weak bridges cut (candidates for review)
  size_t cluster_count = 0;
};

// Clusters `n` records. `must_link` pairs (a person said "same") are joined whatever their
// score; `cannot_link` pairs (a person said "different") never end up in one cluster: links
// are taken strongest first and a link that would join two groups holding a cannot-link
// pair is refused. Deterministic. Cost O((n + links) log links).
ClusterResult Cluster(size_t n, std::vector<ScoredPair> links,
                      const std::vector<RecordPair>& must_link,
                      const std::vector<RecordPair>& cannot_link, const ClusterOptions& options);

// "{0,3,4} {1} {2}": clusters as sets of record indices, ordered by first member (tests).
std::string DescribeClusters(const ClusterResult& result);

}  // namespace palermo::link
