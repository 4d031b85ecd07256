/* plenum: democratic planning in kind. The umbrella header of the public API. */
#ifndef PLENUM_PLENUM_H
#define PLENUM_PLENUM_H
#include "status.h"
#include "economy.h"
#include "engine.h"
#endif
