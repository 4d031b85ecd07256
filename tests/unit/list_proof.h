/* proof: the engine on real national tables reproduces what the statistical offices published */
TEST_ENTRY(proof_uk_output_multipliers)
TEST_ENTRY(proof_uk_effects_and_multipliers)
TEST_ENTRY(proof_uk_leontief_columns)
TEST_ENTRY(proof_useeio_consumption_totals)
TEST_ENTRY(proof_useeio_total_impacts_per_unit)
TEST_ENTRY(proof_wiod_hours_in_final_demand)
