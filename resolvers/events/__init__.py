"""Live events: journal entries turned into typed events and fanned out to subscribers."""
