package cleangate.ai_act.gpai_summary_test

import rego.v1

import data.cleangate.ai_act.gpai_summary as s

doc(summary, model, datasets) := {
	"system": {"name": "s", "roles": ["gpai-provider"], "deployment": {"regions": ["FR"]}, "established_in_eu": true},
	"models": [object.union({"name": "m", "gpai": true, "role": "provider", "placed_on_market": "2026-01-10", "documentation": {"training_summary": object.union({"url": "https://x.example/summary", "public": true}, summary)}}, model)],
	"datasets": datasets,
	"context": {"as_of": "2026-09-15"},
}

ids(set) := {f.rule | some f in set}

crawl := [{"name": "web", "source_type": "crawled"}]

test_complete_sections_pass if {
	d := doc({"sections": ["1", "2", "3"]}, {}, crawl)
	count(s.warn) == 0 with input as d
	"AIACT-53-1d-SECTIONS" in s.applies with input as d
}

test_missing_3_1_for_crawled_data_warns if {
	d := doc({"sections": ["1", "2.3", "3.2"]}, {}, crawl)
	some f in s.warn with input as d
	contains(f.message, "3.1")
	count(s.warn) == 0 with input as doc({"sections": ["1", "2.1", "3.2"]}, {}, [{"name": "pub", "source_type": "public"}])
}

test_model_dependencies_required_for_a_fine_tune if {
	d := doc({"sections": ["1.1", "1.3", "2", "3.2"]}, {"base_model": "base"}, [])
	some f in s.warn with input as d
	contains(f.message, "1.2")
	count(s.warn) == 0 with input as doc({"sections": ["1.1", "1.3", "2", "3.2"]}, {}, [])
}

test_stale_when_training_data_is_newer_than_the_summary if {
	"AIACT-53-1d-STALE" in ids(s.warn) with input as doc({"sections": ["1", "2", "3"], "last_update": "2026-03-01", "training_data_until": "2026-06-30"}, {}, [])
	not "AIACT-53-1d-STALE" in ids(s.warn) with input as doc({"sections": ["1", "2", "3"], "last_update": "2026-07-01", "training_data_until": "2026-06-30"}, {}, [])
}

test_silent_without_a_summary_url_or_for_a_deployed_model if {
	count(s.warn) == 0 with input as doc({"url": null}, {}, [])
	count(s.warn) == 0 with input as doc({}, {"role": "deployer"}, [])
}
