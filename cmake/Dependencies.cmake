# Every dependency is a Debian package (see the Makefile's `deps`); nothing is downloaded here.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(yaml-cpp REQUIRED)          # libyaml-cpp-dev, target yaml-cpp
find_package(date REQUIRED)              # libhowardhinnant-date-dev, date::date, date::date-tz
find_package(fmt REQUIRED)               # libfmt-dev
find_package(spdlog REQUIRED)            # libspdlog-dev
find_package(CLI11 REQUIRED)             # libcli11-dev
find_package(nlohmann_json REQUIRED)     # nlohmann-json3-dev
find_package(doctest REQUIRED)           # doctest-dev
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)             # libre2-dev
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)     # libsqlite3-dev
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib) # libcpp-httplib-dev
