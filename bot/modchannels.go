package bot

import (
	"context"
	"fmt"
	"sync"

	"github.com/orfix/orfix/bot/store"
)

// MaxAlertCommunities bounds how many communities' moderator channels one
// alert that concerns every community (an incident) is posted to.
const MaxAlertCommunities = 200

// ModChannels lists the moderator channels the communities of platform
// set from chat, at most limit of them, the most recently changed first;
// cut reports that there were more. Without a settings store, or with one
// that cannot list them, it returns none.
func (b *Bot) ModChannels(ctx context.Context, platform Platform, limit int) (chans []store.ModChannel, cut bool, err error) {
	l, ok := b.settings.(store.ModChannels)
	if !ok || limit <= 0 {
		return nil, false, nil
	}
	chans, err = l.ModChannels(ctx, string(platform), limit+1)
	if err != nil {
		return nil, false, fmt.Errorf("bot: moderator channels: %w", err)
	}
	if len(chans) > limit {
		return chans[:limit], true, nil
	}
	return chans, false, nil
}

// alertParallel is how many posts of one alert FanOut sends at once.
const alertParallel = 4

// FanOut calls post for each of n targets, a few at a time, and returns
// when all are done; post handles (logs) its own failure, so that one
// failing target never stops the others.
func FanOut(ctx context.Context, n int, post func(ctx context.Context, i int)) {
	sem := make(chan struct{}, alertParallel)
	var wg sync.WaitGroup
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return
		}
		wg.Go(func() {
			defer func() { <-sem }()
			post(ctx, i)
		})
	}
	wg.Wait()
}
