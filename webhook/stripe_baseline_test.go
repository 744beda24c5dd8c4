//lint:file-ignore ST1012 the copied names are stripe-go's, prefixed with stripe_

package webhook

// This file is the baseline of the BenchmarkVerify* benchmarks: the code
// path of stripe-go's webhook.ValidatePayload, copied verbatim from
// github.com/stripe/stripe-go/v86 at commit a1e3932f68a2 (v86.2.0 plus one
// commit, 2026-08-07), file webhook/client.go, so that the main module does
// not depend on stripe-go. The only edit is a "stripe_" prefix on every
// copied name (ValidatePayload is stripe_ValidatePayload, validatePayload is
// stripe_validatePayload, ...), which would otherwise collide with this
// package's names and with each other. ValidatePayload reaches nothing else
// in stripe-go. stripe-go's licence, which covers the copied code:
//
//	The MIT License (MIT)
//
//	Copyright (c) 2014- Stripe, Inc. (https://stripe.com)
//
//	Permission is hereby granted, free of charge, to any person obtaining a copy
//	of this software and associated documentation files (the "Software"), to deal
//	in the Software without restriction, including without limitation the rights
//	to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
//	copies of the Software, and to permit persons to whom the Software is
//	furnished to do so, subject to the following conditions:
//
//	The above copyright notice and this permission notice shall be included in all
//	copies or substantial portions of the Software.
//
//	THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
//	IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
//	FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
//	AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
//	LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
//	OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
//	SOFTWARE.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

const (
	// stripe_DefaultTolerance indicates that signatures older than this will be rejected by ConstructEvent.
	stripe_DefaultTolerance time.Duration = 300 * time.Second
	// stripe_signingVersion represents the version of the signature we currently use.
	stripe_signingVersion string = "v1"
)

// This block represents the list of errors that could be raised when using the webhook package.
var (
	stripe_ErrInvalidHeader    = errors.New("webhook has invalid Stripe-Signature header")
	stripe_ErrNoValidSignature = errors.New("webhook had no valid signature")
	stripe_ErrNotSigned        = errors.New("webhook has no Stripe-Signature header")
	stripe_ErrTooOld           = errors.New("timestamp wasn't within tolerance")
)

// stripe_ComputeSignature computes a webhook signature using Stripe's v1 signing
// method.
//
// See https://stripe.com/docs/webhooks#signatures for more information.
func stripe_ComputeSignature(t time.Time, payload []byte, secret string) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	// hmac.Hash.Write never returns a non-nil error per the hash.Hash interface contract.
	_, _ = fmt.Fprintf(mac, "%d", t.Unix())
	mac.Write([]byte("."))
	mac.Write(payload)
	return mac.Sum(nil)
}

// stripe_ValidatePayload validates the payload against the Stripe-Signature header
// using the specified signing secret. Returns an error if the body or
// Stripe-Signature header provided are unreadable, if the signature doesn't
// match, or if the timestamp for the signature is older than stripe_DefaultTolerance.
//
// NOTE: Stripe will only send Webhook signing headers after you have retrieved
// your signing secret from the Stripe dashboard:
// https://dashboard.stripe.com/webhooks
func stripe_ValidatePayload(payload []byte, header string, secret string) error {
	return stripe_ValidatePayloadWithTolerance(payload, header, secret, stripe_DefaultTolerance)
}

// stripe_ValidatePayloadWithTolerance validates the payload against the Stripe-Signature header
// using the specified signing secret and tolerance window. Returns an error if the body
// or Stripe-Signature header provided are unreadable, if the signature doesn't match, or
// if the timestamp for the signature is older than the specified tolerance.
//
// NOTE: Stripe will only send Webhook signing headers after you have retrieved
// your signing secret from the Stripe dashboard:
// https://dashboard.stripe.com/webhooks
func stripe_ValidatePayloadWithTolerance(payload []byte, header string, secret string, tolerance time.Duration) error {
	return stripe_validatePayload(payload, header, secret, tolerance, true)
}

type stripe_signedHeader struct {
	timestamp  time.Time
	signatures [][]byte
}

func stripe_parseSignatureHeader(header string) (*stripe_signedHeader, error) {
	sh := &stripe_signedHeader{}

	if header == "" {
		return sh, stripe_ErrNotSigned
	}

	// Signed header looks like "t=1495999758,v1=ABC,v1=DEF,v0=GHI"
	pairs := strings.Split(header, ",")
	for _, pair := range pairs {
		parts := strings.Split(pair, "=")
		if len(parts) != 2 {
			return sh, stripe_ErrInvalidHeader
		}

		switch parts[0] {
		case "t":
			timestamp, err := strconv.ParseInt(parts[1], 10, 64)
			if err != nil {
				return sh, stripe_ErrInvalidHeader
			}
			sh.timestamp = time.Unix(timestamp, 0)

		case stripe_signingVersion:
			sig, err := hex.DecodeString(parts[1])
			if err != nil {
				continue // Ignore invalid signatures
			}

			sh.signatures = append(sh.signatures, sig)

		default:
			continue // Ignore unknown parts of the header
		}
	}

	if len(sh.signatures) == 0 {
		return sh, stripe_ErrNoValidSignature
	}

	return sh, nil
}

func stripe_validatePayload(payload []byte, sigHeader string, secret string, tolerance time.Duration, enforceTolerance bool) error {

	header, err := stripe_parseSignatureHeader(sigHeader)
	if err != nil {
		return err
	}

	expiredTimestamp := time.Since(header.timestamp) > tolerance
	if enforceTolerance && expiredTimestamp {
		return stripe_ErrTooOld
	}

	expectedSignature := stripe_ComputeSignature(header.timestamp, payload, secret)
	// Check all given v1 signatures, multiple signatures will be sent temporarily in the case of a rolled signature secret
	for _, sig := range header.signatures {
		if hmac.Equal(expectedSignature, sig) {
			return nil
		}
	}

	return stripe_ErrNoValidSignature
}
