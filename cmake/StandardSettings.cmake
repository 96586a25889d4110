# Compiler settings for patchwarden's own targets, applied through the interface target
# pw_settings (ccache's standard_settings/standard_warnings pattern).
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

option(PW_WERROR "Treat warnings as errors (CI)" OFF)
option(PW_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(PW_FUZZ "Build libFuzzer targets (clang only)" OFF)

find_program(PW_CCACHE ccache)
if(PW_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${PW_CCACHE}")
endif()

add_library(pw_settings INTERFACE)
target_compile_options(pw_settings INTERFACE -Wall -Wextra -Wpedantic)
if(PW_WERROR)
  target_compile_options(pw_settings INTERFACE -Werror)
endif()
# g++ 12 reports false -Wrestrict positives inside libstdc++ for `"text" + std::string` at -O2
# and above (GCC bug 105329); they are not in our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(pw_settings INTERFACE -Wno-restrict)
endif()
if(PW_SANITIZE)
  target_compile_options(pw_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                               -fno-sanitize-recover=undefined)
  target_link_options(pw_settings INTERFACE -fsanitize=address,undefined)
endif()
if(PW_FUZZ)
  target_compile_options(pw_settings INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
  target_link_options(pw_settings INTERFACE -fsanitize=address,undefined)
endif()
target_include_directories(pw_settings INTERFACE "${PROJECT_SOURCE_DIR}/engine")
