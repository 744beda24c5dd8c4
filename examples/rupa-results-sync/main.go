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
// Online, RUPA_PRACTITIONERS is required; a configuration it cannot run with prints what to
// set (the usage) and exits 2.
//
// It prints ids, types and counts only, never patient data.
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
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

// usage is what -h prints, and what a configuration error prints before the program exits 2.
const usage = `usage: go run ./examples/rupa-results-sync [flags]

With no environment it runs offline: a scripted day of Rupa's deliveries to its receiver.
With RUPA_WEBHOOK_SECRET set it serves Rupa's deliveries on -addr until stopped and reads:
  RUPA_WEBHOOK_SECRET  the secret Rupa signs its webhooks with
  RUPA_WEBHOOK_HEADER  the header carrying the hex HMAC-SHA256 of the body (default
                       Rupa-Signature; Rupa's scheme is not public)
  RUPA_PRACTITIONERS   your practitioners and their clinics, "pra_1=cli_A,pra_2=cli_A" (required)
`

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:8789", "online: where to listen for Rupa's webhooks")
	flag.Usage = func() {
		fmt.Fprint(flag.CommandLine.Output(), usage, "\nFlags:\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Getenv, os.Stdout, *addr); err != nil {
		stop()
		os.Exit(exitStatus(os.Stderr, err))
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

// configError is an incomplete or refused configuration: the program prints the usage and
// exits 2.
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

// exitStatus reports err on w and returns the exit status: 2, after the usage, when the
// configuration is the problem; 1 otherwise.
func exitStatus(w io.Writer, err error) int {
	fmt.Fprintln(w, "rupa-results-sync:", err)
	var ce *configError
	if errors.As(err, &ce) {
		fmt.Fprint(w, "\n", usage, "\nRun with -h for the flags.\n")
		return 2
	}
	return 1
}

// printSummary prints what the store holds and what happened, the results in aligned
// columns.
func printSummary(out io.Writer, clinics practitioners, s *store) {
	var st stats
	s.count(func(x *stats) { st = *x })
	fmt.Fprintf(out, "\nsummary: %s in %s\n", plural(clinics.count(), "practitioner"), plural(len(clinics), "clinic"))
	fmt.Fprintf(out, "  events processed: %d (other types: %d, unmatched clinic: %d, dead letters: %d)\n",
		st.events, st.otherTypes, st.unmatched, st.deadLetters)
	fmt.Fprintf(out, "  results: %d new, %d changed, %d unchanged, %d stale ignored, %s pending\n",
		st.applied, st.changed, st.unchanged, st.stale, plural(st.pending, "test"))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	for _, r := range s.rows() {
		var files []string
		if r.res.pdf != "" && r.res.pdf != "null" {
			files = append(files, "pdf")
		}
		if r.res.hl7 != "" && r.res.hl7 != "null" {
			files = append(files, "hl7")
		}
		fmt.Fprintf(tw, "  %s\t%s\torder %s\tv%d\tfrom %s\t%s\n", r.key.practitioner, r.key.orderedTest, r.res.order, r.res.version, r.res.eventID, strings.Join(files, " "))
	}
	_ = tw.Flush()
}

// plural is "1 clinic", "2 clinics".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
