// Package contract validates the payloads orfix sends against the
// platforms' published contracts in shared/contract-specs (JSON Schema
// 2020-12 via santhosh-tekuri/jsonschema): Discord's OpenAPI 3.1 schemas,
// the Block Kit subset schema, and the parameters of Slack's Web API
// methods, plus the Block Kit limits Slack documents but publishes no
// schema for. It is for tests.
package contract

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// specsRel is where the specs are, from an adapter package's directory:
// the repository is cloned with shared/ beside it.
const specsRel = "../../../shared/contract-specs"

// Dir returns the specs directory. When it is missing the test is skipped
// with a note, unless CI=true, where a missing contract fails the test.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs(specsRel)
	if err == nil {
		if _, err = os.Stat(filepath.Join(dir, "discord-openapi.json")); err == nil {
			return dir
		}
	}
	msg := fmt.Sprintf("contract specs not found at %s (clone shared/ beside the repository): %v", specsRel, err)
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
	return ""
}

// schemas compiles JSON-schema locations of spec files, once per file.
type schemas struct {
	mu       sync.Mutex
	compiler *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema
}

func newSchemas(dir string, files ...string) (*schemas, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	for _, f := range files {
		doc, err := readJSON(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(resourceURL(f), doc); err != nil {
			return nil, fmt.Errorf("contract: add %s: %w", f, err)
		}
	}
	return &schemas{compiler: c, compiled: map[string]*jsonschema.Schema{}}, nil
}

func resourceURL(file string) string { return "https://contract.orfix.test/" + file }

func readJSON(path string) (any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("contract: %s: %w", path, err)
	}
	return doc, nil
}

// validate checks payload against the schema at file#pointer.
func (s *schemas) validate(file, pointer string, payload []byte) error {
	loc := resourceURL(file) + "#" + pointer
	s.mu.Lock()
	sch, ok := s.compiled[loc]
	if !ok {
		var err error
		if sch, err = s.compiler.Compile(loc); err != nil {
			s.mu.Unlock()
			return fmt.Errorf("contract: compile %s: %w", loc, err)
		}
		s.compiled[loc] = sch
	}
	s.mu.Unlock()
	// jsonschema wants its own number representation.
	inst, err := jsonschema.UnmarshalJSON(bytesReader(payload))
	if err != nil {
		return fmt.Errorf("contract: payload is not JSON: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("%s: %w", pointer, err)
	}
	return nil
}

// present finds the specs for helpers that validate when they can: it
// returns "" when they are missing (and fails the test when CI=true).
func present(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs(specsRel)
	if err == nil {
		if _, err = os.Stat(filepath.Join(dir, "discord-openapi.json")); err == nil {
			return dir
		}
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("contract specs not found at %s: %v", specsRel, err)
	}
	return ""
}
