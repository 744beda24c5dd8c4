package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// The offline run (the README's command) prints what it did and the summary; the golden file
// is the expected output, ids and counts only.
func TestOfflineRun(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(context.Background(), env(nil), &out, ""))
	want, err := os.ReadFile("testdata/offline.golden")
	require.NoError(t, err)
	assert.Equal(t, string(want), out.String())
	assert.Contains(t, out.String(), "5 new, 2 changed, 0 unchanged, 4 stale ignored, 1 test pending")
	// Every failure the run meets is labelled expected: the forged delivery and the dead letter.
	failures := 0
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.Contains(l, "dead letter:") || regexp.MustCompile(`^  → [45]\d\d `).MatchString(l) {
			failures++
			assert.Contains(t, l, "(expected: ", "a failure in the offline run is labelled expected")
		}
	}
	assert.Equal(t, 2, failures)
	for _, phi := range []string{"Sabrina", "Davis", "Brown Valley", "results.example", "+1202"} {
		assert.NotContains(t, out.String(), phi, "the program prints no patient or practitioner data")
	}
}

func orderedTest(t *testing.T, id, pdf string) *rupa.OrderedTest {
	t.Helper()
	b := rupatest.EventBuilder{}
	e, err := rupa.ParseEvent(b.OrderNewResult(rupatest.Order{Tests: []rupatest.OrderedTest{{ID: id, ResultsPDF: pdf}}}).JSON())
	require.NoError(t, err)
	n, err := e.OrderNewResult()
	require.NoError(t, err)
	return n.OrderedTests[0]
}

// Applied once: twice, out of order, and as a change.
func TestStoreApply(t *testing.T) {
	t.Parallel()
	s := newStore()
	t0 := time.Date(2024, 6, 13, 9, 0, 0, 0, time.UTC)
	v1, v2 := orderedTest(t, "ordts_1", "https://r/v1.pdf"), orderedTest(t, "ordts_1", "https://r/v2.pdf")
	assert.Equal(t, outcomeNew, s.apply("pra_a", "ord_1", v1, "evt_1", t0))
	assert.Equal(t, outcomeUnchanged, s.apply("pra_a", "ord_1", v1, "evt_1", t0), "the same event twice")
	assert.Equal(t, outcomeUnchanged, s.apply("pra_a", "ord_1", v1, "evt_2", t0.Add(time.Minute)), "a newer event, same result")
	assert.Equal(t, outcomeChanged, s.apply("pra_a", "ord_1", v2, "evt_4", t0.Add(3*time.Minute)))
	assert.Equal(t, outcomeStale, s.apply("pra_a", "ord_1", v1, "evt_3", t0.Add(2*time.Minute)), "older event after a newer one")
	assert.Equal(t, outcomeNew, s.apply("pra_b", "ord_1", v1, "evt_3", t0.Add(2*time.Minute)), "each practitioner has its own copy")
	rows := s.rows()
	require.Len(t, rows, 2)
	assert.Equal(t, 2, rows[0].res.version)
	assert.Equal(t, "evt_4", rows[0].res.eventID)
	assert.Contains(t, rows[0].res.pdf, "v2.pdf")
}

func TestParsePractitioners(t *testing.T) {
	t.Parallel()
	p, err := parsePractitioners(" pra_b=cli_1, pra_a=cli_1,pra_c=cli_2 ")
	require.NoError(t, err)
	assert.Equal(t, practitioners{"cli_1": {"pra_a", "pra_b"}, "cli_2": {"pra_c"}}, p)
	for _, bad := range []string{"", "pra_a", "pra_a=", "=cli", "pra_a=cli_1,pra_a=cli_2"} {
		_, err := parsePractitioners(bad)
		assert.Error(t, err, bad)
	}
}

// Online mode: with RUPA_WEBHOOK_SECRET set the program serves Rupa's deliveries and prints
// the summary when stopped.
func TestOnlineRun(t *testing.T) {
	const secret = "online-test-secret-0123456789abcdef"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, env(map[string]string{
			"RUPA_WEBHOOK_SECRET": secret, "RUPA_WEBHOOK_HEADER": "X-Rupa-Test-Sig",
			"RUPA_PRACTITIONERS": "pra_amy=cli_1",
		}), pw, "127.0.0.1:0")
		pw.Close()
	}()
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	first := <-lines
	require.Regexp(t, `^rupa-results-sync: online, listening on http://\S+ for 1 practitioner in 1 clinic$`, first)
	url := regexp.MustCompile(`http://\S+`).FindString(first)

	s, err := rupatest.NewSender(rupatest.SignBodyHMAC("X-Rupa-Test-Sig", secret), nil, nil)
	require.NoError(t, err)
	b := rupatest.EventBuilder{}
	e := b.OrderNewResult(rupatest.Order{Practitioner: rupatest.Practitioner{ClinicID: "cli_1"},
		Tests: []rupatest.OrderedTest{{ID: "ordts_x", ResultsPDF: "https://r/x.pdf"}}})
	status, err := s.Send(ctx, url, e)
	require.NoError(t, err)
	assert.Equal(t, 200, status)
	assert.Contains(t, <-lines, "ordts_x → pra_amy new")
	cancel()
	var rest strings.Builder
	for l := range lines {
		rest.WriteString(l + "\n")
	}
	require.NoError(t, <-done)
	assert.Contains(t, rest.String(), "1 new, 0 changed")

	// Without RUPA_PRACTITIONERS, or with a header name net/http refuses, the program says
	// what to set and exits 2.
	for want, m := range map[string]map[string]string{
		"RUPA_PRACTITIONERS":  {"RUPA_WEBHOOK_SECRET": secret},
		"RUPA_WEBHOOK_HEADER": {"RUPA_WEBHOOK_SECRET": secret, "RUPA_PRACTITIONERS": "pra_amy=cli_1", "RUPA_WEBHOOK_HEADER": "bad header"},
	} {
		var out strings.Builder
		err = run(context.Background(), env(m), &out, "127.0.0.1:0")
		require.ErrorContains(t, err, want)
		assert.Empty(t, out.String())
		var stderr strings.Builder
		assert.Equal(t, 2, exitStatus(&stderr, err))
		assert.True(t, strings.HasPrefix(stderr.String(), "rupa-results-sync: "+err.Error()+"\n\nusage: "), stderr.String())
		for _, v := range []string{"RUPA_WEBHOOK_SECRET", "RUPA_WEBHOOK_HEADER", "RUPA_PRACTITIONERS"} {
			assert.Contains(t, stderr.String(), "\n  "+v+" ", "the usage lists %s", v)
		}
	}
	assert.Equal(t, 1, exitStatus(io.Discard, context.DeadlineExceeded), "any other error exits 1")
}
