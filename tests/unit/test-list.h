/* Every unit test, once: TEST_ENTRY(name), one list file per area (list_AREA.h) so that
 * areas grow apart. tests/CMakeLists.txt registers each entry as a ctest case. */
#include "list_util.h"
#if __has_include("list_engine.h")
#include "list_engine.h"
#endif
#if __has_include("list_io.h")
#include "list_io.h"
#endif
#if __has_include("list_import.h")
#include "list_import.h"
#endif
#include "list_labels.h"
#if __has_include("list_proof.h")
#include "list_proof.h"
#endif
#if __has_include("list_plan.h")
#include "list_plan.h"
#endif
#if __has_include("list_lp.h")
#include "list_lp.h"
#endif
#if __has_include("list_council.h")
#include "list_council.h"
#endif
#if __has_include("list_http.h")
#include "list_http.h"
#endif
