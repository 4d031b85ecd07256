# HTTP API tests: a fixture database built through the council API, then python3 talking to
# `plenum serve` over real HTTP on loopback (tests/http/test_api.py).
add_executable(http_fixture ${CMAKE_CURRENT_LIST_DIR}/fixture.c)
target_link_libraries(http_fixture PRIVATE plenum_static)
find_program(PLENUM_PYTHON3 python3)
if(PLENUM_PYTHON3 AND MHD_FOUND AND JANSSON_FOUND)
  add_test(NAME http.api
    COMMAND ${PLENUM_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/test_api.py $<TARGET_FILE:plenum>
            $<TARGET_FILE:http_fixture>)
  set_tests_properties(http.api PROPERTIES LABELS http TIMEOUT 600
    ENVIRONMENT "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/lsan.supp")
endif()
if(PLENUM_PYTHON3)
  add_test(NAME http.i18n COMMAND ${PLENUM_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/test_i18n.py
           ${CMAKE_SOURCE_DIR}/web)
  set_tests_properties(http.i18n PROPERTIES LABELS http TIMEOUT 60)
endif()
