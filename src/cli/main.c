/* plenum: the command. Dispatches to the subcommand named by argv[1]. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/commands.h"

#define X(name) extern const cl_command cl_cmd_##name;
PLENUM_COMMANDS(X)
#undef X

static const cl_command *const commands[] = {
#define X(name) &cl_cmd_##name,
	PLENUM_COMMANDS(X)
#undef X
};

const cl_command *cl_find(const char *name)
{
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (strcmp(commands[k]->name, name) == 0)
			return commands[k];
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f, "plenum %s: democratic planning in kind\n\nusage: plenum COMMAND [ARGS]\n\n"
	           "commands:\n", plenum_version());
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		fprintf(f, "  %-10s %s\n", commands[k]->name, commands[k]->summary);
	fprintf(f, "\n'plenum COMMAND --help' tells more about each.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CL_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return CL_OK;
	}
	if (strcmp(argv[1], "--version") == 0)
		argv[1] = "version";
	const cl_command *c = cl_find(argv[1]);
	if (!c) {
		fprintf(stderr, "plenum: unknown command '%s': see 'plenum --help'\n", argv[1]);
		return CL_USAGE;
	}
	if (cl_wants_help(c, argc - 1, argv + 1))
		return CL_OK;
	return c->run(argc - 1, argv + 1);
}
