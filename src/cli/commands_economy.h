/* The economy commands (engine and io). */
#define PLENUM_COMMANDS_ECONOMY(X) X(gen)
