package main

import (
	"context"
	"errors"
)

func cmdServe(context.Context, env, []string) (int, error) { return exitUsage, errors.New("not yet") }

func kbImport(context.Context, env, []string) (int, error) { return exitUsage, errors.New("not yet") }
