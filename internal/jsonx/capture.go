package jsonx

// elementCapture is the state of CheckElementMembers: the check locates, as it goes, the
// member under key of each element of the array under arrayKey in the top-level object.
type elementCapture struct {
	on             bool
	arrayKey, key  []byte // the names, folded as appendFolded folds keys
	inArray        bool   // the value at depth 1 being checked is the array under arrayKey
	start          int    // where the member being captured starts, or -1
	out            [][]byte
	arrayBuf, kBuf [32]byte // room for short folded names
}

// CheckElementMembers is Check, which also returns, appended to dst, for each element of the
// array under arrayKey in data's top-level object, its member under key (nil when the
// element is not an object or has no such member): what ElementMembers yields, found in the
// one pass of the check instead of a second scan. Names match as encoding/json matches them
// to fields. The members share data. On an error the members are not to be used.
func CheckElementMembers(data []byte, arrayKey, key string, dst [][]byte) ([][]byte, error) {
	c := checkers.Get().(*checker)
	cp := &c.capture
	// The members are collected in the checker's own slice (dst, kept by the pooled
	// checker, would escape) and handed over at the end; the slice is cleared, so the pool
	// holds no reference to data.
	cp.on, cp.inArray, cp.start = true, false, -1
	cp.arrayKey = appendFolded(cp.arrayBuf[:0], []byte(arrayKey))
	cp.key = appendFolded(cp.kBuf[:0], []byte(key))
	c.data = data
	err := c.run()
	dst = append(dst, cp.out...)
	clear(cp.out)
	cp.on, cp.out, cp.arrayKey, cp.key = false, cp.out[:0], nil, nil
	c.data = nil
	c.reset()
	if cap(c.keys) <= 1024 && cap(c.fold) <= 64<<10 && cap(cp.out) <= 1024 {
		checkers.Put(c)
	}
	return dst, err
}

// captureStart is called where a value starts at i, inside depth containers.
func (c *checker) captureStart(i, depth int) {
	cp := &c.capture
	switch depth {
	case 1: // a member of the top-level object, or an element of a top-level array
		cp.inArray = c.stack[0].object && c.data[i] == '[' && c.lastKeyIs(cp.arrayKey)
	case 2: // an element of the array
		if cp.inArray {
			cp.out = append(cp.out, nil)
		}
	case 3: // a member of an element
		if cp.inArray && c.stack[2].object && c.lastKeyIs(cp.key) {
			cp.start = i
		}
	}
}

// captureEnd is called where a value that started inside depth containers ends, at i.
func (c *checker) captureEnd(i, depth int) {
	if cp := &c.capture; depth == 3 && cp.start >= 0 {
		cp.out[len(cp.out)-1] = c.data[cp.start:i:i]
		cp.start = -1
	}
}

// lastKeyIs reports whether the key read last folds to name, a folded name.
func (c *checker) lastKeyIs(name []byte) bool {
	k := c.keys[len(c.keys)-1]
	if k.end-k.start != len(name) {
		return false
	}
	if k.folded {
		return string(c.fold[k.start:k.end]) == string(name)
	}
	for j, b := range c.data[k.start:k.end] {
		if upper[b] != name[j] {
			return false
		}
	}
	return true
}
