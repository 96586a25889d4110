#include "daemon/driver_factory.hpp"
#include "proxy/bypass.hpp"

#include <doctest/doctest.h>

using namespace pw;

TEST_SUITE("daemon::no_proxy_for") {
  TEST_CASE("<local> stands for the nodes and the access points, as CAU's Test-FS case needs") {
    policy::PatchPolicy policy;
    policy.proxy = policy::ProxySettings{"proxy.fabrikam.com:8080", "<local>;*.contoso.com",
                                         *proxy::parse_bypass("<local>;*.contoso.com").list};
    policy::Cluster cluster;
    cluster.nodes.resize(2);
    cluster.nodes[0].name = "hv01";
    cluster.nodes[1].name = "hv02";
    cluster.access_points = {"Test-FS"};
    CHECK(daemon::no_proxy_for(policy, cluster) == "hv01,hv02,Test-FS,.contoso.com");
    policy.proxy.reset();
    CHECK(daemon::no_proxy_for(policy, cluster).empty());
  }
}
