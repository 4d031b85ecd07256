# Browser tests: node + playwright-core (tests/browser/package.json, `npm ci`) driving Debian's
# /usr/bin/chromium headless against `plenum serve`. Screenshots go to tests/browser/artifacts/.
# Exit status 77 (skipped) when playwright-core or chromium is not installed.
find_program(PLENUM_NODE node)
if(PLENUM_NODE AND MHD_FOUND AND JANSSON_FOUND)
  add_test(NAME browser.ui
    COMMAND ${PLENUM_NODE} ${CMAKE_CURRENT_LIST_DIR}/run.mjs $<TARGET_FILE:plenum>
            $<TARGET_FILE:http_fixture>)
  set_tests_properties(browser.ui PROPERTIES LABELS browser TIMEOUT 600 SKIP_RETURN_CODE 77)
endif()
