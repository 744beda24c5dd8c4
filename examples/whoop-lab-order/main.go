// Command whoop-lab-order runs WHOOP's "Complete a Service Request" tutorial as a program:
// receive lab_requisition.created, fetch the requisition, confirm each service request, mark
// it attended, submit partial and then full results, and report each step.
//
// With no environment it runs offline against the in-memory fake (whoop/whooptest):
//
//	go run ./examples/whoop-lab-order
//
// With WHOOP_BASE_URL, WHOOP_CLIENT_ID and WHOOP_CLIENT_SECRET set it talks to that server.
// Set WHOOP_REQUISITION_ID to process one requisition at once; otherwise it listens for
// lab_requisition.created on -addr (WHOOP_WEBHOOK_SECRET is then required) and, with
// -add-test-data, asks a non-production server to create one. Because it submits synthetic
// results, it refuses WHOOP's production host unless WHOOP_ALLOW_PRODUCTION=1. A
// configuration it cannot run with prints what to set (the usage) and exits 2.
//
// It prints ids, codes and statuses only, never patient data.
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
const usage = `usage: go run ./examples/whoop-lab-order [flags]

With no environment it runs offline against the in-memory WHOOP fake.
With WHOOP_BASE_URL set it runs against that server and reads:
  WHOOP_BASE_URL          the API base URL, e.g. https://api.prod.whoop.com/developer
  WHOOP_CLIENT_ID         your partner client id (required)
  WHOOP_CLIENT_SECRET     your partner client secret (required)
  WHOOP_REQUISITION_ID    a requisition to process at once; without it the program waits on
                          -addr for lab_requisition.created
  WHOOP_WEBHOOK_SECRET    your partner signing secret (required without WHOOP_REQUISITION_ID)
  WHOOP_ALLOW_PRODUCTION  1 to run against WHOOP's production host (it submits synthetic results)
`

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:8788", "where to listen for WHOOP webhooks (online mode without WHOOP_REQUISITION_ID)")
	addTestData := flag.Bool("add-test-data", false, "online: ask the server to create a test requisition (non-production only)")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
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
	if os.Getenv("WHOOP_BASE_URL") == "" {
		err = runOffline(ctx, os.Stdout)
	} else {
		err = runOnline(ctx, os.Stdout, onlineConfig{
			baseURL:       os.Getenv("WHOOP_BASE_URL"),
			clientID:      os.Getenv("WHOOP_CLIENT_ID"),
			clientSecret:  os.Getenv("WHOOP_CLIENT_SECRET"),
			requisitionID: os.Getenv("WHOOP_REQUISITION_ID"),
			webhookSecret: os.Getenv("WHOOP_WEBHOOK_SECRET"),
			allowProd:     os.Getenv("WHOOP_ALLOW_PRODUCTION") == "1",
			addr:          *addr,
			addTestData:   *addTestData,
		})
	}
	if err != nil {
		stop()
		cancel()
		os.Exit(exitStatus(os.Stderr, err))
	}
}

// configError is an incomplete or refused configuration: the program prints the usage and
// exits 2.
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

// exitStatus reports err on w and returns the exit status: 2, after the usage, when the
// configuration is the problem; 1 otherwise.
func exitStatus(w io.Writer, err error) int {
	fmt.Fprintln(w, "whoop-lab-order:", err)
	var ce *configError
	if errors.As(err, &ce) {
		fmt.Fprint(w, "\n", usage, "\nRun with -h for the flags.\n")
		return 2
	}
	return 1
}

// step prints one line of progress.
func step(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, format+"\n", args...)
}

// shortID shows a UUID as its first eight hex digits and an ellipsis, as every example
// prints ids; any other id is shown whole. Error messages keep the whole id.
func shortID(id string) string {
	if len(id) == 36 && id[8] == '-' && id[13] == '-' && id[18] == '-' && id[23] == '-' {
		return id[:8] + "…"
	}
	return id
}

// plural is "1 observation", "2 observations".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

var errNoEvent = errors.New("no lab_requisition.created arrived before the deadline")
