package knowledge

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// packAbove is the knowledge-base size above which Build packs the
// entries' bodies. A body is most of an entry's memory (about 7 KB of
// Markdown, against some 3 KB compressed); a knowledge base of a few
// hundred entries keeps its bodies as they are, so a reply never waits
// for one to be decoded, and the adapters' prerendered replies read no
// packed text.
const packAbove = 1000

// packedBody is an entry's body flate-compressed, with the cache of the
// knowledge base that packed it, which decodes it.
type packedBody struct {
	// data is the body's length (uvarint) and then its deflate stream,
	// a piece of a chunk shared with other entries' bodies.
	data  []byte
	cache *textCache
}

// packer compresses bodies and decodes them again. Every body is
// compressed on its own, with a preset dictionary of the headings all
// entries share, so one entry decodes without the others.
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

// packAll compresses bodies on every core and returns each one's packed
// bytes.
func (p *packer) packAll(bodies []string) [][]byte {
	out := make([][]byte, len(bodies))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(bodies)/64))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(bodies)/workers, (w+1)*len(bodies)/workers
		wg.Go(func() { p.packRange(bodies[lo:hi], out[lo:hi]) })
	}
	wg.Wait()
	return out
}

// packRange packs bodies into out, cutting them from chunks of its own.
func (p *packer) packRange(bodies []string, out [][]byte) {
	var buf bytes.Buffer
	zw, err := flate.NewWriterDict(&buf, flate.DefaultCompression, p.dict)
	if err != nil {
		panic(err) // only for an invalid level
	}
	var chunk []byte
	for i, body := range bodies {
		buf.Reset()
		var n [binary.MaxVarintLen64]byte
		buf.Write(n[:binary.PutUvarint(n[:], uint64(len(body)))])
		zw.Reset(&buf)
		// Writes to a bytes.Buffer do not fail.
		_, _ = io.WriteString(zw, body)
		_ = zw.Close()
		if len(chunk)+buf.Len() > cap(chunk) {
			chunk = make([]byte, 0, max(packChunk, buf.Len()))
		}
		start := len(chunk)
		chunk = append(chunk, buf.Bytes()...)
		out[i] = chunk[start:len(chunk):len(chunk)]
	}
}

// unpack decodes packed bytes back into the body.
func (p *packer) unpack(data []byte) (string, error) {
	n, k := binary.Uvarint(data)
	if k <= 0 || n > MaxEntryBytes {
		return "", fmt.Errorf("packed body: bad length")
	}
	src := bytes.NewReader(data[k:])
	zr, _ := p.readers.Get().(io.ReadCloser)
	if zr == nil {
		zr = flate.NewReaderDict(src, p.dict)
	} else if err := zr.(flate.Resetter).Reset(src, p.dict); err != nil {
		return "", fmt.Errorf("packed body: %w", err)
	}
	defer p.readers.Put(zr)
	if n == 0 {
		return "", nil
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(zr, buf); err != nil {
		return "", fmt.Errorf("packed body: %w", err)
	}
	// buf is never written again: the string may share it.
	return unsafe.String(&buf[0], len(buf)), nil
}

// startPacking packs the plain bodies of a knowledge base of more than
// packAbove entries, on other goroutines while the caller goes on
// reading the entries, and returns the function that waits for the
// packing and swaps each plain body for its packed one. An entry packed
// before (by another knowledge base) is left as it is, and so are the
// entries of a small knowledge base: the returned function does nothing.
func (kb *KB) startPacking(entries []*Entry) (finish func()) {
	var todo []*Entry
	if len(entries) > packAbove {
		for _, e := range entries {
			if e.plain != nil {
				todo = append(todo, e)
			}
		}
	}
	if len(todo) == 0 {
		return func() {}
	}
	p := newPacker()
	kb.texts = newTextCache(p, textCacheSize)
	bodies := make([]string, len(todo))
	for i, e := range todo {
		bodies[i] = e.plain.body
	}
	done := make(chan [][]byte, 1)
	go func() { done <- p.packAll(bodies) }()
	return func() {
		packs := <-done
		for i, e := range todo {
			e.packed = packedBody{data: packs[i], cache: kb.texts}
			e.plain = nil
		}
	}
}
