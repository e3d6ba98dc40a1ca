package main

import (
	"context"
	"errors"
)

func cmdRedact(context.Context, env, []string) (int, error) { return exitUsage, errors.New("not yet") }
func cmdServe(context.Context, env, []string) (int, error)  { return exitUsage, errors.New("not yet") }

func kbImport(context.Context, env, []string) (int, error) { return exitUsage, errors.New("not yet") }
