// Command fakeserver runs labwire's four in-memory vendor fakes as one standalone process,
// for testing an integration written in another language against them:
//
//	go run ./examples/fakeserver
//
// Each vendor listens on its own loopback port (-whoop, -workpath, -ovation, -rupa;
// 127.0.0.1:8701 to 127.0.0.1:8704 by default). The WHOOP fake serves under /developer, as
// WHOOP's host does, so code written for https://api.prod.whoop.com/developer runs with
// only the host changed (the JavaScript of WHOOP's "Complete a Service Request" tutorial
// does). Demo data is seeded; on start the server prints each base URL, the demo
// credentials (test values, not secrets) and the seeded ids, then serves until SIGINT or
// SIGTERM and shuts down cleanly.
//
// -whoop-webhook-url makes the WHOOP fake deliver lab_requisition.created, signed with the
// demo webhook secret, to that URL after each add-test-data call. Workpath and Ovation
// deliver webhooks to the subscriptions created through their APIs.
//
// Everything is synthetic and held in memory; nothing is persisted.
package main

import (
	"context"
	"flag"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	log.SetFlags(0)
	var cfg config
	flag.StringVar(&cfg.whoop, "whoop", "127.0.0.1:8701", "listen address of the WHOOP fake")
	flag.StringVar(&cfg.workpath, "workpath", "127.0.0.1:8702", "listen address of the Workpath fake")
	flag.StringVar(&cfg.ovation, "ovation", "127.0.0.1:8703", "listen address of the Ovation fake")
	flag.StringVar(&cfg.rupa, "rupa", "127.0.0.1:8704", "listen address of the Rupa fake")
	flag.StringVar(&cfg.whoopWebhookURL, "whoop-webhook-url", "", "where the WHOOP fake delivers lab_requisition.created after add-test-data")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		log.Fatal("fakeserver: ", err)
	}
}

// run starts the fakes, prints what a client needs, serves until ctx ends, and shuts down.
func run(ctx context.Context, cfg config, out io.Writer) error {
	f, err := start(ctx, cfg)
	if err != nil {
		return err
	}
	f.print(out)
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err = f.close(shutdown)
	if err == nil {
		io.WriteString(out, "fakeserver: stopped\n")
	}
	return err
}
