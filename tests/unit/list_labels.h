/* labels: the index of a string pool (ut_strindex) and the importers' tables read through it */
TEST_ENTRY(labels_strindex_matches_scan)
TEST_ENTRY(labels_strindex_growth)
TEST_ENTRY(labels_matrix_many_columns)
TEST_ENTRY(labels_matrix_many_rows)
TEST_ENTRY(labels_matrix_known)
TEST_ENTRY(labels_names_many)
TEST_ENTRY(labels_alloc_failure_walk)
