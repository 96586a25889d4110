#include "store/state_lock.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <string>

using namespace pw;
using namespace pw::store;

TEST_SUITE("store::StateLock") {
  TEST_CASE("a second holder is refused with the first holder's pid") {
    test::TempDir dir;
    auto first = StateLock::acquire(dir.path());
    REQUIRE(first.ok());
    CHECK(StateLock::is_held(dir.path()));
    auto second = StateLock::acquire(dir.path());
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().find("in use by another patchwarden (pid " + std::to_string(getpid()) +
                              ")") != std::string::npos);
  }

  TEST_CASE("the lock is free again once released") {
    test::TempDir dir;
    {
      auto first = StateLock::acquire(dir.path());
      REQUIRE(first.ok());
    }
    CHECK_FALSE(StateLock::is_held(dir.path()));
    CHECK(StateLock::acquire(dir.path()).ok());
  }

  TEST_CASE("the lock file names the holder") {
    test::TempDir dir;
    auto lock = StateLock::acquire(dir.path() + "/nested/state");
    REQUIRE(lock.ok());
    std::ifstream file(dir.path() + "/nested/state/lock");
    std::string pid;
    file >> pid;
    CHECK(pid == std::to_string(getpid()));
  }

  TEST_CASE("an unusable directory is an error") {
    test::TempDir dir;
    std::ofstream(dir.path() + "/file") << "x";
    auto lock = StateLock::acquire(dir.path() + "/file/sub");
    REQUIRE_FALSE(lock.ok());
    CHECK(lock.error().find("cannot") != std::string::npos);
  }

  TEST_CASE("deleting the lock file does not let a second holder in") {
    test::TempDir dir;
    auto first = StateLock::acquire(dir.path());
    REQUIRE(first.ok());
    REQUIRE(::unlink((dir.path() + "/lock").c_str()) == 0);
    CHECK(StateLock::is_held(dir.path()));
    auto second = StateLock::acquire(dir.path());
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().find("in use by another patchwarden") != std::string::npos);
  }
}
