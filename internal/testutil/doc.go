// Package testutil holds the helpers that the tests of several orfix
// packages share: golden files with a -update flag, fake OpenRouter keys
// and the check that no piece of one leaked, the default knowledge base,
// a log buffer safe for concurrent writers, and a background run that
// stops when the test ends.
//
// It is for _test.go files only; no production code may import it.
//
// Importing the package registers the -update flag in the test binary:
//
//	go test ./adapters/slack -run TestGoldenPayloads -update
//
// rewrites the golden files that the tests compare with, instead of
// comparing. Review the diff before committing it.
package testutil
