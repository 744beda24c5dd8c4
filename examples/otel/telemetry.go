package main

// The two reusable pieces of this example; copy this file into your service.
//
//   - ClientTracing: a client Middleware (for whoop, workpath, ovation and rupa alike) that
//     makes one CLIENT span per HTTP attempt from the CallInfo of the attempt.
//   - WebhookMetrics: a dispatch.Observer that records the webhook runtime's counters,
//     latency histograms and queue depth with OpenTelemetry instruments.
//
// Both carry only fixed words chosen by labwire: vendor, operation, method, route template,
// status code, attempt, source, event type, failure category. Never the URL, a path id, the
// query, a header or a body: those hold patient data and capability tokens.

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/whoop"
)

// instrumentationName names the tracer and the meter of this example's instrumentation.
const instrumentationName = "github.com/labwire/labwire/examples/otel"

// The attributes of ours; the others are OpenTelemetry's semantic conventions.
const (
	attrVendor    = attribute.Key("labwire.vendor")    // "whoop", "workpath", "ovation", "rupa"
	attrOperation = attribute.Key("labwire.operation") // "requisitions.get", ...
	attrAttempt   = attribute.Key("labwire.attempt")   // 1, 2, ... within one call

	attrSource    = attribute.Key("labwire.webhook.source")     // dispatch.WithSource
	attrEventType = attribute.Key("labwire.webhook.event_type") // dispatch.WithEventType
	attrCategory  = attribute.Key("labwire.webhook.category")   // dispatch.Category of a failure
	attrOutcome   = attribute.Key("labwire.webhook.outcome")    // completed, retried, dead_lettered
)

// Middleware is the shape of every labwire client's Middleware (whoop.Middleware,
// workpath.Middleware, ...): a value of it can be passed to any vendor's WithMiddleware.
type Middleware = func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error)

// ClientTracing returns a Middleware that records one span per HTTP attempt of a labwire
// client, a child of the span in the caller's context:
//
//   - name "{method} {route template}" ("GET /v2/partner/requisition/{id}"), kind CLIENT;
//   - labwire.vendor, labwire.operation, labwire.attempt, http.request.method, url.template,
//     http.response.status_code, and http.request.resend_count on a retry;
//   - status Error, with error.type, for a 4xx or 5xx answer ("503") or an attempt that
//     got no answer ("timeout", "canceled", "transport"): no error text, which may name
//     the host or carry what a server sent.
//
// A span per attempt, not per call: a middleware sees attempts, so each retry shows up as its
// own span (the 503, then the 200) with its own duration, as OpenTelemetry's HTTP conventions
// ask of client spans; wrap a call in a span of your own to see it as a whole. The span ends
// when the answer's headers arrive (the body is read by the client afterwards).
//
// The vendor's token requests are attempts too and get their span. A request that carries no
// CallInfo is passed on untouched.
func ClientTracing(tp trace.TracerProvider) Middleware {
	tracer := tp.Tracer(instrumentationName)
	return func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		// Every vendor's CallInfoFromContext reads the same CallInfo (the clients share one
		// transport), so whoop's serves workpath, ovation and rupa clients too.
		info, ok := whoop.CallInfoFromContext(req.Context())
		if !ok {
			return next(req)
		}
		attrs := []attribute.KeyValue{
			attrVendor.String(info.Vendor),
			attrOperation.String(info.Operation),
			attrAttempt.Int(info.Attempt),
			semconv.HTTPRequestMethodKey.String(info.Method),
			semconv.URLTemplate(info.Route),
		}
		if info.Attempt > 1 {
			attrs = append(attrs, semconv.HTTPRequestResendCount(info.Attempt-1))
		}
		ctx, span := tracer.Start(req.Context(), info.Method+" "+info.Route,
			trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
		defer span.End()

		// The attempt's span rides in the request's context, for a tracing RoundTripper below.
		resp, err := next(req.WithContext(ctx))
		switch {
		case err != nil:
			span.SetAttributes(semconv.ErrorTypeKey.String(attemptErrorType(err)))
			span.SetStatus(codes.Error, "")
		case resp.StatusCode >= 400:
			span.SetAttributes(semconv.HTTPResponseStatusCode(resp.StatusCode),
				semconv.ErrorTypeKey.String(strconv.Itoa(resp.StatusCode)))
			span.SetStatus(codes.Error, "")
		default:
			span.SetAttributes(semconv.HTTPResponseStatusCode(resp.StatusCode))
		}
		return resp, err
	}
}

// attemptErrorType names an attempt that got no answer with a fixed word.
func attemptErrorType(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	return "transport"
}

// WebhookMetrics is a dispatch.Observer that records what a webhook Handler does with
// OpenTelemetry instruments (pass it to dispatch.WithObserver):
//
//   - counters labwire.webhook.accepted, .duplicate, .refused (deliveries) and .completed,
//     .retried, .dead_lettered (ProcessFunc calls and events), named after dispatch.Kind;
//   - histograms labwire.webhook.ack.duration (request to answer; in inbox mode the
//     durable acknowledgement) and labwire.webhook.handler.duration (one ProcessFunc call),
//     in seconds;
//   - the gauge labwire.webhook.queue.depth: the events held by an asynchronous handler
//     (waiting for a worker or a retry), as last reported.
//
// Attributes: labwire.webhook.source, labwire.webhook.event_type, labwire.webhook.category,
// labwire.webhook.outcome and http.response.status_code, each where the Observation sets it:
// fixed words only, so every instrument keeps a small, bounded set of series.
type WebhookMetrics struct {
	accepted, duplicate, refused     metric.Int64Counter
	completed, retried, deadLettered metric.Int64Counter
	ackDuration, handlerDuration     metric.Float64Histogram
	queueDepth                       metric.Int64Gauge
}

// durationBuckets suit a webhook's acknowledgement (milliseconds) and a handler's call
// (up to seconds); the SDK's defaults are meant for milliseconds, not seconds.
var durationBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// NewWebhookMetrics creates the instruments on mp's meter.
func NewWebhookMetrics(mp metric.MeterProvider) (*WebhookMetrics, error) {
	meter := mp.Meter(instrumentationName)
	m := &WebhookMetrics{}
	var errs []error
	counter := func(dst *metric.Int64Counter, kind dispatch.Kind, unit, desc string) {
		c, err := meter.Int64Counter("labwire.webhook."+kind.String(), metric.WithUnit(unit), metric.WithDescription(desc))
		*dst = c
		errs = append(errs, err)
	}
	counter(&m.accepted, dispatch.KindAccepted, "{delivery}", "Verified deliveries handed on (queued, stored, or run in sync mode).")
	counter(&m.duplicate, dispatch.KindDuplicate, "{delivery}", "Verified deliveries acknowledged as duplicates and not handed on.")
	counter(&m.refused, dispatch.KindRefused, "{delivery}", "Requests refused before anything was handed on, by status.")
	counter(&m.completed, dispatch.KindCompleted, "{call}", "Handler calls that succeeded.")
	counter(&m.retried, dispatch.KindRetried, "{call}", "Handler calls that failed with a retry to follow, by category.")
	counter(&m.deadLettered, dispatch.KindDeadLettered, "{event}", "Events that failed for good, by category.")

	var err error
	m.ackDuration, err = meter.Float64Histogram("labwire.webhook.ack.duration", metric.WithUnit("s"),
		metric.WithDescription("Time from a webhook request reaching the handler to its answer."),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	errs = append(errs, err)
	m.handlerDuration, err = meter.Float64Histogram("labwire.webhook.handler.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of one call of the webhook handler's process function."),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	errs = append(errs, err)
	m.queueDepth, err = meter.Int64Gauge("labwire.webhook.queue.depth", metric.WithUnit("{event}"),
		metric.WithDescription("Events held by an asynchronous webhook handler, waiting for a worker or a retry."))
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return m, nil
}

// Observe records o. It is called concurrently from request goroutines and workers; the
// instruments are safe for that and do not block.
func (m *WebhookMetrics) Observe(o dispatch.Observation) {
	ctx := context.Background()
	attrs := make([]attribute.KeyValue, 0, 4)
	attrs = append(attrs, attrSource.String(o.Source))
	if o.EventType != "" {
		attrs = append(attrs, attrEventType.String(o.EventType))
	}
	if o.Category != "" {
		attrs = append(attrs, attrCategory.String(o.Category))
	}
	if o.Status != 0 {
		attrs = append(attrs, semconv.HTTPResponseStatusCode(o.Status))
	}
	set := metric.WithAttributes(attrs...)

	switch o.Kind {
	case dispatch.KindAnswered:
		m.ackDuration.Record(ctx, o.Duration.Seconds(), set)
		return // the answer's depth races with the workers': the kinds below report it
	case dispatch.KindAccepted:
		m.accepted.Add(ctx, 1, set)
	case dispatch.KindDuplicate:
		m.duplicate.Add(ctx, 1, set)
	case dispatch.KindRefused:
		m.refused.Add(ctx, 1, set)
	case dispatch.KindCompleted, dispatch.KindRetried, dispatch.KindDeadLettered:
		switch o.Kind {
		case dispatch.KindCompleted:
			m.completed.Add(ctx, 1, set)
		case dispatch.KindRetried:
			m.retried.Add(ctx, 1, set)
		default:
			m.deadLettered.Add(ctx, 1, set)
		}
		// An event abandoned at Shutdown is dead-lettered without a call: no duration.
		if o.Kind != dispatch.KindDeadLettered || o.Duration > 0 {
			m.handlerDuration.Record(ctx, o.Duration.Seconds(),
				metric.WithAttributes(append(attrs, attrOutcome.String(o.Kind.String()))...))
		}
	default:
		return // a kind this version does not know
	}
	if o.QueueDepth >= 0 { // -1 in sync and inbox mode, where the inbox knows the depth
		m.queueDepth.Record(ctx, int64(o.QueueDepth), metric.WithAttributes(attrSource.String(o.Source)))
	}
}
