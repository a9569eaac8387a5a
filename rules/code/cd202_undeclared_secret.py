from collections.abc import Iterator
from pathlib import PurePosixPath

from lintkit.code.manifest import Manifest, load_manifest, normalize
from lintkit.code.model import SecretRead
from lintkit.code.options import SECRET_NAMES, SECRET_READERS, SECRETS_MANIFEST
from lintkit.core.reading import NotRead
from lintkit.core.suggest import similar
from lintkit.core.types import Diagnostic, Location, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.project.outline import FileOutline
from lintkit.project.secret_reads import project_reads
from lintkit.project.view import Project

_READER = """
import os

from app.secrets import get_secret

STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]
RETENTION_COUPON = get_secret("stripe-retention-coupon")
"""


class UndeclaredSecret(Rule):
    """
    ## What it does
    Compares the secrets the code reads (the names CD201 knows: from
    `os.environ`, `os.getenv`, `get_secret(...)`, a secret manager's
    `projects/P/secrets/NAME` path...) with the secrets manifest named by
    `secrets-manifest`, and reports every name the manifest does not declare.
    Names match exactly or after ignoring case and `-`/`_`, so
    `stripe-api-key` in the manager declares `STRIPE_API_KEY` in the code.

    The manifest is a JSON or YAML list of names, or the JSON that
    `gcloud secrets list --format=json` or `aws secretsmanager list-secrets`
    prints. Without `secrets-manifest` the rule is silent; a manifest that is
    missing or unreadable, or a path outside the project root, is a config error
    (exit code 2); a symlink leading out of the root or a file that is not a
    regular file (a FIFO, a device) is not read, with a warning.

    ## Why is this bad?
    Five `*_RETENTION_*` secrets the retention flow read did not exist in the
    secret manager. The code fell back to defaults and logged failures on
    every cold start, and the flow ran misconfigured. A secret the code needs
    and the deployment does not have is a failure waiting for production.

    ## How to fix
    Create the secret in the secret manager and regenerate the manifest, or
    correct the name in the code (the message suggests a close declared name).
    """

    code = "CD202"
    aliases = ("PY202",)  # its code before it read more than Python
    name = "undeclared-secret"
    summary = "code reads a secret the manifest does not declare"
    scope = Scope.PROJECT
    reads_code = True
    project_reads = "compares every module's secret reads with the manifest"
    severity = Severity.ERROR
    options = (SECRETS_MANIFEST, SECRET_NAMES, SECRET_READERS)
    examples = (
        bad(
            _READER,
            path="app/billing.py",
            files={"deploy/secrets.json": '["STRIPE_API_KEY"]'},
            config='secrets-manifest = "deploy/secrets.json"',
            expect=["6:31 'stripe-retention-coupon' is not declared"],
            title="A list of names: the retention coupon was never created",
        ),
        bad(
            _READER,
            path="app/billing.py",
            files={
                "deploy/secrets.json": """
                [
                  {"name": "projects/acme/secrets/stripe-api-key", "createTime": "2024-05-01"},
                  {"name": "projects/acme/secrets/stripe-retention-cupon"}
                ]
                """
            },
            config='secrets-manifest = "deploy/secrets.json"',
            expect=["6:31 did you mean 'stripe-retention-cupon'?"],
            title="`gcloud secrets list --format=json`: a typo in the secret's name",
        ),
        good(
            _READER,
            path="app/billing.py",
            files={
                "deploy/secrets.json": """
                {"SecretList": [{"Name": "STRIPE_API_KEY"}, {"Name": "stripe-retention-coupon"}]}
                """
            },
            config='secrets-manifest = "deploy/secrets.json"',
            title="`aws secretsmanager list-secrets` declares both",
        ),
        bad(
            """
            export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
            const coupon = process.env.STRIPE_RETENTION_COUPON_SECRET;
            """,
            path="apps/web/lib/stripe.ts",
            files={"deploy/secrets.json": '["STRIPE_SECRET_KEY"]'},
            config='secrets-manifest = "deploy/secrets.json"',
            expect=["2:28 'STRIPE_RETENTION_COUPON_SECRET' is not declared"],
            title="TypeScript: a `process.env` secret the manifest lacks",
        ),
        bad(
            """
            package billing

            import "os"

            func retentionCoupon() string {
                return os.Getenv("TOBY_RETENTION_COUPON_SECRET")
            }
            """,
            path="apps/api/billing/coupon.go",
            files={"deploy/secrets.json": '[{"name": "projects/acme/secrets/STRIPE_API_KEY"}]'},
            config='secrets-manifest = "deploy/secrets.json"',
            expect=["6:22 'TOBY_RETENTION_COUPON_SECRET' is not declared"],
            title="In Go: `gcloud secrets list --filter=name~TOBY_RETENTION` returned `[]`",
        ),
        good(
            """
            package billing

            import "os"

            func retentionCoupon() string {
                return os.Getenv("TOBY_RETENTION_COUPON_SECRET")
            }
            """,
            path="apps/api/billing/coupon.go",
            files={"deploy/secrets.json": '["TOBY_RETENTION_COUPON_SECRET"]'},
            config='secrets-manifest = "deploy/secrets.json"',
            title="In Go: the secret exists",
        ),
    )

    def involves_others(self, outline: FileOutline) -> bool:
        """Code reads other code; a workflow only through its handlers."""
        return outline.module is not None or any(
            s.handler for w in outline.workflows for s in w.steps
        )

    def check_project(self, project: Project) -> Iterator[Diagnostic]:
        relative = self.option("secrets-manifest")
        if not relative:
            return
        try:
            manifest = load_manifest(project.root, str(relative))
        except NotRead as refused:
            where = Location.file_start(str(relative))
            yield self.diagnostic(where, f"secrets manifest: {refused}", severity=Severity.WARNING)
            return
        # A finding involves its module and the manifest: with changed files, only
        # theirs are read, unless the manifest changed.
        everything = project.asks(PurePosixPath(manifest.path).as_posix())
        for path, read in project_reads(project, every=everything):
            for name in read.names:
                if not manifest.declares(name):
                    yield self._report(path, read, name, manifest)

    def _report(self, path: str, read: SecretRead, name: str, manifest: Manifest) -> Diagnostic:
        location = read.name_location or read.location
        suggestion = _closest(name, manifest)
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        return self.diagnostic(
            location,
            f"secret '{name}' is not declared in the secrets manifest {manifest.path}{hint}",
            related=[
                Related(Location.file_start(manifest.path), "the manifest that lacks it"),
            ],
            help="create the secret and regenerate the manifest, or fix the name in the code",
            involves=[path, manifest.path],
        )


def _closest(name: str, manifest: Manifest) -> str | None:
    close = similar(name, manifest.names, cutoff=0.75, key=normalize)
    return close[0] if close else None
