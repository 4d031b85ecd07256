/* The economy commands (engine and io): src/cli/cmd_NAME.c each. */
#define PLENUM_COMMANDS_ECONOMY(X) X(gen) X(import)
