"""Reports generated from the policy input documents the gate judged (issue 18)."""
