/* The one table of subcommands: X(name). Each is defined in src/cli/cmd_NAME.c as
 * `const cl_command cl_cmd_NAME`; --help and docs/cli.md come from those definitions. */
#define PLENUM_COMMANDS(X) \
	X(version)
