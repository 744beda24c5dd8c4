package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// progress records each order's timeline of steps and shows it: redrawn in place on a
// terminal, as plain lines otherwise. With one order it shows that order's steps; with
// several, one line per step with how many orders passed it and how long it took them.
type progress struct {
	w      io.Writer
	tty    bool
	orders int
	start  time.Time

	mu      sync.Mutex
	keys    []string          // step keys in first-seen order
	titles  map[string]string // key -> "vendor  title"
	byKey   map[string]*stepAgg
	single  []*stepRun // the steps of order 0, when orders == 1
	done    int        // orders finished
	failed  int
	drawn   int // lines drawn last time (tty)
	nextPct int // plain mode with several orders: next percentage to report
}

// stepRun is one step of one order.
type stepRun struct {
	key, vendor, title, detail string
	start                      time.Time
	dur                        time.Duration
	finished                   bool
}

// stepAgg is one step over all orders.
type stepAgg struct {
	n, running int
	total, max time.Duration
}

// isTerminal reports whether f is a character device (a terminal), without new
// dependencies.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func newProgress(w io.Writer, tty bool, orders int) *progress {
	return &progress{w: w, tty: tty, orders: orders, start: time.Now(),
		titles: map[string]string{}, byKey: map[string]*stepAgg{}, nextPct: 10}
}

// begin starts step key of order i; call the returned function with a detail (ids, counts;
// never patient data) when it ends.
func (p *progress) begin(i int, vendor, key, title string) func(detail string) {
	r := &stepRun{key: key, vendor: vendor, title: title, start: time.Now()}
	p.mu.Lock()
	if _, ok := p.byKey[key]; !ok {
		p.keys = append(p.keys, key)
		p.titles[key] = fmt.Sprintf("%-8s %s", vendor, title)
		p.byKey[key] = &stepAgg{}
	}
	p.byKey[key].running++
	if p.orders == 1 {
		p.single = append(p.single, r)
	}
	p.mu.Unlock()
	return func(detail string) {
		p.mu.Lock()
		defer p.mu.Unlock()
		r.dur, r.detail, r.finished = time.Since(r.start), detail, true
		a := p.byKey[key]
		a.running--
		a.n++
		a.total += r.dur
		a.max = max(a.max, r.dur)
		if !p.tty && p.orders == 1 {
			fmt.Fprintf(p.w, "%8s  %-8s %s: %s (%s)\n", since(p.start, r.start.Add(r.dur)), vendor, title, detail, round(r.dur))
		}
	}
}

// orderDone records the end of one order.
func (p *progress) orderDone(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if err != nil {
		p.failed++
	}
	if !p.tty && p.orders > 1 {
		for p.done*100 >= p.nextPct*p.orders && p.nextPct <= 100 {
			fmt.Fprintf(p.w, "%8s  %d/%d orders done (%d failed)\n", since(p.start, time.Now()), p.done, p.orders, p.failed)
			p.nextPct += 10
		}
	}
}

// run redraws the display every tick until stop is closed, then draws it a last time.
// It does nothing but wait in plain mode.
func (p *progress) run(stop <-chan struct{}, tick time.Duration) {
	if !p.tty {
		<-stop
		return
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p.draw()
		case <-stop:
			p.draw()
			return
		}
	}
}

// draw rewrites the block drawn last time (terminal mode).
func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	if p.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", p.drawn) // back to the first line of the block
	}
	lines := p.lines(time.Now())
	for _, l := range lines {
		b.WriteString("\x1b[2K") // clear the line
		b.WriteString(l)
		b.WriteByte('\n')
	}
	p.drawn = len(lines)
	io.WriteString(p.w, b.String())
}

func (p *progress) lines(now time.Time) []string {
	var out []string
	if p.orders == 1 {
		for _, r := range p.single {
			if r.finished {
				out = append(out, fmt.Sprintf(" ✓ %8s  %-8s %s: %s (%s)", since(p.start, r.start), r.vendor, r.title, r.detail, round(r.dur)))
			} else {
				out = append(out, fmt.Sprintf(" … %8s  %-8s %s (%s so far)", since(p.start, r.start), r.vendor, r.title, round(now.Sub(r.start))))
			}
		}
		return out
	}
	out = append(out, fmt.Sprintf("orders %d/%d done (%d failed), %s", p.done, p.orders, p.failed, since(p.start, now)))
	for _, k := range p.keys {
		out = append(out, p.aggLine(k))
	}
	return out
}

func (p *progress) aggLine(k string) string {
	a := p.byKey[k]
	mean := time.Duration(0)
	if a.n > 0 {
		mean = a.total / time.Duration(a.n)
	}
	return fmt.Sprintf("  %4d/%-4d %-60s mean %8s  max %8s", a.n, p.orders, p.titles[k], round(mean), round(a.max))
}

// table is the per-step summary printed at the end of a run of several orders.
func (p *progress) table() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, 0, len(p.keys))
	for _, k := range p.keys {
		out = append(out, p.aggLine(k))
	}
	return out
}

// stepCounts returns how many orders finished each step, by key.
func (p *progress) stepCounts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := make(map[string]int, len(p.byKey))
	for k, a := range p.byKey {
		m[k] = a.n
	}
	return m
}

// stepKeys returns the step keys in first-seen order.
func (p *progress) stepKeys() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.keys)
}

func since(start, t time.Time) string { return "+" + round(t.Sub(start)).String() }

// round keeps durations readable: microseconds below a millisecond, milliseconds below a
// second, then hundredths of a second.
func round(d time.Duration) time.Duration {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond)
	case d < time.Second:
		return d.Round(100 * time.Microsecond)
	default:
		return d.Round(10 * time.Millisecond)
	}
}

// restart sets the start of the timeline to now (after setup) and returns it.
func (p *progress) restart() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.start = time.Now()
	return p.start
}
