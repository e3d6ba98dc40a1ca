package knowledge

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// packAbove is the knowledge-base size above which Build packs the
// entries' bodies and examples. They are most of an entry's memory (some
// 7 KB of Markdown, under 3 KB compressed). A knowledge base of up to a
// thousand entries (the default one has a few dozen) keeps them as
// parsed, so its replies never wait for a decode; a packed entry's text
// costs about 0.1 ms to decode when the cache does not hold it.
const packAbove = 1000

// packedBody is an entry's body and examples flate-compressed, with the
// cache of the knowledge base that packed them, which decodes them.
type packedBody struct {
	// data is a header of uvarints (the body's length, the file line it
	// starts on, the number of examples and each one's length), then the
	// deflate stream of the body and the examples back to back: a piece
	// of a chunk shared with other entries' texts.
	data  string
	cache *textCache
}

// packer compresses entries' texts and decodes them again. Every entry's
// text is compressed on its own, with a preset dictionary of the headings
// all entries share, so one entry decodes without the others.
type packer struct {
	dict    []byte
	readers sync.Pool // io.ReadCloser, a flate reader of dict
}

func newPacker() *packer {
	var b strings.Builder
	for _, t := range Tools() {
		b.WriteString("### " + t.Heading + "\n\n")
	}
	for _, s := range RequiredSections {
		b.WriteString("## " + s + "\n\n")
	}
	return &packer{dict: []byte(b.String())}
}

// packChunk is the size of the chunks packed bodies are cut from: one
// allocation per few dozen bodies instead of one (rounded up to a size
// class) per body.
const packChunk = 256 << 10

// packAll compresses the bodies of texts on every core and returns each
// one's packed bytes.
func (p *packer) packAll(texts []*entryText) []string {
	out := make([]string, len(texts))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(texts)/64))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(texts)/workers, (w+1)*len(texts)/workers
		wg.Go(func() { p.packRange(texts[lo:hi], out[lo:hi]) })
	}
	wg.Wait()
	return out
}

// packRange packs texts into out, cutting them from chunks of its own.
func (p *packer) packRange(texts []*entryText, out []string) {
	var buf bytes.Buffer
	zw, err := flate.NewWriterDict(&buf, flate.DefaultCompression, p.dict)
	if err != nil {
		panic(err) // only for an invalid level
	}
	var chunk []byte
	for i, t := range texts {
		buf.Reset()
		var n [binary.MaxVarintLen64]byte
		uv := func(x int) { buf.Write(n[:binary.PutUvarint(n[:], uint64(x))]) }
		uv(len(t.body))
		uv(t.line)
		uv(len(t.examples))
		for _, ex := range t.examples {
			uv(len(ex))
		}
		zw.Reset(&buf)
		// Writes to a bytes.Buffer do not fail.
		_, _ = io.WriteString(zw, t.body)
		for _, ex := range t.examples {
			_, _ = io.WriteString(zw, ex)
		}
		_ = zw.Close()
		if len(chunk)+buf.Len() > cap(chunk) {
			chunk = make([]byte, 0, max(packChunk, buf.Len()))
		}
		start := len(chunk)
		chunk = append(chunk, buf.Bytes()...)
		// Appending goes on past this piece only: its bytes stay as
		// they are, so a string may share them.
		out[i] = unsafe.String(&chunk[start], buf.Len())
	}
}

// unpack decodes packed bytes back into the text they were packed from,
// sections and fixes aside (parseBody makes them again).
func (p *packer) unpack(data string) (*entryText, error) {
	var head [3]uint64 // body length, line, examples
	for i := range head {
		x, k := uvarint(data)
		if k <= 0 {
			return nil, fmt.Errorf("packed body: bad header")
		}
		head[i], data = x, data[k:]
	}
	n := head[0]
	if n > MaxEntryBytes || head[2] > MaxEntryBytes {
		return nil, fmt.Errorf("packed body: bad header")
	}
	exLens := make([]int, head[2])
	for i := range exLens {
		x, k := uvarint(data)
		if k <= 0 || x > MaxEntryBytes {
			return nil, fmt.Errorf("packed body: bad header")
		}
		exLens[i], data = int(x), data[k:]
		n += x
	}
	if n > 2*MaxEntryBytes {
		return nil, fmt.Errorf("packed body: bad header")
	}
	src := strings.NewReader(data)
	zr, _ := p.readers.Get().(io.ReadCloser)
	if zr == nil {
		zr = flate.NewReaderDict(src, p.dict)
	} else if err := zr.(flate.Resetter).Reset(src, p.dict); err != nil {
		return nil, fmt.Errorf("packed body: %w", err)
	}
	defer p.readers.Put(zr)
	buf := make([]byte, n+1)
	if _, err := io.ReadFull(zr, buf[:n]); err != nil {
		return nil, fmt.Errorf("packed body: %w", err)
	}
	// The stream must end right after the text: reading on checks its
	// last block is whole.
	if k, err := zr.Read(buf[n:]); k != 0 || err != io.EOF {
		return nil, fmt.Errorf("packed body: the stream does not end with the text")
	}
	// buf is never written again: the strings may share it.
	all := unsafe.String(unsafe.SliceData(buf), n)
	t := &entryText{body: all[:head[0]], line: int(head[1])}
	if len(exLens) > 0 {
		t.examples = make([]string, len(exLens))
		at := int(head[0])
		for i, l := range exLens {
			t.examples[i] = all[at : at+l]
			at += l
		}
	}
	return t, nil
}

// uvarint is binary.Uvarint over a string.
func uvarint(s string) (uint64, int) {
	var x uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<(7*i), i + 1
		}
		x |= uint64(b&0x7f) << (7 * i)
	}
	return 0, 0
}

// startPacking packs the plain bodies of a knowledge base of more than
// packAbove entries, on other goroutines while the caller goes on
// reading the entries, and returns the function that waits for the
// packing and swaps each plain body for its packed one. An entry packed
// before (by another knowledge base) is left as it is, and so are the
// entries of a small knowledge base: the returned function does nothing.
func (kb *KB) startPacking(entries []*Entry) (finish func()) {
	if len(entries) <= packAbove || !slices.ContainsFunc(entries, func(e *Entry) bool { return e.plain != nil }) {
		return func() {}
	}
	kb.texts = newTextCache(newPacker(), textCacheSize)
	return kb.texts.startPacking(entries)
}

// startPacking packs the plain entries of entries for c, as
// KB.startPacking does.
func (c *textCache) startPacking(entries []*Entry) (finish func()) {
	var todo []*Entry
	var texts []*entryText
	for _, e := range entries {
		if e.plain != nil {
			todo = append(todo, e)
			texts = append(texts, e.plain)
		}
	}
	done := make(chan []string, 1)
	go func() { done <- c.packer.packAll(texts) }()
	return func() {
		packs := <-done
		for i, e := range todo {
			e.packed = packedBody{data: packs[i], cache: c}
			e.plain = nil
		}
	}
}
