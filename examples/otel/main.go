// Command otel shows labwire's clients and webhook runtime under OpenTelemetry, offline: a
// WHOOP and a Workpath client against their fakes with ClientTracing (a span per HTTP
// attempt), and a WHOOP webhook handler with WebhookMetrics (counters, latency histograms,
// queue depth). The spans and metrics are printed to stdout when the providers shut down.
//
//	cd examples/otel && go run .
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

func main() {
	if err := run(context.Background(), os.Stdout, demoScenario()); err != nil {
		fmt.Fprintln(os.Stderr, "otel example:", err)
		os.Exit(1)
	}
}

// run sets up the providers with the stdout exporters writing to w, runs the flow, and shuts
// the providers down, which exports what they hold: the spans, then the metrics.
func run(ctx context.Context, w io.Writer, sc scenario) (err error) {
	res := resource.NewWithAttributes(semconv.SchemaURL, semconv.ServiceName("labwire-otel-example"))

	spans, err := stdouttrace.New(stdouttrace.WithWriter(w), stdouttrace.WithPrettyPrint())
	if err != nil {
		return err
	}
	// A batcher, as in production: spans are exported in the background and at Shutdown.
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(spans), sdktrace.WithResource(res))

	metrics, err := stdoutmetric.New(stdoutmetric.WithWriter(w), stdoutmetric.WithPrettyPrint())
	if err != nil {
		return err
	}
	// Exports every minute and at Shutdown; a short run sees only the last.
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metrics)), sdkmetric.WithResource(res))

	defer func() {
		// Shut down on every path, with a deadline of its own: the run's context may be done.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		fmt.Fprintln(w, "== spans (stdouttrace)")
		terr := tp.Shutdown(sctx)
		fmt.Fprintln(w, "== metrics (stdoutmetric)")
		merr := mp.Shutdown(sctx)
		err = errors.Join(err, terr, merr)
	}()

	fmt.Fprintln(w, "== flow")
	out, err := runFlow(ctx, tp, mp, sc, w)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "done: %d webhook call(s) handled, answers %v\n", len(out.Handled), out.Answers)
	return nil
}
