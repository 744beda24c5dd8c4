// Command vendorgen writes what every vendor package shares from one template, and keeps
// the doc comment of every alias of an internal type current.
//
// The shared layer: errors_gen.go (the error types and category sentinels of
// internal/transport), values_gen.go (Date, Decimal, their constructors, Ptr),
// client_gen.go and options_gen.go (the client's shared types and options, and the named
// deployments of a vendor with a sandbox, over the hosts its options.go declares), and a
// fake's server_gen.go (its glue to internal/fake), with the doc comments of docs.go
// (shared, or a vendor's own where it says more). enums_gen.go holds <Enum>Values and
// IsKnown of every string enum of a vendor package or fake, said from its hand-written
// const blocks (see enumsFile).
//
// go doc does not follow a type alias: `go doc ./whoop APIError` printed the alias and its
// prose only, and `go doc ./whoop APIError.RetryAfter` found nothing. vendorgen ends the doc
// comment of each exported alias of an internal struct type (whoop.APIError =
// transport.APIError, ovationtest.Fault = fake.Fault, ...) with the list of the internal
// type's exported fields, their types and the first sentence of their docs, then its
// exported methods. The hand-written prose above that list is kept as it is.
//
// Run it from a package directory (go generate does); with directories as arguments it
// rewrites those. TestCurrent fails when a file is not what vendorgen would write.
package main

import (
	"fmt"
	"os"
)

func main() {
	dirs := os.Args[1:]
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	for _, dir := range dirs {
		out, err := Rewrite(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "vendorgen:", err)
			os.Exit(1)
		}
		for path, src := range out {
			if err := os.WriteFile(path, src, 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "vendorgen:", err)
				os.Exit(1)
			}
		}
	}
}
