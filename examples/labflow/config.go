package main

import (
	"io"
	"time"
)

// config is one run of labflow.
type config struct {
	// orders is how many orders run concurrently.
	orders int
	// faults turns on the fakes' scripted faults and duplicate webhook deliveries.
	faults bool
	// retryMin and retryMax bound the clients' backoff; retryMax must cover the faults'
	// Retry-After (1 s) or a 429 fails at once.
	retryMin, retryMax time.Duration
	// hookRetryMin and hookRetryMax bound the webhook handlers' in-process retries.
	hookRetryMin, hookRetryMax time.Duration
	// out receives the progress display and the summary; tty redraws it in place.
	out io.Writer
	tty bool
}

// defaultConfig is the command's configuration before flags.
func defaultConfig(out io.Writer) config {
	return config{
		orders:       1,
		retryMin:     50 * time.Millisecond,
		retryMax:     2 * time.Second,
		hookRetryMin: 20 * time.Millisecond,
		hookRetryMax: 500 * time.Millisecond,
		out:          out,
	}
}

// dedupTTL is how long the receivers remember deliveries; a run is minutes at most.
const dedupTTL = time.Hour

// maxRetries is each client's retry budget per call. Faults are scripted per order and
// per route so that a call meets at most three in a row.
const maxRetries = 4
