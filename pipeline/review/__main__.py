"""``python -m pipeline.review [--port 8765] [--project .]``: the review app on 127.0.0.1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_PORT = 8765


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.review",
        description="Gjennomgang av resultatene i nettleseren (bare på denne maskinen).")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--project", type=Path, default=Path("."),
                        help="prosjektmappa (med params.yaml og data/)")
    args = parser.parse_args(argv)
    try:
        import uvicorn

        from pipeline.review.app import create_app
    except ImportError as exc:
        print(f"Mangler pakker for gjennomgangen ({exc.name}): kjør `make review` eller "
              '`pip install -e ".[review]"`.', file=sys.stderr)
        return 2
    app = create_app(args.project)
    print(f"Gjennomgangen kjører på http://127.0.0.1:{args.port}/ (Ctrl+C avslutter)",
          flush=True)
    # Bound to the loopback interface only: never reachable from another machine.
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
