#include "driver/proxy_environment.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>

using pw::driver::ProxyEnvironment;

namespace {

std::map<std::string, std::string> as_map(const pw::driver::Variables& variables) {
  return {variables.begin(), variables.end()};
}

}  // namespace

TEST_SUITE("driver::proxy_urls") {
  TEST_CASE("a single host:port serves both schemes over http://") {
    const auto urls = pw::driver::proxy_urls(" proxy.fabrikam.com:8080 ");
    CHECK(urls.http == "http://proxy.fabrikam.com:8080");
    CHECK(urls.https == "http://proxy.fabrikam.com:8080");
  }

  TEST_CASE("a URL is kept as written") {
    CHECK(pw::driver::proxy_urls("https://p:3128").https == "https://p:3128");
  }

  TEST_CASE("the per-scheme form names each scheme's proxy") {
    const auto urls = pw::driver::proxy_urls("http=a.corp:80;HTTPS=b.corp:443 ftp=c:21");
    CHECK(urls.http == "http://a.corp:80");
    CHECK(urls.https == "http://b.corp:443");
    const auto only_https = pw::driver::proxy_urls("https=b:1");
    CHECK(only_https.http.empty());
    CHECK(only_https.https == "http://b:1");
  }

  TEST_CASE("empty when no server is given") {
    const auto urls = pw::driver::proxy_urls("  ");
    CHECK(urls.http.empty());
    CHECK(urls.https.empty());
  }
}

TEST_SUITE("driver::proxy_variables") {
  TEST_CASE("the proxy goes verbatim and in the Unix convention, in both cases") {
    const ProxyEnvironment proxy{"proxy:8080", "<local>;*.fabrikam.com",
                                 "node-01,node-02,.fabrikam.com"};
    const auto variables = as_map(pw::driver::proxy_variables(proxy));
    CHECK(variables ==
          std::map<std::string, std::string>{{"PATCHWARDEN_PROXY_SERVER", "proxy:8080"},
                                             {"PATCHWARDEN_PROXY_BYPASS", "<local>;*.fabrikam.com"},
                                             {"HTTP_PROXY", "http://proxy:8080"},
                                             {"http_proxy", "http://proxy:8080"},
                                             {"HTTPS_PROXY", "http://proxy:8080"},
                                             {"https_proxy", "http://proxy:8080"},
                                             {"NO_PROXY", "node-01,node-02,.fabrikam.com"},
                                             {"no_proxy", "node-01,node-02,.fabrikam.com"}});
  }

  TEST_CASE("no server, no variables; no bypass, no NO_PROXY") {
    CHECK(pw::driver::proxy_variables(ProxyEnvironment{"", "<local>", "x"}).empty());
    const auto variables = as_map(pw::driver::proxy_variables(ProxyEnvironment{"p:1", "", ""}));
    CHECK(variables.count("NO_PROXY") == 0);
    CHECK(variables.count("no_proxy") == 0);
    CHECK(variables.at("PATCHWARDEN_PROXY_BYPASS").empty());
  }
}

TEST_SUITE("driver::make_proxy_environment") {
  TEST_CASE("<local> becomes the short names and *.domain a leading-dot suffix") {
    const auto proxy =
        pw::driver::make_proxy_environment("proxy:8080", "<local>;*.fabrikam.com;files.contoso.com",
                                           {"node-01", "Test-FS", "node-01.fabrikam.com"});
    REQUIRE(proxy.ok());
    CHECK(proxy->server == "proxy:8080");
    CHECK(proxy->bypass == "<local>;*.fabrikam.com;files.contoso.com");
    CHECK(proxy->no_proxy == "node-01,Test-FS,.fabrikam.com,files.contoso.com");
    const auto variables = as_map(pw::driver::proxy_variables(*proxy));
    CHECK(variables.at("no_proxy") == "node-01,Test-FS,.fabrikam.com,files.contoso.com");
    CHECK(variables.at("PATCHWARDEN_PROXY_BYPASS") == "<local>;*.fabrikam.com;files.contoso.com");
  }

  TEST_CASE("without <local> the short names stay with the proxy") {
    const auto proxy = pw::driver::make_proxy_environment("p:1", "*.fabrikam.com", {"node-01"});
    REQUIRE(proxy.ok());
    CHECK(proxy->no_proxy == ".fabrikam.com");
  }

  TEST_CASE("a bypass list that does not parse is an error naming it") {
    const auto proxy = pw::driver::make_proxy_environment("p:1", "fab*.com", {});
    REQUIRE_FALSE(proxy.ok());
    CHECK(proxy.error().find("invalid proxy bypass list 'fab*.com': ") == 0);
  }
}

TEST_SUITE("driver::merge_environment") {
  TEST_CASE("overrides replace inherited keys and the rest passes through") {
    const char* base[] = {"PATH=/usr/bin", "HTTP_PROXY=http://old:1", "EMPTY=", "HOME=/root",
                          nullptr};
    const auto merged =
        pw::driver::merge_environment(base, {{"HTTP_PROXY", "http://new:2"}, {"X", "y=z"}});
    CHECK(merged == std::vector<std::string>{"PATH=/usr/bin", "EMPTY=", "HOME=/root",
                                             "HTTP_PROXY=http://new:2", "X=y=z"});
  }

  TEST_CASE("keys are compared whole and case-sensitively") {
    const char* base[] = {"HTTP_PROXY_X=1", "http_proxy=lower", nullptr};
    const auto merged = pw::driver::merge_environment(base, {{"HTTP_PROXY", "u"}});
    CHECK(merged == std::vector<std::string>{"HTTP_PROXY_X=1", "http_proxy=lower", "HTTP_PROXY=u"});
  }

  TEST_CASE("a null base gives only the overrides") {
    CHECK(pw::driver::merge_environment(nullptr, {{"A", "1"}}) == std::vector<std::string>{"A=1"});
  }
}
