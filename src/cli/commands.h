/* The one table of subcommands, in sections by area: X(name). Each command is defined in
 * src/cli/cmd_NAME.c as `const cl_command cl_cmd_NAME`; --help and docs/cli.md come from
 * those definitions. An area lists its commands in src/cli/commands_AREA.h. */
#if __has_include("cli/commands_economy.h")
#include "cli/commands_economy.h"
#else
#define PLENUM_COMMANDS_ECONOMY(X)
#endif
#if __has_include("cli/commands_plan.h")
#include "cli/commands_plan.h"
#else
#define PLENUM_COMMANDS_PLAN(X)
#endif
#if __has_include("cli/commands_council.h")
#include "cli/commands_council.h"
#else
#define PLENUM_COMMANDS_COUNCIL(X)
#endif
#if __has_include("cli/commands_serve.h")
#include "cli/commands_serve.h"
#else
#define PLENUM_COMMANDS_SERVE(X)
#endif

#define PLENUM_COMMANDS(X)                                                                   \
	PLENUM_COMMANDS_ECONOMY(X) PLENUM_COMMANDS_PLAN(X) PLENUM_COMMANDS_COUNCIL(X)         \
	PLENUM_COMMANDS_SERVE(X) X(version)
