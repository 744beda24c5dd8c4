package phi_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/phi"
	"github.com/labwire/labwire/internal/phi/phitest"
)

// address is a PHI type written the phi way: its tags say what it shows, and the four
// methods (which phigen writes in a vendor package) are one line each over phi.Of.
type address struct {
	ID    string   `phi:"id"`
	Line  string   // hidden
	Lines []string `phi:"count"`
}

func (a address) String() string                { return phi.Of(a).String() }
func (a address) Format(f fmt.State, verb rune) { phi.Of(a).Format(f, verb) }
func (a address) LogValue() slog.Value          { return phi.Of(a).LogValue() }
func (a address) MarshalJSON() ([]byte, error)  { return phi.Of(a).MarshalJSON() }

// visit holds a PHI type in an exported field and has no methods of its own.
type visit struct {
	When    string
	Address address
	Extra   *address
}

// naive holds PHI and has only String and LogValue, as whoop's types had before.
type naive struct{ Line string }

func (n naive) String() string       { return "naive{redacted}" }
func (n naive) LogValue() slog.Value { return slog.StringValue("redacted") }

// fakeT records failures instead of failing the real test.
type fakeT struct {
	testing.TB
	failed bool
	msgs   []string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.failed = true
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}
func (f *fakeT) Fatalf(format string, args ...any) { f.Errorf(format, args...); panic(f) }
func (f *fakeT) Fatal(args ...any)                 { f.Errorf("%s", fmt.Sprint(args...)); panic(f) }

func run(v any, canaries ...string) (ft *fakeT) {
	ft = &fakeT{}
	defer func() {
		if r := recover(); r != nil && r != any(ft) {
			panic(r)
		}
	}()
	phitest.AssertRedacted(ft, v, canaries...)
	return ft
}

// Issue 7 item 9: a PHI type written with phi redacts under every verb and handler, nested
// too; the same check catches a type that only has String and LogValue.
func TestIssue7Item9NestedPHIRedactedEverywhere(t *testing.T) {
	t.Parallel()
	a := address{ID: "addr-1", Line: "CANARY-12 Test Tower", Lines: []string{"CANARY-12 Test Tower"}}
	v := visit{When: "today", Address: a, Extra: &address{ID: "addr-2", Line: "CANARY-Flat 9"}}

	phitest.AssertRedacted(t, a, "CANARY-12")
	phitest.AssertRedacted(t, &a, "CANARY-12")

	// The caller's own method-less struct holding PHI values in exported fields: fmt calls
	// their Format, slog's JSON handler their MarshalJSON. (A pointer to such a struct printed
	// with %s or %q at depth > 0 is fmt's bad-verb path, which calls no method at all; see
	// the package doc.)
	var logs strings.Builder
	l := slog.New(slog.NewJSONHandler(&logs, nil))
	l.Info("visit", "v", v, "vs", []visit{v}, "m", map[string]*visit{"x": &v})
	slog.New(slog.NewTextHandler(&logs, nil)).Info("visit", "v", v, "vs", []visit{v}, "p", &v)
	printed := logs.String()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		printed += fmt.Sprintf(verb, v) + fmt.Sprintf(verb, []visit{v}) + fmt.Sprintf(verb, map[string]visit{"x": v})
	}
	printed += fmt.Sprintf("%v %+v", &v, []*visit{&v})
	assert.NotContains(t, printed, "CANARY")
	assert.Contains(t, printed, "addr-2")

	ft := run(naive{Line: "CANARY-leaky"}, "CANARY-leaky")
	require.True(t, ft.failed, "a type with only String and LogValue leaks under %%x, in slices and in JSON")
	all := strings.Join(ft.msgs, "\n")
	assert.Contains(t, all, "not a fmt.Formatter")
	assert.Contains(t, all, "json.Marshal")
	assert.Contains(t, all, "fmt %#v")
	assert.Contains(t, all, "slog JSON handler with the slice")

	ft = run(a, "CANARY-not-there")
	assert.True(t, ft.failed, "a canary the value does not hold makes the check fail, not pass")
}

func TestSummaryForms(t *testing.T) {
	t.Parallel()
	a := address{ID: "addr-1", Line: "x", Lines: []string{"x"}}
	assert.Equal(t, "phi_test.address{id:addr-1, lines:1, PHI redacted}", fmt.Sprintf("%v", a))
	assert.Equal(t, `"phi_test.address{id:addr-1, lines:1, PHI redacted}"`, fmt.Sprintf("%q", a))
	b, err := json.Marshal([]address{a})
	require.NoError(t, err)
	assert.JSONEq(t, `[{"id":"addr-1","lines":1,"redacted":true}]`, string(b))

	// Width and the '-' flag pad; nothing else changes what is shown.
	assert.Equal(t, "    phi_test.address{id:, lines:0, PHI redacted}", fmt.Sprintf("%48v", address{}))
	assert.Equal(t, "phi_test.address{id:, lines:0, PHI redacted}    |", fmt.Sprintf("%-48s|", address{}))
	assert.Equal(t, "phi_test.address{id:, lines:0, PHI redacted}", fmt.Sprintf("%+#v", address{}))

	// An id a hostile server filled with a name or a newline is withheld.
	for _, id := range []string{"Jane Doe", "a\nb", strings.Repeat("a", 65), "ü"} {
		assert.Equal(t, "phi_test.address{id:[withheld], lines:0, PHI redacted}", address{ID: id}.String())
	}
	assert.Equal(t, "phi_test.address{id:, lines:0, PHI redacted}", address{}.String())
}
