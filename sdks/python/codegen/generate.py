#!/usr/bin/env python3
"""Regenerates everything in the Python SDK that comes from the OpenAPI document.

  1. wecom_fleet/_generated/   openapi-python-client (openapi-python-client.yaml, the custom
                               template in codegen/templates/), formatted by its post hooks (ruff)
  2. wecom_fleet/resources.py, _events.py, _version.py   codegen/resources.py, formatted by ruff

Run it with the Python of a venv holding codegen/requirements.txt (scripts/generate-sdks.sh
python does): the generator and ruff are taken from that venv. The document is --document, or
FLEET_OPENAPI_DOCUMENT, or the repository's openapi/openapi.json. Any warning a generator
prints fails the run (exit 1) unless --allow-warnings is given. Output is byte-identical from
run to run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent  # sdks/python
PACKAGE = ROOT / "wecom_fleet"
GENERATED = PACKAGE / "_generated"
WRITTEN = ["resources.py", "_events.py", "_version.py"]
WARNING = re.compile(r"warn|deprecat|error", re.IGNORECASE)
RUFF = ["--isolated", "--no-cache", "--target-version", "py311", "--quiet"]


def run(label: str, args: List[str], cwd: Path, env: dict) -> List[str]:
    """Runs a step, echoes its output, fails on a non-zero exit; returns its warning lines."""
    result = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    if output.strip():
        sys.stderr.write(output if output.endswith("\n") else output + "\n")
    if result.returncode != 0:
        sys.stderr.write(f"generate: {label} failed (exit {result.returncode})\n")
        sys.exit(1)
    return [f"{label}: {line.strip()}" for line in output.splitlines() if WARNING.search(line)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_document = os.environ.get("FLEET_OPENAPI_DOCUMENT") or str(ROOT.parent.parent / "openapi" / "openapi.json")
    parser.add_argument("--document", default=default_document)
    parser.add_argument("--allow-warnings", action="store_true")
    args = parser.parse_args()
    document = Path(args.document).resolve()
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        # The post hooks (ruff) must be the venv's pinned ones.
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
        "PYTHONHASHSEED": "0",
    }
    sys.stderr.write(f"generate: from {document}\n")
    warnings: List[str] = []

    with tempfile.TemporaryDirectory(prefix="wecom-fleet-pygen-") as tmp:
        out = Path(tmp) / "_generated"
        warnings += run(
            "openapi-python-client",
            [
                str(bin_dir / "openapi-python-client"),
                "generate",
                "--path",
                str(document),
                "--meta",
                "none",
                "--config",
                str(ROOT / "openapi-python-client.yaml"),
                "--custom-template-path",
                str(ROOT / "codegen" / "templates"),
                "--output-path",
                str(out),
            ],  # fmt: skip
            cwd=Path(tmp),
            env=env,
        )
        if not (out / "client.py").is_file():
            sys.stderr.write("generate: openapi-python-client wrote no client\n")
            return 1
        shutil.rmtree(GENERATED, ignore_errors=True)
        shutil.copytree(out, GENERATED)

    warnings += run(
        "codegen/resources.py",
        [sys.executable, str(ROOT / "codegen" / "resources.py"), str(document), str(PACKAGE)],
        cwd=ROOT,
        env=env,
    )
    files = [str(PACKAGE / name) for name in WRITTEN]
    warnings += run(
        "ruff check", [str(bin_dir / "ruff"), "check", *RUFF, "--fix-only", "--select", "I", *files], ROOT, env
    )
    warnings += run("ruff format", [str(bin_dir / "ruff"), "format", *RUFF, *files], ROOT, env)

    if warnings:
        sys.stderr.write(f"generate: {len(warnings)} warning(s):\n")
        for warning in warnings:
            sys.stderr.write(f"  {warning}\n")
        if not args.allow_warnings:
            sys.stderr.write(
                "generate: failing on generator warnings (fix the document, or pass --allow-warnings to look around)\n"
            )
            return 1
    sys.stderr.write("generate: done\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
