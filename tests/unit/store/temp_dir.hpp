// A fresh directory under the system temp folder, removed with everything in it at scope end.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace pw::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pw-test-XXXXXX").string();
    m_path = mkdtemp(pattern.data()) != nullptr ? pattern : std::string{};
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

}  // namespace pw::test
