# Turns every file under web/ into a C array so that the binary serves its own assets.
file(GLOB_RECURSE PLENUM_WEB_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/*)
set(PLENUM_EMBED_C ${CMAKE_BINARY_DIR}/embedded_assets.c)
add_custom_command(
  OUTPUT ${PLENUM_EMBED_C}
  COMMAND ${CMAKE_COMMAND} -DOUT=${PLENUM_EMBED_C} -DROOT=${CMAKE_SOURCE_DIR}/web
          -P ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
  DEPENDS ${PLENUM_WEB_FILES} ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
  COMMENT "Embedding web assets")
set(PLENUM_EMBED_SOURCES ${PLENUM_EMBED_C})
