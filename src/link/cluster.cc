// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/cluster.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_set>

namespace palermo::link {
namespace {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  // Returns the new root.
  uint32_t Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return a;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return a;
  }
  uint32_t Size(uint32_t x) { return size_[Find(x)]; }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;
};

uint64_t PairKey(uint32_t a, uint32_t b) {
  if (a > b) std::swap(a, b);
  return static_cast<uint64_t>(a) << 32 | b;
}

// Bridges of the graph (Tarjan 1974), iteratively. `adjacency[v]` lists edge indices.
std::vector<bool> FindBridges(size_t n, const std::vector<ScoredPair>& edges,
                              const std::vector<std::vector<uint32_t>>& adjacency) {
  std::vector<bool> is_bridge(edges.size(), false);
  std::vector<int64_t> discovery(n, -1);
  std::vector<int64_t> low(n, 0);
  int64_t timer = 0;
  struct Frame {
    uint32_t vertex;
    int64_t parent_edge;
    size_t next;
  };
  std::vector<Frame> stack;
  for (uint32_t start = 0; start < n; ++start) {
    if (discovery[start] >= 0 || adjacency[start].empty()) continue;
    stack.push_back({start, -1, 0});
    discovery[start] = low[start] = timer++;
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const uint32_t v = frame.vertex;
      if (frame.next < adjacency[v].size()) {
        const uint32_t edge = adjacency[v][frame.next++];
        if (static_cast<int64_t>(edge) == frame.parent_edge) continue;
        const uint32_t w = edges[edge].a == v ? edges[edge].b : edges[edge].a;
        if (discovery[w] < 0) {
          discovery[w] = low[w] = timer++;
          stack.push_back({w, static_cast<int64_t>(edge), 0});
        } else {
          low[v] = std::min(low[v], discovery[w]);
        }
      } else {
        const int64_t parent_edge = frame.parent_edge;
        stack.pop_back();
        if (parent_edge >= 0) {
          const ScoredPair& e = edges[static_cast<size_t>(parent_edge)];
          const uint32_t parent = e.a == v ? e.b : e.a;
          low[parent] = std::min(low[parent], low[v]);
          if (low[v] > discovery[parent]) is_bridge[static_cast<size_t>(parent_edge)] = true;
        }
      }
    }
  }
  return is_bridge;
}

}  // namespace

ClusterResult Cluster(size_t n, std::vector<ScoredPair> links,
                      const std::vector<RecordPair>& must_link,
                      const std::vector<RecordPair>& cannot_link, const ClusterOptions& options) {
  constexpr double kForced = std::numeric_limits<double>::infinity();
  std::unordered_set<uint64_t> forbidden;
  std::unordered_set<uint64_t> forced;
  for (const RecordPair& p : cannot_link) forbidden.insert(PairKey(p.a, p.b));
  for (const RecordPair& p : must_link) {
    if (forbidden.count(PairKey(p.a, p.b))) continue;
    forced.insert(PairKey(p.a, p.b));
    links.push_back({std::min(p.a, p.b), std::max(p.a, p.b), kForced});
  }
  std::erase_if(links, [&](const ScoredPair& e) {
    return e.a == e.b || e.a >= n || e.b >= n || e.weight_log2 < options.link_log2 ||
           forbidden.count(PairKey(e.a, e.b)) > 0 ||
           (e.weight_log2 != kForced && forced.count(PairKey(e.a, e.b)) > 0);
  });
  std::sort(links.begin(), links.end(), [](const ScoredPair& x, const ScoredPair& y) {
    if (x.weight_log2 != y.weight_log2) return x.weight_log2 > y.weight_log2;
    return PairKey(x.a, x.b) < PairKey(y.a, y.b);
  });
  // Cannot-link partners per group root.
  std::vector<std::vector<uint32_t>> apart(n);
  for (const RecordPair& p : cannot_link) {
    if (p.a >= n || p.b >= n) continue;
    apart[p.a].push_back(p.b);
    apart[p.b].push_back(p.a);
  }
  std::unordered_set<uint64_t> linked;
  std::vector<std::vector<uint32_t>> members;
  const bool track_members = options.conflict || options.pair_log2;
  if (options.conflict) {
    linked.reserve(links.size());
    for (const ScoredPair& e : links) linked.insert(PairKey(e.a, e.b));
  }
  if (track_members) {
    members.resize(n);
    for (uint32_t i = 0; i < n; ++i) members[i].push_back(i);
  }
  // Mean match probability across two groups (both of two or more records).
  auto groups_disagree = [&](uint32_t ra, uint32_t rb) {
    if (members[ra].size() < 2 || members[rb].size() < 2) return false;
    double sum = 0;
    size_t count = 0;
    for (uint32_t x : members[ra]) {
      for (uint32_t y : members[rb]) {
        const double w = options.pair_log2(x, y);
        sum += 1.0 / (1.0 + std::exp2(-w));
        if (++count >= options.max_group_pairs) break;
      }
      if (count >= options.max_group_pairs) break;
    }
    return count > 0 && sum / static_cast<double>(count) < options.min_group_probability;
  };
  auto groups_conflict = [&](uint32_t ra, uint32_t rb) {
    for (uint32_t x : members[ra])
      for (uint32_t y : members[rb])
        if (options.conflict(x, y) && !linked.count(PairKey(x, y))) return true;
    return false;
  };
  UnionFind groups(n);
  std::vector<ScoredPair> refused_merges;
  for (const ScoredPair& e : links) {
    uint32_t ra = groups.Find(e.a);
    uint32_t rb = groups.Find(e.b);
    if (ra == rb) continue;
    if (apart[ra].size() > apart[rb].size()) std::swap(ra, rb);
    bool refused = false;
    for (uint32_t partner : apart[ra])
      if (groups.Find(partner) == rb) refused = true;
    if (refused) continue;
    if (options.conflict && e.weight_log2 != kForced && groups_conflict(ra, rb)) continue;
    if (options.pair_log2 && e.weight_log2 != kForced && groups_disagree(ra, rb)) {
      refused_merges.push_back(e);
      continue;
    }
    const uint32_t root = groups.Union(ra, rb);
    const uint32_t other = root == ra ? rb : ra;
    if (track_members) {
      auto& into_members = members[root];
      into_members.insert(into_members.end(), members[other].begin(), members[other].end());
      members[other].clear();
      members[other].shrink_to_fit();
    }
    auto& into = apart[root];
    into.insert(into.end(), apart[other].begin(), apart[other].end());
    apart[other].clear();
    apart[other].shrink_to_fit();
  }
  // Graph of the links inside each group, for the weak-bridge rule.
  std::vector<ScoredPair> inside;
  for (const ScoredPair& e : links)
    if (groups.Find(e.a) == groups.Find(e.b)) inside.push_back(e);
  std::vector<std::vector<uint32_t>> adjacency(n);
  for (size_t k = 0; k < inside.size(); ++k) {
    adjacency[inside[k].a].push_back(static_cast<uint32_t>(k));
    adjacency[inside[k].b].push_back(static_cast<uint32_t>(k));
  }
  const std::vector<bool> is_bridge = FindBridges(n, inside, adjacency);
  ClusterResult result;
  result.cut_bridges = std::move(refused_merges);
  UnionFind final_groups(n);
  for (size_t k = 0; k < inside.size(); ++k) {
    const ScoredPair& e = inside[k];
    const bool is_weak_bridge =
        is_bridge[k] && e.weight_log2 < options.bridge_log2 && groups.Size(e.a) >= 3;
    if (is_weak_bridge)
      result.cut_bridges.push_back(e);
    else
      final_groups.Union(e.a, e.b);
  }
  result.cluster_of.assign(n, 0);
  std::vector<int64_t> id_of_root(n, -1);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t root = final_groups.Find(i);
    if (id_of_root[root] < 0) id_of_root[root] = static_cast<int64_t>(result.cluster_count++);
    result.cluster_of[i] = static_cast<uint32_t>(id_of_root[root]);
  }
  return result;
}

std::string DescribeClusters(const ClusterResult& result) {
  std::vector<std::vector<uint32_t>> members(result.cluster_count);
  for (uint32_t i = 0; i < result.cluster_of.size(); ++i)
    members[result.cluster_of[i]].push_back(i);
  std::string out;
  for (const auto& cluster : members) {
    if (!out.empty()) out += ' ';
    out += '{';
    for (size_t k = 0; k < cluster.size(); ++k) {
      if (k) out += ',';
      out += std::to_string(cluster[k]);
    }
    out += '}';
  }
  return out;
}

}  // namespace palermo::link
