// `patchwarden status` and `patchwarden results`: both ask the running daemon over HTTP, or read
// the state directory when none runs; they differ only in the document and its table.
#include "cli/status_results_command.hpp"

#include "cli/command.hpp"

#include <iostream>

namespace pw::cli {

int run_document(const daemon::ClientOptions& options, daemon::Document document) {
  const auto text = daemon::fetch_document_text(options, document);
  if (!text) {
    const char* name = document == daemon::Document::Status ? "status" : "results";
    std::cerr << "patchwarden " << name << ": " << text.error() << '\n';
    return k_exit_runtime;
  }
  std::cout << *text;
  return k_exit_ok;
}

int run_pause(const daemon::PauseOptions& options, bool pause) {
  const auto answer = daemon::set_paused(options, pause);
  if (!answer) {
    std::cerr << "patchwarden " << (pause ? "pause" : "resume") << ": " << answer.error() << '\n';
    return answer.error().find("answered 404") != std::string::npos ? k_exit_usage : k_exit_runtime;
  }
  std::cout << *answer << '\n';
  return k_exit_ok;
}

}  // namespace pw::cli
