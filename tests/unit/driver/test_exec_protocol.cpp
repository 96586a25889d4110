// The Exec protocol's JSON: every class of malformed reply becomes an error naming the field;
// valid replies decode to their typed values; requests carry the call.
#include "driver/exec_protocol.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace pw::driver {
namespace {

std::string error_of(Operation operation, std::string_view text,
                     ReplyScope scope = ReplyScope::Node) {
  const Result<Reply> reply = decode_reply(operation, scope, text);
  REQUIRE_FALSE(reply.ok());
  return reply.error();
}

template <typename T>
T decoded(Operation operation, std::string_view text, ReplyScope scope = ReplyScope::Node) {
  Result<Reply> reply = decode_reply(operation, scope, text);
  INFO(text);
  REQUIRE_MESSAGE(reply.ok(), reply.error());
  REQUIRE(std::holds_alternative<T>(*reply));
  return std::get<T>(std::move(reply).value());
}

constexpr const char* k_id = "0b1e4a6c-0000-4000-8000-000000000001";

}  // namespace

TEST_SUITE("driver::decode_reply") {
  TEST_CASE("what is not one JSON document is an error quoting its start") {
    CHECK(error_of(Operation::Health, " \n") ==
          "the driver printed nothing on stdout; expected one JSON document");
    const std::string garbage = error_of(Operation::Health, "Traceback (most recent call last)");
    CHECK(garbage.find("the driver's stdout is not one JSON document (parse error at line 1") == 0);
    CHECK(garbage.ends_with("it starts with \"Traceback (most recent call last)\""));
    CHECK(error_of(Operation::Drain, "{} {}").find("not one JSON document") != std::string::npos);
    CHECK(error_of(Operation::Drain, "{\"a\": \"\xff\"}").find("invalid") != std::string::npos);
  }

  TEST_CASE("a truncated reply names the field it stopped in") {
    CHECK(error_of(Operation::Health, R"({"Healthy": tr)").find("in field 'Healthy'") !=
          std::string::npos);
    const std::string install = error_of(
        Operation::Install, R"({"Updates": [{"UpdateId": "a", "ResultCode": 0}, {"UpdateId": )");
    CHECK(install.find("in field 'Updates[1].UpdateId'") != std::string::npos);
  }

  TEST_CASE("nesting deeper than 64 levels is refused before parsing") {
    CHECK(error_of(Operation::Health, std::string(100000, '[')) ==
          "reply: arrays and objects nest deeper than 64 levels (at byte 64)");
    CHECK(error_of(Operation::Drain, std::string(65, '{')) ==
          "reply: arrays and objects nest deeper than 64 levels (at byte 64)");
    const std::string deepest = std::string(64, '[') + std::string(64, ']');
    CHECK(decode_reply(Operation::Drain, ReplyScope::Node, deepest).ok());
    // Brackets inside strings (escaped quotes included) are text, not nesting.
    const auto health =
        decoded<HealthReply>(Operation::Health, R"({"Healthy": true, "State": "\"[[[[[[[[[[)" +
                                                    std::string(100, '[') + R"("})");
    CHECK(health.healthy);
  }

  TEST_CASE("a number beyond a double is an error naming the field") {
    CHECK(error_of(Operation::Health, R"({"Healthy": 1e400})") ==
          "reply field 'Healthy': number overflow parsing '1e400'");
    CHECK(
        error_of(Operation::Install,
                 R"({"Updates": [{"UpdateId": "a", "ResultCode": 0}, {"ResultCode": -1e400}]})") ==
        "reply field 'Updates[1].ResultCode': number overflow parsing '-1e400'");
    CHECK(error_of(Operation::Drain, "1e400") == "reply: number overflow parsing '1e400'");
  }

  TEST_CASE("integers must be whole and in range") {
    const auto install = [](const std::string& code) {
      return error_of(Operation::Install,
                      R"({"Updates": [{"UpdateId": "a", "ResultCode": )" + code + "}]}");
    };
    CHECK(install("7") ==
          "reply field 'Updates[0].ResultCode': expected an integer in 0..4, got 7");
    CHECK(install("-1") ==
          "reply field 'Updates[0].ResultCode': expected an integer in 0..4, got -1");
    CHECK(install("18446744073709551615") ==
          "reply field 'Updates[0].ResultCode': expected an integer in 0..4, got "
          "18446744073709551615");
    CHECK(
        install("99999999999999999999999")
            .find(
                "reply field 'Updates[0].ResultCode': expected an integer, got the number 9.99") ==
        0);
    CHECK(install("1e2") ==
          "reply field 'Updates[0].ResultCode': expected an integer, got the number 100.0");
    CHECK(install("0.5") ==
          "reply field 'Updates[0].ResultCode': expected an integer, got the "
          "number 0.5");
    CHECK(error_of(Operation::Install,
                   R"({"Updates": [{"UpdateId": "a", "ResultCode": 0, "HResult": 1e300}]})") ==
          "reply field 'Updates[0].HResult': expected an integer, got the number 1e+300");
  }

  TEST_CASE("a string where a number or a boolean belongs is an error naming the field") {
    CHECK(error_of(Operation::Install, R"({"Updates": [{"UpdateId": "a", "ResultCode": "0"}]})") ==
          "reply field 'Updates[0].ResultCode': expected an integer, got string");
    CHECK(error_of(Operation::Health, R"({"Healthy": "true"})") ==
          "reply field 'Healthy': expected a boolean, got string");
    CHECK(error_of(Operation::Install, R"({"Updates": [], "RebootRequired": "false"})") ==
          "reply field 'RebootRequired': expected a boolean, got string");
    CHECK(error_of(Operation::Search, R"({"Updates": [{"UpdateId": "a", "IsInstalled": "no"}]})") ==
          "reply field 'Updates[0].IsInstalled': expected a boolean, got string");
    CHECK(error_of(Operation::Search, R"({"Updates": [{"UpdateId": "a", "SizeBytes": "1"}]})") ==
          "reply field 'Updates[0].SizeBytes': expected an integer, got string");
  }

  TEST_CASE("the wrong kind of container is an error naming the field") {
    CHECK(error_of(Operation::Install, "[]") == "reply: expected an object, got array");
    CHECK(error_of(Operation::Install, R"({"Updates": "all"})") ==
          "reply field 'Updates': expected a list, got string");
    CHECK(error_of(Operation::Install, R"({"Updates": [[]]})") ==
          "reply field 'Updates[0]': expected an object, got array");
    CHECK(error_of(Operation::Search, R"({"Updates": {"UpdateId": "a"}})") ==
          "reply field 'Updates': expected a list, got object");
    CHECK(
        error_of(Operation::Search, R"({"Updates": [{"UpdateId": "a", "KBArticleIds": "KB1"}]})") ==
        "reply field 'Updates[0].KBArticleIds': expected a list of strings, got string");
    CHECK(error_of(Operation::Inventory, R"({"Nodes": [["n1"]]})") ==
          "reply field 'Nodes[0]': expected an object, got array");
    CHECK(error_of(Operation::Health, R"({"Unhealthy": "n1"})", ReplyScope::Cluster) ==
          "reply field 'Unhealthy': expected a list of strings, got string");
    CHECK(error_of(Operation::Health, R"({"Unhealthy": ["n1", 2]})", ReplyScope::Cluster) ==
          "reply field 'Unhealthy[1]': expected a string, got number");
    CHECK(error_of(Operation::Inventory, R"({"Nodes": [{"Name": "n1", "Labels": {"rack": 4}}]})") ==
          "reply field 'Nodes[0].Labels.rack': expected a string, got number");
  }

  TEST_CASE("a missing required field is an error naming it") {
    CHECK(error_of(Operation::Health, "{}") ==
          "reply field 'Healthy': missing; expected a boolean");
    CHECK(error_of(Operation::Health, R"({"Healthy": true})", ReplyScope::Cluster) ==
          "reply field 'Unhealthy': missing; expected a list of strings");
    CHECK(error_of(Operation::Search, "{}") == "reply field 'Updates': missing; expected a list");
    CHECK(error_of(Operation::Search, R"({"Updates": [{"Title": "x"}]})") ==
          "reply field 'Updates[0].UpdateId': missing; expected a string");
    CHECK(error_of(Operation::Install, R"({"RebootRequired": true})") ==
          "reply field 'Updates': missing; expected a list");
    CHECK(error_of(Operation::Install, R"({"Updates": [{"UpdateId": "a"}]})") ==
          "reply field 'Updates[0].ResultCode': missing; expected an integer");
    CHECK(error_of(Operation::Install, R"({"Updates": [{"UpdateId": "", "ResultCode": 0}]})") ==
          "reply field 'Updates[0].UpdateId': must not be empty");
    CHECK(error_of(Operation::Inventory, R"({"Nodes": [{"UpgradeDomain": "ud1"}]})") ==
          "reply field 'Nodes[0].Name': missing; expected a string");
  }

  TEST_CASE("null is an error where a value is expected") {
    CHECK(error_of(Operation::Health, "null") == "reply: expected an object, got null");
    CHECK(error_of(Operation::Health, R"({"Healthy": null})") ==
          "reply field 'Healthy': expected a boolean, got null");
    CHECK(error_of(Operation::Search, R"({"Updates": null})") ==
          "reply field 'Updates': expected a list, got null");
  }

  TEST_CASE("a reply beyond the size limit is refused before parsing") {
    const std::string huge =
        "{\"Healthy\": true, \"Pad\": \"" + std::string(k_max_reply_bytes, 'p') + "\"}";
    CHECK(error_of(Operation::Health, huge) ==
          "reply: " + std::to_string(huge.size()) + " bytes, more than the limit of 16777216");
  }

  TEST_CASE("keys in messages are escaped and cut") {
    const std::string key = "\\u0001" + std::string(100, 'k');
    const std::string message = error_of(
        Operation::Inventory, R"({"Nodes": [{"Name": "n1", "Labels": {")" + key + R"(": 4}}]})");
    CHECK(message == "reply field 'Nodes[0].Labels.\\x01" + std::string(63, 'k') +
                         "...': expected a string, got number");
  }

  TEST_CASE("unknown fields are ignored") {
    const auto health = decoded<HealthReply>(
        Operation::Health, R"({"Healthy": false, "State": "Paused", "Extra": [1, {"x": null}]})");
    CHECK_FALSE(health.healthy);
    CHECK(health.state == "Paused");
  }

  TEST_CASE("valid replies decode to their typed values") {
    const auto inventory = decoded<InventoryReply>(
        Operation::Inventory,
        R"({"Nodes": [{"Name": "n1", "UpgradeDomain": "ud1", "Labels": {"rack": "r4"}},
                      {"Name": "n2"}]})");
    REQUIRE(inventory.nodes.size() == 2);
    CHECK(inventory.nodes[0].name == "n1");
    CHECK(inventory.nodes[0].upgrade_domain == "ud1");
    CHECK(inventory.nodes[0].labels == std::map<std::string, std::string>{{"rack", "r4"}});
    CHECK(inventory.nodes[1].upgrade_domain.empty());

    CHECK(decoded<ClusterHealthReply>(Operation::Health, R"({"Unhealthy": ["n1", "n3"]})",
                                      ReplyScope::Cluster)
              .unhealthy == std::vector<std::string>{"n1", "n3"});

    const auto search = decoded<SearchReply>(
        Operation::Search,
        R"({"Updates": [{"UpdateId": "0B1E4A6C-0000-4000-8000-000000000001", "Title": "CU",
                         "KBArticleIds": ["KB5034439"], "Type": "Driver", "RebootRequired": true,
                         "RevisionNumber": 201, "SizeBytes": 123456789012}]})");
    REQUIRE(search.updates.size() == 1);
    const UpdateRecord& update = search.updates[0];
    CHECK(update.update_id == k_id);
    CHECK(update.title == "CU");
    CHECK(update.kb_article_ids == std::vector<std::string>{"KB5034439"});
    CHECK(update.type == UpdateType::Driver);
    CHECK(update.reboot_required);
    CHECK(update.eula_accepted);  // the default of §2.3
    CHECK(update.revision_number == 201);
    CHECK(update.size_bytes == 123456789012);

    const auto install = decoded<InstallReply>(
        Operation::Install,
        R"({"Updates": [{"UpdateId": "A", "ResultCode": 2, "HResult": -2145124318},
                        {"UpdateId": "b", "ResultCode": 0}], "RebootRequired": true})");
    REQUIRE(install.updates.size() == 2);
    CHECK(install.updates[0].update_id == "a");
    CHECK(install.updates[0].result_code == 2);
    CHECK(install.updates[0].hresult == -2145124318);
    CHECK(install.updates[1].hresult == 0);
    CHECK(install.reboot_required);
    CHECK_FALSE(decoded<InstallReply>(Operation::Install, R"({"Updates": []})").reboot_required);
  }

  TEST_CASE("operations whose reply carries nothing accept any one JSON document") {
    for (const Operation operation :
         {Operation::Download, Operation::Drain, Operation::Reboot, Operation::Resume,
          Operation::PreCheck, Operation::PostCheck}) {
      CAPTURE(to_string(operation));
      for (const char* text : {"{}", R"({"Drained": true})", "[1, 2]", "\"ok\"", "null"}) {
        decoded<std::monostate>(operation, text);
      }
      CHECK_FALSE(decode_reply(operation, ReplyScope::Node, "ok").ok());
    }
  }
}

TEST_SUITE("driver::encode_request") {
  TEST_CASE("the request carries the call's identity and what it works on") {
    Call call;
    call.operation = Operation::Install;
    call.node = "n1";
    call.fqdn = "n1.fabrikam.com";
    call.cluster = "c";
    call.policy = "p";
    call.updates = {{k_id}};
    const std::string text = encode_request(call);
    CHECK(text.ends_with("}\n"));
    CHECK(nlohmann::json::parse(text) == nlohmann::json{{"Operation", "Install"},
                                                        {"Node", "n1"},
                                                        {"Fqdn", "n1.fabrikam.com"},
                                                        {"Cluster", "c"},
                                                        {"Policy", "p"},
                                                        {"Updates", {k_id}}});
    Call search;
    search.operation = Operation::Search;
    search.query = "IsInstalled=0";
    CHECK(nlohmann::json::parse(encode_request(search))["WUQuery"] == "IsInstalled=0");
    CHECK_FALSE(nlohmann::json::parse(encode_request(search)).contains("Updates"));
    Call reboot;
    reboot.operation = Operation::Reboot;
    reboot.reboot_policy = "IfRequired";
    CHECK(nlohmann::json::parse(encode_request(reboot))["RebootPolicy"] == "IfRequired");
  }

  TEST_CASE("text that is not UTF-8 is replaced, not thrown") {
    Call call;
    call.query = "IsInstalled=0 \xff";
    CHECK(nlohmann::json::parse(encode_request(call))["WUQuery"] == "IsInstalled=0 \xef\xbf\xbd");
  }
}

}  // namespace pw::driver
