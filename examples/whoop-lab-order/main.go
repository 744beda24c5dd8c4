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
// results, it refuses WHOOP's production host unless WHOOP_ALLOW_PRODUCTION=1.
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

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:8788", "where to listen for WHOOP webhooks (online mode without WHOOP_REQUISITION_ID)")
	addTestData := flag.Bool("add-test-data", false, "online: ask the server to create a test requisition (non-production only)")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
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
		log.Fatal("whoop-lab-order: ", err)
	}
}

// step prints one line of progress.
func step(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, format+"\n", args...)
}

var errNoEvent = errors.New("no lab_requisition.created arrived before the deadline")
