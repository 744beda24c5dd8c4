// Command rupa-results-sync is Rupa's "Results Syncing" guide done in Go: a practitioner
// platform receives Rupa's order.new_result events, matches each order to its own
// practitioners by clinic id, and stores every result exactly once, even when Rupa delivers
// an event twice, out of order, or again because a result changed. It prints what it did and
// a summary.
//
// With no environment it runs offline: it starts its receiver on a loopback port and plays a
// scripted day of Rupa deliveries against it with rupa/rupatest's event builder and signing
// sender:
//
//	go run ./examples/rupa-results-sync
//
// With RUPA_WEBHOOK_SECRET set it listens on -addr for Rupa's real deliveries until
// interrupted, then prints the summary. Rupa's signature scheme is not public: the receiver
// checks a hex HMAC-SHA256 of the raw body in the header RUPA_WEBHOOK_HEADER (default
// Rupa-Signature), a guess to adjust to what Rupa tells you (or replace the verifier).
// RUPA_PRACTITIONERS lists your practitioners and their clinics as
// "pra_1=cli_A,pra_2=cli_A" (the practitioner endpoint that gives a clinic id is not public).
//
// It prints ids, types and counts only, never patient data.
package main

import (
	"context"
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
	addr := flag.String("addr", "127.0.0.1:8789", "online: where to listen for Rupa's webhooks")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Getenv, os.Stdout, *addr); err != nil {
		log.Fatal("rupa-results-sync: ", err)
	}
}

// run chooses the mode from the environment.
func run(ctx context.Context, getenv func(string) string, out io.Writer, addr string) error {
	if getenv("RUPA_WEBHOOK_SECRET") == "" {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		return runOffline(ctx, out)
	}
	return runOnline(ctx, getenv, out, addr)
}

// printSummary prints what the store holds and what happened.
func printSummary(out io.Writer, clinics practitioners, s *store) {
	var st stats
	s.count(func(x *stats) { st = *x })
	fmt.Fprintf(out, "\nsummary: %d practitioners in %d clinics\n", clinics.count(), len(clinics))
	fmt.Fprintf(out, "  events processed: %d (other types: %d, unmatched clinic: %d)\n", st.events, st.otherTypes, st.unmatched)
	fmt.Fprintf(out, "  results: %d new, %d changed, %d unchanged, %d stale ignored, %d tests pending\n",
		st.applied, st.changed, st.unchanged, st.stale, st.pending)
	for _, r := range s.rows() {
		files := ""
		if r.res.pdf != "" && r.res.pdf != "null" {
			files += " pdf"
		}
		if r.res.hl7 != "" && r.res.hl7 != "null" {
			files += " hl7"
		}
		fmt.Fprintf(out, "  %s %s order %s v%d from %s:%s\n", r.key.practitioner, r.key.orderedTest, r.res.order, r.res.version, r.res.eventID, files)
	}
}
