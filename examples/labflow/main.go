// Command labflow runs lab orders end to end across labwire's four vendors, offline, each
// vendor's client talking over loopback HTTP to that vendor's in-memory fake and every
// webhook signed by the fake and verified by the lab's receiver:
//
//	go run ./examples/labflow
//	go run ./examples/labflow -orders 200 -faults
//
// One order: WHOOP sends lab_requisition.created; the lab fetches the requisition and
// confirms each service request; books a home draw with a Workpath intake, whose
// appointment webhooks (create, then modify as the specialist moves it) reach Complete;
// marks the service requests attended; creates the requisition with its two samples in the
// Ovation LIMS; on report_ready_for_generation PUTs the report content; on report_signed
// submits partial, then full results to WHOOP, up to FULL_RESULTS_READY. Beside it, a
// practitioner platform connected to Rupa (authorization code exchanged for the
// practitioner's token) creates an order intent for a second patient and syncs the
// order.new_result events Rupa sends for it, matched by clinic, each result once.
//
// The progress display is a timeline of steps with their durations, redrawn in place when
// stdout is a terminal and printed as plain lines otherwise; with several orders, plain
// output counts the orders and steps done at every tenth of the orders and at least once a
// second. The summary gives per vendor the HTTP attempts (counted by a WithMiddleware
// option), the retries (counted from the client's WithLogger records), the failed calls
// (those expected under -faults labelled so), the webhooks received, the duplicates
// dropped and the events processed, and the time and rate of the run.
//
// -faults turns on the fakes' scripted faults: 429 with Retry-After, 500 and 503, dropped
// connections before and after the handler, and every webhook delivered twice. The run
// still ends with every order complete and no result submitted twice: reads are retried
// by the clients, writes whose outcome is unknown are settled by reading back, and the
// receivers drop duplicates.
//
// labflow plays the vendors' side too (WHOOP creating orders, Workpath's specialist, the
// LIMS finishing its workflow, Rupa sending results), so it runs against the fakes only.
// examples/fakeserver serves the same fakes as a standalone process; the per-vendor
// examples (examples/whoop-lab-order, ...) run against a real server when their
// <VENDOR>_BASE_URL and credentials are set. The program prints ids, codes and statuses
// only, never patient data.
//
// Where the vendors leave a retry unsafe, labflow says so instead of guessing: WHOOP has
// no idempotency key and no route to read reports back, so a results POST whose outcome
// is unknown stops the order with an error asking to check with WHOOP (the faults labflow
// scripts on that route are 429s, which the client retries safely). A status PATCH whose
// outcome is unknown is settled by reading the service request back.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	log.SetFlags(0)
	cfg := defaultConfig(os.Stdout)
	flag.IntVar(&cfg.orders, "orders", 1, "number of orders to run concurrently")
	flag.BoolVar(&cfg.faults, "faults", false, "script the fakes' faults: 429s with Retry-After, 5xx, dropped connections, duplicate webhooks")
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
	flag.Parse()
	if cfg.orders < 1 {
		fmt.Fprintln(flag.CommandLine.Output(), "labflow: -orders must be at least 1")
		flag.Usage()
		os.Exit(2)
	}
	cfg.tty = isTerminal(os.Stdout)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	if err := run(ctx, cfg); err != nil {
		log.Fatal("labflow: ", err)
	}
}

// run is the command: start everything, run the orders, print the summary.
func run(ctx context.Context, cfg config) error {
	w, err := newWorld(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(cfg.out, "labflow: %s, faults %s; the four vendors' fakes and the lab's receiver on loopback\n", plural(cfg.orders, "order"), onOff(cfg.faults))
	res := w.run(ctx)
	checked, wrong := w.checkSubmissions() // before close: it reads the WHOOP fake
	if err := w.close(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	w.summary(cfg.out, res)
	fmt.Fprintf(cfg.out, "WHOOP fake: %d service requests, %d with exactly one partial and one final report at FULL_RESULTS_READY\n", checked, checked-len(wrong))
	for _, s := range wrong {
		fmt.Fprintln(cfg.out, "wrong:", s)
	}
	if res.failed > 0 || len(wrong) > 0 {
		return errIncomplete
	}
	return nil
}
