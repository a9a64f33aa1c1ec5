// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/cluster.h"

#include "testing/testing.h"

namespace palermo::link {
namespace {

ClusterResult ClusterOf(size_t n, std::vector<ScoredPair> links, double link_log2 = 5,
                        double bridge_log2 = 10, std::vector<RecordPair> must = {},
                        std::vector<RecordPair> cannot = {}) {
  ClusterOptions options;
  options.link_log2 = link_log2;
  options.bridge_log2 = bridge_log2;
  return Cluster(n, std::move(links), must, cannot, options);
}

TEST(Cluster, TransitiveLinksMergeIntoOneCluster) {
  EXPECT_EQ(DescribeClusters(ClusterOf(5, {{0, 3, 19.1}, {3, 4, 17.5}, {1, 2, 0.2}})),
            "{0,3,4} {1} {2}");
}

TEST(Cluster, EveryRecordGetsAClusterEvenAlone) {
  const ClusterResult r = ClusterOf(3, {});
  EXPECT_EQ(r.cluster_count, 3u);
  EXPECT_EQ(DescribeClusters(r), "{0} {1} {2}");
}

TEST(Cluster, AWeakPairOfTwoIsKept) {
  EXPECT_EQ(DescribeClusters(ClusterOf(2, {{0, 1, 6}})), "{0,1}");
}

TEST(Cluster, ALongChainOfWeakLinksIsCutIntoPieces) {
  // 0-1 strong, 1-2 weak, 2-3 weak, 3-4 strong: no single person spans 0..4.
  const ClusterResult r = ClusterOf(5, {{0, 1, 20}, {1, 2, 6}, {2, 3, 6}, {3, 4, 20}});
  EXPECT_EQ(DescribeClusters(r), "{0,1} {2} {3,4}");
  EXPECT_EQ(r.cut_bridges.size(), 2u);
}

TEST(Cluster, AWeakLinkBackedByOthersIsNotABridge) {
  // Triangle 0-1-2 with one weak side: the weak side is not the only thing holding it.
  EXPECT_EQ(DescribeClusters(ClusterOf(3, {{0, 1, 20}, {1, 2, 20}, {0, 2, 6}})), "{0,1,2}");
}

TEST(Cluster, ADecisionOfNonMatchKeepsTwoRecordsApartWhateverTheChain) {
  // 0-1 and 1-2 are strong, but a person said 0 and 2 are different people.
  const ClusterResult r = ClusterOf(3, {{0, 1, 30}, {1, 2, 20}}, 5, 10, {}, {{0, 2}});
  EXPECT_NE(r.cluster_of[0], r.cluster_of[2]);
  EXPECT_EQ(DescribeClusters(r), "{0,1} {2}");
}

TEST(Cluster, ADecisionOfMatchJoinsRecordsThatScoredLow) {
  EXPECT_EQ(DescribeClusters(ClusterOf(3, {{0, 1, -4}}, 5, 10, {{0, 1}})), "{0,1} {2}");
  // Non-match wins if a pair is given both.
  EXPECT_EQ(DescribeClusters(ClusterOf(2, {{0, 1, 30}}, 5, 10, {{0, 1}}, {{0, 1}})), "{0} {1}");
}

TEST(Cluster, ARecordWithoutBirthDateDoesNotChainTwoPersonsBornYearsApart) {
  // 1 (no birth date) links strongly to 0 (born 1960) and to 2 (born 2006): one person
  // cannot be both, so 2 is kept apart; without the conflict rule all three merge.
  const std::vector<ScoredPair> links = {{0, 1, 30}, {1, 2, 25}};
  ClusterOptions options;
  options.link_log2 = 5;
  options.bridge_log2 = 10;
  options.conflict = [](uint32_t a, uint32_t b) { return (a == 0 && b == 2) || (a == 2 && b == 0); };
  EXPECT_EQ(DescribeClusters(Cluster(3, links, {}, {}, options)), "{0,1} {2}");
  options.conflict = nullptr;
  EXPECT_EQ(DescribeClusters(Cluster(3, links, {}, {}, options)), "{0,1,2}");
}

TEST(Cluster, AConflictingPairThatIsItselfALinkStandsOnItsOwnEvidence) {
  // 0 and 2 disagree on birth year but their own score is above the threshold (same
  // document, same phone): the conflict does not veto the pair's own link.
  ClusterOptions options;
  options.link_log2 = 5;
  options.bridge_log2 = 10;
  options.conflict = [](uint32_t a, uint32_t b) { return a + b == 2 && a != b; };
  EXPECT_EQ(DescribeClusters(Cluster(3, {{0, 2, 30}, {0, 1, 25}}, {}, {}, options)), "{0,1,2}");
}

TEST(Cluster, IsDeterministicWhateverTheOrderOfLinks) {
  const std::vector<ScoredPair> links = {{0, 1, 9}, {2, 3, 9}, {1, 2, 7}, {4, 5, 12}};
  std::vector<ScoredPair> reversed(links.rbegin(), links.rend());
  EXPECT_EQ(DescribeClusters(ClusterOf(6, links, 5, 5)),
            DescribeClusters(ClusterOf(6, reversed, 5, 5)));
}

TEST(Cluster, OneAmbiguousLinkDoesNotMergeTwoPersonsFiles) {
  // {0,1} and {2,3} are two relatives' records, strongly linked within each person; one
  // ambiguous link 1-2 (same name and place) would merge both files. Across the groups the
  // other pairs disagree, so the merge is refused and the link sent to review.
  const std::vector<ScoredPair> links = {{0, 1, 20}, {2, 3, 20}, {1, 2, 6}};
  ClusterOptions options;
  options.link_log2 = 5;
  options.bridge_log2 = 5;
  options.pair_log2 = [](uint32_t a, uint32_t b) {
    if (a > b) std::swap(a, b);
    return (a == 0 && b == 1) || (a == 2 && b == 3) ? 20.0 : (a == 1 && b == 2) ? 6.0 : -8.0;
  };
  const ClusterResult r = Cluster(4, links, {}, {}, options);
  EXPECT_EQ(DescribeClusters(r), "{0,1} {2,3}");
  ASSERT_EQ(r.cut_bridges.size(), 1u);
  EXPECT_EQ(r.cut_bridges[0].a, 1u);
  // When the other cross pairs agree too, the groups are one person.
  options.pair_log2 = [](uint32_t, uint32_t) { return 6.0; };
  EXPECT_EQ(DescribeClusters(Cluster(4, links, {}, {}, options)), "{0,1,2,3}");
}

}  // namespace
}  // namespace palermo::link
