// Command workpath-housecall books an in-home blood draw with Workpath, end to end: get a
// token with the client-credentials grant, create an intake for a synthetic patient, upload
// a requisition PDF to it (streamed), wait until the intake becomes an appointment, receive
// the appointment's signed webhooks, list appointments and add a note.
//
// With no environment it runs offline against the in-memory fake (workpath/workpathtest):
//
//	go run ./examples/workpath-housecall
//
// With WORKPATH_BASE_URL, WORKPATH_CLIENT_ID and WORKPATH_CLIENT_SECRET (an API key and its
// password) it talks to that server; WORKPATH_ORDER_FORM and WORKPATH_SERVICE_ID name the
// order form and service to use, which differ per Workpath environment. It waits for
// webhooks only when WORKPATH_WEBHOOK_URL is set: the public URL that reaches the receiver
// this program serves on -addr; it subscribes that URL for the run and removes the
// subscription at the end. It creates a real intake, so it refuses Workpath's production
// host unless WORKPATH_ALLOW_PRODUCTION=1. A configuration it cannot run with prints what
// to set (the usage) and exits 2.
//
// It prints ids and statuses only, never patient data.
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
const usage = `usage: go run ./examples/workpath-housecall [flags]

With no environment it runs offline against the in-memory Workpath fake.
With WORKPATH_BASE_URL set it runs against that server and reads:
  WORKPATH_BASE_URL          the API base URL, e.g. a Workpath sandbox's
  WORKPATH_CLIENT_ID         your API key (required)
  WORKPATH_CLIENT_SECRET     its password (required)
  WORKPATH_ORDER_FORM        the id of the order form to create the intake on (required)
  WORKPATH_SERVICE_ID        the id of the service to order (required)
  WORKPATH_WEBHOOK_URL       the public URL that reaches -addr; set, it subscribes it for
                             the run and waits for the appointment's webhooks
  WORKPATH_ALLOW_PRODUCTION  1 to run against api.workpath.co (it creates a real intake)
`

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:8789", "where to serve the webhook receiver (online, with WORKPATH_WEBHOOK_URL)")
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
	if os.Getenv("WORKPATH_BASE_URL") == "" {
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
	fmt.Fprintln(w, "workpath-housecall:", err)
	var ce *configError
	if errors.As(err, &ce) {
		fmt.Fprint(w, "\n", usage, "\nRun with -h for the flags.\n")
		return 2
	}
	return 1
}
