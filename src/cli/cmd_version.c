/* plenum version: the library's version. */
#include "cli/cli.h"

static int run(int argc, char **argv)
{
	if (argc > 1)
		return cl_usage("version", "takes no arguments");
	printf("plenum %s\n", plenum_version());
	return CL_OK;
}

const cl_command cl_cmd_version = {
	"version", "version", "print the version",
	"Prints plenum's version and exits.\n", run,
};
