#include "store/schema.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace pw;
using namespace pw::store;

TEST_SUITE("store::schema") {
  TEST_CASE("a new database is migrated to the latest version") {
    test::TempDir dir;
    auto database = Database::open(dir.path() + "/s.db");
    REQUIRE(database.ok());
    CHECK(*schema_version(*database) == 0);
    REQUIRE(migrate(*database).ok());
    CHECK(*schema_version(*database) == latest_schema_version());
    CHECK(latest_schema_version() >= 2);
  }

  TEST_CASE("an old database is upgraded in place and keeps its rows") {
    test::TempDir dir;
    {
      auto database = Database::open(dir.path() + "/state.db");
      REQUIRE(database.ok());
      REQUIRE(migrate(*database, 1).ok());
      CHECK(*schema_version(*database) == 1);
      REQUIRE(database
                  ->execute("INSERT INTO missed_windows (policy, window_start, recorded_at) "
                            "VALUES ('p', 100, 100)")
                  .ok());
      // Version 2's table does not exist yet.
      CHECK_FALSE(database->execute("SELECT * FROM paused_policies").ok());
    }
    auto store = Store::open(dir.path());
    REQUIRE(store.ok());
    auto missed = (*store)->missed_windows("p");
    REQUIRE(missed.ok());
    CHECK(missed->size() == 1);
    CHECK((*store)->set_paused("p", true, Instant{Seconds{5}}).ok());
  }

  TEST_CASE("a database newer than the program is refused") {
    test::TempDir dir;
    auto database = Database::open(dir.path() + "/s.db");
    REQUIRE(database.ok());
    REQUIRE(migrate(*database).ok());
    REQUIRE(database->execute("UPDATE schema_version SET version = 99").ok());
    const auto status = migrate(*database);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().find("newer") != std::string::npos);
  }

  TEST_CASE("the store opens in WAL mode with synchronous FULL") {
    test::TempDir dir;
    auto store = Store::open(dir.path());
    REQUIRE(store.ok());
    auto database = Database::open(dir.path() + "/state.db");
    REQUIRE(database.ok());
    auto mode = database->prepare("PRAGMA journal_mode");
    REQUIRE(mode.ok());
    REQUIRE(*mode->step());
    CHECK(mode->column_text(0) == "wal");
  }

  TEST_CASE("a file that is not a database is an error, not a crash") {
    test::TempDir dir;
    {
      std::FILE* file = std::fopen((dir.path() + "/state.db").c_str(), "w");
      REQUIRE(file != nullptr);
      std::fputs("this is not sqlite, just some text long enough to be a header....", file);
      std::fclose(file);
    }
    auto store = Store::open(dir.path());
    CHECK_FALSE(store.ok());
  }

  TEST_CASE("an empty state.db is refused, never started anew over") {
    test::TempDir dir;
    std::fclose(std::fopen((dir.path() + "/state.db").c_str(), "w"));
    auto store = Store::open(dir.path());
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().find("is empty (0 bytes)") != std::string::npos);
    CHECK_FALSE(Store::open_read_only(dir.path()).ok());
  }

  TEST_CASE("the read-only store reads what the store wrote and refuses what it cannot read") {
    test::TempDir dir;
    CHECK(Store::open_read_only(dir.path()).error().find("no state database") != std::string::npos);
    {
      auto store = Store::open(dir.path());
      REQUIRE(store.ok());
      REQUIRE((*store)->set_paused("p", true, Instant{Seconds{5}}).ok());
    }
    auto reader = Store::open_read_only(dir.path());
    REQUIRE(reader.ok());
    auto paused = (*reader)->paused_policies();
    REQUIRE(paused.ok());
    CHECK(paused->count("p") == 1);
    // It never writes: a write through it fails instead of changing the file.
    CHECK_FALSE((*reader)->set_paused("q", true, Instant{Seconds{6}}).ok());
    {
      auto database = Database::open(dir.path() + "/state.db");
      REQUIRE(database->execute("UPDATE schema_version SET version = 1").ok());
    }
    auto old = Store::open_read_only(dir.path());
    REQUIRE_FALSE(old.ok());
    CHECK(old.error().find("start the daemon once") != std::string::npos);
  }

  TEST_CASE("results stored before v6 get POA's OperationType numbers") {
    test::TempDir dir;
    {
      auto database = Database::open(dir.path() + "/state.db");
      REQUIRE(database.ok());
      REQUIRE(migrate(*database, 5).ok());
      REQUIRE(database
                  ->execute("INSERT INTO results (policy, node, cycle_id, recorded_at, json) VALUES"
                            " ('p', 'n1', 1, 5, '{\"OperationType\":0,\"NodeName\":\"n1\"}'),"
                            " ('p', 'n1', 1, 6, '{\"OperationType\":1,\"NodeName\":\"n1\"}'),"
                            " ('p', 'n1', 1, 7, 'not json')")
                  .ok());
      REQUIRE(migrate(*database).ok());
      auto rows = database->prepare("SELECT json FROM results ORDER BY id");
      REQUIRE(rows.ok());
      std::vector<std::string> texts;
      while (*rows->step()) texts.push_back(rows->column_text(0));
      REQUIRE(texts.size() == 3);
      CHECK(texts[0] == R"({"OperationType":1,"NodeName":"n1"})");  // was Installation
      CHECK(texts[1] == R"({"OperationType":0,"NodeName":"n1"})");
      CHECK(texts[2] == "not json");  // kept as it was
    }
  }
}
