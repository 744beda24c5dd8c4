package main

import (
	"errors"
	"sort"
	"strings"
)

// practitioners maps a Rupa clinic id to your practitioners in it (their Rupa practitioner
// ids). The guide says to save each practitioner's Clinic.id when they connect, from the
// Practitioner endpoint; that endpoint is not public, so the ids are configuration here.
type practitioners map[string][]string

// parsePractitioners reads "pra_1=cli_A,pra_2=cli_A,pra_3=cli_B".
func parsePractitioners(s string) (practitioners, error) {
	out := practitioners{}
	seen := map[string]bool{}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		pra, clinic, ok := strings.Cut(pair, "=")
		pra, clinic = strings.TrimSpace(pra), strings.TrimSpace(clinic)
		if !ok || pra == "" || clinic == "" {
			return nil, errors.New("practitioners: want practitioner=clinic pairs separated by commas")
		}
		if seen[pra] {
			return nil, errors.New("practitioners: a practitioner is listed twice")
		}
		seen[pra] = true
		out[clinic] = append(out[clinic], pra)
	}
	if len(out) == 0 {
		return nil, errors.New("practitioners: none configured")
	}
	for _, p := range out {
		sort.Strings(p)
	}
	return out, nil
}

func (p practitioners) count() int {
	n := 0
	for _, ids := range p {
		n += len(ids)
	}
	return n
}
