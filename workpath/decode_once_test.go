package workpath

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/labwire/labwire/internal/jsonx"
)

// twoPassNumberText is numberText's decode before it read the usual forms off the bytes:
// every value ran through json.Unmarshal again. The baseline of FuzzNumberText.
func twoPassNumberText(n *numberText, data []byte) error {
	if string(data) == "null" {
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		*n = numberText(s)
		return nil
	}
	var num json.Number
	if err := json.Unmarshal(data, &num); err != nil {
		return err
	}
	*n = numberText(num)
	return nil
}

// FuzzNumberText: numberText (MedicalRecordNumber, request_id) decodes every input as the
// two-pass decode did, called directly on any bytes and inside a document.
func FuzzNumberText(f *testing.F) {
	for _, s := range []string{`12345`, `"A-77"`, `null`, `1e3`, `-0.50`, `0`, `01`, `1.`, `.5`, `-`, `1e`, `1e+`, `"a\"b"`,
		`"\u00e9"`, "\"\xff\"", "\"a\tb\"", `""`, `"`, `true`, `{}`, `[]`, ` 12`, `12 `, `"12" `, `nul`, `"é"`, `123456789012345678901234567890`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got, want numberText = "unset", "unset"
		err1 := got.UnmarshalJSON(data)
		err2 := twoPassNumberText(&want, data)
		if (err1 == nil) != (err2 == nil) || got != want {
			t.Fatalf("one pass %q, %v; two passes %q, %v", got, err1, want, err2)
		}
		doc := append(append([]byte(`{"id":1,"medical_record_number":`), data...), '}')
		var a Appointment
		err1 = json.Unmarshal(doc, &a)
		var b struct {
			MRN *json.RawMessage `json:"medical_record_number"`
		}
		if json.Unmarshal(doc, &b) != nil {
			if err1 == nil {
				t.Fatal("an invalid document decoded")
			}
			return
		}
		want = ""
		if b.MRN != nil {
			err2 = twoPassNumberText(&want, *b.MRN)
		}
		if (err1 == nil) != (err2 == nil) || (err1 == nil && string(a.MedicalRecordNumber) != string(want)) {
			t.Fatalf("in a document: %q, %v; two passes %q, %v", a.MedicalRecordNumber, err1, want, err2)
		}
	})
}

// withoutRaw returns v with its raw JSON location cleared, for comparing decoded fields.
func withoutRaw[T any](v T, clear func(*T)) T {
	clear(&v)
	return v
}

// FuzzPersonAnswer: a person answer decoded in one pass (personAnswer, People.Get) is the
// Person its UnmarshalJSON decodes, with the same raw JSON; likewise a credential.
func FuzzPersonAnswer(f *testing.F) {
	for _, name := range []string{"person.json", "person_table_form.json", "api_key_created.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id":1,"dob":"1977-06-01","date_of_birth":"1980-01-01","is_active":"1"}`))
	f.Add([]byte(`{"id":1,"first_name":" A","last_name":"","date_of_birth":null,"is_active":null,"Name":"x"}`))
	f.Add([]byte(`{"id":1,"date_of_birth":"1977-02-30","is_active":"maybe"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var viaMethod Person
		err1 := jsonx.Decode(bytes.Clone(data), &viaMethod, (*Person).bindRaw)
		var ans personAnswer
		err2 := jsonx.Decode(bytes.Clone(data), &ans, (*personAnswer).bindRaw)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("person: method %v; one pass %v", err1, err2)
		}
		if err1 == nil {
			p := ans.person()
			clear := func(p *Person) { p.raw = jsonx.Raw{} }
			if !bytes.Equal(p.RawJSON(), viaMethod.RawJSON()) || !reflect.DeepEqual(withoutRaw(p, clear), withoutRaw(viaMethod, clear)) {
				t.Fatal("persons differ")
			}
		}
		var keyMethod APIKey
		err1 = jsonx.Decode(bytes.Clone(data), &keyMethod, (*APIKey).bindRaw)
		var keyAns apiKeyAnswer
		err2 = jsonx.Decode(bytes.Clone(data), &keyAns, (*apiKeyAnswer).bindRaw)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("key: method %v; one pass %v", err1, err2)
		}
		if err1 == nil {
			k := keyAns.apiKey()
			clear := func(k *APIKey) { k.raw = jsonx.Raw{} }
			if !bytes.Equal(k.RawJSON(), keyMethod.RawJSON()) || !reflect.DeepEqual(withoutRaw(k, clear), withoutRaw(keyMethod, clear)) {
				t.Fatal("keys differ")
			}
		}
	})
}

// BenchmarkDecodePerson is the decode of one person answer (People.Get), from the bytes the
// transport read to the Person: impl=one decodes personAnswer in one pass (the method's
// path now), impl=method the Person itself, whose UnmarshalJSON has encoding/json scan the
// object twice more (the path before), impl=stdlib plain json.Unmarshal into a Person (not
// strict, no raw JSON). Run:
//
//	go test ./workpath -run '^$' -bench 'BenchmarkDecode(Person|MRN)' -benchmem -count 6 | tee /tmp/wp.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl /tmp/wp.txt
func BenchmarkDecodePerson(b *testing.B) {
	data, err := os.ReadFile("testdata/person.json")
	if err != nil {
		b.Fatal(err)
	}
	for _, impl := range []struct {
		name   string
		decode func([]byte) (Person, error)
	}{
		{"one", func(data []byte) (Person, error) {
			var w personAnswer
			err := jsonx.Decode(data, &w, (*personAnswer).bindRaw)
			return w.person(), err
		}},
		{"method", func(data []byte) (Person, error) {
			var p Person
			err := jsonx.Decode(data, &p, (*Person).bindRaw)
			return p, err
		}},
		{"stdlib", func(data []byte) (Person, error) {
			var p Person
			err := json.Unmarshal(data, &p)
			return p, err
		}},
	} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if p, err := impl.decode(data); err != nil || p.Name != "Joseph Schmoseph" {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeMRN is the decode of one medical_record_number as a number and as a
// string: impl=one reads it off the bytes, impl=two runs json.Unmarshal on it (before).
func BenchmarkDecodeMRN(b *testing.B) {
	for _, in := range []string{`123456789`, `"A-0001234"`} {
		data := []byte(in)
		for _, impl := range []struct {
			name   string
			decode func(*numberText, []byte) error
		}{{"one", (*numberText).UnmarshalJSON}, {"two", twoPassNumberText}} {
			kind := "number"
			if in[0] == '"' {
				kind = "string"
			}
			b.Run(kind+"/impl="+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				var n numberText
				for b.Loop() {
					if err := impl.decode(&n, data); err != nil || n == "" {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// FuzzCreatedAnswer: a create's answer decoded in one pass (createdAnswer) is what the
// two-pass decode (the transport's strict decode into Created, whose UnmarshalJSON probes
// and decodes again) made of it.
func FuzzCreatedAnswer(f *testing.F) {
	for _, s := range []string{`{"request_id": 12345}`, `{"request_id":"6","id":null}`, `{"id":1,"name":"A B","request_id":7}`,
		`{"id":"x"}`, `{"name":5}`, `{"id":1,"name":5}`, `[1]`, `"x"`, `{}`, `{"ID":2,"Request_ID":3}`, `{"id":1,"dob":"1977-02-30"}`,
		`{"request_id":{},"dob":"bad"}`} {
		f.Add([]byte(s))
	}
	b, err := os.ReadFile("testdata/person.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		if v := bytes.TrimSpace(data); len(v) == 0 || string(v) == "null" {
			return // refused by the transport before either decode
		}
		var one, two Created[Person]
		err1 := createdAnswer[Person]{&one}.DecodeJSON(bytes.Clone(data))
		err2 := jsonx.Unmarshal(bytes.Clone(data), &two)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("one pass %v; two passes %v", err1, err2)
		}
		if err1 != nil {
			return
		}
		if one.RequestID != two.RequestID || !bytes.Equal(one.RawJSON(), two.RawJSON()) || (one.Object == nil) != (two.Object == nil) {
			t.Fatalf("created differ: %d %s %v / %d %s %v", one.RequestID, one.RawJSON(), one.Object != nil, two.RequestID, two.RawJSON(), two.Object != nil)
		}
		if one.Object != nil {
			clear := func(p *Person) { p.raw = jsonx.Raw{} }
			if !bytes.Equal(one.Object.RawJSON(), two.Object.RawJSON()) || !reflect.DeepEqual(withoutRaw(*one.Object, clear), withoutRaw(*two.Object, clear)) {
				t.Fatal("objects differ")
			}
		}
	})
}

// FuzzListDecode: a list answer decoded by list.DecodeJSON (a bare array in one pass) is
// what the two-pass decode (jsonx.Into over list.UnmarshalJSON) made of it, raw JSON
// included.
func FuzzListDecode(f *testing.F) {
	for _, s := range []string{`[]`, `[{"id":1,"medical_record_number":12,"subject":{"name":"x","date_of_birth":"1977-06-01"}},{"id":2}]`,
		` [ {"id":3} ] `, `{"appointments":[{"id":4}],"page":2}`, `{"data":[{"id":5}]}`, `{"x":1}`, `[1]`, `["x"]`, `[{"id":"x"}]`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		one := list[Appointment]{key: "appointments"}
		err1 := one.DecodeJSON(bytes.Clone(data))
		two := list[Appointment]{key: "appointments"}
		err2 := jsonx.Into(&two, (*list[Appointment]).bindRaw).DecodeJSON(bytes.Clone(data))
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("one pass %v; two passes %v", err1, err2)
		}
		if err1 != nil {
			return
		}
		if len(one.items) != len(two.items) || one.wrapper != two.wrapper || !reflect.DeepEqual(one.meta, two.meta) {
			t.Fatal("lists differ")
		}
		for i := range one.items {
			a, b := &one.items[i], &two.items[i]
			if !bytes.Equal(a.RawJSON(), b.RawJSON()) {
				t.Fatalf("item %d raw differs", i)
			}
			if (a.Subject == nil) != (b.Subject == nil) || (a.Subject != nil && !bytes.Equal(a.Subject.RawJSON(), b.Subject.RawJSON())) {
				t.Fatalf("item %d subject differs", i)
			}
			a.raw, b.raw = jsonx.Raw{}, jsonx.Raw{}
			if a.Subject != nil {
				a.Subject.raw, b.Subject.raw = jsonx.Raw{}, jsonx.Raw{}
			}
			if !reflect.DeepEqual(*a, *b) {
				t.Fatalf("item %d differs", i)
			}
		}
	})
}

// BenchmarkDecodeAppointments is the decode of a bare list of 100 appointments (the
// documentation's sample, MRN a number) as Appointments.List answers it: impl=one is
// list.DecodeJSON, impl=two the decode through list.UnmarshalJSON it replaced. Run:
//
//	go test ./workpath -run '^$' -bench 'BenchmarkDecode(Appointments|Created)' -benchmem -count 6 | tee /tmp/wpl.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl /tmp/wpl.txt
func BenchmarkDecodeAppointments(b *testing.B) {
	one, err := os.ReadFile("testdata/appointment.json")
	if err != nil {
		b.Fatal(err)
	}
	item := bytes.Replace(one, []byte(`"medical_record_number": null`), []byte(`"medical_record_number": 1234567`), 1)
	data := append([]byte("["), bytes.Repeat(append(item, ','), 100)...)
	data[len(data)-1] = ']'
	for _, impl := range []struct {
		name   string
		target func(*list[Appointment]) jsonx.Target
	}{
		{"one", func(l *list[Appointment]) jsonx.Target { return l }},
		{"two", func(l *list[Appointment]) jsonx.Target { return jsonx.Into(l, (*list[Appointment]).bindRaw) }},
	} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				l := list[Appointment]{key: "appointments"}
				if err := impl.target(&l).DecodeJSON(data); err != nil || len(l.items) != 100 {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeCreated is the decode of a create's answer that is the person
// (People.Create): impl=one is createdAnswer, impl=two the decode through
// Created.UnmarshalJSON it replaced.
func BenchmarkDecodeCreated(b *testing.B) {
	data, err := os.ReadFile("testdata/person.json")
	if err != nil {
		b.Fatal(err)
	}
	for _, impl := range []struct {
		name   string
		decode func(*Created[Person], []byte) error
	}{
		{"one", func(c *Created[Person], data []byte) error { return createdAnswer[Person]{c}.DecodeJSON(data) }},
		{"two", func(c *Created[Person], data []byte) error { return jsonx.Unmarshal(data, c) }},
	} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var c Created[Person]
				if err := impl.decode(&c, data); err != nil || c.Object == nil {
					b.Fatal(err)
				}
			}
		})
	}
}
