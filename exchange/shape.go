package exchange

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// A shape is what a JSON value must look like to decode into a Go type of
// the format (format_v1.go): a string, a whole number, an array, an
// object with the keys of a struct's json tags (each required unless
// tagged omitempty) or an object of any keys (a map). The struct types are
// the one description of the format; the shapes are read from them once.
type shape struct {
	kind    byte   // 's' string, 'n' whole number, '[' array, '{' struct, 'm' map
	elem    *shape // of an array's elements, a map's values
	members []member
}

type member struct {
	name     string
	shape    *shape
	required bool
	index    int // of the struct field
}

func (s *shape) member(name string) *member {
	for i := range s.members {
		if s.members[i].name == name {
			return &s.members[i]
		}
	}
	return nil
}

// shapeOf reads the shape of a type of the format.
func shapeOf(t reflect.Type) *shape {
	switch t.Kind() {
	case reflect.Pointer:
		return shapeOf(t.Elem())
	case reflect.String:
		return &shape{kind: 's'}
	case reflect.Int32:
		return &shape{kind: 'n'}
	case reflect.Slice:
		return &shape{kind: '[', elem: shapeOf(t.Elem())}
	case reflect.Map:
		return &shape{kind: 'm', elem: shapeOf(t.Elem())}
	case reflect.Struct:
		s := &shape{kind: '{'}
		for i := range t.NumField() {
			name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			s.members = append(s.members, member{name: name, shape: shapeOf(t.Field(i).Type), required: opts != "omitempty", index: i})
		}
		return s
	}
	panic("exchange: no shape for " + t.String())
}

// want names what a shape wants, for "want ..., found ...".
func (s *shape) want() string {
	switch s.kind {
	case 's':
		return "a string"
	case 'n':
		return "a number"
	case '[':
		return "an array"
	}
	return "an object"
}

// found names the kind of a token, for "want ..., found ...".
func found(tok json.Token) string {
	switch tok := tok.(type) {
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	case json.Delim:
		if tok == '{' {
			return "an object"
		}
		return "an array"
	}
	return "a value"
}

// checkShape checks that raw, one JSON value that encoding/json has
// already read, has shape s, so that decoding it into its Go type cannot
// fail: the kind of every value (null is never one), the keys of every
// object, each once, and the whole numbers. Those are what encoding/json
// would let pass (it takes the last of a key given twice, skips null) or
// report without the path. The error's path is below p, its offset in raw.
func checkShape(raw []byte, s *shape, p *path) *Error {
	c := shapeChecker{raw: raw, dec: json.NewDecoder(bytes.NewReader(raw)), root: p}
	c.dec.UseNumber()
	return c.value(s)
}

// shapeChecker walks raw with the decoder's Token. It keeps the path of
// the value it is at, and the keys of the objects it is in, on stacks.
type shapeChecker struct {
	raw   []byte
	dec   *json.Decoder
	root  *path
	steps []step   // from root to the value
	keys  []string // of the objects it is in, outermost first
}

// next is the offset of the next token: past spaces, commas and colons.
func (c *shapeChecker) next() int64 {
	off := c.dec.InputOffset()
	for off < int64(len(c.raw)) && strings.IndexByte(" \t\r\n,:", c.raw[off]) >= 0 {
		off++
	}
	return off
}

// token reads the next token of raw, which is valid JSON.
func (c *shapeChecker) token() json.Token {
	tok, err := c.dec.Token()
	if err != nil {
		panic("exchange: a value encoding/json read is not valid: " + err.Error())
	}
	return tok
}

// fail is an error at the value the checker is at, or at its key or
// member name.
func (c *shapeChecker) fail(name string, off int64, format string, args ...any) *Error {
	p := c.root
	for _, st := range c.steps {
		p = &path{up: p, key: st.key, index: st.index}
	}
	if name != "" {
		p = &path{up: p, key: name, index: -1}
	}
	return errorAt(p, off, format, args...)
}

// skipValue reads a value and keeps nothing of it.
type skipValue struct{}

func (*skipValue) UnmarshalJSON([]byte) error { return nil }

func (c *shapeChecker) value(s *shape) *Error {
	off := c.next()
	if s.kind == 's' && off < int64(len(c.raw)) && c.raw[off] == '"' {
		// A string, the most of what a file holds: read past it without
		// making it a Go string.
		if err := c.dec.Decode(&skipValue{}); err != nil {
			panic("exchange: a value encoding/json read is not valid: " + err.Error())
		}
		return nil
	}
	tok := c.token()
	ok := false
	switch s.kind {
	case 's':
		_, ok = tok.(string)
	case 'n':
		if n, isNum := tok.(json.Number); isNum {
			if _, err := strconv.ParseInt(string(n), 10, 32); err != nil {
				return c.fail("", off, "want a whole number from 1, found %s", shorten(string(n)))
			}
			ok = true
		}
	case '[':
		ok = tok == json.Delim('[')
	default:
		ok = tok == json.Delim('{')
	}
	if !ok {
		return c.fail("", off, "want %s, found %s", s.want(), found(tok))
	}
	switch s.kind {
	case '[':
		for i := 0; c.dec.More(); i++ {
			c.steps = append(c.steps, step{index: i})
			if err := c.value(s.elem); err != nil {
				return err
			}
			c.steps = c.steps[:len(c.steps)-1]
		}
		c.token() // ]
	case '{', 'm':
		first := len(c.keys)
		for c.dec.More() {
			keyOff := c.next()
			key := c.token().(string)
			if slices.Contains(c.keys[first:], key) {
				return c.fail(key, keyOff, "duplicate key")
			}
			c.keys = append(c.keys, key)
			sub := s.elem
			if s.kind == '{' {
				m := s.member(key)
				if m == nil {
					return c.fail(key, keyOff, "unknown key")
				}
				sub = m.shape
			}
			c.steps = append(c.steps, step{key: key, index: -1})
			if err := c.value(sub); err != nil {
				return err
			}
			c.steps = c.steps[:len(c.steps)-1]
		}
		c.token() // }
		for _, m := range s.members {
			if m.required && !slices.Contains(c.keys[first:], m.name) {
				return c.fail(m.name, off, "missing")
			}
		}
		c.keys = c.keys[:first]
	}
	return nil
}

// shorten cuts a number's text for a message.
func shorten(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// offsetOf is the offset in raw, one JSON value, of the value at steps
// below it, or of the deepest value on the way that raw has (0 for raw).
func offsetOf(raw []byte, steps []step) int64 {
	c := shapeChecker{raw: raw, dec: json.NewDecoder(bytes.NewReader(raw))}
	best := int64(0)
	for _, step := range steps {
		tok := c.token()
		found := false
		switch {
		case tok == json.Delim('[') && step.index >= 0:
			for i := 0; c.dec.More(); i++ {
				if i == step.index {
					found = true
					break
				}
				c.skip()
			}
		case tok == json.Delim('{') && step.index < 0:
			for c.dec.More() {
				keyOff := c.next()
				if c.token().(string) == step.key {
					best, found = keyOff, true
					break
				}
				c.skip()
			}
		}
		if !found {
			return best
		}
		best = c.next()
	}
	return best
}

// pathAt is the path of the value of raw, one JSON value at path p, that
// holds offset off: the innermost string, number or literal, or the object
// whose key holds it.
func pathAt(raw []byte, off int64, p *path) string {
	c := shapeChecker{raw: raw, dec: json.NewDecoder(bytes.NewReader(raw))}
	s, _ := c.pathAt(p, off)
	return s
}

// pathAt walks the next value, at path p; ok is false when off is after it.
func (c *shapeChecker) pathAt(p *path, off int64) (s string, ok bool) {
	switch c.token() {
	case json.Delim('['):
		for i := 0; c.dec.More(); i++ {
			if c.next() > off {
				return p.String(), true
			}
			ip := p.at(i)
			if s, ok := c.pathAt(&ip, off); ok {
				return s, true
			}
		}
		c.token() // ]
	case json.Delim('{'):
		for c.dec.More() {
			if c.next() > off {
				return p.String(), true
			}
			key := c.token().(string)
			if c.dec.InputOffset() > off { // in the key
				return p.String(), true
			}
			kp := p.child(key)
			if s, ok := c.pathAt(&kp, off); ok {
				return s, true
			}
		}
		c.token() // }
	}
	if c.dec.InputOffset() > off {
		return p.String(), true
	}
	return "", false
}

// skip reads past the next value.
func (c *shapeChecker) skip() {
	depth := 0
	for {
		switch c.token() {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return
		}
	}
}

// loneSurrogate returns the offset in raw, JSON text, of the first \u
// escape of a surrogate that is not part of a pair, or -1. encoding/json
// turns one into U+FFFD; a value is kept exactly or refused, never
// replaced. It looks only at backslashes, rare in text.
func loneSurrogate(raw []byte) (int64, rune) {
	high := -1 // offset of an unpaired high surrogate just before
	for i := 0; ; {
		j := bytes.IndexByte(raw[i:], '\\')
		if j < 0 {
			break
		}
		i += j
		if i+1 >= len(raw) {
			break
		}
		if raw[i+1] != 'u' || i+6 > len(raw) {
			if high >= 0 {
				return int64(high), hex4(raw[high+2 : high+6])
			}
			i += 2
			continue
		}
		r := hex4(raw[i+2 : i+6])
		switch {
		case high >= 0 && high+6 == i && r >= 0xDC00 && r <= 0xDFFF:
			high = -1
		case high >= 0:
			return int64(high), hex4(raw[high+2 : high+6])
		case r >= 0xD800 && r < 0xDC00:
			high = i
		case utf16.IsSurrogate(r):
			return int64(i), r
		}
		i += 6
	}
	if high >= 0 {
		return int64(high), hex4(raw[high+2 : high+6])
	}
	return -1, 0
}

func hex4(b []byte) rune {
	n, _ := strconv.ParseUint(string(b), 16, 32)
	return rune(n)
}
