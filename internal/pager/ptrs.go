package pager

import "iter"

// Ptrs yields a pointer to each item of seq: every vendor's All yields *T, whatever its
// pager streams. Each pointer is to a fresh copy. After an error it yields nothing more.
func Ptrs[T any](seq iter.Seq2[T, error]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for v, err := range seq {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(&v, nil) {
				return
			}
		}
	}
}
