/* The serve command: the JSON API and the web interface (src/http/). */
#define PLENUM_COMMANDS_SERVE(X) X(serve)
