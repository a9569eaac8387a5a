"""Generated Go files for the benchmark: ~120-line service files of the kind
lintkit reads in a Go backend (receivers, closures, guards, err != nil paths,
slog and PostHog calls, env reads with fallbacks, a struct with envconfig tags).

    python bench/go_files.py DIR [--files 1000]
"""

from __future__ import annotations

import argparse
from pathlib import Path

GO = """package {area}

import (
\t"context"
\t"fmt"
\t"log/slog"
\t"os"

\t"github.com/posthog/posthog-go"
)

const event{n} = "{area}_offer_{n}"

type Config{n} struct {{
\tAPIToken string `envconfig:"{AREA}_API_TOKEN_{n}" default:"dev-token"`
\tTimeout  int    `envconfig:"{AREA}_TIMEOUT_{n}" default:"30"`
}}

type Service{n} struct {{
\tclient posthog.Client
\tstore  Store
\tlog    *slog.Logger
}}

func (s *Service{n}) GetOffer(ctx context.Context, teamID string) (*Offer, error) {{
\tresult, err := s.store.CheckEligibility(ctx, teamID)
\tif err != nil {{
\t\ts.log.Error("eligibility failed", "team_id", teamID, "error", err)
\t\treturn nil, err
\t}}
\tif !result.Eligible {{
\t\treturn nil, nil
\t}}
\ts.client.Enqueue(posthog.Capture{{DistinctId: teamID, Event: event{n}}})
\treturn &Offer{{TeamID: teamID, Seats: {seats}}}, nil
}}

func (s *Service{n}) Expire(ctx context.Context, offers []*Offer) int {{
\texpired := 0
\tfor _, offer := range offers {{
\t\tswitch {{
\t\tcase offer.Days > {days}:
\t\t\texpired++
\t\tcase offer.Seats == 0:
\t\t\tcontinue
\t\tdefault:
\t\t\ts.log.Debug("kept", "team_id", offer.TeamID)
\t\t}}
\t}}
\treturn expired
}}

func (s *Service{n}) Backfill(ctx context.Context, ids []string) error {{
\tfor i := 0; i < len(ids); i += 100 {{
\t\tend := min(i+100, len(ids))
\t\tif err := s.store.Save(ctx, ids[i:end]); err != nil {{
\t\t\treturn fmt.Errorf("backfill %d: %w", i, err)
\t\t}}
\t}}
\treturn nil
}}

func (s *Service{n}) Summarize(rows []map[string]int) map[string]int {{
\ttotals := map[string]int{{}}
\tfor _, row := range rows {{
\t\tfor key, value := range row {{
\t\t\ttotals[key] += value
\t\t}}
\t}}
\treturn totals
}}

func (s *Service{n}) Workers(ctx context.Context, jobs <-chan string) {{
\tdone := make(chan struct{{}})
\tgo func() {{
\t\tdefer close(done)
\t\tfor job := range jobs {{
\t\t\tselect {{
\t\t\tcase <-ctx.Done():
\t\t\t\treturn
\t\t\tdefault:
\t\t\t\ts.log.Info("job", "id", job)
\t\t\t}}
\t\t}}
\t}}()
\t<-done
}}

func webhookSecret{n}() string {{
\tsecret := os.Getenv("{AREA}_WEBHOOK_SECRET_{n}")
\tif secret == "" {{
\t\tslog.Warn("webhook secret missing; webhooks rejected")
\t}}
\treturn secret
}}

func region{n}() string {{
\tif v, ok := os.LookupEnv("{AREA}_REGION_{n}"); ok {{
\t\treturn v
\t}}
\treturn "eu-west-1"
}}
"""

AREAS = ["retention", "billing", "onboarding", "referral", "winback", "trial", "upgrade"]


def generate(root: Path, files: int) -> list[Path]:
    written = []
    for n in range(files):
        area = AREAS[n % len(AREAS)]
        package = root / "api" / area
        package.mkdir(parents=True, exist_ok=True)
        text = GO.format(area=area, AREA=area.upper(), n=n, seats=5 + n % 45, days=1 + n % 30)
        path = package / f"service_{n}.go"
        path.write_text(text)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    generate(args.directory, args.files)
    print(f"generated {args.files} Go files in {args.directory / 'api'}")


if __name__ == "__main__":
    main()
