/* util */
TEST_ENTRY(status_names)
TEST_ENTRY(round15)
TEST_ENTRY(map_insert_find)
TEST_ENTRY(utf8_validation)
TEST_ENTRY(builder_rows)
TEST_ENTRY(wfile_whole_or_nothing)
