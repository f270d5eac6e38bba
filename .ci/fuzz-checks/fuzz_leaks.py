"""A check of .ci/fuzz (loaded with SCHEMATHESIS_HOOKS=fuzz_leaks): no response body may carry a Java
stack trace or a secret of the run (FUZZ_SECRET_FILES: files whose contents are secret, separated by ':')."""
import os
import re

import schemathesis

# A frame of the project's code, or an exception's "Name: message" line as Java prints it.
STACK_TRACE = re.compile(r"at dev\.vertxelastic|\bat [a-z][\w.$]+\([\w$]+\.java:\d+\)|[\w.$]*Exception: ")


def _secrets():
    secrets = []
    for path in filter(None, os.environ.get("FUZZ_SECRET_FILES", "").split(":")):
        with open(path, encoding="utf-8") as f:
            value = f.read().strip()
        if len(value) >= 8:
            secrets.append((os.path.basename(path), value))
    return secrets


SECRETS = _secrets()


@schemathesis.check
def no_stack_trace_or_secret(ctx, response, case):
    """A body never holds a stack trace, the JWT secret or the instructor password."""
    body = response.text or ""
    found = STACK_TRACE.search(body)
    if found:
        raise AssertionError(f"the body holds a stack trace ({found.group(0)!r})")
    for name, value in SECRETS:
        if value in body:
            # Named, never printed: the log must not leak it either.
            raise AssertionError(f"the body holds the run's secret from {name}")
