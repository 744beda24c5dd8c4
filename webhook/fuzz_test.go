package webhook

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Seed corpora live in testdata/fuzz/<FuzzName>/ so that plain `go test`
// replays them. Property (N50): never panic, never accept without a correct
// MAC, and always accept a correctly signed delivery.

// refParseTimestamped is a deliberately naive parser of the documented
// grammar (strings.Split, strconv), used as a differential oracle.
func refParseTimestamped(v string) (t int64, tstr string, sigs []string, ok bool) {
	if strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return 0, "", nil, false
	}
	seenT := false
	for _, elem := range strings.Split(v, ",") {
		kv := strings.SplitN(elem, "=", 2)
		if len(kv) != 2 || kv[0] == "" {
			return 0, "", nil, false
		}
		switch kv[0] {
		case "t":
			if seenT || len(kv[1]) == 0 || len(kv[1]) > 10 || (len(kv[1]) > 1 && kv[1][0] == '0') {
				return 0, "", nil, false
			}
			n, err := strconv.ParseUint(kv[1], 10, 64)
			if err != nil || strings.ContainsAny(kv[1], "+-") {
				return 0, "", nil, false
			}
			seenT, t, tstr = true, int64(n), kv[1]
		case "v1":
			sigs = append(sigs, kv[1])
			if len(sigs) > MaxSignatures {
				return 0, "", nil, false
			}
		}
	}
	return t, tstr, sigs, seenT
}

func FuzzParseTimestampedHeader(f *testing.F) {
	f.Add("t=1565712055,v1=" + v1Hex)
	f.Fuzz(func(t *testing.T, header string) {
		var p tsHeader
		err := parseTimestamped(header, &p)
		rt, rtstr, rsigs, rok := refParseTimestamped(header)
		if (err == nil) != rok {
			t.Fatalf("parser and reference disagree: err=%v ref ok=%v", err, rok)
		}
		if err != nil {
			return
		}
		if p.t != rt || p.tstr != rtstr || p.n != len(rsigs) {
			t.Fatalf("parsed t=%d (%q) n=%d, reference t=%d (%q) n=%d", p.t, p.tstr, p.n, rt, rtstr, len(rsigs))
		}
		// The well-formed v1 values (64 hex digits, either case), decoded in order.
		var want [][]byte
		for _, sig := range rsigs {
			if b, err := hex.DecodeString(sig); err == nil && len(b) == sha256.Size {
				want = append(want, b)
			}
		}
		if p.m != len(want) {
			t.Fatalf("decoded %d well-formed signatures, reference %d", p.m, len(want))
		}
		for i, w := range want {
			if !bytes.Equal(p.cands[i][:], w) {
				t.Fatalf("signature %d differs", i)
			}
		}
		if p.t < 0 || p.t > 9999999999 {
			t.Fatalf("t out of range: %d", p.t)
		}
	})
}

var (
	fuzzSecrets = []string{vecSecret, vecRolled}
	fuzzNow     = time.Unix(vecT, 0)
)

func FuzzVerifyTimestamped(f *testing.F) {
	f.Add("t=1565712055,v1="+v1Hex, []byte(vecBody), int64(0))
	v, err := NewTimestampedHMAC(tsHeaderName, fuzzSecrets, WithClock(fixedClock(fuzzNow)))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, header string, body []byte, offset int64) {
		h := http.Header{tsHeaderName: {header}}
		d, err := v.Verify(h, body)
		if err == nil {
			// Accepted: a v1 in the header must be the MAC of the matched
			// secret over t "." body, and t must be within tolerance.
			var p tsHeader
			if perr := parseTimestamped(header, &p); perr != nil {
				t.Fatalf("accepted a header the parser rejects: %v", perr)
			}
			if diff := fuzzNow.Sub(time.Unix(p.t, 0)); diff > DefaultTolerance || -diff > DefaultTolerance {
				t.Fatalf("accepted t=%d outside tolerance", p.t)
			}
			m := hmac.New(sha256.New, []byte(fuzzSecrets[d.SecretIndex]))
			m.Write([]byte(p.tstr + "."))
			m.Write(body)
			want := m.Sum(nil)
			found := false
			for i := 0; i < p.m; i++ {
				found = found || bytes.Equal(p.cands[i][:], want)
			}
			if !found || d.ID != "" || d.Key(body) != wantTSKey(p.t, body) {
				t.Fatalf("accepted without a correct MAC")
			}
		}
		// A delivery signed correctly near now always verifies.
		at := fuzzNow.Add(time.Duration(offset%int64(DefaultTolerance/time.Second)) * time.Second)
		good := SignTimestamped(at, body, fuzzSecrets[int(uint64(offset)%2)])
		if _, err := v.Verify(http.Header{tsHeaderName: {good}}, body); err != nil {
			t.Fatalf("correctly signed delivery refused: %v", err)
		}
	})
}

func FuzzVerifyBodyHMAC(f *testing.F) {
	f.Add(v6Hex, []byte(vecBody))
	v, err := NewBodyHMAC(bodyHeaderName, fuzzSecrets)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		d, err := v.Verify(http.Header{bodyHeaderName: {header}}, body)
		if err == nil {
			want := SignBody(fuzzSecrets[d.SecretIndex], body)
			if strings.ToLower(header) != want || d.ID != "" || d.Key(body) != wantBodyKey(body) {
				t.Fatalf("accepted without a correct MAC")
			}
		}
		good := SignBody(fuzzSecrets[len(body)%2], body)
		if _, err := v.Verify(http.Header{bodyHeaderName: {good}}, body); err != nil {
			t.Fatalf("correctly signed body refused: %v", err)
		}
	})
}

func FuzzVerifyBasicAuth(f *testing.F) {
	f.Add("Basic " + base64.StdEncoding.EncodeToString([]byte(basicUser+":"+basicPass)))
	v, err := NewBasicAuth([]BasicCredentials{{Username: basicUser, Password: basicPass}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, header string) {
		_, err := v.Verify(http.Header{"Authorization": {header}}, nil)
		if err != nil {
			return
		}
		if len(header) < 6 || !strings.EqualFold(header[:6], "Basic ") {
			t.Fatalf("accepted a non-Basic header")
		}
		raw, derr := base64.StdEncoding.DecodeString(header[6:])
		if derr != nil || string(raw) != basicUser+":"+basicPass {
			t.Fatalf("accepted wrong credentials")
		}
	})
}
