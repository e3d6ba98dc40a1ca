package knowledge

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestZZDumpFacts(t *testing.T) {
	path := os.Getenv("DUMP")
	if path == "" {
		t.Skip()
	}
	kb, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	fh, _ := os.Open(path)
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var c struct{ ID, Text string }
		json.Unmarshal(sc.Bytes(), &c)
		r := kb.Match(c.Text, 3)
		b, _ := json.Marshal(r.Facts)
		fmt.Printf("%s %s\n", c.ID, b)
	}
}
