package cleangate.copyright_records_test

import rego.v1

import data.cleangate.copyright_records

record(extra) := object.union(
	{
		"dataset": "crawl", "dataset_index": 0, "pointer": "/datasets/0/tdm/collection_record",
		"file": "crawl.jsonl", "format": "jsonl", "status": "verified", "why": null,
		"items": 10, "included": 10, "excluded": 0, "reserved_included": 0, "reserved_licensed": 0,
		"reserved_excluded": 0, "channels": {"robots": 0, "tdmrep": 0, "aipref": 0, "c2pa": 0},
		"robots_unknown": 0, "malformed": 0, "samples": [], "problems": [], "problems_total": 0,
	},
	extra,
)

reserved := record({
	"reserved_included": 2, "channels": {"robots": 2, "tdmrep": 0, "aipref": 0, "c2pa": 0},
	"samples": [{"record": 4, "url": "https://news.example/a", "channel": "robots", "rule": "User-agent: GPTBot / Disallow: /"}],
})

doc(r, exclusion, research) := {
	"system": {"name": "s", "roles": ["provider"], "exclusion": exclusion, "deployment": {"regions": ["FR"]}},
	"models": [{"name": "m", "datasets": ["crawl"]}],
	"datasets": [{"name": "crawl", "source_type": "crawled", "used_for": ["training"], "tdm": {"research_exception": research}}],
	"verified": {"collection_records": [r]},
}

ids(findings) := {f.rule | some f in findings}

test_reserved_items_kept_block_with_the_sample if {
	found := copyright_records.deny with input as doc(reserved, null, false)
	some f in found
	f.rule == "TDM-RECORD-RESERVED"
	contains(f.message, "2 of 10 items")
	contains(f.message, "record 4 https://news.example/a (robots.txt: User-agent: GPTBot / Disallow: /)")
	contains(f.message, "robots.txt 2")
}

test_licensed_reserved_items_pass if {
	licensed := record({"reserved_licensed": 2})
	count(copyright_records.deny) == 0 with input as doc(licensed, null, false)
}

test_research_exception_informs_instead_of_blocking if {
	count(copyright_records.deny) == 0 with input as doc(reserved, "research-only", true)
	"TDM-RECORD-RESEARCH" in ids(copyright_records.info) with input as doc(reserved, "research-only", true)
}

test_research_claim_without_research_only_system_still_blocks if {
	"TDM-RECORD-RESERVED" in ids(copyright_records.deny) with input as doc(reserved, null, true)
}

test_broken_record_blocks if {
	broken := record({"status": "failed", "why": "3 records could not be read"})
	"TDM-RECORD-BROKEN" in ids(copyright_records.deny) with input as doc(broken, null, false)
}

test_unread_record_warns if {
	unread := record({"status": "not_given", "why": "no evidence files"})
	"TDM-RECORD-UNVERIFIED" in ids(copyright_records.warn) with input as doc(unread, null, false)
	count(copyright_records.deny) == 0 with input as doc(unread, null, false)
}

test_unknown_robots_warns if {
	"TDM-RECORD-ROBOTS-UNKNOWN" in ids(copyright_records.warn) with input as doc(record({"robots_unknown": 3}), null, false)
}

test_outside_tdm_scope_is_silent if {
	d := doc(reserved, null, false)
	us := object.union(d, {"system": object.union(d.system, {"deployment": {"regions": ["US"]}})})
	count(copyright_records.deny) == 0 with input as us
}

test_evaluation_only_dataset_is_silent if {
	d := doc(reserved, null, false)
	ds := object.union(d.datasets[0], {"used_for": ["evaluation"]})
	count(copyright_records.deny) == 0 with input as object.union(d, {"datasets": [ds]})
}

test_unknown_region_is_undetermined_not_silent if {
	d := doc(reserved, null, false)
	nowhere := object.union(d, {"system": object.union(d.system, {"deployment": {"regions": []}})})
	count(copyright_records.deny) == 0 with input as nowhere
	some u in copyright_records.undetermined with input as nowhere
	u.rule == "TDM-RECORD-RESERVED"
	u.path == "/system/deployment/regions"
}
