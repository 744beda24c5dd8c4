package phi_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"

	"github.com/labwire/labwire/internal/phi"
)

type patient struct {
	ID, Name string
}

func (p patient) redacted() phi.Summary         { return phi.Redact("vendor.Patient", phi.ID("id", p.ID)) }
func (p patient) String() string                { return p.redacted().String() }
func (p patient) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }
func (p patient) LogValue() slog.Value          { return p.redacted().LogValue() }
func (p patient) MarshalJSON() ([]byte, error)  { return p.redacted().MarshalJSON() }

func ExampleRedact() {
	p := patient{ID: "p-1", Name: "Jane Doe"}
	fmt.Printf("%v %q\n", p, []patient{p})
	b, _ := json.Marshal(map[string]patient{"p": p})
	fmt.Println(string(b))
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	logger.Info("booked", "patient", p)
	// Output:
	// vendor.Patient{id:p-1, PHI redacted} ["vendor.Patient{id:p-1, PHI redacted}"]
	// {"p":{"id":"p-1","redacted":true}}
	// level=INFO msg=booked patient.id=p-1 patient.redacted=true
}
