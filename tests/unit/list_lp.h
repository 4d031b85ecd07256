/* lp: LP interface, GLPK and PDLP backends, MPS */
TEST_ENTRY(lp_status_names)
TEST_ENTRY(lp_csr_triplets)
TEST_ENTRY(lp_check_rejects)
TEST_ENTRY(lp_glpk_netlib)
TEST_ENTRY(lp_glpk_small)
TEST_ENTRY(lp_glpk_infeasible_unbounded)
TEST_ENTRY(lp_mps_roundtrip)
TEST_ENTRY(lp_mps_errors)
