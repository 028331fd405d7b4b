"""Policy quality tooling: the Rego unit-test runner and the static policy checks."""

from service.policytest.lint import Problem, check_bundle
from service.policytest.runner import TestCase, TestResult, discover, run_tests, select, summary_line

__all__ = ["Problem", "TestCase", "TestResult", "check_bundle", "discover", "run_tests", "select", "summary_line"]
