package transport_test

import (
	"errors"
	"fmt"

	"github.com/labwire/labwire/internal/transport"
)

// A vendor's NewClient: its options are one-line wrappers over the shared ones, its
// credentials fill slots, and every configuration error names the option.
func ExampleNewFromOptions() {
	required := []transport.Slot{
		{Name: transport.DefaultSlot, Options: []string{"WithBearerToken"}},
		{Name: "basic", Options: []string{"WithAPIKey"}},
	}
	_, cfg, err := transport.NewFromOptions("acme", "https://api.acme.test/v1", required,
		transport.BearerOption(transport.DefaultSlot, "WithBearerToken", "token"),
		transport.BasicOption("basic", "WithAPIKey", "key", "password"),
		transport.WithRetries(3),
	)
	fmt.Println(err, cfg.AuthFor("basic") != nil)

	_, _, err = transport.NewFromOptions("acme", "https://api.acme.test/v1", required,
		transport.BearerOption(transport.DefaultSlot, "WithBearerToken", "token"))
	fmt.Println(err)

	_, _, err = transport.NewFromOptions("acme", "https://api.acme.test/v1", required,
		transport.BearerOption(transport.DefaultSlot, "WithBearerToken", "token"),
		transport.BasicOption("basic", "WithAPIKey", "key", "password"),
		transport.WithBaseURL("http://api.acme.test"))
	var ve *transport.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field, errors.Is(err, transport.ErrValidation))
	// Output:
	// <nil> true
	// acme: invalid basic credentials: required: use WithAPIKey
	// true WithBaseURL true
}
