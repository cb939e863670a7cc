"""Rules about the package's own source that no behavioural test would notice being broken."""
import ast
import os

import mxtorch

SRC = os.path.dirname(mxtorch.__file__)


def _sources():
    for root, _, files in os.walk(SRC):
        for name in sorted(files):
            if name.endswith('.py'):
                yield os.path.join(root, name)


def test_no_assert_statements_check_anything():
    # `python -O` strips assert statements: a check written as one silently stops checking user input
    found = []
    for path in _sources():
        with open(path, encoding='utf-8') as f:
            tree = ast.parse(f.read(), path)
        found += ['{}:{}'.format(os.path.relpath(path, SRC), node.lineno)
                  for node in ast.walk(tree) if isinstance(node, ast.Assert)]
    assert found == []


def test_package_sources_were_found():
    # the rule above means nothing if the walk finds no files
    assert sum(1 for _ in _sources()) > 100
