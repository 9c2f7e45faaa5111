#include "tools/renfortctl/command.h"
namespace renfort::ctl {
std::vector<Command> MatchCommands() { return {}; }
std::vector<Command> InvitationCommands() { return {}; }
std::vector<Command> StatsCommands() { return {}; }
}
