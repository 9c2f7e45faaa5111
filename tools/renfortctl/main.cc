// renfortctl: the command-line client of renfort. `renfortctl --help` lists the commands;
// exit codes are documented in errors.h (0 ok, 1 refused, 2 bad usage, 3 unreachable).
#include <iostream>
#include <string>
#include <vector>

#include "tools/renfortctl/cli.h"

int main(int argc, char** argv) {
  const std::vector<std::string> words(argv + 1, argv + argc);
  return renfort::ctl::RunCli(words, renfort::ctl::EnvironmentFromProcess(), std::cout, std::cerr);
}
