package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// progress records each order's timeline of steps and shows it: redrawn in place on a
// terminal, as plain lines otherwise. With one order it shows that order's steps; with
// several, one line per step with how many orders passed it and how long it took them
// (terminal), or a count of the orders and steps done at every tenth of the orders and at
// least once a second (plain lines).
type progress struct {
	w      io.Writer
	tty    bool
	orders int
	start  time.Time

	mu       sync.Mutex
	keys     []string          // step keys in first-seen order
	titles   map[string]string // key -> "vendor  title"
	byKey    map[string]*stepAgg
	single   []*stepRun // the steps of order 0, when orders == 1
	done     int        // orders finished
	failed   int
	drawn    int       // lines drawn last time (tty)
	nextPct  int       // plain mode with several orders: next percentage to report
	lastLine time.Time // plain mode with several orders: when the last count was printed
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
	now := time.Now()
	return &progress{w: w, tty: tty, orders: orders, start: now, lastLine: now,
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
			fmt.Fprintf(p.w, "%8s  %-8s %s: %s (%s)\n", since(p.start, r.start.Add(r.dur)), vendor, title, detail, dur(r.dur))
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
	if !p.tty && p.orders > 1 && p.done*100 >= p.nextPct*p.orders {
		for p.done*100 >= p.nextPct*p.orders && p.nextPct <= 100 {
			p.nextPct += 10
		}
		p.printCount(time.Now())
	}
}

// printCount prints the plain line of a run of several orders: the orders done and failed,
// and the steps done of all the orders' steps. Call it with p.mu held.
func (p *progress) printCount(now time.Time) {
	steps := 0
	for _, a := range p.byKey {
		steps += a.n
	}
	width := len(fmt.Sprint(p.orders))
	fmt.Fprintf(p.w, "%8s  %*d/%d orders done, %d failed; %d/%d steps\n", since(p.start, now),
		width, p.done, p.orders, p.failed, steps, p.orders*len(orderSteps))
	p.lastLine = now
}

// run shows the progress until stop is closed. On a terminal it redraws the display every
// tick, and a last time at the end. In plain mode with several orders it prints the count
// whenever a tick has passed without a line, so that a long run shows progress from its
// first tick on; with one order the steps print themselves as they end.
func (p *progress) run(stop <-chan struct{}, tick time.Duration) {
	switch {
	case p.tty:
		p.redraw(stop, tick)
	case p.orders > 1:
		p.count(stop, tick)
	default:
		<-stop
	}
}

// count prints the count whenever tick has passed since the last line.
func (p *progress) count(stop <-chan struct{}, tick time.Duration) {
	for {
		p.mu.Lock()
		next := p.lastLine.Add(tick)
		p.mu.Unlock()
		t := time.NewTimer(time.Until(next))
		select {
		case <-stop:
			t.Stop()
			return
		case <-t.C:
		}
		p.mu.Lock()
		if now := time.Now(); !now.Before(p.lastLine.Add(tick)) {
			p.printCount(now)
		}
		p.mu.Unlock()
	}
}

// redraw redraws the display every tick until stop is closed, then a last time.
func (p *progress) redraw(stop <-chan struct{}, tick time.Duration) {
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
				out = append(out, fmt.Sprintf(" ✓ %8s  %-8s %s: %s (%s)", since(p.start, r.start), r.vendor, r.title, r.detail, dur(r.dur)))
			} else {
				out = append(out, fmt.Sprintf(" … %8s  %-8s %s (%s so far)", since(p.start, r.start), r.vendor, r.title, dur(now.Sub(r.start))))
			}
		}
		return out
	}
	out = append(out, fmt.Sprintf("orders %d/%d done, %d failed, %s", p.done, p.orders, p.failed, since(p.start, now)))
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
	width := 0
	for _, t := range p.titles {
		width = max(width, utf8.RuneCountInString(t))
	}
	return fmt.Sprintf("  %4d/%-4d %-*s  mean %8s  max %8s", a.n, p.orders, width, p.titles[k], dur(mean), dur(a.max))
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

func since(start, t time.Time) string { return "+" + dur(t.Sub(start)) }

// dur shows a duration with a fixed number of decimals per unit, so that a column of them
// lines up: whole microseconds below a millisecond, tenths of a millisecond below a
// second, then hundredths of a second.
func dur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Round(time.Microsecond)/time.Microsecond)
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
}

// restart sets the start of the timeline to now (after setup) and returns it.
func (p *progress) restart() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.start = time.Now()
	p.lastLine = p.start
	return p.start
}

// shortID shows a UUID as its first eight hex digits and an ellipsis, as every example
// prints ids; other ids (10004, REQ-26357, ordin_hsXRiW2) are short already and shown whole.
// Error messages keep the whole id, to look it up.
func shortID(id string) string {
	if len(id) == 36 && id[8] == '-' && id[13] == '-' && id[18] == '-' && id[23] == '-' {
		return id[:8] + "…"
	}
	return id
}

// plural is "1 order", "2 orders".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
