// Package gaps finds the coverage gaps of the knowledge base: it clusters
// the pasted errors that no entry matched by their normalised form and
// drafts a knowledge-base entry for each cluster.
//
// The pastes it reads are already redacted (the store keeps nothing else);
// normalising folds what differs between two reports of one error
// (numbers, ids, hex, UUIDs, URLs, masked secrets, white space), so that
// reports of the same error land in one cluster.
package gaps
