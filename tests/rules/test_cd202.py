"""CD202 undeclared-secret: the three manifest formats, and config errors (exit 2)."""

from __future__ import annotations

import json

import pytest
from lk_testing import run

CODE = """
    import os

    from google.cloud import secretmanager

    client = secretmanager.SecretManagerServiceClient()
    DB_PASSWORD = os.environ["DB_PASSWORD"]
    COUPON = client.access_secret_version(
        name="projects/acme/secrets/STRIPE_RETENTION_COUPON/versions/latest"
    )
    OFFER = client.access_secret_version(name="projects/acme/secrets/retention-offer/versions/3")
"""
CONFIG = 'secrets-manifest = "deploy/secrets.{suffix}"\n'


def check(project, manifest: str, suffix: str = "json") -> list[str]:
    root = project(
        {
            "app/settings.py": CODE,
            f"deploy/secrets.{suffix}": manifest,
            "lintkit.toml": CONFIG.format(suffix=suffix),
        }
    )
    result = run("check", root, "--format", "json", "--select", "CD202")
    assert result.code in (0, 1), result.err
    return [f"{d['line']}:{d['column']} {d['message']}" for d in result.json["diagnostics"]]


def test_list_of_names_in_json(project) -> None:
    found = check(project, json.dumps(["DB_PASSWORD", "RETENTION_OFFER"]))
    assert found == [
        "8:10 secret 'STRIPE_RETENTION_COUPON' is not declared in the secrets manifest"
        " deploy/secrets.json"
    ]


def test_list_of_names_in_yaml(project) -> None:
    found = check(project, "- db-password\n- stripe_retention_coupon\n", suffix="yaml")
    assert [f.split(" ")[0] for f in found] == ["10:43"]  # retention-offer


def test_gcloud_secrets_list(project) -> None:
    manifest = json.dumps(
        [
            {"name": "projects/123/secrets/DB_PASSWORD", "createTime": "2024-01-02T00:00:00Z"},
            {"name": "projects/123/secrets/STRIPE_RETENTION_COUPN"},
            {"name": "projects/123/secrets/retention-offer"},
        ]
    )
    [finding] = check(project, manifest)
    assert finding.startswith("8:10 secret 'STRIPE_RETENTION_COUPON'")
    assert "did you mean 'STRIPE_RETENTION_COUPN'?" in finding


def test_aws_list_secrets(project) -> None:
    manifest = json.dumps(
        {
            "SecretList": [
                {
                    "ARN": "arn:aws:secretsmanager:us-east-1:1:secret:DB_PASSWORD-a1B2c3",
                    "Name": "DB_PASSWORD",
                },
                {"Name": "STRIPE_RETENTION_COUPON"},
                {"Name": "retention-offer"},
            ]
        }
    )
    assert check(project, manifest) == []


def test_no_manifest_configured_is_silent(project) -> None:
    root = project({"app/settings.py": CODE})
    result = run("check", root, "--format", "json", "--select", "CD202")
    assert result.code == 0 and result.json["diagnostics"] == []


@pytest.mark.parametrize(
    ("files", "error"),
    [
        pytest.param({}, "secrets-manifest 'deploy/secrets.json': no such file", id="missing"),
        pytest.param(
            {"deploy/secrets.json": '["A", '},
            "secrets-manifest 'deploy/secrets.json':2:1: did not find",
            id="not-json",
        ),
        pytest.param(
            {"deploy/secrets.json": '{"secrets": {"A": 1}}'},
            "expected a list of secret names",
            id="wrong-shape",
        ),
        pytest.param(
            {"deploy/secrets.json": "[1, 2]"}, "expected a list of secret names", id="not-names"
        ),
    ],
)
def test_bad_manifest_is_a_config_error(project, files: dict[str, str], error: str) -> None:
    root = project({"app/settings.py": CODE, "lintkit.toml": CONFIG.format(suffix="json"), **files})
    result = run("check", root, "--select", "CD202")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("lintkit: error: ") and error in result.err
    assert "Traceback" not in result.err


def test_finding_involves_the_manifest_for_pre_commit(project) -> None:
    root = project(
        {
            "app/settings.py": CODE,
            "deploy/secrets.json": '["DB_PASSWORD", "RETENTION_OFFER"]',
            "lintkit.toml": CONFIG.format(suffix="json"),
        }
    )
    # Only the manifest changed: the finding in the code still shows.
    result = run("check", root / "deploy/secrets.json", "--format", "json", "--select", "CD202")
    [d] = result.json["diagnostics"]
    assert d["path"] == "app/settings.py" and d["line"] == 8
    assert d["related"][0]["path"] == "deploy/secrets.json"
