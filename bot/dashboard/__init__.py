"""The dashboard Mini App: its sign-in (Telegram's initData), its JSON and its page, served by
the bot's own HTTP server under /app/. Reads through the same services as chat."""
