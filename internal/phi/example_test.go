package phi_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"

	"github.com/labwire/labwire/internal/phi"
)

// patient declares what it shows in its tags; in a vendor package phigen writes the four
// methods.
type patient struct {
	ID   string `json:"id" phi:"id"`
	Name string `json:"name"`
}

func (p patient) String() string                { return phi.Of(p).String() }
func (p patient) Format(f fmt.State, verb rune) { phi.Of(p).Format(f, verb) }
func (p patient) LogValue() slog.Value          { return phi.Of(p).LogValue() }
func (p patient) MarshalJSON() ([]byte, error)  { return phi.Of(p).MarshalJSON() }

func ExampleOf() {
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
	// phi_test.patient{id:p-1, PHI redacted} ["phi_test.patient{id:p-1, PHI redacted}"]
	// {"p":{"id":"p-1","redacted":true}}
	// level=INFO msg=booked patient.id=p-1 patient.redacted=true
}

// Plain is what the transport sends: the fields, as if the type had no redacting methods.
func ExamplePlain() {
	phi.Register(patient{})
	v, _ := phi.Plain(map[string]any{"patient": patient{ID: "p-1", Name: "Jane Doe"}})
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
	// Output:
	// {"patient":{"id":"p-1","name":"Jane Doe"}}
}
