package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Run and summarise them with
//
//	go test ./webhook -run '^$' -bench 'Verify' -benchmem -count 8 | tee bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl bench.txt
//
// Besides sec/op (wall time), each benchmark reports cpu-ns/op on Linux: the
// CPU time of the process per operation, garbage collection included. On a
// machine shared with other work the wall time also counts the waits for a
// CPU, which differ from one sub-benchmark to the next; compare the ratios
// on cpu-ns/op there.
//
// Every BenchmarkVerify<scheme> runs, for a 4 KiB and a 1 MiB body, side by
// side in one run:
//
//   - impl=labwire: Verifier.Verify, header parsing, tolerance check and all,
//     on the real clock; no deduplication.
//   - impl=sha256: crypto/sha256.Sum256 of the same body, the floor: a
//     verification must read every byte through SHA-256 once.
//   - impl=stripe: stripe-go's webhook.ValidatePayload (stripe_baseline_test.go)
//     over the same body, the common way of doing it. stripe-go has no
//     body-only scheme; its timestamped path is the same HMAC of the body
//     plus its header parsing, so it is the baseline for both schemes.
//   - impl=labwire+key: Verify, then Delivery.Key, as the middleware does
//     when it deduplicates.
//   - impl=hmac: crypto/hmac's HMAC-SHA256 of what the scheme signs (the
//     body, or t + "." + body), one hmac.New reused with Reset: the floor of
//     any verification of the scheme, before reading a header or a clock.
//   - impl=hmac+clock: the same and one time.Now, the floor of a timestamped
//     scheme, which must read the clock to check the tolerance.

// benchSecret is a 48-byte secret, the shape senders hand out.
const benchSecret = "NGRjNjFkMDktZjg0My00YzI1LThjOTgtZjg3NWNlZTBmOGM1"

var benchSizes = []struct {
	name string
	n    int
}{{"4KiB", 4 << 10}, {"1MiB", 1 << 20}}

// benchBody is a JSON body of exactly n bytes, the shape of a delivery.
func benchBody(n int) []byte {
	prefix := `{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"notes":"`
	suffix := `"}}`
	return []byte(prefix + strings.Repeat("x", n-len(prefix)-len(suffix)) + suffix)
}

// benchDelivery is a 4 KiB body signed with benchSecret at vecT.
func benchDelivery() (body []byte, now time.Time, ts, sig string) {
	body = benchBody(4 << 10)
	now = time.Unix(vecT, 0)
	header := SignTimestamped(now, body, benchSecret)
	ts, sig, _ = strings.Cut(strings.TrimPrefix(header, "t="), ",v1=")
	return body, now, ts, sig
}

var (
	sinkSum  [sha256.Size]byte
	sinkKey  string
	sinkTime time.Time
)

// cpuMeter measures the CPU time of the process across a benchmark loop.
type cpuMeter struct {
	start int64
	ok    bool
}

func startCPU() cpuMeter {
	start, ok := processCPUTime()
	return cpuMeter{start: start, ok: ok}
}

// stop reports cpu-ns/op; call it after the b.Loop loop.
func (m cpuMeter) stop(b *testing.B) {
	b.Helper()
	if end, ok := processCPUTime(); m.ok && ok && b.N > 0 {
		b.ReportMetric(float64(end-m.start)/float64(b.N), "cpu-ns/op")
	}
}

// benchVerify runs the implementations side by side; header signs body
// with benchSecret at time.Now for v's scheme, and prefix is what the scheme
// signs before the body ("<t>." or nothing).
func benchVerify(b *testing.B, v *Verifier, header func(body []byte) http.Header, prefix string) {
	for _, size := range benchSizes {
		body := benchBody(size.n)
		for _, clock := range []bool{false, true} {
			name := "size=" + size.name + "/impl=hmac"
			if clock {
				name += "+clock"
			}
			b.Run(name, func(b *testing.B) {
				mac := hmac.New(sha256.New, []byte(benchSecret))
				p := []byte(prefix)
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				cpu := startCPU()
				for b.Loop() {
					if clock {
						sinkTime = time.Now()
					}
					mac.Reset()
					mac.Write(p)
					mac.Write(body)
					mac.Sum(sinkSum[:0])
				}
				cpu.stop(b)
			})
		}
		b.Run("size="+size.name+"/impl=labwire", func(b *testing.B) {
			h := header(body)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if _, err := v.Verify(h, body); err != nil {
					b.Fatal(err)
				}
			}
			cpu.stop(b)
		})
		b.Run("size="+size.name+"/impl=sha256", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				sinkSum = sha256.Sum256(body)
			}
			cpu.stop(b)
		})
		b.Run("size="+size.name+"/impl=stripe", func(b *testing.B) {
			header := SignTimestamped(time.Now(), body, benchSecret)
			secret := benchSecret
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if err := stripe_ValidatePayload(body, header, secret); err != nil {
					b.Fatal(err)
				}
			}
			cpu.stop(b)
		})
		b.Run("size="+size.name+"/impl=labwire+key", func(b *testing.B) {
			h := header(body)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				d, err := v.Verify(h, body)
				if err != nil {
					b.Fatal(err)
				}
				sinkKey = d.Key(body)
			}
			cpu.stop(b)
		})
	}
}

func BenchmarkVerifyTimestamped(b *testing.B) {
	v, err := NewTimestampedHMAC(tsHeaderName, []string{benchSecret})
	if err != nil {
		b.Fatal(err)
	}
	benchVerify(b, v, func(body []byte) http.Header {
		return http.Header{tsHeaderName: {SignTimestamped(time.Now(), body, benchSecret)}}
	}, strconv.FormatInt(time.Now().Unix(), 10)+".")
}

func BenchmarkVerifyBodyHMAC(b *testing.B) {
	v, err := NewBodyHMAC(bodyHeaderName, []string{benchSecret})
	if err != nil {
		b.Fatal(err)
	}
	benchVerify(b, v, func(body []byte) http.Header {
		return http.Header{bodyHeaderName: {SignBody(benchSecret, body)}}
	}, "")
}

// BenchmarkVerifyTimestampedParallel shows that the pooled HMAC states do not
// contend.
func BenchmarkVerifyTimestampedParallel(b *testing.B) {
	body := benchBody(4 << 10)
	v, err := NewTimestampedHMAC(tsHeaderName, []string{benchSecret})
	if err != nil {
		b.Fatal(err)
	}
	h := http.Header{tsHeaderName: {SignTimestamped(time.Now(), body, benchSecret)}}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	cpu := startCPU()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := v.Verify(h, body); err != nil {
				b.Fatal(err)
			}
		}
	})
	cpu.stop(b)
}

// BenchmarkVerifyRejectMalformed measures the refusal of a header with too
// many signatures, which must cost no HMAC work.
func BenchmarkVerifyRejectMalformed(b *testing.B) {
	body, now, ts, sig := benchDelivery()
	v, err := NewTimestampedHMAC(tsHeaderName, []string{vecSecret}, WithClock(fixedClock(now)))
	if err != nil {
		b.Fatal(err)
	}
	h := http.Header{tsHeaderName: {"t=" + ts + strings.Repeat(",v1="+sig, MaxSignatures+1)}}
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		if _, err := v.Verify(h, body); err == nil {
			b.Fatal("accepted")
		}
	}
	cpu.stop(b)
}
