// Command ovation-requisitions runs a lab's requisition flow against the Ovation LIMS API:
// read the template's requisition schema, create a requisition with two samples, list and
// filter the template's requisitions across pages, and receive report_signed (after putting
// the report content when Ovation announces report_ready_for_generation).
//
// With no environment it runs offline against the in-memory fake (ovation/ovationtest):
//
//	go run ./examples/ovation-requisitions
//
// OVATION_BASE_URL, OVATION_API_KEY and OVATION_PROJECT_TEMPLATE_ID point it at a server
// (Ovation's sandbox is https://lab-services-sandbox.ovation.io/api/v3). It then creates one
// synthetic requisition and does not wait for webhooks unless OVATION_WEBHOOK_URL names a
// public URL that reaches the receiver it serves on -addr: it registers that URL for
// report_ready_for_generation and report_signed with HTTP Basic credentials of its own
// (OVATION_WEBHOOK_USERNAME and OVATION_WEBHOOK_PASSWORD, or generated) and waits until
// -timeout. Because it writes synthetic data, it refuses Ovation's production host unless
// OVATION_ALLOW_PRODUCTION=1. A configuration it cannot run with prints what to set (the
// usage) and exits 2.
//
// It prints identifiers, statuses and counts only, never patient data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// usage is what -h prints, and what a configuration error prints before the program exits 2.
const usage = `usage: go run ./examples/ovation-requisitions [flags]

With no environment it runs offline against the in-memory Ovation fake.
With OVATION_BASE_URL set it runs against that server and reads:
  OVATION_BASE_URL             the API base URL, e.g. https://lab-services-sandbox.ovation.io/api/v3
  OVATION_API_KEY              your API key (required)
  OVATION_PROJECT_TEMPLATE_ID  the project template to create the requisition in (required)
  OVATION_WEBHOOK_URL          the public URL that reaches -addr; set, it registers it for
                               report_ready_for_generation and report_signed and waits
  OVATION_WEBHOOK_USERNAME     the HTTP Basic username Ovation sends (default ovation-requisitions)
  OVATION_WEBHOOK_PASSWORD     its password (default: generated for the run)
  OVATION_ALLOW_PRODUCTION     1 to run against Ovation's production host (it writes a
                               synthetic requisition)
`

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:8789", "where to serve the webhook receiver (online, with OVATION_WEBHOOK_URL)")
	timeout := flag.Duration("timeout", 5*time.Minute, "give up after this long")
	flag.Usage = func() {
		fmt.Fprint(flag.CommandLine.Output(), usage, "\nFlags:\n")
		flag.PrintDefaults()
	}
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	var err error
	if os.Getenv("OVATION_BASE_URL") == "" {
		err = runOffline(ctx, os.Stdout)
	} else {
		err = runOnline(ctx, os.Stdout, configFromEnv(os.Getenv, *addr))
	}
	if err != nil {
		stop()
		cancel()
		os.Exit(exitStatus(os.Stderr, err))
	}
}

// exitStatus reports err on w and returns the exit status: 2, after the usage, when the
// configuration is the problem; 1 otherwise.
func exitStatus(w io.Writer, err error) int {
	fmt.Fprintln(w, "ovation-requisitions:", err)
	var ce *configError
	if errors.As(err, &ce) {
		fmt.Fprint(w, "\n", usage, "\nRun with -h for the flags.\n")
		return 2
	}
	return 1
}
