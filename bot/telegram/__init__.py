"""Talking to Telegram reliably: bounded retries for every Bot API call the bot makes."""
