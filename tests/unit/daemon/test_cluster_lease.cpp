#include "daemon/cluster_lease.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace pw;
using namespace pw::daemon;

namespace {

Instant at(int seconds) {
  return Instant{Seconds{seconds}};
}

}  // namespace

TEST_SUITE("daemon::ClusterLeases") {
  TEST_CASE("the first policy gets the cluster; a second one waits, naming the holder") {
    ClusterLeases leases;
    auto first = leases.acquire("lab", "weekly", at(100));
    REQUIRE(first.has_value());
    CHECK(first->cluster() == "lab");
    CHECK(first->policy() == "weekly");
    CHECK(leases.holder("lab") == "weekly");
    CHECK_FALSE(leases.waiting("weekly").has_value());

    CHECK_FALSE(leases.acquire("lab", "nightly", at(200)).has_value());
    const auto wait = leases.waiting("nightly");
    REQUIRE(wait.has_value());
    CHECK(wait->cluster == "lab");
    CHECK(wait->holder == "weekly");
    CHECK(wait->since == at(200));
    CHECK(wait->reason() == "cluster 'lab' is held by policy 'weekly'");
    CHECK(leases.holder("lab") == "weekly");  // never two holders
  }

  TEST_CASE("asking again keeps the time the wait began") {
    ClusterLeases leases;
    auto first = leases.acquire("lab", "weekly", at(100));
    CHECK_FALSE(leases.acquire("lab", "nightly", at(200)).has_value());
    CHECK_FALSE(leases.acquire("lab", "nightly", at(300)).has_value());
    CHECK(leases.waiting("nightly")->since == at(200));
    CHECK(leases.waiting().size() == 1);
  }

  TEST_CASE("the waiting policy gets the lease once the holder's lease is gone") {
    ClusterLeases leases;
    std::optional<ClusterLeases::Lease> first = leases.acquire("lab", "weekly", at(100));
    CHECK_FALSE(leases.acquire("lab", "nightly", at(200)).has_value());
    first.reset();
    CHECK_FALSE(leases.holder("lab").has_value());
    auto second = leases.acquire("lab", "nightly", at(300));
    REQUIRE(second.has_value());
    CHECK(leases.holder("lab") == "nightly");
    CHECK_FALSE(leases.waiting("nightly").has_value());
    // And now the first one waits for the second.
    CHECK_FALSE(leases.acquire("lab", "weekly", at(400)).has_value());
    CHECK(leases.waiting("weekly")->reason() == "cluster 'lab' is held by policy 'nightly'");
  }

  TEST_CASE("clusters are independent") {
    ClusterLeases leases;
    auto lab = leases.acquire("lab", "weekly", at(100));
    auto prod = leases.acquire("prod", "prod-weekly", at(100));
    CHECK(lab.has_value());
    CHECK(prod.has_value());
    CHECK(leases.waiting().empty());
  }

  TEST_CASE("a moved lease is released once, by its last owner") {
    ClusterLeases leases;
    std::vector<ClusterLeases::Lease> held;
    held.push_back(*leases.acquire("lab", "weekly", at(100)));
    ClusterLeases::Lease moved = std::move(held.back());
    held.clear();  // the moved-from lease releases nothing
    CHECK(leases.holder("lab") == "weekly");
    CHECK_FALSE(leases.acquire("lab", "nightly", at(200)).has_value());
    { ClusterLeases::Lease last = std::move(moved); }
    CHECK_FALSE(leases.holder("lab").has_value());
    CHECK(leases.acquire("lab", "nightly", at(300)).has_value());
  }

  TEST_CASE("stop_waiting forgets a policy that no longer needs the cluster") {
    ClusterLeases leases;
    auto first = leases.acquire("lab", "weekly", at(100));
    CHECK_FALSE(leases.acquire("lab", "nightly", at(200)).has_value());
    leases.stop_waiting("nightly");
    CHECK(leases.waiting().empty());
  }

  TEST_CASE("however many policies ask, one holds the cluster at a time") {
    ClusterLeases leases;
    std::optional<ClusterLeases::Lease> current;
    int grants = 0;
    for (int round = 0; round < 20; ++round) {
      for (int policy = 0; policy < 4; ++policy) {
        auto lease = leases.acquire("lab", "p" + std::to_string(policy), at(round));
        if (!lease) continue;
        CHECK_FALSE(current.has_value());  // granted only when nobody holds it
        current = std::move(lease);
        ++grants;
      }
      if (round % 3 == 2) current.reset();  // the holder's cycle ends
    }
    CHECK(grants == 7);
  }
}
