package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"
)

// benchDelivery is a 4 KiB JSON body signed with a 48-byte secret, the shape
// of a typical timestamped delivery.
func benchDelivery() (secret, body []byte, now time.Time, ts, sig string) {
	secret = []byte("NGRjNjFkMDktZjg0My00YzI1LThjOTgtZjg3NWNlZTBmOGM1")
	prefix := `{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"notes":"`
	suffix := `"}}`
	body = []byte(prefix + strings.Repeat("x", 4096-len(prefix)-len(suffix)) + suffix)
	now = time.Unix(vecT, 0)
	header := SignTimestamped(now, body, secret)
	ts, sig, _ = strings.Cut(strings.TrimPrefix(header, "t="), ",v1=")
	return secret, body, now, ts, sig
}

// BenchmarkVerifyTimestamped4KiB compares the Verifier (header parsing,
// tolerance check and all) with the naive floor: a fresh hmac.New, Write and
// hmac.Equal per delivery, given the already-extracted t and signature.
func BenchmarkVerifyTimestamped4KiB(b *testing.B) {
	secret, body, now, ts, sig := benchDelivery()
	h := http.Header{tsHeaderName: {"t=" + ts + ",v1=" + sig}}
	v, err := NewTimestampedHMAC(tsHeaderName, [][]byte{secret}, WithClock(fixedClock(now)))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("labwire", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if _, err := v.Verify(h, body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("naive-floor", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			m := hmac.New(sha256.New, secret)
			m.Write([]byte(ts))
			m.Write([]byte{'.'})
			m.Write(body)
			want, err := hex.DecodeString(sig)
			if err != nil || !hmac.Equal(m.Sum(nil), want) {
				b.Fatal("mismatch")
			}
		}
	})
	b.Run("labwire-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := v.Verify(h, body); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchmarkVerifyBodyHMAC4KiB is the same comparison for the body HMAC scheme.
func BenchmarkVerifyBodyHMAC4KiB(b *testing.B) {
	secret, body, _, _, _ := benchDelivery()
	sig := SignBody(secret, body)
	h := http.Header{bodyHeaderName: {sig}}
	v, err := NewBodyHMAC(bodyHeaderName, [][]byte{secret})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("labwire", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if _, err := v.Verify(h, body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("naive-floor", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			m := hmac.New(sha256.New, secret)
			m.Write(body)
			want, err := hex.DecodeString(sig)
			if err != nil || !hmac.Equal(m.Sum(nil), want) {
				b.Fatal("mismatch")
			}
		}
	})
}

// BenchmarkVerifyRejectMalformed measures the refusal of a header with too
// many signatures, which must cost no HMAC work.
func BenchmarkVerifyRejectMalformed(b *testing.B) {
	_, body, now, ts, sig := benchDelivery()
	v, err := NewTimestampedHMAC(tsHeaderName, [][]byte{[]byte(vecSecret)}, WithClock(fixedClock(now)))
	if err != nil {
		b.Fatal(err)
	}
	h := http.Header{tsHeaderName: {"t=" + ts + strings.Repeat(",v1="+sig, MaxSignatures+1)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(h, body); err == nil {
			b.Fatal("accepted")
		}
	}
}
