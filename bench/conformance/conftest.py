# dbt-trino beside tform on the same sandbox: dbt's adapter test fixtures with a trino target pointing at the
# running REST sandbox (TFORM_BENCH_TRINO_PORT, default 8090 as the test setup starts it).
import os

import pytest

pytest_plugins = ["dbt.tests.fixtures.project"]


@pytest.fixture(scope="class")
def dbt_profile_target():
    return {
        "type": "trino",
        "method": "none",
        "threads": 4,
        "host": "127.0.0.1",
        "port": int(os.environ.get("TFORM_BENCH_TRINO_PORT", "8090")),
        "user": "tform",
        "catalog": os.environ.get("TFORM_BENCH_CATALOG", "iceberg"),
        "schema": "default",
        "http_scheme": "http",
    }
